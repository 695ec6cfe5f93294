"""The facade sends exactly the parameters boto3 expects and returns frozen models."""

from __future__ import annotations

import logging
from datetime import timezone

import boto3
import pytest
from botocore.config import Config
from botocore.stub import Stubber

from cloudfront_functions import (
    CloudFrontFunctions,
    CreateFunctionRequest,
    FunctionSummary,
    Runtime,
    Stage,
)

from .conftest import needs_tags
from .factories import create_response

ARN = "arn:aws:cloudfront::123456789012:key-value-store/0123abcd-4567-89ef-abcd-0123456789ab"
CODE = b"function handler(event) { return event.request; }"

Stubbed = tuple[CloudFrontFunctions, Stubber]


@needs_tags
def test_create_function_sends_exact_parameters_with_derived_quantity(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    stubber.add_response(
        "create_function",
        create_response(arns=(ARN,)),
        {
            "Name": "my-function",
            "FunctionConfig": {
                "Comment": "rewrites",
                "Runtime": "cloudfront-js-2.0",
                "KeyValueStoreAssociations": {"Quantity": 1, "Items": [{"KeyValueStoreARN": ARN}]},
            },
            "FunctionCode": CODE,
            "Tags": {"Items": [{"Key": "team", "Value": "edge"}]},
        },
    )
    summary = cf.create_function(
        name="my-function",
        code=CODE,
        comment="rewrites",
        key_value_store_arns=[ARN],
        tags={"team": "edge"},
    )
    assert summary.function_config.key_value_store_associations.quantity == 1


def test_defaults_send_runtime_2_an_empty_comment_and_no_optional_members(
    stubbed: Stubbed,
) -> None:
    cf, stubber = stubbed
    expected = {
        "Name": "my-function",
        "FunctionConfig": {"Comment": "", "Runtime": "cloudfront-js-2.0"},
        "FunctionCode": CODE,
    }
    stubber.add_response("create_function", create_response(), expected)
    cf.create_function(name="my-function", code=CODE)


def test_str_code_is_sent_utf8_encoded(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    code = "function handler(e) { return 'héllo'; }"
    stubber.add_response(
        "create_function",
        create_response(),
        {
            "Name": "my-function",
            "FunctionConfig": {"Comment": "", "Runtime": "cloudfront-js-1.0"},
            "FunctionCode": code.encode(),
        },
    )
    cf.create_function(name="my-function", code=code, runtime="cloudfront-js-1.0")


def test_a_ready_request_is_sent_as_built(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    request = CreateFunctionRequest.build(name="my-function", code=CODE, comment="c")
    stubber.add_response("create_function", create_response(), request.to_boto3())
    cf.create_function(request)


def test_the_result_is_a_frozen_hashable_summary_with_etag_location_and_utc(
    stubbed: Stubbed,
) -> None:
    cf, stubber = stubbed
    stubber.add_response("create_function", create_response(etag="E2QWRUHEXAMPLE"))
    summary = cf.create_function(name="my-function", code=CODE)
    assert isinstance(summary, FunctionSummary)
    assert summary.etag == "E2QWRUHEXAMPLE"
    assert summary.location == "https://cloudfront.amazonaws.com/2020-05-31/function/my-function"
    assert summary.status == "UNPUBLISHED"
    assert summary.function_config.runtime is Runtime.JS_2_0
    assert summary.function_metadata.stage is Stage.DEVELOPMENT
    created = summary.function_metadata.created_time
    assert created is not None
    assert created.tzinfo is timezone.utc
    assert (created.hour, created.minute) == (14, 30)  # 09:30 at UTC-5
    assert hash(summary) == hash(summary.model_copy())
    with pytest.raises(ValueError, match="frozen"):
        summary.name = "other"  # type: ignore[misc]


def test_code_never_appears_in_the_debug_log(
    stubbed: Stubbed, caplog: pytest.LogCaptureFixture
) -> None:
    cf, stubber = stubbed
    stubber.add_response("create_function", create_response())
    with caplog.at_level(logging.DEBUG, logger="cloudfront_functions"):
        cf.create_function(
            name="my-function",
            code=b"function handler(event) { var SECRET_51f0 = 1; return event.request; }",
        )
    assert any("CreateFunction my-function" in r.getMessage() for r in caplog.records)
    assert all("SECRET_51f0" not in r.getMessage() for r in caplog.records)


def test_facade_builds_its_own_client_from_a_session() -> None:
    session = boto3.Session(region_name="eu-west-1")
    cf = CloudFrontFunctions(session=session, config=Config(read_timeout=7))
    assert cf.client.meta.service_model.service_name == "cloudfront"
    assert getattr(cf.client.meta.config, "read_timeout", None) == 7
    assert "cloudfront.amazonaws.com" in repr(cf)


def test_facade_with_no_arguments_uses_the_default_session() -> None:
    assert CloudFrontFunctions().client.meta.service_model.service_name == "cloudfront"


def test_client_and_session_together_are_a_type_error() -> None:
    client = boto3.client("cloudfront")
    with pytest.raises(TypeError, match="not both"):
        CloudFrontFunctions(client, region_name="us-east-1")


def test_given_client_is_used_as_is() -> None:
    client = boto3.client("cloudfront")
    assert CloudFrontFunctions(client).client is client
