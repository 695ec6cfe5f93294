"""preflight: the realistic corpus passes clean; every rule fires on its trigger and stays
quiet on a near miss; messages never echo string literals or comments."""

from __future__ import annotations

from typing import Any, Final, Literal

import pytest

pytest.importorskip("esprima", reason="needs the [preflight] extra")

from cloudfront_functions import (
    CloudFrontFunctions,
    PreflightError,
    PreflightReport,
    RequestValidationError,
    preflight,
)
from cloudfront_functions.testing import FakeCloudFront

from .corpus import CASES, KVS_ARN, Case

JS1: Final = "cloudfront-js-1.0"
JS2: Final = "cloudfront-js-2.0"
HANDLER = "function handler(event) { return event.request; }\n"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_realistic_functions_pass_with_no_findings(case: Case) -> None:
    report = preflight(case.code, runtime=case.runtime, key_value_store_arns=case.arns)
    assert report.findings == ()
    assert report.ok


# rule, runtime, trigger, near miss (valid code that looks alike), arns for both
RULES: list[tuple[str, Literal["cloudfront-js-1.0", "cloudfront-js-2.0"], str, str]] = [
    ("syntax", JS2, HANDLER + "}", HANDLER + "var a = null ?? 1;"),
    (
        "handler-missing",
        JS2,
        "function handle(event) { return event; }",
        "var handler = function (event) { return event; };",
    ),
    ("handler-arity", JS2, "function handler(event, context) { return event; }", HANDLER),
    ("runtime-feature", JS1, HANDLER + "const a = 1;", HANDLER + "var constant = 1;"),
    (
        "runtime-feature",
        JS1,
        "async function handler(event) { return event; }",
        HANDLER + "var asyncValue = 1;",
    ),
    (
        "runtime-feature",
        JS1,
        "var c = require('crypto');\n" + HANDLER.replace("return", "let r = 1; return"),
        "var c = require('crypto');\n" + HANDLER,
    ),
    (
        "forbidden-eval",
        JS2,
        HANDLER + "eval('1');",
        HANDLER + "var evaluation = 1; event.eval = 1;",
    ),
    (
        "forbidden-eval",
        JS2,
        HANDLER + "var f = new Function('return 1');",
        HANDLER + "var f = function () { return 1; };",
    ),
    (
        "forbidden-timer",
        JS2,
        HANDLER + "setTimeout(handler, 1);",
        HANDLER + "var timeout = { setTimeout: 1 }; timeout.setTimeout = 2;",
    ),
    (
        "forbidden-network",
        JS2,
        HANDLER + "fetch('https://example.com');",
        HANDLER + "var cache = { fetch: 1 }; cache.fetch = 2;",
    ),
    (
        "forbidden-network",
        JS2,
        HANDLER + "var x = new XMLHttpRequest();",
        HANDLER + "var XMLHttp = 1;",
    ),
    (
        "unknown-module",
        JS2,
        "var fs = require('fs');\n" + HANDLER,
        "var qs = require('querystring');\n" + HANDLER,
    ),
    (
        "unknown-module",
        JS1,
        "var b = require('buffer');\n" + HANDLER,
        "var c = require('crypto');\n" + HANDLER,
    ),
    (
        "unknown-module",
        JS2,
        "import fs from 'fs';\n" + HANDLER,
        "import crypto from 'crypto';\n" + HANDLER,
    ),
    (
        "dynamic-require",
        JS2,
        "var name = 'crypto'; var m = require(name);\n" + HANDLER,
        "var m = require('crypto');\n" + HANDLER,
    ),
    (
        "size-quota",
        JS2,
        HANDLER + "//" + "x" * 10_300,
        HANDLER + "//" + "x" * (10_240 - len(HANDLER) - 2),
    ),
    (
        "size-limit",
        JS2,
        HANDLER + "//" + "x" * 41_000,
        HANDLER + "//" + "x" * (40_960 - len(HANDLER) - 2),
    ),
]


@pytest.mark.parametrize(
    ("rule", "runtime", "trigger", "near_miss"), RULES, ids=[r[0] for r in RULES]
)
def test_each_rule_fires_on_its_trigger_and_not_on_a_near_miss(
    rule: str,
    runtime: Literal["cloudfront-js-1.0", "cloudfront-js-2.0"],
    trigger: str,
    near_miss: str,
) -> None:
    fired = preflight(trigger, runtime=runtime)
    assert rule in {finding.rule for finding in fired.findings}, str(fired)
    quiet = preflight(near_miss, runtime=runtime)
    assert rule not in {finding.rule for finding in quiet.findings}, str(quiet)
    assert quiet.ok, str(quiet)


def test_key_value_store_use_needs_an_associated_store() -> None:
    for code in ("import cf from 'cloudfront';\n", "var cf = require('cloudfront');\n"):
        fired = preflight(code + HANDLER, runtime=JS2)
        assert [f.rule for f in fired.findings] == ["kvs-without-store"]
        assert fired.findings[0].line == 1
        assert preflight(code + HANDLER, runtime=JS2, key_value_store_arns=[KVS_ARN]).ok


def test_findings_carry_one_based_line_and_column() -> None:
    report = preflight("function handler(event) {\n  setTimeout(handler, 1);\n}", runtime=JS2)
    (finding,) = report.findings
    assert (finding.severity, finding.line, finding.column) == ("error", 2, 3)
    syntax = preflight("function handler(event) {\n  return event.request;\n}}", runtime=JS2)
    assert (syntax.findings[0].rule, syntax.findings[0].line) == ("syntax", 3)
    assert not syntax.ok


def test_warnings_alone_leave_the_report_ok() -> None:
    report = preflight("function handler() { return {}; }", runtime=JS2)
    assert [f.severity for f in report.findings] == ["warning"]
    assert report.ok


@pytest.mark.parametrize(
    "code",
    [
        "var k = 'SECRET_5d1a' +;",
        "var k = 'SECRET_5d1a;",
        "/* SECRET_5d1a */ function handler(event) { return event, 'SECRET_5d1a'; } }",
        "var fs = require('SECRET_5d1a_fs');\n" + HANDLER,
        "SECRET_5d1a" * 1000,
    ],
)
def test_messages_never_echo_literals_or_comments(code: str) -> None:
    report = preflight(code, runtime=JS2)
    assert report.findings
    shown = str(report) + repr(report)
    assert "SECRET_5d1a" not in shown.replace("SECRET_5d1a_fs", "")


def test_bad_arguments_are_a_request_validation_error() -> None:
    with pytest.raises(RequestValidationError):
        preflight(123, runtime=JS2)
    with pytest.raises(ValueError, match=r"cloudfront-js-3\.0"):
        preflight(HANDLER, runtime="cloudfront-js-3.0")  # type: ignore[arg-type]


def test_a_too_large_file_is_reported_without_being_read(tmp_path: Any) -> None:
    path = tmp_path / "big.js"
    with path.open("wb") as file:
        file.truncate(10_000_000)
    assert [f.rule for f in preflight(path, runtime=JS2).findings] == ["size-limit"]


# -- wired into the client -------------------------------------------------------------------


BROKEN = "function handler(event) { const a = 1; return event.request; }"


def test_create_with_preflight_raises_before_sending(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    with pytest.raises(PreflightError) as caught:
        fcf.create_function(name="fn", code=BROKEN, runtime=JS1, preflight=True)
    assert isinstance(caught.value.report, PreflightReport)
    assert "runtime-feature" in str(caught.value)
    assert fake.calls == []
    fcf.create_function(name="fn", code=BROKEN, runtime=JS1)  # off by default for raw calls
    assert fake.calls == ["CreateFunction"]


def test_update_with_preflight_raises_before_sending(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    created = fcf.create_function(name="fn", code=HANDLER)
    with pytest.raises(PreflightError):
        fcf.update_function(
            "fn", if_match=created.etag or "", code=BROKEN, runtime=JS1, preflight=True
        )
    assert fake.writes == ["CreateFunction"]


def test_deploy_runs_preflight_by_default_when_the_extra_is_installed(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    with pytest.raises(PreflightError):
        fcf.deploy("fn", code=BROKEN, runtime=JS1)
    assert fake.calls == []
    assert fcf.deploy("fn", code=BROKEN, runtime=JS1, preflight=False).action == "created"


def test_code_that_is_not_utf8_is_an_encoding_error_and_utf8_is_fine() -> None:
    assert [
        f.rule for f in preflight(b"var s = '\xff';\n" + HANDLER.encode(), runtime=JS2).findings
    ] == ["encoding"]
    assert preflight("var s = 'é ✓';\n" + HANDLER, runtime=JS2).findings == ()
