"""Typed, frozen models of the CloudFront Functions event structure (version 1.0).

`FunctionEvent` is what ``handler(event)`` receives; `FunctionRequest` and
`FunctionResponse` are also what a function returns, so `parse_output` turns a
``TestResult.output_raw`` into them and ``result.response.headers["location"].value``
type-checks. Models ignore unknown keys (the service may add some) and keep mappings
read-only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Literal
from urllib.parse import parse_qsl

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

__all__ = [
    "FieldValue",
    "FunctionBody",
    "FunctionContext",
    "FunctionCookie",
    "FunctionEvent",
    "FunctionRequest",
    "FunctionResponse",
    "FunctionViewer",
]


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        hide_input_in_errors=True,
        validate_default=True,
        defer_build=True,
    )


def _read_only(value: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(value))


class FieldValue(_Model):
    """A header, query string parameter or request cookie: ``value`` and the repeats."""

    value: str = Field(
        repr=False, description="The value; the first one for a repeated name (not in repr)."
    )
    multi_value: tuple[FieldValue, ...] | None = Field(
        default=None,
        repr=False,
        description="Every value in order for a repeated name, else None (not in repr).",
    )


class FunctionCookie(_Model):
    """A response cookie: the value, its ``Set-Cookie`` attributes and the repeats."""

    value: str = Field(repr=False, description="The cookie's value (not in repr).")
    attributes: str | None = Field(
        default=None, description="The Set-Cookie attributes, e.g. 'Secure; Path=/', or None."
    )
    multi_value: tuple[FunctionCookie, ...] | None = Field(
        default=None,
        repr=False,
        description="Every cookie of this name in order when set more than once (not in repr).",
    )


def _query_string(value: object) -> object:
    """A returned request may carry its query string as one string: parse it."""
    if not isinstance(value, str):
        return value
    result: dict[str, dict[str, object]] = {}
    for name, item in parse_qsl(value.lstrip("?"), keep_blank_values=True):
        if name in result:
            entry = result[name]
            entry.setdefault("multiValue", [{"value": entry["value"]}])
            entry["multiValue"].append({"value": item})  # type: ignore[attr-defined]
        else:
            result[name] = {"value": item}
    return result


Values = Annotated[Mapping[str, FieldValue], AfterValidator(_read_only)]
Cookies = Annotated[Mapping[str, FunctionCookie], AfterValidator(_read_only)]


class FunctionBody(_Model):
    """A generated response's body: ``data`` in ``encoding`` (never shown in repr)."""

    data: str = Field(repr=False, description="The body's content (not in repr).")
    encoding: Literal["text", "base64"] | str = Field(
        default="text", description="How data is encoded: text or base64."
    )


class FunctionRequest(_Model):
    """The request: method, URI, query string, headers and cookies (names lower-cased)."""

    method: str = Field(default="GET", description="The request's HTTP method.")
    uri: str = Field(default="/", description="The request's relative path.")
    querystring: Annotated[Values, BeforeValidator(_query_string)] = Field(
        default_factory=dict,
        description="The query string parameters by name (a returned string is parsed).",
    )
    headers: Values = Field(
        default_factory=dict, description="The request headers by lower-cased name."
    )
    cookies: Values = Field(default_factory=dict, description="The request cookies by name.")


def _body(value: object) -> object:
    return {"data": value, "encoding": "text"} if isinstance(value, str) else value


class FunctionResponse(_Model):
    """A response: status code and description, headers, cookies and an optional body.

    A body given as a plain string (allowed in runtime 2.0) reads as ``encoding="text"``.
    """

    status_code: int = Field(description="The response's HTTP status code.")
    status_description: str | None = Field(
        default=None, description="The response's HTTP status text, or None."
    )
    headers: Values = Field(
        default_factory=dict, description="The response headers by lower-cased name."
    )
    cookies: Cookies = Field(
        default_factory=dict, description="The cookies the response sets, by name."
    )
    body: Annotated[FunctionBody | None, BeforeValidator(_body)] = Field(
        default=None, description="The body of a generated response, or None."
    )


class FunctionContext(_Model):
    """``event.context``: the distribution, the event type, the request id."""

    distribution_domain_name: str | None = Field(
        default=None, description="The standard distribution's CloudFront domain name, or None."
    )
    distribution_id: str | None = Field(default=None, description="The distribution's id, or None.")
    event_type: str = Field(
        default="viewer-request", description="The event type: viewer-request or viewer-response."
    )
    request_id: str | None = Field(
        default=None, description="The id of the CloudFront request and its response, or None."
    )
    endpoint: str | None = Field(
        default=None,
        description="The connection group's CloudFront domain name (multi-tenant), or None.",
    )


class FunctionViewer(_Model):
    """``event.viewer``: the viewer's IP address."""

    ip: str = Field(description="The viewer's IP address (a proxy's, if one sent the request).")


class FunctionEvent(_Model):
    """The whole event object a handler receives."""

    version: str = Field(default="1.0", description="The event structure's version.")
    context: FunctionContext = Field(
        default_factory=FunctionContext,
        description="The distribution, the event type and the request id.",
    )
    viewer: FunctionViewer | None = Field(
        default=None, description="The viewer's IP address, or None if absent."
    )
    request: FunctionRequest = Field(
        default_factory=FunctionRequest, description="The request CloudFront received."
    )
    response: FunctionResponse | None = Field(
        default=None, description="The response to send (viewer-response events), else None."
    )


def parse_output(
    output_raw: str | None,
) -> tuple[FunctionRequest | None, FunctionResponse | None]:
    """(request, response) from a TestFunction output; ``None`` for what is absent.

    The output is ``{"request": ...}`` or ``{"response": ...}``; anything that does not
    parse gives ``(None, None)`` (``output`` keeps the raw value).
    """
    if not output_raw:
        return None, None
    try:
        data = json.loads(output_raw)
    except (ValueError, RecursionError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    request = response = None
    try:
        if isinstance(data.get("request"), dict):
            request = FunctionRequest.model_validate(data["request"])
        if isinstance(data.get("response"), dict):
            response = FunctionResponse.model_validate(data["response"])
    except ValueError:  # pydantic's ValidationError is one
        return None, None
    return request, response
