"""Where functions run: ``usages``, ``associate`` and ``disassociate``."""

from __future__ import annotations

from typing import Any

from ._common import EXIT_OK, Context, add_command

_EVENTS = ("viewer-request", "viewer-response")


def add_parsers(commands: Any) -> None:
    parser = add_command(
        commands, "usages", usages, "the distributions, behaviors and events running a function"
    )
    parser.add_argument("name", metavar="NAME")

    parser = add_command(
        commands, "associate", associate, "run a function's LIVE stage on a cache behavior"
    )
    parser.add_argument("distribution_id", metavar="DIST")
    parser.add_argument("name", metavar="NAME")
    _slot(parser)
    parser.add_argument(
        "--replace", action="store_true", help="replace another function in that slot"
    )

    parser = add_command(
        commands, "disassociate", disassociate, "empty one event slot of a cache behavior"
    )
    parser.add_argument("distribution_id", metavar="DIST")
    _slot(parser)


def _slot(parser: Any) -> None:
    parser.add_argument("--event-type", required=True, choices=_EVENTS)
    parser.add_argument(
        "--path-pattern", metavar="PATTERN", help="the cache behavior (default: the default one)"
    )
    parser.add_argument(
        "--retry-on-conflict", type=int, default=0, metavar="N", help="re-read and retry N times"
    )


def usages(context: Context) -> int:
    found = context.facade().function_usages(context.args.name)
    context.emit(
        found,
        lambda: (
            [
                f"{u.distribution_id}\t{u.domain_name}\t{u.path_pattern or '(default)'}\t"
                f"{getattr(u.event_type, 'value', u.event_type)}"
                for u in found
            ]
            or [f"{context.args.name} is not used by any distribution"]
        ),
    )
    return EXIT_OK


def _change_line(change: Any) -> list[str]:
    state = "changed" if change.changed else "already so, nothing sent"
    return [f"{change.distribution_id}: {state} (ETag {change.etag})"]


def associate(context: Context) -> int:
    args = context.args
    change = context.facade().associate_function(
        args.distribution_id,
        args.name,
        event_type=args.event_type,
        path_pattern=args.path_pattern,
        replace=args.replace,
        retry_on_conflict=args.retry_on_conflict,
    )
    context.emit(change, lambda: _change_line(change))
    return EXIT_OK


def disassociate(context: Context) -> int:
    args = context.args
    change = context.facade().disassociate_function(
        args.distribution_id,
        event_type=args.event_type,
        path_pattern=args.path_pattern,
        retry_on_conflict=args.retry_on_conflict,
    )
    context.emit(change, lambda: _change_line(change))
    return EXIT_OK
