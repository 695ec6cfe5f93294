"""run_locally's `cloudfront` module, both runtimes' rules and the output check: each
feature on the runtime that has it and the error on the one that lacks it, and the public
aws-samples functions (checked against a local mirror when one is present)."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal

import pytest

pytest.importorskip("quickjs", reason="needs the [preflight] extra")

from cloudfront_functions import TestEvent, preflight, run_locally
from cloudfront_functions._local_models import (
    DistributionTenant,
    FetchRequest,
    LocalTestResult,
    OriginResponse,
)

JS1: Final = "cloudfront-js-1.0"
JS2: Final = "cloudfront-js-2.0"
RuntimeName = Literal["cloudfront-js-1.0", "cloudfront-js-2.0"]
REQUEST: Final = TestEvent.viewer_request(uri="/a", querystring={"b": "2", "a": ["1", "3"]})
RESPONSE: Final = TestEvent.viewer_response(status_code=200)
SAMPLES: Final = Path("/work/.mirror/aws-samples+amazon-cloudfront-functions/repo")


def run(code: str, event: Any = REQUEST, runtime: str = JS2, **options: Any) -> LocalTestResult:
    return run_locally(code, event, runtime=runtime, **options)  # type: ignore[arg-type]


def header(result: LocalTestResult, name: str) -> str:
    """A header of the returned request, read through the typed models."""
    assert result.error_message is None, result.error_message
    assert result.request is not None
    return result.request.headers[name].value


def setting(expression: str, runtime: str = JS2) -> str:
    """Code that puts ``String(<expression>)`` in the request header x-out."""
    prefix = "import cf from 'cloudfront';\nasync " if runtime == JS2 else ""
    return (
        prefix + "function handler(event) { var r = event.request;"
        f" r.headers['x-out'] = {{value: String({expression})}}; return r; }}"
    )


# -- origin helpers ---------------------------------------------------------------------


SELECT_ORIGIN: Final = """import cf from 'cloudfront';
function handler(event) {
    var country = event.request.headers['cloudfront-viewer-country'];
    if (country && country.value === 'DE') {
        cf.updateRequestOrigin({domainName: 'eu.example.com', originAccessControlConfig:
            {enabled: true, region: 'eu-central-1', signingBehavior: 'always',
             signingProtocol: 'sigv4', originType: 's3'}});
    } else {
        cf.selectRequestOriginById('us-origin');
    }
    cf.createRequestOriginGroup({originIds: ['us-origin', 'eu-origin'],
        failoverCriteria: {statusCodes: [500, 502]}});
    return event.request;
}
"""


def test_origin_helpers_are_recorded_in_order_with_their_arguments() -> None:
    de = TestEvent.viewer_request(headers={"CloudFront-Viewer-Country": "DE"})
    result = run(SELECT_ORIGIN, de, origins={"us-origin": {}, "eu-origin": {}})
    assert result.error_message is None
    assert [c.helper for c in result.origin_changes] == [
        "updateRequestOrigin",
        "createRequestOriginGroup",
    ]
    first: Any = result.origin_changes[0].arguments
    assert first["domainName"] == "eu.example.com"
    assert result.warnings == ()
    other = run(SELECT_ORIGIN, REQUEST, origins={"us-origin": {}, "eu-origin": {}})
    assert other.origin_changes[0].helper == "selectRequestOriginById"
    assert other.origin_changes[0].arguments == "us-origin"


def test_bad_origin_arguments_are_recorded_and_warned_not_thrown() -> None:
    code = (
        "import cf from 'cloudfront'; function handler(event) {"
        " cf.updateRequestOrigin({domainName: 5, colour: 'x'});"
        " cf.selectRequestOriginById('nowhere'); return event.request; }"
    )
    result = run(code, origins={"known": {}})
    assert result.error_message is None
    assert result.origin_changes[0].problems == (
        "updateRequestOrigin: unknown property colour",
        "updateRequestOrigin: domainName must be a string",
    )
    assert any("not among the origins" in w for w in result.warnings)


def test_origin_helpers_outside_viewer_request_warn_that_they_do_nothing() -> None:
    code = (
        "import cf from 'cloudfront';"
        " function handler(e) { cf.selectRequestOriginById('o'); return e.response; }"
    )
    result = run(code, RESPONSE)
    assert result.error_message is None
    assert result.warnings == (
        "selectRequestOriginById only changes the origin in viewer-request functions",
    )


def test_the_cloudfront_module_is_missing_in_1_0() -> None:
    code = "var cf = require('cloudfront'); function handler(e) { return e.request; }"
    assert "Cannot find module 'cloudfront'" in (run(code, runtime=JS1).error_message or "")
    assert run(code, runtime=JS2).error_message is None


# -- cf.fetch ----------------------------------------------------------------------------


FETCH: Final = """import cf from 'cloudfront';
async function handler(event) {
    var request = event.request;
    try {
        var answer = await cf.fetch('/hello', {originId: 'hello-origin', method: 'post',
                                               headers: {'X-Key': 'k'}, body: 'ping'});
        var data = await answer.json();
        request.headers['x-hello'] = {value: answer.status + ' ' + data.message};
    } catch (err) {
        request.headers['x-hello-error'] = {value: err.message};
    }
    return request;
}
"""


def test_fetch_is_answered_from_a_canned_origin_response() -> None:
    answer = OriginResponse(
        status=201, headers={"Content-Type": "application/json"}, body='{"message": "hi"}'
    )
    result = run(FETCH, origins={"hello-origin": answer})
    assert header(result, "x-hello") == "201 hi"
    (call,) = result.fetches
    assert (call.request.path, call.request.origin_id, call.request.method) == (
        "/hello",
        "hello-origin",
        "POST",
    )
    assert call.request.headers == {"x-key": "k"}
    assert call.response == answer


def test_fetch_can_be_answered_by_a_callable() -> None:
    seen: list[FetchRequest] = []

    def origin(request: FetchRequest) -> dict[str, object]:
        seen.append(request)
        return {"body": json.dumps({"message": request.body})}

    assert header(run(FETCH, origins={"hello-origin": origin}), "x-hello") == "200 ping"
    assert seen[0].body == "ping"


@pytest.mark.parametrize("origins", [None, {"other-origin": {}}])
def test_a_fetch_to_an_unknown_origin_fails_like_a_failed_network_call(origins: Any) -> None:
    result = run(FETCH, origins=origins)
    assert "network call failed" in header(result, "x-hello-error")
    assert result.fetches[0].response is None
    assert result.fetches[0].error


def test_fetch_is_missing_in_1_0() -> None:
    code = "function handler(event) { return fetch('/x'); }"
    assert "fetch is not defined" in (run(code, runtime=JS1).error_message or "")


# -- general helpers, the key value store, the distribution tenant -----------------------


def test_edge_location_defaults_to_the_guides_example_and_is_empty_in_viewer_response() -> None:
    expression = "JSON.stringify(cf.edgeLocation)"
    assert json.loads(header(run(setting(expression)), "x-out")) == {
        "name": "SEA",
        "serverIp": "1.2.3.4",
        "region": "us-west-2",
    }
    custom = run(
        setting("cf.edgeLocation.name"),
        edge_location={"name": "FRA", "server_ip": "10.0.0.1", "region": "eu-central-1"},
    )
    assert header(custom, "x-out") == "FRA"
    code = (
        "import cf from 'cloudfront'; function handler(e) {"
        " e.response.headers['x-out'] = {value: JSON.stringify(cf.edgeLocation)};"
        " return e.response; }"
    )
    response = run(code, RESPONSE).response
    assert response is not None
    assert response.headers["x-out"].value == "{}"


def test_raw_query_string_is_rebuilt_from_the_event_in_2_0_only() -> None:
    result = run(setting("event.request.rawQueryString()"))
    assert header(result, "x-out") == "b=2&a=1&a=3"
    assert any("rawQueryString" in w for w in result.warnings)
    empty = run(setting("event.request.rawQueryString()"), TestEvent.viewer_request())
    assert header(empty, "x-out") == "undefined"
    assert "not a function" in (
        run(setting("event.request.rawQueryString()", JS1), runtime=JS1).error_message or ""
    )


def test_kvs_formats_exists_and_meta() -> None:
    store = {"s": "é", "j": '{"a": [1]}'}
    text = "(await cf.kvs().get('s')) + (await cf.kvs('kvs-id').get('s', {format: 'string'}))"
    assert header(run(setting(text), key_value_store=store), "x-out") == "éé"
    assert (
        header(
            run(
                setting("JSON.stringify(await cf.kvs().get('j', {format: 'json'}))"),
                key_value_store=store,
            ),
            "x-out",
        )
        == '{"a":[1]}'
    )
    assert (
        header(
            run(
                setting("(await cf.kvs().get('s', {format: 'bytes'})).toString('hex')"),
                key_value_store=store,
            ),
            "x-out",
        )
        == "c3a9"
    )
    assert (
        header(
            run(
                setting("[await cf.kvs().exists('s'), await cf.kvs().exists('x')]"),
                key_value_store=store,
            ),
            "x-out",
        )
        == "true,false"
    )
    meta = run(setting("JSON.stringify(await cf.kvs().meta())"), key_value_store=store)
    fields = json.loads(header(meta, "x-out"))
    assert sorted(fields) == ["creationDateTime", "keyCount", "lastUpdatedDateTime"]
    assert fields["keyCount"] == 2
    for name in ("creationDateTime", "lastUpdatedDateTime"):  # ISO 8601, as the guide says
        assert datetime.fromisoformat(fields[name].replace("Z", "+00:00")).tzinfo is not None
    assert any("placeholders" in warning for warning in meta.warnings)


def test_a_missing_key_and_a_missing_store_are_errors() -> None:
    missing = run(setting("await cf.kvs().get('nope')"), key_value_store={})
    assert "Key not found" in (missing.error_message or "")
    assert "no key value store" in (run(setting("cf.kvs()")).error_message or "")


class Snapshot:
    """A store snapshot: only ``items()``, as KeyValueStoreKeys gives."""

    def items(self) -> list[tuple[str, str]]:
        return [("k", "v")]


def test_a_key_value_store_can_be_any_object_with_items() -> None:
    assert (
        header(run(setting("await cf.kvs().get('k')"), key_value_store=Snapshot()), "x-out") == "v"
    )


def test_distribution_tenant_id_and_parameters() -> None:
    tenant = DistributionTenant(id="dt_1a2b3c4d5e6f7", parameters={"tier": "gold"})
    expression = "cf.distributionTenant.id + ' ' + cf.distributionTenant.parameters.get('tier')"
    assert (
        header(run(setting(expression), distribution_tenant=tenant), "x-out")
        == "dt_1a2b3c4d5e6f7 gold"
    )
    plain = run(setting("cf.distributionTenant.id"))
    assert plain.error_message == "TypeError: distributionTenant module is not available"


# -- runtime 1.0 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "function handler(e) { let r = e.request; return r; }",
        "async function handler(e) { return e.request; }",
        "import qs from 'querystring';\nfunction handler(e) { return e.request; }",
    ],
)
def test_2_0_syntax_is_a_syntax_error_in_1_0(code: str) -> None:
    assert (run(code, runtime=JS1).error_message or "").startswith("SyntaxError: ")
    assert run(code, runtime=JS2).error_message is None


def test_1_0_has_buffer_free_digests_and_the_string_byte_methods() -> None:
    code = setting(
        "[typeof Buffer, require('crypto').createHash('md5').update('a').digest().length,"
        " String.bytesFrom('616263', 'hex'), 'é'.toUTF8().length, 'Ã©'.fromUTF8()]",
        JS1,
    )
    assert header(run(code, runtime=JS1), "x-out") == "undefined,16,abc,2,é"
    digest = setting("require('crypto').createHash('md5').update('a').digest() instanceof Buffer")
    assert header(run(digest), "x-out") == "true"
    assert "not a function" in (run(setting("'a'.toUTF8()"), runtime=JS2).error_message or "")


# -- the output check ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        ("{statusCode: 99}", "statusCode must be an HTTP status code"),
        ("{statusCode: '200'}", "statusCode must be an integer"),
        ("{statusCode: 200, headers: {a: 'b'}}", "must be an object with a string value"),
        ("{statusCode: 200, body: {data: 'x'.repeat(41 * 1024)}}", "larger than 40960 bytes"),
        ("{statusCode: 200, body: {data: 'x', encoding: 'gzip'}}", "'text' or 'base64'"),
        (
            "(function () { e.request.headers.host = {value: 'x'}; return e.request; })()",
            "host is read-only",
        ),
        (
            "(function () { e.request.headers['x-amz-cf-id'] = {value: 'x'};"
            " return e.request; })()",
            "disallowed header",
        ),
        (
            "(function () { e.request.uri = 'a'; return e.request; })()",
            "uri must be a string starting with /",
        ),
    ],
)
def test_invalid_output_is_an_error_message(returned: str, message: str) -> None:
    event = TestEvent.viewer_request(headers={"Host": "example.com"})
    result = run(f"function handler(e) {{ return {returned}; }}", event)
    assert message in (result.error_message or ""), result.error_message
    assert result.output is None


def test_valid_responses_pass_the_output_check() -> None:
    code = (
        "function handler(e) { return {statusCode: 302, statusDescription: 'Found',"
        " headers: {location: {value: '/x'}}, cookies: {id: {value: '1', attributes: 'Secure'}},"
        " body: 'moved'}; }"
    )
    result = run(code)
    assert result.error_message is None
    response = result.response
    assert response is not None
    assert response.headers["location"].value == "/x"
    assert response.body is not None
    assert response.body.encoding == "text"
    assert "response.body" in (run(code, runtime=JS1).error_message or "")


# -- the public aws-samples repository ----------------------------------------------------


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(SAMPLES), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(
    not SAMPLES.exists(), reason="no aws-samples/amazon-cloudfront-functions mirror"
)
def test_the_aws_samples_pass_preflight_and_run_cleanly() -> None:
    files = _git("ls-tree", "-r", "--name-only", "HEAD").split()
    samples = [
        f
        for f in files
        if f.endswith(".js") and "/" in f and not f.startswith(("typescript-", "."))
    ]
    assert len(samples) >= 10
    for path in samples:
        code = _git("show", f"HEAD:{path}")
        needs_2_0 = re.search(r"^\s*import\b|\b(const|let|async|await)\b", code, re.MULTILINE)
        runtime: RuntimeName = JS2 if needs_2_0 else JS1
        folder = path.rsplit("/", 1)[0]
        events = [
            json.loads(_git("show", f"HEAD:{f}"))
            for f in files
            if f.startswith(folder + "/") and f.endswith(".json")
        ]
        assert preflight(code, runtime=runtime).errors == (), path
        for event in events or [
            TestEvent.viewer_request(uri="/a/b", headers={"Host": "example.com"})
        ]:
            store: dict[str, str] | None = {} if "kvs" in code else None
            result = run_locally(code, event, runtime=runtime, key_value_store=store)
            assert result.error_message is None, (path, result.error_message)
