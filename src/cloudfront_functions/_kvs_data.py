"""Key value stores, the data plane: the keys, on the ``cloudfront-keyvaluestore`` service.

Request models for its six operations, the frozen results, and the local rules every key
and value is checked against before anything is sent. Values are secret-grade: no repr,
message or log line here ever contains one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any, ClassVar, Final

from pydantic import Field, StrictStr

from ._errors import FieldError, RequestValidationError
from ._models import RESPONSE, Shape, UtcDatetime
from ._requests import IfMatch, _wire

__all__ = [
    "DeleteKeyRequest",
    "DescribeKeysRequest",
    "GetKeyRequest",
    "KeyPage",
    "KeySync",
    "KeyValueStoreData",
    "KeysUpdate",
    "KeysWritten",
    "ListKeysRequest",
    "PutKeyRequest",
    "Rules",
    "UpdateKeysRequest",
    "batches",
]

# The service model: Key is 1-1024 characters; Value has no maximum.
MODEL_MAX_KEY_LENGTH: Final = 1024
# The developer guide's quotas (not in the model; the service enforces them).
KEY_QUOTA_BYTES: Final = 512
VALUE_QUOTA_BYTES: Final = 1024
STORE_QUOTA_BYTES: Final = 5 * 1024 * 1024
BATCH_MAX_KEYS: Final = 50
BATCH_MAX_BYTES: Final = 3 * 1024 * 1024
LIST_PAGE_SIZE: Final = 50  # ListKeys' MaxResults maximum: the fewest pages


class KeyValueStoreData(Shape, frozen=True):
    """The data plane's view of a store: how many keys, how big, and its ETag.

    ``etag`` is the **data plane's** ETag (not the control plane's `KeyValueStore.etag`).
    """

    arn: str = Field(alias="KvsARN", description="The store's ARN.")
    item_count: int = Field(description="How many keys the store holds.")
    total_size_in_bytes: int = Field(description="The size of every key and value, in bytes.")
    etag: str = Field(description="The data plane's ETag: what the next write must match.")
    status: str | None = Field(default=None, description="READY, or another state.")
    created: UtcDatetime | None = Field(default=None, description="When it was created.")
    last_modified: UtcDatetime | None = Field(default=None, description="When it last changed.")
    failure_reason: str | None = Field(default=None, description="Why an import failed.")


class KeysWritten(Shape, frozen=True):
    """What every data-plane write answers: the store's new size and ETag."""

    item_count: int = Field(description="How many keys the store holds after the write.")
    total_size_in_bytes: int = Field(
        description="The store's size after the write: every key and value, in bytes."
    )
    etag: str = Field(description="The data plane's new ETag: what the next write must match.")


class KeysUpdate(Shape, frozen=True):
    """What `KeyValueStoreKeys.update` wrote: key names only, never values.

    ``requests`` counts the ``UpdateKeys`` calls (0 for an empty change); ``etag``,
    ``item_count`` and ``total_size_in_bytes`` are from the last one (``None`` if none).
    """

    put: frozenset[str] = Field(default=frozenset(), description="Keys written.")
    deleted: frozenset[str] = Field(default=frozenset(), description="Keys deleted.")
    requests: int = Field(default=0, description="UpdateKeys calls sent.")
    etag: str | None = Field(default=None, description="The store's ETag after the last one.")
    item_count: int | None = Field(
        default=None, description="How many keys the store holds after the last one."
    )
    total_size_in_bytes: int | None = Field(
        default=None, description="The store's size in bytes after the last one."
    )


class KeySync(Shape, frozen=True):
    """What `KeyValueStoreKeys.sync` found and did: key names only, never values.

    Every key of ``desired`` is in exactly one of ``added``, ``changed`` and ``unchanged``;
    the store's other keys are in ``removed`` (``prune=True``) or ``kept``. With
    ``dry_run=True`` nothing was written and the sets say what would have been.
    """

    added: frozenset[str] = Field(description="Keys that were not in the store.")
    changed: frozenset[str] = Field(description="Keys whose value differed.")
    removed: frozenset[str] = Field(description="Keys deleted (only with prune=True).")
    unchanged: frozenset[str] = Field(description="Keys already holding the desired value.")
    kept: frozenset[str] = Field(description="Keys not in desired, left as they are.")
    dry_run: bool = Field(default=False, description="Whether writing was skipped.")
    reads: int = Field(description="DescribeKeyValueStore and ListKeys calls sent.")
    writes: int = Field(description="UpdateKeys calls sent.")
    etag: str | None = Field(default=None, description="The store's ETag afterwards.")

    @property
    def requests(self) -> int:
        """Every request the sync sent."""
        return self.reads + self.writes

    @property
    def in_sync(self) -> bool:
        """Whether the store already matched (nothing to add, change or remove)."""
        return not (self.added or self.changed or self.removed)


# -- requests ---------------------------------------------------------------------------


class _ByArn(Shape, frozen=True):
    kvs_arn: Annotated[StrictStr, Field(min_length=1, max_length=2048)] = Field(
        serialization_alias="KvsARN"
    )

    @property
    def subject(self) -> str:
        return self.kvs_arn

    def to_boto3(self) -> dict[str, object]:
        return _wire(self)


class DescribeKeysRequest(_ByArn, frozen=True):
    """``DescribeKeyValueStore`` on the data plane: counts, size and the data ETag."""

    operation_name: ClassVar[str] = "DescribeKeyValueStore"
    writes: ClassVar[bool] = False

    def parse(self, response: Mapping[str, object]) -> KeyValueStoreData:
        return KeyValueStoreData.model_validate(response, context=RESPONSE)


class _ByKey(_ByArn, frozen=True):
    """A request about one key of a store."""

    key: StrictStr

    @property
    def subject(self) -> str:
        return f"{self.kvs_arn} key {self.key!r}"


class GetKeyRequest(_ByKey, frozen=True):
    """``GetKey``: one key's value."""

    operation_name: ClassVar[str] = "GetKey"
    writes: ClassVar[bool] = False

    def parse(self, response: Mapping[str, object]) -> str:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        value = raw["Value"]
        assert isinstance(value, str)
        return value


class PutKeyRequest(_ByKey, frozen=True):
    """``PutKey``: one key, with the data ETag. The value never shows in ``repr``."""

    operation_name: ClassVar[str] = "PutKey"
    writes: ClassVar[bool] = True

    value: StrictStr = Field(repr=False)
    if_match: IfMatch

    def parse(self, response: Mapping[str, object]) -> KeysWritten:
        return KeysWritten.model_validate(response, context=RESPONSE)


class DeleteKeyRequest(_ByKey, frozen=True):
    """``DeleteKey``: one key, with the data ETag."""

    operation_name: ClassVar[str] = "DeleteKey"
    writes: ClassVar[bool] = True

    if_match: IfMatch

    def parse(self, response: Mapping[str, object]) -> KeysWritten:
        return KeysWritten.model_validate(response, context=RESPONSE)


class KeyPage(Shape, frozen=True):
    """One page of ``ListKeys``: ``(key, value)`` pairs. Values never show in ``repr``."""

    items: tuple[tuple[str, str], ...] = Field(repr=False)
    next_token: str | None = None


class ListKeysRequest(_ByArn, frozen=True):
    """``ListKeys``: one page of keys and values, from ``next_token``."""

    operation_name: ClassVar[str] = "ListKeys"
    writes: ClassVar[bool] = False

    next_token: StrictStr | None = None
    max_results: Annotated[int, Field(strict=True, ge=1, le=50)] = LIST_PAGE_SIZE

    def parse(self, response: Mapping[str, object]) -> KeyPage:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        return KeyPage.model_construct(
            items=tuple((item["Key"], item["Value"]) for item in raw.get("Items") or ()),
            next_token=raw.get("NextToken") or None,
        )


class UpdateKeysRequest(_ByArn, frozen=True):
    """``UpdateKeys``: one batch (at most 50 keys, 3 MB) of puts and deletes, atomically.

    Built from already checked keys (`Rules`); the values never show in ``repr``.
    """

    operation_name: ClassVar[str] = "UpdateKeys"
    writes: ClassVar[bool] = True

    if_match: IfMatch
    puts: tuple[tuple[str, str], ...] = Field(default=(), repr=False)
    deletes: tuple[str, ...] = ()

    @property
    def subject(self) -> str:
        return f"{self.kvs_arn} ({len(self.puts)} puts, {len(self.deletes)} deletes)"

    @property
    def keys(self) -> frozenset[str]:
        """Every key this batch changes."""
        return frozenset(key for key, _ in self.puts) | frozenset(self.deletes)

    def to_boto3(self) -> dict[str, object]:
        params: dict[str, object] = {"KvsARN": self.kvs_arn, "IfMatch": self.if_match}
        if self.puts:
            params["Puts"] = [{"Key": key, "Value": value} for key, value in self.puts]
        if self.deletes:
            params["Deletes"] = [{"Key": key} for key in self.deletes]
        return params

    def parse(self, response: Mapping[str, object]) -> KeysWritten:
        return KeysWritten.model_validate(response, context=RESPONSE)


# -- local rules ------------------------------------------------------------------------


def key_size(key: str, value: str | None = None) -> int:
    """What a key (and its value) adds to a store's size: their UTF-8 bytes."""
    size = len(key.encode())
    return size if value is None else size + len(value.encode())


class Rules:
    """The checks on keys and values, with or without the developer guide's quotas.

    With ``quotas`` (the default), keys are 1-512 bytes, values at most 1 KB and a store
    at most 5 MB, as the developer guide says. Without, only the service model's rules
    hold (keys 1-1024 characters), for an account whose quotas were raised. Messages name
    the argument and the key, never the value.
    """

    __slots__ = ("quotas",)

    def __init__(self, *, quotas: bool = True) -> None:
        self.quotas = quotas

    def key_problem(self, key: object) -> str | None:
        """What is wrong with a key, or ``None``."""
        if not isinstance(key, str):
            return f"keys must be str, not {type(key).__name__}"
        if not key:
            return "a key must not be empty"
        if len(key) > MODEL_MAX_KEY_LENGTH:
            return f"key {_shown(key)} is longer than {MODEL_MAX_KEY_LENGTH} characters"
        try:
            size = len(key.encode())
        except UnicodeEncodeError:
            return f"key {_shown(key)} is not valid Unicode (an unpaired surrogate)"
        if self.quotas and size > KEY_QUOTA_BYTES:
            return f"key {_shown(key)} is {size} bytes; the quota is {KEY_QUOTA_BYTES}"
        return None

    def value_problem(self, key: str, value: object) -> str | None:
        """What is wrong with the value of ``key``, or ``None`` (the value is never shown)."""
        if not isinstance(value, str):
            return f"the value of key {_shown(key)} must be str, not {type(value).__name__}"
        try:
            size = len(value.encode())
        except UnicodeEncodeError:
            return f"the value of key {_shown(key)} is not valid Unicode (unpaired surrogate)"
        if self.quotas and size > VALUE_QUOTA_BYTES:
            return f"the value of key {_shown(key)} is {size} bytes; the quota is 1 KB (1024)"
        if key_size(key) + size > BATCH_MAX_BYTES:
            return f"key {_shown(key)} with its value is over 3 MB, the most one request takes"
        return None

    def puts(self, operation: str, argument: str, puts: object) -> dict[str, str]:
        """``puts`` checked: a mapping of str to str, every key and value within the rules."""
        if not isinstance(puts, Mapping):
            raise RequestValidationError.single(
                operation, argument, f"must be a mapping of str to str, not {type(puts).__name__}"
            )
        errors: list[FieldError] = []
        checked: dict[str, str] = {}
        for key, value in puts.items():
            problem = self.key_problem(key) or self.value_problem(key, value)
            if problem:
                errors.append(FieldError(argument, problem, "value_error"))
            else:
                checked[key] = value
        _raise(operation, errors)
        return checked

    def deletes(self, operation: str, argument: str, deletes: object) -> list[str]:
        """``deletes`` checked: an iterable of keys (not a single str)."""
        if isinstance(deletes, (str, bytes)) or not isinstance(deletes, Iterable):
            raise RequestValidationError.single(
                operation, argument, "must be an iterable of keys, not a single str: wrap it"
            )
        keys = list(dict.fromkeys(deletes))
        errors = [
            FieldError(argument, problem, "value_error")
            for key in keys
            if (problem := self.key_problem(key))
        ]
        _raise(operation, errors)
        return keys

    def store_size(
        self, operation: str, argument: str, start: int, changes: Iterable[tuple[str, int]]
    ) -> None:
        """Refuse a change that takes the store over 5 MB, naming the key where it would.

        ``start`` is the size before; ``changes`` are ``(key, size change)`` in the order
        they are sent.
        """
        if not self.quotas:
            return
        size = start
        for key, delta in changes:
            size += delta
            if size > STORE_QUOTA_BYTES:
                raise RequestValidationError.single(
                    operation,
                    argument,
                    f"key {_shown(key)} would take the store to at least {size} bytes, over "
                    f"its 5 MB quota ({STORE_QUOTA_BYTES}); nothing was sent",
                )


def _shown(key: str) -> str:
    # Keys are names, not secrets; a very long one is shortened.
    return repr(key) if len(key) <= 80 else repr(key[:77] + "...")


def _raise(operation: str, errors: list[FieldError]) -> None:
    if errors:
        raise RequestValidationError(operation, tuple(errors))


def batches(
    deletes: Iterable[str], puts: Iterable[tuple[str, str]]
) -> list[tuple[tuple[str, ...], tuple[tuple[str, str], ...]]]:
    """Deletes then puts, packed in order into the fewest batches of at most 50 keys and
    3 MB each (greedy: it fills each batch before starting the next, which is the fewest
    whenever the size limit does not bind)."""
    result: list[tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = []
    batch_deletes: list[str] = []
    batch_puts: list[tuple[str, str]] = []
    size = 0

    def flush() -> None:
        nonlocal size
        if batch_deletes or batch_puts:
            result.append((tuple(batch_deletes), tuple(batch_puts)))
        batch_deletes.clear()
        batch_puts.clear()
        size = 0

    for key in deletes:
        cost = key_size(key)
        if len(batch_deletes) + len(batch_puts) >= BATCH_MAX_KEYS or size + cost > BATCH_MAX_BYTES:
            flush()
        batch_deletes.append(key)
        size += cost
    for key, value in puts:
        cost = key_size(key, value)
        if len(batch_deletes) + len(batch_puts) >= BATCH_MAX_KEYS or size + cost > BATCH_MAX_BYTES:
            flush()
        batch_puts.append((key, value))
        size += cost
    flush()
    return result
