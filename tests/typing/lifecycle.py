"""Checked by mypy --strict, never executed: the lifecycle signatures (see create_function.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from typing_extensions import assert_type

from cloudfront_functions import (
    CloudFrontFunctions,
    DeployResult,
    DeployTestFailed,
    FunctionCode,
    FunctionSummary,
    JsonValue,
    Stage,
    TestEvent,
    TestResult,
)

cf = CloudFrontFunctions()

# What a user should be able to write.
described = cf.describe_function("fn", stage=Stage.LIVE)
assert_type(cf.describe_function("fn", stage="DEVELOPMENT"), FunctionSummary)
assert_type(cf.get_function("fn"), FunctionCode)
assert_type(cf.get_function("fn").code, bytes)
etag = described.etag or ""
updated = cf.update_function("fn", if_match=etag, code=b"x", runtime="cloudfront-js-2.0")
kept = cf.update_function("fn", if_match=etag, code=b"x")  # the rest is kept
assert_type(updated.etag, str | None)
assert_type(cf.publish_function("fn", if_match=etag), FunctionSummary)
result = cf.test_function("fn", if_match=etag, event=TestEvent.viewer_request(uri="/"))
assert_type(result, TestResult)
assert_type(result.compute_utilization, int | None)
assert_type(result.execution_logs, tuple[str, ...])
assert_type(result.output, JsonValue)
cf.test_function("fn", if_match=etag, event={"request": {}}, stage="LIVE")
cf.test_function("fn", if_match=etag, event=b"{}")
cf.delete_function("fn", if_match=etag)
assert_type(cf.list_functions(stage=Stage.LIVE, page_size=50), Iterator[FunctionSummary])
deployed = cf.deploy("fn", code=b"x", test_event=TestEvent.viewer_request(), retry_on_conflict=1)
assert_type(deployed, DeployResult)
assert_type(deployed.action, Literal["created", "updated", "unchanged"])
assert_type(deployed.test_result, TestResult | None)
try:
    cf.deploy("fn", code="x")
except DeployTestFailed as failure:
    assert_type(failure.test_result, TestResult)

# Mistakes mypy must catch.
cf.describe_function("fn", stage="live")  # type: ignore[arg-type]
cf.get_function("fn", stage="PRODUCTION")  # type: ignore[arg-type]
cf.list_functions(stage="staging")  # type: ignore[arg-type]
cf.test_function("fn", if_match=etag, event={}, stage="live")  # type: ignore[arg-type]
cf.update_function("fn", if_match=etag)  # type: ignore[call-arg]
cf.update_function("fn", if_match=etag, code=b"x", comment=b"c")  # type: ignore[arg-type]
cf.update_function("fn", if_match=etag, code=123)  # type: ignore[arg-type]
cf.update_function("fn", etag, code=b"x", runtime="cloudfront-js-2.0")  # type: ignore[call-arg]
cf.publish_function("fn")  # type: ignore[call-arg]
cf.delete_function("fn", if_match=None)  # type: ignore[arg-type]
cf.test_function("fn", if_match=etag, event="{}")  # type: ignore[arg-type]
cf.list_functions(page_size="10")  # type: ignore[arg-type]
cf.deploy("fn", code=b"x", runtime="cloudfront-js-3.0")  # type: ignore[arg-type]
cf.deploy("fn", code=b"x", publish="yes")  # type: ignore[arg-type]
deployed.action = "created"  # type: ignore[misc]
result.execution_logs = ()  # type: ignore[misc]
