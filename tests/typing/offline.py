"""Checked by mypy --strict, never executed: the offline toolkit (see create_function.py)."""

from __future__ import annotations

from typing_extensions import assert_type

from cloudfront_functions import (
    Finding,
    PreflightReport,
    Runtime,
    TestEvent,
    TestResult,
    preflight,
    run_locally,
)
from cloudfront_functions.testing import FakeCloudFront

report = preflight(b"function handler(e) { return e; }", runtime=Runtime.JS_2_0)
assert_type(report, PreflightReport)
assert_type(report.ok, bool)
assert_type(report.findings, tuple[Finding, ...])
result = run_locally(
    "code", TestEvent.viewer_request(), runtime="cloudfront-js-1.0", time_limit_ms=50
)
assert_type(result, TestResult)
fake = FakeCloudFront()
fake.fail_next("UpdateFunction", "ServiceUnavailable", status=503)

# Mistakes mypy must catch.
preflight(b"x", runtime="cloudfront-js-3.0")  # type: ignore[arg-type]
preflight(b"x")  # type: ignore[call-arg]
run_locally("code", {}, runtime="js2")  # type: ignore[arg-type]
report.findings[0].line = 3  # type: ignore[misc]
