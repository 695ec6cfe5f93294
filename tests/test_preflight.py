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
    (
        "cloudfront-module-runtime",
        JS1,
        "var cf = require('cloudfront');\n" + HANDLER,
        "var cf = require('crypto');\n" + HANDLER,
    ),
    (
        "cloudfront-import-placement",
        JS2,
        "var a = 1;\nimport cf from 'cloudfront';\n" + HANDLER,
        "// a comment may come first\nimport cf from 'cloudfront';\nvar a = 1;\n" + HANDLER,
    ),
    (
        "kvs-promise-chain",
        JS2,
        "import cf from 'cloudfront';\nconst kvs = cf.kvs();\n"
        "async function handler(event) { await Promise.all([kvs.get('a'), kvs.get('b')]);"
        " return event.request; }",
        "import cf from 'cloudfront';\nconst kvs = cf.kvs();\n"
        "async function handler(event) { await kvs.get('a'); await kvs.get('b');"
        " await Promise.all([1, 2]); return event.request; }",
    ),
    (
        "kvs-promise-chain",
        JS2,
        "import cf from 'cloudfront';\nconst kvs = cf.kvs();\n"
        "function handler(event) {"
        " return kvs.get('a').then(function () { return event.request; }); }",
        "import cf from 'cloudfront';\nconst kvs = cf.kvs();\n"
        "async function handler(event) { var m = new Map(); m.get('a'); return event.request; }",
    ),
    (
        "kvs-promise-chain",
        JS2,
        "import cf from 'cloudfront';\n"
        "async function handler(event) {"
        " return cf.kvs().get('a').then(function (v) { return event.request; }); }",
        # One awaited get with a fallback builds no chain: the guide's samples do this.
        "import cf from 'cloudfront';\n"
        "async function handler(event) {"
        " var v = await cf.kvs().get('a').catch(() => null); return event.request; }",
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


KVS_CALL = "import cf from 'cloudfront';\nconst kvs = cf.kvs();\n" + HANDLER
ORIGIN_ONLY = (
    "import cf from 'cloudfront';\n"
    "function handler(event) { cf.updateRequestOrigin({domainName: 'a.example'}); "
    "return event.request; }"
)


def test_a_kvs_call_with_an_explicit_empty_store_list_is_an_error() -> None:
    for code in (
        KVS_CALL,
        KVS_CALL.replace("import cf from 'cloudfront'", "var cf = require('cloudfront')"),
    ):
        fired = preflight(code, runtime=JS2, key_value_store_arns=[])
        assert [f.rule for f in fired.findings] == ["kvs-without-store"]
        assert fired.findings[0].line == 2
        assert preflight(code, runtime=JS2, key_value_store_arns=[KVS_ARN]).ok


def test_unknown_store_list_skips_the_store_rule() -> None:
    assert preflight(KVS_CALL, runtime=JS2).findings == ()
    assert preflight(KVS_CALL, runtime=JS2, key_value_store_arns=None).findings == ()


def test_importing_cloudfront_for_other_helpers_needs_no_store() -> None:
    assert preflight(ORIGIN_ONLY, runtime=JS2, key_value_store_arns=[]).findings == ()
    assert (
        preflight(
            "import cf from 'cloudfront';\n" + HANDLER, runtime=JS2, key_value_store_arns=()
        ).findings
        == ()
    )


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
        preflight(123, runtime=JS2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"cloudfront-js-3\.0"):
        preflight(HANDLER, runtime="cloudfront-js-3.0")  # type: ignore[arg-type]


def test_a_too_large_file_is_reported_without_being_read(tmp_path: Any) -> None:
    path = tmp_path / "big.js"
    with path.open("wb") as file:
        file.truncate(10_000_000)
    assert [f.rule for f in preflight(path, runtime=JS2).findings] == ["size-limit"]


# -- wired into the client -------------------------------------------------------------------


BROKEN = "function handler(event) { const a = 1; return event.request; }"


def test_create_runs_preflight_by_default_and_raises_before_sending(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    with pytest.raises(PreflightError) as caught:
        fcf.create_function(name="fn", code=BROKEN, runtime=JS1)
    assert isinstance(caught.value.report, PreflightReport)
    assert "runtime-feature" in str(caught.value)
    assert fake.calls == []
    with pytest.raises(PreflightError):
        fcf.create_function(name="fn", code=BROKEN, runtime=JS1, preflight=True)
    assert fake.calls == []


def test_create_with_preflight_false_sends_without_checking(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    fcf.create_function(name="fn", code=BROKEN, runtime=JS1, preflight=False)
    assert fake.calls == ["CreateFunction"]


def test_update_runs_preflight_by_default_and_raises_before_sending(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    created = fcf.create_function(name="fn", code=HANDLER)
    with pytest.raises(PreflightError):
        fcf.update_function("fn", if_match=created.etag or "", code=BROKEN, runtime=JS1)
    assert fake.writes == ["CreateFunction"]
    fcf.update_function(
        "fn", if_match=created.etag or "", code=BROKEN, runtime=JS1, preflight=False
    )
    assert fake.writes == ["CreateFunction", "UpdateFunction"]


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
