"""What `CloudFrontFunctions`' key value store methods do, so that each stays a few lines:
building the requests from the caller's arguments, and finding the data-plane client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias

from ._call import Caller
from ._errors import RequestValidationError
from ._kvs import (
    CreateKeyValueStoreRequest,
    DeleteKeyValueStoreRequest,
    DescribeKeyValueStoreRequest,
    ImportSource,
    KeyValueStore,
    ListKeyValueStoresRequest,
    UpdateKeyValueStoreRequest,
    import_source_input,
    is_store_arn,
)
from ._kvs_keys import KeyValueStoreKeys
from ._requests import pages
from ._session import KeysClient, check_client
from ._validation import validate_request

if TYPE_CHECKING:
    from mypy_boto3_cloudfront_keyvaluestore import CloudFrontKeyValueStoreClient

__all__ = ["ImportSourceInput", "StoreInput"]

ImportSourceInput: TypeAlias = ImportSource | str
"""Where a new store's keys come from: an `ImportSource`, or an S3 object ARN."""

StoreInput: TypeAlias = KeyValueStore | str
"""A key value store: a `KeyValueStore`, its ARN, or its name (resolved once)."""

_SERVICE = "cloudfront-keyvaluestore"


def create_request(
    name: str, comment: str, import_source: ImportSourceInput | None
) -> CreateKeyValueStoreRequest:
    return validate_request(
        CreateKeyValueStoreRequest,
        CreateKeyValueStoreRequest.operation_name,
        {
            "name": name,
            "comment": comment,
            "import_source": None if import_source is None else import_source_input(import_source),
        },
    )


def describe_request(name: str) -> DescribeKeyValueStoreRequest:
    return validate_request(DescribeKeyValueStoreRequest, "DescribeKeyValueStore", {"name": name})


def update_request(name: str, comment: str, if_match: str) -> UpdateKeyValueStoreRequest:
    return validate_request(
        UpdateKeyValueStoreRequest,
        "UpdateKeyValueStore",
        {"name": name, "comment": comment, "if_match": if_match},
    )


def delete_request(name: str, if_match: str) -> DeleteKeyValueStoreRequest:
    return validate_request(
        DeleteKeyValueStoreRequest, "DeleteKeyValueStore", {"name": name, "if_match": if_match}
    )


def list_stores(call: Caller, status: str | None, page_size: int | None) -> Iterator[KeyValueStore]:
    """Validate now; then every store, one page at a time as the iterator is used."""
    request = validate_request(
        ListKeyValueStoresRequest,
        "ListKeyValueStores",
        {"status": status, "page_size": page_size},
    )
    return (store for page in pages(call, request) for store in page.items)


def keys_of(
    call: Caller,
    clients: KeysClient,
    store: StoreInput,
    *,
    client: CloudFrontKeyValueStoreClient | None,
    check_quotas: bool,
) -> KeyValueStoreKeys:
    """`KeyValueStoreKeys` for ``store``; a name costs one control-plane describe, made
    only once every argument is checked and the data-plane client is there."""
    if not isinstance(check_quotas, bool):
        raise RequestValidationError.single("KeyValueStoreKeys", "check_quotas", "must be a bool")
    if client is not None:
        check_client(client, _SERVICE, "client")
    data_plane = client or clients.get()  # MissingExtraError now, before any request
    if isinstance(store, KeyValueStore):
        arn = store.arn
    elif isinstance(store, str) and is_store_arn(store):
        arn = store
    elif isinstance(store, str):
        try:
            request = describe_request(store)
        except RequestValidationError:
            raise RequestValidationError.single(
                "KeyValueStoreKeys",
                "store",
                "must be a key value store ARN, or a name of 1-64 characters from A-Z a-z 0-9 _ -",
            ) from None
        arn = call(request).arn
    else:
        raise RequestValidationError.single(
            "KeyValueStoreKeys",
            "store",
            f"must be a KeyValueStore, an ARN or a name, not {type(store).__name__}",
        )
    return KeyValueStoreKeys(data_plane, arn, check_quotas=check_quotas)
