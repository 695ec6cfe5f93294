"""Frozen results of the operations that do not return a plain `FunctionSummary`."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from ._frozen import JsonValue, freeze
from ._models import FunctionSummary, Shape, Stage, stage_or_str

__all__ = ["DeployResult", "FunctionCode", "TestResult"]


class FunctionCode(Shape, frozen=True):
    """A function's code in one stage, as ``GetFunction`` returns it.

    ``code`` is never shown in ``repr``/``str``. ``etag`` is that stage's ETag.
    """

    name: str
    stage: Annotated[Stage | str | None, BeforeValidator(stage_or_str)] = None
    code: bytes = Field(repr=False)
    etag: str | None = None
    content_type: str | None = None


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

    __test__ = False  # keep pytest from collecting this class

    function_summary: FunctionSummary | None = None
    compute_utilization: Annotated[int | None, BeforeValidator(_percent)] = None
    execution_logs: tuple[str, ...] = Field(default=(), repr=False)
    error_message: Annotated[str | None, BeforeValidator(_none_if_empty)] = Field(
        default=None, repr=False
    )
    output_raw: str | None = Field(default=None, repr=False)

    @property
    def output(self) -> JsonValue:
        """``output_raw`` parsed from JSON, read-only; ``None`` when absent or not JSON."""
        if not self.output_raw:
            return None
        try:
            return freeze(json.loads(self.output_raw))
        except (ValueError, RecursionError):
            return None


class DeployResult(Shape, frozen=True):
    """What `CloudFrontFunctions.deploy` did.

    ``action`` says what happened to the DEVELOPMENT stage; ``published`` whether this
    call published it to LIVE. ``summary`` is the final state: the LIVE summary after a
    publish, the DEVELOPMENT summary (with its ETag) otherwise.
    """

    action: Literal["created", "updated", "unchanged"]
    published: bool
    summary: FunctionSummary
    test_result: TestResult | None = None
