"""Functions in CloudFront: ``deploy``, ``diff``, ``list``, ``describe``, ``get``,
``publish`` and ``delete``. Where a write needs an ETag, it is read for the user."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
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
)

if TYPE_CHECKING:
    from cloudfront_functions._client import CloudFrontFunctions
    from cloudfront_functions._models import FunctionSummary


def add_parsers(commands: Any) -> None:
    parser = add_command(
        commands,
        "deploy",
        deploy,
        "create or update a function, test it, publish it (idempotent)",
        description="Make the function exist with exactly this code and configuration "
        "(comment, runtime and key value store as given: omitted means empty or the "
        "default), then publish it. Running it twice sends no write the second time.",
    )
    parser.add_argument("name", metavar="NAME")
    parser.add_argument("file", metavar="FILE")
    add_runtime(parser)
    parser.add_argument("--comment", default="", help="the function's comment")
    parser.add_argument("--kvs-arn", action="append", metavar="ARN", help="key value store")
    parser.add_argument(
        "--tag", action="append", metavar="K=V", help="make the tags exactly these (repeatable)"
    )
    parser.add_argument(
        "--cases", metavar="PATH", help="test cases that must pass (TestFunction) to publish"
    )
    parser.add_argument("--no-publish", action="store_true", help="update DEVELOPMENT only")
    parser.add_argument(
        "--plan", action="store_true", help="print the code, config and tag diffs; write nothing"
    )
    parser.add_argument(
        "--no-preflight", action="store_true", help="skip the local preflight check"
    )

    parser = add_command(
        commands, "diff", diff, "diff local code (and options given) against a stage"
    )
    parser.add_argument("name", metavar="NAME")
    parser.add_argument("file", metavar="FILE")
    add_stage(parser)
    add_runtime(parser, default=None)
    parser.add_argument("--comment", help="compare the comment too")
    parser.add_argument("--kvs-arn", action="append", metavar="ARN", help="compare the store")
    parser.add_argument(
        "--exit-code", action="store_true", help="exit 1 when there is a difference"
    )

    parser = add_command(commands, "list", list_, "list functions")
    add_stage_filter(parser)

    parser = add_command(commands, "describe", describe, "describe a function (with its ETag)")
    parser.add_argument("name", metavar="NAME")
    add_stage(parser)

    parser = add_command(commands, "get", get, "print (or save) a function's code")
    parser.add_argument("name", metavar="NAME")
    add_stage(parser)
    parser.add_argument("-o", "--out-file", metavar="FILE", help="write the code here")

    parser = add_command(commands, "publish", publish, "publish DEVELOPMENT to LIVE")
    parser.add_argument("name", metavar="NAME")

    parser = add_command(commands, "delete", delete, "delete a function")
    parser.add_argument("name", metavar="NAME")


def add_stage_filter(parser: Any) -> None:
    parser.add_argument(
        "--stage", choices=("DEVELOPMENT", "LIVE"), help="only functions in this stage"
    )


# -- inspecting ------------------------------------------------------------------------


def _summary_line(summary: FunctionSummary) -> str:
    metadata = summary.function_metadata
    modified = metadata.last_modified_time.isoformat(timespec="seconds")
    return "\t".join(
        [
            summary.name,
            str(summary.status or "-"),
            str(getattr(metadata.stage, "value", metadata.stage) or "-"),
            str(getattr(summary.function_config.runtime, "value", "")),
            modified,
        ]
    )


def list_(context: Context) -> int:
    summaries = tuple(context.facade().list_functions(stage=context.args.stage))
    context.emit(summaries, lambda: map(_summary_line, summaries))
    return EXIT_OK


def describe(context: Context) -> int:
    summary = context.facade().describe_function(context.args.name, stage=context.args.stage)
    context.emit(summary)
    return EXIT_OK


def get(context: Context) -> int:
    code = context.facade().get_function(context.args.name, stage=context.args.stage)
    if context.args.out_file:
        Path(context.args.out_file).write_bytes(code.code)
        context.note(f"wrote {len(code.code)} bytes to {context.args.out_file}")
        if context.json:
            context.emit_json(dump(code.model_copy(update={"code": b""})))
        return EXIT_OK
    if context.json:
        context.emit(code)
    else:
        context.out.write(code.code.decode(errors="replace"))
        context.out.flush()
    return EXIT_OK


def publish(context: Context) -> int:
    facade = context.facade()
    name = context.args.name
    summary = facade.publish_function(name, if_match=development_etag(facade, name))
    context.emit(summary, lambda: [f"published {name}: {summary.status}"])
    return EXIT_OK


def delete(context: Context) -> int:
    facade = context.facade()
    name = context.args.name
    facade.delete_function(name, if_match=development_etag(facade, name))
    context.emit({"name": name, "deleted": True}, lambda: [f"deleted {name}"])
    return EXIT_OK


# -- diff and plan ---------------------------------------------------------------------


def code_diff(current: bytes | None, desired: bytes, name: str, stage: str, file: str) -> str:
    before = [] if current is None else current.decode(errors="replace").splitlines()
    after = desired.decode(errors="replace").splitlines()
    label = f"{name} ({stage})" if current is not None else "/dev/null"
    return "\n".join(difflib.unified_diff(before, after, label, file, lineterm=""))


def config_diff(
    summary: FunctionSummary | None, wanted: Mapping[str, object]
) -> dict[str, dict[str, object]]:
    """``{field: {"current": …, "desired": …}}`` for each wanted field that differs."""
    config = None if summary is None else summary.function_config
    current: dict[str, object] = {
        "comment": None if config is None else config.comment,
        "runtime": None if config is None else str(getattr(config.runtime, "value", "")),
        "key_value_store_arns": None if config is None else list(config.key_value_store_arns),
    }
    return {
        key: {"current": current[key], "desired": value}
        for key, value in wanted.items()
        if value is not None and current[key] != value
    }


def _read_stage(
    facade: CloudFrontFunctions, name: str, stage: str
) -> tuple[FunctionSummary | None, bytes | None]:
    from cloudfront_functions._errors import NoSuchFunctionExists  # noqa: PLC0415

    try:
        summary = facade.describe_function(name, stage=stage)  # type: ignore[arg-type]
        code = facade.get_function(name, stage=stage).code  # type: ignore[arg-type]
    except NoSuchFunctionExists:
        return None, None
    return summary, code


def diff(context: Context) -> int:
    args = context.args
    desired = read_bytes(args.file)
    summary, current = _read_stage(context.facade(), args.name, args.stage)
    if summary is None:
        raise CliError(f"{args.name} has no {args.stage} stage", EXIT_CHECK_FAILED)
    wanted = {
        "comment": args.comment,
        "runtime": args.runtime,
        "key_value_store_arns": list(args.kvs_arn) if args.kvs_arn else None,
    }
    text = code_diff(current, desired, args.name, args.stage, args.file)
    config = config_diff(summary, wanted)
    changed = bool(text or config)
    context.emit(
        {"changed": changed, "code_diff": text, "config_diff": config},
        lambda: _diff_lines(text, config, changed),
    )
    return EXIT_CHECK_FAILED if changed and args.exit_code else EXIT_OK


def _diff_lines(
    text: str, config: Mapping[str, Mapping[str, object]], changed: bool
) -> Iterator[str]:
    if text:
        yield text
    for key, values in config.items():
        yield f"config {key}: {values['current']!r} -> {values['desired']!r}"
    if not changed:
        yield "no differences"


def plan(context: Context, tags: Mapping[str, str] | None, desired: bytes) -> dict[str, Any]:
    """What ``deploy`` would do, from reads only."""
    from cloudfront_functions._errors import NoSuchFunctionExists  # noqa: PLC0415

    args = context.args
    facade = context.facade()
    dev, dev_code = _read_stage(facade, args.name, "DEVELOPMENT")
    wanted = {
        "comment": args.comment,
        "runtime": args.runtime,
        "key_value_store_arns": list(args.kvs_arn or ()),
    }
    config = config_diff(dev, wanted)
    text = code_diff(dev_code, desired, args.name, "DEVELOPMENT", args.file)
    action = "create" if dev is None else "update" if (text or config) else "unchanged"
    publish_needed = False
    if not args.no_publish:
        live, live_code = (None, None) if dev is None else _read_stage(facade, args.name, "LIVE")
        publish_needed = (
            action != "unchanged"
            or live is None
            or live_code != desired
            or bool(config_diff(live, wanted))
        )
    tag_diff: dict[str, Any] | None = None
    if tags is not None:
        try:
            current_tags = dict(facade.list_function_tags(args.name)) if dev else {}
        except NoSuchFunctionExists:
            current_tags = {}
        tag_diff = {
            "added": {k: v for k, v in tags.items() if k not in current_tags},
            "updated": {
                k: v for k, v in tags.items() if k in current_tags and current_tags[k] != v
            },
            "removed": sorted(set(current_tags) - set(tags)),
        }
    return {
        "name": args.name,
        "action": action,
        "publish": publish_needed,
        "code_diff": text,
        "config_diff": config,
        "tags_diff": tag_diff,
    }


def _plan_lines(result: Mapping[str, Any]) -> Iterator[str]:
    yield f"{result['name']}: {result['action']}" + (", then publish" if result["publish"] else "")
    if result["code_diff"]:
        yield result["code_diff"]
    for key, values in result["config_diff"].items():
        yield f"config {key}: {values['current']!r} -> {values['desired']!r}"
    tags = result["tags_diff"]
    if tags:
        for key, value in {**tags["added"], **tags["updated"]}.items():
            yield f"tag {key}={value} ({'added' if key in tags['added'] else 'updated'})"
        for key in tags["removed"]:
            yield f"tag {key} (removed)"


def deploy(context: Context) -> int:
    from ._offline import gate  # noqa: PLC0415

    args = context.args
    tags = key_values(args.tag, "--tag")
    code = read_bytes(args.file)
    if args.plan:
        result = plan(context, tags, code)
        context.emit(result, lambda: _plan_lines(result))
        return EXIT_OK
    facade = context.facade()
    options: dict[str, Any] = {
        "code": code,
        "runtime": args.runtime,
        "comment": args.comment,
        "key_value_store_arns": tuple(args.kvs_arn or ()),
        "tags": tags,
        "preflight": False if args.no_preflight else None,
    }
    publish = not args.no_publish
    if args.cases:
        deployed = facade.deploy(args.name, publish=False, **options)
        outcomes = gate(context, args.name, args.cases)
        failed = [outcome for outcome in outcomes if not outcome.passed]
        for outcome in outcomes:
            context.note(f"{'PASS' if outcome.passed else 'FAIL'} {outcome.case.name}")
            for line in outcome.diff.splitlines():
                context.note(f"    {line}")
        if failed:
            raise CliError(
                f"{len(failed)} of {len(outcomes)} test cases failed: {args.name} was "
                f"{deployed.action} in DEVELOPMENT and not published",
                EXIT_CHECK_FAILED,
            )
        if publish:
            published = facade.deploy(args.name, publish=True, **options)
            deployed = published.model_copy(update={"action": deployed.action})
    else:
        deployed = facade.deploy(args.name, publish=publish, **options)
    context.emit(
        deployed,
        lambda: [
            f"{args.name}: {deployed.action}"
            + (", published" if deployed.published else "")
            + f" ({deployed.summary.status})"
        ],
    )
    return EXIT_OK
