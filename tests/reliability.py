"""The reliability checks, shared by the test suite (small) and ``make stress`` (full size).

Each check returns counts; the tests assert on them, ``python -m tests.stress`` prints them.
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from hypothesis import HealthCheck, given, settings

from cloudfront_functions import (
    CloudFrontFunctions,
    CloudFrontFunctionsError,
    CreateFunctionRequest,
    RequestValidationError,
    ServiceError,
    TestEvent,
)
from cloudfront_functions.testing import FakeCloudFront

from . import strategies
from .conftest import count_requests
from .faults import FaultKind, fake_upstream, serve

CODE = b"function handler(event) { return event.request; }"
NEW_CODE = b"function handler(event) { event.request.uri = '/v2'; return event.request; }"
RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 3})
NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1}, read_timeout=0.2)


# -- parity with the service model, both ways ---------------------------------------------


@dataclass
class ParityCounts:
    valid_examples: int = 0
    false_rejections: int = 0
    invalid_examples: int = 0
    rejected_locally: int = 0
    requests_for_bad_input: int = 0


def parity(examples: int) -> ParityCounts:
    """Valid inputs from the service model must pass; one broken rule must be refused."""
    counts = ParityCounts()
    # Code up to the API's 40,960 bytes, and not JavaScript: the point is the wire rules,
    # so the fake's 10 KB quota is raised and preflight is off.
    fake = FakeCloudFront(code_size_quota=40_960)
    client = fake.attach(boto3.client("cloudfront", region_name="us-east-1", config=NO_RETRIES))
    cf = CloudFrontFunctions(client)
    sent = count_requests(client)
    options = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    @options
    @given(strategies.create_arguments())
    def valid(arguments: dict[str, Any]) -> None:
        counts.valid_examples += 1
        fake.functions.clear()
        try:
            cf.create_function(**arguments, preflight=False)
        except RequestValidationError:
            counts.false_rejections += 1

    @options
    @given(strategies.invalid_create_arguments())
    def invalid(case: tuple[dict[str, Any], str]) -> None:
        arguments, _ = case
        counts.invalid_examples += 1
        before = sent.count
        try:
            cf.create_function(**arguments, preflight=False)
        except RequestValidationError:
            counts.rejected_locally += 1
        counts.requests_for_bad_input += sent.count - before

    valid()
    invalid()
    return counts


# -- the fault matrix ----------------------------------------------------------------------


@dataclass
class Cell:
    fault: str
    operation: str
    outcome: str
    expected: bool  # the outcome is the documented one
    lost: bool  # state is not what the outcome says it is
    injected: int


Scenario = Callable[[CloudFrontFunctions, FakeCloudFront], Any]


def _existing(cf: CloudFrontFunctions) -> str:
    created = cf.create_function(name="fn", code=CODE)
    assert created.etag is not None
    return created.etag


def _operations() -> dict[str, tuple[Callable[[CloudFrontFunctions], Any], Scenario]]:
    """operation -> (set-up returning context, the call)."""

    def create(cf: CloudFrontFunctions, context: Any) -> Any:
        return cf.create_function(name="fn", code=CODE)

    def update(cf: CloudFrontFunctions, etag: Any) -> Any:
        return cf.update_function("fn", if_match=etag, code=NEW_CODE, runtime="cloudfront-js-2.0")

    def publish(cf: CloudFrontFunctions, etag: Any) -> Any:
        return cf.publish_function("fn", if_match=etag)

    def deploy(cf: CloudFrontFunctions, context: Any) -> Any:
        return cf.deploy("fn", code=NEW_CODE)

    return {
        "create_function": (lambda cf: None, create),
        "update_function": (_existing, update),
        "publish_function": (_existing, publish),
        "deploy (new)": (lambda cf: None, deploy),
        "deploy (update)": (_existing, deploy),
    }


_WIRE_OPERATION = {
    "create_function": "CreateFunction",
    "update_function": "UpdateFunction",
    "publish_function": "PublishFunction",
    "deploy (new)": "CreateFunction",
    "deploy (update)": "UpdateFunction",
}

# (fault kind, times, retries?) -> what every operation should do; overrides below.
_FAULTS: dict[str, tuple[FaultKind, int, Config]] = {
    "throttled once": ("throttle", 1, RETRIES),
    "throttled past retries": ("throttle", 5, RETRIES),
    "503 once": ("unavailable", 1, RETRIES),
    "503 past retries": ("unavailable", 5, RETRIES),
    "dropped after accept": ("drop", 1, RETRIES),
    "read timeout": ("slow", 1, NO_RETRIES),
    "changed underneath": ("modify", 1, RETRIES),
}

_EXPECTED: dict[tuple[str, str], str] = {
    **{("throttled once", op): "ok" for op in _WIRE_OPERATION},
    **{("throttled past retries", op): "Throttling after 3 attempts" for op in _WIRE_OPERATION},
    **{("503 once", op): "ok" for op in _WIRE_OPERATION},
    **{("503 past retries", op): "ServiceUnavailable after 3 attempts" for op in _WIRE_OPERATION},
    ("dropped after accept", "create_function"): "FunctionAlreadyExists after 2 attempts",
    ("dropped after accept", "update_function"): "PreconditionFailed after 2 attempts",
    ("dropped after accept", "publish_function"): "ok",
    ("dropped after accept", "deploy (new)"): "ok",
    ("dropped after accept", "deploy (update)"): "ok",
    **{("read timeout", op): "ReadTimeout" for op in _WIRE_OPERATION},
    ("changed underneath", "create_function"): "FunctionAlreadyExists after 1 attempts",
    ("changed underneath", "update_function"): "PreconditionFailed after 1 attempts",
    ("changed underneath", "publish_function"): "PreconditionFailed after 1 attempts",
    ("changed underneath", "deploy (new)"): "DeployConflict",
    ("changed underneath", "deploy (update)"): "DeployConflict",
}


def _outcome(call: Callable[[], Any]) -> str:
    try:
        call()
    except ServiceError as error:
        return f"{type(error).__name__} after {error.attempts} attempts"
    except CloudFrontFunctionsError as error:
        return type(error).__name__ + ("" if error.__cause__ is not None else " (unchained!)")
    return "ok"


def _lost(operation: str, fault: str, outcome: str, fake: FakeCloudFront) -> bool:
    """Whether the final state contradicts the outcome (a lost or silent write)."""
    function = fake.functions.get("fn")
    if fault == "changed underneath":  # the other writer's change must survive
        if operation in ("create_function", "deploy (new)"):
            return function is None or function.development.code != b"their code"
        return function is None or function.development.code != b"their change"
    if outcome.startswith(("Throttling", "ServiceUnavailable")):  # nothing was applied
        if operation in ("create_function", "deploy (new)"):
            return function is not None
        return (
            function is None
            or function.development.code != CODE
            or (operation == "publish_function" and function.live is not None)
        )
    if function is None:
        return True
    wanted = CODE if operation in ("create_function", "publish_function") else NEW_CODE
    if outcome == "ReadTimeout":  # applied or not: either way consistent, never half-done
        return function.development.code not in (CODE, NEW_CODE)
    if function.development.code != wanted:
        return True
    if operation.startswith("deploy") or operation == "publish_function":
        return function.live is None or function.live.code != wanted
    return False


def fault_matrix() -> list[Cell]:
    cells = []
    for fault, (kind, times, config) in _FAULTS.items():
        for operation, (set_up, scenario) in _operations().items():
            fake = FakeCloudFront()
            with serve(fake_upstream(fake)) as (server, url):
                client = boto3.client(
                    "cloudfront", region_name="us-east-1", endpoint_url=url, config=config
                )
                cf = CloudFrontFunctions(client)
                context = set_up(cf)
                wire = _WIRE_OPERATION[operation]
                server.inject(kind, wire, times=times, delay=0.5, action=_other_writer(fake, wire))
                outcome = _outcome(lambda: scenario(cf, context))  # noqa: B023 (called at once)
                if kind == "slow":
                    threading.Event().wait(0.6)  # let the delayed request land upstream
                cells.append(
                    Cell(
                        fault,
                        operation,
                        outcome,
                        expected=outcome == _EXPECTED[(fault, operation)],
                        lost=_lost(operation, fault, outcome, fake),
                        injected=len(server.injected),
                    )
                )
    return cells


def _other_writer(fake: FakeCloudFront, wire: str) -> Callable[[], None]:
    def act() -> None:
        if wire == "CreateFunction":
            other = fake.attach(boto3.client("cloudfront", region_name="us-east-1"))
            other.create_function(
                Name="fn",
                FunctionConfig={"Comment": "theirs", "Runtime": "cloudfront-js-2.0"},
                FunctionCode=b"their code",
            )
        else:
            fake.modify("fn", code=b"their change")

    return act


# -- concurrency ----------------------------------------------------------------------------


@dataclass
class ConcurrencyCounts:
    threads: int
    operations: int = 0
    errors: int = 0
    cross_talk: int = 0
    missing: int = 0
    failures: list[str] = field(default_factory=list)


def concurrency(cf: CloudFrontFunctions, threads: int, per_thread: int) -> ConcurrencyCounts:
    """One facade shared by ``threads`` threads, each creating and describing its own."""
    counts = ConcurrencyCounts(threads)
    # moto compiles parts of itself lazily on first use, and CPython 3.11 can fail when
    # threads do that at once ("AST constructor recursion depth mismatch", a 500 from
    # moto): warm every operation up before the burst.
    warm = cf.create_function(name="warm-up", code=CODE)
    cf.describe_function("warm-up")
    cf.get_function("warm-up")
    list(cf.list_functions())
    cf.delete_function("warm-up", if_match=warm.etag or "")
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work(thread: int) -> None:
        start.wait()
        for index in range(per_thread):
            name = f"t{thread:02d}-{index:03d}"
            code = f"function handler(e) {{ return '{name}'; }}".encode()
            try:
                cf.create_function(name=name, code=code, comment=name)
                described = cf.describe_function(name)
                fetched = cf.get_function(name)
                wrong = described.name != name or described.function_config.comment != name
                wrong = wrong or fetched.code != code
            except CloudFrontFunctionsError as error:
                with lock:
                    counts.errors += 1
                    counts.failures.append(f"{name}: {error!r} caused by {error.__cause__!r}")
                continue
            with lock:
                counts.operations += 3
                counts.cross_talk += wrong

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    present = {summary.name for summary in cf.list_functions(page_size=100)}
    expected = {f"t{t:02d}-{i:03d}" for t in range(threads) for i in range(per_thread)}
    counts.missing = len(expected - present)
    return counts


# -- hostile input ----------------------------------------------------------------------------


def hostile_inputs(tmp: Any) -> dict[str, dict[str, Any]]:
    """Named hostile inputs for create_function (and the event for test_function)."""
    nested: dict[str, Any] = {}
    for _ in range(50_000):
        nested = {"a": nested}
    return {
        "non-UTF-8 code": {"code": b"var a = '\xff\xfe';"},
        "10 MB code (bytes)": {"code": b"x" * 10_000_000},
        "10 MB code (str)": {"code": "x" * 10_000_000},
        "10 MB code file": {"code": _big_file(tmp)},
        "code path is a directory": {"code": tmp},
        "code path does not exist": {"code": tmp / "missing.js"},
        "unpaired surrogate in code": {"code": "var a = '\ud800';"},
        "Cyrillic look-alike in name": {"name": "my-functiоn"},  # a Cyrillic o
        "fullwidth digits in name": {"name": "fn１"},
        "name with trailing newline": {"name": "fn\n"},
        "ARN with trailing newline": {
            "key_value_store_arns": [
                "arn:aws:cloudfront::123456789012:key-value-store/"
                "0123abcd-4567-89ef-abcd-0123456789ab\n"
            ]
        },
        "deeply nested test event": {"event": nested},
        "huge test event": {"event": {"x": "y" * 10_000_000}},
    }


def _big_file(tmp: Any) -> Any:
    path = tmp / "big.js"
    with path.open("wb") as file:
        file.truncate(10_000_000)
    return path


# -- secrets ----------------------------------------------------------------------------------

MARKER = "SECRET_MARKER_7c2f9e"
SECRET_CODE = f"function handler(event) {{ var key = '{MARKER}'; return event.request; }}"


def secret_in(text: str) -> bool:
    """The marker, raw or inside the base64 botocore puts on the wire."""
    encoded = base64.b64encode(SECRET_CODE.encode()).decode()
    return MARKER in text or encoded[8:40] in text


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def secret_texts(cf: CloudFrontFunctions) -> list[str]:
    """Everything of ours a secret could leak through, after a full lifecycle with it:
    reprs and strs of models, messages and reprs of errors, our DEBUG log records."""
    records = _Records()
    logger = logging.getLogger("cloudfront_functions")
    level = logger.level
    logger.addHandler(records)
    logger.setLevel(logging.DEBUG)
    texts: list[str] = []
    try:
        created = cf.create_function(name="secret-fn", code=SECRET_CODE)
        code = cf.get_function("secret-fn")
        updated = cf.update_function(
            "secret-fn",
            if_match=created.etag or "",
            code=SECRET_CODE + " ",
            runtime="cloudfront-js-2.0",
        )
        deployed = cf.deploy("secret-fn", code=SECRET_CODE, test_event=TestEvent.viewer_request())
        request = CreateFunctionRequest.build(name="secret-fn", code=SECRET_CODE)
        texts += [repr(x) + str(x) for x in (created, code, updated, deployed, request)]
        bad_arguments: list[dict[str, Any]] = [
            {"name": "bad name"},
            {"runtime": "x"},
            {"code": SECRET_CODE * 600},
        ]
        for bad in bad_arguments:
            try:
                cf.create_function(**{"name": "secret-fn2", "code": SECRET_CODE, **bad})
            except RequestValidationError as error:
                texts += [str(error), repr(error), repr(error.errors)]
            else:
                raise AssertionError(f"{bad} was accepted")
        try:
            cf.create_function(name="secret-fn", code=SECRET_CODE)
        except ServiceError as error:
            texts += [str(error), repr(error)]
    finally:
        logger.removeHandler(records)
        logger.setLevel(level)
    return texts + records.messages
