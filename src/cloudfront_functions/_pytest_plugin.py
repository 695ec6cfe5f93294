"""pytest fixtures for code that uses this package (registered through ``pytest11``).

Loading this module costs nothing: the fixtures import what they need when a test asks
for them, and they change nothing for tests that do not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from cloudfront_functions import CloudFrontFunctions
    from cloudfront_functions.testing import FakeCloudFront


@pytest.fixture
def fake_cloudfront() -> FakeCloudFront:
    """A fresh in-process fake of CloudFront's function operations."""
    from cloudfront_functions.testing import FakeCloudFront  # noqa: PLC0415

    return FakeCloudFront()


@pytest.fixture
def fake_cloudfront_functions(fake_cloudfront: FakeCloudFront) -> CloudFrontFunctions:
    """A `CloudFrontFunctions` on real boto3 clients answered by ``fake_cloudfront``.

    Both the CloudFront client and the key value store data-plane client are attached, so
    every method works with no AWS account, credentials, network or ``[kvs]`` extra.
    """
    import boto3  # noqa: PLC0415
    from botocore.config import Config  # noqa: PLC0415

    from cloudfront_functions import CloudFrontFunctions  # noqa: PLC0415

    settings = {
        "region_name": "us-east-1",
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",  # a dummy for the fake
        "config": Config(retries={"mode": "standard", "total_max_attempts": 1}),
    }
    client = boto3.client("cloudfront", **settings)  # type: ignore[call-overload]
    keys_client = boto3.client("cloudfront-keyvaluestore", **settings)  # type: ignore[call-overload]
    return CloudFrontFunctions(
        fake_cloudfront.attach(client),
        key_value_store_client=fake_cloudfront.attach(keys_client),
    )
