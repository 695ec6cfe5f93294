"""Faults survived, bad input refused, nothing lost, nothing leaked (bounded sizes;
``make stress`` runs the same checks at full size and prints the figures)."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Literal

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.retries.standard import ExponentialBackoff

from cloudfront_functions import (
    CloudFrontFunctions,
    FunctionSummary,
    RequestValidationError,
    ServiceError,
)
from cloudfront_functions.testing import FakeCloudFront

from . import reliability
from .conftest import NO_RETRIES, RequestCounter, count_requests
from .faults import fake_upstream, serve

MARKER, SECRET_CODE, secret_in = reliability.MARKER, reliability.SECRET_CODE, reliability.secret_in


def test_service_model_parity_both_ways() -> None:
    counts = reliability.parity(examples=60)
    assert counts.valid_examples >= 60
    assert counts.false_rejections == 0
    assert counts.invalid_examples >= 60
    assert counts.rejected_locally == counts.invalid_examples
    assert counts.requests_for_bad_input == 0


@pytest.fixture(scope="module")
def matrix() -> list[reliability.Cell]:
    # botocore's retry backoff (random, up to seconds) is waited out by `make stress`;
    # here the same retries happen without the sleeps.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)
        return reliability.fault_matrix()


def test_every_fault_has_the_documented_outcome(matrix: list[reliability.Cell]) -> None:
    unexpected = [cell for cell in matrix if not cell.expected]
    assert unexpected == []


def test_no_fault_loses_a_write_or_overwrites_silently(matrix: list[reliability.Cell]) -> None:
    assert [cell for cell in matrix if cell.lost] == []
    assert all(cell.injected >= 1 for cell in matrix)
    assert len(matrix) == 35


def test_a_deploy_that_timed_out_converges_when_run_again(fake: FakeCloudFront) -> None:
    with serve(fake_upstream(fake)) as (server, url):
        client = boto3.client("cloudfront", endpoint_url=url, config=reliability.NO_RETRIES)
        cf = CloudFrontFunctions(client)
        server.inject("slow", "CreateFunction", delay=0.6)
        with pytest.raises(Exception, match="Read timeout"):
            cf.deploy("fn", code=reliability.CODE)
        fake.calls.clear()
        result = CloudFrontFunctions(fake.attach(boto3.client("cloudfront"))).deploy(
            "fn", code=reliability.CODE
        )
        assert result.published
        assert list(fake.functions) == ["fn"]


def test_sixteen_threads_share_one_facade(moto_client: Any, moto_url: str) -> None:
    config = NO_RETRIES.merge(Config(max_pool_connections=16))
    client = boto3.client("cloudfront", endpoint_url=moto_url, config=config)
    counts = reliability.concurrency(CloudFrontFunctions(client), threads=16, per_thread=3)
    assert (counts.errors, counts.cross_talk, counts.missing) == (0, 0, 0), counts.failures
    assert counts.operations == 16 * 3 * 3


# -- secrets ----------------------------------------------------------------------------------


def test_the_code_never_appears_in_models_errors_or_our_debug_log(
    fcf: CloudFrontFunctions,
) -> None:
    texts = reliability.secret_texts(fcf)
    assert any("CreateFunction secret-fn" in text for text in texts)  # the log was captured
    assert [text for text in texts if secret_in(text)] == []


def test_botocores_own_debug_log_never_shows_the_code(
    fcf: CloudFrontFunctions, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="botocore"):
        created = fcf.create_function(name="fn", code=SECRET_CODE)
        fcf.get_function("fn")
        fcf.update_function("fn", if_match=created.etag or "", code=SECRET_CODE + " ")
    messages = [record.getMessage() for record in caplog.records]
    assert any("bytes hidden" in message for message in messages)  # the body was logged
    assert [message for message in messages if secret_in(message)] == []


def test_with_botocore_at_info_nothing_leaks_even_with_the_root_logger_at_debug(
    fcf: CloudFrontFunctions, caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("botocore").setLevel(logging.INFO)
    try:
        with caplog.at_level(logging.DEBUG):
            fcf.create_function(name="fn", code=SECRET_CODE)
            fcf.get_function("fn")
    finally:
        logging.getLogger("botocore").setLevel(logging.NOTSET)
    assert not any(secret_in(record.getMessage()) for record in caplog.records)


def test_pytest_assertion_output_of_our_models_hides_the_code(tmp_path: Path) -> None:
    (tmp_path / "handler.js").write_text(SECRET_CODE)  # the test's source must not hold it
    test_file = tmp_path / "test_leak.py"
    test_file.write_text(
        textwrap.dedent(
            """
            from pathlib import Path
            from cloudfront_functions import CreateFunctionRequest

            def test_compare():
                code = Path(__file__).with_name("handler.js").read_text()
                one = CreateFunctionRequest.build(name="a", code=code)
                two = CreateFunctionRequest.build(name="b", code=code + " ")
                assert one == two
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-vv", str(test_file)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert "1 failed" in result.stdout
    assert MARKER not in result.stdout + result.stderr


# -- hostile input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        "non-UTF-8 code",
        "10 MB code (bytes)",
        "10 MB code (str)",
        "10 MB code file",
        "code path is a directory",
        "code path does not exist",
        "unpaired surrogate in code",
        "Cyrillic look-alike in name",
        "fullwidth digits in name",
        "name with trailing newline",
        "ARN with trailing newline",
        "deeply nested test event",
        "huge test event",
    ],
)
def test_hostile_input_gets_a_clear_error_and_sends_nothing(
    fcf: CloudFrontFunctions, fake_client: Any, tmp_path: Path, case: str
) -> None:
    arguments = reliability.hostile_inputs(tmp_path)[case]
    sent = count_requests(fake_client)
    call: Callable[[], object]
    if "event" in arguments:
        call = partial(fcf.test_function, "fn", if_match="E1", event=arguments["event"])
    else:
        create: Any = fcf.create_function
        call = partial(create, **{"name": "fn", "code": reliability.CODE, **arguments})
    with pytest.raises(RequestValidationError) as caught:
        call()
    assert sent.count == 0
    assert len(str(caught.value)) < 500
    assert caught.value.__cause__ is None


def test_nul_bytes_are_valid_javascript_and_are_sent(
    cf: CloudFrontFunctions, sent: RequestCounter
) -> None:
    # preflight is about JavaScript semantics; the point here is what goes on the wire.
    cf.create_function(name="fn", code=b"var s = '\x00';", preflight=False)
    assert sent.count == 1
    assert cf.get_function("fn").code == b"var s = '\x00';"


# -- forward compatibility over real HTTP --------------------------------------------------


def test_unknown_values_fields_and_codes_parse_or_map(moto_url: str) -> None:
    answers = {
        "DescribeFunction": (
            200,
            {"ETag": "E1"},
            b'<?xml version="1.0"?><FunctionSummary xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
            b"<Name>fn</Name><Status>ROLLING_OUT</Status><Shiny>new</Shiny>"
            b"<FunctionConfig><Comment>c</Comment><Runtime>cloudfront-js-3.0</Runtime>"
            b"<Memory>4MB</Memory></FunctionConfig><FunctionMetadata>"
            b"<FunctionARN>arn:aws:cloudfront::123456789012:function/fn</FunctionARN>"
            b"<Stage>CANARY</Stage><LastModifiedTime>2026-11-25T10:00:00Z</LastModifiedTime>"
            b"</FunctionMetadata></FunctionSummary>",
        ),
        "DeleteFunction": (
            429,
            {},
            b'<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type>'
            b"<Code>FunctionQuotaRebalancing</Code><Message>try later</Message></Error>"
            b"<RequestId>r-1</RequestId></ErrorResponse>",
        ),
    }

    def upstream(method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        from cloudfront_functions.testing import operation_of

        return answers[operation_of(method, path.split("?", maxsplit=1)[0])]

    with serve(upstream) as (_, url):
        client = boto3.client("cloudfront", endpoint_url=url, config=reliability.NO_RETRIES)
        cf = CloudFrontFunctions(client)
        summary = cf.describe_function("fn")
        assert isinstance(summary, FunctionSummary)
        assert (summary.status, summary.function_config.runtime) == (
            "ROLLING_OUT",
            "cloudfront-js-3.0",
        )
        assert summary.function_metadata.stage == "CANARY"
        with pytest.raises(ServiceError) as caught:
            cf.delete_function("fn", if_match="E1")
        assert type(caught.value) is ServiceError
        assert (caught.value.code, caught.value.http_status) == ("FunctionQuotaRebalancing", 429)
        assert isinstance(caught.value.__cause__, ClientError)


@pytest.mark.parametrize("mode", ["standard", "adaptive"])
def test_throttling_is_retried_by_the_retry_mode_the_user_configures(
    fake: FakeCloudFront, mode: Literal["standard", "adaptive"], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)
    with serve(fake_upstream(fake)) as (server, url):
        config = Config(retries={"mode": mode, "total_max_attempts": 2})
        client = boto3.client("cloudfront", endpoint_url=url, config=config)
        cf = CloudFrontFunctions(client)
        server.inject("throttle", "CreateFunction", times=1)
        summary = cf.create_function(name="fn", code=reliability.CODE)
        assert summary.name == "fn"
        assert server.injected == [("throttle", "CreateFunction")]
