"""Checked by mypy --strict, never executed: the offline toolkit (see create_function.py)."""

from __future__ import annotations

from typing_extensions import assert_type

from cloudfront_functions import (
    Finding,
    PreflightReport,
    Runtime,
    TestEvent,
    preflight,
    run_locally,
)
from cloudfront_functions._event_models import parse_output
from cloudfront_functions._local_models import LocalTestResult
from cloudfront_functions.testing import FakeCloudFront

report = preflight(b"function handler(e) { return e; }", runtime=Runtime.JS_2_0)
assert_type(report, PreflightReport)
assert_type(report.ok, bool)
assert_type(report.findings, tuple[Finding, ...])
result = run_locally(
    "code", TestEvent.viewer_request(), runtime="cloudfront-js-1.0", time_limit_ms=50
)
assert_type(result, LocalTestResult)
assert_type(result.warnings, tuple[str, ...])
request, response = parse_output(result.output_raw)
if response is not None:
    assert_type(response.headers["location"].value, str)
fake = FakeCloudFront()
fake.fail_next("UpdateFunction", "ServiceUnavailable", status=503)

# Mistakes mypy must catch.
preflight(b"x", runtime="cloudfront-js-3.0")  # type: ignore[arg-type]
preflight(b"x")  # type: ignore[call-arg]
run_locally("code", {}, runtime="js2")  # type: ignore[arg-type]
report.findings[0].line = 3  # type: ignore[misc]
preflight(b"x", runtime="cloudfront-js-2.0", key_value_store_arns=None)
run_locally("code", {}, runtime="cloudfront-js-2.0", origins=3)  # type: ignore[arg-type]
