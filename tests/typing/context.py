"""Checked by mypy --strict and pyright, never executed: key value stores, distributions, tags."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from typing_extensions import assert_type

from cloudfront_functions import (
    CloudFrontFunctions,
    DistributionChange,
    EventType,
    FunctionUsage,
    KeysUpdate,
    KeySync,
    KeyValueStore,
    KeyValueStoreKeys,
    TagsChange,
)

cf = CloudFrontFunctions()

# What a user should be able to write.
store = cf.create_key_value_store("redirects", comment="old URLs")
assert_type(store, KeyValueStore)
assert_type(cf.list_key_value_stores(status="READY"), Iterator[KeyValueStore])
keys = cf.key_value_store_keys(store)
assert_type(keys, KeyValueStoreKeys)
assert_type(cf.key_value_store_keys("redirects"), KeyValueStoreKeys)
assert_type(keys.get("/old"), str | None)
assert_type(keys.update(puts={"/a": "/b"}, deletes=["/c"]), KeysUpdate)
synced = keys.sync({"/old": "/new"}, prune=True, dry_run=True)
assert_type(synced, KeySync)
assert_type(cf.function_usages("fn"), tuple[FunctionUsage, ...])
change = cf.associate_function("E1", "fn", event_type=EventType.VIEWER_REQUEST)
assert_type(change, DistributionChange)
assert_type(cf.disassociate_function("E1", event_type="viewer-response"), DistributionChange)
assert_type(cf.list_function_tags("fn"), Mapping[str, str])
deployed = cf.deploy("fn", code=b"x", tags={"team": "web"})
assert_type(deployed.tags, TagsChange | None)

# Mistakes the type checkers must catch.
cf.associate_function("E1", "fn", event_type="origin-request")  # type: ignore[arg-type]
cf.associate_function("E1", "fn")  # type: ignore[call-arg]
cf.disassociate_function("E1", event_type="viewer-request", path_pattern=1)  # type: ignore[arg-type]
cf.create_key_value_store(b"redirects")  # type: ignore[arg-type]
keys.put("/old", b"/new")  # type: ignore[arg-type]
keys.sync([("/old", "/new")])  # type: ignore[arg-type]
keys.update(puts={"/a": 1})  # type: ignore[dict-item]
cf.tag_function("fn", ["team"])  # type: ignore[arg-type]
cf.deploy("fn", code=b"x", tags=[("team", "web")])  # type: ignore[arg-type]
cf.wait_until_deployed("E1", timeout="10")  # type: ignore[arg-type]
store.comment = "changed"  # type: ignore[misc]
