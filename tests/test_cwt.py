"""cf.cwt against an independent implementation: tokens built in Python with cbor2 and hmac
(RFC 8152 COSE MAC0, RFC 8392 CWT) verify in run_locally, and tokens run_locally generates
verify in Python. Plus the guide's rules: Buffer tokens, the 1 KB limit, MAC0 only."""

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
pytest.importorskip("cbor2", reason="cbor2 is the independent CBOR implementation")

import cbor2

from cloudfront_functions import TestEvent, run_locally
from cloudfront_functions._local_models import LocalTestResult

KEY: Final = b"0123456789abcdef0123456789abcdef"
CLAIMS: Final = {
    1: "https://iss.example.com",
    2: "exampleUser",
    4: 1444064944,
    401: {2: {1: "/a/"}},
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def python_token(
    claims: dict[Any, Any],
    key: bytes = KEY,
    *,
    protected: dict[int, Any] | None = None,
    cwt_tag: bool = True,
    tamper: bool = False,
) -> bytes:
    """A CWT as RFC 8392 builds it: COSE_Mac0 over bstr-wrapped headers and claims."""
    protected_bytes = cbor2.dumps({1: 5} if protected is None else protected)
    payload = cbor2.dumps(claims)
    structure = cbor2.dumps(["MAC0", protected_bytes, b"", payload])
    tag = hmac.new(key, structure, hashlib.sha256).digest()
    if tamper:
        tag = bytes([tag[0] ^ 1]) + tag[1:]
    mac0 = cbor2.CBORTag(17, [protected_bytes, {4: b"kid-1"}, payload, tag])
    token: bytes = cbor2.dumps(cbor2.CBORTag(61, mac0) if cwt_tag else mac0)
    return token


def python_verify(token: bytes, key: bytes = KEY) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """(protected headers, claims) of a valid token; AssertionError otherwise."""
    value = cbor2.loads(token)
    if isinstance(value, cbor2.CBORTag) and value.tag == 61:
        value = value.value
    assert isinstance(value, cbor2.CBORTag)
    assert value.tag == 17
    protected_bytes, _unprotected, payload, tag = value.value
    structure = cbor2.dumps(["MAC0", protected_bytes, b"", payload])
    assert hmac.compare_digest(tag, hmac.new(key, structure, hashlib.sha256).digest())
    return (cbor2.loads(protected_bytes) if protected_bytes else {}), cbor2.loads(payload)


VALIDATE: Final = """import cf from 'cloudfront';
function handler(event) {
    var request = event.request;
    var token = Buffer.from(request.headers['x-token'].value, 'base64url');
    var key = request.headers['x-key'] ? Buffer.from(request.headers['x-key'].value, 'hex') : 'k';
    try {
        var cwt = cf.cwt.validateToken(token, {key: key});
        request.headers['x-out'] = {value: JSON.stringify({
            protectedHeaders: cwt.protectedHeaders,
            kid: cwt.unprotectedHeaders['4'].toString(),
            payload: cwt.payload})};
    } catch (err) {
        request.headers['x-error'] = {value: err.name + ': ' + err.message};
    }
    return request;
}
"""


def validate(token: bytes, key: bytes = KEY) -> LocalTestResult:
    event = TestEvent.viewer_request(headers={"x-token": b64url(token), "x-key": key.hex()})
    result = run_locally(VALIDATE, event, runtime="cloudfront-js-2.0")
    assert result.error_message is None, result.error_message
    return result


def header(result: LocalTestResult, name: str) -> str | None:
    output: Any = result.output
    entry = output["request"]["headers"].get(name)
    return None if entry is None else entry["value"]


def test_a_token_made_in_python_validates_and_decodes_with_string_claim_keys() -> None:
    result = validate(python_token(CLAIMS))
    assert json.loads(header(result, "x-out") or "") == {
        "protectedHeaders": {"1": 5},
        "kid": "kid-1",
        "payload": {
            "1": "https://iss.example.com",
            "2": "exampleUser",
            "4": 1444064944,
            "401": {"2": {"1": "/a/"}},
        },
    }
    assert result.warnings == ()


def test_the_cwt_tag_is_optional_but_the_mac0_tag_is_required() -> None:
    assert header(validate(python_token(CLAIMS, cwt_tag=False)), "x-out")
    untagged = cbor2.dumps(cbor2.loads(python_token(CLAIMS, cwt_tag=False)).value)
    assert "not a COSE MAC0 structure" in (header(validate(untagged), "x-error") or "")


@pytest.mark.parametrize(
    ("token", "key"),
    [
        (python_token(CLAIMS, tamper=True), KEY),
        (python_token(CLAIMS), b"another key"),
    ],
    ids=["tampered-tag", "wrong-key"],
)
def test_a_token_with_a_wrong_mac_throws(token: bytes, key: bytes) -> None:
    assert "the MAC does not match" in (header(validate(token, key), "x-error") or "")


def test_a_token_over_1_kb_throws_and_one_at_the_limit_validates() -> None:
    def sized(size: int) -> bytes:
        low, high = 0, size
        while low < high:  # the filler length that makes the token exactly ``size`` bytes
            middle = (low + high) // 2
            if len(python_token({1: "x" * middle})) < size:
                low = middle + 1
            else:
                high = middle
        token = python_token({1: "x" * low})
        assert len(token) == size
        return token

    assert header(validate(sized(1024)), "x-out")
    assert "larger than 1 KB" in (header(validate(sized(1025)), "x-error") or "")


def test_another_algorithm_is_a_warning_not_an_invented_error() -> None:
    result = validate(python_token(CLAIMS, protected={1: 4}))
    assert header(result, "x-out")
    assert any("HMAC 256/256" in warning for warning in result.warnings)


GENERATE: Final = """import cf from 'cloudfront';
function handler(event) {
    var token = cf.cwt.generateToken({
        protected: {1: 5},
        unprotected: {4: Buffer.from('kid-1')},
        payload: {1: 'cloudfront-documentation', 4: 1740000000, 5: -3, 6: 1.5,
                  7: Buffer.from([0, 255]), 401: {3: {3: ['.m3u8', '.ts']}}, 'name': 'ü',
                  8: true, 9: null}
    }, {cwtTag: true, coseTag: 'MAC0', key: event.request.headers['x-key'].value});
    return {statusCode: 200, headers: {'x-token': {value: token.toString('base64url')}}};
}
"""


def generated(code: str = GENERATE, key: str = "secret") -> str:
    event = TestEvent.viewer_request(headers={"x-key": key})
    result = run_locally(code, event, runtime="cloudfront-js-2.0")
    assert result.error_message is None, result.error_message
    output: Any = result.output
    return str(output["response"]["headers"]["x-token"]["value"])


def test_a_token_generated_locally_verifies_in_python() -> None:
    token = unb64url(generated())
    assert token[:4] == bytes.fromhex("d83dd184")  # tag 61, tag 17, an array of four
    protected, claims = python_verify(token, b"secret")
    assert protected == {1: 5}
    assert claims == {
        1: "cloudfront-documentation",
        4: 1740000000,
        5: -3,
        6: 1.5,
        7: b"\x00\xff",
        401: {3: {3: [".m3u8", ".ts"]}},
        "name": "ü",
        8: True,
        9: None,
    }
    assert cbor2.loads(token).value.value[1] == {4: b"kid-1"}
    with pytest.raises(AssertionError):
        python_verify(token, b"other")


def test_generate_validate_round_trip_and_the_guides_argument_orders() -> None:
    code = """import cf from 'cloudfront';
    function handler(event) {
        var context = {coseTag: 'MAC0', key: 'k'};
        var first = cf.cwt.generateToken({protectedHeaders: {1: 5}, payload: {4: 10}}, context);
        var decoded = cf.cwt.validateToken(first, {key: 'k'});
        decoded.payload['4'] = 20;  // the guide's refresh example: regenerate from the result
        var second = cf.cwt.generateToken(context, decoded);
        var again = cf.cwt.validateToken(second, {key: 'k'});
        return {statusCode: 200, headers: {'x-out': {value: JSON.stringify(again.payload)},
                'x-tagged': {value: String(first[0] === 0xd1)}}};
    }
    """
    result = run_locally(code, TestEvent.viewer_request(), runtime="cloudfront-js-2.0")
    assert result.error_message is None, result.error_message
    assert result.response is not None
    assert result.response.headers["x-out"].value == '{"4":20}'
    assert result.response.headers["x-tagged"].value == "true"  # no cwtTag: starts at tag 17
    assert any("generateToken(context, payload)" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("cf.cwt.validateToken('not a buffer', {key: 'k'})", "must be a Buffer"),
        ("cf.cwt.validateToken(Buffer.from([0xd1]), {})", "key must be a string or a Buffer"),
        ("cf.cwt.validateToken(Buffer.from([0xd1, 0x84]), {key: 'k'})", "malformed CBOR"),
        (
            "cf.cwt.generateToken({payload: {}}, {coseTag: 'MAC', key: 'k'})",
            'coseTag must be "MAC0"',
        ),
        (
            "cf.cwt.generateToken({payload: {1: 'x'.repeat(1100)}}, {coseTag: 'MAC0', key: 'k'})",
            "larger than 1 KB",
        ),
    ],
)
def test_bad_calls_throw(call: str, message: str) -> None:
    code = (
        f"import cf from 'cloudfront';\nfunction handler(event) {{ {call}; return event.request; }}"
    )
    result = run_locally(code, TestEvent.viewer_request(), runtime="cloudfront-js-2.0")
    assert message in (result.error_message or ""), result.error_message


def test_cwt_is_missing_in_1_0() -> None:
    code = "var cf = require('cloudfront'); function handler(e) { return cf.cwt; }"
    result = run_locally(code, TestEvent.viewer_request(), runtime="cloudfront-js-1.0")
    assert "Cannot find module 'cloudfront'" in (result.error_message or "")


claim_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.text(max_size=20)
    | st.binary(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.integers(0, 500), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.integers(min_value=1, max_value=1000), claim_values, max_size=5))
def test_any_claim_set_made_in_python_decodes_in_javascript(claims: dict[int, Any]) -> None:
    token = python_token(claims)
    if len(token) > 1024:
        return
    result = validate(token)
    decoded = json.loads(header(result, "x-out") or "")["payload"]

    def as_js(value: Any) -> Any:  # what JSON.stringify makes of the decoded value
        if isinstance(value, bytes):
            return {"type": "Buffer", "data": list(value)}
        if isinstance(value, list):
            return [as_js(item) for item in value]
        if isinstance(value, dict):
            return {str(key): as_js(item) for key, item in value.items()}
        return value

    assert decoded == as_js(claims)
