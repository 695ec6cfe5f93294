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


# One short script, written twice: raw boto3, and this package. Each run is a fresh
# process; the whole process is timed from outside, and its peak RSS read from inside.
# Peak RSS is VmHWM: unlike ru_maxrss, Linux resets it at exec, so the parent's size
# (this benchmark's) does not leak into the child's figure.
_SCRIPT = """
import os, resource, sys
os.environ.update({env!r})
sys.path.insert(0, {root!r})
from benchmarks.canned import CannedCloudFront
{body}
try:
    with open("/proc/self/status") as status:
        print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
_RAW_SCRIPT = """
import boto3
client = CannedCloudFront().attach(boto3.Session().client("cloudfront"))
client.create_function(
    Name="bench", FunctionConfig={"Comment": "", "Runtime": "cloudfront-js-2.0"}, FunctionCode=b"x"
)
"""
_OUR_SCRIPT = """
from cloudfront_functions import CloudFrontFunctions
cf = CloudFrontFunctions()
CannedCloudFront().attach(cf.client)
cf.create_function(name="bench", code=b"function handler(e) {{ return e.request; }}", {flags})
"""


def _process(body: str) -> tuple[float, float]:
    """Wall time (ms) and peak RSS (MiB) of one fresh interpreter running ``body``."""
    root = str(Path(__file__).resolve().parent.parent)
    code = _SCRIPT.format(env=DUMMY_ENV, root=root, body=body)
    start = time.perf_counter()
    completed = _python(code)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, int(completed.stdout.split()[-1]) / 1024


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
    """Whole processes, paired and interleaved: a script that imports, builds the client
    and makes one create_function call, raw boto3 vs ours (preflight off, and on)."""
    scripts = {
        "raw": _RAW_SCRIPT,
        "ours": _OUR_SCRIPT.format(flags="preflight=False"),
        "ours_preflight": _OUR_SCRIPT.format(flags="preflight=True"),
    }
    for body in scripts.values():  # write the bytecode caches
        _process(body)
    times: dict[str, list[float]] = {name: [] for name in scripts}
    rss: dict[str, list[float]] = {name: [] for name in scripts}
    for run in range(runs):
        order = list(scripts) if run % 2 == 0 else list(reversed(scripts))
        for name in order:
            elapsed, peak = _process(scripts[name])
            times[name].append(elapsed)
            rss[name].append(peak)
    ratios = [o / r for o, r in zip(times["ours"], times["raw"], strict=True)]
    ratios_preflight = [o / r for o, r in zip(times["ours_preflight"], times["raw"], strict=True)]
    return {
        "raw_ms": statistics.median(times["raw"]),
        "ours_ms": statistics.median(times["ours"]),
        "ours_preflight_ms": statistics.median(times["ours_preflight"]),
        "ratio": statistics.median(ratios),
        "ratio_preflight": statistics.median(ratios_preflight),
        "raw_peak_mib": statistics.median(rss["raw"]),
        "ours_peak_mib": statistics.median(rss["ours"]),
        "ours_preflight_peak_mib": statistics.median(rss["ours_preflight"]),
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
    results["startup"] = startup(runs=11 if quick else 21)
    per_function = [
        results["calls"][f"list_functions[{n}]"]["own_client"]["ours_us_per_function"]
        for n in (1_000, 10_000)
    ]
    results["list_linearity"] = per_function[1] / per_function[0]
    results["memory"] = memory_per_summary()
    from . import cli, distributions, kvs, runtime

    results["areas"] = {
        "runtime": runtime.run(quick),
        "kvs": kvs.run(quick),
        "distributions": distributions.run(quick),
        "cli": cli.run(quick),
    }
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
        f"whole process (import, client, one create_function), medians of {start['runs']} "
        f"pairs: raw boto3 {start['raw_ms']:.0f} ms, ours {start['ours_ms']:.0f} ms "
        f"({start['ratio']:.2f}×), ours with preflight {start['ours_preflight_ms']:.0f} ms "
        f"({start['ratio_preflight']:.2f}×)",
        f"peak RSS: raw {start['raw_peak_mib']:.1f} MiB, ours {start['ours_peak_mib']:.1f} MiB "
        f"(+{start['ours_peak_mib'] - start['raw_peak_mib']:.1f}), with preflight "
        f"{start['ours_preflight_peak_mib']:.1f} MiB",
        f"list_functions µs per function at 10,000 / at 1,000: {results['list_linearity']:.2f} "
        "(1.00 = linear)",
        f"memory per FunctionSummary: {memory['bytes_per_summary']:.0f} B "
        f"(a raw boto3 describe response: {memory['bytes_per_raw_response']:.0f} B)",
    ]
    for area, figures in results.get("areas", {}).items():
        lines += ["", f"{area}:"]
        lines += [f"  {name}: {value:.2f}" for name, value in figures.items()]
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
