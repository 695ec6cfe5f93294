"""The returned value checked the way CloudFront checks a function's output.

From the developer guide's event structure and restrictions pages: the shape of a request
or response, header/query string/cookie value objects, the status code, the body rules
and the disallowed and read-only headers. Each problem is one short message naming a
field, never a value (values are secret-grade).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping
from typing import Final

__all__ = ["check_output"]

MAX_BODY_BYTES: Final = 40 * 1024  # quotas page: size of a response body a function generates
# Restrictions on all edge functions: not exposed to functions, and functions cannot add them.
DISALLOWED: Final = (
    "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
    "proxy-connection", "trailer", "upgrade", "x-accel-buffering", "x-accel-charset",
    "x-accel-limit-rate", "x-accel-redirect", "x-amz-cf-*", "x-amzn-auth", "x-amzn-cf-billing",
    "x-amzn-cf-id", "x-amzn-cf-xff", "x-amzn-errortype", "x-amzn-fle-profile",
    "x-amzn-header-count", "x-amzn-header-order", "x-amzn-lambda-integration-tag",
    "x-amzn-requestid", "x-cache", "x-edge-*", "x-forwarded-proto", "x-real-ip",
)  # fmt: skip
_DISALLOWED: Final = re.compile("|".join(fnmatch.translate(p) for p in DISALLOWED))
# Read-only: a function can read them but not add, change or remove them.
READ_ONLY: Final = {
    "viewer-request": ("content-length", "host", "transfer-encoding", "via"),
    "viewer-response": (
        "content-encoding", "content-length", "transfer-encoding", "warning", "via",
    ),
}  # fmt: skip


def check_output(
    kind: str, value: object, event: Mapping[str, object], event_type: str, runtime2: bool
) -> tuple[list[str], list[str]]:
    """(errors, warnings) for what the handler returned, ``kind`` "request" or "response"."""
    errors: list[str] = []
    warnings: list[str] = []
    if not isinstance(value, Mapping):
        return [f"the handler must return an object, not {type(value).__name__}"], warnings
    if kind == "request":
        errors += _request(value)
        before = event.get("request")
    else:
        errors += _response(value, event_type, runtime2, warnings)
        before = event.get("response") if event_type == "viewer-response" else None
    errors += _headers(value.get("headers"), before, event_type, kind)
    return errors, warnings


def _request(request: Mapping[str, object]) -> Iterator[str]:
    uri = request.get("uri")
    if not isinstance(uri, str) or not uri.startswith("/"):
        yield "request.uri must be a string starting with /"
    if not isinstance(request.get("method"), str):
        yield "request.method must be a string"
    for part in ("querystring", "headers", "cookies"):
        if part == "querystring" and isinstance(request.get(part), str):
            continue  # a returned request may carry its query string as one string
        yield from _values(f"request.{part}", request.get(part))


def _response(
    response: Mapping[str, object], event_type: str, runtime2: bool, warnings: list[str]
) -> Iterator[str]:
    status = response.get("statusCode")
    if isinstance(status, bool) or not isinstance(status, int):
        yield "response.statusCode must be an integer"
    elif not 100 <= status <= 599:
        yield "response.statusCode must be an HTTP status code (100-599)"
    if "statusDescription" in response and not isinstance(response["statusDescription"], str):
        yield "response.statusDescription must be a string"
    for part in ("headers", "cookies"):
        yield from _values(f"response.{part}", response.get(part), cookies=part == "cookies")
    if "body" in response:
        if event_type == "viewer-response":
            warnings.append("a viewer-response function's body is not sent to the viewer")
        yield from _body(response["body"], runtime2)


def _body(body: object, runtime2: bool) -> Iterator[str]:
    if isinstance(body, str) and runtime2:
        data, encoding = body, "text"
    elif isinstance(body, Mapping):
        given, encoding = body.get("data"), body.get("encoding", "text")
        if not isinstance(given, str):
            yield "response.body.data must be a string"
            return
        if encoding not in ("text", "base64"):
            yield "response.body.encoding must be 'text' or 'base64'"
        data = given
    else:
        yield "response.body must be an object {data, encoding}" + (
            " or a string" if runtime2 else ""
        )
        return
    if len(data.encode("utf-8", "surrogatepass")) > MAX_BODY_BYTES:
        yield f"response.body is larger than {MAX_BODY_BYTES} bytes"
    del encoding


def _values(where: str, values: object, *, cookies: bool = False) -> Iterator[str]:
    if values is None:
        return
    if not isinstance(values, Mapping):
        yield f"{where} must be an object"
        return
    for name, entry in values.items():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("value"), str):
            yield f"{where}[{name!r}] must be an object with a string value"
            continue
        multi = entry.get("multiValue")
        if multi is not None and not (
            isinstance(multi, (list, tuple))
            and all(isinstance(m, Mapping) and isinstance(m.get("value"), str) for m in multi)
        ):
            yield f"{where}[{name!r}].multiValue must be a list of objects with a string value"
        if cookies and "attributes" in entry and not isinstance(entry["attributes"], str):
            yield f"{where}[{name!r}].attributes must be a string"


def _headers(headers: object, before: object, event_type: str, kind: str) -> Iterator[str]:
    if not isinstance(headers, Mapping):
        return
    original = before.get("headers") if isinstance(before, Mapping) else None
    original = original if isinstance(original, Mapping) else {}
    for name in headers:
        lower = str(name).lower()
        if lower not in original and _DISALLOWED.match(lower):
            yield f"{kind}.headers: {lower} is a disallowed header (CloudFront answers 502)"
    # Read-only headers only apply when the function passes the event's object on.
    same_object = kind == "request" or event_type == "viewer-response"
    if not same_object:
        return
    for name in READ_ONLY.get(event_type, ()):
        if _value(original.get(name)) != _value(headers.get(name)):
            yield f"{kind}.headers: {name} is read-only"


def _value(entry: object) -> object:
    return entry.get("value") if isinstance(entry, Mapping) else entry
