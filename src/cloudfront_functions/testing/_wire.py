"""The wire formats the fake speaks: CloudFront's REST-XML and HTTP requests as botocore
sends them. Shared by the fake, tests/faults.py and the benchmarks' canned responses."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from botocore.awsrequest import AWSPreparedRequest

from ._state import ServiceFault

NS: Final = "http://cloudfront.amazonaws.com/doc/2020-05-31/"


@dataclass(frozen=True)
class Call:
    """One HTTP request, routed: its operation and the parts handlers read."""

    service: str
    operation: str
    params: Mapping[str, str]
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes = field(repr=False)

    @property
    def if_match(self) -> str | None:
        value = self.headers.get("if-match", "").strip()  # as HTTP header parsing does
        return value or None

    def xml(self) -> ET.Element:
        """The body as XML (REST-XML services)."""
        try:
            return ET.fromstring(self.body)  # noqa: S314 (botocore's serialization)
        except ET.ParseError as exc:
            raise ServiceFault(
                400, "MalformedXML", "The XML you provided was not well-formed"
            ) from exc

    def json(self) -> dict[str, Any]:
        """The body as a JSON object (REST-JSON services)."""
        try:
            value = json.loads(self.body or b"{}")
        except ValueError as exc:
            raise ServiceFault(400, "ValidationException", "The body is not JSON") from exc
        if not isinstance(value, dict):
            raise ServiceFault(400, "ValidationException", "The body is not a JSON object")
        return value


@dataclass(frozen=True)
class Reply:
    """What a handler answers: status, headers and body."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


def request_parts(request: AWSPreparedRequest) -> tuple[str, str, dict[str, str], dict[str, str]]:
    """The method, path, query and lower-cased headers of a botocore request."""
    url = urlsplit(request.url)
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    headers = {}
    for key, value in request.headers.items():
        headers[key.lower()] = value.decode() if isinstance(value, bytes) else str(value)
    return request.method or "", url.path, query, headers


def body_of(request: AWSPreparedRequest) -> bytes:
    body = request.body
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if body is not None and hasattr(body, "read"):
        data = body.read()
        return data if isinstance(data, bytes) else str(data).encode()
    return b""


# -- REST-XML ----------------------------------------------------------------------------


def find(element: ET.Element, path: str) -> ET.Element | None:
    return element.find("/".join(f"{{{NS}}}{part}" for part in path.split("/")))


def text(element: ET.Element, path: str) -> str:
    found = find(element, path)
    return "" if found is None or found.text is None else found.text


def element(tag: str) -> ET.Element:
    """A root element in CloudFront's namespace."""
    return ET.Element(tag, xmlns=NS)


def sub(parent: ET.Element, tag: str, value: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = value
    return child


def timestamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def now() -> datetime:
    return datetime.now(timezone.utc)


def xml(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(root)


def require_if_match(if_match: str | None, etag: str) -> None:
    """``If-Match`` must be the current ETag: missing is 400, stale is 412, as the service."""
    if not if_match:
        raise ServiceFault(400, "InvalidIfMatchVersion", "The If-Match version is missing")
    if if_match != etag:
        raise ServiceFault(412, "PreconditionFailed", "The If-Match version is not current")


def marker_page(
    call: Call, keys: Sequence[str], tag: str
) -> tuple[list[str], ET.Element, ET.Element]:
    """One ``Marker``/``MaxItems`` page of ``keys``: the page's keys, and a ``tag`` list
    element already holding ``NextMarker``, ``MaxItems`` and ``Quantity``, with its empty
    ``Items`` for the caller to fill."""
    marker = call.query.get("Marker")
    start = keys.index(marker) if marker in keys else 0
    max_items = int(call.query.get("MaxItems", "100"))
    page = list(keys[start : start + max_items])
    result = element(tag)
    if start + max_items < len(keys):
        sub(result, "NextMarker", keys[start + max_items])
    sub(result, "MaxItems", str(max_items))
    sub(result, "Quantity", str(len(page)))
    return page, result, sub(result, "Items")


def error_xml(fault: ServiceFault, request_id: str = "fake-error") -> bytes:
    response = element("ErrorResponse")
    error = sub(response, "Error")
    sub(error, "Type", "Sender" if fault.status < 500 else "Receiver")
    sub(error, "Code", fault.code)
    sub(error, "Message", fault.message)
    sub(response, "RequestId", request_id)
    return xml(response)


def error_json(fault: ServiceFault) -> bytes:
    """A REST-JSON error body, as the key value store service sends one."""
    return json.dumps({"__type": fault.code, "Message": fault.message}).encode()
