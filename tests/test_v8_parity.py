"""run_locally against an independent engine: V8 (mini-racer) with a small prelude written
here, not taken from _runtime.js. The corpus and samples written from the developer guide
(origin selection, cf.fetch, key value store formats, rawQueryString, edgeLocation, a
1.0-only function) must return the same value and record the same origin changes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import pytest

pytest.importorskip("quickjs", reason="needs the [preflight] extra")
pytest.importorskip("py_mini_racer", reason="mini-racer is the V8 reference")

import py_mini_racer

from cloudfront_functions import TestEvent, run_locally
from cloudfront_functions._local_models import EdgeLocation, OriginResponse

from .corpus import CASES

RuntimeName = Literal["cloudfront-js-1.0", "cloudfront-js-2.0"]

HERE: Final = Path(__file__).parent
PRELUDE: Final = (HERE / "v8_prelude.js").read_text()
RUN: Final = (HERE / "v8_run.js").read_text()

EDGE: Final = EdgeLocation(name="FRA", server_ip="10.0.0.1", region="eu-central-1")


@dataclass(frozen=True)
class Sample:
    name: str
    runtime: RuntimeName
    code: str
    event: TestEvent
    store: dict[str, str] = field(default_factory=dict)
    origins: dict[str, OriginResponse] = field(default_factory=dict)


SAMPLES: Final = [
    Sample(
        "origin-selection",
        "cloudfront-js-2.0",
        """import cf from 'cloudfront';
function handler(event) {
    const country = event.request.headers['cloudfront-viewer-country'];
    if (country && country.value === 'DE') {
        cf.updateRequestOrigin({domainName: 'eu.example.com', originAccessControlConfig:
            {enabled: true, signingBehavior: 'always', signingProtocol: 'sigv4',
             originType: 's3'}});
    } else if (country) {
        cf.selectRequestOriginById('us-origin');
    }
    cf.createRequestOriginGroup({originIds: ['us-origin', 'eu-origin'],
                                 failoverCriteria: {statusCodes: [500, 503]}});
    return event.request;
}""",
        TestEvent.viewer_request(headers={"CloudFront-Viewer-Country": "DE"}),
        origins={"us-origin": OriginResponse(), "eu-origin": OriginResponse()},
    ),
    Sample(
        "origin-selection-us",
        "cloudfront-js-2.0",
        "import cf from 'cloudfront';\nfunction handler(event) {"
        " cf.selectRequestOriginById('us-origin'); return event.request; }",
        TestEvent.viewer_request(headers={"CloudFront-Viewer-Country": "US"}),
        origins={"us-origin": OriginResponse()},
    ),
    Sample(
        "fetch-and-fail-open",
        "cloudfront-js-2.0",
        """import cf from 'cloudfront';
async function handler(event) {
    const request = event.request;
    const answer = await cf.fetch('/flags', {originId: 'flags'});
    const flags = await answer.json();
    request.headers['x-flags'] = {value: answer.status + ' ' + answer.ok + ' ' + flags.level};
    try {
        await cf.fetch('/gone', {originId: 'nowhere'});
        request.headers['x-second'] = {value: 'answered'};
    } catch (err) {
        request.headers['x-second'] = {value: 'failed open'};
    }
    return request;
}""",
        TestEvent.viewer_request(),
        origins={"flags": OriginResponse(status=203, body='{"level": "beta"}')},
    ),
    Sample(
        "kvs-formats",
        "cloudfront-js-2.0",
        """import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler(event) {
    const text = await kvs.get('greeting');
    const json = await kvs.get('config', {format: 'json'});
    const bytes = await kvs.get('greeting', {format: 'bytes'});
    let missing;
    try { await kvs.get('absent'); missing = 'found'; } catch (e) { missing = 'rejected'; }
    return {statusCode: 200, headers: {
        'x-text': {value: text}, 'x-json': {value: String(json.ttl * 2)},
        'x-bytes': {value: bytes.toString('hex') + ' ' + bytes.length},
        'x-exists': {value: [await kvs.exists('config'), await kvs.exists('absent')].join()},
        'x-missing': {value: missing}}};
}""",
        TestEvent.viewer_request(),
        store={"greeting": "grüß dich", "config": '{"ttl": 21}'},
    ),
    Sample(
        "raw-query-string",
        "cloudfront-js-2.0",
        "function handler(event) { var r = event.request;"
        " r.headers['x-raw'] = {value: String(r.rawQueryString())}; return r; }",
        TestEvent.viewer_request(querystring={"b": "2", "a": ["1", "3"], "flag": ""}),
    ),
    Sample(
        "edge-location",
        "cloudfront-js-2.0",
        "import cf from 'cloudfront';\nfunction handler(event) { var r = event.request;"
        " r.headers['x-edge'] = {value: JSON.stringify(cf.edgeLocation)}; return r; }",
        TestEvent.viewer_request(),
    ),
    Sample(
        "edge-location-viewer-response",
        "cloudfront-js-2.0",
        "import cf from 'cloudfront';\nfunction handler(event) { var r = event.response;"
        " r.headers['x-edge'] = {value: JSON.stringify(cf.edgeLocation)}; return r; }",
        TestEvent.viewer_response(),
    ),
    Sample(
        "runtime-1.0-only",
        "cloudfront-js-1.0",
        """var crypto = require('crypto');
function handler(event) {
    var request = event.request;
    var raw = crypto.createHash('sha256').update(request.uri).digest();
    request.headers['x-1-0'] = {value: [typeof Buffer, typeof raw, raw.length,
        String.bytesFrom('616263', 'hex'), 'é'.toUTF8().length, 'Ã©'.fromUTF8(),
        crypto.createHmac('sha256', 'k').update('a').digest('base64')].join(' ')};
    return request;
}""",
        TestEvent.viewer_request(uri="/one"),
    ),
]

_IMPORT: Final = re.compile(r"^import (\w+) from '(\w+)';?", re.MULTILINE)


def in_v8(sample: Sample) -> dict[str, Any]:
    context = py_mini_racer.MiniRacer()
    event: dict[str, Any] = sample.event.to_dict()
    inputs = {
        "runtime": sample.runtime.removeprefix("cloudfront-js-"),
        "eventType": event["context"]["eventType"],
        "store": sample.store,
        "edge": EDGE.to_js(),
        "origins": {
            name: {"status": o.status, "headers": dict(o.headers), "body": o.body}
            for name, o in sample.origins.items()
        },
    }
    context.eval(f"var __input = {json.dumps(json.dumps(inputs))};")
    context.eval(f"var __event = {json.dumps(json.dumps(event))};")
    context.eval(PRELUDE)
    context.eval(_IMPORT.sub(r"var \1 = require('\2');", sample.code))
    promise: Any = context.eval(RUN)  # a JSPromise: the handler may be async
    answer: Any = json.loads(promise.get(timeout=5))
    return {"value": answer["value"], "changes": [list(change) for change in answer["changes"]]}


def locally(sample: Sample) -> dict[str, Any]:
    result = run_locally(
        sample.code,
        sample.event,
        runtime=sample.runtime,
        key_value_store=sample.store,
        origins=sample.origins or None,
        edge_location=EDGE,
    )
    assert result.error_message is None, result.error_message
    (value,) = json.loads(result.output_raw or "").values()
    changes = [[c.helper, json.loads(c.arguments_json)] for c in result.origin_changes]
    return {"value": value, "changes": changes}


CORPUS: Final = [
    Sample(case.name, case.runtime, case.code.decode(), case.event, dict(case.key_value_store))
    for case in CASES
]


@pytest.mark.parametrize("sample", CORPUS + SAMPLES, ids=lambda sample: sample.name)
def test_v8_and_run_locally_agree(sample: Sample) -> None:
    assert in_v8(sample) == locally(sample)


def test_the_comparison_can_fail() -> None:
    sample = SAMPLES[-1]
    changed = Sample(
        sample.name, sample.runtime, sample.code.replace("616263", "616264"), sample.event
    )
    assert in_v8(changed) != locally(sample)
