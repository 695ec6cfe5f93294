"""The fake's key value stores: the control plane (REST-XML on ``cloudfront``) and the
data plane (REST-JSON on ``cloudfront-keyvaluestore``).

The keys live in ``fake.key_value_stores`` (ARN -> ``{key: value}``), the very dict that
``TestFunction`` hands to the function, so keys written here are what a test run reads.
The data plane's ETag changes with every write, independently of the control plane's.
A store a test put straight into ``fake.key_value_stores`` is served too.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from ._routes import route
from ._state import ACCOUNT, ServiceFault
from ._wire import (
    NS,
    Call,
    Reply,
    marker_page,
    now,
    require_if_match,
    sub,
    text,
    timestamp,
    xml,
)

if TYPE_CHECKING:
    from ._fake import FakeCloudFront

__all__ = ["FakeKeyValueStore"]

# The developer guide's quotas, as the service enforces them.
KEY_QUOTA_BYTES: Final = 512
VALUE_QUOTA_BYTES: Final = 1024
STORE_QUOTA_BYTES: Final = 5 * 1024 * 1024
BATCH_MAX_KEYS: Final = 50
BATCH_MAX_BYTES: Final = 3 * 1024 * 1024
STORES_PER_ACCOUNT: Final = 50


@dataclass
class FakeKeyValueStore:
    """A store's control-plane record (its keys are in ``fake.key_value_stores[arn]``)."""

    name: str
    id: str
    comment: str
    etag: str
    data_etag: str
    created: datetime = field(default_factory=now)
    modified: datetime = field(default_factory=now)
    status: str = "READY"
    import_source: str | None = None

    @property
    def arn(self) -> str:
        return f"arn:aws:cloudfront::{ACCOUNT}:key-value-store/{self.id}"


# -- control plane ----------------------------------------------------------------------


@route("cloudfront", "CreateKeyValueStore")
def create_key_value_store(fake: FakeCloudFront, call: Call) -> Reply:
    body = call.xml()
    name = text(body, "Name")
    if any(store.name == name for store in fake.key_value_store_records.values()):
        raise ServiceFault(409, "EntityAlreadyExists", f"Key value store {name} already exists")
    if len(fake.key_value_store_records) >= STORES_PER_ACCOUNT:
        raise ServiceFault(400, "EntityLimitExceeded", "Too many key value stores")
    store = FakeKeyValueStore(
        name=name,
        id=str(uuid.uuid4()),
        comment=text(body, "Comment"),
        etag=fake.new_etag(),
        data_etag=fake.new_etag(),
        import_source=text(body, "ImportSource/SourceARN") or None,
    )
    fake.key_value_store_records[store.arn] = store
    fake.key_value_stores.setdefault(store.arn, {})
    headers = {
        "ETag": store.etag,
        "Location": f"https://cloudfront.amazonaws.com/2020-05-31/key-value-store/{name}",
    }
    return Reply(201, headers, _store_xml(store))


@route("cloudfront", "DescribeKeyValueStore")
def describe_key_value_store(fake: FakeCloudFront, call: Call) -> Reply:
    store = _by_name(fake, call.params["Name"])
    return Reply(200, {"ETag": store.etag}, _store_xml(store))


@route("cloudfront", "UpdateKeyValueStore")
def update_key_value_store(fake: FakeCloudFront, call: Call) -> Reply:
    store = _checked(fake, call)
    store.comment = text(call.xml(), "Comment")
    store.etag, store.modified = fake.new_etag(), now()
    return Reply(200, {"ETag": store.etag}, _store_xml(store))


@route("cloudfront", "DeleteKeyValueStore")
def delete_key_value_store(fake: FakeCloudFront, call: Call) -> Reply:
    store = _checked(fake, call)
    for function in fake.functions.values():
        copies = [function.development, *([function.live] if function.live else [])]
        if any(store.arn in copy.kvs_arns for copy in copies):
            raise ServiceFault(
                409,
                "CannotDeleteEntityWhileInUse",
                f"Key value store {store.name} is associated with function {function.name}",
            )
    del fake.key_value_store_records[store.arn]
    fake.key_value_stores.pop(store.arn, None)
    return Reply(204)


@route("cloudfront", "ListKeyValueStores")
def list_key_value_stores(fake: FakeCloudFront, call: Call) -> Reply:
    status = call.query.get("Status")
    stores = sorted(
        (s for s in fake.key_value_store_records.values() if status in {None, s.status}),
        key=lambda s: s.name,
    )
    by_name = {store.name: store for store in stores}
    page, result, items = marker_page(call, list(by_name), "KeyValueStoreList")
    for name in page:
        items.append(_store_element(by_name[name]))
    return Reply(200, {}, xml(result))


def _by_name(fake: FakeCloudFront, name: str) -> FakeKeyValueStore:
    for store in fake.key_value_store_records.values():
        if store.name == name:
            return store
    raise ServiceFault(404, "EntityNotFound", f"Key value store {name} does not exist")


def _checked(fake: FakeCloudFront, call: Call) -> FakeKeyValueStore:
    store = _by_name(fake, call.params["Name"])
    require_if_match(call.if_match, store.etag)
    return store


def _store_element(store: FakeKeyValueStore) -> ET.Element:
    found = ET.Element("KeyValueStore")
    sub(found, "Name", store.name)
    sub(found, "Id", store.id)
    sub(found, "Comment", store.comment)
    sub(found, "ARN", store.arn)
    sub(found, "Status", store.status)
    sub(found, "LastModifiedTime", timestamp(store.modified))
    return found


def _store_xml(store: FakeKeyValueStore) -> bytes:
    found = _store_element(store)
    found.set("xmlns", NS)
    return xml(found)


# -- data plane -------------------------------------------------------------------------


def _record(fake: FakeCloudFront, arn: str) -> tuple[FakeKeyValueStore, dict[str, str]]:
    """The store and its keys, or the data plane's 404."""
    keys = fake.key_value_stores.get(arn)
    if keys is None:
        raise ServiceFault(404, "ResourceNotFoundException", f"Key value store {arn} not found")
    store = fake.key_value_store_records.get(arn)
    if store is None:  # put into fake.key_value_stores by a test: serve it as it is
        store_id = arn.rpartition("/")[2]
        store = FakeKeyValueStore(
            name=store_id, id=store_id, comment="", etag=fake.new_etag(), data_etag=fake.new_etag()
        )
        fake.key_value_store_records[arn] = store
    return store, keys


def _size(keys: dict[str, str]) -> int:
    return sum(len(key.encode()) + len(value.encode()) for key, value in keys.items())


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value).encode()


def _counts(keys: dict[str, str]) -> dict[str, Any]:
    return {"ItemCount": len(keys), "TotalSizeInBytes": _size(keys)}


def _check_key(key: str) -> None:
    if not 1 <= len(key) <= 1024:
        raise ServiceFault(400, "ValidationException", "Key must be 1-1024 characters")
    if len(key.encode()) > KEY_QUOTA_BYTES:
        raise ServiceFault(400, "ValidationException", f"Key is over {KEY_QUOTA_BYTES} bytes")


def _check_value(value: object) -> str:
    if not isinstance(value, str):
        raise ServiceFault(400, "ValidationException", "Value must be a string")
    if len(value.encode()) > VALUE_QUOTA_BYTES:
        raise ServiceFault(400, "ValidationException", f"Value is over {VALUE_QUOTA_BYTES} bytes")
    return value


def _write(fake: FakeCloudFront, call: Call, apply: dict[str, str | None]) -> Reply:
    """Apply puts (value) and deletes (None) atomically, if ``If-Match`` is current."""
    store, keys = _record(fake, call.params["KvsARN"])
    if not call.if_match:
        raise ServiceFault(400, "ValidationException", "If-Match is required")
    if call.if_match != store.data_etag:
        raise ServiceFault(409, "ConflictException", "The ETag does not match the current one")
    after = dict(keys)
    for key, value in apply.items():
        if value is None:
            after.pop(key, None)
        else:
            after[key] = value
    if _size(after) > STORE_QUOTA_BYTES:
        raise ServiceFault(402, "ServiceQuotaExceededException", "The store would exceed 5 MB")
    keys.clear()
    keys.update(after)  # the same dict object: TestFunction sees the change
    store.data_etag, store.modified = fake.new_etag(), now()
    return Reply(200, {"ETag": store.data_etag}, _json(_counts(keys)))


@route("cloudfront-keyvaluestore", "DescribeKeyValueStore")
def describe_keys(fake: FakeCloudFront, call: Call) -> Reply:
    store, keys = _record(fake, call.params["KvsARN"])
    body = {
        **_counts(keys),
        "KvsARN": call.params["KvsARN"],
        "Created": store.created.timestamp(),
        "LastModified": store.modified.timestamp(),
        "Status": store.status,
    }
    return Reply(200, {"ETag": store.data_etag}, _json(body))


@route("cloudfront-keyvaluestore", "GetKey")
def get_key(fake: FakeCloudFront, call: Call) -> Reply:
    _, keys = _record(fake, call.params["KvsARN"])
    key = call.params["Key"]
    if key not in keys:
        raise ServiceFault(404, "ResourceNotFoundException", f"Key {key} not found")
    return Reply(200, {}, _json({"Key": key, "Value": keys[key], **_counts(keys)}))


@route("cloudfront-keyvaluestore", "ListKeys")
def list_keys(fake: FakeCloudFront, call: Call) -> Reply:
    _, keys = _record(fake, call.params["KvsARN"])
    max_results = int(call.query.get("MaxResults", "10"))
    if not 1 <= max_results <= 50:
        raise ServiceFault(400, "ValidationException", "MaxResults must be 1-50")
    names = sorted(keys)
    token = call.query.get("NextToken")
    start = int(token) if token else 0
    page = names[start : start + max_results]
    body: dict[str, Any] = {"Items": [{"Key": key, "Value": keys[key]} for key in page]}
    if start + max_results < len(names):
        body["NextToken"] = str(start + max_results)
    return Reply(200, {}, _json(body))


@route("cloudfront-keyvaluestore", "PutKey")
def put_key(fake: FakeCloudFront, call: Call) -> Reply:
    key = call.params["Key"]
    _check_key(key)
    return _write(fake, call, {key: _check_value(call.json().get("Value"))})


@route("cloudfront-keyvaluestore", "DeleteKey")
def delete_key(fake: FakeCloudFront, call: Call) -> Reply:
    key = call.params["Key"]
    _, keys = _record(fake, call.params["KvsARN"])
    if key not in keys:
        raise ServiceFault(404, "ResourceNotFoundException", f"Key {key} not found")
    return _write(fake, call, {key: None})


@route("cloudfront-keyvaluestore", "UpdateKeys")
def update_keys(fake: FakeCloudFront, call: Call) -> Reply:
    body = call.json()
    puts = body.get("Puts") or []
    deletes = body.get("Deletes") or []
    if len(puts) + len(deletes) > BATCH_MAX_KEYS:
        raise ServiceFault(400, "ValidationException", f"At most {BATCH_MAX_KEYS} keys per call")
    if len(call.body) > BATCH_MAX_BYTES:
        raise ServiceFault(400, "ValidationException", "The request is over 3 MB")
    apply: dict[str, str | None] = {}
    for item in deletes:
        _check_key(item["Key"])
        apply[item["Key"]] = None
    for item in puts:
        _check_key(item["Key"])
        apply[item["Key"]] = _check_value(item.get("Value"))
    return _write(fake, call, apply)
