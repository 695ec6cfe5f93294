"""Realistic CloudFront functions, each with a test event and the output it must produce."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cloudfront_functions import TestEvent

HERE = Path(__file__).parent
KVS_ARN = "arn:aws:cloudfront::123456789012:key-value-store/0123abcd-4567-89ef-abcd-0123456789ab"


@dataclass(frozen=True)
class Case:
    name: str
    runtime: Literal["cloudfront-js-1.0", "cloudfront-js-2.0"]
    event: TestEvent
    expected: dict[str, Any]
    arns: tuple[str, ...] = ()
    key_value_store: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> bytes:
        return (HERE / f"{self.name}.js").read_bytes()


def _request(uri: str, **extra: Any) -> dict[str, Any]:
    return {"method": "GET", "uri": uri, "querystring": {}, "headers": {}, "cookies": {}, **extra}


CASES = [
    Case(
        "spa-rewrite",
        "cloudfront-js-1.0",
        TestEvent.viewer_request(uri="/docs/"),
        {"request": _request("/docs/index.html")},
    ),
    Case(
        "security-headers",
        "cloudfront-js-2.0",
        TestEvent.viewer_response(status_code=200),
        {
            "response": {
                "statusCode": 200,
                "headers": {
                    "strict-transport-security": {
                        "value": "max-age=63072000; includeSubDomains; preload"
                    },
                    "x-content-type-options": {"value": "nosniff"},
                    "x-frame-options": {"value": "DENY"},
                    "referrer-policy": {"value": "same-origin"},
                },
                "cookies": {},
            }
        },
    ),
    Case(
        "redirect-by-country",
        "cloudfront-js-1.0",
        TestEvent.viewer_request(uri="/shop", headers={"CloudFront-Viewer-Country": "DE"}),
        {
            "response": {
                "statusCode": 302,
                "statusDescription": "Found",
                "headers": {"location": {"value": "https://example.com/de/shop"}},
            }
        },
    ),
    Case(
        "cache-control",
        "cloudfront-js-2.0",
        TestEvent.viewer_response(uri="/assets/app.3f9a.js", status_code=200),
        {
            "response": {
                "statusCode": 200,
                "headers": {"cache-control": {"value": "public, max-age=31536000, immutable"}},
                "cookies": {},
            }
        },
    ),
    Case(
        "cors",
        "cloudfront-js-2.0",
        TestEvent.viewer_response(headers={"Origin": "https://app.example.com"}),
        {
            "response": {
                "statusCode": 200,
                "headers": {
                    "access-control-allow-origin": {"value": "https://app.example.com"},
                    "vary": {"value": "Origin"},
                },
                "cookies": {},
            }
        },
    ),
    Case(
        "kvs-redirect",
        "cloudfront-js-2.0",
        TestEvent.viewer_request(uri="/old-page"),
        {
            "response": {
                "statusCode": 301,
                "statusDescription": "Moved Permanently",
                "headers": {"location": {"value": "/new-page"}},
            }
        },
        arns=(KVS_ARN,),
        key_value_store={"/old-page": "/new-page"},
    ),
    Case(
        "jwt-check",
        "cloudfront-js-2.0",
        TestEvent.viewer_request(
            uri="/private",
            querystring={
                "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0."
                "cW8bDfUzzXWR5eUchc0-CFMzsW1y7pGtlVcpnORCepg"
            },
        ),
        {
            "request": _request(
                "/private",
                querystring={},
                headers={"x-user": {"value": "user-42"}},
            )
        },
    ),
]
