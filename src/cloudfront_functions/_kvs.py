"""Key value stores, the control plane: the store itself, on the ``cloudfront`` service.

Request models (`Operation`s for the one call path in ``_call.py``) and the frozen results
they parse into. The keys live on a separate service: see ``_kvs_data.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar, Final, Literal

from pydantic import AfterValidator, Field, StrictStr, field_validator

from ._models import _ARN_PATTERN, _NOT_XML, RESPONSE, Shape, UtcDatetime
from ._requests import IfMatch, MarkerPaged, _check_name, _wire

__all__ = [
    "CreateKeyValueStoreRequest",
    "DeleteKeyValueStoreRequest",
    "DescribeKeyValueStoreRequest",
    "ImportSource",
    "KeyValueStore",
    "KeyValueStoreSnapshot",
    "ListKeyValueStoresRequest",
    "UpdateKeyValueStoreRequest",
    "is_store_arn",
]

MAX_COMMENT_LENGTH: Final = 128  # KeyValueStoreComment in the service model

# An S3 object ARN: arn:<partition>:s3:::<bucket>/<key>. Bucket names: 3-63 characters of
# lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.
_S3_OBJECT_ARN: Final = re.compile(
    r"arn:aws(?:-[a-z]+)*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.{1,1024}", re.DOTALL
)


KeyValueStoreName = Annotated[StrictStr, AfterValidator(_check_name)]
"""A key value store name: 1-64 characters from ``A-Z a-z 0-9 _ -``."""


def _check_comment(value: str) -> str:
    if len(value) > MAX_COMMENT_LENGTH:
        raise ValueError(f"must be at most {MAX_COMMENT_LENGTH} characters")
    if bad := _NOT_XML.search(value):
        raise ValueError(f"has a character XML cannot carry (U+{ord(bad[0]):04X})")
    return value


KeyValueStoreComment = Annotated[StrictStr, AfterValidator(_check_comment)]
"""A key value store comment: 0-128 characters."""


def is_store_arn(value: str) -> bool:
    """Whether ``value`` is a key value store ARN (as function associations spell it)."""
    return _ARN_PATTERN.fullmatch(value) is not None


class KeyValueStore(Shape, frozen=True):
    """A key value store as the control plane describes it.

    ``etag`` is the **control plane's** ETag: what `update_key_value_store` and
    `delete_key_value_store` need as ``if_match``. The keys have their own ETag (see
    `KeyValueStoreKeys`), which the package handles for you.
    """

    name: str = Field(description="The store's name.")
    id: str = Field(description="The store's id (the last part of its ARN).")
    arn: str = Field(alias="ARN", description="What functions associate with.")
    comment: str = Field(default="", description="Free text.")
    status: str | None = Field(
        default=None, description="PROVISIONING, READY, FAILED, or a newer value."
    )
    last_modified_time: UtcDatetime = Field(description="When it last changed (UTC).")
    etag: str | None = Field(default=None, description="The control plane's ETag, when sent.")

    @classmethod
    def from_response(cls, response: Mapping[str, object]) -> KeyValueStore:
        """Parse a response that holds a ``KeyValueStore`` and an ``ETag`` header."""
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        return cls.from_item(raw["KeyValueStore"], etag=raw.get("ETag"))

    @classmethod
    def from_item(cls, item: Mapping[str, object], *, etag: str | None = None) -> KeyValueStore:
        """Parse one ``KeyValueStore`` dict (lists carry no ETag)."""
        return cls.model_validate({**item, "ETag": etag}, context=RESPONSE)


class ImportSource(Shape, frozen=True):
    """Where a new store's initial keys come from: a JSON object in S3, by ARN.

    ``source_arn`` looks like ``arn:aws:s3:::my-bucket/keys.json``. The file has the shape
    the developer guide gives: ``{"data": [{"key": "...", "value": "..."}, ...]}``.
    """

    source_type: Literal["S3"] = Field(default="S3", description="Only S3 exists.")
    source_arn: StrictStr = Field(
        serialization_alias="SourceARN", description="The S3 object's ARN."
    )

    @field_validator("source_arn")
    @classmethod
    def _check_arn(cls, value: str) -> str:
        if not _S3_OBJECT_ARN.fullmatch(value):
            raise ValueError("must be an S3 object ARN: arn:aws:s3:::<bucket>/<key>")
        return value


def import_source_input(value: object) -> object:
    """An `ImportSource` from what the facade accepts: the model, or an S3 object ARN."""
    return {"source_arn": value} if isinstance(value, str) else value


class CreateKeyValueStoreRequest(Shape, frozen=True):
    """``CreateKeyValueStore``: a new, empty store (or one imported from S3)."""

    operation_name: ClassVar[str] = "CreateKeyValueStore"
    writes: ClassVar[bool] = True

    name: KeyValueStoreName
    comment: KeyValueStoreComment = ""
    import_source: ImportSource | None = None

    @property
    def subject(self) -> str:
        return self.name

    def to_boto3(self) -> dict[str, object]:
        return _wire(self)

    def parse(self, response: Mapping[str, object]) -> KeyValueStore:
        return KeyValueStore.from_response(response)


class _StoreByName(Shape, frozen=True):
    name: KeyValueStoreName

    @property
    def subject(self) -> str:
        return self.name

    def to_boto3(self) -> dict[str, object]:
        return _wire(self)


class DescribeKeyValueStoreRequest(_StoreByName, frozen=True):
    """``DescribeKeyValueStore`` (control plane): the store and its ETag."""

    operation_name: ClassVar[str] = "DescribeKeyValueStore"
    writes: ClassVar[bool] = False

    def parse(self, response: Mapping[str, object]) -> KeyValueStore:
        return KeyValueStore.from_response(response)


class UpdateKeyValueStoreRequest(_StoreByName, frozen=True):
    """``UpdateKeyValueStore``: a new comment, with the control plane's ETag."""

    operation_name: ClassVar[str] = "UpdateKeyValueStore"
    writes: ClassVar[bool] = True

    comment: KeyValueStoreComment
    if_match: IfMatch

    def parse(self, response: Mapping[str, object]) -> KeyValueStore:
        return KeyValueStore.from_response(response)


class DeleteKeyValueStoreRequest(_StoreByName, frozen=True):
    """``DeleteKeyValueStore``, with the control plane's ETag."""

    operation_name: ClassVar[str] = "DeleteKeyValueStore"
    writes: ClassVar[bool] = True

    if_match: IfMatch

    def parse(self, response: Mapping[str, object]) -> None:
        return None


class KeyValueStorePage(Shape, frozen=True):
    """One page of ``ListKeyValueStores``."""

    items: tuple[KeyValueStore, ...]
    next_marker: str | None = None


class ListKeyValueStoresRequest(MarkerPaged, frozen=True):
    """``ListKeyValueStores``: one page from ``marker``, optionally of one ``status``."""

    operation_name: ClassVar[str] = "ListKeyValueStores"

    status: StrictStr | None = None

    @property
    def subject(self) -> str:
        return f"(status {self.status}, marker {self.marker})"

    def parse(self, response: Mapping[str, object]) -> KeyValueStorePage:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        page = raw.get("KeyValueStoreList") or {}
        return KeyValueStorePage(
            items=tuple(KeyValueStore.from_item(item) for item in page.get("Items") or ()),
            next_marker=page.get("NextMarker") or None,
        )


class KeyValueStoreSnapshot(Mapping[str, str]):
    """A read-only copy of a store's keys, e.g. for `run_locally`'s ``key_value_store``.

    It is a `Mapping`; its ``repr`` shows how many keys it holds, never their values.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, str]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"<KeyValueStoreSnapshot: {len(self._data)} keys, values hidden>"
