"""Typed CloudFront Functions event objects, for `CloudFrontFunctions.test_function`.

The JSON follows the documented event structure (version 1.0): ``context``, ``viewer``,
``request`` and, for viewer-response events, ``response``. Header names are lower-cased,
as CloudFront always passes them.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    from ._event_models import FunctionEvent

__all__ = ["TestEvent"]

EventType = Literal["viewer-request", "viewer-response"]

Values = tuple[tuple[str, tuple[str, ...]], ...]
"""Named values in order: ``(("accept", ("text/html",)), ...)``."""

ValuesInput = Mapping[str, str | Sequence[str]]
"""``{"name": "value"}`` or ``{"name": ["value", "other value"]}``."""


def _to_values(value: object, *, lower: bool = False) -> object:
    if not isinstance(value, Mapping):
        return value
    pairs = []
    for name, given in value.items():
        if not isinstance(name, str):
            raise ValueError("names must be str")
        values = (given,) if isinstance(given, str) else given
        if not isinstance(values, Sequence) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"the value of {name!r} must be a str or a sequence of str")
        pairs.append((name.lower() if lower else name, tuple(values)))
    return tuple(pairs)


def _to_header_values(value: object) -> object:
    return _to_values(value, lower=True)


NamedValues = Annotated[Values, BeforeValidator(_to_values)]
HeaderValues = Annotated[Values, BeforeValidator(_to_header_values)]


def _request_input(
    *,
    method: str,
    uri: str,
    querystring: ValuesInput | None,
    headers: ValuesInput | None,
    cookies: ValuesInput | None,
    client_ip: str,
) -> dict[str, object]:
    return {
        "method": method,
        "uri": uri,
        "querystring": querystring or {},
        "headers": headers or {},
        "cookies": cookies or {},
        "client_ip": client_ip,
    }


def _json_values(values: Values) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, items in values:
        entry: dict[str, Any] = {"value": items[0] if items else ""}
        if len(items) > 1:
            entry["multiValue"] = [{"value": item} for item in items]
        result[name] = entry
    return result


class TestEvent(BaseModel, frozen=True):
    """An event object for `CloudFrontFunctions.test_function`.

    Build one with `TestEvent.viewer_request` or `TestEvent.viewer_response`; any other
    shape can be passed to ``test_function`` as a dict or as JSON bytes.
    """

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, defer_build=True)

    event_type: EventType = Field(description="The event type: viewer-request or viewer-response.")
    method: str = Field(default="GET", min_length=1, description="The request's HTTP method.")
    uri: str = Field(default="/", description="The request's relative path, starting with /.")
    querystring: NamedValues = Field(
        default=(), description="The query string parameters, as (name, values) pairs in order."
    )
    headers: HeaderValues = Field(
        default=(), description="The request headers, as (name, values) pairs, names lower-cased."
    )
    cookies: NamedValues = Field(
        default=(), description="The request cookies, as (name, values) pairs in order."
    )
    client_ip: str = Field(
        default="198.51.100.10", description="The viewer's IPv4 or IPv6 address (viewer.ip)."
    )
    status_code: int | None = Field(
        default=None,
        ge=100,
        le=599,
        description="The response's status code, 100-599 (viewer-response; None sends 200).",
    )
    status_description: str | None = Field(
        default=None, description="The response's status text (viewer-response; None omits it)."
    )
    response_headers: HeaderValues = Field(
        default=(),
        description="The response headers, as (name, values) pairs, names lower-cased.",
    )
    response_cookies: NamedValues = Field(
        default=(), description="The response cookies, as (name, values) pairs in order."
    )
    distribution_domain_name: str = Field(
        default="d111111abcdef8.cloudfront.net",
        description="The distribution's CloudFront domain name (context.distributionDomainName).",
    )
    distribution_id: str = Field(
        default="EDFDVBD6EXAMPLE", description="The distribution's id (context.distributionId)."
    )
    request_id: str = Field(
        default="4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==",
        description="The id of the CloudFront request (context.requestId).",
    )

    @field_validator("uri")
    @classmethod
    def _check_uri(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with '/'")
        return value

    @field_validator("client_ip")
    @classmethod
    def _check_ip(cls, value: str) -> str:
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            raise ValueError("must be an IPv4 or IPv6 address") from None

    @classmethod
    def viewer_request(
        cls,
        *,
        method: str = "GET",
        uri: str = "/",
        querystring: ValuesInput | None = None,
        headers: ValuesInput | None = None,
        cookies: ValuesInput | None = None,
        client_ip: str = "198.51.100.10",
    ) -> TestEvent:
        """A viewer-request event: what CloudFront received from the viewer."""
        request = _request_input(
            method=method,
            uri=uri,
            querystring=querystring,
            headers=headers,
            cookies=cookies,
            client_ip=client_ip,
        )
        return _build({"event_type": "viewer-request", **request})

    @classmethod
    def viewer_response(
        cls,
        *,
        status_code: int = 200,
        status_description: str | None = None,
        response_headers: ValuesInput | None = None,
        response_cookies: ValuesInput | None = None,
        method: str = "GET",
        uri: str = "/",
        querystring: ValuesInput | None = None,
        headers: ValuesInput | None = None,
        cookies: ValuesInput | None = None,
        client_ip: str = "198.51.100.10",
    ) -> TestEvent:
        """A viewer-response event: the response CloudFront is about to send to the viewer."""
        request = _request_input(
            method=method,
            uri=uri,
            querystring=querystring,
            headers=headers,
            cookies=cookies,
            client_ip=client_ip,
        )
        return _build(
            {
                "event_type": "viewer-response",
                "status_code": status_code,
                "status_description": status_description,
                "response_headers": response_headers or {},
                "response_cookies": response_cookies or {},
                **request,
            }
        )

    def to_dict(self) -> dict[str, object]:
        """The event object as CloudFront passes it to ``handler(event)``."""
        event: dict[str, Any] = {
            "version": "1.0",
            "context": {
                "distributionDomainName": self.distribution_domain_name,
                "distributionId": self.distribution_id,
                "eventType": self.event_type,
                "requestId": self.request_id,
            },
            "viewer": {"ip": self.client_ip},
            "request": {
                "method": self.method,
                "uri": self.uri,
                "querystring": _json_values(self.querystring),
                "headers": _json_values(self.headers),
                "cookies": _json_values(self.cookies),
            },
        }
        if self.event_type == "viewer-response":
            response: dict[str, Any] = {
                "statusCode": self.status_code or 200,
                "headers": _json_values(self.response_headers),
                "cookies": _json_values(self.response_cookies),
            }
            if self.status_description is not None:
                response["statusDescription"] = self.status_description
            event["response"] = response
        return event

    def to_event(self) -> FunctionEvent:
        """The event as the typed, frozen `FunctionEvent` a handler receives."""
        from ._event_models import FunctionEvent  # noqa: PLC0415 (built on first use)

        return FunctionEvent.model_validate(self.to_dict())

    def to_json(self) -> bytes:
        """The event object as the JSON bytes `TestFunction` sends."""
        return json.dumps(self.to_dict(), separators=(",", ":")).encode()


TestEvent.__test__ = False  # type: ignore[attr-defined]  # not a pytest test class
# (set after the class: as a class attribute it breaks the docs' pydantic extension)


def _build(data: Mapping[str, object]) -> TestEvent:
    """A `TestEvent`, or a `RequestValidationError` naming the builder's keyword argument."""
    from ._validation import validate_request  # noqa: PLC0415 (avoids an import cycle)

    return validate_request(TestEvent, "TestEvent", data)
