"""A loopback HTTP server that injects faults in front of a CloudFront upstream.

The upstream is either the in-process fake (all eight function operations) or a moto
server (forwarded over HTTP). Requests reach it over real HTTP on 127.0.0.1, so botocore's
connection handling, retries and timeouts run for real. Faults are queued per operation:

- ``throttle``: answer ``400 Throttling`` without forwarding;
- ``unavailable``: answer ``503 ServiceUnavailable`` without forwarding;
- ``drop``: forward (the upstream applies the request), then close the connection
  without an answer, as a network failure after the server accepted the request would;
- ``slow``: wait ``delay`` seconds, then forward and answer (a client read timeout);
- ``modify``: call ``action`` (e.g. another writer's change), then forward.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import urlsplit

from botocore.awsrequest import AWSPreparedRequest

from cloudfront_functions.testing import FakeCloudFront, operation_of

Reply = tuple[int, dict[str, str], bytes]
Upstream = Callable[[str, str, dict[str, str], bytes], Reply]
FaultKind = Literal["throttle", "unavailable", "drop", "slow", "modify"]

_ERROR = (
    '<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
    "<Error><Type>{kind}</Type><Code>{code}</Code><Message>injected fault</Message></Error>"
    "<RequestId>injected</RequestId></ErrorResponse>"
)


def fake_upstream(fake: FakeCloudFront) -> Upstream:
    """Serve the in-process fake over HTTP."""

    def call(method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        fields: Any = headers
        request = AWSPreparedRequest(method, f"http://upstream{path}", fields, body, False)
        response = fake.respond(request)
        return response.status_code, dict(response.headers), response.content

    return call


def http_upstream(base_url: str) -> Upstream:
    """Forward to an HTTP server, e.g. moto."""
    netloc = urlsplit(base_url).netloc

    def call(method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        connection = http.client.HTTPConnection(netloc, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    return call


@dataclass
class Fault:
    kind: FaultKind
    operation: str
    times: int = 1
    delay: float = 0.0
    action: Callable[[], None] | None = None


@dataclass
class FaultyServer:
    """The server; ``inject`` queues faults, ``injected`` counts those that fired."""

    upstream: Upstream
    faults: list[Fault] = field(default_factory=list)
    injected: list[tuple[str, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def inject(self, kind: FaultKind, operation: str, **options: Any) -> None:
        with self._lock:
            self.faults.append(Fault(kind, operation, **options))

    def _take(self, operation: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.operation == operation and fault.times > 0:
                    fault.times -= 1
                    self.injected.append((fault.kind, operation))
                    return fault
        return None

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        headers = dict(handler.headers.items())
        operation = operation_of(handler.command, urlsplit(handler.path).path)
        fault = self._take(operation)
        if fault is not None and fault.kind in ("throttle", "unavailable"):
            status, code, kind = (
                (400, "Throttling", "Sender")
                if fault.kind == "throttle"
                else (503, "ServiceUnavailable", "Receiver")
            )
            self._answer(handler, (status, {}, _ERROR.format(kind=kind, code=code).encode()))
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        if fault is not None and fault.kind == "modify" and fault.action is not None:
            fault.action()
        reply = self.upstream(handler.command, handler.path, headers, body)
        if fault is not None and fault.kind == "drop":
            handler.close_connection = True  # applied upstream; the client never hears back
            return
        self._answer(handler, reply)

    @staticmethod
    def _answer(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        status, headers, body = reply
        try:
            handler.send_response(status)
            for key, value in headers.items():
                if key.lower() not in ("content-length", "transfer-encoding", "connection"):
                    handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (read timeout)
            pass


@contextmanager
def serve(upstream: Upstream) -> Iterator[tuple[FaultyServer, str]]:
    """Run a `FaultyServer` on 127.0.0.1; yields it and its URL."""
    faulty = FaultyServer(upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            faulty.handle(self)

        do_POST = do_PUT = do_DELETE = do_GET

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield faulty, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
