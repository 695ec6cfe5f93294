"""The command line's start-up cost: whole-process milliseconds of ``--help`` and of
``preflight FILE`` (``python -m cloudfront_functions``), beside ``python -c pass``."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "functions" / "add-header.js"
# The CLI's own cost, without cloudfront_functions/__init__.py (which imports the whole
# API, boto3 and pydantic included): what --help costs once that import is lazy.
_CLI_ONLY = (
    "import sys, types; package = types.ModuleType('cloudfront_functions'); "
    f"package.__path__ = [{str(ROOT / 'src' / 'cloudfront_functions')!r}]; "
    "sys.modules['cloudfront_functions'] = package; "
    "from cloudfront_functions._cli import main; sys.exit(main(['--help']))"
)


def _median_ms(argv: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(quick: bool) -> dict[str, float]:
    """Median whole-process milliseconds (3 runs with ``quick``, else 15)."""
    runs = 3 if quick else 15
    python = [sys.executable]
    cli = [*python, "-m", "cloudfront_functions"]
    _median_ms([*cli, "--version"], 1)  # warm the file cache and the bytecode
    return {
        "python_c_pass_ms": _median_ms([*python, "-c", "pass"], runs),
        "cli_help_ms": _median_ms([*cli, "--help"], runs),
        "cli_help_without_package_init_ms": _median_ms([*python, "-c", _CLI_ONLY], runs),
        "import_package_ms": _median_ms([*python, "-c", "import cloudfront_functions"], runs),
        "cli_preflight_ms": _median_ms([*cli, "preflight", str(EXAMPLE)], runs),
    }


if __name__ == "__main__":
    for key, value in run(quick="--quick" in sys.argv).items():
        print(f"{key}: {value:.1f}")
