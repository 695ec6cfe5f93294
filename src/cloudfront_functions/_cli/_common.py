"""What every command shares: global options, output, errors and exit codes.

Nothing here imports boto3 or pydantic at module level.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from cloudfront_functions._client import CloudFrontFunctions

EXIT_OK: Final = 0
EXIT_CHECK_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_SERVICE: Final = 3

Handler = Callable[["Context"], int]
Subparsers = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CliError(Exception):
    """An expected failure with its exit code; printed as one line, never a traceback."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """The global options; with ``suppress``, for sub-commands: given after the command,
    they override those given before it, and absent they leave them alone."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("global options")
    group.add_argument(
        "--profile", default=default(None), help="the AWS profile (default: the usual lookup)"
    )
    group.add_argument(
        "--region", default=default(None), help="the AWS region (CloudFront itself is global)"
    )
    group.add_argument(
        "--endpoint-url",
        metavar="URL",
        default=default(None),
        help="send requests here instead of AWS, e.g. http://127.0.0.1:8787 (see `serve`)",
    )
    group.add_argument(
        "--output",
        choices=("text", "json"),
        default=default("text"),
        help="text for people (default), json for programs: the model_dump of the result",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=default(0),
        help="log more (-vv: botocore too)",
    )
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default(False),
        help="print only errors and JSON output",
    )


def _global_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    add_global_options(parent, suppress=True)
    return parent


def add_command(
    commands: Any, name: str, handler: Handler, help: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """Add a sub-command that runs ``handler``."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help,
        description=kwargs.pop("description", help),
        parents=[_global_parent()],
        **kwargs,
    )
    parser.set_defaults(handler=handler)
    return parser


class Context:
    """The parsed arguments plus output and client helpers for a handler."""

    def __init__(
        self,
        args: argparse.Namespace,
        out: Any = None,
        err: Any = None,
        facade: CloudFrontFunctions | None = None,
    ) -> None:
        self.args = args
        self.out = sys.stdout if out is None else out
        self.err = sys.stderr if err is None else err
        self._facade = facade
        self._restore: list[tuple[Any, Any, int]] = []

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        context = cls(args)
        if args.verbose:
            context._log(args.verbose)
        return context

    def _log(self, verbose: int) -> None:
        import logging  # noqa: PLC0415 (only when asked for)

        handler = logging.StreamHandler(self.err)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        names = ["cloudfront_functions"] + (["botocore"] if verbose > 1 else [])
        for name in names:
            logger = logging.getLogger(name)
            self._restore.append((logger, handler, logger.level))
            logger.addHandler(handler)
            logger.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)

    def close(self) -> None:
        """Undo the logging set-up (for callers running several commands in one process)."""
        for logger, handler, level in self._restore:
            logger.removeHandler(handler)
            logger.setLevel(level)
        self._restore.clear()

    @property
    def json(self) -> bool:
        return bool(self.args.output == "json")

    # -- output --------------------------------------------------------------------

    def say(self, text: str) -> None:
        """A line of text output (not in JSON mode, not with -q)."""
        if not self.json and not self.args.quiet:
            print(text, file=self.out)

    def note(self, text: str) -> None:
        """A line for people on stderr (not with -q)."""
        if not self.args.quiet:
            print(text, file=self.err)

    def emit_json(self, value: object) -> None:
        print(json.dumps(value, indent=2, ensure_ascii=False, default=str), file=self.out)

    def emit(self, value: object, text: Callable[[], Iterable[str]] | None = None) -> None:
        """JSON mode: ``value`` dumped; text mode: the lines ``text`` gives (or a dump)."""
        if self.json:
            self.emit_json(dump(value))
            return
        lines = text() if text is not None else render(dump(value))
        for line in lines:
            self.say(line)

    # -- errors --------------------------------------------------------------------

    def fail(self, code: int, message: str, details: Mapping[str, object] | None) -> int:
        if self.json:
            error = {"message": message, "exit_code": code, **(details or {})}
            print(json.dumps({"error": error}, default=str), file=self.err)
        else:
            print(f"error: {message}", file=self.err)
        return code

    def failed(self, exc: Exception) -> int:
        """Map an exception to its exit code and print it; re-raise if it is a bug."""
        from cloudfront_functions import _errors  # noqa: PLC0415 (loaded with the command that raised)

        details: dict[str, object] = {"type": type(exc).__name__}
        if isinstance(exc, _errors.ServiceError):
            details.update(
                code=exc.code,
                http_status=exc.http_status,
                request_id=exc.request_id,
                operation=exc.operation_name,
            )
            return self.fail(EXIT_SERVICE, str(exc), details)
        if isinstance(exc, _errors.RequestValidationError):
            details["errors"] = [error._asdict() for error in exc.errors]
            return self.fail(EXIT_USAGE, str(exc), details)
        if isinstance(exc, _errors.PreflightError):
            return self.fail(EXIT_CHECK_FAILED, str(exc), details)
        if isinstance(exc, _errors.DeployTestFailed):
            return self.fail(EXIT_CHECK_FAILED, str(exc), details)
        if isinstance(exc, _errors.MissingExtraError):
            return self.fail(EXIT_USAGE, str(exc), details)
        if isinstance(exc, _errors.CloudFrontFunctionsError):
            cause = exc.__cause__
            shown = str(exc)
            message = shown if cause is None or str(cause) in shown else f"{shown} ({cause})"
            return self.fail(EXIT_SERVICE, message, details)
        if isinstance(exc, OSError):
            return self.fail(EXIT_USAGE, str(exc), details)
        raise exc

    # -- the facade ----------------------------------------------------------------

    def facade(self) -> CloudFrontFunctions:
        """The `CloudFrontFunctions` facade the global options describe, built once."""
        if self._facade is None:
            self._facade = build_facade(self.args)
        return self._facade


def build_facade(args: argparse.Namespace) -> CloudFrontFunctions:
    from cloudfront_functions._client import CloudFrontFunctions  # noqa: PLC0415
    from cloudfront_functions._errors import CredentialsError  # noqa: PLC0415

    if args.profile is None and args.region is None and args.endpoint_url is None:
        return CloudFrontFunctions()
    import boto3  # noqa: PLC0415
    import botocore.exceptions  # noqa: PLC0415
    import botocore.session  # noqa: PLC0415

    core = botocore.session.get_session()
    # One process usually runs one command; in-process callers (tests, scripts) running
    # many share the service models instead of parsing them again each time.
    core.register_component("data_loader", _shared_loader(core))
    try:
        session = boto3.Session(botocore_session=core, profile_name=args.profile)
    except botocore.exceptions.ProfileNotFound as exc:
        raise CredentialsError(str(exc)) from exc
    if args.endpoint_url is None:
        return CloudFrontFunctions(session=session, region_name=args.region)
    region = args.region or session.region_name or "us-east-1"
    client = session.client("cloudfront", region_name=region, endpoint_url=args.endpoint_url)
    from cloudfront_functions.testing._server import keys_client  # noqa: PLC0415

    return CloudFrontFunctions(
        client, key_value_store_client=keys_client(session, region, args.endpoint_url)
    )


_LOADERS: list[Any] = []


def _shared_loader(core: Any) -> Any:
    if not _LOADERS:
        _LOADERS.append(core.get_component("data_loader"))
    return _LOADERS[0]


# -- values --------------------------------------------------------------------------


def dump(value: object) -> Any:
    """JSON-ready data: pydantic models by ``model_dump(mode="json")``, recursively."""
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump):
        return model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(key): dump(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [dump(item) for item in value]
    return value


def render(value: Any, indent: str = "") -> Iterable[str]:
    """Plain ``key: value`` lines for text output of any dumped value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                yield f"{indent}{key}:"
                yield from render(item, indent + "  ")
            else:
                yield f"{indent}{key}: {_scalar(item)}"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                yield f"{indent}-"
                yield from render(item, indent + "  ")
            else:
                yield f"{indent}- {_scalar(item)}"
    else:
        yield f"{indent}{_scalar(value)}"


def _scalar(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def read_bytes(path: str) -> bytes:
    """A file's bytes (``-``: standard input), or a usage error naming the file."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_json(path: str, what: str = "a JSON value") -> Any:
    """A JSON file (or inline JSON when ``path`` starts with ``{`` or ``[``)."""
    text = path if path.lstrip()[:1] in ("{", "[") else read_bytes(path)
    try:
        return json.loads(text)
    except ValueError as exc:
        where = "inline JSON" if isinstance(text, str) else path
        raise CliError(f"{where} is not valid JSON ({what}): {exc}") from None


def key_values(pairs: Iterable[str] | None, option: str) -> dict[str, str] | None:
    """``["K=V", ...]`` as a dict; ``None`` when the option was not given."""
    if pairs is None:
        return None
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CliError(f"{option} takes KEY=VALUE, not {pair!r}")
        result[key] = value
    return result


def add_runtime(parser: argparse.ArgumentParser, default: str | None = "cloudfront-js-2.0") -> None:
    parser.add_argument(
        "--runtime",
        choices=("cloudfront-js-1.0", "cloudfront-js-2.0"),
        default=default,
        help=f"the JavaScript runtime (default: {default or 'as deployed'})",
    )


def add_stage(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stage",
        choices=("DEVELOPMENT", "LIVE"),
        default="DEVELOPMENT",
        help="which stage (default: DEVELOPMENT)",
    )


def development_etag(facade: CloudFrontFunctions, name: str) -> str:
    """The DEVELOPMENT ETag every write needs, read for the user."""
    etag = facade.describe_function(name).etag
    if not etag:
        raise CliError(f"DescribeFunction returned no ETag for {name}", EXIT_SERVICE)
    return etag
