"""`serve` end to end with clients no one here wrote: boto3, aws-cli and the package's
own facade, all on 127.0.0.1 with an ephemeral port, each server stopped after its test."""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from cloudfront_functions import CloudFrontFunctions, TestEvent
from cloudfront_functions.testing import FunctionsServer

ROOT = Path(__file__).resolve().parent.parent
CODE = (
    b"function handler(event) { event.request.headers['x-v'] = {value: '1'}; "
    b"return event.request; }"
)
CODE_2 = CODE.replace(b"'1'", b"'2'")
EVENT = TestEvent.viewer_request(uri="/a")


@pytest.fixture
def server() -> Iterator[FunctionsServer]:
    with FunctionsServer(port=0) as running:
        yield running


def client(url: str) -> Any:
    return boto3.client("cloudfront", region_name="us-east-1", endpoint_url=url)


def config(comment: str = "c") -> dict[str, Any]:
    return {"Comment": comment, "Runtime": "cloudfront-js-2.0"}


def raw(
    url: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_it_binds_to_loopback_on_an_ephemeral_port(server: FunctionsServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert not server.url.endswith(":0")


def test_boto3_runs_the_whole_lifecycle(server: FunctionsServer) -> None:
    cf = client(server.url)
    created = cf.create_function(Name="f", FunctionConfig=config(), FunctionCode=CODE)
    assert created["FunctionSummary"]["Status"] == "UNPUBLISHED"
    etag = cf.describe_function(Name="f")["ETag"]
    updated = cf.update_function(
        Name="f", IfMatch=etag, FunctionConfig=config("d"), FunctionCode=CODE_2
    )
    etag = updated["ResponseMetadata"]["HTTPHeaders"]["etag"]
    tested = cf.test_function(Name="f", IfMatch=etag, EventObject=EVENT.to_json())
    output = json.loads(tested["TestResult"]["FunctionOutput"])
    assert output["request"]["headers"]["x-v"] == {"value": "2"}
    published = cf.publish_function(Name="f", IfMatch=etag)
    assert published["FunctionSummary"]["Status"] == "UNASSOCIATED"
    listed = cf.list_functions()["FunctionList"]["Items"]
    assert [item["Name"] for item in listed] == ["f"]
    cf.delete_function(Name="f", IfMatch=etag)
    assert cf.list_functions()["FunctionList"].get("Items", []) == []


def test_boto3_sees_service_errors_in_the_service_shape(server: FunctionsServer) -> None:
    cf = client(server.url)
    with pytest.raises(cf.exceptions.NoSuchFunctionExists):
        cf.describe_function(Name="missing")
    cf.create_function(Name="f", FunctionConfig=config(), FunctionCode=CODE)
    with pytest.raises(cf.exceptions.PreconditionFailed):
        cf.delete_function(Name="f", IfMatch="stale")


def test_the_facade_deploys_and_tests_through_the_server(server: FunctionsServer) -> None:
    cf = CloudFrontFunctions(client(server.url))
    result = cf.deploy("f", code=CODE, test_event=EVENT)
    assert (result.action, result.published) == ("created", True)
    assert result.test_result is not None
    assert result.test_result.error_message is None
    assert cf.deploy("f", code=CODE).action == "unchanged"


def test_a_malformed_body_gets_the_xml_error_shape_and_the_server_lives_on(
    server: FunctionsServer,
) -> None:
    status, body = raw(server.url, "POST", "/2020-05-31/function", b"<not xml")
    assert status == 400
    assert b"<Code>MalformedXML</Code>" in body
    status, body = raw(server.url, "POST", "/2020-05-31/function", b"<CreateFunctionRequest/>")
    assert status == 400
    assert b"<Code>InvalidArgument</Code>" in body
    assert b"CreateFunctionRequest.Name is required" in body
    assert client(server.url).list_functions()["FunctionList"]["Quantity"] == 0


_NS = b'xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"'


def _create_body(
    name: bytes = b"x", runtime: bytes = b"cloudfront-js-2.0", code: bytes = b"eA=="
) -> bytes:
    return (
        b"<CreateFunctionRequest " + _NS + b"><Name>" + name + b"</Name><FunctionConfig>"
        b"<Comment/><Runtime>" + runtime + b"</Runtime></FunctionConfig><FunctionCode>"
        + code + b"</FunctionCode></CreateFunctionRequest>"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_create_body(name=b""), b"CreateFunctionRequest.Name is too short"),
        (_create_body(code=b"!!"), b"CreateFunctionRequest.FunctionCode is not base64"),
        (_create_body(runtime=b"js"), b"FunctionConfig.Runtime is not one of"),
    ],
)
def test_a_body_breaking_the_model_is_refused_before_the_fake(
    server: FunctionsServer, body: bytes, message: bytes
) -> None:
    status, answer = raw(server.url, "POST", "/2020-05-31/function", body)
    assert status == 400
    assert message in answer
    assert server.fake.functions == {}


def test_a_well_formed_hand_written_body_is_accepted(server: FunctionsServer) -> None:
    status, _ = raw(server.url, "POST", "/2020-05-31/function", _create_body())
    assert status == 201


def test_a_failure_inside_the_fake_is_a_500_in_the_service_shape(
    server: FunctionsServer,
) -> None:
    def broken(operation: str) -> None:
        raise RuntimeError("bug")

    server.fake.before = broken
    status, body = raw(server.url, "GET", "/2020-05-31/function")
    assert status == 500
    assert b"<Code>InternalError</Code>" in body
    server.fake.before = None
    assert client(server.url).list_functions()["FunctionList"]["Quantity"] == 0


def test_an_unknown_path_is_an_error_not_a_crash(server: FunctionsServer) -> None:
    status, body = raw(server.url, "GET", "/nothing/here")
    assert status == 400
    assert b"UnsupportedOperation" in body


def test_a_malformed_key_value_store_request_gets_the_json_error_shape(
    server: FunctionsServer,
) -> None:
    status, body = raw(
        server.url,
        "POST",
        "/key-value-stores/arn/keys",
        b"{",
        headers={"Content-Type": "application/json"},
    )
    assert status == 400
    assert json.loads(body)["__type"] == "ValidationException"


def test_an_invalid_content_length_is_refused(server: FunctionsServer) -> None:
    status, body = raw(server.url, "POST", "/2020-05-31/function", headers={"Content-Length": "x"})
    assert status == 400
    assert b"Content-Length" in body


def test_state_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with FunctionsServer(port=0, state=state) as first:
        cf = client(first.url)
        cf.create_function(Name="f", FunctionConfig=config(), FunctionCode=CODE)
        etag = cf.describe_function(Name="f")["ETag"]
        cf.publish_function(Name="f", IfMatch=etag)
    with FunctionsServer(port=0, state=state) as second:
        cf = client(second.url)
        assert cf.get_function(Name="f", Stage="LIVE")["FunctionCode"].read() == CODE
        assert cf.describe_function(Name="f")["ETag"] == etag
        cf.create_function(Name="g", FunctionConfig=config(), FunctionCode=CODE)
        assert cf.describe_function(Name="g")["ETag"] != etag  # no ETag handed out twice


def test_distributions_tags_and_stores_survive_a_restart(tmp_path: Path) -> None:
    from tests.test_cli import _distribution

    state = tmp_path / "state.json"
    with FunctionsServer(port=0, state=state) as first:
        distribution = _distribution(first.url)
        cf = client(first.url)
        arn = cf.get_distribution(Id=distribution)["Distribution"]["ARN"]
        cf.tag_resource(Resource=arn, Tags={"Items": [{"Key": "team", "Value": "web"}]})
        cf.create_key_value_store(Name="store")
    with FunctionsServer(port=0, state=state) as second:
        cf = client(second.url)
        config = cf.get_distribution_config(Id=distribution)["DistributionConfig"]
        assert config["Comment"] == "shop"
        assert cf.list_tags_for_resource(Resource=arn)["Tags"]["Items"] == [
            {"Key": "team", "Value": "web"}
        ]
        assert cf.describe_key_value_store(Name="store")["KeyValueStore"]["Name"] == "store"


def test_a_corrupt_state_file_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{")
    with pytest.raises(ValueError, match="not a state file"):
        FunctionsServer(port=0, state=state)


def _serve(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "cloudfront_functions", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # blocks until the server prints its URL
    found = re.search(r"http://127\.0\.0\.1:\d+", line)
    assert found, line
    return process, found[0]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_its_url_and_stops_cleanly_on_a_signal(signum: int, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    process, url = _serve("--state", str(state))
    try:
        client(url).create_function(Name="f", FunctionConfig=config(), FunctionCode=CODE)
        process.send_signal(signum)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert "Traceback" not in err
    assert "stopped" in err
    assert "f" in json.dumps(json.loads(state.read_text()))


def test_serve_on_a_taken_port_exits_2(server: FunctionsServer) -> None:
    port = server.url.rsplit(":", 1)[1]
    done = subprocess.run(
        [sys.executable, "-m", "cloudfront_functions", "serve", "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "cannot listen" in done.stderr


# -- aws-cli -----------------------------------------------------------------------------

needs_awscli = pytest.mark.skipif(
    importlib.util.find_spec("awscli") is None, reason="awscli is not installed"
)


def aws(url: str, *args: str, tmp: Path) -> Any:
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_PAGER": "",
        "HOME": str(tmp),
    }
    done = subprocess.run(
        [sys.executable, "-m", "awscli", "--endpoint-url", url, "--output", "json", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else None


@needs_awscli
def test_aws_cli_runs_the_whole_lifecycle(server: FunctionsServer, tmp_path: Path) -> None:
    code = tmp_path / "f.js"
    code.write_bytes(CODE)
    event = tmp_path / "event.json"
    event.write_bytes(EVENT.to_json())
    url, cf = server.url, ["cloudfront"]
    config_arg = "Comment=c,Runtime=cloudfront-js-2.0"
    started = time.monotonic()
    created = aws(url, *cf, "create-function", "--name", "f", "--function-config", config_arg,
                  "--function-code", f"fileb://{code}", tmp=tmp_path)  # fmt: skip
    assert created["FunctionSummary"]["Status"] == "UNPUBLISHED"
    etag = aws(url, *cf, "describe-function", "--name", "f", tmp=tmp_path)["ETag"]
    code.write_bytes(CODE_2)
    aws(url, *cf, "update-function", "--name", "f", "--if-match", etag, "--function-config",
        config_arg, "--function-code", f"fileb://{code}", tmp=tmp_path)  # fmt: skip
    etag = aws(url, *cf, "describe-function", "--name", "f", tmp=tmp_path)["ETag"]
    tested = aws(url, *cf, "test-function", "--name", "f", "--if-match", etag,
                 "--event-object", f"fileb://{event}", tmp=tmp_path)  # fmt: skip
    output = json.loads(tested["TestResult"]["FunctionOutput"])
    assert output["request"]["headers"]["x-v"] == {"value": "2"}
    aws(url, *cf, "publish-function", "--name", "f", "--if-match", etag, tmp=tmp_path)
    listed = aws(url, *cf, "list-functions", "--stage", "LIVE", tmp=tmp_path)
    assert [item["Name"] for item in listed["FunctionList"]["Items"]] == ["f"]
    aws(url, *cf, "delete-function", "--name", "f", "--if-match", etag, tmp=tmp_path)
    assert server.fake.functions == {}
    assert time.monotonic() - started < 120
