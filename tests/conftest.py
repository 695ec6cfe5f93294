"""Shared fixtures: dummy AWS settings, Stubber clients, a real moto server on 127.0.0.1."""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.config import Config
from botocore.stub import Stubber

from cloudfront_functions import CloudFrontFunctions
from cloudfront_functions.testing import FakeCloudFront

from .strategies import TAGS_SUPPORTED

if TYPE_CHECKING:
    from mypy_boto3_cloudfront import CloudFrontClient

DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})
needs_tags = pytest.mark.skipif(
    not TAGS_SUPPORTED, reason="this botocore's CreateFunction has no Tags (botocore < 1.43.4)"
)


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees real AWS settings or credentials."""
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    for key, value in DUMMY_ENV.items():
        monkeypatch.setenv(key, value)


@dataclass
class RequestCounter:
    """Counts HTTP requests botocore is about to send (one per attempt)."""

    requests: list[str] = field(default_factory=list)

    def __call__(self, request: Any, **kwargs: Any) -> None:
        self.requests.append(f"{request.method} {request.url}")

    @property
    def count(self) -> int:
        return len(self.requests)


def count_requests(client: CloudFrontClient) -> RequestCounter:
    counter = RequestCounter()
    client.meta.events.register("before-send.cloudfront", counter)
    return counter


@pytest.fixture
def stubbed() -> Iterator[tuple[CloudFrontFunctions, Stubber]]:
    """A facade on a real boto3 client whose responses come from a botocore Stubber."""
    client = boto3.client("cloudfront", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield CloudFrontFunctions(client), stubber
        stubber.assert_no_pending_responses()


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    """A real moto server on 127.0.0.1 (random port), shared by the session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def moto_client(moto_url: str) -> CloudFrontClient:
    """A boto3 client on a freshly reset moto server, without retries."""
    request = urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass
    return boto3.client(
        "cloudfront", region_name="us-east-1", endpoint_url=moto_url, config=NO_RETRIES
    )


@pytest.fixture
def cf(moto_client: CloudFrontClient) -> CloudFrontFunctions:
    """The facade over the moto server."""
    return CloudFrontFunctions(moto_client)


@pytest.fixture
def sent(moto_client: CloudFrontClient) -> RequestCounter:
    """Counts the HTTP requests ``cf`` sends to the moto server."""
    return count_requests(moto_client)


@pytest.fixture
def fake(fake_cloudfront: FakeCloudFront) -> FakeCloudFront:
    """The shipped fake of all eight function operations (cloudfront_functions.testing)."""
    return fake_cloudfront


@pytest.fixture
def fcf(fake_cloudfront_functions: CloudFrontFunctions) -> CloudFrontFunctions:
    """The facade over the fake, from the shipped pytest fixture."""
    return fake_cloudfront_functions


@pytest.fixture
def fake_client(fcf: CloudFrontFunctions) -> CloudFrontClient:
    """The real boto3 client under ``fcf``, whose HTTP requests the fake answers."""
    return fcf.client
