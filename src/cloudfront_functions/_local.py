"""`run_locally`: run a function's ``handler(event)`` offline, in an embedded JS engine.

Needs the ``[preflight]`` extra (quickjs-ng; esprima2 to load ES-module imports). Each
call gets a fresh, isolated engine context with a CPU-time and a memory cap; the runtime
modules are JavaScript shims (``_runtime.js``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any, Final, Literal

from ._errors import MissingExtraError, RequestValidationError
from ._models import RESPONSE, Runtime
from ._requests import EventRequest, read_code, validate_request
from ._results import TestResult

__all__ = ["run_locally"]

DEFAULT_TIME_LIMIT_MS: Final = 1_000
DEFAULT_MEMORY_LIMIT: Final = 8 * 1024 * 1024
_MODULE_SYNTAX: Final = re.compile(r"^\s*import\b", re.MULTILINE)

_INVOKE: Final = """
(function () {
    var event = JSON.parse(__EVENT_JSON);
    function failed(error) {
        __outcome.error = error && error.name ? error.name + ': ' + error.message : String(error);
        __outcome.done = true;
    }
    function returned(value) {
        if (value === undefined) {
            failed(new TypeError('handler returned undefined; return the request or a response'));
            return;
        }
        // As TestFunction reports it: what the handler returned, under "request" or
        // "response" (a returned object with a statusCode is a response).
        var kind = value !== null && typeof value === 'object' && 'statusCode' in value
            ? 'response' : 'request';
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


def _quickjs() -> Any:
    try:
        import quickjs  # noqa: PLC0415 (an optional extra, imported on first use)
    except ImportError as exc:
        raise MissingExtraError("preflight", "quickjs-ng") from exc
    return quickjs


def run_locally(
    code: bytes | str | Any,
    event: Any,
    *,
    runtime: Runtime | Literal["cloudfront-js-1.0", "cloudfront-js-2.0"],
    key_value_store: Mapping[str, str] | None = None,
    time_limit_ms: int = DEFAULT_TIME_LIMIT_MS,
    memory_limit_bytes: int = DEFAULT_MEMORY_LIMIT,
) -> TestResult:
    """Run ``handler(event)`` offline and return the same `TestResult` as `test_function`.

    ``event`` is a `TestEvent`, a dict or JSON bytes. The runtime's modules are there
    (``crypto``, ``querystring``; in 2.0 also ``buffer`` and ``cloudfront``, whose key value
    store is ``key_value_store``); eval, timers, network and file system are not.
    ``console.log`` lines become ``execution_logs``; a thrown error, or a run past
    ``time_limit_ms`` of CPU time or ``memory_limit_bytes``, becomes ``error_message``.

    What it does not prove: ``compute_utilization`` is ``None`` (CloudFront's metric cannot
    be measured here), the engine is QuickJS rather than CloudFront's, and its built-ins
    are those of a modern engine (2.0's feature set), so code may run here that the
    service rejects; `preflight` checks the runtime rules.
    """
    quickjs = _quickjs()
    try:
        runtime = Runtime(runtime)
        source = read_code(code).decode()
    except ValueError as exc:
        raise RequestValidationError.single("RunLocally", "code", str(exc)) from None
    checked = validate_request(EventRequest, "RunLocally", {"event_object": event})
    if _MODULE_SYNTAX.search(source):
        source = _imports_as_requires(source)

    context = quickjs.Context()
    context.set_memory_limit(memory_limit_bytes)
    context.set_max_stack_size(256 * 1024)
    context.set("__RUNTIME", "2.0" if runtime is Runtime.JS_2_0 else "1.0")
    store = None if key_value_store is None else dict(key_value_store)
    context.set("__KVS_JSON", json.dumps(store))
    context.set("__EVENT_JSON", checked.event_object.decode())
    context.eval(resources.files(__package__).joinpath("_runtime.js").read_text())
    context.eval("var __outcome = {done: false, output: null, error: null};")

    error = _run(context, quickjs, source, time_limit_ms)
    outcome = json.loads(context.eval("JSON.stringify(__outcome)"))
    logs = json.loads(context.eval("JSON.stringify(__logs)"))
    error = error or outcome["error"]
    if error is None and not outcome["done"]:
        error = "the handler's promise never settled"
    if error and "out of memory" in error:
        error = f"the function ran out of memory (the limit is {memory_limit_bytes} bytes)"
    return TestResult.model_validate(
        {
            "FunctionExecutionLogs": logs,
            "FunctionErrorMessage": error,
            "FunctionOutput": None if error else outcome["output"],
        },
        context=RESPONSE,
    )


def _run(context: Any, quickjs: Any, source: str, time_limit_ms: int) -> str | None:
    """Evaluate the code and call the handler under the time limit; the error, if any."""
    context.set_time_limit(time_limit_ms / 1000)
    try:
        context.eval(source)
        if context.eval("typeof handler") != "function":
            return "ReferenceError: handler is not defined"
        context.eval(_INVOKE)
        while context.execute_pending_job():
            pass
    except quickjs.JSException as exc:
        message = str(exc).splitlines()[0]
        if "interrupted" in message:
            return f"the function ran longer than the time limit ({time_limit_ms} ms)"
        return message
    except quickjs.StackOverflow:
        return "RangeError: maximum call stack size exceeded"
    finally:
        context.set_time_limit(-1)
    return None


def _imports_as_requires(source: str) -> str:
    """ES-module imports rewritten as ``require`` calls, line numbers kept."""
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
