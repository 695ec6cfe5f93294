"""End to end through botocore's real HTTP/XML path against a moto server on 127.0.0.1."""

from __future__ import annotations

from datetime import timezone

import pytest
from botocore.exceptions import ClientError

from cloudfront_functions import (
    CloudFrontFunctions,
    FunctionAlreadyExists,
    FunctionSummary,
    RequestValidationError,
    Runtime,
    Stage,
)

from .conftest import RequestCounter, needs_tags
from .strategies import TAGS_SUPPORTED

CODE = b"function handler(event) { return event.request; }"


def test_create_function_round_trips_through_http(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    summary = cf.create_function(
        name="url-rewrite", code=CODE, comment="spa", runtime=Runtime.JS_1_0
    )
    assert sent.count == 1
    assert isinstance(summary, FunctionSummary)
    assert summary.name == "url-rewrite"
    assert summary.status == "UNPUBLISHED"
    assert summary.function_config.comment == "spa"
    assert summary.function_config.runtime is Runtime.JS_1_0
    assert summary.function_metadata.stage is Stage.DEVELOPMENT
    assert summary.function_metadata.function_arn.endswith(":function/url-rewrite")
    assert summary.function_metadata.last_modified_time.tzinfo is timezone.utc
    assert summary.etag
    assert summary.location is not None
    assert summary.location.endswith("/function/url-rewrite")
    stored = cf.client.get_function(Name="url-rewrite")
    assert stored["FunctionCode"].read() == CODE
    assert stored["ETag"] == summary.etag


@needs_tags
def test_tags_are_sent_to_the_service(cf: CloudFrontFunctions) -> None:
    summary = cf.create_function(name="tagged", code=CODE, tags={"team": "edge", "env": ""})
    tags = cf.client.list_tags_for_resource(Resource=summary.function_metadata.function_arn)
    assert {(t["Key"], t.get("Value")) for t in tags["Tags"]["Items"]} == {
        ("team", "edge"),
        ("env", ""),
    }


@pytest.mark.skipif(TAGS_SUPPORTED, reason="only for botocore without CreateFunction Tags")
def test_tags_on_an_old_botocore_are_a_clear_local_error(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    with pytest.raises(RequestValidationError, match=r"botocore >= 1\.43\.4"):
        cf.create_function(name="tagged", code=CODE, tags={"team": "edge"})
    assert sent.count == 0


def test_duplicate_name_raises_typed_function_already_exists(cf: CloudFrontFunctions) -> None:
    cf.create_function(name="dup", code=CODE)
    with pytest.raises(FunctionAlreadyExists) as caught:
        cf.create_function(name="dup", code=CODE)
    error = caught.value
    assert error.code == "FunctionAlreadyExists"
    assert error.http_status == 409
    assert error.request_id
    assert error.operation_name == "CreateFunction"
    assert error.attempts == 1
    assert isinstance(error.__cause__, ClientError)
