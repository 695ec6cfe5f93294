"""Checked by mypy --strict (no pydantic plugin), never executed.

Lines without an ignore must type-check. Each user mistake carries a
``# type: ignore[code]``; with ``warn_unused_ignores`` mypy fails if the mistake is
no longer caught, so both sides are proven.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import boto3.session
from typing_extensions import assert_type

from cloudfront_functions import (
    CloudFrontFunctions,
    CreateFunctionRequest,
    FunctionConfig,
    FunctionSummary,
    KeyValueStoreAssociations,
    Runtime,
    ServiceError,
    Stage,
)

cf = CloudFrontFunctions()

# What a user should be able to write.
summary = cf.create_function(name="f", code=b"function handler(e) { return e; }")
assert_type(summary, FunctionSummary)
cf.create_function(name="f", code="source", runtime="cloudfront-js-1.0", comment="c")
cf.create_function(name="f", code=Path("handler.js"), runtime=Runtime.JS_2_0, tags={"k": "v"})
cf.create_function(name="f", code=b"x", key_value_store_arns=["arn:..."])
cf.create_function(CreateFunctionRequest.build(name="f", code=b"x"))
assert_type(summary.etag, str | None)
assert_type(summary.function_metadata.last_modified_time, datetime)
assert_type(summary.function_config.runtime, Runtime | str)
assert_type(summary.function_config.key_value_store_associations.quantity, int)
assert_type(summary.function_metadata.stage, Stage | str | None)
config = FunctionConfig(runtime=Runtime.JS_2_0, comment="c")
associations = KeyValueStoreAssociations(items=())

try:
    cf.create_function(name="f", code=b"x")
except ServiceError as error:
    assert_type(error.http_status, int | None)
    assert_type(error.request_id, str | None)

# Mistakes mypy must catch.
cf.create_function(name="f", code=b"x", runtime="cloudfront-js-3.0")  # type: ignore[call-overload]
cf.create_function(name="f", code=b"x", runtime="js2")  # type: ignore[call-overload]
cf.create_function(code=b"x")  # type: ignore[call-overload]
cf.create_function(name="f", code=123)  # type: ignore[call-overload]
cf.create_function(name="f", code=b"x", comment=None)  # type: ignore[call-overload]
cf.create_function(name="f", code=b"x", tags=[("k", "v")])  # type: ignore[call-overload]
cf.create_function(CreateFunctionRequest.build(name="f", code=b"x"), name="g")  # type: ignore[call-overload]
cf.create_function("f")  # type: ignore[call-overload]
summary.name = "other"  # type: ignore[misc]
summary.function_config.comment = "other"  # type: ignore[misc]
summary.function_metadata.stage = Stage.LIVE  # type: ignore[misc]
config.runtime = Runtime.JS_1_0  # type: ignore[misc]
associations.quantity = 3  # type: ignore[misc]
FunctionConfig(runtime=Runtime.JS_2_0, quantity=1)  # type: ignore[call-arg]
CloudFrontFunctions(region_name=1)  # type: ignore[arg-type]
CloudFrontFunctions(boto3.session.Session())  # type: ignore[arg-type]
CloudFrontFunctions(object())  # type: ignore[arg-type]
cf.create_function(name=b"f", code=b"x")  # type: ignore[call-overload]
cf.create_function(name="f", code=b"x", comment=b"c")  # type: ignore[call-overload]
cf.create_function(name="f", code=b"x", key_value_store_arns=None)  # type: ignore[call-overload]
