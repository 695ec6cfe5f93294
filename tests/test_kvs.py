"""Key value stores through a botocore Stubber: the exact parameters of both planes, the
data-plane ETag chain, batching, local validation and secret-grade values."""

from __future__ import annotations

import inspect
import io
import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import boto3
import botocore.compat
import botocore.endpoint
import botocore.session
import pytest
from botocore.stub import Stubber

from cloudfront_functions import (
    AccessDenied,
    CannotDeleteEntityWhileInUse,
    CloudFrontFunctions,
    Conflict,
    EntityAlreadyExists,
    EntityLimitExceeded,
    EntityNotFound,
    EntitySizeLimitExceeded,
    InvalidArgument,
    KeysUpdateFailed,
    MissingExtraError,
    PreconditionFailed,
    RequestValidationError,
    ResourceNotFound,
    ServiceQuotaExceeded,
    ServiceUnavailable,
)
from cloudfront_functions._call import service_error_class
from cloudfront_functions._kvs import ImportSource, KeyValueStore
from cloudfront_functions._kvs_keys import KeyValueStoreKeys

from .conftest import RequestCounter

if TYPE_CHECKING:
    from mypy_boto3_cloudfront_keyvaluestore import CloudFrontKeyValueStoreClient

ARN = "arn:aws:cloudfront::123456789012:key-value-store/12345678-1234-1234-1234-123456789012"
WHEN = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
STORE = {
    "Name": "config",
    "Id": "12345678-1234-1234-1234-123456789012",
    "Comment": "flags",
    "ARN": ARN,
    "Status": "READY",
    "LastModifiedTime": WHEN,
}
SECRET = "hmac-secret-do-not-log"
# The data plane's DescribeKeyValueStore answers Status only in newer service models.
_DESCRIBE_OUTPUT = (
    botocore.session.get_session()
    .get_service_model("cloudfront-keyvaluestore")
    .operation_model("DescribeKeyValueStore")
    .output_shape
)
assert _DESCRIBE_OUTPUT is not None
DATA_PLANE_STATUS = {"Status": "READY"} if "Status" in _DESCRIBE_OUTPUT.members else {}


def kvs_client() -> CloudFrontKeyValueStoreClient:
    return boto3.client("cloudfront-keyvaluestore", region_name="us-east-1")


@pytest.fixture
def keys() -> Iterator[tuple[KeyValueStoreKeys, Stubber]]:
    client = kvs_client()
    with Stubber(client) as stubber:
        yield KeyValueStoreKeys(client, ARN), stubber
        stubber.assert_no_pending_responses()


def describe(stubber: Stubber, etag: str, *, size: int = 0, count: int = 0) -> None:
    stubber.add_response(
        "describe_key_value_store",
        {
            "ItemCount": count,
            "TotalSizeInBytes": size,
            "KvsARN": ARN,
            "Created": WHEN,
            "ETag": etag,
            **DATA_PLANE_STATUS,
        },
        {"KvsARN": ARN},
    )


def written(etag: str, *, count: int = 1) -> dict[str, Any]:
    return {"ItemCount": count, "TotalSizeInBytes": 10, "ETag": etag}


class CallCounter(RequestCounter):
    """Counts calls botocore starts (the Stubber answers them before ``before-send``)."""

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.requests.append(str(kwargs.get("model")))


def counter(client: Any) -> CallCounter:
    sent = CallCounter()
    client.meta.events.register("provide-client-params", sent)
    return sent


# -- the store (control plane) ----------------------------------------------------------


def test_create_sends_name_comment_and_import_source(
    stubbed: tuple[CloudFrontFunctions, Stubber],
) -> None:
    cf, stubber = stubbed
    source = "arn:aws:s3:::my-bucket/keys.json"
    stubber.add_response(
        "create_key_value_store",
        {"KeyValueStore": STORE, "ETag": "ETAG1", "Location": "https://x"},
        {
            "Name": "config",
            "Comment": "flags",
            "ImportSource": {"SourceType": "S3", "SourceARN": source},
        },
    )
    store = cf.create_key_value_store("config", comment="flags", import_source=source)
    assert store.arn == ARN
    assert store.etag == "ETAG1"
    assert store.last_modified_time.tzinfo is timezone.utc


def test_import_source_model_is_accepted_too(
    stubbed: tuple[CloudFrontFunctions, Stubber],
) -> None:
    cf, stubber = stubbed
    source = ImportSource(source_arn="arn:aws:s3:::bucket.with.dots/dir/keys.json")
    stubber.add_response(
        "create_key_value_store",
        {"KeyValueStore": STORE, "ETag": "E"},
        {
            "Name": "config",
            "Comment": "",
            "ImportSource": {"SourceType": "S3", "SourceARN": source.source_arn},
        },
    )
    assert cf.create_key_value_store("config", import_source=source).name == "config"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"name": "bad name!"}, "name"),
        ({"name": "x" * 65}, "name"),
        ({"name": "ok", "comment": "c" * 129}, "comment"),
        ({"name": "ok", "import_source": "s3://bucket/key"}, "import_source"),
        ({"name": "ok", "import_source": "arn:aws:s3:::bucket"}, "import_source"),
        ({"name": b"ok"}, "name"),
    ],
)
def test_bad_create_arguments_are_rejected_before_any_request(
    stubbed: tuple[CloudFrontFunctions, Stubber], arguments: dict[str, Any], field: str
) -> None:
    cf, _ = stubbed
    sent = counter(cf.client)
    with pytest.raises(RequestValidationError) as caught:
        cf.create_key_value_store(**arguments)
    assert [error.field for error in caught.value.errors] == [field]
    assert sent.count == 0


def test_comment_of_128_characters_is_accepted(
    stubbed: tuple[CloudFrontFunctions, Stubber],
) -> None:
    cf, stubber = stubbed
    stubber.add_response(
        "create_key_value_store", {"KeyValueStore": STORE}, {"Name": "ok", "Comment": "c" * 128}
    )
    cf.create_key_value_store("ok", comment="c" * 128)


def test_update_and_delete_send_the_control_plane_etag(
    stubbed: tuple[CloudFrontFunctions, Stubber],
) -> None:
    cf, stubber = stubbed
    stubber.add_response(
        "update_key_value_store",
        {"KeyValueStore": {**STORE, "Comment": "new"}, "ETag": "ETAG2"},
        {"Name": "config", "Comment": "new", "IfMatch": "ETAG1"},
    )
    stubber.add_response("delete_key_value_store", {}, {"Name": "config", "IfMatch": "ETAG2"})
    updated = cf.update_key_value_store("config", comment="new", if_match="ETAG1")
    assert (updated.comment, updated.etag) == ("new", "ETAG2")
    cf.delete_key_value_store("config", if_match="ETAG2")


def test_list_is_lazy_and_follows_next_marker(
    stubbed: tuple[CloudFrontFunctions, Stubber],
) -> None:
    cf, stubber = stubbed
    page = {"MaxItems": 1, "Quantity": 1, "Items": [STORE]}
    stubber.add_response(
        "list_key_value_stores",
        {"KeyValueStoreList": {**page, "NextMarker": "config"}},
        {"Status": "READY", "MaxItems": "1"},
    )
    stubber.add_response(
        "list_key_value_stores",
        {"KeyValueStoreList": {**page, "Items": [{**STORE, "Name": "other"}]}},
        {"Status": "READY", "MaxItems": "1", "Marker": "config"},
    )
    stores = cf.list_key_value_stores(status="READY", page_size=1)
    sent = counter(cf.client)
    assert sent.count == 0
    assert [store.name for store in stores] == ["config", "other"]
    assert sent.count == 2


@pytest.mark.parametrize(
    ("code", "status", "error"),
    [
        ("EntityAlreadyExists", 409, EntityAlreadyExists),
        ("EntityLimitExceeded", 400, EntityLimitExceeded),
        ("EntitySizeLimitExceeded", 413, EntitySizeLimitExceeded),
        ("EntityNotFound", 404, EntityNotFound),
        ("CannotDeleteEntityWhileInUse", 409, CannotDeleteEntityWhileInUse),
        ("PreconditionFailed", 412, PreconditionFailed),
        ("AccessDenied", 403, AccessDenied),
        ("InvalidArgument", 400, InvalidArgument),
    ],
)
def test_control_plane_errors_are_typed(
    stubbed: tuple[CloudFrontFunctions, Stubber], code: str, status: int, error: type[Exception]
) -> None:
    cf, stubber = stubbed
    stubber.add_client_error("describe_key_value_store", code, "no", http_status_code=status)
    with pytest.raises(error) as caught:
        cf.describe_key_value_store("config")
    assert caught.value.http_status == status  # type: ignore[attr-defined]
    assert caught.value.operation_name == "DescribeKeyValueStore"  # type: ignore[attr-defined]


def test_every_modeled_error_of_both_planes_has_its_own_class() -> None:
    core = botocore.session.get_session()
    control = core.get_service_model("cloudfront")
    data = core.get_service_model("cloudfront-keyvaluestore")
    codes = {
        error.name
        for name in control.operation_names
        if "KeyValueStore" in name
        for error in control.operation_model(name).error_shapes
    } | {
        error.name
        for name in data.operation_names
        for error in data.operation_model(name).error_shapes
    }
    generic = {code for code in codes if service_error_class(code).__name__ == "ServiceError"}
    assert generic == set()


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("ConflictException", Conflict),
        ("ValidationException", InvalidArgument),
        ("ServiceQuotaExceededException", ServiceQuotaExceeded),
        ("ResourceNotFoundException", ResourceNotFound),
        ("AccessDeniedException", AccessDenied),
        ("InternalServerException", ServiceUnavailable),
    ],
)
def test_data_plane_errors_are_typed(
    keys: tuple[KeyValueStoreKeys, Stubber], code: str, error: type[Exception]
) -> None:
    store, stubber = keys
    stubber.add_client_error("describe_key_value_store", code, "no")
    with pytest.raises(error):
        store.describe()


# -- the keys: ETag chain, batching ---------------------------------------------------


def test_first_write_reads_the_etag_and_the_next_uses_the_one_it_returned(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    describe(stubber, "E1")
    stubber.add_response(
        "put_key", written("E2"), {"KvsARN": ARN, "Key": "a", "Value": "1", "IfMatch": "E1"}
    )
    stubber.add_response(
        "delete_key", written("E3", count=0), {"KvsARN": ARN, "Key": "a", "IfMatch": "E2"}
    )
    stubber.add_response(
        "update_keys",
        written("E4"),
        {"KvsARN": ARN, "IfMatch": "E3", "Puts": [{"Key": "b", "Value": "2"}]},
    )
    assert store.put("a", "1").etag == "E2"
    assert store.delete("a").etag == "E3"
    assert store.update(puts={"b": "2"}).etag == "E4"


def test_update_splits_into_batches_of_50_chained_by_etag(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    puts = {f"key{i:03}": str(i) for i in range(120)}
    items = [{"Key": key, "Value": value} for key, value in puts.items()]
    describe(stubber, "E0")
    for number, start in enumerate((0, 50, 100)):
        stubber.add_response(
            "update_keys",
            written(f"E{number + 1}"),
            {"KvsARN": ARN, "IfMatch": f"E{number}", "Puts": items[start : start + 50]},
        )
    result = store.update(puts=puts)
    assert (result.requests, result.etag) == (3, "E3")
    assert result.put == frozenset(puts)


def test_deletes_go_first_and_share_batches_with_puts(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    describe(stubber, "E0")
    stubber.add_response(
        "update_keys",
        written("E1"),
        {
            "KvsARN": ARN,
            "IfMatch": "E0",
            "Puts": [{"Key": "new", "Value": "v"}],
            "Deletes": [{"Key": "old"}],
        },
    )
    assert store.update(puts={"new": "v"}, deletes=["old"]).requests == 1


def test_a_later_batch_failing_says_which_keys_were_written(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    puts = {f"key{i:03}": "v" for i in range(60)}
    describe(stubber, "E0")
    stubber.add_response("update_keys", written("E1"))
    stubber.add_client_error("update_keys", "ServiceQuotaExceededException", "full", 402)
    with pytest.raises(KeysUpdateFailed) as caught:
        store.update(puts=puts)
    assert caught.value.written == frozenset(f"key{i:03}" for i in range(50))
    assert caught.value.not_written == frozenset(f"key{i:03}" for i in range(50, 60))
    assert isinstance(caught.value.__cause__, ServiceQuotaExceeded)


def test_the_first_batch_failing_raises_its_own_error(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    describe(stubber, "E0")
    stubber.add_client_error("update_keys", "ConflictException", "stale", 409)
    with pytest.raises(Conflict):
        store.update(puts={"a": "1"})


def test_retry_on_conflict_reads_the_etag_again(keys: tuple[KeyValueStoreKeys, Stubber]) -> None:
    store, stubber = keys
    describe(stubber, "E0")
    stubber.add_client_error("put_key", "ConflictException", "stale", 409)
    describe(stubber, "E5")
    stubber.add_response(
        "put_key", written("E6"), {"KvsARN": ARN, "Key": "a", "Value": "1", "IfMatch": "E5"}
    )
    assert store.put("a", "1", retry_on_conflict=1).etag == "E6"


def test_sync_reads_etag_then_every_page_and_writes_only_the_difference(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    describe(stubber, "E0", count=3)
    stubber.add_response(
        "list_keys",
        {"Items": [{"Key": "same", "Value": "1"}, {"Key": "old", "Value": "x"}], "NextToken": "t"},
        {"KvsARN": ARN, "MaxResults": 50},
    )
    stubber.add_response(
        "list_keys",
        {"Items": [{"Key": "stale", "Value": "a"}]},
        {"KvsARN": ARN, "MaxResults": 50, "NextToken": "t"},
    )
    stubber.add_response(
        "update_keys",
        written("E1"),
        {
            "KvsARN": ARN,
            "IfMatch": "E0",
            "Puts": [{"Key": "stale", "Value": "b"}, {"Key": "new", "Value": "n"}],
            "Deletes": [{"Key": "old"}],
        },
    )
    result = store.sync({"same": "1", "stale": "b", "new": "n"}, prune=True)
    assert result.added == {"new"}
    assert result.changed == {"stale"}
    assert result.removed == {"old"}
    assert result.unchanged == {"same"}
    assert (result.reads, result.writes, result.etag) == (3, 1, "E1")


def test_get_of_a_missing_key_is_none_and_of_a_missing_store_raises(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    stubber.add_client_error("get_key", "ResourceNotFoundException", "no key", 404)
    describe(stubber, "E0")
    assert store.get("nope") is None
    stubber.add_client_error("get_key", "ResourceNotFoundException", "no store", 404)
    stubber.add_client_error("describe_key_value_store", "ResourceNotFoundException", "no", 404)
    with pytest.raises(ResourceNotFound):
        store.get("nope")


# -- local validation: zero requests ------------------------------------------------------


def test_a_512_byte_key_is_accepted_and_513_rejected(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    describe(stubber, "E0")
    stubber.add_response("put_key", written("E1"))
    store.put("é" * 256, "v")  # 512 bytes
    sent = counter(store.client)
    with pytest.raises(RequestValidationError, match="is 513 bytes") as caught:
        store.put("é" * 256 + "x", "v")
    assert caught.value.errors[0].field == "key"
    assert sent.count == 0


def test_a_1024_byte_value_is_accepted_and_1025_rejected_without_showing_it(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    describe(stubber, "E0")
    stubber.add_response("put_key", written("E1"))
    store.put("k", "v" * 1024)
    sent = counter(store.client)
    with pytest.raises(RequestValidationError) as caught:
        store.update(puts={"ok": "v", "big": SECRET * 100})
    assert "'big'" in str(caught.value)
    assert SECRET not in str(caught.value)
    assert sent.count == 0


def test_without_quotas_only_the_service_model_limits_keys() -> None:
    client = kvs_client()
    store = KeyValueStoreKeys(client, ARN, check_quotas=False)
    model = botocore.session.get_session().get_service_model("cloudfront-keyvaluestore")
    maximum = model.shape_for("Key").metadata["max"]
    assert maximum == 1024
    with Stubber(client) as stubber:
        describe(stubber, "E0")
        stubber.add_response("put_key", written("E1"))
        store.put("k" * maximum, "v" * 5000)
    with pytest.raises(RequestValidationError, match="longer than 1024"):
        store.put("k" * (maximum + 1), "v")


@pytest.mark.parametrize(
    ("puts", "deletes"),
    [
        ({"a": b"bytes"}, ()),
        ({b"a": "v"}, ()),
        ({"": "v"}, ()),
        ({}, "a"),
        ({"a": "1"}, ["a"]),
        ([("a", "1")], ()),
    ],
)
def test_bad_updates_are_rejected_before_any_request(
    keys: tuple[KeyValueStoreKeys, Stubber], puts: Any, deletes: Any
) -> None:
    store, _ = keys
    sent = counter(store.client)
    with pytest.raises(RequestValidationError):
        store.update(puts=puts, deletes=deletes)
    assert sent.count == 0


def test_a_sync_over_5_mb_is_refused_naming_the_key(
    keys: tuple[KeyValueStoreKeys, Stubber],
) -> None:
    store, stubber = keys
    describe(stubber, "E0", size=5 * 1024 * 1024 - 100, count=1)
    stubber.add_response("list_keys", {"Items": [{"Key": "big", "Value": "v"}]})
    with pytest.raises(RequestValidationError, match=r"'k2'.*5 MB"):
        store.sync({"big": "v", "k1": "x" * 10, "k2": "x" * 100})


def test_a_store_must_be_an_arn_name_or_key_value_store(
    stubbed: tuple[CloudFrontFunctions, Stubber],
) -> None:
    cf, stubber = stubbed
    client = kvs_client()
    stubber.add_response(
        "describe_key_value_store", {"KeyValueStore": STORE, "ETag": "E"}, {"Name": "config"}
    )
    assert cf.key_value_store_keys("config", client=client).arn == ARN
    assert cf.key_value_store_keys(ARN, client=client).arn == ARN
    store = KeyValueStore.model_validate({**STORE, "ETag": "E"})
    assert cf.key_value_store_keys(store, client=client).arn == ARN
    with pytest.raises(RequestValidationError, match="store"):
        cf.key_value_store_keys("bad name!", client=client)
    with pytest.raises(TypeError, match="cloudfront-keyvaluestore"):
        cf.key_value_store_keys(ARN, client=cf.client)  # type: ignore[arg-type]


# -- clients and the CRT ---------------------------------------------------------------


def test_a_client_you_pass_is_used_as_it_is() -> None:
    client = kvs_client()
    cf = CloudFrontFunctions(
        boto3.client("cloudfront", region_name="us-east-1"), key_value_store_client=client
    )
    assert cf.key_value_store_keys(ARN).client is client


def test_without_awscrt_building_the_client_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(botocore.compat, "HAS_CRT", False)
    cf = CloudFrontFunctions(region_name="us-east-1")
    with pytest.raises(MissingExtraError, match=r'pip install "cloudfront-functions\[kvs\]"'):
        cf.key_value_store_keys(ARN)
    # A client you pass is not second-guessed.
    client = kvs_client()
    assert cf.key_value_store_keys(ARN, client=client).client is client


def test_a_built_client_has_the_facades_region() -> None:
    cf = CloudFrontFunctions(region_name="eu-west-1")
    assert cf.key_value_store_keys(ARN).client.meta.region_name == "eu-west-1"


# -- values are secret-grade --------------------------------------------------------------


def test_values_are_not_in_reprs(keys: tuple[KeyValueStoreKeys, Stubber]) -> None:
    store, stubber = keys
    describe(stubber, "E0")
    stubber.add_response("list_keys", {"Items": [{"Key": "jwt", "Value": SECRET}]})
    result = store.sync({"jwt": SECRET}, dry_run=True)
    stubber.add_response("list_keys", {"Items": [{"Key": "jwt", "Value": SECRET}]})
    snapshot = store.snapshot()
    assert snapshot["jwt"] == SECRET
    for shown in (repr(result), str(result), repr(snapshot), repr(store)):
        assert SECRET not in shown


# botocore emits before-parse only from some release on: before it, a client passed in
# keeps response bodies (GetKey, ListKeys) in its DEBUG log (a client we build does not).
EMITS_BEFORE_PARSE = "before-parse" in inspect.getsource(botocore.endpoint)
_NEEDS_BEFORE_PARSE = pytest.mark.skipif(
    not EMITS_BEFORE_PARSE, reason="this botocore emits no before-parse event"
)


@pytest.mark.parametrize(
    "operation",
    [
        "PutKey",
        "UpdateKeys",
        pytest.param("GetKey", marks=_NEEDS_BEFORE_PARSE),
        pytest.param("ListKeys", marks=_NEEDS_BEFORE_PARSE),
    ],
)
def test_botocore_debug_log_hides_values(
    operation: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_log_hides_values(kvs_client(), operation, capsys)


@pytest.mark.parametrize("operation", ["PutKey", "UpdateKeys", "GetKey", "ListKeys"])
@pytest.mark.skipif(not botocore.compat.HAS_CRT, reason="building a client needs awscrt")
def test_a_client_we_build_hides_values_on_every_botocore(
    operation: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cloudfront_functions._session import build_service_client

    client = build_service_client("cloudfront-keyvaluestore", None, "us-east-1", None)
    assert_log_hides_values(client, operation, capsys)


def assert_log_hides_values(
    client: CloudFrontKeyValueStoreClient, operation: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cloudfront_functions.testing import FakeCloudFront

    fake = FakeCloudFront()
    fake.key_value_stores[ARN] = {"jwt": SECRET}
    store = KeyValueStoreKeys(fake.attach(client), ARN)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    boto3.set_stream_logger("")
    try:
        if operation == "PutKey":
            store.put("jwt", SECRET)
        elif operation == "UpdateKeys":
            store.update(puts={"jwt": SECRET})
        elif operation == "GetKey":
            assert store.get("jwt") == SECRET
        else:
            assert dict(store.items()) == {"jwt": SECRET}
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    logged = capsys.readouterr().err
    assert operation in logged or "cloudfront-keyvaluestore" in logged
    assert SECRET not in logged
    assert "bytes hidden" in logged


def test_our_own_log_lines_name_keys_not_values(caplog: pytest.LogCaptureFixture) -> None:
    from cloudfront_functions.testing import FakeCloudFront

    fake = FakeCloudFront()
    fake.key_value_stores[ARN] = {}
    store = KeyValueStoreKeys(fake.attach(kvs_client()), ARN)
    with caplog.at_level(logging.DEBUG, logger="cloudfront_functions"):
        store.sync({"jwt": SECRET})
    text = io.StringIO()
    for record in caplog.records:
        text.write(record.getMessage())
    assert "UpdateKeys" in text.getvalue()
    assert SECRET not in text.getvalue()
