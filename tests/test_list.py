"""list_functions: lazy, follows NextMarker, over the fake and over moto's real HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber

from cloudfront_functions import CloudFrontFunctions, FunctionSummary, Stage
from cloudfront_functions.testing import FakeCloudFront

from .conftest import RequestCounter
from .factories import summary

Stubbed = tuple[CloudFrontFunctions, Stubber]


def create(cf: CloudFrontFunctions, count: int) -> None:
    for index in range(count):
        cf.create_function(name=f"fn-{index}", code=b"function handler(e) { return e.request; }")


def test_three_pages_are_followed_one_request_at_a_time(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    create(fcf, 5)
    fake.calls.clear()
    functions = fcf.list_functions(page_size=2)
    assert fake.calls == []  # nothing is requested until the first item is wanted
    first = next(functions)
    assert (first.name, fake.calls) == ("fn-0", ["ListFunctions"])
    next(functions)
    assert fake.calls == ["ListFunctions"]
    assert next(functions).name == "fn-2"
    assert fake.calls == ["ListFunctions"] * 2
    rest = [item.name for item in functions]
    assert rest == ["fn-3", "fn-4"]
    assert fake.calls == ["ListFunctions"] * 3


def test_stage_filters_to_published_functions(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    create(fcf, 3)
    etag = fcf.describe_function("fn-1").etag
    assert etag is not None
    fcf.publish_function("fn-1", if_match=etag)
    live = list(fcf.list_functions(stage=Stage.LIVE))
    assert [item.name for item in live] == ["fn-1"]
    assert live[0].function_metadata.stage is Stage.LIVE


def test_marker_and_page_size_are_sent_as_the_api_wants(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    page = {"MaxItems": 1, "Quantity": 1}
    stubber.add_response(
        "list_functions",
        {"FunctionList": {**page, "Items": [summary("a")], "NextMarker": "b"}},
        {"MaxItems": "1", "Stage": "DEVELOPMENT"},
    )
    stubber.add_response(
        "list_functions",
        {"FunctionList": {**page, "Items": [summary("b")]}},
        {"MaxItems": "1", "Stage": "DEVELOPMENT", "Marker": "b"},
    )
    names = [item.name for item in cf.list_functions(stage="DEVELOPMENT", page_size=1)]
    assert names == ["a", "b"]


def test_an_empty_account_yields_nothing(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    stubber.add_response("list_functions", {"FunctionList": {"MaxItems": 100, "Quantity": 0}}, {})
    assert list(cf.list_functions()) == []


def test_a_repeated_marker_stops_instead_of_looping(stubbed: Stubbed) -> None:
    cf, stubber = stubbed
    looping: dict[str, Any] = {
        "FunctionList": {"MaxItems": 1, "Quantity": 1, "Items": [summary()], "NextMarker": "m"}
    }
    stubber.add_response("list_functions", looping, {})
    stubber.add_response("list_functions", looping, {"Marker": "m"})
    with pytest.raises(Exception, match="repeated NextMarker"):
        list(cf.list_functions())


def test_pages_through_moto_over_real_http(cf: CloudFrontFunctions, sent: RequestCounter) -> None:
    create(cf, 5)
    listed = list(cf.list_functions(page_size=2))
    assert sorted(item.name for item in listed) == [f"fn-{i}" for i in range(5)]
    assert all(isinstance(item, FunctionSummary) for item in listed)
    assert sent.count == 5 + 3
