"""`FunctionsServer`: `FakeCloudFront` over HTTP, a local CloudFront for any client.

Each HTTP request becomes the botocore request the fake answers in-process, so aws-cli,
boto3, Terraform or the JavaScript SDK pointed at ``http://127.0.0.1:PORT`` get the real
wire formats: CloudFront's REST-XML and the key value store data plane's REST-JSON.
Signatures are not checked: this is a development tool, not a security boundary, and it
binds to loopback unless told otherwise.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import importlib
import json
import logging
import os
import re
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from botocore.awsrequest import AWSPreparedRequest

from ._fake import FakeCloudFront
from ._routes import operation_of
from ._state import ServiceFault
from ._wire import error_json, error_xml

if TYPE_CHECKING:
    from cloudfront_functions import CloudFrontFunctions

__all__ = ["FunctionsServer", "keys_client"]

logger = logging.getLogger(__name__)

_CLOUDFRONT_PREFIX: Final = "/2020-05-31/"
_MAX_BODY: Final = 16 * 1024 * 1024
_STATE_VERSION: Final = 1
_STATE_MODULES: Final = "cloudfront_functions.testing."
_ETAG: Final = re.compile(r"^E([0-9A-F]{12})$")


def service_of(path: str, headers: Any) -> str:
    """``cloudfront`` (REST-XML, paths under ``/2020-05-31/``) or the key value store data
    plane ``cloudfront-keyvaluestore`` (REST-JSON, ``/key-value-stores/...``)."""
    if path.startswith(_CLOUDFRONT_PREFIX):
        return "cloudfront"
    if path.startswith("/key-value-stores") or "json" in headers.get("Content-Type", ""):
        return "cloudfront-keyvaluestore"
    return "cloudfront"


class FunctionsServer:
    """A `FakeCloudFront` behind a `ThreadingHTTPServer`.

    ``port=0`` picks a free port (see ``url``). With ``state``, the fake's state is read
    from that JSON file at start and written back after every write and at `close`.
    Use it as a context manager, or `start` (a background thread) and `close`.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        state: str | os.PathLike[str] | None = None,
        fake: FakeCloudFront | None = None,
    ) -> None:
        self.fake = fake or FakeCloudFront()
        self.state = None if state is None else Path(state)
        if self.state is not None and self.state.exists():
            load_state(self.fake, self.state)
        self._saved_writes = len(self.fake.writes)
        self._save_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.httpd = _HTTPServer((host, port), _handler_for(self))

    @property
    def url(self) -> str:
        address, port = self.httpd.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    def functions(self) -> CloudFrontFunctions:
        """A `CloudFrontFunctions` on boto3 clients pointed at this server (dummy
        credentials; the key value store client unsigned, so no ``[kvs]`` extra)."""
        import boto3  # noqa: PLC0415

        from cloudfront_functions import CloudFrontFunctions  # noqa: PLC0415

        session = boto3.Session(
            aws_access_key_id="local",
            aws_secret_access_key="local",  # noqa: S106 (signatures are not checked)
            region_name="us-east-1",
        )
        client = session.client("cloudfront", endpoint_url=self.url)
        return CloudFrontFunctions(
            client, key_value_store_client=keys_client(session, "us-east-1", self.url)
        )

    def __enter__(self) -> FunctionsServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> FunctionsServer:
        """Serve from a background thread; returns self."""
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, name="cloudfront-functions-serve", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve from this thread until `shutdown` is called (from another thread)."""
        self.httpd.serve_forever()

    def shutdown(self) -> None:
        """Stop `serve_forever` (call it from another thread, e.g. a signal handler's)."""
        self.httpd.shutdown()

    def close(self) -> None:
        """Stop serving, free the port and save the state."""
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
            self._thread = None
        self.httpd.server_close()
        self.save()

    def save(self) -> None:
        """Write the state file now (no-op without ``state``)."""
        if self.state is None:
            return
        with self._save_lock:
            save_state(self.fake, self.state)
            self._saved_writes = len(self.fake.writes)

    def answer(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """One HTTP exchange: the status, headers and body to send back."""
        service = service_of(path.partition("?")[0], headers)
        host = headers.get("Host", "localhost")
        request = AWSPreparedRequest(
            method=method,
            url=f"http://{host}{path}",
            headers=headers,  # type: ignore[arg-type]
            body=body,
            stream_output=False,
        )
        try:
            check_request(service, operation_of(method, path, service), body)
            response = self.fake.respond(request, event_name=f"before-send.{service}.http")
            status, content = response.status_code, response.content
            reply_headers = [(str(k), str(v)) for k, v in response.headers.items()]
        except ServiceFault as fault:  # the request is not the operation's shape
            status, reply_headers, content = _error(service, fault)
        except Exception as exc:
            # A bug in the fake, or a request it cannot read: an error in the service's
            # format, logged, and the server carries on.
            logger.warning("cannot handle %s %s", method, path, exc_info=True)
            internal = ServiceFault(500, "InternalError", f"the fake failed ({type(exc).__name__})")
            status, reply_headers, content = _error(service, internal)
        if self.state is not None and len(self.fake.writes) != self._saved_writes:
            try:
                self.save()
            except (OSError, TypeError):  # answer anyway; the next write tries again
                logger.exception("cannot save the state to %s", self.state)
        return status, reply_headers, content


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up mid-request: log it, never print a traceback.
        logger.debug("error serving %s", client_address, exc_info=True)


def _error(service: str, fault: ServiceFault) -> tuple[int, list[tuple[str, str]], bytes]:
    if service == "cloudfront":
        return fault.status, [("Content-Type", "text/xml")], error_xml(fault)
    headers = [("Content-Type", "application/json"), ("x-amzn-ErrorType", fault.code)]
    return fault.status, headers, error_json(fault)


@functools.cache
def _model(service: str) -> Any:
    import botocore.session  # noqa: PLC0415

    return botocore.session.get_session().get_service_model(service)


def check_request(service: str, operation: str, body: bytes) -> None:
    """Refuse a body that lacks what the operation requires (a hand-written client's
    mistake; botocore never sends one): `ServiceFault` 400 in the service's terms."""
    model = _model(service)
    if operation not in model.operation_names:
        return  # the fake answers UnsupportedOperation
    shape = model.operation_model(operation).input_shape
    if shape is None:
        return
    payload = shape.serialization.get("payload")
    if payload:
        shape = shape.members[payload]
        if shape.type_name != "structure":
            return
    members = {
        name: member
        for name, member in shape.members.items()
        if "location" not in member.serialization
    }
    required = [name for name in shape.required_members if name in members]
    if service == "cloudfront":
        if not body and (payload or required):
            raise ServiceFault(400, "MalformedXML", "The request body is empty")
        if body:
            _check_xml(body, shape)
    elif required:
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            raise ServiceFault(400, "ValidationException", "The body is not JSON") from None
        if not isinstance(data, dict):
            raise ServiceFault(400, "ValidationException", "The body is not a JSON object")
        missing = [name for name in required if name not in data]
        if missing:
            raise ServiceFault(400, "ValidationException", f"Missing {', '.join(missing)}")


def _check_xml(body: bytes, shape: Any) -> None:
    try:
        root = ET.fromstring(body)  # noqa: S314 (parsed like the fake parses it)
    except ET.ParseError:
        raise ServiceFault(
            400, "MalformedXML", "The XML you provided was not well-formed"
        ) from None
    _check_element(root, shape, shape.name)


def _check_element(element: ET.Element, shape: Any, where: str) -> None:
    children = {child.tag.rpartition("}")[2]: child for child in element}
    for name in shape.required_members:
        member = shape.members[name]
        if "location" in member.serialization:
            continue
        tag = member.serialization.get("name", name)
        if tag not in children:
            raise ServiceFault(400, "InvalidArgument", f"{where}.{name} is required")
    for name, member in shape.members.items():
        child = children.get(member.serialization.get("name", name))
        if child is None:
            continue
        if member.type_name == "structure":
            _check_element(child, member, f"{where}.{name}")
        elif member.type_name == "blob":
            try:
                base64.b64decode(child.text or "", validate=True)
            except ValueError:
                raise ServiceFault(
                    400, "InvalidArgument", f"{where}.{name} is not base64"
                ) from None
        elif member.type_name == "string":
            minimum = member.metadata.get("min", 0)
            if len(child.text or "") < minimum:
                raise ServiceFault(400, "InvalidArgument", f"{where}.{name} is too short")
            enum = member.metadata.get("enum")
            if enum and (child.text or "") not in enum:
                raise ServiceFault(400, "InvalidArgument", f"{where}.{name} is not one of {enum}")


def _handler_for(server: FunctionsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "cloudfront-functions-serve"

        def log_message(self, format: str, *args: Any) -> None:
            logger.debug("%s %s", self.address_string(), format % args)

        def _handle(self) -> None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > _MAX_BODY:
                self._send(*_bad_length(self.path))
                self.close_connection = True
                return
            body = self.rfile.read(length) if length else b""
            headers = dict(self.headers.items())
            self._send(*server.answer(self.command, self.path, headers, body))

        def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
            self.send_response(status)
            sent = {name.lower() for name, _ in headers}
            for name, value in headers:
                if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                    self.send_header(name, value)
            if "content-type" not in sent and body:
                self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle

    return Handler


def _bad_length(path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    fault = ServiceFault(400, "InvalidArgument", "missing or invalid Content-Length")
    return 400, [("Content-Type", "text/xml")], error_xml(fault)


# -- state -----------------------------------------------------------------------------

_PERSISTED: Final = (
    "functions",
    "key_value_stores",
    "key_value_store_records",
    "distributions",
    "tags",
)


def save_state(fake: FakeCloudFront, path: Path) -> None:
    """Write the fake's resources (not its call log or injected faults) as JSON, atomically."""
    with fake._lock:
        data = {
            "version": _STATE_VERSION,
            **{name: _encode(getattr(fake, name)) for name in _PERSISTED if hasattr(fake, name)},
        }
    text = json.dumps(data, indent=1, sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def load_state(fake: FakeCloudFront, path: Path) -> None:
    """Read a state file written by `save_state` into ``fake``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path} is not a state file: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != _STATE_VERSION:
        raise ValueError(f"{path} is not a state file of this version")
    highest = 0
    with fake._lock:
        for name in _PERSISTED:
            if name in data and hasattr(fake, name):
                setattr(fake, name, _decode(data[name]))
        for match in _ETAG.finditer("\n".join(_strings(data))):
            highest = max(highest, int(match[1], 16))
        while int(fake.new_etag()[1:], 16) < highest:  # never hand out an ETag again
            pass


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$dataclass": f"{kind.__module__}:{kind.__qualname__}", "fields": fields}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode()}
    if isinstance(value, ET.Element):  # a distribution's configuration, as sent
        return {"$xml": ET.tostring(value, encoding="unicode")}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(item) for item in value]}
    if isinstance(value, dict):
        return {"$dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot save a {type(value).__name__} in the state file")


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "$bytes": base64.b64decode,
    "$datetime": datetime.fromisoformat,
    "$xml": ET.fromstring,
    "$tuple": lambda v: tuple(_decode(item) for item in v),
    "$dict": lambda v: {_decode(k): _decode(item) for k, item in v},
}


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "$dataclass" in value:
        module, _, name = str(value["$dataclass"]).partition(":")
        if not module.startswith(_STATE_MODULES):  # import nothing else from a file
            raise ValueError(f"the state file names an unknown type {module}:{name}")
        kind: Any = importlib.import_module(module)
        for part in name.split("."):
            kind = getattr(kind, part)
        fields = {key: _decode(item) for key, item in value["fields"].items()}
        init = {f.name for f in dataclasses.fields(kind) if f.init}
        made = kind(**{k: v for k, v in fields.items() if k in init})
        for key, item in fields.items():
            if key not in init:
                object.__setattr__(made, key, item)
        return made
    for key, decoder in _DECODERS.items():
        if key in value:
            return decoder(value[key])
    raise ValueError(f"the state file has an unknown value {sorted(value)}")


def keys_client(session: Any, region: str, endpoint_url: str) -> Any:
    """A data-plane client for ``endpoint_url``.

    botocore's endpoint rules for ``cloudfront-keyvaluestore`` put the account id in
    front of any host (``http://123456789012.127.0.0.1:8787``), which does not resolve:
    the host is put back before each request is sent. A loopback endpoint (``serve``)
    gets unsigned requests, so no SigV4A signer (the ``[kvs]`` extra) is needed.
    """
    from urllib.parse import urlsplit, urlunsplit  # noqa: PLC0415

    import botocore  # noqa: PLC0415
    from botocore.config import Config  # noqa: PLC0415

    wanted = urlsplit(endpoint_url)
    loopback = wanted.hostname in ("127.0.0.1", "localhost", "::1")
    config = Config(signature_version=botocore.UNSIGNED) if loopback else None
    client = session.client(
        "cloudfront-keyvaluestore", region_name=region, endpoint_url=endpoint_url, config=config
    )

    def restore_host(request: Any, **kwargs: Any) -> None:
        url = urlsplit(request.url)
        if url.netloc != wanted.netloc and url.netloc.endswith("." + wanted.netloc):
            request.url = urlunsplit(url._replace(netloc=wanted.netloc))

    client.meta.events.register_first("before-send.cloudfront-keyvaluestore", restore_host)
    return client
