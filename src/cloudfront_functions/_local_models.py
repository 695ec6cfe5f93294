"""What `run_locally` takes besides code and event, and what it records.

Inputs: `EdgeLocation`, `DistributionTenant`, `OriginResponse` (or a callable returning
one, for ``origins``). Records: `OriginChange`, `FetchCall`. `LocalTestResult` is a
`TestResult` with those records added, so code written for ``test_function`` keeps working.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Literal, Protocol, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ._frozen import JsonValue, freeze
from ._results import TestResult

__all__ = [
    "DistributionTenant",
    "EdgeLocation",
    "FetchCall",
    "FetchRequest",
    "KeyValueSnapshot",
    "LocalTestResult",
    "OriginChange",
    "OriginResponse",
    "OriginsInput",
]

_CONFIG = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True, defer_build=True)


class KeyValueSnapshot(Protocol):
    """Anything with ``items()`` yielding ``(key, value)`` strings, e.g. a store snapshot."""

    def items(self) -> Iterable[tuple[str, str]]: ...


class EdgeLocation(BaseModel):
    """``cf.edgeLocation`` in a viewer-request function (empty in viewer-response).

    The default is the developer guide's own example.
    """

    model_config = _CONFIG

    name: str = Field(default="SEA", description="Three-letter IATA code.")
    server_ip: str = Field(default="1.2.3.4", description="The edge server's address.")
    region: str = Field(default="us-west-2", description="The expected regional edge cache.")

    def to_js(self) -> dict[str, str]:
        return {"name": self.name, "serverIp": self.server_ip, "region": self.region}


class DistributionTenant(BaseModel):
    """``cf.distributionTenant`` for a multi-tenant distribution: its id and parameters."""

    model_config = _CONFIG

    id: str = Field(description="The distribution tenant id, e.g. dt_1a2b3c4d5e6f7.")
    parameters: Mapping[str, str] = Field(
        default_factory=dict, repr=False, description="The tenant's parameters (not in repr)."
    )


class OriginResponse(BaseModel):
    """A canned answer to ``cf.fetch`` from one origin. The body is never shown in repr."""

    model_config = _CONFIG

    status: int = Field(default=200, ge=100, le=599, description="The HTTP status code.")
    status_text: str = Field(default="", description="The HTTP status text.")
    headers: Mapping[str, str] = Field(
        default_factory=dict, description="The response headers (names lower-cased)."
    )
    body: str = Field(default="", repr=False, description="The response body (not in repr).")

    @field_validator("headers")
    @classmethod
    def _lower(cls, value: Mapping[str, str]) -> Mapping[str, str]:
        return {name.lower(): item for name, item in value.items()}


class FetchRequest(BaseModel):
    """What the function asked of an origin with ``cf.fetch``."""

    model_config = _CONFIG

    path: str = Field(description="The path fetched, starting with /.")
    origin_id: str | None = Field(description="The origin named by options.originId, or None.")
    method: str = Field(description="The HTTP method, upper-cased (GET unless given).")
    headers: Mapping[str, str] = Field(
        default_factory=dict,
        repr=False,
        description="The request headers, names lower-cased (not in repr).",
    )
    body: str | None = Field(
        default=None, repr=False, description="The request body, or None (not in repr)."
    )


OriginAnswer: TypeAlias = "OriginResponse | Mapping[str, object]"
OriginsInput: TypeAlias = Mapping[
    str, "OriginResponse | Mapping[str, object] | Callable[[FetchRequest], OriginAnswer]"
]
"""Origin id -> a canned response, or a callable answering each `FetchRequest`."""


class FetchCall(BaseModel):
    """One ``cf.fetch`` call and what it got: a response, or ``error`` for a failed call."""

    model_config = _CONFIG

    request: FetchRequest = Field(description="What the function asked of the origin.")
    response: OriginResponse | None = Field(
        default=None, description="The origin's answer, or None if the call failed."
    )
    error: str | None = Field(default=None, description="Why the call failed, or None.")


class OriginChange(BaseModel):
    """One call of an origin helper, in call order, with its arguments as passed.

    ``problems`` lists what the local checks found (also in the result's ``warnings``):
    the guide does not say what CloudFront does with a bad argument.
    """

    model_config = _CONFIG

    helper: Literal[
        "updateRequestOrigin", "selectRequestOriginById", "createRequestOriginGroup"
    ] = Field(description="Which origin helper was called.")
    arguments_json: str = Field(repr=False, description="The arguments, as JSON.")
    problems: tuple[str, ...] = Field(
        default=(), description="What the local checks found wrong with the arguments."
    )

    @property
    def arguments(self) -> JsonValue:
        """The arguments, read-only: an object for two helpers, the origin id for one."""
        return freeze(json.loads(self.arguments_json))


class LocalTestResult(TestResult, frozen=True):
    """`TestResult` from `run_locally`, plus what CloudFront's TestFunction never shows.

    ``origin_changes``: every origin helper call, in order. ``fetches``: every ``cf.fetch``.
    ``warnings``: what the runtime would do that is only approximated here.
    """

    origin_changes: tuple[OriginChange, ...] = Field(
        default=(), description="Every origin helper call, in call order."
    )
    fetches: tuple[FetchCall, ...] = Field(
        default=(), description="Every cf.fetch call, in call order."
    )
    warnings: tuple[str, ...] = Field(
        default=(), description="What the runtime would do that is only approximated here."
    )
