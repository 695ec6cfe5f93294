"""`preflight`: static checks of a function's JavaScript before anything is sent.

Needs the ``[preflight]`` extra (esprima2, a pure-Python ES2021 parser), imported only
when a check actually runs. Messages name rules, identifiers and modules, never the
contents of string literals or comments: that is where secrets live.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._errors import MissingExtraError, RequestValidationError
from ._inputs import CodeTooLarge, read_code
from ._limits import MAX_CODE_BYTES
from ._models import Runtime

if TYPE_CHECKING:
    from ._types import CodeInput, RuntimeInput

__all__ = ["Finding", "PreflightReport", "preflight"]

QUOTA_BYTES: Final = 10_240  # the account quota for function size: 10 KB, not adjustable
_MODULES: Final = {
    Runtime.JS_1_0: frozenset({"crypto", "querystring"}),
    Runtime.JS_2_0: frozenset({"crypto", "querystring", "buffer", "cloudfront"}),
}
_TIMERS: Final = frozenset(
    {"setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval"}
)
_NETWORK: Final = frozenset({"fetch", "XMLHttpRequest", "WebSocket", "EventSource"})
_MODULE_SYNTAX: Final = re.compile(r"^\s*(import|export)\b", re.MULTILINE)


class Finding(BaseModel, frozen=True):
    """One problem: its severity, a stable rule id, a message and where (1-based)."""

    model_config = ConfigDict(defer_build=True)

    severity: Literal["error", "warning"] = Field(
        description="error (the report is not ok) or warning."
    )
    rule: str = Field(description="A stable rule id, e.g. forbidden-eval.")
    message: str = Field(description="What is wrong.")
    line: int | None = Field(default=None, description="The 1-based line, or None if no place.")
    column: int | None = Field(default=None, description="The 1-based column, or None if no place.")

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}: " if self.line is not None else ""
        return f"{where}{self.severity} [{self.rule}] {self.message}"


class PreflightReport(BaseModel, frozen=True):
    """What `preflight` found. ``ok`` is true when there is no error (warnings allowed)."""

    model_config = ConfigDict(defer_build=True)

    findings: tuple[Finding, ...] = Field(
        default=(), description="Every error and warning found, in the order found."
    )

    @property
    def ok(self) -> bool:
        return not any(finding.severity == "error" for finding in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    def __str__(self) -> str:
        return "\n".join(map(str, self.findings)) or "no findings"


def _esprima() -> Any:
    try:
        import esprima  # noqa: PLC0415 (an optional extra, imported on first use)
    except ImportError as exc:
        raise MissingExtraError("preflight", "esprima2") from exc
    return esprima


def preflight_available() -> bool:
    """Whether the ``[preflight]`` extra is installed."""
    try:
        _esprima()
    except MissingExtraError:
        return False
    return True


def preflight(
    code: CodeInput,
    *,
    runtime: RuntimeInput,
    key_value_store_arns: Iterable[str] | None = None,
) -> PreflightReport:
    """Check a function's JavaScript offline: syntax, ``handler``, runtime features,
    forbidden APIs and modules, size against the API limit and the 10 KB quota, the
    ``cloudfront`` module's rules, and key value store use without an associated store.

    ``key_value_store_arns`` is the list the function is (or will be) associated with;
    ``None`` means unknown, and the store rule is skipped. An explicit empty list with a
    ``kvs()`` call in the code is an error.

    ``code`` is bytes, a str or a path, as for ``create_function``. Requires the
    ``[preflight]`` extra (``pip install "cloudfront-functions[preflight]"``).
    """
    esprima = _esprima()
    try:
        runtime = Runtime(runtime)
        source = read_code(code)
    except CodeTooLarge as exc:
        return PreflightReport(
            findings=(Finding(severity="error", rule="size-limit", message=str(exc)),)
        )
    except ValueError as exc:
        field = "code" if isinstance(runtime, Runtime) else "runtime"
        raise RequestValidationError.single("Preflight", field, str(exc)) from None
    findings = list(_size(len(source)))
    try:
        text = source.decode()
    except UnicodeDecodeError as exc:
        findings.append(
            Finding(severity="error", rule="encoding", message=f"not UTF-8 (byte {exc.start})")
        )
        return PreflightReport(findings=tuple(findings))
    try:
        parse = esprima.parseModule if _MODULE_SYNTAX.search(text) else esprima.parseScript
        tree = parse(text, {"loc": True})
    except esprima.Error as exc:
        findings.append(
            Finding(
                severity="error",
                rule="syntax",
                message=_safe_syntax_message(re.sub(r"^Line \d+: ", "", str(exc))),
                line=getattr(exc, "lineNumber", None),
                column=getattr(exc, "column", None),
            )
        )
        return PreflightReport(findings=tuple(findings))
    arns = None if key_value_store_arns is None else tuple(key_value_store_arns)
    findings += _Checker(runtime, arns).check(tree)
    findings.sort(key=lambda f: (f.line or 0, f.column or 0, f.rule))
    return PreflightReport(findings=tuple(findings))


def _size(size: int) -> Iterator[Finding]:
    if size > MAX_CODE_BYTES:
        yield Finding(
            severity="error",
            rule="size-limit",
            message=f"{size} bytes; the API accepts at most {MAX_CODE_BYTES}",
        )
    elif size > QUOTA_BYTES:
        yield Finding(
            severity="warning",
            rule="size-quota",
            message=f"{size} bytes; the account quota is {QUOTA_BYTES} (10 KB, not adjustable)",
        )


def _safe_syntax_message(description: str) -> str:
    """esprima's message, without any literal or identifier text it quotes."""
    match = re.match(r"Unexpected token (\S+)", description)
    if match and not re.fullmatch(r"[^\w'\"`]{1,3}", match.group(1)):
        return "Unexpected token"
    return description.split(":", maxsplit=1)[0]


def _is_member_call(node: Any, names: tuple[str, ...]) -> bool:
    """``<anything>.<one of names>(...)``."""
    if getattr(node, "type", None) != "CallExpression":
        return False
    callee: Any = node.callee
    return (
        callee.type == "MemberExpression"
        and not callee.computed
        and getattr(callee.property, "name", None) in names
    )


def _is_promise_combinator(node: Any) -> bool:
    """``Promise.all/any/allSettled/race(...)`` over an argument that calls ``.get``."""
    if not _is_member_call(node, ("all", "any", "allSettled", "race")):
        return False
    if getattr(node.callee.object, "name", None) != "Promise":
        return False
    return any(_is_member_call(inner, ("get",)) for inner in _nodes(node.arguments))


def _nodes(node: Any) -> Iterator[Any]:
    """Every AST node below ``node`` (itself included), depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        elif hasattr(current, "type"):
            yield current
            stack.extend(
                reversed([v for k, v in vars(current).items() if k != "loc" and v is not None])
            )


class _Checker:
    def __init__(self, runtime: Runtime, arns: tuple[str, ...] | None) -> None:
        self.runtime = runtime
        self.arns = arns
        self.findings: list[Finding] = []
        self.cloudfront_imports: list[Any] = []

    def add(
        self, severity: Literal["error", "warning"], rule: str, message: str, node: Any
    ) -> None:
        loc = getattr(node, "loc", None)
        line = loc.start.line if loc else None
        column = loc.start.column + 1 if loc else None
        self.findings.append(
            Finding(severity=severity, rule=rule, message=message, line=line, column=column)
        )

    def check(self, tree: Any) -> list[Finding]:
        self._handler(tree)
        nodes = list(_nodes(tree))
        declared = {
            node.id.name
            for node in nodes
            if node.type in ("VariableDeclarator", "FunctionDeclaration")
            and getattr(getattr(node, "id", None), "type", None) == "Identifier"
        }
        # Identifiers that name a property (``cache.fetch``, ``{fetch: 1}``), not a global.
        not_references = {
            id(node.property if node.type == "MemberExpression" else node.key)
            for node in nodes
            if node.type in ("MemberExpression", "Property") and not node.computed
        }
        for node in nodes:
            self._node(node, declared, not_references)
        if self.cloudfront_imports:
            self._cloudfront(tree, nodes)
        return self.findings

    def _handler(self, tree: Any) -> None:
        handlers = [
            (node, node.params)
            for node in tree.body
            if node.type == "FunctionDeclaration" and node.id and node.id.name == "handler"
        ] + [
            (declarator, declarator.init.params)
            for node in tree.body
            if node.type == "VariableDeclaration"
            for declarator in node.declarations
            if declarator.id.type == "Identifier"
            and declarator.id.name == "handler"
            and getattr(declarator.init, "type", None)
            in ("FunctionExpression", "ArrowFunctionExpression")
        ]
        if not handlers:
            self.add("error", "handler-missing", "no top-level function handler(event)", None)
            return
        node, params = handlers[0]
        if len(params) > 1:
            self.add(
                "error",
                "handler-arity",
                f"handler takes {len(params)} parameters; CloudFront passes one (event)",
                node,
            )
        elif not params:
            self.add(
                "warning", "handler-arity", "handler takes no parameter and ignores the event", node
            )

    def _cloudfront(self, tree: Any, nodes: list[Any]) -> None:
        """The rules for code that loads the ``cloudfront`` module."""
        first = self.cloudfront_imports[0]
        if self.runtime is Runtime.JS_1_0:
            self.add(
                "error",
                "cloudfront-module-runtime",
                f"the cloudfront module needs {Runtime.JS_2_0.value}",
                first,
            )
            return
        preceding = tree.body[: tree.body.index(first)] if first in tree.body else []
        if any(node.type != "ImportDeclaration" for node in preceding):
            self.add(
                "warning",
                "cloudfront-import-placement",
                "the guide says to import cf from 'cloudfront' on the first line, "
                "before other statements",
                first,
            )
        kvs_calls = [node for node in nodes if _is_member_call(node, ("kvs",))]
        if kvs_calls and self.arns is not None and not self.arns:
            self.add(
                "error",
                "kvs-without-store",
                "the code calls kvs() but key_value_store_arns is empty",
                kvs_calls[0],
            )
        if kvs_calls:
            for node in nodes:
                if _is_promise_combinator(node) or (
                    _is_member_call(node, ("then",))
                    and _is_member_call(node.callee.object, ("get",))
                ):
                    self.add(
                        "warning",
                        "kvs-promise-chain",
                        "Promise combinators and .then chains over kvs().get can exceed "
                        "the function memory limit; await the gets one after another",
                        node,
                    )

    def _node(self, node: Any, declared: set[str], not_references: set[int]) -> bool:
        kind = node.type
        if self.runtime is Runtime.JS_1_0:
            self._runtime_1_0(node)
        if kind in ("CallExpression", "NewExpression") and node.callee.type == "Identifier":
            name = node.callee.name
            if name not in declared:
                if name in {"eval", "Function"}:
                    self.add(
                        "error",
                        "forbidden-eval",
                        f"{name}: dynamic code evaluation is not available",
                        node,
                    )
                elif name in _TIMERS:
                    self.add("error", "forbidden-timer", f"{name}: timers are not available", node)
                elif name == "require":
                    return self._module(node.arguments[0] if node.arguments else None, node)
        if kind == "ImportDeclaration":
            return self._module(node.source, node)
        if (
            kind == "Identifier"
            and node.name in _NETWORK
            and node.name not in declared
            and id(node) not in not_references
        ):
            self.add("error", "forbidden-network", f"{node.name}: there is no network access", node)
        return False

    def _module(self, source: Any, node: Any) -> bool:
        if getattr(source, "type", None) != "Literal" or not isinstance(source.value, str):
            self.add(
                "warning",
                "dynamic-require",
                "require with a computed module name cannot be checked",
                node,
            )
            return False
        allowed = _MODULES[self.runtime]
        if source.value == "cloudfront":
            self.cloudfront_imports.append(node)
        elif source.value not in allowed:
            self.add(
                "error",
                "unknown-module",
                f"module {source.value!r} is not available in {self.runtime.value} "
                f"(available: {', '.join(sorted(allowed))})",
                node,
            )
        return False

    def _runtime_1_0(self, node: Any) -> None:
        kind = node.type
        feature = None
        if kind == "VariableDeclaration" and node.kind in ("let", "const"):
            feature = node.kind
        elif kind in (
            "FunctionDeclaration",
            "FunctionExpression",
            "ArrowFunctionExpression",
        ) and getattr(node, "isAsync", False):
            feature = "async functions"
        elif kind == "AwaitExpression":
            feature = "await"
        elif kind in ("ImportDeclaration", "ExportNamedDeclaration", "ExportDefaultDeclaration"):
            feature = "ES modules (import/export)"
        if feature:
            self.add(
                "error",
                "runtime-feature",
                f"{feature} needs {Runtime.JS_2_0.value}; {Runtime.JS_1_0.value} lacks it",
                node,
            )
