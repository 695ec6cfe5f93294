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
    """A `CloudFrontFunctions` on a real boto3 client answered by ``fake_cloudfront``.

    It needs no AWS account, credentials or network: the client is given dummy
    credentials and never opens a connection.
    """
    import boto3  # noqa: PLC0415
    from botocore.config import Config  # noqa: PLC0415

    from cloudfront_functions import CloudFrontFunctions  # noqa: PLC0415

    client = boto3.client(
        "cloudfront",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 (a dummy for the fake)
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )
    return CloudFrontFunctions(fake_cloudfront.attach(client))
