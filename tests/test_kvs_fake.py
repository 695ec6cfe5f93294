"""Key value stores end to end: both planes through real boto3 clients answered by the
fake, the control plane against a moto server, and hypothesis properties of `sync`."""

from __future__ import annotations

import math

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudfront_functions import (
    CannotDeleteEntityWhileInUse,
    CloudFrontFunctions,
    Conflict,
    EntityAlreadyExists,
    KeysUpdateFailed,
    ServiceQuotaExceeded,
)
from cloudfront_functions.testing import FakeCloudFront, ServiceFault

from .conftest import NO_RETRIES

CODE = """import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler(event) {
    const greeting = await kvs.get('greeting');
    event.request.headers['x-greeting'] = {value: greeting};
    return event.request;
}
"""
EVENT = {
    "version": "1.0",
    "context": {"eventType": "viewer-request"},
    "viewer": {"ip": "1.2.3.4"},
    "request": {"method": "GET", "uri": "/", "headers": {}, "cookies": {}, "querystring": {}},
}


def facade(fake: FakeCloudFront) -> CloudFrontFunctions:
    def client(service: str) -> object:
        return fake.attach(
            boto3.client(service, region_name="us-east-1", config=NO_RETRIES)  # type: ignore[call-overload]
        )

    return CloudFrontFunctions(
        client("cloudfront"),  # type: ignore[arg-type]
        key_value_store_client=client("cloudfront-keyvaluestore"),  # type: ignore[arg-type]
    )


def test_sync_then_test_function_sees_the_new_values() -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    store = cf.create_key_value_store("greetings")
    cf.key_value_store_keys(store).sync({"greeting": "hello"})
    deployed = cf.deploy("greeter", code=CODE, key_value_store_arns=[store.arn], publish=False)
    etag = deployed.summary.etag
    assert etag is not None
    result = cf.test_function("greeter", if_match=etag, event=EVENT)
    assert result.error_message is None, result.error_message
    assert '"x-greeting":{"value":"hello"}' in (result.output_raw or "").replace(" ", "")

    cf.key_value_store_keys(store).sync({"greeting": "bonjour"})
    again = cf.test_function("greeter", if_match=etag, event=EVENT)
    assert "bonjour" in (again.output_raw or "")


def test_a_second_identical_sync_sends_no_write() -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    keys = cf.key_value_store_keys(cf.create_key_value_store("s"))
    desired = {f"k{i}": str(i) for i in range(75)}
    first = keys.sync(desired)
    assert (first.writes, len(first.added)) == (2, 75)
    writes = len(fake.writes)
    second = keys.sync(desired)
    assert second.writes == 0
    assert second.in_sync
    assert len(fake.writes) == writes


def test_the_data_plane_has_its_own_etag() -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    store = cf.create_key_value_store("s")
    data = cf.key_value_store_keys(store).describe()
    assert data.etag != store.etag
    assert cf.describe_key_value_store("s").etag == store.etag  # keys do not change it
    cf.key_value_store_keys(store).put("a", "1")
    assert cf.describe_key_value_store("s").etag == store.etag


def test_a_change_by_someone_else_is_a_conflict_unless_retried() -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    store = cf.create_key_value_store("s")
    keys = cf.key_value_store_keys(store)
    keys.put("a", "1")
    fake.key_value_store_records[store.arn].data_etag = "changed-by-someone"
    with pytest.raises(Conflict):
        keys.put("a", "2")
    assert (
        keys.put("a", "3", retry_on_conflict=1).etag
        == fake.key_value_store_records[store.arn].data_etag
    )
    assert fake.key_value_stores[store.arn] == {"a": "3"}


def test_sync_retries_by_reading_and_diffing_again() -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    store = cf.create_key_value_store("s")
    keys = cf.key_value_store_keys(store)
    state = {"raced": False}

    def race(operation: str) -> None:
        if operation == "UpdateKeys" and not state["raced"]:
            state["raced"] = True
            fake.key_value_stores[store.arn]["theirs"] = "x"
            fake.key_value_store_records[store.arn].data_etag = "theirs"

    fake.before = race
    with pytest.raises(Conflict):
        keys.sync({"a": "1"})
    state["raced"] = False
    result = keys.sync({"a": "1"}, prune=True, retry_on_conflict=1)
    assert fake.key_value_stores[store.arn] == {"a": "1"}
    assert result.added == {"a"}


def test_a_later_batch_over_quota_reports_what_was_written() -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    keys = cf.key_value_store_keys(cf.create_key_value_store("s"))
    fake.fail_next("UpdateKeys", "ServiceQuotaExceededException", status=402)
    with pytest.raises(ServiceQuotaExceeded):
        keys.update(puts={"a": "1"})
    calls = {"n": 0}

    def second_fails(operation: str) -> None:
        if operation == "UpdateKeys":
            calls["n"] += 1
            if calls["n"] == 2:
                raise ServiceFault(402, "ServiceQuotaExceededException", "full")

    fake.before = second_fails
    with pytest.raises(KeysUpdateFailed) as caught:
        keys.update(puts={f"k{i:02}": "v" for i in range(60)})
    assert len(caught.value.written) == 50
    assert set(fake.key_value_stores[keys.arn]) == caught.value.written


def test_a_store_in_use_cannot_be_deleted() -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    store = cf.create_key_value_store("s")
    cf.create_function(name="f", code=CODE, key_value_store_arns=[store.arn], preflight=False)
    with pytest.raises(CannotDeleteEntityWhileInUse):
        cf.delete_key_value_store("s", if_match=store.etag or "")
    with pytest.raises(EntityAlreadyExists):
        cf.create_key_value_store("s")


def test_keys_with_slashes_and_unicode_round_trip() -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    keys = cf.key_value_store_keys(cf.create_key_value_store("s"))
    for key in ("a/b", "?x=1&y", "é 𝄞", "%2F"):
        keys.put(key, key)
        assert keys.get(key) == key
    assert dict(keys.items()) == {key: key for key in ("a/b", "?x=1&y", "é 𝄞", "%2F")}


def test_the_control_plane_against_moto(moto_url: str) -> None:
    client = boto3.client(
        "cloudfront", region_name="us-east-1", endpoint_url=moto_url, config=NO_RETRIES
    )
    cf = CloudFrontFunctions(client)
    created = cf.create_key_value_store("moto-store", comment="first")
    assert created.etag
    described = cf.describe_key_value_store("moto-store")
    assert described.arn == created.arn
    assert "moto-store" in {store.name for store in cf.list_key_value_stores()}
    updated = cf.update_key_value_store(
        "moto-store", comment="second", if_match=described.etag or ""
    )
    assert updated.comment == "second"
    cf.delete_key_value_store("moto-store", if_match=updated.etag or "")
    assert "moto-store" not in {store.name for store in cf.list_key_value_stores()}


# -- properties -------------------------------------------------------------------------

KEYS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8)
VALUES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
STORES = st.dictionaries(KEYS, VALUES, max_size=120)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _changes(before: dict[str, str], desired: dict[str, str], *, prune: bool) -> int:
    changed = sum(1 for key, value in desired.items() if before.get(key) != value)
    removed = len(set(before) - set(desired)) if prune else 0
    return changed + removed


@SETTINGS
@given(before=STORES, desired=STORES)
def test_sync_with_prune_ends_equal_in_the_fewest_writes(
    before: dict[str, str], desired: dict[str, str]
) -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    keys = cf.key_value_store_keys(cf.create_key_value_store("p"))
    fake.key_value_stores[keys.arn].update(before)
    result = keys.sync(desired, prune=True)
    assert fake.key_value_stores[keys.arn] == desired
    assert result.writes == math.ceil(_changes(before, desired, prune=True) / 50)
    assert keys.sync(desired, prune=True).writes == 0


@SETTINGS
@given(before=STORES, desired=STORES)
def test_sync_without_prune_never_deletes(before: dict[str, str], desired: dict[str, str]) -> None:
    fake = FakeCloudFront()
    cf = facade(fake)
    keys = cf.key_value_store_keys(cf.create_key_value_store("p"))
    fake.key_value_stores[keys.arn].update(before)
    result = keys.sync(desired)
    after = fake.key_value_stores[keys.arn]
    assert after == {**before, **desired}
    assert result.removed == frozenset()
    assert result.kept == frozenset(before) - frozenset(desired)
    assert result.writes == math.ceil(_changes(before, desired, prune=False) / 50)
