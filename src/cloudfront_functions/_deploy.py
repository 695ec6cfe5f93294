"""`CloudFrontFunctions.deploy`: create or update, test, publish; idempotent and race-aware."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal, NamedTuple

from ._errors import (
    DeployConflict,
    DeployTestFailed,
    FunctionAlreadyExists,
    NoSuchFunctionExists,
    PreconditionFailed,
)
from ._models import FunctionSummary, Stage
from ._results import DeployResult, TestResult

if TYPE_CHECKING:
    from ._client import CloudFrontFunctions
    from ._requests import DeployRequest

logger = logging.getLogger(__name__)


class _StageState(NamedTuple):
    summary: FunctionSummary
    code: bytes


class _Changed(Exception):
    """The function changed between two of our reads, or was created by someone else."""


class Deployment:
    """One `deploy` call: a validated request and the client that carries it out."""

    def __init__(self, cf: CloudFrontFunctions, request: DeployRequest) -> None:
        self._cf = cf
        self._request = request

    def run(self) -> DeployResult:
        conflicts = 0
        while True:
            try:
                return self._attempt()
            except (PreconditionFailed, _Changed) as exc:
                if conflicts >= self._request.retry_on_conflict:
                    # Chain to the service error that revealed it, not to our marker.
                    cause = exc.__cause__ if isinstance(exc, _Changed) else exc
                    raise DeployConflict(
                        f"function {self._request.name!r} changed while deploy was running "
                        f"({exc}); nothing of it was overwritten. Deploy again to apply "
                        "your version over the new one, or pass retry_on_conflict."
                    ) from cause
                conflicts += 1
                logger.debug("deploy %s: conflict, retry %d", self._request.name, conflicts)

    def _attempt(self) -> DeployResult:
        request = self._request
        action: Literal["created", "updated", "unchanged"]
        development = self._read(Stage.DEVELOPMENT)
        if development is None:
            summary = self._create()
            action = "created"
        elif self._matches(development):
            summary, action = development.summary, "unchanged"
        else:
            summary = self._update(_etag(development.summary))
            action = "updated"
        etag = _etag(summary)
        logger.debug("deploy %s: %s", request.name, action)

        test_result: TestResult | None = None
        if request.test_event is not None:
            test_result = self._cf.test_function(
                request.name, if_match=etag, event=request.test_event
            )
            if test_result.error_message is not None:
                raise DeployTestFailed(
                    f"function {request.name!r} failed on the test event; not published",
                    test_result,
                )

        published = False
        if request.publish and (action != "unchanged" or not self._live_matches()):
            summary = self._cf.publish_function(request.name, if_match=etag)
            published = True
        return DeployResult(
            action=action, published=published, summary=summary, test_result=test_result
        )

    def _create(self) -> FunctionSummary:
        try:
            return self._cf.create_function(self._request.create_request())
        except FunctionAlreadyExists as exc:
            # A retried create whose first attempt landed finds our own function: fine.
            # Anything else was created by someone else in the meantime: a conflict.
            development = self._read(Stage.DEVELOPMENT)
            if development is None or not self._matches(development):
                raise _Changed("it was created by someone else") from exc
            return development.summary

    def _update(self, etag: str) -> FunctionSummary:
        try:
            return self._cf._send_update(self._request.update_request(etag))
        except PreconditionFailed:
            # A retried update whose first attempt landed (the connection dropped before the
            # answer) finds the ETag changed by our own write: fine if it holds our version.
            development = self._read(Stage.DEVELOPMENT)
            if development is None or not self._matches(development):
                raise
            return development.summary

    def _read(self, stage: Stage) -> _StageState | None:
        try:
            summary = self._cf.describe_function(self._request.name, stage=stage)
            code = self._cf.get_function(self._request.name, stage=stage)
        except NoSuchFunctionExists:
            return None
        if summary.etag != code.etag:
            raise _Changed(f"its {stage.value} ETag changed between two reads")
        return _StageState(summary, code.code)

    def _matches(self, state: _StageState) -> bool:
        return (
            state.code == self._request.function_code
            and state.summary.function_config == self._request.function_config
        )

    def _live_matches(self) -> bool:
        live = self._read(Stage.LIVE)
        return live is not None and self._matches(live)


def _etag(summary: FunctionSummary) -> str:
    if summary.etag is None:  # every call deploy makes before this returns one
        raise DeployConflict(f"CloudFront returned no ETag for {summary.name!r}")
    return summary.etag
