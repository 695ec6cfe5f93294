"""`KeyValueStoreKeys`: the keys of one store, with the data-plane ETag handled for you.

The multi-request decisions (`update`'s batches, `sync`'s read-diff-write, the retries on
conflict) are generators of operations free of I/O, like ``_deploy.py``: `KeyValueStoreKeys`
drives them through its `Caller`; an async twin would drive the same generators.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, NamedTuple, TypeVar

from ._call import Caller, Operation, Steps, ask
from ._errors import (
    CloudFrontFunctionsError,
    Conflict,
    KeysUpdateFailed,
    RequestValidationError,
    ResourceNotFound,
)
from ._kvs import KeyValueStoreSnapshot, is_store_arn
from ._kvs_data import (
    DeleteKeyRequest,
    DescribeKeysRequest,
    GetKeyRequest,
    KeysUpdate,
    KeysWritten,
    KeySync,
    KeyValueStoreData,
    ListKeysRequest,
    PutKeyRequest,
    Rules,
    UpdateKeysRequest,
    batches,
    key_size,
)
from ._session import check_client

if TYPE_CHECKING:
    from mypy_boto3_cloudfront_keyvaluestore import CloudFrontKeyValueStoreClient

__all__ = ["KeyValueStoreKeys", "diff"]

_T = TypeVar("_T")
_NO_PUTS: Final[Mapping[str, str]] = MappingProxyType({})
_SERVICE: Final = "cloudfront-keyvaluestore"


class _Known:
    """The data ETag and size from the last read or write of this object (or nothing)."""

    __slots__ = ("etag", "size")

    def __init__(self) -> None:
        self.etag: str | None = None
        self.size: int | None = None

    def saw(self, result: KeysWritten | KeyValueStoreData) -> None:
        self.etag, self.size = result.etag, result.total_size_in_bytes


class _Target(NamedTuple):
    arn: str
    known: _Known
    rules: Rules


class Diff(NamedTuple):
    """What makes a store equal ``desired``: key sets, and the writes in sending order."""

    added: frozenset[str]
    changed: frozenset[str]
    removed: frozenset[str]
    unchanged: frozenset[str]
    kept: frozenset[str]
    deletes: tuple[str, ...]
    puts: tuple[tuple[str, str], ...]
    size_changes: tuple[tuple[str, int], ...]


def diff(current: Mapping[str, str], desired: Mapping[str, str], *, prune: bool) -> Diff:
    """Compare a store's keys with the desired ones (pure; no value leaves it but ``puts``).

    The writes come deletes first, then the puts that shrink the store, then the rest, so
    that no batch boundary finds the store bigger than both its start and its end.
    """
    added, changed, unchanged = [], [], []
    for key, value in desired.items():
        old = current.get(key)
        if old is None:
            added.append(key)
        elif old != value:
            changed.append(key)
        else:
            unchanged.append(key)
    extra = [key for key in current if key not in desired]
    removed = extra if prune else []
    size_changes = [(key, -key_size(key, current[key])) for key in removed]
    growth: list[tuple[int, str]] = []
    for key in changed:
        growth.append((len(desired[key].encode()) - len(current[key].encode()), key))
    for key in added:
        growth.append((key_size(key, desired[key]), key))
    growth.sort(key=lambda item: item[0])
    size_changes += [(key, delta) for delta, key in growth]
    return Diff(
        added=frozenset(added),
        changed=frozenset(changed),
        removed=frozenset(removed),
        unchanged=frozenset(unchanged),
        kept=frozenset() if prune else frozenset(extra),
        deletes=tuple(removed),
        puts=tuple((key, desired[key]) for _, key in growth),
        size_changes=tuple(size_changes),
    )


class KeyValueStoreKeys:
    """The keys of one key value store, on the data plane (``cloudfront-keyvaluestore``).

    Get one from `CloudFrontFunctions.key_value_store_keys`, or build it from your own
    boto3 ``cloudfront-keyvaluestore`` client and the store's ARN. Every write needs the
    data plane's ETag: this object reads it when it has none, and otherwise uses the one
    its previous write returned. If the store changed in between, the service answers
    `Conflict`; ``retry_on_conflict=N`` re-reads the ETag and retries at most N times
    (a deliberate choice to overwrite, as in `deploy`).

    Keys and values are checked locally first (`RequestValidationError`, nothing sent):
    keys 1-512 bytes, values at most 1 KB, the store at most 5 MB (the developer guide's
    quotas). ``check_quotas=False`` checks only the service model's rules (keys up to 1024
    characters), for an account whose quotas were raised. Values never appear in a repr,
    an error message or a log line of this package.
    """

    def __init__(
        self,
        client: CloudFrontKeyValueStoreClient,
        arn: str,
        *,
        check_quotas: bool = True,
    ) -> None:
        check_client(client, _SERVICE, "client")
        if not isinstance(arn, str) or not is_store_arn(arn):
            raise RequestValidationError.single(
                "KeyValueStoreKeys",
                "store",
                "must be a key value store ARN: arn:aws:cloudfront::<12 digits>:"
                "key-value-store/<36 hex or ->",
            )
        self._client = client
        self._call = Caller(client)
        self._arn = arn
        self._rules = Rules(quotas=check_quotas)
        self._known = _Known()
        self._target = _Target(arn, self._known, self._rules)
        self._lock = threading.RLock()

    @property
    def arn(self) -> str:
        """The store's ARN."""
        return self._arn

    @property
    def client(self) -> CloudFrontKeyValueStoreClient:
        """The boto3 ``cloudfront-keyvaluestore`` client this object calls."""
        return self._client

    def __repr__(self) -> str:
        return f"{type(self).__name__}(arn={self._arn!r})"

    def _run(self, steps: Steps[_T], operation_name: str | None = None) -> _T:
        with self._lock:
            return self._call.run(steps, operation_name)

    def describe(self) -> KeyValueStoreData:
        """The store's item count, total size, status and data ETag (remembered for writes)."""
        return self._run(_describe(self._arn, self._known))

    def get(self, key: str) -> str | None:
        """The value of ``key``, or ``None`` if the store has no such key.

        A missing store raises `ResourceNotFound` (a miss costs one more request to tell
        the two apart: the service answers both with the same error).
        """
        self._check_key("GetKey", key)
        return self._run(_get(self._arn, key))

    def put(self, key: str, value: str, *, retry_on_conflict: int = 0) -> KeysWritten:
        """Set one key (``PutKey``); returns the store's new size and ETag."""
        self._check_key("PutKey", key)
        if problem := self._rules.value_problem(key, value):
            raise RequestValidationError.single("PutKey", "value", problem)
        self._check_retries("PutKey", retry_on_conflict)
        return self._run(
            _single(
                self._target,
                retry_on_conflict,
                lambda etag: PutKeyRequest(kvs_arn=self._arn, key=key, value=value, if_match=etag),
            )
        )

    def delete(self, key: str, *, retry_on_conflict: int = 0) -> KeysWritten:
        """Delete one key (``DeleteKey``); returns the store's new size and ETag."""
        self._check_key("DeleteKey", key)
        self._check_retries("DeleteKey", retry_on_conflict)
        return self._run(
            _single(
                self._target,
                retry_on_conflict,
                lambda etag: DeleteKeyRequest(kvs_arn=self._arn, key=key, if_match=etag),
            )
        )

    def items(self) -> Iterator[tuple[str, str]]:
        """Every ``(key, value)``, lazily, 50 to a ``ListKeys`` page (the most it allows)."""
        request = ListKeysRequest(kvs_arn=self._arn)
        while True:
            page = self._run(ask(request))
            yield from page.items
            if not page.next_token:
                return
            if page.next_token == request.next_token:
                raise CloudFrontFunctionsError(f"ListKeys repeated NextToken {page.next_token!r}")
            request = request.model_copy(update={"next_token": page.next_token})

    def snapshot(self) -> KeyValueStoreSnapshot:
        """A read-only copy of every key and value (e.g. for `run_locally`)."""
        return KeyValueStoreSnapshot(dict(self.items()))

    def update(
        self,
        *,
        puts: Mapping[str, str] = _NO_PUTS,
        deletes: Iterable[str] = (),
        retry_on_conflict: int = 0,
    ) -> KeysUpdate:
        """Put and delete keys in the fewest ``UpdateKeys`` calls (50 keys, 3 MB each).

        Each call is atomic; together they are not. If a call after the first fails,
        `KeysUpdateFailed` says which keys were written and which were not; if the first
        fails, its own error is raised and nothing was written.

        The store's 5 MB quota is left to the service here (`ServiceQuotaExceeded`): the
        values being replaced are not known without reading them. `sync`, which reads
        them, refuses such a change before sending anything.
        """
        operation = "UpdateKeys"
        checked_puts = self._rules.puts(operation, "puts", puts)
        checked_deletes = self._rules.deletes(operation, "deletes", deletes)
        both = sorted(set(checked_puts).intersection(checked_deletes))
        if both:
            raise RequestValidationError.single(
                operation, "deletes", f"key {both[0]!r} is both put and deleted"
            )
        self._check_retries(operation, retry_on_conflict)
        return self._run(
            _update(
                self._target,
                checked_deletes,
                list(checked_puts.items()),
                retry_on_conflict,
            ),
            "UpdateKeys",
        )

    def sync(
        self,
        desired: Mapping[str, str],
        *,
        prune: bool = False,
        dry_run: bool = False,
        retry_on_conflict: int = 0,
    ) -> KeySync:
        """Make the store hold ``desired``: read every key once, write only the difference.

        The difference goes out in the fewest ``UpdateKeys`` calls; a second identical
        sync sends none. ``prune=True`` also deletes the keys ``desired`` lacks (otherwise
        they are ``kept``); ``dry_run=True`` reads and reports, and writes nothing. The
        result names keys, never values.

        Conflicts: the ETag is read before the keys, so a change by someone else while
        this runs makes the write fail with `Conflict` (or `KeysUpdateFailed` after a
        first batch) rather than be overwritten; ``retry_on_conflict=N`` reads and diffs
        again, at most N times.
        """
        operation = "SyncKeys"
        checked = self._rules.puts(operation, "desired", desired)
        for name, flag in (("prune", prune), ("dry_run", dry_run)):
            if not isinstance(flag, bool):
                raise RequestValidationError.single(operation, name, "must be a bool")
        self._check_retries(operation, retry_on_conflict)
        return self._run(
            _sync(self._target, checked, prune, dry_run, retry_on_conflict), "SyncKeys"
        )

    # -- local checks ------------------------------------------------------------------

    def _check_key(self, operation: str, key: object) -> None:
        if problem := self._rules.key_problem(key):
            raise RequestValidationError.single(operation, "key", problem)

    @staticmethod
    def _check_retries(operation: str, retries: object) -> None:
        if not isinstance(retries, int) or isinstance(retries, bool) or retries < 0:
            raise RequestValidationError.single(
                operation, "retry_on_conflict", "must be an int >= 0"
            )


# -- the decisions, free of I/O -------------------------------------------------------


def _describe(arn: str, known: _Known) -> Steps[KeyValueStoreData]:
    data = yield from ask(DescribeKeysRequest(kvs_arn=arn))
    known.saw(data)
    return data


def _get(arn: str, key: str) -> Steps[str | None]:
    try:
        return (yield from ask(GetKeyRequest(kvs_arn=arn, key=key)))
    except ResourceNotFound:
        yield from ask(DescribeKeysRequest(kvs_arn=arn))  # raises if the store is missing
        return None


def _etag(arn: str, known: _Known) -> Steps[str]:
    if known.etag is None:
        yield from _describe(arn, known)
    assert known.etag is not None
    return known.etag


def _single(
    target: _Target,
    retries: int,
    build: Callable[[str], Operation[KeysWritten]],
) -> Steps[KeysWritten]:
    arn, known, _ = target
    conflicts = 0
    while True:
        etag = yield from _etag(arn, known)
        try:
            written = yield from ask(build(etag))
        except Conflict:
            known.etag = None
            if conflicts >= retries:
                raise
            conflicts += 1
            continue
        known.saw(written)
        return written


class _Progress:
    """What a run of batches has done so far: the keys applied and the calls sent."""

    __slots__ = ("keys", "sent")

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.sent = 0


def _write_batches(
    arn: str,
    known: _Known,
    planned: list[tuple[tuple[str, ...], tuple[tuple[str, str], ...]]],
    retries: int,
    progress: _Progress,
) -> Steps[KeysWritten | None]:
    """Send the batches, each with the ETag the previous one returned."""
    conflicts = 0
    last: KeysWritten | None = None
    for deletes, puts in planned:
        while True:
            etag = yield from _etag(arn, known)
            request = UpdateKeysRequest(kvs_arn=arn, if_match=etag, puts=puts, deletes=deletes)
            progress.sent += 1
            try:
                last = yield from ask(request)
            except Conflict:
                known.etag = None
                if conflicts < retries:
                    conflicts += 1
                    continue
                raise
            break
        known.saw(last)
        progress.keys.update(request.keys)
    return last


def _partial(exc: CloudFrontFunctionsError, written: set[str], every: set[str]) -> None:
    if written:
        raise KeysUpdateFailed(
            f"the update stopped after {len(written)} of {len(every)} keys were written "
            f"({type(exc).__name__}); `written` and `not_written` name them",
            written=frozenset(written),
            not_written=frozenset(every - written),
        ) from exc


def _update(
    target: _Target,
    deletes: list[str],
    puts: list[tuple[str, str]],
    retries: int,
) -> Steps[KeysUpdate]:
    arn, known, _ = target
    if not deletes and not puts:
        return KeysUpdate()
    progress = _Progress()
    every = set(deletes) | {key for key, _ in puts}
    try:
        last = yield from _write_batches(arn, known, batches(deletes, puts), retries, progress)
    except CloudFrontFunctionsError as exc:
        _partial(exc, progress.keys, every)
        raise
    return KeysUpdate(
        put=frozenset(key for key, _ in puts),
        deleted=frozenset(deletes),
        requests=progress.sent,
        etag=None if last is None else last.etag,
        item_count=None if last is None else last.item_count,
        total_size_in_bytes=None if last is None else last.total_size_in_bytes,
    )


def _read_all(arn: str, known: _Known) -> Steps[tuple[dict[str, str], int]]:
    yield from _describe(arn, known)  # the ETag first: a write after it is a conflict
    current: dict[str, str] = {}
    request = ListKeysRequest(kvs_arn=arn)
    reads = 1
    while True:
        page = yield from ask(request)
        reads += 1
        current.update(page.items)
        if not page.next_token:
            return current, reads
        if page.next_token == request.next_token:  # a partial read would diff wrongly
            raise CloudFrontFunctionsError(f"ListKeys repeated NextToken {request.next_token!r}")
        request = request.model_copy(update={"next_token": page.next_token})


def _sync(
    target: _Target,
    desired: dict[str, str],
    prune: bool,
    dry_run: bool,
    retries: int,
) -> Steps[KeySync]:
    arn, known, rules = target
    reads = writes = 0
    conflicts = 0
    earlier: dict[str, str] = {}  # key -> "added"/"changed"/"removed", from earlier attempts
    while True:
        current, pages = yield from _read_all(arn, known)
        reads += pages
        plan = diff(current, desired, prune=prune)
        rules.store_size("SyncKeys", "desired", known.size or 0, plan.size_changes)
        if dry_run:
            return _report(plan, earlier, dry_run=True, reads=reads, writes=0, etag=known.etag)
        progress = _Progress()
        every = set(plan.deletes) | {key for key, _ in plan.puts} | set(earlier)
        try:
            yield from _write_batches(arn, known, batches(plan.deletes, plan.puts), 0, progress)
        except Conflict as exc:
            writes += progress.sent
            if conflicts >= retries:
                _partial(exc, progress.keys | set(earlier), every)
                raise
            conflicts += 1
            for key in progress.keys:
                earlier.setdefault(key, _category(plan, key))
            continue
        except CloudFrontFunctionsError as exc:
            _partial(exc, progress.keys | set(earlier), every)
            raise
        writes += progress.sent
        return _report(plan, earlier, dry_run=False, reads=reads, writes=writes, etag=known.etag)


def _category(plan: Diff, key: str) -> str:
    if key in plan.added:
        return "added"
    return "changed" if key in plan.changed else "removed"


def _report(
    plan: Diff,
    earlier: Mapping[str, str],
    *,
    dry_run: bool,
    reads: int,
    writes: int,
    etag: str | None,
) -> KeySync:
    sets = {
        "added": set(plan.added),
        "changed": set(plan.changed),
        "removed": set(plan.removed),
        "unchanged": set(plan.unchanged),
        "kept": set(plan.kept),
    }
    for key, category in earlier.items():  # written by an earlier attempt of this sync
        for found in sets.values():
            found.discard(key)
        sets[category].add(key)
    return KeySync(
        **{name: frozenset(keys) for name, keys in sets.items()},
        dry_run=dry_run,
        reads=reads,
        writes=writes,
        etag=etag,
    )
