"""Our validation is a superset of botocore's, so the clients we build may skip botocore's.

For arbitrary input, whenever our request models accept it, botocore's own validator
accepts the parameters we send. (The other direction, never rejecting what the service
model allows, is tests/test_properties.py and tests/test_service_model_parity.py.)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from cloudfront_functions import CloudFrontFunctions, RequestValidationError
from cloudfront_functions._requests import (
    CreateFunctionRequest,
    DeleteFunctionRequest,
    DescribeFunctionRequest,
    GetFunctionRequest,
    ListFunctionsRequest,
    PublishFunctionRequest,
    TestFunctionRequest,
    UpdateFunctionRequest,
    config_input,
    create_input,
)
from cloudfront_functions._session import parse_timestamp
from cloudfront_functions._validation import validate_request
from cloudfront_functions.testing import FakeCloudFront

from . import strategies
from .conftest import NO_RETRIES, count_requests
from .strategies import MODEL

CODE = b"function handler(event) { return event.request; }"

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

names = strategies.names() | st.text(max_size=70)
etags = st.text(max_size=20)
codes = st.binary(max_size=64) | st.text(max_size=64) | st.sampled_from([b"", b"x" * 40_961])
runtimes = st.sampled_from(["cloudfront-js-1.0", "cloudfront-js-2.0"]) | st.text(max_size=20)
arns = st.lists(strategies.arns() | st.text(max_size=90), max_size=2)
stages = st.sampled_from(["DEVELOPMENT", "LIVE", "live", "", None])
tags = st.none() | st.dictionaries(st.text(max_size=130), st.text(max_size=260), max_size=2)


def accepted_by_botocore(operation: str, params: dict[str, Any]) -> None:
    shape = MODEL.operation_model(operation).input_shape
    assert shape is not None
    report = ParamValidator().validate(params, shape)
    assert not report.has_errors(), report.generate_report()


def check(model: type[BaseModel], data: dict[str, Any]) -> None:
    operation: str = getattr(model, "operation_name")  # noqa: B009
    try:
        request: Any = validate_request(model, operation, data)
    except RequestValidationError:
        return
    accepted_by_botocore(operation, request.to_boto3())


@FAST
@given(
    st.fixed_dictionaries(
        {
            "name": names,
            "code": codes,
            "runtime": runtimes,
            "comment": st.text(max_size=10),
            "key_value_store_arns": arns,
            "tags": tags if strategies.TAGS_SUPPORTED else st.none(),
        }
    )
)
def test_create_function(arguments: dict[str, Any]) -> None:
    check(CreateFunctionRequest, create_input(**arguments))


@FAST
@given(names, etags, codes, runtimes, arns)
def test_update_function(name: str, etag: str, code: Any, runtime: str, stores: list[str]) -> None:
    data = {
        "name": name,
        "if_match": etag,
        "function_code": code,
        "function_config": config_input("", runtime, stores),
    }
    check(UpdateFunctionRequest, data)


@FAST
@given(names, etags, st.sampled_from([PublishFunctionRequest, DeleteFunctionRequest]))
def test_publish_and_delete(name: str, etag: str, model: type[BaseModel]) -> None:
    check(model, {"name": name, "if_match": etag})


@FAST
@given(names, stages, st.sampled_from([DescribeFunctionRequest, GetFunctionRequest]))
def test_describe_and_get(name: str, stage: str | None, model: type[BaseModel]) -> None:
    check(model, {"name": name, "stage": stage})


@FAST
@given(names, etags, stages, st.binary(max_size=64) | st.dictionaries(st.text(), st.text()))
def test_test_function(name: str, etag: str, stage: str | None, event: Any) -> None:
    data = {"name": name, "if_match": etag, "stage": stage or "DEVELOPMENT", "event_object": event}
    check(TestFunctionRequest, data)


@FAST
@given(stages, st.none() | st.integers(min_value=-5, max_value=10**6), st.none() | st.text())
def test_list_functions(stage: str | None, page_size: int | None, marker: str | None) -> None:
    check(ListFunctionsRequest, {"stage": stage, "page_size": page_size, "marker": marker})


# -- the clients we build --------------------------------------------------------------


def botocore_validates(client: Any) -> bool:
    """Whether botocore rejects a Name of the wrong type before sending."""
    FakeCloudFront().attach(client)
    sent = count_requests(client)
    try:
        client.describe_function(Name=404)
    except ParamValidationError:
        return True
    except ClientError:
        assert sent.count == 1
    return False


def test_a_client_we_build_skips_botocores_parameter_validation() -> None:
    assert not botocore_validates(CloudFrontFunctions(config=NO_RETRIES).client)


def test_an_explicit_config_setting_wins() -> None:
    config = NO_RETRIES.merge(Config(parameter_validation=True, read_timeout=3))
    client = CloudFrontFunctions(config=config).client
    assert botocore_validates(client)
    assert getattr(client.meta.config, "read_timeout", None) == 3


def test_a_users_client_and_session_are_left_alone() -> None:
    session = boto3.Session()
    factory = session._session.get_component("response_parser_factory")
    defaults = dict(factory._defaults)
    built = CloudFrontFunctions(session=session, config=NO_RETRIES).client
    assert factory._defaults == defaults
    assert not botocore_validates(built)
    users = boto3.client("cloudfront", config=NO_RETRIES)
    CloudFrontFunctions(users)
    assert botocore_validates(users)


def test_a_client_we_build_parses_timestamps_to_utc(fake: Any) -> None:
    cf = CloudFrontFunctions()
    fake.attach(cf.client)
    created = cf.create_function(name="fn", code=CODE)
    raw = cf.client.describe_function(Name="fn")
    assert raw["FunctionSummary"]["FunctionMetadata"]["LastModifiedTime"].tzinfo is timezone.utc
    assert created.function_metadata.last_modified_time.tzinfo is timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2026-11-25T18:03:44.120Z",
            datetime(2026, 11, 25, 18, 3, 44, 120_000, tzinfo=timezone.utc),
        ),
        ("2026-11-25T18:03:44Z", datetime(2026, 11, 25, 18, 3, 44, tzinfo=timezone.utc)),
        (
            "2026-11-25T20:03:44.5+02:00",
            datetime(2026, 11, 25, 18, 3, 44, 500_000, tzinfo=timezone.utc),
        ),
        ("2026-11-25T18:03:44", datetime(2026, 11, 25, 18, 3, 44, tzinfo=timezone.utc)),
        ("Wed, 25 Nov 2026 18:03:44 GMT", datetime(2026, 11, 25, 18, 3, 44, tzinfo=timezone.utc)),
        ("1795629824", datetime(2026, 11, 25, 18, 3, 44, tzinfo=timezone.utc)),
    ],
)
def test_the_fast_timestamp_parser_agrees_with_botocores(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed.tzinfo is timezone.utc
    reference = botocore.utils.parse_timestamp(text)
    if reference.tzinfo is not None:
        assert parsed == reference


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(timezones=st.just(timezone.utc))
    | st.datetimes(timezones=st.just(timezone(timedelta(hours=-7))))
)
def test_the_fast_parser_round_trips_iso_8601(moment: datetime) -> None:
    text = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert parse_timestamp(text) == moment.replace(microsecond=moment.microsecond // 1000 * 1000)
