"""``serve``: a local CloudFront (the package's fake) over HTTP."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any

from ._common import EXIT_OK, EXIT_USAGE, CliError, Context, add_command

DEFAULT_PORT = 8787


def add_parsers(commands: Any) -> None:
    parser = add_command(
        commands,
        "serve",
        serve,
        "serve a local CloudFront over HTTP (development only: signatures are not checked)",
        description="Serve the package's FakeCloudFront over HTTP: functions (TestFunction "
        "runs the code locally), key value stores, distributions and tags, in CloudFront's "
        "wire formats. Point any client at the printed URL (--endpoint-url). Signatures "
        "are not checked: a development tool, not a security boundary.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (loopback)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}; 0 picks one"
    )
    parser.add_argument(
        "--state", metavar="FILE", help="keep the state in this JSON file across restarts"
    )


def serve(context: Context) -> int:
    from cloudfront_functions.testing import FunctionsServer  # noqa: PLC0415

    args = context.args
    try:
        server = FunctionsServer(args.host, args.port, state=args.state)
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None

    def stop(signum: int, frame: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
    if context.json:
        context.emit_json({"url": server.url, "state": args.state})
    else:
        print(f"serving a local CloudFront at {server.url} (Ctrl-C stops)", file=context.out)
    context.out.flush()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        context.note(f"warning: listening on {args.host}: anyone who can reach it can use it")
    try:
        server.serve_forever()
    finally:
        server.close()
    context.note("stopped" + (f"; state saved to {args.state}" if args.state else ""))
    sys.stderr.flush()
    return EXIT_OK
