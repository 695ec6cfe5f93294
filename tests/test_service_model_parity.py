"""Our limits are botocore's installed service model's limits: drift fails here.

Each limit is checked at the boundary both ways: the model's extreme is accepted
locally, one past it is rejected.
"""

from __future__ import annotations

from typing import Any

import pytest

from cloudfront_functions import CreateFunctionRequest, RequestValidationError, Runtime, Stage

from .conftest import needs_tags
from .strategies import CREATE_MEMBERS, enum, limits, pattern, shape

ARN_PREFIX = "arn:aws:cloudfront::123456789012:key-value-store/"


def build(**overrides: Any) -> CreateFunctionRequest:
    return CreateFunctionRequest.build(**{"name": "f", "code": b"x", **overrides})


def test_runtime_enum_matches_the_model() -> None:
    assert sorted(member.value for member in Runtime) == sorted(enum("FunctionRuntime"))


def test_stage_enum_matches_the_model() -> None:
    assert sorted(member.value for member in Stage) == sorted(enum("FunctionStage"))


def test_name_limits_match_the_model() -> None:
    low, high = limits("FunctionName")
    # Older models anchor the pattern (^...$); the service matches the whole name either way.
    assert pattern("FunctionName").removeprefix("^").removesuffix("$") == "[a-zA-Z0-9-_]{1,64}"
    build(name="a" * low)
    build(name="a" * high)
    with pytest.raises(RequestValidationError):
        build(name="a" * (high + 1))
    with pytest.raises(RequestValidationError):
        build(name="a" * (low - 1))


def test_code_limits_match_the_model() -> None:
    low, high = limits("FunctionBlob")
    assert shape("FunctionBlob").metadata.get("sensitive") is True
    build(code=b"x" * low)
    build(code=b"x" * high)
    with pytest.raises(RequestValidationError):
        build(code=b"x" * (high + 1))
    with pytest.raises(RequestValidationError):
        build(code=b"x" * (low - 1))


def test_arn_limits_match_the_model() -> None:
    _, high = limits("KeyValueStoreARN")
    assert pattern("KeyValueStoreARN").startswith("arn:aws:cloudfront::[0-9]{12}:key-value-store")
    longest = ARN_PREFIX + "a" * (high - len(ARN_PREFIX))
    assert len(longest) == high
    build(key_value_store_arns=[longest])
    with pytest.raises(RequestValidationError):
        build(key_value_store_arns=[longest + "a"])


def test_tag_limits_match_the_model() -> None:
    key_low, key_high = limits("TagKey")
    value_low, value_high = limits("TagValue")
    build(tags={"k" * key_high: "v" * value_high})
    build(tags={"k" * key_low: "v" * value_low})
    with pytest.raises(RequestValidationError):
        build(tags={"k" * (key_high + 1): ""})
    with pytest.raises(RequestValidationError):
        build(tags={"k": "v" * (value_high + 1)})
    with pytest.raises(RequestValidationError):
        build(tags={"k" * (key_low - 1): ""})


def test_required_members_of_function_config_are_always_sent() -> None:
    required = set(shape("FunctionConfig").required_members)
    config = build().to_boto3()["FunctionConfig"]
    assert isinstance(config, dict)
    assert required <= set(config)


@needs_tags
def test_create_function_sends_only_members_the_model_knows() -> None:
    params = build(tags={"k": "v"}).to_boto3()
    assert set(params) <= CREATE_MEMBERS
