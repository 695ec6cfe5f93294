"""Building the boto3 client, when the caller does not hand us one."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

import boto3
import botocore.session
from botocore.config import Config
from botocore.utils import parse_timestamp as botocore_parse_timestamp

if TYPE_CHECKING:
    from mypy_boto3_cloudfront import CloudFrontClient


def parse_timestamp(value: str) -> datetime:
    """botocore's timestamp parser for the clients we build: ISO 8601 straight to UTC.

    CloudFront sends ``2026-11-25T18:03:44.120Z``. Anything else goes to botocore's own
    parser (dateutil: the largest single cost of a call), then to UTC.
    """
    if len(value) > 19 and value[10] == "T":
        try:
            parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value[-1] == "Z" else value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:
                return parsed.astimezone(timezone.utc)
    parsed = botocore_parse_timestamp(value)
    return parsed.astimezone(timezone.utc) if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def build_client(
    session: boto3.Session | None, region_name: str | None, config: Config | None
) -> CloudFrontClient:
    """A CloudFront client tuned for the facade, which validates every request first."""
    if session is None:
        core = botocore.session.get_session()
        parsers = core.get_component("response_parser_factory")
        parsers.set_parser_defaults(timestamp_parser=parse_timestamp)
        session = boto3.Session(botocore_session=core)
    # Our models check everything botocore's validator checks (tests/test_botocore_parity.py).
    ours = Config(parameter_validation=False)
    return session.client(
        "cloudfront", region_name=region_name, config=ours.merge(config) if config else ours
    )
