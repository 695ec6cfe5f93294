"""Canned, realistic CloudFront XML responses served through botocore's ``before-send``.

Everything else in botocore's pipeline runs for real: parameter validation, serialization,
signing, the event system, XML parsing. Only the socket is replaced.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any
from urllib.parse import parse_qs, urlsplit

from botocore.awsrequest import AWSPreparedRequest, AWSResponse

NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
KVS_ARN = "arn:aws:cloudfront::123456789012:key-value-store/0123abcd-4567-89ef-abcd-0123456789ab"


def summary_xml(name: str, *, root: bool = True) -> str:
    xmlns = f' xmlns="{NS}"' if root else ""
    return (
        f"<FunctionSummary{xmlns}><Name>{name}</Name><Status>UNASSOCIATED</Status>"
        "<FunctionConfig><Comment>Rewrite directory URLs to index.html</Comment>"
        "<Runtime>cloudfront-js-2.0</Runtime><KeyValueStoreAssociations><Quantity>1</Quantity>"
        f"<Items><KeyValueStoreAssociation><KeyValueStoreARN>{KVS_ARN}</KeyValueStoreARN>"
        "</KeyValueStoreAssociation></Items></KeyValueStoreAssociations></FunctionConfig>"
        "<FunctionMetadata>"
        f"<FunctionARN>arn:aws:cloudfront::123456789012:function/{name}</FunctionARN>"
        "<Stage>DEVELOPMENT</Stage><CreatedTime>2026-11-20T09:30:12.345Z</CreatedTime>"
        "<LastModifiedTime>2026-11-25T18:03:44.120Z</LastModifiedTime>"
        "</FunctionMetadata></FunctionSummary>"
    )


def list_page_xml(names: list[str], next_marker: str | None) -> bytes:
    marker = f"<NextMarker>{next_marker}</NextMarker>" if next_marker else ""
    items = "".join(summary_xml(name, root=False) for name in names)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><FunctionList xmlns="{NS}">{marker}'
        f"<MaxItems>{len(names)}</MaxItems><Quantity>{len(names)}</Quantity>"
        f"<Items>{items}</Items></FunctionList>"
    ).encode()


class _Body(BytesIO):
    def stream(self, **kwargs: Any) -> Any:
        yield self.read()


class CannedCloudFront:
    """Answers create/describe/update with one summary and list with pages of 100."""

    def __init__(self, functions: int = 0, page_size: int = 100) -> None:
        self.summary = ('<?xml version="1.0" encoding="UTF-8"?>' + summary_xml("bench")).encode()
        names = [f"function-{index:06d}" for index in range(functions)]
        self.pages: dict[str, bytes] = {}
        for start in range(0, max(len(names), 1), page_size):
            page = names[start : start + page_size]
            following = names[start + page_size] if start + page_size < len(names) else None
            self.pages[names[start] if start else ""] = list_page_xml(page, following)

    def attach(self, client: Any) -> Any:
        client.meta.events.register_first("before-send.cloudfront", self.respond)
        return client

    def respond(self, request: AWSPreparedRequest, **kwargs: Any) -> AWSResponse:
        headers: Any = {"x-amzn-RequestId": "bench", "ETag": "E2QWRUHEXAMPLE"}
        if request.method == "GET" and urlsplit(request.url).path.endswith("/function"):
            query = parse_qs(urlsplit(request.url).query)
            body = self.pages[query.get("Marker", [""])[0]]
            return AWSResponse(request.url, 200, headers, _Body(body))
        status = 201 if request.method == "POST" else 200
        return AWSResponse(request.url, status, headers, _Body(self.summary))
