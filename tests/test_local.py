"""run_locally: the corpus produces its expected output; the runtime's modules are right
(checked against Python's hashlib); restrictions, time and memory caps hold. And the
shipped fake answers TestFunction by running the code."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any, Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("quickjs", reason="needs the [preflight] extra")

from cloudfront_functions import (
    CloudFrontFunctions,
    FunctionInUse,
    RequestValidationError,
    TestEvent,
    Throttling,
    run_locally,
)
from cloudfront_functions._local_models import LocalTestResult
from cloudfront_functions.testing import FakeCloudFront

from .corpus import CASES, KVS_ARN, Case

JS2: Final = "cloudfront-js-2.0"


def run(code: str, event: Any = None, runtime: str = JS2, **options: Any) -> LocalTestResult:
    return run_locally(code, {} if event is None else event, runtime=runtime, **options)  # type: ignore[arg-type]


def value_of(code: str, event: Any = None, runtime: str = JS2, **options: Any) -> Any:
    """What ``compute(event)`` in ``code`` returns, carried out as a valid response body."""
    wrapper = (
        "\nfunction handler(event) { return {statusCode: 200, body: "
        "{encoding: 'text', data: JSON.stringify(compute(event))}}; }"
    )
    result = run(code + wrapper, event, runtime, **options)
    assert result.error_message is None, result.error_message
    output: Any = result.output
    return json.loads(output["response"]["body"]["data"])


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_realistic_functions_produce_the_expected_output(case: Case) -> None:
    result = run_locally(
        case.code, case.event, runtime=case.runtime, key_value_store=case.key_value_store or None
    )
    assert result.error_message is None
    assert result.output == case.expected
    assert result.compute_utilization is None


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_fake_runs_the_corpus_through_test_function(case: Case) -> None:
    import boto3

    fake = FakeCloudFront()
    fake.key_value_stores = {KVS_ARN: dict(case.key_value_store)}

    cf = CloudFrontFunctions(fake.attach(boto3.client("cloudfront", region_name="us-east-1")))
    created = cf.create_function(
        name=case.name, code=case.code, runtime=case.runtime, key_value_store_arns=case.arns
    )
    result = cf.test_function(case.name, if_match=created.etag or "", event=case.event)
    assert result.error_message is None
    assert result.output == case.expected


CRYPTO = """
var crypto = require('crypto');
function compute(event) {
    return {
        md5: crypto.createHash('md5').update(event.text).digest('hex'),
        sha1: crypto.createHash('sha1').update(event.text).digest('base64'),
        sha256: crypto.createHash('sha256').update(event.text).digest('hex'),
        hmac: crypto.createHmac('sha256', event.key).update(event.text).digest('base64url'),
        hmac1: crypto.createHmac('sha1', event.key).update(event.text).digest('hex')
    };
}
"""


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300), st.text(max_size=100))
def test_crypto_matches_pythons_hashlib(text: str, key: str) -> None:
    digests = value_of(CRYPTO, {"text": text, "key": key}, runtime="cloudfront-js-1.0")
    data, secret = text.encode("utf-8", "surrogatepass"), key.encode("utf-8", "surrogatepass")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text + key):
        return  # lone surrogates are not UTF-8; JavaScript and Python disagree on purpose
    assert digests["md5"] == hashlib.md5(data).hexdigest()
    assert digests["sha1"] == base64.b64encode(hashlib.sha1(data).digest()).decode()
    assert digests["sha256"] == hashlib.sha256(data).hexdigest()
    mac = hmac.new(secret, data, hashlib.sha256).digest()
    assert digests["hmac"] == base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    assert digests["hmac1"] == hmac.new(secret, data, hashlib.sha1).hexdigest()


def test_querystring_and_buffer() -> None:
    code = """
    var qs = require('querystring');
    var Buffer = require('buffer').Buffer;
    function compute(event) {
        return {
            parsed: qs.parse('a=1&b=x%20y&a=2&c'),
            text: qs.stringify({q: 'a b', n: [1, 2]}),
            b64: Buffer.from('héllo').toString('base64'),
            back: Buffer.from('aMOpbGxv', 'base64').toString(),
            hex: Buffer.from([1, 255]).toString('hex')
        };
    }
    """
    assert value_of(code) == {
        "parsed": {"a": ["1", "2"], "b": "x y", "c": ""},
        "text": "q=a%20b&n=1&n=2",
        "b64": base64.b64encode("héllo".encode()).decode(),
        "back": "héllo",
        "hex": "01ff",
    }


def test_console_lines_become_execution_logs() -> None:
    result = run(
        "function handler(e) { console.log('uri', e.request.uri, {n: 1}); return e.request; }",
        TestEvent.viewer_request(uri="/a"),
    )
    assert result.execution_logs == ('uri /a {"n":1}',)


def test_async_handlers_and_the_key_value_store() -> None:
    code = """
    import cf from 'cloudfront';
    const kvs = cf.kvs();
    async function handler(event) {
        const meta = await kvs.meta();
        return {statusCode: 200, body: JSON.stringify({
            hit: await kvs.get('k'), json: await kvs.get('j', {format: 'json'}),
            exists: await kvs.exists('nope'), keys: meta.keyCount})};
    }
    """
    output: Any = run(code, key_value_store={"k": "v", "j": '{"a": 1}'}).output
    assert json.loads(output["response"]["body"]) == {
        "hit": "v",
        "json": {"a": 1},
        "exists": False,
        "keys": 2,
    }


def test_a_missing_key_rejects_as_in_cloudfront() -> None:
    code = (
        "import cf from 'cloudfront'; async function handler(e) { return await cf.kvs().get('x'); }"
    )
    assert "Key not found" in (run(code, key_value_store={}).error_message or "")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("function handler(e) { return eval('1'); }", "eval is not defined"),
        ("function handler(e) { return new Function('return 1')(); }", "dynamic code evaluation"),
        (
            "function handler(e) { return (function(){}).constructor('return 1')(); }",
            "dynamic code evaluation",
        ),
        ("function handler(e) { setTimeout(handler, 1); return e; }", "setTimeout is not defined"),
        ("var fs = require('fs'); function handler(e) { return e; }", "Cannot find module 'fs'"),
        ("function handler(e) { return fetch('https://example.com'); }", "fetch is not defined"),
        ("function handler(e) { throw new TypeError('boom'); }", "TypeError: boom"),
        ("function handler(e) { }", "handler returned undefined"),
        ("function handle(e) { return e; }", "handler is not defined"),
        ("async function handler(e) { await new Promise(function () {}); }", "never settled"),
    ],
)
def test_what_cloudfront_functions_cannot_do_fails_here_too(code: str, message: str) -> None:
    result = run(code)
    assert message in (result.error_message or ""), result.error_message
    assert result.output is None


def test_buffer_and_the_cloudfront_module_are_2_0_only() -> None:
    assert "Buffer is not defined" in (
        run(
            "function handler(e) { return Buffer.from('a'); }", runtime="cloudfront-js-1.0"
        ).error_message
        or ""
    )
    assert "Cannot find module" in (
        run(
            "var c = require('cloudfront'); function handler(e) { return e; }",
            runtime="cloudfront-js-1.0",
        ).error_message
        or ""
    )


def test_a_runaway_loop_is_stopped_at_the_time_limit() -> None:
    result = run("function handler(e) { while (true) {} }", time_limit_ms=50)
    assert result.error_message == "the function ran longer than the time limit (50 ms)"


def test_a_memory_bomb_is_stopped_at_the_memory_cap() -> None:
    code = "function handler(e) { var a = []; while (true) { a.push(new Uint8Array(65536)); } }"
    result = run(code, memory_limit_bytes=4 * 1024 * 1024)
    assert result.error_message == "the function ran out of memory (the limit is 4194304 bytes)"


def test_deep_recursion_is_a_range_error() -> None:
    result = run("function f(n) { return f(n + 1); } function handler(e) { return f(0); }")
    assert result.error_message is not None


def test_every_run_is_isolated() -> None:
    code = (
        "var count = (globalThis.count || 0) + 1; globalThis.count = count;"
        "function handler(e) { return {statusCode: 200 + count}; }"
    )
    assert run(code).output == run(code).output == {"response": {"statusCode": 201}}


def test_import_rewriting_keeps_line_numbers() -> None:
    code = (
        "import crypto from 'crypto';\nimport qs from 'querystring';\nfunction handler(e) {\n"
        "  throw new Error('line ' + new Error().stack.split(':')[1]);\n}"
    )
    assert run(code).error_message == "Error: line 4"


def test_bad_arguments_are_request_validation_errors() -> None:
    with pytest.raises(RequestValidationError):
        run_locally(123, {}, runtime=JS2)  # type: ignore[arg-type]
    with pytest.raises(RequestValidationError):
        run_locally(b"function handler(e) { return e; }", {"x": "y" * 41_000}, runtime=JS2)


# -- the shipped fake's fault injection and the pytest fixtures ----------------------------


def test_fail_next_injects_a_typed_service_error(
    fake_cloudfront_functions: CloudFrontFunctions, fake_cloudfront: FakeCloudFront
) -> None:
    fake_cloudfront.fail_next("CreateFunction", "Throttling", status=400)
    with pytest.raises(Throttling):
        fake_cloudfront_functions.create_function(
            name="fn", code=b"function handler(e) { return e; }"
        )
    fake_cloudfront_functions.create_function(name="fn", code=b"function handler(e) { return e; }")
    assert fake_cloudfront.calls == ["CreateFunction", "CreateFunction"]


def test_associate_makes_delete_function_in_use(
    fake_cloudfront_functions: CloudFrontFunctions, fake_cloudfront: FakeCloudFront
) -> None:
    created = fake_cloudfront_functions.create_function(
        name="fn", code=b"function handler(e) { return e; }"
    )
    fake_cloudfront.associate("fn")
    with pytest.raises(FunctionInUse):
        fake_cloudfront_functions.delete_function("fn", if_match=created.etag or "")


def test_the_fixture_works_without_any_aws_settings(
    monkeypatch: pytest.MonkeyPatch, fake_cloudfront_functions: CloudFrontFunctions
) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(key, raising=False)
    summary = fake_cloudfront_functions.create_function(
        name="fn", code=b"function handler(e) { return e; }"
    )
    assert json.loads(summary.model_dump_json())["name"] == "fn"


def test_the_fake_is_reached_through_botocores_real_serializer_and_parser(
    fake_cloudfront: FakeCloudFront,
) -> None:
    import boto3

    client = fake_cloudfront.attach(boto3.client("cloudfront", region_name="us-east-1"))
    bodies: list[bytes] = []
    client.meta.events.register(
        "before-send.cloudfront", lambda request, **kwargs: bodies.append(request.body)
    )
    code = b"function handler(event) { return event.request; }"
    raw = client.create_function(
        Name="fn",
        FunctionConfig={"Comment": "c", "Runtime": "cloudfront-js-2.0"},
        FunctionCode=code,
    )
    assert b"<CreateFunctionRequest" in bodies[0]
    assert base64.b64encode(code) in bodies[0]  # the blob was serialized as the API wants
    assert raw["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert raw["FunctionSummary"]["FunctionMetadata"]["LastModifiedTime"].tzinfo is not None
    assert raw["ETag"] == fake_cloudfront.functions["fn"].development.etag


@pytest.mark.parametrize("limit", ["time_limit_ms", "memory_limit_bytes"])
@pytest.mark.parametrize("value", [0, -5, "10", 1.5, True])
def test_a_limit_that_is_not_a_positive_int_is_refused(limit: str, value: object) -> None:
    options: dict[str, Any] = {limit: value}
    with pytest.raises(RequestValidationError) as caught:
        run("function handler(event) { return event.request; }", **options)
    assert caught.value.errors[0].field == limit
