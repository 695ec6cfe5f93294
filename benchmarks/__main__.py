"""Raw boto3 vs cloudfront-functions, side by side, in one process (``make bench``).

Every call goes through botocore's full pipeline (validation, serialization, signing, the
event system, XML parsing); only the socket is replaced by canned XML (`canned.py`).
Repetitions interleave raw and ours, so drift on the machine hits both alike.

Usage: ``python -m benchmarks [--quick] [--output results.json] [--profile OPERATION]``
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import botocore
import pydantic

import cloudfront_functions
from cloudfront_functions import CloudFrontFunctions, FunctionSummary

from .canned import KVS_ARN, CannedCloudFront

CODE = (
    b"function handler(event) {\n"
    b"    var request = event.request;\n"
    b"    var uri = request.uri;\n"
    b"    if (uri.endsWith('/')) { request.uri += 'index.html'; }\n"
    b"    else if (!uri.includes('.')) { request.uri += '/index.html'; }\n"
    b"    request.headers['x-rewritten'] = { value: 'true' };\n"
    b"    return request;\n"
    b"}\n"
) * 8
COMMENT = "Rewrite directory URLs to index.html"
CONFIG = {
    "Comment": COMMENT,
    "Runtime": "cloudfront-js-2.0",
    "KeyValueStoreAssociations": {"Quantity": 1, "Items": [{"KeyValueStoreARN": KVS_ARN}]},
}
DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}

Call = Callable[[], object]


def raw_list(client: Any) -> int:
    count, marker = 0, None
    while True:
        params = {"MaxItems": "100", **({"Marker": marker} if marker else {})}
        page = client.list_functions(**params)["FunctionList"]
        count += len(page.get("Items", ()))
        marker = page.get("NextMarker")
        if not marker:
            return count


def operations(raw: Any, ours: CloudFrontFunctions) -> dict[str, tuple[Call, Call]]:
    return {
        "create_function": (
            lambda: raw.create_function(Name="bench", FunctionConfig=CONFIG, FunctionCode=CODE),
            lambda: ours.create_function(
                name="bench",
                code=CODE,
                comment=COMMENT,
                key_value_store_arns=[KVS_ARN],
                preflight=False,  # the call path alone; preflight is measured on its own
            ),
        ),
        "describe_function": (
            lambda: raw.describe_function(Name="bench"),
            lambda: ours.describe_function("bench"),
        ),
        "update_function": (
            lambda: raw.update_function(
                Name="bench", IfMatch="E2QWRUHEXAMPLE", FunctionConfig=CONFIG, FunctionCode=CODE
            ),
            lambda: ours.update_function(
                "bench",
                if_match="E2QWRUHEXAMPLE",
                code=CODE,
                runtime="cloudfront-js-2.0",
                comment=COMMENT,
                key_value_store_arns=[KVS_ARN],
                preflight=False,
            ),
        ),
        "list_functions": (
            lambda: raw_list(raw),
            lambda: sum(1 for _ in ours.list_functions(page_size=100)),
        ),
    }


def clients(
    functions: int,
) -> tuple[Any, CloudFrontFunctions, CloudFrontFunctions, CloudFrontFunctions]:
    """Raw boto3; our facade on a client it builds, without and with the user's session;
    our facade on the user's raw client."""
    canned = CannedCloudFront(functions)
    raw = canned.attach(boto3.Session().client("cloudfront"))
    own = CloudFrontFunctions()
    canned.attach(own.client)
    from_session = CloudFrontFunctions(session=boto3.Session())
    canned.attach(from_session.client)
    shared = CloudFrontFunctions(canned.attach(boto3.Session().client("cloudfront")))
    return raw, own, from_session, shared


def batch_seconds(call: Call, calls: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def compare(raw: Call, ours: Call, *, calls: int, repeats: int) -> dict[str, float]:
    for _ in range(max(3, calls // 10)):  # warm up both paths
        raw()
        ours()
    raw_times: list[float] = []
    our_times: list[float] = []
    for repeat in range(repeats):
        pair = [(raw, raw_times), (ours, our_times)]
        for call, times in pair if repeat % 2 == 0 else reversed(pair):
            times.append(batch_seconds(call, calls))
    ratios = sorted(o / r for o, r in zip(our_times, raw_times, strict=True))
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    return {
        "raw_us": statistics.median(raw_times) * 1e6,
        "ours_us": statistics.median(our_times) * 1e6,
        "ratio": statistics.median(ratios),
        "ratio_p25": quartiles[0],
        "ratio_p75": quartiles[-1],
    }


_FIRST_CALL = """
import os, sys, time
os.environ.update({env!r})
t0 = time.perf_counter()
import boto3
from pydantic import BaseModel, Field
from benchmarks.canned import CannedCloudFront
canned = CannedCloudFront()
t1 = time.perf_counter()
{body}
t2 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000)
"""
_RAW_FIRST_CALL = """
client = canned.attach(boto3.Session().client("cloudfront"))
client.create_function(
    Name="bench", FunctionConfig={"Comment": "", "Runtime": "cloudfront-js-2.0"}, FunctionCode=b"x"
)
"""
_OUR_FIRST_CALL = """
from cloudfront_functions import CloudFrontFunctions
cf = CloudFrontFunctions()
canned.attach(cf.client)
cf.create_function(name="bench", code=b"x")
"""


def _python(code: str, *options: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter with bytecode caching on, as users run (unlike this sandbox)."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.run(
        [sys.executable, *options, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
        cwd=Path(__file__).resolve().parent.parent,
    )


def startup(runs: int) -> dict[str, float]:
    """What a short script feels: our import, and import plus first call vs raw boto3."""
    preload = "import boto3; from pydantic import BaseModel, Field"
    _python(f"{preload}; import cloudfront_functions")  # write the bytecode caches
    imports: list[float] = []
    raw_first: list[float] = []
    our_first: list[float] = []
    for _ in range(runs):
        timing = _python(
            f"{preload}; from cloudfront_functions import CloudFrontFunctions", "-X", "importtime"
        )
        line = next(
            line
            for line in timing.stderr.splitlines()
            if re.search(r"\|\s*cloudfront_functions$", line)
        )
        imports.append(int(line.split("|")[1]) / 1000)
        for body, samples in ((_RAW_FIRST_CALL, raw_first), (_OUR_FIRST_CALL, our_first)):
            output = _python(_FIRST_CALL.format(env=DUMMY_ENV, body=body)).stdout.split()
            samples.append(float(output[1]))
    return {
        "import_ms": statistics.median(imports),
        "import_ms_p75": statistics.quantiles(imports, n=4)[-1],
        "raw_first_call_ms": statistics.median(raw_first),
        "ours_import_and_first_call_ms": statistics.median(our_first),
        "runs": runs,
    }


def memory_per_summary(count: int = 2000) -> dict[str, float]:
    canned = CannedCloudFront(1)
    client = canned.attach(boto3.Session().client("cloudfront"))
    response = client.describe_function(Name="bench")
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    summaries = [FunctionSummary.from_response(response) for _ in range(count)]
    ours = (tracemalloc.get_traced_memory()[0] - before) / count
    del summaries
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    raw = [client.describe_function(Name="bench") for _ in range(count // 10)]
    raw_bytes = (tracemalloc.get_traced_memory()[0] - before) / len(raw)
    tracemalloc.stop()
    return {"bytes_per_summary": ours, "bytes_per_raw_response": raw_bytes}


def profile(operation: str, functions: int) -> None:
    _, own, _, _ = clients(functions)
    call = operations(own.client, own)[operation][1]
    call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(300 if operation != "list_functions" else 3):
        call()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def run(quick: bool) -> dict[str, Any]:
    repeats = 5 if quick else 15
    results: dict[str, Any] = {
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "boto3": boto3.__version__,
            "botocore": botocore.__version__,
            "pydantic": pydantic.VERSION,
            "cloudfront_functions": cloudfront_functions.__version__,
        },
        "calls": {},
    }
    raw, own, from_session, shared = clients(0)
    for name in ("create_function", "describe_function", "update_function"):
        raw_call, own_call = operations(raw, own)[name]
        _, session_call = operations(raw, from_session)[name]
        _, shared_call = operations(raw, shared)[name]
        calls = 100 if quick else 400
        results["calls"][name] = {
            "own_client": compare(raw_call, own_call, calls=calls, repeats=repeats),
            "users_session": compare(raw_call, session_call, calls=calls, repeats=repeats),
            "users_client": compare(raw_call, shared_call, calls=calls, repeats=repeats),
        }
    for functions in (10, 1_000, 10_000):
        raw, own, _, _ = clients(functions)
        raw_call, own_call = operations(raw, own)["list_functions"]
        calls = max(1, 2_000 // functions) if quick else max(1, 10_000 // functions)
        row = compare(raw_call, own_call, calls=calls, repeats=min(repeats, 9))
        row["ours_us_per_function"] = row["ours_us"] / functions
        results["calls"][f"list_functions[{functions}]"] = {"own_client": row}
    results["startup"] = startup(runs=21)
    per_function = [
        results["calls"][f"list_functions[{n}]"]["own_client"]["ours_us_per_function"]
        for n in (1_000, 10_000)
    ]
    results["list_linearity"] = per_function[1] / per_function[0]
    results["memory"] = memory_per_summary()
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        "cloudfront-functions vs raw boto3 (canned XML, full botocore pipeline)",
        ", ".join(f"{k} {v}" for k, v in results["environment"].items()),
        "",
        f"{'operation':<26} {'client':<13} {'raw µs':>10} {'ours µs':>10} "
        f"{'ratio':>7} {'p25–p75':>13}",
    ]
    for operation, by_client in results["calls"].items():
        for client, row in by_client.items():
            lines.append(
                f"{operation:<26} {client:<13} {row['raw_us']:>10.1f} {row['ours_us']:>10.1f} "
                f"{row['ratio']:>6.3f}× {row['ratio_p25']:>6.3f}–{row['ratio_p75']:<6.3f}"
            )
    start = results["startup"]
    memory = results["memory"]
    lines += [
        "",
        f"import cloudfront_functions after boto3 and pydantic's BaseModel/Field: "
        f"{start['import_ms']:.1f} ms (median of {start['runs']} fresh processes, "
        f"p75 {start['import_ms_p75']:.1f} ms)",
        f"client + first create_function: raw boto3 {start['raw_first_call_ms']:.1f} ms, "
        f"ours (import included) {start['ours_import_and_first_call_ms']:.1f} ms",
        f"list_functions µs per function at 10,000 / at 1,000: {results['list_linearity']:.2f} "
        "(1.00 = linear)",
        f"memory per FunctionSummary: {memory['bytes_per_summary']:.0f} B "
        f"(a raw boto3 describe response: {memory['bytes_per_raw_response']:.0f} B)",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("results.json"))
    parser.add_argument("--profile", choices=[*operations(None, None).keys()])  # type: ignore[arg-type]
    parser.add_argument("--functions", type=int, default=1_000, help="for --profile list_functions")
    arguments = parser.parse_args()
    os.environ.update(DUMMY_ENV)
    if arguments.profile:
        profile(arguments.profile, arguments.functions)
        return
    results = run(arguments.quick)
    print(table(results))
    arguments.output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {arguments.output}")


if __name__ == "__main__":
    main()
