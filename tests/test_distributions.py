"""Functions on distributions, against the shipped fake: whole flows, local refusals,
conflicts, every use found in one scan, and waiting for deployment.

The fake (not moto) because moto drops cache-behavior FunctionAssociations, cannot
publish and ignores If-Match: tests/test_distributions_moto.py covers its wire path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

import cloudfront_functions._distributions as distributions_module
from cloudfront_functions import (
    CloudFrontFunctions,
    DistributionConflict,
    FunctionInUse,
    NoSuchDistribution,
    NoSuchFunctionExists,
    PreconditionFailed,
    RequestValidationError,
    WaitTimeout,
)
from cloudfront_functions._distributions import (
    DistributionChange,
    EventType,
    FunctionAssociation,
    FunctionUsage,
)
from cloudfront_functions.testing import FakeCloudFront

from .conftest import count_requests

if TYPE_CHECKING:
    from mypy_boto3_cloudfront import CloudFrontClient

CODE = b"function handler(event) { return event.request; }"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3"


def behavior(pattern: str | None = None, **extra: Any) -> dict[str, Any]:
    """A cache behavior as boto3 takes it; with a Lambda@Edge association, to be kept."""
    shape: dict[str, Any] = {
        "TargetOriginId": "web",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": CACHING_OPTIMIZED,
        "LambdaFunctionAssociations": {
            "Quantity": 1,
            "Items": [
                {
                    "LambdaFunctionARN": LAMBDA_ARN,
                    "EventType": "origin-request",
                    "IncludeBody": False,
                }
            ],
        },
        **extra,
    }
    if pattern is not None:
        shape["PathPattern"] = pattern
    return shape


def distribution_config(*patterns: str, reference: str = "ref-1", **default: Any) -> dict[str, Any]:
    """A DistributionConfig with a default behavior and one behavior per pattern."""
    return {
        "CallerReference": reference,
        "Comment": "shop",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "web",
                    "DomainName": "origin.example.com",
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                    },
                }
            ],
        },
        "DefaultCacheBehavior": behavior(**default),
        "CacheBehaviors": {
            "Quantity": len(patterns),
            "Items": [behavior(pattern) for pattern in patterns],
        },
    }


def create_distribution(client: CloudFrontClient, *patterns: str, reference: str = "ref-1") -> str:
    config: Any = distribution_config(*patterns, reference=reference)
    return client.create_distribution(DistributionConfig=config)["Distribution"]["Id"]


@pytest.fixture
def distribution(fake_client: CloudFrontClient) -> str:
    return create_distribution(fake_client, "/api/*", "/static/*")


@pytest.fixture
def published(fcf: CloudFrontFunctions) -> str:
    fcf.deploy("rewrite", code=CODE)
    return "rewrite"


def test_the_whole_flow_deploy_associate_find_delete(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, fake_client: CloudFrontClient, distribution: str
) -> None:
    fcf.deploy("rewrite", code=CODE)
    change = fcf.associate_function(distribution, "rewrite", event_type=EventType.VIEWER_REQUEST)
    assert change.changed
    assert fcf.describe_function("rewrite").status == "DEPLOYED"

    usages = fcf.function_usages("rewrite")
    domain = fake.distributions[distribution].domain_name
    assert usages == (
        FunctionUsage(
            distribution_id=distribution,
            domain_name=domain,
            path_pattern=None,
            event_type=EventType.VIEWER_REQUEST,
        ),
    )

    etag = fcf.describe_function("rewrite").etag or ""
    with pytest.raises(FunctionInUse):
        fcf.delete_function("rewrite", if_match=etag)

    fcf.disassociate_function(distribution, event_type="viewer-request")
    assert fcf.function_usages("rewrite") == ()
    fcf.delete_function("rewrite", if_match=etag)
    assert "rewrite" not in fake.functions


def test_associate_reports_the_slot_before_and_after_and_the_new_etag(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, distribution: str, published: str
) -> None:
    read_etag = fake.distributions[distribution].etag
    change = fcf.associate_function(
        distribution, published, event_type=EventType.VIEWER_RESPONSE, path_pattern="/api/*"
    )
    arn = fake.functions[published].arn
    assert change == DistributionChange(
        distribution_id=distribution,
        etag=fake.distributions[distribution].etag,
        changed=True,
        before=None,
        after=FunctionAssociation(
            path_pattern="/api/*", event_type=EventType.VIEWER_RESPONSE, function_arn=arn
        ),
    )
    assert change.etag != read_etag
    assert change.after is not None
    assert change.after.function_name == published


def test_associating_the_same_function_again_sends_no_update(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, distribution: str, published: str
) -> None:
    first = fcf.associate_function(distribution, published, event_type="viewer-request")
    fake.calls.clear()
    again = fcf.associate_function(distribution, published, event_type="viewer-request")
    assert not again.changed
    assert again.before == again.after == first.after
    assert again.etag == first.etag
    assert fake.writes == []
    assert fake.calls == ["DescribeFunction", "GetDistributionConfig"]


def test_an_occupied_slot_needs_replace(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, distribution: str, published: str
) -> None:
    fcf.deploy("other", code=CODE)
    fcf.associate_function(distribution, "other", event_type="viewer-request")
    fake.calls.clear()
    with pytest.raises(RequestValidationError) as caught:
        fcf.associate_function(distribution, published, event_type="viewer-request")
    assert [error.field for error in caught.value.errors] == ["replace"]
    assert "function/other" in str(caught.value)
    assert fake.writes == []  # one read of the function, one of the configuration

    change = fcf.associate_function(
        distribution, published, event_type="viewer-request", replace=True
    )
    assert change.before is not None
    assert change.before.function_name == "other"
    assert change.after is not None
    assert change.after.function_name == published


def test_an_unknown_path_pattern_names_the_patterns_the_distribution_has(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, distribution: str, published: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        fcf.associate_function(
            distribution, published, event_type="viewer-request", path_pattern="/img/*"
        )
    assert [error.field for error in caught.value.errors] == ["path_pattern"]
    assert "'/api/*', '/static/*'" in str(caught.value)
    assert "UpdateDistribution" not in fake.writes


@pytest.mark.parametrize(
    "event_type", [EventType.ORIGIN_REQUEST, "origin-response", "viewer", 1, None]
)
def test_other_events_are_refused_before_any_request(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, event_type: Any
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        fcf.associate_function("E123", "fn", event_type=event_type)
    assert [error.field for error in caught.value.errors] == ["event_type"]
    with pytest.raises(RequestValidationError):
        fcf.disassociate_function("E123", event_type=event_type)
    assert fake.calls == []


def test_origin_events_are_refused_saying_functions_run_on_viewer_events(
    fcf: CloudFrontFunctions,
) -> None:
    with pytest.raises(RequestValidationError, match="Lambda@Edge"):
        fcf.associate_function("E123", "fn", event_type=EventType.ORIGIN_REQUEST)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"distribution_id": ""}, "distribution_id"),
        ({"distribution_id": "E12/../x"}, "distribution_id"),
        ({"distribution_id": 12}, "distribution_id"),
        ({"name": "bad name!"}, "name"),
        ({"path_pattern": ""}, "path_pattern"),
        ({"path_pattern": b"/api/*"}, "path_pattern"),
        ({"replace": "yes"}, "replace"),
        ({"retry_on_conflict": -1}, "retry_on_conflict"),
        ({"retry_on_conflict": True}, "retry_on_conflict"),
    ],
)
def test_associate_validates_every_argument_before_any_request(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arguments: dict[str, Any], field: str
) -> None:
    call: dict[str, Any] = {
        "distribution_id": "E123",
        "name": "fn",
        "event_type": "viewer-request",
        **arguments,
    }
    with pytest.raises(RequestValidationError) as caught:
        fcf.associate_function(call.pop("distribution_id"), call.pop("name"), **call)
    assert [error.field for error in caught.value.errors] == [field]
    assert fake.calls == []


def test_an_unpublished_function_is_refused_saying_publish_first(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, distribution: str
) -> None:
    fcf.create_function(name="draft", code=CODE)
    with pytest.raises(NoSuchFunctionExists, match="publish it first") as caught:
        fcf.associate_function(distribution, "draft", event_type="viewer-request")
    assert caught.value.operation_name == "DescribeFunction"
    assert "GetDistributionConfig" not in fake.calls
    assert "UpdateDistribution" not in fake.writes


def test_an_unknown_distribution_is_no_such_distribution(
    fcf: CloudFrontFunctions, published: str
) -> None:
    with pytest.raises(NoSuchDistribution):
        fcf.associate_function("EMISSING", published, event_type="viewer-request")
    with pytest.raises(NoSuchDistribution):
        fcf.list_function_associations("EMISSING")


def test_a_concurrent_change_is_a_distribution_conflict_chaining_precondition_failed(
    fcf: CloudFrontFunctions,
    fake: FakeCloudFront,
    fake_client: CloudFrontClient,
    distribution: str,
    published: str,
) -> None:
    def someone_else(operation: str) -> None:
        if operation == "UpdateDistribution":
            fake.distributions[distribution].etag = fake.new_etag()

    fake.before = someone_else
    with pytest.raises(DistributionConflict) as caught:
        fcf.associate_function(distribution, published, event_type="viewer-request")
    assert isinstance(caught.value.__cause__, PreconditionFailed)
    assert caught.value.operation_name == "AssociateFunction"
    assert fake.distributions[distribution].function_arns() == set()


def test_retry_on_conflict_reads_again_and_writes(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, distribution: str, published: str
) -> None:
    conflicts = iter([True])

    def someone_else_once(operation: str) -> None:
        if operation == "UpdateDistribution" and next(conflicts, False):
            fake.distributions[distribution].etag = fake.new_etag()

    fake.before = someone_else_once
    change = fcf.associate_function(
        distribution, published, event_type="viewer-request", retry_on_conflict=1
    )
    assert change.changed
    assert fake.calls.count("GetDistributionConfig") == 2
    assert fake.distributions[distribution].function_arns() == {fake.functions[published].arn}


def test_disassociating_an_empty_slot_sends_no_update(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, distribution: str
) -> None:
    change = fcf.disassociate_function(
        distribution, event_type=EventType.VIEWER_RESPONSE, path_pattern="/static/*"
    )
    assert (change.changed, change.before, change.after) == (False, None, None)
    assert fake.writes == ["CreateDistribution"]


def test_list_function_associations_reads_every_behavior_and_skips_lambda_at_edge(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, distribution: str, published: str
) -> None:
    fcf.associate_function(distribution, published, event_type="viewer-request")
    fcf.associate_function(
        distribution, published, event_type="viewer-response", path_pattern="/static/*"
    )
    arn = fake.functions[published].arn
    assert fcf.list_function_associations(distribution) == (
        FunctionAssociation(path_pattern=None, event_type="viewer-request", function_arn=arn),
        FunctionAssociation(
            path_pattern="/static/*", event_type="viewer-response", function_arn=arn
        ),
    )


def test_function_usages_scans_every_page_once_and_reads_no_configuration(
    fcf: CloudFrontFunctions,
    fake: FakeCloudFront,
    fake_client: CloudFrontClient,
    published: str,
) -> None:
    ids = [create_distribution(fake_client, "/api/*", reference=f"r{i}") for i in range(5)]
    for distribution_id in ids[::2]:
        fcf.associate_function(
            distribution_id, published, event_type="viewer-request", path_pattern="/api/*"
        )
    fake.calls.clear()
    usages = fcf.function_usages(published, page_size=2)
    assert [usage.distribution_id for usage in usages] == ids[::2]
    assert {usage.path_pattern for usage in usages} == {"/api/*"}
    assert fake.calls == ["ListDistributions"] * 3


def test_function_usages_of_an_unused_function_is_empty(
    fcf: CloudFrontFunctions, distribution: str
) -> None:
    assert fcf.function_usages("nowhere") == ()


def test_function_usages_validates_its_arguments_before_any_request(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        fcf.function_usages("bad name!", page_size=0)
    assert sorted(error.field for error in caught.value.errors) == ["name", "page_size"]
    assert fake.calls == []


def test_wait_until_deployed_polls_until_the_status_is_deployed(
    fcf: CloudFrontFunctions,
    fake: FakeCloudFront,
    distribution: str,
    published: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake.distribution_polls = 3
    fcf.associate_function(distribution, published, event_type="viewer-request")
    slept: list[float] = []
    monkeypatch.setattr(distributions_module, "_sleep", slept.append)
    fake.calls.clear()
    fcf.wait_until_deployed(distribution, poll_interval=5)
    assert fake.calls == ["GetDistribution"] * 4
    assert slept == [5, 5, 5]


def test_wait_until_deployed_raises_a_typed_timeout(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, distribution: str
) -> None:
    fake.distributions[distribution].polls_left = 1_000  # never deployed in this test
    with pytest.raises(WaitTimeout) as caught:
        fcf.wait_until_deployed(distribution, timeout=0, poll_interval=0)
    assert isinstance(caught.value, TimeoutError)
    assert "InProgress" in str(caught.value)
    assert fake.calls[-1] == "GetDistribution"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"timeout": -1}, "timeout"),
        ({"poll_interval": "5"}, "poll_interval"),
        ({"timeout": True}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
    ],
)
def test_wait_until_deployed_validates_before_any_request(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arguments: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        fcf.wait_until_deployed("E123", **arguments)
    assert [error.field for error in caught.value.errors] == [field]
    assert fake.calls == []


def test_the_fake_refuses_an_association_of_an_unpublished_function(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, fake_client: CloudFrontClient
) -> None:
    fcf.create_function(name="draft", code=CODE)
    config: Any = distribution_config()
    config["DefaultCacheBehavior"] = behavior(
        FunctionAssociations={
            "Quantity": 1,
            "Items": [{"FunctionARN": fake.functions["draft"].arn, "EventType": "viewer-request"}],
        }
    )
    sent = count_requests(fake_client)
    with pytest.raises(Exception, match="InvalidFunctionAssociation"):
        fake_client.create_distribution(DistributionConfig=config)
    assert sent.count == 1
