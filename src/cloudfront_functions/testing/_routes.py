"""Routing: which operation an HTTP request is, derived from botocore's service model.

Each operation's ``requestUri`` template (``/2020-05-31/function/{Name}/describe``) and
HTTP method become a pattern, so adding an operation to the fake needs only a handler
registered with `route`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import unquote

import botocore.session

from ._wire import Call, Reply

if TYPE_CHECKING:
    from ._fake import FakeCloudFront

__all__ = ["HANDLERS", "Handler", "operation_of", "route"]

Handler = Callable[["FakeCloudFront", Call], Reply]
HANDLERS: dict[tuple[str, str], Handler] = {}
"""``(service, operation) -> handler``: everything the fake answers."""

_H = TypeVar("_H", bound=Handler)


def route(service: str, operation: str) -> Callable[[_H], _H]:
    """Register a handler for one operation of one service (``"cloudfront"``, ...)."""

    def register(handler: _H) -> _H:
        HANDLERS[service, operation] = handler
        return handler

    return register


_Pattern = tuple[str, re.Pattern[str], Mapping[str, str], str]


@functools.cache
def _patterns(service: str) -> tuple[_Pattern, ...]:
    model = botocore.session.get_session().get_service_model(service)
    patterns = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        path, _, query = http["requestUri"].partition("?")
        regex = re.sub(
            r"\\\{(\w+)(\\\+)?\\\}",
            lambda m: f"(?P<{m[1]}>.+)" if m[2] else f"(?P<{m[1]}>[^/]+)",
            re.escape(path.rstrip("/") or "/"),
        )
        literal_query = dict(part.partition("=")[::2] for part in query.split("&") if part)
        patterns.append((http["method"], re.compile(f"{regex}/?"), literal_query, name))
    # Most literal characters first: /function/{Name}/describe before /function/{Name}.
    patterns.sort(key=lambda p: -len(re.sub(r"\(\?P<\w+>[^)]*\)", "", p[1].pattern)))
    return tuple((method, regex, query, name) for method, regex, query, name in patterns)


def match(
    service: str, method: str, path: str, query: Mapping[str, str]
) -> tuple[str, dict[str, str]] | None:
    """The operation and its URI parameters, or ``None`` for a request no operation is."""
    for pattern_method, regex, literal_query, name in _patterns(service):
        if pattern_method != method:
            continue
        found = regex.fullmatch(path)
        if found and all(k in query and (not v or query[k] == v) for k, v in literal_query.items()):
            return name, {key: unquote(value) for key, value in found.groupdict().items()}
    return None


def operation_of(method: str, path: str, service: str = "cloudfront") -> str:
    """The operation an HTTP request is, e.g. ``"UpdateFunction"`` for
    ``PUT /2020-05-31/function/x``; ``"METHOD /path"`` when it is none."""
    path, _, raw_query = path.partition("?")
    query = dict(part.partition("=")[::2] for part in raw_query.split("&") if part)
    found = match(service, method, path, query)
    return found[0] if found else f"{method} {path}"
