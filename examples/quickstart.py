"""`make demo`: the quickstart against an embedded moto server (no AWS account needed)."""

from __future__ import annotations

import logging
import os

import boto3
from moto.server import ThreadedMotoServer

from cloudfront_functions import (
    CloudFrontFunctions,
    FunctionAlreadyExists,
    RequestValidationError,
    Runtime,
    Stage,
    TestEvent,
    preflight,
    run_locally,
)

CODE = """
function handler(event) {
    var request = event.request;
    if (request.uri.endsWith('/')) {
        request.uri += 'index.html';
    }
    return request;
}
"""


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's access log
    for key, value in {
        "AWS_ACCESS_KEY_ID": "demo",
        "AWS_SECRET_ACCESS_KEY": "demo",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        os.environ.setdefault(key, value)

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        client = boto3.client("cloudfront", endpoint_url=f"http://{host}:{port}")
        run(CloudFrontFunctions(client))
    finally:
        server.stop()


def run(cf: CloudFrontFunctions) -> None:
    print("== create_function: validated locally, sent, parsed into a frozen model")
    summary = cf.create_function(
        name="spa-index-rewrite",
        code=CODE,
        runtime=Runtime.JS_2_0,
        comment="Serve index.html for directory URLs",
        tags={"team": "web"},
    )
    print(repr(summary))
    print(f"\nETag for the next call: {summary.etag}")
    print(f"Last modified (UTC):    {summary.function_metadata.last_modified_time.isoformat()}")

    print("\n== a mistake is caught before anything is sent")
    try:
        cf.create_function(name="bad name!", code=b"", runtime="cloudfront-js-3.0")  # type: ignore[call-overload]
    except RequestValidationError as error:
        print(error)

    print("\n== a service error comes back typed")
    try:
        cf.create_function(name="spa-index-rewrite", code=CODE)
    except FunctionAlreadyExists as error:
        print(f"{type(error).__name__}: HTTP {error.http_status}, request id {error.request_id}")

    print("\n== read it back, list, delete with the DEVELOPMENT ETag")
    code = cf.get_function("spa-index-rewrite")
    print(f"{code!r}  ({len(code.code)} bytes of code, not shown)")
    cf.create_function(name="security-headers", code=b"function handler(e) { return e.response; }")
    print("functions:", [function.name for function in cf.list_functions(page_size=1)])
    current = cf.describe_function("spa-index-rewrite", stage=Stage.DEVELOPMENT)
    cf.delete_function("spa-index-rewrite", if_match=current.etag or "")
    print("after delete:", [function.name for function in cf.list_functions()])

    print("\n== offline: preflight catches a mistake before any request")
    mistake = CODE.replace("var request", "const request")  # const needs cloudfront-js-2.0
    print(preflight(mistake, runtime=Runtime.JS_1_0))

    print("\n== offline: run_locally runs the handler on a sample event")
    result = run_locally(CODE, TestEvent.viewer_request(uri="/docs/"), runtime=Runtime.JS_2_0)
    print(f"output: {result.output_raw}")
    print(f"error:  {result.error_message}")


if __name__ == "__main__":
    main()
