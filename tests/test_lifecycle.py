"""describe, get, update, publish, test, delete: exact parameters (Stubber), the ETag
rules (the in-process fake, through botocore's real serializer and parser) and the
update ETag header over real HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from cloudfront_functions import (
    CloudFrontFunctions,
    FrozenDict,
    FunctionCode,
    FunctionInUse,
    InvalidIfMatchVersion,
    NoSuchFunctionExists,
    PreconditionFailed,
    RequestValidationError,
    Runtime,
    Stage,
    TestEvent,
    TestResult,
)
from cloudfront_functions.testing import FakeCloudFront, TestOutcome

from .conftest import NO_RETRIES, count_requests
from .factories import summary

CODE = b"function handler(event) { return event.request; }"
CODE_V2 = b"function handler(event) { var v = 2; return event.request; }"
ARN = "arn:aws:cloudfront::123456789012:key-value-store/0123abcd-4567-89ef-abcd-0123456789ab"
Stubbed = tuple[CloudFrontFunctions, Stubber]


# -- exact parameters -------------------------------------------------------------------


def test_describe_sends_name_and_stage(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    stubber.add_response(
        "describe_function",
        {"FunctionSummary": summary(stage="LIVE"), "ETag": "E-LIVE"},
        {"Name": "my-function", "Stage": "LIVE"},
    )
    described = cf.describe_function("my-function", stage="LIVE")
    assert described.etag == "E-LIVE"
    assert described.function_metadata.stage is Stage.LIVE


def test_describe_without_stage_sends_none(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    stubber.add_response(
        "describe_function", {"FunctionSummary": summary(), "ETag": "E1"}, {"Name": "my-function"}
    )
    cf.describe_function("my-function")


def test_update_sends_if_match_config_and_code(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    stubber.add_response(
        "update_function",
        {"FunctionSummary": summary(arns=(ARN,)), "ETag": "E2"},
        {
            "Name": "my-function",
            "IfMatch": "E1",
            "FunctionConfig": {
                "Comment": "v2",
                "Runtime": "cloudfront-js-2.0",
                "KeyValueStoreAssociations": {"Quantity": 1, "Items": [{"KeyValueStoreARN": ARN}]},
            },
            "FunctionCode": CODE,
        },
    )
    updated = cf.update_function(
        "my-function",
        if_match="E1",
        code=CODE.decode(),
        runtime=Runtime.JS_2_0,
        comment="v2",
        key_value_store_arns=[ARN],
    )
    assert updated.etag == "E2"


def test_publish_sends_if_match(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    stubber.add_response(
        "publish_function",
        {"FunctionSummary": summary(stage="LIVE", status="UNASSOCIATED")},
        {"Name": "my-function", "IfMatch": "E1"},
    )
    published = cf.publish_function("my-function", if_match="E1")
    assert published.status == "UNASSOCIATED"
    assert published.etag is None


def test_test_function_sends_the_event_as_json(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    event = TestEvent.viewer_request(uri="/index.html", headers={"Host": "example.com"})
    stubber.add_response(
        "test_function",
        {
            "TestResult": {
                "FunctionSummary": summary(),
                "ComputeUtilization": "27",
                "FunctionExecutionLogs": ["rewrote /index.html"],
                "FunctionErrorMessage": "",
                "FunctionOutput": '{"request":{"uri":"/index.html","headers":{}}}',
            }
        },
        {
            "Name": "my-function",
            "IfMatch": "E1",
            "Stage": "DEVELOPMENT",
            "EventObject": event.to_json(),
        },
    )
    result = cf.test_function("my-function", if_match="E1", event=event)
    assert isinstance(result, TestResult)
    assert result.compute_utilization == 27
    assert result.execution_logs == ("rewrote /index.html",)
    assert result.error_message is None
    assert result.output == {"request": {"uri": "/index.html", "headers": {}}}
    assert isinstance(result.output, FrozenDict)
    assert result.output_raw == '{"request":{"uri":"/index.html","headers":{}}}'
    assert hash(result)


def test_delete_sends_if_match(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    stubber.add_response("delete_function", {}, {"Name": "my-function", "IfMatch": "E1"})
    cf.delete_function("my-function", if_match="E1")


# -- the ETag flow, through the fake ------------------------------------------------------


def test_lifecycle_create_test_publish_update_delete(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    created = cf_create(fcf)
    assert created.etag
    result = fcf.test_function(
        "fn", if_match=created.etag, event=TestEvent.viewer_request(uri="/a")
    )
    assert result.error_message is None
    published = fcf.publish_function("fn", if_match=created.etag)
    assert (published.status, published.function_metadata.stage) == ("UNASSOCIATED", Stage.LIVE)

    updated = fcf.update_function(
        "fn", if_match=created.etag, code=CODE_V2, runtime="cloudfront-js-2.0"
    )
    assert updated.etag not in (None, created.etag)
    assert fcf.get_function("fn").code == CODE_V2
    assert fcf.get_function("fn", stage=Stage.LIVE).code == CODE

    with pytest.raises(PreconditionFailed):
        fcf.delete_function("fn", if_match=created.etag)
    fcf.delete_function("fn", if_match=updated.etag or "")
    with pytest.raises(NoSuchFunctionExists):
        fcf.describe_function("fn")


def cf_create(cf: CloudFrontFunctions, name: str = "fn") -> Any:
    return cf.create_function(name=name, code=CODE)


def test_update_returns_the_new_etag_that_describe_reports(fcf: CloudFrontFunctions) -> None:
    created = cf_create(fcf)
    updated = fcf.update_function(
        "fn", if_match=created.etag, code=CODE_V2, runtime="cloudfront-js-2.0"
    )
    assert updated.etag == fcf.describe_function("fn").etag


def test_the_live_etag_is_not_accepted_as_if_match(fcf: CloudFrontFunctions) -> None:
    created = cf_create(fcf)
    fcf.publish_function("fn", if_match=created.etag)
    live = fcf.describe_function("fn", stage="LIVE")
    assert live.etag != created.etag
    with pytest.raises(PreconditionFailed) as caught:
        fcf.publish_function("fn", if_match=live.etag or "")
    assert caught.value.http_status == 412


def test_a_stale_etag_fails_with_precondition_failed(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    created = cf_create(fcf)
    fake.modify("fn", code=b"someone else's change")
    with pytest.raises(PreconditionFailed):
        fcf.update_function("fn", if_match=created.etag, code=b"mine", runtime="cloudfront-js-2.0")
    assert fcf.get_function("fn").code == b"someone else's change"


def test_a_missing_if_match_at_the_service_is_invalid_if_match_version(fake_client: Any) -> None:
    fake_client.create_function(
        Name="fn", FunctionConfig={"Comment": "", "Runtime": "cloudfront-js-2.0"}, FunctionCode=CODE
    )
    stubbed_cf = CloudFrontFunctions(fake_client)
    # botocore requires IfMatch; a whitespace-only value reaches the service as empty.
    with pytest.raises(InvalidIfMatchVersion):
        stubbed_cf.publish_function("fn", if_match=" ")


def test_deleting_a_function_in_use_is_function_in_use(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    created = cf_create(fcf)
    fake.functions["fn"].associated = True
    with pytest.raises(FunctionInUse) as caught:
        fcf.delete_function("fn", if_match=created.etag)
    assert caught.value.http_status == 409


def test_describe_live_before_any_publish_is_no_such_function(fcf: CloudFrontFunctions) -> None:
    cf_create(fcf)
    with pytest.raises(NoSuchFunctionExists):
        fcf.describe_function("fn", stage=Stage.LIVE)


def test_get_function_returns_code_etag_and_content_type(fcf: CloudFrontFunctions) -> None:
    created = cf_create(fcf)
    code = fcf.get_function("fn")
    assert isinstance(code, FunctionCode)
    assert (code.code, code.etag) == (CODE, created.etag)
    assert code.content_type == "application/octet-stream"
    assert b"handler" not in repr(code).encode()
    assert hash(code)


def test_test_function_reports_a_thrown_error_in_the_result(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    created = cf_create(fcf)
    fake.test_runner = lambda stage, event: TestOutcome(
        error="TypeError: x is undefined", logs=("boom",)
    )
    result = fcf.test_function("fn", if_match=created.etag, event={"request": {}})
    assert result.error_message == "TypeError: x is undefined"
    assert result.output is None
    assert "TypeError" not in repr(result)


# -- local validation of the new operations -----------------------------------------------


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda cf: cf.describe_function("bad name"), "name"),
        (lambda cf: cf.describe_function("fn", stage="live"), "stage"),
        (lambda cf: cf.get_function("fn", stage="PROD"), "stage"),
        (lambda cf: cf.publish_function("fn", if_match=""), "if_match"),
        (lambda cf: cf.publish_function("fn", if_match="E1\r\nX-Injected: 1"), "if_match"),
        (lambda cf: cf.delete_function("", if_match="E1"), "name"),
        (
            lambda cf: cf.update_function(
                "fn", if_match="E1", code=b"", runtime="cloudfront-js-2.0"
            ),
            "code",
        ),
        (
            lambda cf: cf.update_function("fn", if_match="E1", code=CODE, runtime="nope"),
            "runtime",
        ),
        (
            lambda cf: cf.update_function("fn", if_match="E1", code=CODE, comment=b"x"),
            "comment",
        ),
        (
            lambda cf: cf.update_function("fn", if_match="E1", code=CODE, key_value_store_arns=ARN),
            "key_value_store_arns",
        ),
        (lambda cf: cf.test_function("fn", if_match="E1", event=b"x" * 40_961), "event"),
        (lambda cf: cf.test_function("fn", if_match="E1", event=123), "event"),
        (lambda cf: cf.test_function("fn", if_match="E1", event="{}"), "event"),
        (
            lambda cf: cf.test_function("fn", if_match="E1", event={"x": float("nan")}),
            "event",
        ),
        (lambda cf: cf.describe_function(b"fn"), "name"),
        (lambda cf: cf.publish_function("fn", if_match=b"E1"), "if_match"),
        (lambda cf: cf.test_function("fn", if_match="E1", event={}, stage="PROD"), "stage"),
        (lambda cf: cf.list_functions(page_size=0), "page_size"),
        (lambda cf: cf.list_functions(page_size="10"), "page_size"),
    ],
)
def test_invalid_arguments_are_rejected_before_any_request(
    fcf: CloudFrontFunctions, fake_client: Any, call: Any, field: str
) -> None:
    sent = count_requests(fake_client)
    with pytest.raises(RequestValidationError) as caught:
        call(fcf)
    assert sent.count == 0
    assert [error.field for error in caught.value.errors] == [field]


def test_a_deeply_nested_event_is_rejected_locally(
    fcf: CloudFrontFunctions, fake_client: Any
) -> None:
    sent = count_requests(fake_client)
    event: dict[str, Any] = {}
    for _ in range(100_000):
        event = {"a": event}
    with pytest.raises(RequestValidationError, match="nested too deeply"):
        fcf.test_function("fn", if_match="E1", event=event)
    assert sent.count == 0


def test_an_event_at_the_size_limit_is_sent(fcf: CloudFrontFunctions, fake: FakeCloudFront) -> None:
    created = cf_create(fcf)
    empty = len(TestEvent.viewer_request(uri="/a", headers={"x-pad": ""}).to_json())
    event = TestEvent.viewer_request(uri="/a", headers={"x-pad": "x" * (40_960 - empty)})
    assert len(event.to_json()) == 40_960
    result = fcf.test_function("fn", if_match=created.etag, event=event)
    assert result.error_message is None
    assert fake.calls[-1] == "TestFunction"


# -- the update ETag over real HTTP ---------------------------------------------------------


class _UpdateHandler(BaseHTTPRequestHandler):
    """Answers UpdateFunction the way CloudFront does: the new ETag in an ``ETag`` header."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<FunctionSummary xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
            b"<Name>fn</Name><Status>UNPUBLISHED</Status>"
            b"<FunctionConfig><Comment></Comment><Runtime>cloudfront-js-2.0</Runtime></FunctionConfig>"
            b"<FunctionMetadata><FunctionARN>arn:aws:cloudfront::123456789012:function/fn</FunctionARN>"
            b"<Stage>DEVELOPMENT</Stage><LastModifiedTime>2026-11-25T10:00:00.000Z</LastModifiedTime>"
            b"</FunctionMetadata></FunctionSummary>"
        )
        self.send_response(200)
        self.send_header("ETag", "E-NEW-FROM-HEADER")
        self.send_header("x-amzn-RequestId", "req-update")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def update_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _UpdateHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_update_returns_the_new_etag_over_real_http(update_server: str) -> None:
    client = boto3.client("cloudfront", endpoint_url=update_server, config=NO_RETRIES)
    raw = client.update_function(
        Name="fn",
        IfMatch="E1",
        FunctionConfig={"Comment": "", "Runtime": "cloudfront-js-2.0"},
        FunctionCode=b"x",
    )
    assert "ETag" not in raw, "botocore parses ETag now: the model's ETtag typo is fixed"
    # All three settings given: no DescribeFunction first (this server answers only PUT).
    updated = CloudFrontFunctions(client).update_function(
        "fn",
        if_match="E1",
        code=b"x",
        runtime="cloudfront-js-2.0",
        comment="",
        key_value_store_arns=[],
        preflight=False,
    )
    assert updated.etag == "E-NEW-FROM-HEADER"
