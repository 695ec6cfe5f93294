"""The decisions of `CloudFrontFunctions.deploy`: create or update, test, publish.

They are a generator of operations, free of I/O: it yields each request it needs sent and
receives the result (or has the error thrown in). The facade drives it with its one call
path; an async facade would drive the same generator with ``await``.
"""

from __future__ import annotations

import logging
from typing import Literal, NamedTuple

from ._call import Steps, ask
from ._errors import (
    DeployConflict,
    DeployTestFailed,
    FunctionAlreadyExists,
    NoSuchFunctionExists,
    PreconditionFailed,
)
from ._models import FunctionSummary, Stage
from ._requests import (
    DeployRequest,
    DescribeFunctionRequest,
    GetFunctionRequest,
    PublishFunctionRequest,
    TestFunctionRequest,
)
from ._results import DeployResult, TagsChange, TestResult

__all__ = ["deploy_steps"]

logger = logging.getLogger(__name__)


class _StageState(NamedTuple):
    summary: FunctionSummary
    code: bytes


class _Changed(Exception):
    """The function changed between two of our reads, or was created by someone else."""


def deploy_steps(request: DeployRequest) -> Steps[DeployResult]:
    """Make the function match ``request``, retrying conflicts as it allows."""
    conflicts = 0
    while True:
        try:
            return (yield from _attempt(request))
        except (PreconditionFailed, _Changed) as exc:
            if conflicts >= request.retry_on_conflict:
                # Chain to the service error that revealed it, not to our marker.
                cause = exc.__cause__ if isinstance(exc, _Changed) else exc
                raise DeployConflict(
                    f"function {request.name!r} changed while deploy was running "
                    f"({exc}); nothing of it was overwritten. Deploy again to apply "
                    "your version over the new one, or pass retry_on_conflict."
                ) from cause
            conflicts += 1
            logger.debug("deploy %s: conflict, retry %d", request.name, conflicts)


def _attempt(request: DeployRequest) -> Steps[DeployResult]:
    action: Literal["created", "updated", "unchanged"]
    development = yield from _read(request, Stage.DEVELOPMENT)
    if development is None:
        summary = yield from _create(request)
        action = "created"
    elif _matches(request, development):
        summary, action = development.summary, "unchanged"
    else:
        summary = yield from _update(request, _etag(development.summary))
        action = "updated"
    etag = _etag(summary)
    logger.debug("deploy %s: %s", request.name, action)
    tags = yield from _tags(request, action, summary)

    test_result: TestResult | None = None
    if request.test_event is not None:
        test_result = yield from ask(
            TestFunctionRequest(name=request.name, if_match=etag, event_object=request.test_event)
        )
        if test_result.error_message is not None:
            raise DeployTestFailed(
                f"function {request.name!r} failed on the test event; not published",
                test_result,
            )

    published = False
    if request.publish and (action != "unchanged" or not (yield from _live_matches(request))):
        summary = yield from ask(PublishFunctionRequest(name=request.name, if_match=etag))
        published = True
    return DeployResult(
        action=action, published=published, summary=summary, test_result=test_result, tags=tags
    )


def _tags(
    request: DeployRequest, action: str, summary: FunctionSummary
) -> Steps[TagsChange | None]:
    """Make the tags equal to the request's, apart from the code: never a write of it."""
    if request.tags is None:
        return None
    if action == "created" and request.tags_with_create:
        return TagsChange(added=tuple(sorted(request.tags.as_dict())))
    from ._tags import sync_tags_steps  # noqa: PLC0415 (only a deploy with tags needs it)

    return (yield from sync_tags_steps(summary.function_metadata.function_arn, request.tags))


def _create(request: DeployRequest) -> Steps[FunctionSummary]:
    try:
        return (yield from ask(request.create_request()))
    except FunctionAlreadyExists as exc:
        # A retried create whose first attempt landed finds our own function: fine.
        # Anything else was created by someone else in the meantime: a conflict.
        development = yield from _read(request, Stage.DEVELOPMENT)
        if development is None or not _matches(request, development):
            raise _Changed("it was created by someone else") from exc
        return development.summary


def _update(request: DeployRequest, etag: str) -> Steps[FunctionSummary]:
    try:
        return (yield from ask(request.update_request(etag)))
    except PreconditionFailed:
        # A retried update whose first attempt landed (the connection dropped before the
        # answer) finds the ETag changed by our own write: fine if it holds our version.
        development = yield from _read(request, Stage.DEVELOPMENT)
        if development is None or not _matches(request, development):
            raise
        return development.summary


def _read(request: DeployRequest, stage: Stage) -> Steps[_StageState | None]:
    try:
        summary = yield from ask(DescribeFunctionRequest(name=request.name, stage=stage))
        code = yield from ask(GetFunctionRequest(name=request.name, stage=stage))
    except NoSuchFunctionExists:
        return None
    if summary.etag != code.etag:
        raise _Changed(f"its {stage.value} ETag changed between two reads")
    return _StageState(summary, code.code)


def _matches(request: DeployRequest, state: _StageState) -> bool:
    return (
        state.code == request.function_code
        and state.summary.function_config == request.function_config
    )


def _live_matches(request: DeployRequest) -> Steps[bool]:
    live = yield from _read(request, Stage.LIVE)
    return live is not None and _matches(request, live)


def _etag(summary: FunctionSummary) -> str:
    if summary.etag is None:  # every call deploy makes before this returns one
        raise DeployConflict(f"CloudFront returned no ETag for {summary.name!r}")
    return summary.etag
