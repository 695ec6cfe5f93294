"""The ``cloudfront-functions`` command line (also ``python -m cloudfront_functions``).

Only the standard library is imported until a command runs: ``--help`` and ``--version``
load neither boto3 nor pydantic. Each command module registers its sub-parsers and
imports the package's heavy modules inside its handlers.

Exit codes: 0 success; 1 a check failed (preflight errors, a failing test case, a diff
found with ``--exit-code``); 2 usage error (bad arguments, unreadable input files, a
request the package refused locally); 3 a service or transport error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import _common, _functions, _kvs, _offline, _serve, _usages
from ._common import EXIT_USAGE, CliError, Context

__all__ = ["main"]

_GROUPS = (_offline, _functions, _kvs, _usages, _serve)


def _version() -> str:
    from cloudfront_functions._version import __version__  # noqa: PLC0415 (a one-line module, no dependencies)

    return __version__


def build_parser() -> argparse.ArgumentParser:
    """The whole parser: global options, then one sub-command per operation."""
    parser = argparse.ArgumentParser(
        prog="cloudfront-functions",
        description="Validate, test, run and deploy CloudFront Functions; serve a local "
        "CloudFront for development.",
        epilog="Exit codes: 0 success, 1 a check failed, 2 usage error, "
        "3 service or transport error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    _common.add_global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in _GROUPS:
        group.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (never raises for an expected error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse exits 2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("cloudfront-functions: error: a command is required", file=sys.stderr)
        return EXIT_USAGE
    context = Context.from_args(args)
    try:
        code: int = args.handler(context)
    except CliError as exc:
        return context.fail(exc.code, str(exc), None)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        return context.failed(exc)
    finally:
        context.close()
    return code
