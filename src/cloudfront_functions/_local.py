"""`run_locally`: run a function's ``handler(event)`` offline, in an embedded JS engine.

Needs the ``[preflight]`` extra (quickjs-ng; esprima2 to load ES-module imports and to
check runtime 1.0 syntax). Each call gets a fresh, isolated engine context with a CPU-time
and a memory cap; the runtime modules are JavaScript shims (``_runtime.js``).
``cf.fetch`` calls are answered from Python between the engine's jobs, while no time limit
is set, so an origin may be a Python callable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final

from pydantic import ValidationError

from ._errors import MissingExtraError, RequestValidationError
from ._inputs import read_code
from ._local_models import (
    DistributionTenant,
    EdgeLocation,
    FetchCall,
    FetchRequest,
    KeyValueSnapshot,
    LocalTestResult,
    OriginChange,
    OriginResponse,
    OriginsInput,
)
from ._models import RESPONSE, Runtime
from ._output_check import check_output
from ._requests import EventRequest
from ._types import CodeInput, EventInput, RuntimeInput
from ._validation import validate_request

__all__ = ["run_locally"]

DEFAULT_TIME_LIMIT_MS: Final = 1_000
DEFAULT_MEMORY_LIMIT: Final = 8 * 1024 * 1024
_OPERATION: Final = "RunLocally"
_MODULE_SYNTAX: Final = re.compile(r"^\s*import\b", re.MULTILINE)
_MAX_FETCH_ROUNDS: Final = 64

_INVOKE: Final = """
(function () {
    var event = JSON.parse(__EVENT_JSON);
    if (__RUNTIME === '2.0' && event && typeof event.request === 'object' && event.request) {
        Object.defineProperty(event.request, 'rawQueryString', {enumerable: false,
                                                                value: function () {
            var qs = event.request.querystring || {}, parts = [];
            Object.keys(qs).forEach(function (name) {
                var entry = qs[name] || {};
                var values = entry.multiValue
                    ? entry.multiValue.map(function (m) { return m.value; })
                    : [entry.value];
                values.forEach(function (v) { parts.push(v === '' ? name : name + '=' + v); });
            });
            __record.warnings.indexOf(__RAW_WARNING) < 0 && __record.warnings.push(__RAW_WARNING);
            return parts.length ? parts.join('&') : undefined;
        }});
    }
    function failed(error) {
        __outcome.error = error && error.name ? error.name + ': ' + error.message : String(error);
        __outcome.done = true;
    }
    function returned(value) {
        if (value === undefined) {
            failed(new TypeError('handler returned undefined; return the request or a response'));
            return;
        }
        var kind = value !== null && typeof value === 'object' && 'statusCode' in value
            ? 'response' : 'request';
        if (kind === 'request' && event && event.context &&
            event.context.eventType === 'viewer-response') { kind = 'response'; }
        __outcome.kind = kind;
        var wrapped = {};
        wrapped[kind] = value;
        __outcome.output = JSON.stringify(wrapped);
        __outcome.done = true;
    }
    try {
        var result = handler(event);
        if (result && typeof result.then === 'function') { result.then(returned, failed); }
        else { returned(result); }
    } catch (error) { failed(error); }
})();
"""
_RAW_WARNING: Final = (
    "rawQueryString() is rebuilt from event.request.querystring: the original order, "
    "encoding and a bare '?' are not known here"
)


def _quickjs() -> Any:
    try:
        import quickjs  # noqa: PLC0415 (an optional extra, imported on first use)
    except ImportError as exc:
        raise MissingExtraError("preflight", "quickjs-ng") from exc
    return quickjs


_LAZY: Final = re.compile(
    r"^([ \t]*)// @lazy (\w+) \(([\w, ]*)\)\n(.*?)^[ \t]*// @end\n", re.MULTILINE | re.DOTALL
)


@cache
def _prelude() -> tuple[str, tuple[tuple[str, str], ...]]:
    """The shims' eager part, and each lazy section's (name, source), compiled on first use."""
    text = resources.files(__package__).joinpath("_runtime.js").read_text()
    sections: list[tuple[str, str]] = []

    def cut(match: re.Match[str]) -> str:
        indent, name, uses, body = match.groups()
        sections.append((name, body))
        names = [n.strip() for n in uses.split(",") if n.strip()]
        shared = ", ".join(f"{n}: {n}" for n in names)
        return f"{indent}var lazy_{name} = lazy('{name}', {{{shared}}});\n"

    eager = _LAZY.sub(cut, text)
    return eager, tuple(sections)


def run_locally(  # noqa: PLR0912, PLR0915 (one linear pipeline: validate, run, check, record)
    code: CodeInput,
    event: EventInput,
    *,
    runtime: RuntimeInput,
    key_value_store: Mapping[str, str] | KeyValueSnapshot | None = None,
    origins: OriginsInput | None = None,
    edge_location: EdgeLocation | Mapping[str, str] | None = None,
    distribution_tenant: DistributionTenant | Mapping[str, object] | None = None,
    time_limit_ms: int = DEFAULT_TIME_LIMIT_MS,
    memory_limit_bytes: int = DEFAULT_MEMORY_LIMIT,
) -> LocalTestResult:
    """Run ``handler(event)`` offline; the same `TestResult` as `test_function`, and more.

    ``event`` is a `TestEvent`, a dict or JSON bytes. The runtime's modules are there
    (``crypto``, ``querystring``; in 2.0 also ``buffer`` and ``cloudfront``). The
    ``cloudfront`` module answers from the arguments: ``key_value_store`` for ``kvs()``
    (a mapping or anything with ``items()``), ``origins`` for ``cf.fetch`` (origin id ->
    `OriginResponse`, a mapping, or a callable taking a `FetchRequest`), ``edge_location``
    (default: the guide's example) and ``distribution_tenant``. The result also records
    ``origin_changes``, ``fetches`` and ``warnings`` (what is only approximated here).

    Under ``cloudfront-js-1.0`` the 2.0-only syntax (``let``, ``const``, ``async``, modules)
    fails as a ``SyntaxError``, and ``Buffer`` and ``cloudfront`` are missing. The value
    returned is checked as CloudFront checks it; a violation is an ``error_message``.
    ``compute_utilization`` is ``None``: CloudFront's metric cannot be measured here.
    """
    quickjs = _quickjs()
    try:
        runtime = Runtime(runtime)
    except ValueError as exc:
        raise RequestValidationError.single(_OPERATION, "runtime", str(exc)) from None
    for argument, limit in (
        ("time_limit_ms", time_limit_ms),
        ("memory_limit_bytes", memory_limit_bytes),
    ):
        if type(limit) is not int or limit < 1:
            raise RequestValidationError.single(_OPERATION, argument, "must be an int of 1 or more")
    try:
        source = read_code(code).decode()
    except ValueError as exc:  # UnicodeDecodeError is one too
        raise RequestValidationError.single(_OPERATION, "code", f"code {exc}") from None
    checked = validate_request(EventRequest, _OPERATION, {"event_object": event})
    event_json = checked.event_object.decode()
    options = _Options.build(key_value_store, origins, edge_location, distribution_tenant)
    runtime2 = runtime is Runtime.JS_2_0

    if not runtime2:
        syntax_error = _runtime_1_0_syntax(source)
        if syntax_error:
            return LocalTestResult(error_message=syntax_error)
    if runtime2 and _MODULE_SYNTAX.search(source):
        source = _imports_as_requires(source)
    try:
        parsed_event = json.loads(event_json)
    except ValueError:
        parsed_event = None
    event_type = _event_type(parsed_event)

    context = quickjs.Context()
    context.set_memory_limit(memory_limit_bytes)
    context.set_max_stack_size(256 * 1024)
    context.set("__RUNTIME", "2.0" if runtime2 else "1.0")
    context.set("__EVENT_TYPE", event_type)
    context.set("__KVS_JSON", json.dumps(options.store))
    context.set("__EDGE_JSON", json.dumps(options.edge.to_js()))
    context.set("__TENANT_JSON", json.dumps(options.tenant_js()))
    context.set("__ORIGIN_IDS_JSON", json.dumps(None if origins is None else sorted(origins)))
    context.set("__EVENT_JSON", event_json)
    context.set("__RAW_WARNING", _RAW_WARNING)
    eager, lazy_sections = _prelude()
    for name, section in lazy_sections:
        context.set(f"__LAZY_{name}", section)
    context.eval(eager)
    context.eval("var __outcome = {done: false, output: null, error: null, kind: null};")

    fetches: list[FetchCall] = []
    error = _run(
        context,
        quickjs=quickjs,
        source=source,
        time_limit_ms=time_limit_ms,
        origins=options.origins,
        fetches=fetches,
    )
    outcome, logs, record = json.loads(
        context.eval("JSON.stringify([__outcome, __logs, __record])")
    )
    warnings: list[str] = list(record["warnings"])
    error = error or outcome["error"]
    if error is None and not outcome["done"]:
        error = "the handler's promise never settled"
    if error and "out of memory" in error:
        error = f"the function ran out of memory (the limit is {memory_limit_bytes} bytes)"
    if error is None and isinstance(parsed_event, Mapping):
        problems, shape_warnings = check_output(
            outcome["kind"],
            json.loads(outcome["output"])[outcome["kind"]],
            parsed_event,
            event_type,
            runtime2,
        )
        warnings += shape_warnings
        if problems:
            error = "The function's output is invalid: " + "; ".join(problems)
    result = LocalTestResult.model_validate(
        {
            "FunctionExecutionLogs": _truncated(logs),
            "FunctionErrorMessage": error,
            "FunctionOutput": None if error else outcome["output"],
        },
        context=RESPONSE,
    )
    return result.model_copy(
        update={
            "origin_changes": tuple(
                OriginChange(
                    helper=change["helper"],
                    arguments_json=json.dumps(change["arguments"]),
                    problems=tuple(change["problems"]),
                )
                for change in record["originChanges"]
            ),
            "fetches": tuple(fetches),
            "warnings": tuple(dict.fromkeys(warnings)),
        }
    )


class _Options:
    """The ``cloudfront`` module's inputs, validated once."""

    def __init__(
        self,
        store: dict[str, str] | None,
        origins: OriginsInput | None,
        edge: EdgeLocation,
        tenant: DistributionTenant | None,
    ) -> None:
        self.store, self.origins, self.edge, self.tenant = store, origins, edge, tenant

    @classmethod
    def build(
        cls,
        key_value_store: Mapping[str, str] | KeyValueSnapshot | None,
        origins: OriginsInput | None,
        edge_location: EdgeLocation | Mapping[str, str] | None,
        distribution_tenant: DistributionTenant | Mapping[str, object] | None,
    ) -> _Options:
        store = None
        if key_value_store is not None:
            if not hasattr(key_value_store, "items"):
                raise RequestValidationError.single(
                    _OPERATION, "key_value_store", "must be a mapping or have items()"
                )
            store = {}
            for key, value in key_value_store.items():
                if not isinstance(key, str) or not isinstance(value, str):
                    raise RequestValidationError.single(
                        _OPERATION, "key_value_store", "keys and values must be str"
                    )
                store[key] = value
        if origins is not None and not isinstance(origins, Mapping):
            raise RequestValidationError.single(_OPERATION, "origins", "must be a mapping")
        edge = _model(EdgeLocation, "edge_location", edge_location, EdgeLocation())
        tenant = _model(DistributionTenant, "distribution_tenant", distribution_tenant, None)
        return cls(store, origins, edge, tenant)

    def tenant_js(self) -> dict[str, object] | None:
        if self.tenant is None:
            return None
        return {"id": self.tenant.id, "parameters": dict(self.tenant.parameters)}


def _model(model: Any, field: str, value: object, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, model):
        return value
    if isinstance(value, Mapping) and "server_ip" not in value and "serverIp" in value:
        value = {**value, "server_ip": value["serverIp"]}
        del value["serverIp"]
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        message = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or field}: {e['msg']}" for e in exc.errors()
        )
        raise RequestValidationError.single(_OPERATION, field, message) from None


def _event_type(event: object) -> str:
    context = event.get("context") if isinstance(event, Mapping) else None
    kind = context.get("eventType") if isinstance(context, Mapping) else None
    return kind if kind in ("viewer-request", "viewer-response") else "viewer-request"


def _truncated(logs: list[str]) -> list[str]:
    """Execution logs as CloudFront keeps them: truncated at 10 KB."""
    kept, size = [], 0
    for line in logs:
        size += len(line.encode("utf-8", "surrogatepass")) + 1
        if size > 10_240:
            break
        kept.append(line)
    return kept


def _run(
    context: Any,
    *,
    quickjs: Any,
    source: str,
    time_limit_ms: int,
    origins: OriginsInput | None,
    fetches: list[FetchCall],
) -> str | None:
    """Evaluate the code and call the handler under the time limit; the error, if any."""
    try:
        context.set_time_limit(time_limit_ms / 1000)
        try:
            context.eval(source)
            if context.eval("typeof handler") != "function":
                return "ReferenceError: handler is not defined"
            context.eval(_INVOKE)
            for _ in range(_MAX_FETCH_ROUNDS):
                while context.execute_pending_job():
                    pass
                pending = json.loads(context.eval("__pendingFetches()"))
                if not pending:
                    break
                context.set_time_limit(-1)  # Python answers; the engine waits
                answers = [_answer(call, origins, fetches) for call in pending]
                context.set_time_limit(time_limit_ms / 1000)
                for call, answer in zip(pending, answers, strict=True):
                    context.eval(
                        f"__settleFetch({call['index']}, {json.dumps(json.dumps(answer))})"
                    )
        finally:
            context.set_time_limit(-1)
    except quickjs.JSException as exc:
        message = str(exc).splitlines()[0]
        if "interrupted" in message:
            return f"the function ran longer than the time limit ({time_limit_ms} ms)"
        return message
    except quickjs.StackOverflow:
        return "RangeError: maximum call stack size exceeded"
    return None


def _answer(
    call: Mapping[str, Any], origins: OriginsInput | None, fetches: list[FetchCall]
) -> dict[str, object]:
    request = FetchRequest(
        path=call["path"],
        origin_id=call["originId"] if isinstance(call["originId"], str) else None,
        method=call["method"],
        headers=call["headers"],
        body=call["body"],
    )
    error = None
    target = (
        None if origins is None or request.origin_id is None else origins.get(request.origin_id)
    )
    if origins is None:
        error = "network call failed: run_locally was given no origins"
    elif request.origin_id is None:
        error = "network call failed: options.originId must name an origin"
    elif target is None:
        error = "network call failed: no origin with this id on the distribution"
    if error:
        fetches.append(FetchCall(request=request, error=error))
        return {"error": error}
    answer: object = target(request) if callable(target) else target
    response = answer if isinstance(answer, OriginResponse) else _origin_response(answer)
    fetches.append(FetchCall(request=request, response=response))
    return {
        "status": response.status,
        "statusText": response.status_text,
        "headers": dict(response.headers),
        "body": response.body,
    }


def _origin_response(answer: object) -> OriginResponse:
    try:
        return OriginResponse.model_validate(answer)
    except ValidationError as exc:
        message = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise RequestValidationError.single(_OPERATION, "origins", message) from None


@lru_cache(maxsize=32)
def _runtime_1_0_syntax(source: str) -> str | None:
    """The first 2.0-only construct in ``source``, as the 1.0 runtime would reject it."""
    from ._preflight import preflight  # noqa: PLC0415 (needs the same optional extra)

    report = preflight(source, runtime=Runtime.JS_1_0)
    for finding in report.errors:
        if finding.rule in ("syntax", "runtime-feature"):
            where = f" (line {finding.line})" if finding.line else ""
            return f"SyntaxError: {finding.message}{where}"
    return None


_SIMPLE_IMPORT: Final = re.compile(
    r"""^[ \t]*import[ \t]+(?:\*[ \t]+as[ \t]+)?([A-Za-z_$][\w$]*)[ \t]+from[ \t]+"""
    r"""(['"])([\w./-]+)\2[ \t]*;?[ \t]*(?://[^\n]*)?$""",
    re.MULTILINE,
)


@lru_cache(maxsize=32)
def _imports_as_requires(source: str) -> str:
    """ES-module imports rewritten as ``require`` calls, line numbers kept.

    The common one-line default or namespace import is rewritten by pattern (parsing is
    the slowest part of a run); anything else is rewritten from esprima's syntax tree.
    """
    simple = _SIMPLE_IMPORT.sub(
        lambda m: f"var {m.group(1)} = require({json.dumps(m.group(3))});", source
    )
    if not _MODULE_SYNTAX.search(simple):
        return simple
    return _parsed_imports_as_requires(source)


def _parsed_imports_as_requires(source: str) -> str:
    from ._preflight import _esprima  # noqa: PLC0415 (the same optional extra)

    esprima = _esprima()
    tree = esprima.parseModule(source, {"range": True})
    for node in reversed(tree.body):
        if node.type != "ImportDeclaration":
            continue
        module = json.dumps(node.source.value)
        lines = []
        for spec in node.specifiers:
            local = spec.local.name
            if spec.type == "ImportSpecifier":
                lines.append(f"var {local} = require({module}).{spec.imported.name};")
            else:  # default and namespace imports: the module object itself
                lines.append(f"var {local} = require({module});")
        start, end = node.range
        replaced = " ".join(lines) + "\n" * source[start:end].count("\n")
        source = source[:start] + replaced + source[end:]
    return source
