"""The facade's key value store methods (a part of `CloudFrontFunctions`).

The modules behind them load on first use, so a program that never touches a key value
store never imports them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_cloudfront_keyvaluestore import CloudFrontKeyValueStoreClient

    from ._call import Caller
    from ._kvs import KeyValueStore
    from ._kvs_facade import ImportSourceInput, StoreInput
    from ._kvs_keys import KeyValueStoreKeys
    from ._session import KeysClient

__all__ = ["KeyValueStoreMethods"]


class KeyValueStoreMethods:
    """Key value stores: the store on the control plane, its keys on the data plane."""

    _call: Caller
    _keys_client: KeysClient

    def create_key_value_store(
        self, name: str, *, comment: str = "", import_source: ImportSourceInput | None = None
    ) -> KeyValueStore:
        """Create a key value store: empty, or with the keys of ``import_source`` (an S3
        object ARN or `ImportSource`). The result's ``etag`` is the control plane's."""
        from . import _kvs_facade as kvs  # noqa: PLC0415

        return self._call(kvs.create_request(name, comment, import_source))

    def describe_key_value_store(self, name: str) -> KeyValueStore:
        """Describe a store, with the control-plane ETag that update and delete need."""
        from . import _kvs_facade as kvs  # noqa: PLC0415

        return self._call(kvs.describe_request(name))

    def update_key_value_store(self, name: str, *, comment: str, if_match: str) -> KeyValueStore:
        """Change a store's comment. ``if_match`` is the control-plane ETag you read."""
        from . import _kvs_facade as kvs  # noqa: PLC0415

        return self._call(kvs.update_request(name, comment, if_match))

    def delete_key_value_store(self, name: str, *, if_match: str) -> None:
        """Delete a store (`CannotDeleteEntityWhileInUse` while a function uses it)."""
        from . import _kvs_facade as kvs  # noqa: PLC0415

        self._call(kvs.delete_request(name, if_match))

    def list_key_value_stores(
        self, *, status: str | None = None, page_size: int | None = None
    ) -> Iterator[KeyValueStore]:
        """Iterate over every store (of one ``status``, e.g. ``"READY"``), lazily by page."""
        from . import _kvs_facade as kvs  # noqa: PLC0415

        return kvs.list_stores(self._call, status, page_size)

    def key_value_store_keys(
        self,
        store: StoreInput,
        *,
        client: CloudFrontKeyValueStoreClient | None = None,
        check_quotas: bool = True,
    ) -> KeyValueStoreKeys:
        """The keys of ``store`` (a `KeyValueStore`, an ARN, or a name, resolved once now).

        They are read and written on the data plane with ``client``, or with the facade's
        ``key_value_store_client``; without either, one is built, which needs the
        ``[kvs]`` extra (`MissingExtraError` otherwise). See `KeyValueStoreKeys`.
        """
        from . import _kvs_facade as kvs  # noqa: PLC0415

        return kvs.keys_of(
            self._call, self._keys_client, store, client=client, check_quotas=check_quotas
        )
