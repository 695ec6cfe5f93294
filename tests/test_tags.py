"""Tags after creation, and deploy(tags=...): only the difference, never the code."""

from __future__ import annotations

from typing import Any

import pytest

from cloudfront_functions import CloudFrontFunctions, RequestValidationError
from cloudfront_functions._results import TagsChange
from cloudfront_functions.testing import FakeCloudFront

from .conftest import needs_tags

CODE = b"function handler(event) { return event.request; }"


@pytest.fixture
def arn(fcf: CloudFrontFunctions, fake: FakeCloudFront) -> str:
    fcf.deploy("fn", code=CODE)
    fake.calls.clear()
    return fake.functions["fn"].arn


def test_tag_list_and_untag_a_function(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arn: str
) -> None:
    fcf.tag_function("fn", {"team": "edge", "env": ""})
    assert fcf.list_function_tags("fn") == {"team": "edge", "env": ""}
    fcf.untag_function("fn", ["env"])
    assert fcf.list_function_tags("fn") == {"team": "edge"}
    assert fake.writes == ["TagResource", "UntagResource"]


def test_listed_tags_are_read_only(fcf: CloudFrontFunctions, arn: str) -> None:
    fcf.tag_function("fn", {"team": "edge"})
    tags: Any = fcf.list_function_tags("fn")
    with pytest.raises(TypeError):
        tags["team"] = "other"


def test_tagging_never_touches_the_code_or_its_etags(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arn: str
) -> None:
    function = fake.functions["fn"]
    before = (function.development, function.live)
    fcf.tag_function("fn", {"team": "edge"})
    fcf.untag_function("fn", ["team"])
    assert (function.development, function.live) == before


def test_empty_tags_and_keys_send_nothing(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arn: str
) -> None:
    fcf.tag_function("fn", {})
    fcf.untag_function("fn", [])
    assert fake.calls == []


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda cf: cf.tag_function("fn", {"": "x"}), "tags"),
        (lambda cf: cf.tag_function("fn", {"k" * 129: "x"}), "tags"),
        (lambda cf: cf.tag_function("fn", {"team": "v" * 257}), "tags"),
        (lambda cf: cf.tag_function("fn", {"team": "a;b"}), "tags"),
        (lambda cf: cf.tag_function("fn", {"team": 1}), "tags"),
        (lambda cf: cf.tag_function("bad name!", {"team": "x"}), "name"),
        (lambda cf: cf.untag_function("fn", "team"), "keys"),
        (lambda cf: cf.untag_function("fn", [""]), "keys"),
        (lambda cf: cf.untag_function("fn", [1]), "keys"),
        (lambda cf: cf.list_function_tags("bad name!"), "name"),
    ],
)
def test_tag_arguments_are_validated_before_any_request(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, call: Any, field: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        call(fcf)
    assert [error.field for error in caught.value.errors] == [field]
    assert fake.calls == []


def test_tag_boundaries_128_and_256_characters_are_accepted(
    fcf: CloudFrontFunctions, arn: str
) -> None:
    fcf.tag_function("fn", {"k" * 128: "v" * 256})
    assert fcf.list_function_tags("fn") == {"k" * 128: "v" * 256}


def test_deploy_without_tags_leaves_them_alone(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arn: str
) -> None:
    fcf.tag_function("fn", {"team": "edge"})
    fake.calls.clear()
    result = fcf.deploy("fn", code=CODE)
    assert result.tags is None
    assert "ListTagsForResource" not in fake.calls
    assert fake.tags[arn] == {"team": "edge"}


@needs_tags
def test_deploy_creates_with_the_tags_in_create_function(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    result = fcf.deploy("fn", code=CODE, tags={"team": "edge", "env": "prod"})
    assert fake.writes == ["CreateFunction", "PublishFunction"]
    assert fake.tags[fake.functions["fn"].arn] == {"team": "edge", "env": "prod"}
    assert result.tags == TagsChange(added=("env", "team"))


def test_a_tags_only_change_sends_only_the_difference_and_never_the_code(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arn: str
) -> None:
    fcf.tag_function("fn", {"team": "edge", "env": "dev", "old": "x"})
    function = fake.functions["fn"]
    before = (function.development, function.live)
    fake.calls.clear()

    result = fcf.deploy("fn", code=CODE, tags={"team": "edge", "env": "prod", "new": "y"})

    assert fake.writes == ["TagResource", "UntagResource"]
    assert (result.action, result.published) == ("unchanged", False)
    assert result.tags == TagsChange(added=("new",), updated=("env",), removed=("old",))
    assert fake.tags[arn] == {"team": "edge", "env": "prod", "new": "y"}
    assert (function.development, function.live) == before


def test_deploying_the_same_tags_again_sends_no_write(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arn: str
) -> None:
    fcf.deploy("fn", code=CODE, tags={"team": "edge"})
    fake.calls.clear()
    result = fcf.deploy("fn", code=CODE, tags={"team": "edge"})
    assert fake.writes == []
    assert result.tags == TagsChange()
    assert result.tags is not None
    assert not result.tags.changed


def test_an_empty_mapping_removes_every_tag(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arn: str
) -> None:
    fcf.tag_function("fn", {"team": "edge"})
    result = fcf.deploy("fn", code=CODE, tags={})
    assert result.tags == TagsChange(removed=("team",))
    assert fake.tags[arn] == {}


def test_deploy_refuses_bad_tags_before_any_request(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        fcf.deploy("fn", code=CODE, tags={"team": "a;b"})
    assert [error.field for error in caught.value.errors] == ["tags"]
    assert fake.calls == []


def test_deleting_a_function_forgets_its_tags(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arn: str
) -> None:
    fcf.tag_function("fn", {"team": "edge"})
    fcf.delete_function("fn", if_match=fcf.describe_function("fn").etag or "")
    assert arn not in fake.tags
