"""`FakeCloudFront`: answers botocore's ``before-send`` event on real boto3 clients."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from typing import TYPE_CHECKING, Any, TypeVar

import botocore
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from cloudfront_functions._limits import CODE_SIZE_QUOTA

from ._routes import HANDLERS, match
from ._state import FakeFunction, ServiceFault, StageCopy, TestOutcome
from ._wire import Call, Reply, body_of, error_json, error_xml, now, request_parts

if TYPE_CHECKING:
    from botocore.client import BaseClient

    from ._distributions import FakeDistribution
    from ._kvs import FakeKeyValueStore

__all__ = ["FakeCloudFront"]

_C = TypeVar("_C", bound="BaseClient")
TestRunner = Callable[[StageCopy, dict[str, Any]], TestOutcome]


class _Body(BytesIO):
    def stream(self, **kwargs: Any) -> Any:
        yield self.read()


class FakeCloudFront:
    """An in-process CloudFront for tests: `attach` it to boto3 clients.

    It keeps DEVELOPMENT and LIVE stages with their own ETags, enforces ``If-Match`` as
    the service does, refuses code over the 10 KB quota (``code_size_quota``) with
    ``FunctionSizeLimitExceeded``, and answers ``TestFunction`` by running the code with
    `run_locally` (the ``[preflight]`` extra) or with ``test_runner``.

    What a test reads or changes:

    - ``functions``: the state, by name (DEVELOPMENT and LIVE copies, ETags);
    - ``key_value_stores``: ARN -> ``{key: value}``, what ``TestFunction`` sees;
    - ``calls`` (every operation, in order) and ``writes`` (the writes among them);
    - ``before``: called with each operation's name before it is handled, to change
      the state in between (a concurrent modification) or raise a `ServiceFault`;
    - `fail_next`, `modify` and `associate` inject faults and foreign changes.
    """

    def __init__(
        self, *, code_size_quota: int = CODE_SIZE_QUOTA, test_runner: TestRunner | None = None
    ) -> None:
        self.code_size_quota = code_size_quota
        self.test_runner = test_runner
        self.functions: dict[str, FakeFunction] = {}
        self.key_value_stores: dict[str, dict[str, str]] = {}
        self.key_value_store_records: dict[str, FakeKeyValueStore] = {}  # ARN -> store
        self.distributions: dict[str, FakeDistribution] = {}
        """Distributions by id (their configuration as sent, ETag, status)."""
        self.distribution_polls = 0
        """How many GetDistribution calls answer InProgress after a change before Deployed
        (0: the first poll already sees Deployed; waits in tests then never sleep)."""
        self.tags: dict[str, dict[str, str]] = {}
        """Tags by ARN, for functions and distributions."""
        self.calls: list[str] = []
        self.before: Callable[[str], None] | None = None
        self._faults: list[tuple[str, ServiceFault]] = []
        self._etags = itertools.count(1)
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"<FakeCloudFront: {len(self.functions)} functions, {len(self.calls)} calls>"

    def attach(self, client: _C) -> _C:
        """Answer ``client``'s requests from now on; returns the client.

        The client needs no credentials: its requests are left unsigned (the fake does
        not check signatures) and never leave the process.
        """
        service = client.meta.service_model.service_id.hyphenize()
        handler: Any = self.respond
        client.meta.events.register_first(f"before-send.{service}", handler)
        client.meta.events.register_first(f"choose-signer.{service}", _unsigned)
        return client

    @property
    def writes(self) -> list[str]:
        """The operations among ``calls`` that change something."""
        return [call for call in self.calls if not call.startswith(_READS)]

    def fail_next(
        self,
        operation: str,
        code: str = "Throttling",
        *,
        status: int = 400,
        message: str = "injected by FakeCloudFront",
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``operation`` (e.g. ``"UpdateFunction"``) with
        this service error: throttling (the default), a 5xx, or any other code."""
        with self._lock:
            self._faults += [(operation, ServiceFault(status, code, message))] * times

    def associate(self, name: str) -> None:
        """Mark the function as used by a distribution: deleting it is `FunctionInUse`."""
        with self._lock:
            self.functions[name].associated = True

    def modify(self, name: str, *, code: bytes | None = None, comment: str | None = None) -> None:
        """Change the DEVELOPMENT stage as another user would (a new ETag)."""
        with self._lock:
            function = self.functions[name]
            dev = function.development
            function.development = replace(
                dev,
                code=dev.code if code is None else code,
                comment=dev.comment if comment is None else comment,
                etag=self.new_etag(),
                modified=now(),
            )

    def new_etag(self) -> str:
        """A fresh ETag, unique within this fake."""
        return f"E{next(self._etags):012X}"

    def respond(self, request: AWSPreparedRequest, **kwargs: Any) -> AWSResponse:
        """Answer one HTTP request (botocore's ``before-send`` event calls this)."""
        service = _service_of(kwargs.get("event_name", ""))
        method, path, query, headers = request_parts(request)
        found = match(service, method, path, query)
        operation = found[0] if found else f"{method} {path}"
        with self._lock:
            self.calls.append(operation)
            request_id = f"fake-{len(self.calls)}"
            try:
                handler = HANDLERS.get((service, operation))
                if found is None or handler is None:
                    raise ServiceFault(400, "UnsupportedOperation", f"the fake has no {operation}")
                self._injected(operation)
                if self.before is not None:
                    self.before(operation)
                call = Call(service, operation, found[1], query, headers, body_of(request))
                reply = handler(self, call)
            except ServiceFault as fault:
                body = (
                    error_xml(fault, request_id) if service == "cloudfront" else error_json(fault)
                )
                error_headers = {} if service == "cloudfront" else {"x-amzn-ErrorType": fault.code}
                reply = Reply(fault.status, error_headers, body)
        all_headers: Any = {"x-amzn-RequestId": request_id, **reply.headers}
        return AWSResponse(request.url, reply.status, all_headers, _Body(reply.body))

    def _injected(self, operation: str) -> None:
        for index, (target, fault) in enumerate(self._faults):
            if target == operation:
                del self._faults[index]
                raise fault


_READS = ("Describe", "Get", "List", "Test")


def _unsigned(**kwargs: Any) -> Any:
    return botocore.UNSIGNED


def _service_of(event_name: str) -> str:
    # "before-send.cloudfront.CreateFunction" -> "cloudfront"
    parts = event_name.split(".")
    return parts[1] if len(parts) > 2 else "cloudfront"
