"""``preflight``, ``run`` and ``test``: checking and running code, offline or in CloudFront."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._common import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    CliError,
    Context,
    add_command,
    add_runtime,
    add_stage,
    development_etag,
    dump,
    key_values,
    read_bytes,
    read_json,
)

if TYPE_CHECKING:
    from ._cases import Case, Outcome


def add_parsers(commands: Any) -> None:
    parser = add_command(
        commands,
        "preflight",
        preflight,
        "check JavaScript files offline (syntax, runtime features, size, modules)",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    add_runtime(parser)
    parser.add_argument(
        "--kvs-arn",
        action="append",
        metavar="ARN",
        help="the key value store the function is associated with (repeatable; "
        "given, a kvs() call without one is an error)",
    )
    parser.add_argument(
        "--no-kvs",
        action="store_true",
        help="the function has no key value store (a kvs() call is an error)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        help="text, json (default: as --output), or github: GitHub Actions annotations",
    )

    parser = add_command(
        commands, "run", run, "run a function on an event locally (embedded JS engine)"
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--event", required=True, metavar="EVENT", help="a JSON file (or inline JSON)"
    )
    add_runtime(parser)
    parser.add_argument("--kvs", metavar="DATA.json", help="the key value store's keys")
    parser.add_argument(
        "--origin",
        action="append",
        metavar="ID=RESPONSE.json",
        help="a canned cf.fetch answer for one origin id (repeatable)",
    )
    parser.add_argument(
        "--edge-location", metavar="JSON", help='cf.edgeLocation, e.g. \'{"name": "FRA"}\''
    )

    parser = add_command(
        commands,
        "test",
        test,
        "run test cases through TestFunction, or locally with --local",
        description="Run JSON test cases (see docs/cli.md) against a deployed function "
        "(TestFunction) or, with --local or a FILE, in the embedded engine.",
    )
    parser.add_argument("target", metavar="NAME-or-FILE")
    parser.add_argument("--cases", required=True, metavar="PATH", help="a case file or a directory")
    parser.add_argument(
        "--local", action="store_true", help="run locally (a NAME: its code is downloaded)"
    )
    add_stage(parser)
    add_runtime(parser, default=None)


# -- preflight -------------------------------------------------------------------------


def preflight(context: Context) -> int:
    from cloudfront_functions._preflight import preflight as check  # noqa: PLC0415

    args = context.args
    arns: tuple[str, ...] | None = tuple(args.kvs_arn) if args.kvs_arn else None
    if args.no_kvs:
        arns = ()
    style = args.format or ("json" if context.json else "text")
    reports = []
    for file in args.files:
        report = check(read_bytes(file), runtime=args.runtime, key_value_store_arns=arns)
        reports.append((file, report))
    failed = any(not report.ok for _, report in reports)
    if style == "json":
        context.emit_json(
            [{"file": file, "ok": report.ok, **dump(report)} for file, report in reports]
        )
    elif style == "github":
        for file, report in reports:
            for finding in report.findings:
                print(_annotation(file, finding), file=context.out)
    else:
        for file, report in reports:
            for finding in report.findings:
                context.say(f"{file}:{finding}")
            context.say(f"{file}: {'ok' if report.ok else 'FAILED'}")
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _annotation(file: str, finding: Any) -> str:
    """A GitHub Actions workflow command: ``::error file=…,line=…,col=…::message``."""
    properties = [f"file={_escape_property(file)}"]
    if finding.line is not None:
        properties.append(f"line={finding.line}")
    if finding.column is not None:
        properties.append(f"col={finding.column}")
    properties.append(f"title={_escape_property('preflight ' + finding.rule)}")
    return f"::{finding.severity} {','.join(properties)}::{_escape_data(finding.message)}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


# -- run -------------------------------------------------------------------------------


def run(context: Context) -> int:
    from cloudfront_functions._local import run_locally  # noqa: PLC0415

    args = context.args
    event = read_json(args.event, "an event")
    store = _store(read_json(args.kvs, "key value store data")) if args.kvs else None
    origins = {}
    for origin_id, path in (key_values(args.origin, "--origin") or {}).items():
        origins[origin_id] = read_json(path, "an origin response")
    edge = read_json(args.edge_location, "an edge location") if args.edge_location else None
    result = run_locally(
        Path(args.file),
        event,
        runtime=args.runtime,
        key_value_store=store,
        origins=origins or None,
        edge_location=edge,
    )
    context.emit(result, lambda: _run_text(result))
    return EXIT_CHECK_FAILED if result.error_message else EXIT_OK


def _store(data: object) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise CliError("key value store data is a JSON object of string values")
    return data


def _run_text(result: Any) -> Iterator[str]:
    import json  # noqa: PLC0415

    if result.error_message:
        yield f"error: {result.error_message}"
    else:
        yield json.dumps(json.loads(result.output_raw or "null"), indent=2)
    for line in result.execution_logs:
        yield f"log: {line}"
    for change in result.origin_changes:
        yield f"origin: {change.helper}({change.arguments_json})"
    for warning in result.warnings:
        yield f"warning: {warning}"


# -- test ------------------------------------------------------------------------------


def test(context: Context) -> int:
    from ._cases import load_cases  # noqa: PLC0415

    args = context.args
    cases = load_cases(args.cases)
    as_file = Path(args.target).is_file()
    if as_file or args.local:
        outcomes = list(_run_local(context, cases, as_file))
    else:
        outcomes = list(_run_remote(context, cases))
    failed = [outcome for outcome in outcomes if not outcome.passed]
    if context.json:
        context.emit_json(
            {
                "passed": len(outcomes) - len(failed),
                "failed": len(failed),
                "cases": [outcome.to_json() for outcome in outcomes],
            }
        )
    else:
        for outcome in outcomes:
            context.say(f"{'PASS' if outcome.passed else 'FAIL'} {outcome.case.name}")
            if outcome.diff:
                for line in outcome.diff.splitlines():
                    context.say(f"    {line}")
        context.say(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _run_local(context: Context, cases: list[Case], as_file: bool) -> Iterator[Outcome]:
    from cloudfront_functions._local import run_locally  # noqa: PLC0415
    from cloudfront_functions._models import Runtime  # noqa: PLC0415

    from ._cases import judge  # noqa: PLC0415

    args = context.args
    if as_file:
        code: bytes = read_bytes(args.target)
        runtime = args.runtime or "cloudfront-js-2.0"
    else:
        facade = context.facade()
        code = facade.get_function(args.target, stage=args.stage).code
        runtime = args.runtime or str(
            facade.describe_function(args.target, stage=args.stage).function_config.runtime
        )
    for case in cases:
        result = run_locally(code, case.event, runtime=Runtime(runtime), key_value_store=case.kvs)
        yield judge(case, _thawed(result.output_raw), result.error_message, result)


def _run_remote(context: Context, cases: list[Case]) -> Iterator[Outcome]:
    from ._cases import judge  # noqa: PLC0415

    facade = context.facade()
    name, stage = context.args.target, context.args.stage
    etag = development_etag(facade, name)
    for case in cases:
        if case.kvs is not None:
            context.note(f"{case.name}: 'kvs' applies to local runs only; ignored")
        result = facade.test_function(name, if_match=etag, event=case.event, stage=stage)
        yield judge(case, _thawed(result.output_raw), result.error_message, result)


def _thawed(raw: str | None) -> Any:
    import json  # noqa: PLC0415

    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def gate(context: Context, name: str, path: str) -> list[Outcome]:
    """Run the cases at ``path`` through TestFunction on DEVELOPMENT (used by deploy)."""
    from ._cases import load_cases  # noqa: PLC0415

    args = argparse.Namespace(**{**vars(context.args), "target": name, "stage": "DEVELOPMENT"})
    gated = Context(args, context.out, context.err, context.facade())
    return list(_run_remote(gated, load_cases(path)))
