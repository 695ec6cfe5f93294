"""Read-only, hashable JSON values: objects become `FrozenDict`, arrays become tuples."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeAlias

__all__ = ["FrozenDict", "JsonValue"]

JsonValue: TypeAlias = "FrozenDict | tuple[JsonValue, ...] | str | int | float | bool | None"
"""A JSON value made read-only and hashable."""


class FrozenDict(Mapping[str, "JsonValue"]):
    """An immutable, hashable mapping: a JSON object that cannot be changed."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, JsonValue] | None = None) -> None:
        self._data = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: str) -> JsonValue:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


def freeze(value: Any) -> JsonValue:
    """The read-only form of a value parsed by `json.loads`."""
    if isinstance(value, dict):
        return FrozenDict({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    return value  # type: ignore[no-any-return]
