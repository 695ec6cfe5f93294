"""What the fake remembers: functions with their two stages, and service faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["FakeFunction", "ServiceFault", "StageCopy", "TestOutcome"]

ACCOUNT = "123456789012"


@dataclass(frozen=True)
class StageCopy:
    """One stage of a function. The code is not shown in ``repr``."""

    code: bytes = field(repr=False)
    comment: str
    runtime: str
    kvs_arns: tuple[str, ...]
    etag: str
    created: datetime
    modified: datetime


@dataclass
class FakeFunction:
    """A function in the fake: its DEVELOPMENT copy and, once published, its LIVE copy."""

    name: str
    development: StageCopy
    live: StageCopy | None = None
    associated: bool = False

    @property
    def arn(self) -> str:
        return f"arn:aws:cloudfront::{ACCOUNT}:function/{self.name}"

    @property
    def status(self) -> str:
        if self.live is None:
            return "UNPUBLISHED"
        return "DEPLOYED" if self.associated else "UNASSOCIATED"


@dataclass(frozen=True)
class TestOutcome:
    """What ``TestFunction`` reports: ``output`` is the JSON value of ``FunctionOutput``."""

    __test__ = False  # keep pytest from collecting this class

    output: Any = None
    error: str = ""
    logs: tuple[str, ...] = ()
    compute_utilization: str | None = None


class ServiceFault(Exception):
    """Raise it inside the fake (e.g. from a ``before`` hook) to answer with a service error."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
