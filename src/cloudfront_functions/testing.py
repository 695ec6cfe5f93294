"""A fake CloudFront for your tests: all eight function operations, in process.

moto implements CreateFunction, DescribeFunction, GetFunction, ListFunctions and
DeleteFunction, but not UpdateFunction, PublishFunction or TestFunction. `FakeCloudFront`
implements all eight at the HTTP level: it answers botocore's ``before-send`` event on a
**real** boto3 client, so botocore still serializes every request (XML, base64 blobs,
``If-Match`` headers) and parses every response (XML, headers, error bodies) exactly as
against AWS. It keeps DEVELOPMENT and LIVE stages with their own ETags and enforces
``If-Match`` as the service does, and answers ``TestFunction`` by running the code with
`run_locally` (the ``[preflight]`` extra).

    fake = FakeCloudFront()
    cf = CloudFrontFunctions(fake.attach(boto3.client("cloudfront", region_name="us-east-1")))

With pytest, the ``fake_cloudfront`` and ``fake_cloudfront_functions`` fixtures do this for
you (registered automatically when this package is installed; used only if requested).
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from io import BytesIO
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from botocore.awsrequest import AWSPreparedRequest, AWSResponse

if TYPE_CHECKING:
    from mypy_boto3_cloudfront import CloudFrontClient

__all__ = ["FakeCloudFront", "FakeFunction", "ServiceFault", "StageCopy", "TestOutcome"]

NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
ACCOUNT = "123456789012"
WRITES = frozenset({"CreateFunction", "UpdateFunction", "PublishFunction", "DeleteFunction"})


@dataclass(frozen=True)
class StageCopy:
    """One stage of a function."""

    code: bytes = field(repr=False)
    comment: str
    runtime: str
    kvs_arns: tuple[str, ...]
    etag: str
    created: datetime
    modified: datetime


@dataclass
class FakeFunction:
    name: str
    development: StageCopy
    live: StageCopy | None = None
    associated: bool = False

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
    """Raised inside the fake to answer with a service error."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


_Handler = Callable[..., tuple[int, dict[str, str], bytes]]


class _Body(BytesIO):
    def stream(self, **kwargs: Any) -> Any:
        yield self.read()


@dataclass
class FakeCloudFront:
    """The fake service. ``attach`` it to boto3 clients; inspect ``calls`` afterwards.

    - ``functions``: the state, by name (DEVELOPMENT and LIVE copies, ETags).
    - ``key_value_stores``: ARN -> ``{key: value}``, for functions that use a store.
    - ``test_runner``: how ``TestFunction`` runs a function; by default `run_locally`.
    - ``fail_next``, ``modify``, ``associate`` and ``before`` inject faults.
    """

    functions: dict[str, FakeFunction] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    key_value_stores: dict[str, dict[str, str]] = field(default_factory=dict)
    test_runner: Callable[[StageCopy, dict[str, Any]], TestOutcome] | None = None
    # Called with the operation name before it is handled: lets a test change the
    # function in between (a concurrent modification) or raise a ServiceFault.
    before: Callable[[str], None] | None = None
    _faults: list[tuple[str, ServiceFault]] = field(default_factory=list)
    _etags: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def attach(self, client: CloudFrontClient) -> CloudFrontClient:
        handler: Any = self.respond
        client.meta.events.register_first("before-send.cloudfront", handler)
        return client

    @property
    def writes(self) -> list[str]:
        return [call for call in self.calls if call in WRITES]

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

    def new_etag(self) -> str:
        return f"E{next(self._etags):012X}"

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
                modified=_now(),
            )

    # -- HTTP -----------------------------------------------------------------------

    def respond(self, request: AWSPreparedRequest, **kwargs: Any) -> AWSResponse:
        """Answer one HTTP request (botocore's ``before-send`` event calls this)."""
        url = urlsplit(request.url)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        operation, handler, args = self._route(request.method or "", url.path, query, request)
        with self._lock:
            self.calls.append(operation)
            try:
                self._injected(operation)
                if self.before is not None:
                    self.before(operation)
                status, headers, body = handler(*args)
            except ServiceFault as fault:
                status, headers, body = fault.status, {}, _error_xml(fault)
        all_headers: Any = {"x-amzn-RequestId": f"fake-{len(self.calls)}", **headers}
        return AWSResponse(request.url, status, all_headers, _Body(body))

    def _route(
        self, method: str, path: str, query: dict[str, str], request: AWSPreparedRequest
    ) -> tuple[str, _Handler, tuple[Any, ...]]:
        """The operation, its handler and the handler's arguments (see `operation_of`)."""
        operation = operation_of(method, path)
        if_match = request.headers.get("If-Match")
        if isinstance(if_match, bytes):
            if_match = if_match.decode()
        if_match = (if_match or "").strip() or None  # as HTTP header parsing does
        body = request.body if isinstance(request.body, bytes) else b""
        stage = query.get("Stage", "DEVELOPMENT")
        parts = _parts(path)
        name = parts[1] if len(parts) > 1 else ""
        handlers: dict[str, tuple[_Handler, tuple[Any, ...]]] = {
            "CreateFunction": (self._create, (body,)),
            "ListFunctions": (self._list, (query,)),
            "DescribeFunction": (self._describe, (name, stage)),
            "GetFunction": (self._get, (name, stage)),
            "UpdateFunction": (self._update, (name, if_match, body)),
            "PublishFunction": (self._publish, (name, if_match)),
            "TestFunction": (self._test, (name, if_match, body)),
            "DeleteFunction": (self._delete, (name, if_match)),
        }
        if operation not in handlers:
            raise AssertionError(f"the fake does not know {operation}")
        handler, args = handlers[operation]
        return operation, handler, args

    def _injected(self, operation: str) -> None:
        for index, (target, fault) in enumerate(self._faults):
            if target == operation:
                del self._faults[index]
                raise fault

    # -- operations -------------------------------------------------------------------

    def _create(self, raw: bytes) -> tuple[int, dict[str, str], bytes]:
        body = _parse(raw)
        name = _text(body, "Name")
        if name in self.functions:
            raise ServiceFault(409, "FunctionAlreadyExists", f"Already exists: {name}")
        now = _now()
        dev = StageCopy(
            code=base64.b64decode(_text(body, "FunctionCode")),
            etag=self.new_etag(),
            created=now,
            modified=now,
            **_config(body),
        )
        self.functions[name] = FakeFunction(name, dev)
        headers = {
            "ETag": dev.etag,
            "Location": f"https://cloudfront.amazonaws.com/2020-05-31/function/{name}",
        }
        return 201, headers, _summary_xml(self.functions[name], "DEVELOPMENT")

    def _describe(self, name: str, stage: str) -> tuple[int, dict[str, str], bytes]:
        copy = self._stage(name, stage)
        return 200, {"ETag": copy.etag}, _summary_xml(self.functions[name], stage)

    def _get(self, name: str, stage: str) -> tuple[int, dict[str, str], bytes]:
        copy = self._stage(name, stage)
        return 200, {"ETag": copy.etag, "Content-Type": "application/octet-stream"}, copy.code

    def _update(
        self, name: str, if_match: str | None, raw: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        body = _parse(raw)
        function = self._checked(name, if_match)
        dev = function.development
        function.development = replace(
            dev,
            code=base64.b64decode(_text(body, "FunctionCode")),
            etag=self.new_etag(),
            modified=_now(),
            **_config(body),
        )
        # As the real service does: the header is ETag, the model calls it ETtag.
        return 200, {"ETag": function.development.etag}, _summary_xml(function, "DEVELOPMENT")

    def _publish(self, name: str, if_match: str | None) -> tuple[int, dict[str, str], bytes]:
        function = self._checked(name, if_match)
        function.live = replace(function.development, etag=self.new_etag(), modified=_now())
        return 200, {}, _summary_xml(function, "LIVE")

    def _test(
        self, name: str, if_match: str | None, raw: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        body = _parse(raw)
        function = self._checked(name, if_match)
        stage = _text(body, "Stage") or "DEVELOPMENT"
        copy = self._stage(name, stage)
        event = json.loads(base64.b64decode(_text(body, "EventObject")) or b"{}")
        outcome = (self.test_runner or self._run_with_engine)(copy, event)
        result = _element("TestResult")
        result.append(_summary_element(function, stage))
        if outcome.compute_utilization is not None:
            _sub(result, "ComputeUtilization", outcome.compute_utilization)
        logs = _sub(result, "FunctionExecutionLogs")
        for line in outcome.logs:
            _sub(logs, "member", line)
        _sub(result, "FunctionErrorMessage", outcome.error)
        if outcome.output is not None:
            _sub(result, "FunctionOutput", json.dumps(outcome.output))
        return 200, {}, _xml(result)

    def _delete(self, name: str, if_match: str | None) -> tuple[int, dict[str, str], bytes]:
        function = self._checked(name, if_match)
        if function.associated:
            raise ServiceFault(409, "FunctionInUse", f"{name} is associated with a distribution")
        del self.functions[name]
        return 204, {}, b""

    def _list(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        stage = query.get("Stage")
        names = sorted(
            name
            for name, function in self.functions.items()
            if stage != "LIVE" or function.live is not None
        )
        start = names.index(query["Marker"]) if query.get("Marker") in names else 0
        max_items = int(query.get("MaxItems", "100"))
        page = names[start : start + max_items]
        result = _element("FunctionList")
        if start + max_items < len(names):
            _sub(result, "NextMarker", names[start + max_items])
        _sub(result, "MaxItems", str(max_items))
        _sub(result, "Quantity", str(len(page)))
        items = _sub(result, "Items")
        for name in page:
            items.append(_summary_element(self.functions[name], stage or "DEVELOPMENT"))
        return 200, {}, _xml(result)

    def _run_with_engine(self, copy: StageCopy, event: dict[str, Any]) -> TestOutcome:
        from ._errors import MissingExtraError  # noqa: PLC0415 (keeps this module light)
        from ._local import run_locally  # noqa: PLC0415

        stores = [self.key_value_stores.get(arn, {}) for arn in copy.kvs_arns]
        try:
            result = run_locally(
                copy.code,
                event,
                runtime=copy.runtime,  # type: ignore[arg-type]
                key_value_store=stores[0] if stores else None,
            )
        except MissingExtraError as exc:
            raise ServiceFault(500, "TestFunctionFailed", str(exc)) from exc
        return TestOutcome(
            output=None if result.output_raw is None else json.loads(result.output_raw),
            error=result.error_message or "",
            logs=result.execution_logs,
        )

    # -- rules ------------------------------------------------------------------------

    def _stage(self, name: str, stage: str) -> StageCopy:
        function = self.functions.get(name)
        copy = (
            None
            if function is None
            else (function.live if stage == "LIVE" else function.development)
        )
        if copy is None:
            raise ServiceFault(404, "NoSuchFunctionExists", f"The function {name} does not exist")
        return copy

    def _checked(self, name: str, if_match: str | None) -> FakeFunction:
        """If-Match must be the DEVELOPMENT ETag, as the service requires."""
        self._stage(name, "DEVELOPMENT")
        function = self.functions[name]
        if not if_match:
            raise ServiceFault(400, "InvalidIfMatchVersion", "The If-Match version is missing")
        if if_match != function.development.etag:
            raise ServiceFault(412, "PreconditionFailed", "The If-Match version is not current")
        return function


def _parts(path: str) -> list[str]:
    return [unquote(part) for part in path.split("/") if part][1:]  # drop the API version


def operation_of(method: str, path: str) -> str:
    """The CloudFront operation an HTTP request is, e.g. ``PUT /2020-05-31/function/x``."""
    match method, _parts(path):
        case "POST", ["function"]:
            return "CreateFunction"
        case "GET", ["function"]:
            return "ListFunctions"
        case "GET", ["function", _, "describe"]:
            return "DescribeFunction"
        case "GET", ["function", _]:
            return "GetFunction"
        case "PUT", ["function", _]:
            return "UpdateFunction"
        case "POST", ["function", _, "publish"]:
            return "PublishFunction"
        case "POST", ["function", _, "test"]:
            return "TestFunction"
        case "DELETE", ["function", _]:
            return "DeleteFunction"
    return f"{method} {path}"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _parse(body: bytes) -> ET.Element:
    try:
        return ET.fromstring(body)  # noqa: S314 (botocore's serialization of our own caller)
    except ET.ParseError as exc:
        raise ServiceFault(400, "MalformedXML", "The XML you provided was not well-formed") from exc


def _find(element: ET.Element, path: str) -> ET.Element | None:
    return element.find("/".join(f"{{{NS}}}{part}" for part in path.split("/")))


def _text(element: ET.Element, path: str) -> str:
    found = _find(element, path)
    return "" if found is None or found.text is None else found.text


def _config(body: ET.Element) -> dict[str, Any]:
    items = _find(body, "FunctionConfig/KeyValueStoreAssociations/Items")
    arns = tuple(_text(item, "KeyValueStoreARN") for item in (items if items is not None else ()))
    return {
        "comment": _text(body, "FunctionConfig/Comment"),
        "runtime": _text(body, "FunctionConfig/Runtime"),
        "kvs_arns": arns,
    }


def _element(tag: str) -> ET.Element:
    return ET.Element(tag, xmlns=NS)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = text
    return child


def _timestamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _summary_element(function: FakeFunction, stage: str) -> ET.Element:
    copy = function.live if stage == "LIVE" and function.live else function.development
    summary = ET.Element("FunctionSummary")
    _sub(summary, "Name", function.name)
    _sub(summary, "Status", function.status)
    config = _sub(summary, "FunctionConfig")
    _sub(config, "Comment", copy.comment)
    _sub(config, "Runtime", copy.runtime)
    associations = _sub(config, "KeyValueStoreAssociations")
    _sub(associations, "Quantity", str(len(copy.kvs_arns)))
    if copy.kvs_arns:
        items = _sub(associations, "Items")
        for arn in copy.kvs_arns:
            _sub(_sub(items, "KeyValueStoreAssociation"), "KeyValueStoreARN", arn)
    metadata = _sub(summary, "FunctionMetadata")
    _sub(metadata, "FunctionARN", f"arn:aws:cloudfront::{ACCOUNT}:function/{function.name}")
    _sub(metadata, "Stage", stage)
    _sub(metadata, "CreatedTime", _timestamp(copy.created))
    _sub(metadata, "LastModifiedTime", _timestamp(copy.modified))
    return summary


def _summary_xml(function: FakeFunction, stage: str) -> bytes:
    summary = _summary_element(function, stage)
    summary.set("xmlns", NS)
    return _xml(summary)


def _error_xml(fault: ServiceFault) -> bytes:
    response = _element("ErrorResponse")
    error = _sub(response, "Error")
    _sub(error, "Type", "Sender" if fault.status < 500 else "Receiver")
    _sub(error, "Code", fault.code)
    _sub(error, "Message", fault.message)
    _sub(response, "RequestId", "fake-error")
    return _xml(response)


def _xml(element: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(element)
