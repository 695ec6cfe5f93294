"""Exact boto3 parameters of every call the distribution and tag methods make (Stubber)."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.stub import Stubber

from cloudfront_functions import CloudFrontFunctions, DistributionConflict
from cloudfront_functions._distributions import EventType

from .test_distributions import distribution_config

Stubbed = tuple[CloudFrontFunctions, Stubber]
ARN = "arn:aws:cloudfront::123456789012:function/rewrite"
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)


def live_summary(name: str = "rewrite") -> dict[str, Any]:
    return {
        "ETag": "ELIVE",
        "FunctionSummary": {
            "Name": name,
            "Status": "UNASSOCIATED",
            "FunctionConfig": {"Comment": "", "Runtime": "cloudfront-js-2.0"},
            "FunctionMetadata": {
                "FunctionARN": f"arn:aws:cloudfront::123456789012:function/{name}",
                "Stage": "LIVE",
                "LastModifiedTime": WHEN,
            },
        },
    }


def test_associate_reads_live_then_the_config_and_sends_it_back_with_one_slot_changed(
    stubbed: Stubbed,
) -> None:
    cf, stubber = stubbed
    config = distribution_config("/api/*")
    expected = copy.deepcopy(config)
    expected["CacheBehaviors"]["Items"][0]["FunctionAssociations"] = {
        "Quantity": 1,
        "Items": [{"FunctionARN": ARN, "EventType": "viewer-response"}],
    }
    stubber.add_response("describe_function", live_summary(), {"Name": "rewrite", "Stage": "LIVE"})
    stubber.add_response(
        "get_distribution_config",
        {"DistributionConfig": config, "ETag": "E1"},
        {"Id": "EDIST"},
    )
    stubber.add_response(
        "update_distribution",
        {"ETag": "E2"},
        {"Id": "EDIST", "IfMatch": "E1", "DistributionConfig": expected},
    )
    change = cf.associate_function(
        "EDIST", "rewrite", event_type=EventType.VIEWER_RESPONSE, path_pattern="/api/*"
    )
    assert (change.changed, change.etag) == (True, "E2")


def test_disassociate_sends_the_config_without_the_slot(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    config = distribution_config()
    config["DefaultCacheBehavior"]["FunctionAssociations"] = {
        "Quantity": 2,
        "Items": [
            {"FunctionARN": ARN, "EventType": "viewer-request"},
            {"FunctionARN": ARN, "EventType": "viewer-response"},
        ],
    }
    expected = copy.deepcopy(config)
    expected["DefaultCacheBehavior"]["FunctionAssociations"] = {
        "Quantity": 1,
        "Items": [{"FunctionARN": ARN, "EventType": "viewer-response"}],
    }
    stubber.add_response(
        "get_distribution_config", {"DistributionConfig": config, "ETag": "E1"}, {"Id": "EDIST"}
    )
    stubber.add_response(
        "update_distribution",
        {"ETag": "E2"},
        {"Id": "EDIST", "IfMatch": "E1", "DistributionConfig": expected},
    )
    change = cf.disassociate_function("EDIST", event_type="viewer-request")
    assert change.before is not None
    assert change.after is None


def test_a_stale_etag_without_retries_is_a_distribution_conflict(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    config = distribution_config()
    config["DefaultCacheBehavior"]["FunctionAssociations"] = {
        "Quantity": 1,
        "Items": [{"FunctionARN": ARN, "EventType": "viewer-request"}],
    }
    stubber.add_response(
        "get_distribution_config", {"DistributionConfig": config, "ETag": "E1"}, {"Id": "EDIST"}
    )
    stubber.add_client_error(
        "update_distribution", service_error_code="PreconditionFailed", http_status_code=412
    )
    with pytest.raises(DistributionConflict) as caught:
        cf.disassociate_function("EDIST", event_type="viewer-request")
    assert getattr(caught.value.__cause__, "code", None) == "PreconditionFailed"


def test_function_usages_follows_next_marker_with_max_items(stubbed: Stubbed) -> None:
    cf, stubber = stubbed

    def summary(distribution_id: str) -> dict[str, Any]:
        config = distribution_config("/api/*")
        config["CacheBehaviors"]["Items"][0]["FunctionAssociations"] = {
            "Quantity": 1,
            "Items": [{"FunctionARN": ARN, "EventType": "viewer-request"}],
        }
        return {
            "Id": distribution_id,
            "ARN": f"arn:aws:cloudfront::123456789012:distribution/{distribution_id}",
            "Status": "Deployed",
            "LastModifiedTime": WHEN,
            "DomainName": f"{distribution_id.lower()}.cloudfront.net",
            "Aliases": {"Quantity": 0},
            "Origins": config["Origins"],
            "DefaultCacheBehavior": config["DefaultCacheBehavior"],
            "CacheBehaviors": config["CacheBehaviors"],
            "CustomErrorResponses": {"Quantity": 0},
            "Comment": "",
            "PriceClass": "PriceClass_All",
            "Enabled": True,
            "ViewerCertificate": {},
            "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
            "WebACLId": "",
            "HttpVersion": "http2",
            "IsIPV6Enabled": True,
            "Staging": False,
        }

    def page(items: list[str], marker: str, next_marker: str | None) -> dict[str, Any]:
        listing: dict[str, Any] = {
            "Marker": marker,
            "MaxItems": 1,
            "IsTruncated": next_marker is not None,
            "Quantity": len(items),
            "Items": [summary(item) for item in items],
        }
        if next_marker:
            listing["NextMarker"] = next_marker
        return {"DistributionList": listing}

    stubber.add_response("list_distributions", page(["EONE"], "", "ETWO"), {"MaxItems": "1"})
    stubber.add_response(
        "list_distributions", page(["ETWO"], "ETWO", None), {"MaxItems": "1", "Marker": "ETWO"}
    )
    usages = cf.function_usages("rewrite", page_size=1)
    assert [(u.distribution_id, u.path_pattern, u.event_type) for u in usages] == [
        ("EONE", "/api/*", EventType.VIEWER_REQUEST),
        ("ETWO", "/api/*", EventType.VIEWER_REQUEST),
    ]


def test_wait_until_deployed_calls_get_distribution(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    distribution: dict[str, Any] = {
        "Id": "EDIST",
        "ARN": "arn:aws:cloudfront::123456789012:distribution/EDIST",
        "Status": "Deployed",
        "LastModifiedTime": WHEN,
        "InProgressInvalidationBatches": 0,
        "DomainName": "edist.cloudfront.net",
        "DistributionConfig": distribution_config(),
    }
    stubber.add_response("get_distribution", {"Distribution": distribution}, {"Id": "EDIST"})
    cf.wait_until_deployed("EDIST", poll_interval=0)


def test_tag_methods_send_the_arn_and_the_tags(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    describe = {**live_summary(), "ETag": "EDEV"}
    stubber.add_response("describe_function", describe, {"Name": "rewrite"})
    stubber.add_response(
        "tag_resource",
        {},
        {"Resource": ARN, "Tags": {"Items": [{"Key": "team", "Value": "edge"}]}},
    )
    stubber.add_response("describe_function", describe, {"Name": "rewrite"})
    stubber.add_response(
        "untag_resource", {}, {"Resource": ARN, "TagKeys": {"Items": ["team", "env"]}}
    )
    stubber.add_response("describe_function", describe, {"Name": "rewrite"})
    stubber.add_response(
        "list_tags_for_resource",
        {"Tags": {"Items": [{"Key": "team", "Value": "edge"}, {"Key": "env"}]}},
        {"Resource": ARN},
    )
    cf.tag_function("rewrite", {"team": "edge"})
    cf.untag_function("rewrite", ("team", "env"))
    assert cf.list_function_tags("rewrite") == {"team": "edge", "env": ""}
