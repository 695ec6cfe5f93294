"""A new user's first day (issue 11): one test per finding, each failing on the package as it
was before the issue and passing after it. The finding's number is in each test's name."""

from __future__ import annotations

import base64
import html
import inspect
import io
import logging
import pydoc
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from pydantic import BaseModel

import cloudfront_functions
from cloudfront_functions import (
    CloudFrontFunctions,
    CloudFrontFunctionsError,
    FunctionSizeLimitExceeded,
    PreconditionFailed,
    PreflightError,
    RequestValidationError,
    TestEvent,
)
from cloudfront_functions.testing import FakeCloudFront

from .conftest import RequestCounter, count_requests

CODE = b"function handler(event) { return event.request; }"
CODE_V2 = b"function handler(event) { event.request.uri = '/v2'; return event.request; }"
ARN = "arn:aws:cloudfront::123456789012:key-value-store/0123abcd-4567-89ef-abcd-0123456789ab"
SECRET = "FIRST_DAY_SECRET_3b1d"
SECRET_CODE = f"function handler(event) {{ var key = '{SECRET}'; return event.request; }}"
# The checkout the imported package comes from: its docs, README and pyproject.
ROOT = Path(cloudfront_functions.__file__).resolve().parents[2]


@pytest.fixture
def fake() -> FakeCloudFront:
    return FakeCloudFront()


@pytest.fixture
def client(fake: FakeCloudFront) -> Any:
    return fake.attach(boto3.client("cloudfront", region_name="us-east-1"))


@pytest.fixture
def cf(client: Any) -> CloudFrontFunctions:
    return CloudFrontFunctions(client)


@pytest.fixture
def sent(client: Any) -> RequestCounter:
    return count_requests(client)


def rejected(call: Callable[[], object]) -> RequestValidationError:
    with pytest.raises(RequestValidationError) as caught:
        call()
    return caught.value


# -- 1. data loss: update_function replaced what it was not given ---------------------------


def test_1_update_without_a_comment_keeps_the_comment(cf: CloudFrontFunctions) -> None:
    created = cf.create_function(name="fn", code=CODE, comment="keep me")
    cf.update_function("fn", if_match=created.etag or "", code=CODE_V2, runtime="cloudfront-js-2.0")
    assert cf.describe_function("fn").function_config.comment == "keep me"


def test_1_update_without_stores_keeps_the_key_value_store(cf: CloudFrontFunctions) -> None:
    created = cf.create_function(name="fn", code=CODE, key_value_store_arns=[ARN])
    cf.update_function("fn", if_match=created.etag or "", code=CODE_V2, runtime="cloudfront-js-2.0")
    assert cf.describe_function("fn").function_config.key_value_store_arns == (ARN,)


def test_1_keeping_settings_costs_one_read_and_none_when_all_are_given(
    cf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    etag = cf.create_function(name="fn", code=CODE).etag or ""
    fake.calls.clear()
    etag = cf.update_function("fn", if_match=etag, code=CODE_V2).etag or ""
    assert fake.calls == ["DescribeFunction", "UpdateFunction"]
    fake.calls.clear()
    cf.update_function(
        "fn",
        if_match=etag,
        code=CODE,
        runtime="cloudfront-js-2.0",
        comment="",
        key_value_store_arns=[],
    )
    assert fake.calls == ["UpdateFunction"]


def test_1_a_stale_etag_found_by_that_read_writes_nothing(
    cf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    etag = cf.create_function(name="fn", code=CODE, comment="theirs").etag or ""
    fake.modify("fn", comment="changed by someone else")
    fake.calls.clear()
    with pytest.raises(PreconditionFailed) as caught:
        cf.update_function("fn", if_match=etag, code=CODE_V2)
    assert caught.value.operation_name == "UpdateFunction"
    assert fake.writes == []
    assert cf.get_function("fn").code == CODE


# -- 2. the wrong client was accepted ---------------------------------------------------------


@pytest.mark.parametrize("service", ["lambda", "s3"])
def test_2_a_client_of_another_service_is_a_type_error_naming_it(service: str) -> None:
    other = boto3.client(service, region_name="us-east-1")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=rf"\b{service}\b"):
        CloudFrontFunctions(other)


def test_2_a_session_passed_as_the_client_is_a_type_error_with_a_hint() -> None:
    with pytest.raises(TypeError, match="session="):
        CloudFrontFunctions(boto3.Session(region_name="us-east-1"))  # type: ignore[arg-type]


# -- 3. Any in public signatures ----------------------------------------------------------------


def _user_facing_annotations() -> Iterator[tuple[str, object]]:
    """Every annotation a user meets: public functions, the public methods and properties
    of every exported class (the facade's constructor included), and model fields."""
    for name in cloudfront_functions.__all__:
        value = getattr(cloudfront_functions, name)
        if inspect.isfunction(value):
            yield from _signature_annotations(name, value)
        elif inspect.isclass(value) and value.__module__.startswith("cloudfront_functions"):
            own = [c for c in value.__mro__ if c.__module__.startswith("cloudfront_functions")]
            members = {name: m for cls in reversed(own) for name, m in vars(cls).items()}
            for member_name, member in members.items():
                if (member_name.startswith("_") and member_name != "__init__") or (
                    member_name.startswith("model_")  # pydantic's own, e.g. model_post_init
                ):
                    continue
                target = member.fget if isinstance(member, property) else member
                if isinstance(target, (classmethod, staticmethod)):
                    target = target.__func__
                if inspect.isfunction(target):
                    yield from _signature_annotations(f"{name}.{member_name}", target)
            if issubclass(value, BaseModel):
                for field_name, field in value.model_fields.items():
                    yield f"{name}.{field_name}", field.annotation
        elif name.endswith("Input"):  # the public input aliases
            yield name, value


def _signature_annotations(
    name: str, function: Callable[..., object]
) -> Iterator[tuple[str, object]]:
    signature = inspect.signature(function)
    for parameter in signature.parameters.values():
        yield f"{name}({parameter.name})", parameter.annotation
    yield f"{name} -> return", signature.return_annotation


def test_3_no_public_signature_takes_or_returns_any() -> None:
    found = [
        f"{where}: {annotation}"
        for where, annotation in _user_facing_annotations()
        if re.search(r"\bAny\b", str(annotation))
    ]
    assert found == []


def test_3_the_any_check_sees_what_it_walks() -> None:
    walked = dict(_user_facing_annotations())
    assert "CloudFrontFunctions.create_function(code)" in walked
    assert "CloudFrontFunctions.associate_function(event_type)" in walked  # from a mixin
    assert "run_locally(event)" in walked
    assert "FunctionSummary.from_response(response)" in walked
    assert "CodeInput" in walked


@pytest.mark.parametrize(
    "call",
    [
        'run_locally(123, {}, runtime="cloudfront-js-2.0")',
        'preflight(None, runtime="cloudfront-js-2.0")',
    ],
)
def test_3_mypy_refuses_what_is_not_code(tmp_path: Path, call: str) -> None:
    pytest.importorskip("mypy", reason="the lint tools are not installed here")
    source = tmp_path / "first_day.py"
    source.write_text(f"from cloudfront_functions import preflight, run_locally\n{call}\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(source)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert "first_day.py:2: error" in result.stdout, result.stdout


def test_3_the_client_parameter_is_typed_without_boto3_stubs() -> None:
    # The constructor's `client: CloudFrontClient` needs the stubs; they are a dependency.
    pyproject = (ROOT / "pyproject.toml").read_text()
    dependencies = pyproject[pyproject.index("dependencies = [") :].split("]", 1)[0]
    assert re.search(r'"mypy-boto3-cloudfront[>=<~ ]', dependencies), dependencies
    assert "CloudFrontClient" in str(inspect.signature(CloudFrontFunctions).parameters["client"])


# -- 4. silent type coercion ---------------------------------------------------------------------


@pytest.mark.parametrize("argument", ["name", "comment"])
def test_4_bytes_for_a_str_argument_is_refused_and_nothing_sent(
    cf: CloudFrontFunctions, sent: RequestCounter, argument: str
) -> None:
    arguments: dict[str, Any] = {"name": "fn", "code": CODE, argument: b"bytes-value"}
    error = rejected(lambda: cf.create_function(**arguments))
    assert [(e.field, e.message) for e in error.errors] == [(argument, "must be a str, not bytes")]
    assert sent.count == 0


# -- 5. errors named internal paths --------------------------------------------------------------


def test_5_empty_code_is_named_code(cf: CloudFrontFunctions) -> None:
    error = rejected(lambda: cf.create_function(name="fn", code=b""))
    assert [(e.field, e.message) for e in error.errors] == [("code", "must not be empty")]


def test_5_a_bad_runtime_is_named_runtime(cf: CloudFrontFunctions) -> None:
    error = rejected(lambda: cf.create_function(name="fn", code=CODE, runtime="js2"))  # type: ignore[call-overload]
    assert [e.field for e in error.errors] == ["runtime"]


def test_5_one_arn_instead_of_a_list_has_its_own_message(cf: CloudFrontFunctions) -> None:
    error = rejected(lambda: cf.create_function(name="fn", code=CODE, key_value_store_arns=ARN))
    assert [(e.field, e.message) for e in error.errors] == [
        ("key_value_store_arns", "must be a list of ARNs, not a single string: wrap it, [arn]")
    ]


def test_5_a_bad_tag_key_is_named_tags_and_explained_in_words(cf: CloudFrontFunctions) -> None:
    error = rejected(lambda: cf.create_function(name="fn", code=CODE, tags={"semi;colon": "v"}))
    [field_error] = error.errors
    assert field_error.field == "tags"
    assert "letters, digits, spaces" in field_error.message
    assert not re.search(r"\\p\{|\[|\]\*", field_error.message), field_error.message


# -- 6. event builders raised pydantic's ValidationError -------------------------------------


def test_6_a_bad_event_builder_argument_is_a_request_validation_error() -> None:
    error = rejected(lambda: TestEvent.viewer_request(uri="docs/"))
    assert [e.field for e in error.errors] == ["uri"]


# -- 7. preflight was not the same on every write ---------------------------------------------

BROKEN = b"function handler(event) { return event.request; "


def test_7_create_function_runs_preflight_by_default(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    with pytest.raises(PreflightError) as caught:
        cf.create_function(name="fn", code=BROKEN)
    assert caught.value.operation_name == "CreateFunction"
    assert sent.count == 0


def test_7_update_function_runs_preflight_by_default(
    cf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    etag = cf.create_function(name="fn", code=CODE).etag or ""
    with pytest.raises(PreflightError):
        cf.update_function(
            "fn", if_match=etag, code=BROKEN, runtime="cloudfront-js-2.0", comment=""
        )
    assert "UpdateFunction" not in fake.calls


def test_7_deploy_shows_and_returns_preflight_warnings(caplog: pytest.LogCaptureFixture) -> None:
    # An account whose quota was raised accepts the code; preflight still warns about it.
    fake = FakeCloudFront(code_size_quota=40_960)
    cf = CloudFrontFunctions(fake.attach(boto3.client("cloudfront", region_name="us-east-1")))
    code = CODE + b"\n" + b"// padding\n" * 1_900  # about 20 KB, over the 10 KB quota
    with caplog.at_level(logging.WARNING, logger="cloudfront_functions"):
        result = cf.deploy("fn", code=code)
    assert result.preflight is not None
    assert [finding.rule for finding in result.preflight.findings] == ["size-quota"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("size-quota" in message for message in warnings), warnings


def test_7_the_fake_refuses_code_over_the_quota_as_the_service_does(
    cf: CloudFrontFunctions,
) -> None:
    code = CODE + b"\n" + b"// padding\n" * 1_900
    with pytest.raises(FunctionSizeLimitExceeded) as caught:
        cf.create_function(name="fn", code=code, preflight=False)
    assert caught.value.http_status == 413
    raised = FakeCloudFront(code_size_quota=40_960)
    other = CloudFrontFunctions(raised.attach(boto3.client("cloudfront", region_name="us-east-1")))
    other.create_function(name="fn", code=code, preflight=False)
    assert raised.functions["fn"].development.code == code


def test_7_a_str_naming_a_file_is_not_uploaded_as_the_code(
    cf: CloudFrontFunctions, sent: RequestCounter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "redirects.js").write_bytes(CODE)
    monkeypatch.chdir(tmp_path)
    error = rejected(lambda: cf.create_function(name="fn", code="functions/redirects.js"))
    [field_error] = error.errors
    assert field_error.field == "code"
    assert "pathlib.Path" in field_error.message
    assert sent.count == 0


# -- 8. the code was in botocore's DEBUG log -------------------------------------------------


@pytest.fixture
def stream_log() -> Iterator[Callable[[], str]]:
    """Everything logged anywhere, as ``boto3.set_stream_logger("")`` shows it."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    boto3.set_stream_logger("", logging.DEBUG)
    [added] = [handler for handler in root.handlers if handler not in handlers]
    assert isinstance(added, logging.StreamHandler)
    stream = io.StringIO()
    added.setStream(stream)  # stderr, but readable here
    try:
        yield stream.getvalue
    finally:
        root.removeHandler(added)
        root.setLevel(level)


def _secret_calls(cf: CloudFrontFunctions) -> None:
    created = cf.create_function(name="secret-fn", code=SECRET_CODE)
    cf.get_function("secret-fn")
    cf.update_function(
        "secret-fn",
        if_match=created.etag or "",
        code=SECRET_CODE + " ",
        runtime="cloudfront-js-2.0",
    )
    cf.deploy("secret-fn", code=SECRET_CODE)


def _leaks(log: str) -> list[str]:
    encoded = base64.b64encode(SECRET_CODE.encode()).decode()[8:40]
    return [line for line in log.splitlines() if SECRET in line or encoded in line]


def test_8_botocores_debug_log_hides_the_code_of_a_client_the_facade_builds(
    stream_log: Callable[[], str],
) -> None:
    fake = FakeCloudFront()
    cf = CloudFrontFunctions(region_name="us-east-1")
    fake.attach(cf.client)
    _secret_calls(cf)
    log = stream_log()
    assert _leaks(log) == []
    assert "botocore" in log
    assert "bytes hidden" in log  # the bodies were logged, hidden


def test_8_botocores_debug_log_hides_the_code_of_a_client_passed_in(
    stream_log: Callable[[], str],
) -> None:
    fake = FakeCloudFront()
    cf = CloudFrontFunctions(fake.attach(boto3.client("cloudfront", region_name="us-east-1")))
    _secret_calls(cf)
    log = stream_log()
    assert _leaks(log) == []
    assert "botocore" in log
    assert "bytes hidden" in log


# -- 9. nothing was logged at INFO for a write -------------------------------------------------


def assert_one_line(lines: list[str], *words: str) -> None:
    assert len(lines) == 1, lines
    assert [word for word in words if word not in lines[0]] == [], lines[0]


def test_9_each_successful_write_logs_one_info_line_without_the_code(
    cf: CloudFrontFunctions, caplog: pytest.LogCaptureFixture
) -> None:
    def info_lines() -> list[str]:
        lines = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
        caplog.clear()
        return lines

    with caplog.at_level(logging.INFO, logger="cloudfront_functions"):
        created = cf.create_function(name="fn", code=SECRET_CODE)
        assert_one_line(info_lines(), "CreateFunction", "fn", str(created.etag))
        updated = cf.update_function(
            "fn", if_match=created.etag or "", code=SECRET_CODE + " ", runtime="cloudfront-js-2.0"
        )
        assert_one_line(info_lines(), "UpdateFunction", "fn", str(updated.etag))
        cf.publish_function("fn", if_match=updated.etag or "")
        assert_one_line(info_lines(), "PublishFunction", "fn")
        cf.delete_function("fn", if_match=updated.etag or "")
        assert_one_line(info_lines(), "DeleteFunction", "fn")
        assert list(cf.list_functions()) == []  # a read logs nothing at INFO
        assert info_lines() == []
    assert SECRET not in caplog.text


# -- 10. the error tree was only in the module docstring ----------------------------------------


def test_10_help_on_the_base_error_shows_the_whole_tree() -> None:
    shown = re.sub(".\b", "", pydoc.render_doc(CloudFrontFunctionsError))  # as help() shows it
    errors = [
        name
        for name in cloudfront_functions.__all__
        if inspect.isclass(value := getattr(cloudfront_functions, name))
        and issubclass(value, CloudFrontFunctionsError)
        and value is not CloudFrontFunctionsError
    ]
    assert "├── RequestValidationError" in shown
    assert [name for name in errors if not re.search(rf"── {name}\b", shown)] == []


# -- 11. a thin API reference ------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The API reference page as mkdocs renders it, as text."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    if not mkdocs.exists():
        pytest.skip("the docs tools are not installed here (make test-oldest)")
    site = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            str(mkdocs),
            "build",
            "--strict",
            "-q",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    page = (site / "reference" / "index.html").read_text()
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_11_the_reference_lists_model_fields(reference: str) -> None:
    metadata = reference[reference.index("cloudfront_functions.FunctionMetadata") :]
    fields = metadata[metadata.index("Fields:") : metadata.index("cloudfront_functions.", 1)]
    for field in ("function_arn", "stage", "created_time", "last_modified_time"):
        assert field in fields


def test_11_signatures_show_real_defaults(reference: str) -> None:
    assert "_UNSET" not in reference
    assert "create_function(request=None, /, *, name=None, code=None" in reference


def test_11_private_base_classes_are_hidden(reference: str) -> None:
    assert not re.search(r"\bShape\b", reference)
    assert "BaseModel" not in reference


def test_11_the_pytest_fixtures_are_documented(reference: str) -> None:
    assert "fake_cloudfront_functions(" in reference
    assert "fake_cloudfront(" in reference


def test_11_field_descriptions_reach_the_reference(reference: str) -> None:
    assert "The key value store's ARN." in reference
    assert "When this stage last changed." in reference


def _documented_models() -> list[type[BaseModel]]:
    names = re.findall(
        r"^::: cloudfront_functions\.(\w+)$", (ROOT / "docs/reference.md").read_text(), re.M
    )
    values = [getattr(cloudfront_functions, name) for name in names]
    return [value for value in values if inspect.isclass(value) and issubclass(value, BaseModel)]


def test_11_every_field_of_a_documented_model_has_a_description() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in _documented_models()
        for name, field in model.model_fields.items()
        if not field.description
    ]
    assert missing == []


# -- 12. the documented fake needed credentials ----------------------------------------------


def _documented_fake_snippet() -> str:
    """The offline guide's example of the fake (it imports what it uses)."""
    text = (ROOT / "docs" / "offline.md").read_text()
    blocks: list[str] = re.findall(r"^```python\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    return next(block for block in blocks if "FakeCloudFront()" in block)


def test_12_the_documented_fake_works_without_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # it caches credentials once found
    assert boto3.Session().get_credentials() is None
    exec(compile(_documented_fake_snippet(), "docs/offline.md", "exec"), {"__name__": "docs"})
    fake = FakeCloudFront()
    cf = CloudFrontFunctions(fake.attach(boto3.client("cloudfront", region_name="us-east-1")))
    assert cf.create_function(name="fn", code=CODE).etag


# -- 13. missing docs topics ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("credentials.md", ("profile", "region")),
        ("iam.md", ("cloudfront:CreateFunction", "cloudfront:TestFunction")),
        ("ci.md", ("GitHub Actions",)),
        ("migrating.md", ("boto3", "create_function(")),
        ("typing.md", ("mypy",)),
    ],
)
def test_13_the_new_docs_pages_exist(page: str, words: tuple[str, ...]) -> None:
    path = ROOT / "docs" / page
    assert path.is_file(), path
    text = path.read_text()
    assert [word for word in words if word not in text] == []
    assert page in (ROOT / "mkdocs.yml").read_text()


def test_13_the_readme_says_how_to_install_from_a_clone_and_a_wheel() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "git clone" in readme
    assert re.search(r"pip install \S*\.whl", readme)
