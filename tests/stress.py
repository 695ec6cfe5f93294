"""``make stress``: the reliability checks at full size, with the figures printed.

Usage: ``python -m tests.stress [--examples N] [--threads N] [--per-thread N]``
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from pathlib import Path

import boto3
from botocore.config import Config
from moto.server import ThreadedMotoServer

from cloudfront_functions import CloudFrontFunctions, RequestValidationError
from cloudfront_functions.testing import FakeCloudFront

from . import reliability
from .conftest import DUMMY_ENV, count_requests


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stress", description=__doc__)
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--per-thread", type=int, default=20)
    arguments = parser.parse_args()
    os.environ.update(DUMMY_ENV)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's access log
    failures = 0

    started = time.perf_counter()
    parity = reliability.parity(arguments.examples)
    print(f"== service-model parity ({time.perf_counter() - started:.0f} s)")
    print(f"valid examples generated      {parity.valid_examples:>8}")
    print(f"  false rejections            {parity.false_rejections:>8}")
    print(f"invalid examples generated    {parity.invalid_examples:>8}")
    print(f"  rejected locally            {parity.rejected_locally:>8}")
    print(f"  requests sent for bad input {parity.requests_for_bad_input:>8}")
    failures += parity.false_rejections + parity.requests_for_bad_input
    failures += parity.invalid_examples - parity.rejected_locally

    started = time.perf_counter()
    cells = reliability.fault_matrix()
    elapsed = time.perf_counter() - started
    print(f"\n== fault matrix, real botocore retries and backoff ({elapsed:.0f} s)")
    print(f"{'fault':<24} {'operation':<18} {'outcome':<42} {'as documented':<14} lost")
    for cell in cells:
        print(
            f"{cell.fault:<24} {cell.operation:<18} {cell.outcome:<42} "
            f"{'yes' if cell.expected else 'NO':<14} {'YES' if cell.lost else 'no'}"
        )
    injected = sum(cell.injected for cell in cells)
    survived = sum(cell.expected and not cell.lost for cell in cells)
    print(
        f"faults injected {injected}, scenarios {len(cells)}, "
        f"as documented with nothing lost {survived}"
    )
    failures += len(cells) - survived

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        config = Config(max_pool_connections=arguments.threads)
        client = boto3.client("cloudfront", endpoint_url=f"http://{host}:{port}", config=config)
        started = time.perf_counter()
        counts = reliability.concurrency(
            CloudFrontFunctions(client), arguments.threads, arguments.per_thread
        )
    finally:
        server.stop()
    print(f"\n== concurrency on a moto server ({time.perf_counter() - started:.1f} s)")
    print(
        f"threads {counts.threads} × functions {arguments.per_thread}: "
        f"operations {counts.operations}, errors {counts.errors}, "
        f"cross-talk {counts.cross_talk}, missing afterwards {counts.missing}"
    )
    failures += counts.errors + counts.cross_talk + counts.missing

    fake = FakeCloudFront()
    client = fake.attach(boto3.client("cloudfront", region_name="us-east-1"))
    cf = CloudFrontFunctions(client)
    sent = count_requests(client)
    print("\n== hostile input")
    with tempfile.TemporaryDirectory() as folder:
        for case, overrides in reliability.hostile_inputs(Path(folder)).items():
            started = time.perf_counter()
            try:
                if "event" in overrides:
                    cf.test_function("fn", if_match="E1", event=overrides["event"])
                else:
                    cf.create_function(**{"name": "fn", "code": reliability.CODE, **overrides})
                outcome = "ACCEPTED"
                failures += 1
            except RequestValidationError as error:
                outcome = error.errors[0].message[:60]
            print(f"{case:<30} {(time.perf_counter() - started) * 1000:>8.1f} ms  {outcome}")
    print(f"requests sent for hostile input: {sent.count}")
    failures += sent.count

    texts = reliability.secret_texts(cf)
    leaks = sum(reliability.secret_in(text) for text in texts)
    print(f"\n== secrets: {len(texts)} reprs, messages and log records checked, leaks {leaks}")
    failures += leaks

    print(f"\n{'PASS' if failures == 0 else f'FAIL ({failures})'}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
