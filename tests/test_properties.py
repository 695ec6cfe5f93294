"""Property-based: whatever the service model allows passes; one broken rule is rejected."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudfront_functions import CreateFunctionRequest, RequestValidationError

from . import strategies

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(strategies.create_arguments())
def test_everything_the_service_model_allows_is_accepted(arguments: dict[str, Any]) -> None:
    request = CreateFunctionRequest.build(**arguments)
    params = request.to_boto3()
    assert params["Name"] == arguments["name"]
    assert params["FunctionCode"] == arguments["code"]


def reject(arguments: dict[str, Any], field: str) -> None:
    with pytest.raises(RequestValidationError) as caught:
        CreateFunctionRequest.build(**arguments)
    assert [error.field for error in caught.value.errors] == [field], caught.value


@FAST
@given(
    strategies.create_arguments(),
    st.text(min_size=1).filter(
        lambda s: any(not (c.isascii() and (c.isalnum() or c in "_-")) for c in s)
    ),
)
def test_a_name_with_a_character_outside_the_pattern_is_rejected(
    arguments: dict[str, Any], name: str
) -> None:
    reject({**arguments, "name": name}, "name")


@FAST
@given(strategies.create_arguments(), st.integers(min_value=65, max_value=500))
def test_a_name_over_the_maximum_is_rejected(arguments: dict[str, Any], length: int) -> None:
    reject({**arguments, "name": "a" * length}, "name")


@FAST
@given(strategies.create_arguments(), st.integers(min_value=40_961, max_value=200_000))
def test_code_over_the_maximum_is_rejected(arguments: dict[str, Any], size: int) -> None:
    reject({**arguments, "code": b"x" * size}, "code")


@FAST
@given(
    strategies.create_arguments(),
    st.text().filter(lambda r: r not in strategies.enum("FunctionRuntime")),
)
def test_a_runtime_outside_the_enum_is_rejected(arguments: dict[str, Any], runtime: str) -> None:
    reject({**arguments, "runtime": runtime}, "runtime")


@FAST
@given(strategies.create_arguments(), strategies.arns(), st.sampled_from(["\n", " ", "x", "0"]))
def test_an_arn_with_anything_appended_is_rejected(
    arguments: dict[str, Any], arn: str, suffix: str
) -> None:
    arguments = {
        **arguments,
        "runtime": "cloudfront-js-2.0",
        "key_value_store_arns": [arn + suffix],
    }
    reject(arguments, "key_value_store_arns")


@FAST
@given(
    strategies.create_arguments(),
    # Unassigned code points (Cn) are left out: a newer Unicode version, such as the one
    # pydantic-core's regex engine uses, may have made them letters since.
    st.characters(
        exclude_categories=("L", "Z", "N", "Cn"),
        exclude_characters=strategies.TAG_PUNCTUATION,
    ),
)
def test_a_tag_with_a_character_outside_the_classes_is_rejected(
    arguments: dict[str, Any], character: str
) -> None:
    reject({**arguments, "tags": {f"key{character}": "value"}}, "tags")


@FAST
@given(strategies.create_arguments(), st.integers(min_value=129, max_value=400))
def test_a_tag_key_over_the_maximum_is_rejected(arguments: dict[str, Any], length: int) -> None:
    reject({**arguments, "tags": {"k" * length: ""}}, "tags")
