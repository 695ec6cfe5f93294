"""``kvs``: key value stores (control plane) and their keys (data plane)."""

from __future__ import annotations

import sys
from typing import Any

from ._common import EXIT_CHECK_FAILED, EXIT_OK, CliError, Context, add_command, read_json


def add_parsers(commands: Any) -> None:
    kvs = commands.add_parser(
        "kvs", help="key value stores and their keys", description="Key value stores."
    )
    sub = kvs.add_subparsers(dest="kvs_command", metavar="KVS-COMMAND", required=True)

    parser = add_command(sub, "create", create, "create a store")
    parser.add_argument("name", metavar="NAME")
    parser.add_argument("--comment", default="")
    parser.add_argument("--import-source", metavar="S3-ARN", help="import keys from S3")

    parser = add_command(sub, "describe", describe, "describe a store (with its ETag)")
    parser.add_argument("name", metavar="NAME")

    parser = add_command(
        sub, "delete", delete, "delete a store (its ETag is read for you), or with KEY one key"
    )
    parser.add_argument("name", metavar="STORE")
    parser.add_argument("key", metavar="KEY", nargs="?", help="delete only this key")

    parser = add_command(sub, "list", list_, "list stores")
    parser.add_argument("--status", help="only stores in this status, e.g. READY")

    parser = add_command(sub, "keys", keys, "list a store's keys and values")
    parser.add_argument("store", metavar="STORE", help="a name or an ARN")

    parser = add_command(sub, "get", get, "print one key's value")
    parser.add_argument("store", metavar="STORE")
    parser.add_argument("key", metavar="KEY")

    parser = add_command(sub, "put", put, "set one key")
    parser.add_argument("store", metavar="STORE")
    parser.add_argument("key", metavar="KEY")
    parser.add_argument("value", metavar="VALUE")

    parser = add_command(sub, "sync", sync, "make a store hold exactly the keys of a JSON file")
    parser.add_argument("store", metavar="STORE")
    parser.add_argument("data", metavar="DATA.json", help="a JSON object of string values")
    parser.add_argument("--prune", action="store_true", help="delete keys the file lacks")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")


def create(context: Context) -> int:
    args = context.args
    store = context.facade().create_key_value_store(
        args.name, comment=args.comment, import_source=args.import_source
    )
    context.emit(store)
    return EXIT_OK


def describe(context: Context) -> int:
    context.emit(context.facade().describe_key_value_store(context.args.name))
    return EXIT_OK


def delete(context: Context) -> int:
    if context.args.key is not None:
        return _delete_key(context)
    facade = context.facade()
    name = context.args.name
    etag = facade.describe_key_value_store(name).etag
    if not etag:
        raise CliError(f"DescribeKeyValueStore returned no ETag for {name}", 3)
    facade.delete_key_value_store(name, if_match=etag)
    context.emit({"name": name, "deleted": True}, lambda: [f"deleted {name}"])
    return EXIT_OK


def list_(context: Context) -> int:
    stores = tuple(context.facade().list_key_value_stores(status=context.args.status))
    context.emit(stores, lambda: [f"{s.name}\t{s.status or '-'}\t{s.arn}" for s in stores])
    return EXIT_OK


def _keys(context: Context) -> Any:
    return context.facade().key_value_store_keys(context.args.store)


def keys(context: Context) -> int:
    items = dict(_keys(context).items())
    context.emit(items, lambda: [f"{key}\t{value}" for key, value in items.items()])
    return EXIT_OK


def get(context: Context) -> int:
    value = _keys(context).get(context.args.key)
    if value is None:
        raise CliError(f"{context.args.store} has no key {context.args.key!r}", EXIT_CHECK_FAILED)
    context.emit({"key": context.args.key, "value": value}, lambda: [value])
    return EXIT_OK


def put(context: Context) -> int:
    written = _keys(context).put(context.args.key, context.args.value)
    context.emit(written, lambda: [f"put {context.args.key} ({written.item_count} keys)"])
    return EXIT_OK


def _delete_key(context: Context) -> int:
    written = context.facade().key_value_store_keys(context.args.name).delete(context.args.key)
    context.emit(written, lambda: [f"deleted {context.args.key} ({written.item_count} keys)"])
    return EXIT_OK


def sync(context: Context) -> int:
    args = context.args
    desired = read_json(args.data, "key value store data")
    if not isinstance(desired, dict) or not all(isinstance(v, str) for v in desired.values()):
        raise CliError(f"{args.data}: a JSON object of string values")
    store = _keys(context)
    tty = sys.stdout.isatty() and not context.json and not args.quiet
    if tty:
        print(f"sync: comparing {len(desired)} keys with {store.arn} ...", end="\r", flush=True)
    result = store.sync(desired, prune=args.prune, dry_run=args.dry_run)
    if tty:
        print(" " * 79, end="\r", flush=True)

    def lines() -> list[str]:
        verb = "would " if result.dry_run else ""
        return [
            f"{verb}add {len(result.added)}, {verb}change {len(result.changed)}, "
            f"{verb}remove {len(result.removed)}; {len(result.unchanged)} unchanged, "
            f"{len(result.kept)} kept ({result.requests} requests)"
        ]

    context.emit(result, lines)
    return EXIT_OK
