"""Every validation rule: the broken input is rejected locally with no request sent,
and the boundary value on the allowed side goes through to the (moto) service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cloudfront_functions import (
    CloudFrontFunctions,
    CloudFrontFunctionsError,
    CreateFunctionRequest,
    RequestValidationError,
    Runtime,
)

from .conftest import RequestCounter, needs_tags

ARN = "arn:aws:cloudfront::123456789012:key-value-store/0123abcd-4567-89ef-ABCD-0123456789ab"
OTHER_ARN = "arn:aws:cloudfront::123456789012:key-value-store/ffffffff-4567-89ef-abcd-0123456789ab"
CODE = b"function handler(event) { return event.request; }"


def create(cf: CloudFrontFunctions, **overrides: Any) -> None:
    arguments: dict[str, Any] = {"name": "valid-name", "code": CODE, **overrides}
    cf.create_function(**arguments)


def assert_rejected(
    cf: CloudFrontFunctions, sent: RequestCounter, field: str, **overrides: Any
) -> RequestValidationError:
    with pytest.raises(RequestValidationError) as caught:
        create(cf, **overrides)
    assert sent.count == 0, sent.requests
    assert field in [error.field for error in caught.value.errors], str(caught.value)
    return caught.value


def assert_accepted(cf: CloudFrontFunctions, sent: RequestCounter, **overrides: Any) -> None:
    create(cf, **overrides)
    assert sent.count == 1


def test_request_validation_error_is_a_value_error_and_ours() -> None:
    assert issubclass(RequestValidationError, ValueError)
    assert issubclass(RequestValidationError, CloudFrontFunctionsError)


@pytest.mark.parametrize(
    "name", ["", "a" * 65, "bad name", "bad!", "café", "name\n", "ｆｕｌｌｗｉｄｔｈ", "a.b"]
)
def test_invalid_name_is_rejected_before_any_request(
    cf: CloudFrontFunctions, sent: RequestCounter, name: str
) -> None:
    assert_rejected(cf, sent, "name", name=name)


@pytest.mark.parametrize("name", ["a", "a" * 64, "Az09_-", "-", "_"])
def test_name_boundaries_are_accepted(
    cf: CloudFrontFunctions, sent: RequestCounter, name: str
) -> None:
    assert_accepted(cf, sent, name=name)


@pytest.mark.parametrize("code", [b"", ""])
def test_empty_code_is_rejected_before_any_request(
    cf: CloudFrontFunctions, sent: RequestCounter, code: Any
) -> None:
    error = assert_rejected(cf, sent, "code", code=code)
    assert [e.message for e in error.errors] == ["must not be empty"]


def test_a_bytearray_is_not_code(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    error = assert_rejected(cf, sent, "code", code=bytearray(CODE))
    assert "must be bytes, str or a path (os.PathLike), not bytearray" in str(error)


def test_code_over_the_api_limit_is_rejected(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    error = assert_rejected(cf, sent, "code", code=b"x" * 40_961)
    assert "40961 bytes" in str(error)


def test_str_code_is_measured_in_utf8_bytes(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    assert_rejected(cf, sent, "code", code="é" * 20_481)  # 40,962 bytes


def test_code_at_the_api_limit_is_sent(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    # Not JavaScript: preflight would refuse it, and the point is the size limit.
    assert_accepted(cf, sent, code=b"x" * 40_960, preflight=False)


def test_code_of_one_byte_is_sent(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    assert_accepted(cf, sent, code=b"x", preflight=False)


def test_code_from_a_file_is_read_as_bytes(
    cf: CloudFrontFunctions, sent: RequestCounter, tmp_path: Path
) -> None:
    path = tmp_path / "handler.js"
    path.write_bytes(CODE)
    assert_accepted(cf, sent, code=path)
    assert cf.client.get_function(Name="valid-name")["FunctionCode"].read() == CODE


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_unreadable_code_path_is_a_validation_error(
    cf: CloudFrontFunctions, sent: RequestCounter, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "missing.js" if kind == "missing" else tmp_path
    assert_rejected(cf, sent, "code", code=path)


def test_oversized_code_file_is_rejected_without_reading_it(
    cf: CloudFrontFunctions, sent: RequestCounter, tmp_path: Path
) -> None:
    path = tmp_path / "big.js"
    with path.open("wb") as file:
        file.truncate(10 * 1024 * 1024)
    error = assert_rejected(cf, sent, "code", code=path)
    assert "10485760 bytes" in str(error)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": 123}, "code"),
        ({"code": None}, "code"),
        ({"name": 7}, "name"),
        ({"name": b"valid-name"}, "name"),
        ({"comment": None}, "comment"),
        ({"comment": b"x"}, "comment"),
        ({"runtime": None}, "runtime"),
        ({"runtime": b"cloudfront-js-2.0"}, "runtime"),
        ({"key_value_store_arns": ARN}, "key_value_store_arns"),
        ({"key_value_store_arns": [ARN.encode()]}, "key_value_store_arns"),
        ({"tags": [("k", "v")]}, "tags"),
        ({"tags": {"k": 1}}, "tags"),
        ({"tags": {b"k": "v"}}, "tags"),
    ],
)
def test_wrong_python_types_are_rejected(
    cf: CloudFrontFunctions, sent: RequestCounter, overrides: dict[str, Any], field: str
) -> None:
    assert_rejected(cf, sent, field, **overrides)


@pytest.mark.parametrize("runtime", ["cloudfront-js-3.0", "CLOUDFRONT-JS-2.0", "js2", ""])
def test_unknown_runtime_is_rejected_listing_the_allowed_values(
    cf: CloudFrontFunctions, sent: RequestCounter, runtime: str
) -> None:
    error = assert_rejected(cf, sent, "runtime", runtime=runtime)
    assert "'cloudfront-js-1.0', 'cloudfront-js-2.0'" in str(error)


@pytest.mark.parametrize("runtime", [Runtime.JS_1_0, "cloudfront-js-1.0", "cloudfront-js-2.0"])
def test_runtime_as_member_or_exact_value_is_accepted(
    cf: CloudFrontFunctions, sent: RequestCounter, runtime: Any
) -> None:
    assert_accepted(cf, sent, runtime=runtime)


@pytest.mark.parametrize(
    "arn",
    [
        "",
        ARN + "\n",
        ARN + "0",
        ARN.replace("123456789012", "12345678901"),
        ARN.replace("arn:aws:", "arn:aws-cn:"),
        ARN.replace("0123abcd", "0123abcg"),
        ARN.replace("123456789012", "１２３４５６７８９０１２"),
        " " + ARN,
    ],
)
def test_malformed_key_value_store_arn_is_rejected(
    cf: CloudFrontFunctions, sent: RequestCounter, arn: str
) -> None:
    assert_rejected(
        cf,
        sent,
        "key_value_store_arns",
        key_value_store_arns=[arn],
    )


def test_arn_longer_than_85_characters_names_the_limit(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    error = assert_rejected(
        cf,
        sent,
        "key_value_store_arns",
        key_value_store_arns=[ARN + "-"],
    )
    assert "85" in str(error)


def test_one_key_value_store_is_accepted(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    assert len(ARN) == 85
    assert_accepted(cf, sent, key_value_store_arns=[ARN])


def test_duplicated_arn_is_rejected(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    error = assert_rejected(
        cf,
        sent,
        "key_value_store_arns",
        key_value_store_arns=[ARN, ARN],
    )
    assert "more than once" in str(error)


def test_more_associations_than_the_quota_are_rejected(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    error = assert_rejected(
        cf,
        sent,
        "key_value_store_arns",
        key_value_store_arns=[ARN, OTHER_ARN],
    )
    assert "at most 1 key value store" in str(error)


def test_key_value_store_needs_runtime_2(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    error = assert_rejected(cf, sent, "runtime", runtime=Runtime.JS_1_0, key_value_store_arns=[ARN])
    assert "cloudfront-js-2.0" in str(error)


@pytest.mark.parametrize(
    "tags",
    [
        {"": "v"},
        {"k" * 129: "v"},
        {"k": "v" * 257},
        {"tab\tkey": "v"},
        {"k": "new\nline"},
        {"semi;colon": "v"},
        {"k": "emoji 🙂"},
    ],
)
def test_invalid_tags_are_rejected(
    cf: CloudFrontFunctions, sent: RequestCounter, tags: dict[str, str]
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        create(cf, tags=tags)
    assert sent.count == 0
    assert [error.field for error in caught.value.errors] == ["tags"]


@pytest.mark.parametrize(
    "tags",
    [
        {"k" * 128: "v" * 256},
        {"k": ""},
        {"Ünïcode létters ٣ 三": "a_b.c:d/e=f+g-h@i"},
        {"space\u00a0sep": "ideographic\u3000space"},
    ],
)
@needs_tags
def test_tags_within_the_rules_are_accepted(
    cf: CloudFrontFunctions, sent: RequestCounter, tags: dict[str, str]
) -> None:
    assert_accepted(cf, sent, tags=tags)


def test_every_broken_rule_is_reported_at_once(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        cf.create_function(name="bad name", code=b"", runtime="nope", comment=None)  # type: ignore[call-overload]
    assert sent.count == 0
    assert {error.field for error in caught.value.errors} == {
        "name",
        "code",
        "runtime",
        "comment",
    }


def test_missing_name_is_reported_as_required(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        cf.create_function(code=CODE)  # type: ignore[call-overload]
    assert sent.count == 0
    assert [(e.field, e.type) for e in caught.value.errors] == [("name", "missing")]


def test_request_and_keywords_together_are_rejected(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    request = CreateFunctionRequest.build(name="f", code=CODE)
    with pytest.raises(RequestValidationError, match="not both"):
        cf.create_function(request, name="other")  # type: ignore[call-overload]
    assert sent.count == 0


def test_a_non_request_positional_argument_is_rejected(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    with pytest.raises(RequestValidationError, match="expected a CreateFunctionRequest"):
        cf.create_function({"Name": "f"})  # type: ignore[call-overload]
    assert sent.count == 0


def test_validation_messages_never_contain_the_code(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    secret = "SECRET-MARKER-51f0"
    for code in (secret * 5000, secret.encode() * 5000, 12345):
        with pytest.raises(RequestValidationError) as caught:
            create(cf, code=code, name="bad name")
        assert secret not in str(caught.value)
        assert secret not in repr(caught.value)
        assert caught.value.__cause__ is None
        assert caught.value.__suppress_context__
    assert sent.count == 0


def test_str_code_with_an_unpaired_surrogate_is_rejected(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    error = assert_rejected(cf, sent, "code", code="var a = '\ud800';")
    assert "unpaired surrogate" in str(error)


def test_code_path_given_as_bytes_path_like_is_read(
    cf: CloudFrontFunctions, sent: RequestCounter, tmp_path: Path
) -> None:
    class BytesPath:
        def __fspath__(self) -> bytes:
            return bytes(tmp_path / "handler.js")

    (tmp_path / "handler.js").write_bytes(CODE)
    assert_accepted(cf, sent, code=BytesPath())


@pytest.mark.parametrize("comment", ["bell\x07", "nul\x00", "surrogate\ud800", "nonchar\uffff"])
def test_a_comment_xml_cannot_carry_is_rejected(
    cf: CloudFrontFunctions, sent: RequestCounter, comment: str
) -> None:
    error = assert_rejected(cf, sent, "comment", comment=comment)
    assert "XML cannot carry" in str(error)


@pytest.mark.parametrize("comment", ["tab\tnewline\nreturn\r", "emoji 🙂", "x" * 500, ""])
def test_comments_xml_can_carry_are_sent(
    cf: CloudFrontFunctions, sent: RequestCounter, comment: str
) -> None:
    assert_accepted(cf, sent, comment=comment)
    assert cf.describe_function("valid-name").function_config.comment == comment.replace("\r", "\n")
