"""Against a moto server on 127.0.0.1: the wire path of tags and plain distribution calls.

moto 5.2.5 has distributions and tags, but it drops cache-behavior FunctionAssociations
(it answers Quantity 0), cannot publish, ignores If-Match and never rotates the ETag. So
these tests prove serialization and parsing through real HTTP; what associations *do* is
tested against the fake (tests/test_distributions.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from cloudfront_functions import CloudFrontFunctions, NoSuchDistribution
from cloudfront_functions._distributions import EventType

from .conftest import RequestCounter
from .test_distributions import distribution_config

if TYPE_CHECKING:
    from mypy_boto3_cloudfront import CloudFrontClient

CODE = b"function handler(event) { return event.request; }"


def test_tags_round_trip_through_http(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    cf.create_function(name="tagged", code=CODE)
    cf.tag_function("tagged", {"team": "edge", "env": "prod"})
    assert cf.list_function_tags("tagged") == {"team": "edge", "env": "prod"}
    cf.untag_function("tagged", ["env"])
    assert cf.list_function_tags("tagged") == {"team": "edge"}
    assert sent.count == 1 + 2 * 4  # create; describe + one tag call, four times


def test_a_plain_distribution_reads_through_http(
    cf: CloudFrontFunctions, moto_client: CloudFrontClient, sent: RequestCounter
) -> None:
    config: Any = distribution_config("/api/*")
    distribution_id = moto_client.create_distribution(DistributionConfig=config)["Distribution"][
        "Id"
    ]
    before = sent.count
    assert cf.list_function_associations(distribution_id) == ()
    assert cf.function_usages("anything", page_size=1) == ()
    change = cf.disassociate_function(
        distribution_id, event_type=EventType.VIEWER_REQUEST, path_pattern="/api/*"
    )
    assert (change.changed, change.before) == (False, None)
    assert change.etag
    assert sent.count - before == 3  # config, one page of the list, config


def test_an_unknown_distribution_is_no_such_distribution_over_http(
    cf: CloudFrontFunctions,
) -> None:
    with pytest.raises(NoSuchDistribution) as caught:
        cf.list_function_associations("EDOESNOTEXIST")
    assert caught.value.http_status == 404


def test_update_distribution_goes_over_http_with_the_config_read(
    cf: CloudFrontFunctions, moto_client: CloudFrontClient, sent: RequestCounter
) -> None:
    # moto's DescribeFunction ignores Stage, so an unpublished function passes the LIVE
    # check here; and moto drops the association it is sent. Only the wire path counts.
    cf.create_function(name="rewrite", code=CODE)
    config: Any = distribution_config()
    distribution_id = moto_client.create_distribution(DistributionConfig=config)["Distribution"][
        "Id"
    ]
    before = sent.count
    change = cf.associate_function(distribution_id, "rewrite", event_type="viewer-request")
    assert change.changed
    assert change.etag
    assert sent.count - before == 3  # DescribeFunction, GetDistributionConfig, Update
    stored = moto_client.get_distribution_config(Id=distribution_id)["DistributionConfig"]
    assert stored["Comment"] == config["Comment"]
    assert stored["CallerReference"] == config["CallerReference"]
