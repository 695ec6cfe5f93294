"""Frozen results of the operations that do not return a plain `FunctionSummary`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field

from ._frozen import JsonValue, freeze
from ._models import RESPONSE, FunctionSummary, Shape, Stage, stage_or_str
from ._preflight import PreflightReport

if TYPE_CHECKING:
    from ._event_models import FunctionRequest, FunctionResponse

__all__ = ["DeployResult", "FunctionCode", "TagsChange", "TestResult"]


class FunctionCode(Shape, frozen=True):
    """A function's code in one stage, as ``GetFunction`` returns it.

    ``code`` is never shown in ``repr``/``str``. ``etag`` is that stage's ETag.
    """

    name: str = Field(description="The function's name.")
    stage: Annotated[Stage | str | None, BeforeValidator(stage_or_str)] = Field(
        default=None, description="The stage asked for (None: DEVELOPMENT)."
    )
    code: bytes = Field(repr=False, description="The JavaScript, as stored.")
    etag: str | None = Field(default=None, description="That stage's ETag.")
    content_type: str | None = Field(default=None, description="As CloudFront sent it.")

    @classmethod
    def from_response(
        cls, response: Mapping[str, object], *, name: str, stage: Stage | None
    ) -> FunctionCode:
        """Parse a boto3 ``GetFunction`` response whose payload was read."""
        return cls.model_validate(
            {
                "name": name,
                "stage": stage,
                "code": response["FunctionCode"],
                "etag": response.get("ETag"),
                "content_type": response.get("ContentType"),
            },
            context=RESPONSE,
        )


def _percent(value: object) -> object:
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return value


def _none_if_empty(value: object) -> object:
    return value or None


class TestResult(Shape, frozen=True):
    """What running a function on a test event produced.

    ``error_message`` is ``None`` when the function ran cleanly. ``output`` is the function's
    output parsed from JSON into read-only, hashable values (``FrozenDict`` and tuples);
    ``output_raw`` is the string as sent. Fields the service marks sensitive (logs, error,
    output) are left out of ``repr``.
    """

    function_summary: FunctionSummary | None = Field(
        default=None, description="The summary of the function that ran, if returned."
    )
    compute_utilization: Annotated[int | None, BeforeValidator(_percent)] = Field(
        default=None,
        description="The run's time as a percentage of the maximum allowed (None if unknown).",
    )
    execution_logs: tuple[str, ...] = Field(
        default=(),
        repr=False,
        description="The function's execution logs, one line each (sensitive: not in repr).",
    )
    error_message: Annotated[str | None, BeforeValidator(_none_if_empty)] = Field(
        default=None,
        repr=False,
        description="The error the function raised, or None if it ran cleanly (not in repr).",
    )
    output_raw: str | None = Field(
        default=None,
        repr=False,
        description="The function's output, the JSON string as sent (sensitive: not in repr).",
    )

    @property
    def output(self) -> JsonValue:
        """``output_raw`` parsed from JSON, read-only; ``None`` when absent or not JSON."""
        if not self.output_raw:
            return None
        try:
            return freeze(json.loads(self.output_raw))
        except (ValueError, RecursionError):
            return None

    @property
    def request(self) -> FunctionRequest | None:
        """The request the function returned, typed; ``None`` for a response or no output."""
        from ._event_models import parse_output  # noqa: PLC0415 (loaded on first use)

        return parse_output(self.output_raw)[0]

    @property
    def response(self) -> FunctionResponse | None:
        """The response the function returned, typed; ``None`` for a request or no output."""
        from ._event_models import parse_output  # noqa: PLC0415

        return parse_output(self.output_raw)[1]


class TagsChange(Shape, frozen=True):
    """What a call did to a function's tags: the keys it added, changed and removed."""

    added: tuple[str, ...] = Field(default=(), description="Keys that were not there.")
    updated: tuple[str, ...] = Field(default=(), description="Keys given a new value.")
    removed: tuple[str, ...] = Field(default=(), description="Keys taken away.")

    @property
    def changed(self) -> bool:
        """Whether any tag changed."""
        return bool(self.added or self.updated or self.removed)


TestResult.__test__ = False  # type: ignore[attr-defined]  # not a pytest test class
# (set after the class: as a class attribute it breaks the docs' pydantic extension)


class DeployResult(Shape, frozen=True):
    """What `CloudFrontFunctions.deploy` did.

    ``action`` says what happened to the DEVELOPMENT stage; ``published`` whether this
    call published it to LIVE. ``summary`` is the final state: the LIVE summary after a
    publish, the DEVELOPMENT summary (with its ETag) otherwise.
    """

    action: Literal["created", "updated", "unchanged"] = Field(
        description="What happened to the DEVELOPMENT stage."
    )
    published: bool = Field(description="Whether this call published to LIVE.")
    summary: FunctionSummary = Field(description="The final state (LIVE after a publish).")
    test_result: TestResult | None = Field(
        default=None, description="What the test event produced, when one was given."
    )
    preflight: PreflightReport | None = Field(
        default=None, description="What preflight found (warnings), or None if it did not run."
    )
    tags: TagsChange | None = Field(
        default=None, description="What changed in the tags, or None if tags were not given."
    )
