"""Realistic CloudFront responses, as boto3 returns them, for Stubber-based tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

ACCOUNT = "123456789012"
CREATED = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


def summary(
    name: str = "my-function",
    *,
    status: str = "UNPUBLISHED",
    stage: str = "DEVELOPMENT",
    runtime: str = "cloudfront-js-2.0",
    comment: str = "",
    arns: tuple[str, ...] = (),
) -> dict[str, Any]:
    config: dict[str, Any] = {"Comment": comment, "Runtime": runtime}
    if arns:
        config["KeyValueStoreAssociations"] = {
            "Quantity": len(arns),
            "Items": [{"KeyValueStoreARN": arn} for arn in arns],
        }
    return {
        "Name": name,
        "Status": status,
        "FunctionConfig": config,
        "FunctionMetadata": {
            "FunctionARN": f"arn:aws:cloudfront::{ACCOUNT}:function/{name}",
            "Stage": stage,
            "CreatedTime": CREATED,
            "LastModifiedTime": CREATED + timedelta(minutes=5),
        },
    }


def create_response(name: str = "my-function", etag: str = "ETAG1", **kw: Any) -> dict[str, Any]:
    return {
        "FunctionSummary": summary(name, **kw),
        "ETag": etag,
        "Location": f"https://cloudfront.amazonaws.com/2020-05-31/function/{name}",
    }
