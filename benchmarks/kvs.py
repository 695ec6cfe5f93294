"""Syncing a 10,000-key store with 1 % of the values changed (``make bench``).

Counts the requests `KeyValueStoreKeys.sync` sends against the in-process fake (through
real boto3 clients) and times the local diff alone. Targets (issue 13): at most 200
ListKeys pages and 2 UpdateKeys calls; the diff under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import time

import boto3

from cloudfront_functions import CloudFrontFunctions
from cloudfront_functions._kvs_keys import diff
from cloudfront_functions.testing import FakeCloudFront

KEYS = 10_000


def run(quick: bool) -> dict[str, float]:
    """The request counts of one sync and the median time of the diff, in milliseconds."""
    for key, value in {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}.items():
        os.environ.setdefault(key, value)
    fake = FakeCloudFront()
    cf = CloudFrontFunctions(
        fake.attach(boto3.client("cloudfront", region_name="us-east-1")),
        key_value_store_client=fake.attach(
            boto3.client("cloudfront-keyvaluestore", region_name="us-east-1")
        ),
    )
    keys = cf.key_value_store_keys(cf.create_key_value_store("bench"))
    current = {f"key-{i:05}": f"value {i} " + "x" * 40 for i in range(KEYS)}
    fake.key_value_stores[keys.arn].update(current)
    desired = dict(current)
    for i in range(0, KEYS, 100):  # 1 % changed
        desired[f"key-{i:05}"] = f"changed {i}"

    start = len(fake.calls)
    started = time.perf_counter()
    result = keys.sync(desired)
    sync_seconds = time.perf_counter() - started
    calls = fake.calls[start:]

    timings = []
    for _ in range(5 if quick else 30):
        began = time.perf_counter()
        diff(current, desired, prune=True)
        timings.append(time.perf_counter() - began)
    return {
        "kvs_sync_list_pages": float(calls.count("ListKeys")),
        "kvs_sync_update_calls": float(calls.count("UpdateKeys")),
        "kvs_sync_changed_keys": float(len(result.changed)),
        "kvs_sync_total_ms": sync_seconds * 1000,
        "kvs_diff_10k_ms": statistics.median(timings) * 1000,
    }


if __name__ == "__main__":
    for name, value in run(quick=False).items():
        print(f"{name}: {value:.2f}")
