"""Test-case files: loading, partial matching with ignored paths, and diffs.

A case file is JSON: one case object, or a list of them. A case::

    {"name": "adds a header",                 # optional (default: file name and index)
     "event": {...},                          # the test event (required)
     "expect": {"request": {"uri": "/x"}},    # a partial match of the function's output
     "error": "TypeError",                    # or: the error message must contain this
     "ignore": ["request.headers.x-id"],      # dotted paths left out of the comparison
     "kvs": {"key": "value"}}                 # the key value store (local runs only)

``expect`` matches when every key it names is in the output with a matching value
(objects recursively; lists element by element and of the same length). A path
segment ``*`` matches every key or index.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._common import CliError, read_json

_KEYS = frozenset({"name", "event", "expect", "error", "ignore", "kvs"})


@dataclass(frozen=True)
class Case:
    """One test case, as read from a case file."""

    name: str
    source: str
    event: Mapping[str, Any]
    expect: Any = None
    error: str | None = None
    ignore: tuple[str, ...] = ()
    kvs: Mapping[str, str] | None = None


@dataclass
class Outcome:
    """How one case went: ``diff`` is empty when it passed."""

    case: Case
    passed: bool
    diff: str = ""
    result: Any = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        from ._common import dump  # noqa: PLC0415

        return {
            "name": self.case.name,
            "file": self.case.source,
            "passed": self.passed,
            "diff": self.diff,
            "result": dump(self.result),
        }


def load_cases(path: str) -> list[Case]:
    """Every case in a file, or in the ``*.json`` files of a directory (sorted)."""
    root = Path(path)
    if root.is_dir():
        files = sorted(root.glob("*.json"))
        if not files:
            raise CliError(f"{path}: no *.json case files")
    elif root.exists():
        files = [root]
    else:
        raise CliError(f"cannot read {path}: no such file or directory")
    return [case for file in files for case in _cases_of(str(file))]


def _cases_of(path: str) -> Iterator[Case]:
    data = read_json(path, "a case file")
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        where = f"{path}[{index}]" if isinstance(data, list) else path
        if not isinstance(item, dict):
            raise CliError(f"{where}: a case is a JSON object")
        unknown = sorted(set(item) - _KEYS)
        if unknown:
            raise CliError(f"{where}: unknown case key(s) {', '.join(unknown)}")
        event = item.get("event")
        if not isinstance(event, dict):
            raise CliError(f"{where}: 'event' (a JSON object) is required")
        ignore = item.get("ignore", [])
        if not isinstance(ignore, list) or not all(isinstance(p, str) for p in ignore):
            raise CliError(f"{where}: 'ignore' is a list of dotted paths")
        kvs = item.get("kvs")
        if kvs is not None and (
            not isinstance(kvs, dict) or not all(isinstance(v, str) for v in kvs.values())
        ):
            raise CliError(f"{where}: 'kvs' is an object of string values")
        error = item.get("error")
        if error is not None and not isinstance(error, str):
            raise CliError(f"{where}: 'error' is a string")
        yield Case(
            name=str(item.get("name") or where),
            source=path,
            event=event,
            expect=item.get("expect"),
            error=error,
            ignore=tuple(ignore),
            kvs=kvs,
        )


def judge(case: Case, output: Any, error_message: str | None, result: object) -> Outcome:
    """Compare what the function did with what the case expects."""
    if case.error is not None:
        if error_message and case.error in error_message:
            return Outcome(case, True, result=result)
        got = f"error: {error_message}" if error_message else "no error"
        return Outcome(case, False, f"expected an error containing {case.error!r}, {got}", result)
    if error_message:
        return Outcome(case, False, f"the function failed: {error_message}", result)
    if case.expect is None:
        return Outcome(case, True, result=result)
    expected = drop_paths(case.expect, case.ignore)
    actual = drop_paths(output, case.ignore)
    if matches(expected, actual):
        return Outcome(case, True, result=result)
    return Outcome(case, False, diff_of(expected, project(actual, expected)), result)


def matches(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` has everything ``expected`` names (a partial match)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and matches(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(matches(e, a) for e, a in zip(expected, actual, strict=False))
        )
    return bool(expected == actual) and type(expected) is type(actual)


def project(actual: Any, expected: Any) -> Any:
    """``actual`` cut down to the keys ``expected`` names, so a diff shows only them."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {
            key: project(actual[key], expected[key]) if key in expected else actual[key]
            for key in actual
            if key in expected
        }
    if isinstance(expected, list) and isinstance(actual, list):
        return [project(a, e) for a, e in zip(actual, expected, strict=False)] + actual[
            len(expected) :
        ]
    return actual


def drop_paths(value: Any, paths: tuple[str, ...]) -> Any:
    """A copy of ``value`` without the dotted ``paths`` (``*``: any key or index)."""
    result = json.loads(json.dumps(value))
    for path in paths:
        _drop(result, path.split("."))
    return result


def _drop(value: Any, parts: list[str]) -> None:
    head, rest = parts[0], parts[1:]
    if isinstance(value, dict):
        keys = list(value) if head == "*" else [head] if head in value else []
        for key in keys:
            if rest:
                _drop(value[key], rest)
            else:
                del value[key]
    elif isinstance(value, list):
        if head == "*":
            indexes = list(range(len(value)))
        elif head.isdigit() and int(head) < len(value):
            indexes = [int(head)]
        else:
            indexes = []
        for index in reversed(indexes):
            if rest:
                _drop(value[index], rest)
            else:
                del value[index]


def diff_of(expected: Any, actual: Any) -> str:
    """A unified diff of two JSON values, expected first."""

    def lines(value: Any) -> list[str]:
        return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).splitlines()

    return "\n".join(
        difflib.unified_diff(lines(expected), lines(actual), "expected", "actual", lineterm="", n=3)
    )
