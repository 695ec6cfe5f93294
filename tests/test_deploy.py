"""deploy: every branch, idempotence counted in write requests, and conflicts."""

from __future__ import annotations

from typing import Any

import pytest

from cloudfront_functions import (
    CloudFrontFunctions,
    DeployConflict,
    DeployResult,
    DeployTestFailed,
    FunctionAlreadyExists,
    PreconditionFailed,
    RequestValidationError,
    Stage,
    TestEvent,
)
from cloudfront_functions.testing import FakeCloudFront, TestOutcome

from .conftest import count_requests

CODE = b"function handler(event) { return event.request; }"
NEW_CODE = b"function handler(event) { event.request.uri = '/index.html'; return event.request; }"
ARN = "arn:aws:cloudfront::123456789012:key-value-store/0123abcd-4567-89ef-abcd-0123456789ab"


def test_a_new_function_is_created_and_published(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    result = fcf.deploy("fn", code=CODE, comment="v1")
    assert (result.action, result.published) == ("created", True)
    assert fake.writes == ["CreateFunction", "PublishFunction"]
    assert result.summary.function_metadata.stage is Stage.LIVE
    assert result.summary.status == "UNASSOCIATED"
    assert fake.functions["fn"].live is not None
    assert fake.functions["fn"].live.code == CODE


def test_deploying_the_same_thing_again_sends_no_write(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, fake_client: Any
) -> None:
    first = fcf.deploy("fn", code=CODE, comment="v1", key_value_store_arns=[ARN])
    state = fake.functions["fn"]
    etags = (state.development.etag, state.live.etag if state.live else None)
    fake.calls.clear()
    sent = count_requests(fake_client)

    second = fcf.deploy("fn", code=CODE, comment="v1", key_value_store_arns=[ARN])

    assert (second.action, second.published) == ("unchanged", False)
    assert fake.writes == []
    assert sent.count == len(fake.calls) == 4  # describe + get, for DEVELOPMENT and LIVE
    assert (state.development.etag, state.live.etag if state.live else None) == etags
    assert second.summary.etag == state.development.etag
    assert first.summary.name == second.summary.name


def test_changed_code_is_updated_with_the_etag_just_read_and_published(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    fcf.deploy("fn", code=CODE)
    fake.calls.clear()
    result = fcf.deploy("fn", code=NEW_CODE)
    assert (result.action, result.published) == ("updated", True)
    assert fake.writes == ["UpdateFunction", "PublishFunction"]
    assert fake.functions["fn"].development.code == NEW_CODE
    live = fake.functions["fn"].live
    assert live is not None
    assert live.code == NEW_CODE


@pytest.mark.parametrize(
    "change",
    [
        {"comment": "other"},
        {"runtime": "cloudfront-js-1.0"},
        {"key_value_store_arns": [ARN]},
    ],
)
def test_a_changed_configuration_is_an_update(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, change: dict[str, Any]
) -> None:
    fcf.deploy("fn", code=CODE)
    assert fcf.deploy("fn", code=CODE, **change).action == "updated"
    assert fcf.deploy("fn", code=CODE, **change).action == "unchanged"


def test_matching_development_with_an_outdated_live_only_publishes(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    fcf.deploy("fn", code=CODE, publish=False)
    assert fake.functions["fn"].live is None
    fake.calls.clear()
    result = fcf.deploy("fn", code=CODE)
    assert (result.action, result.published) == ("unchanged", True)
    assert fake.writes == ["PublishFunction"]


def test_publish_false_leaves_live_alone(fcf: CloudFrontFunctions, fake: FakeCloudFront) -> None:
    result = fcf.deploy("fn", code=CODE, publish=False)
    assert (result.action, result.published) == ("created", False)
    assert fake.writes == ["CreateFunction"]
    assert result.summary.function_metadata.stage is Stage.DEVELOPMENT
    assert result.summary.etag == fake.functions["fn"].development.etag


def test_a_passing_test_event_is_run_before_publishing(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    result = fcf.deploy("fn", code=CODE, test_event=TestEvent.viewer_request(uri="/a"))
    assert fake.calls[-2:] == ["TestFunction", "PublishFunction"]
    assert result.test_result is not None
    assert result.test_result.error_message is None
    assert result.published


def test_a_failing_test_event_stops_before_publishing(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    fake.test_runner = lambda stage, event: TestOutcome(error="TypeError: boom")
    with pytest.raises(DeployTestFailed) as caught:
        fcf.deploy("fn", code=CODE, test_event={"request": {"uri": "/"}})
    assert caught.value.test_result.error_message == "TypeError: boom"
    assert caught.value.operation_name == "Deploy"
    assert "PublishFunction" not in fake.calls
    assert fake.functions["fn"].live is None


def test_a_concurrent_change_is_a_conflict_not_an_overwrite(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    fcf.deploy("fn", code=CODE)

    def someone_else_edits(operation: str) -> None:
        if operation == "UpdateFunction":
            fake.modify("fn", code=b"their change")

    fake.before = someone_else_edits
    with pytest.raises(DeployConflict, match="changed while deploy was running") as caught:
        fcf.deploy("fn", code=NEW_CODE)
    assert isinstance(caught.value.__cause__, PreconditionFailed)
    assert caught.value.operation_name == "Deploy"
    assert fake.functions["fn"].development.code == b"their change"
    assert fake.writes.count("PublishFunction") == 1  # only the first deploy's


def test_retry_on_conflict_rereads_and_overwrites_deliberately(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    fcf.deploy("fn", code=CODE)
    edits: list[str] = []

    def someone_else_edits_once(operation: str) -> None:
        if operation == "UpdateFunction" and not edits:
            edits.append(operation)
            fake.modify("fn", code=b"their change")

    fake.before = someone_else_edits_once
    result = fcf.deploy("fn", code=NEW_CODE, retry_on_conflict=1)
    assert (result.action, result.published) == ("updated", True)
    assert fake.functions["fn"].development.code == NEW_CODE


def test_retries_are_bounded(fcf: CloudFrontFunctions, fake: FakeCloudFront) -> None:
    fcf.deploy("fn", code=CODE)
    fake.before = lambda operation: fake.modify("fn") if operation == "UpdateFunction" else None
    with pytest.raises(DeployConflict):
        fcf.deploy("fn", code=NEW_CODE, retry_on_conflict=2)
    assert fake.calls.count("UpdateFunction") == 3


def test_a_function_created_by_someone_else_meanwhile_is_a_conflict(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, fake_client: Any
) -> None:
    def someone_else_creates(operation: str) -> None:
        if operation == "CreateFunction" and "fn" not in fake.functions:
            fake.before = None
            fake_client.create_function(
                Name="fn",
                FunctionConfig={"Comment": "theirs", "Runtime": "cloudfront-js-2.0"},
                FunctionCode=b"their code",
            )

    fake.before = someone_else_creates
    with pytest.raises(DeployConflict) as caught:
        fcf.deploy("fn", code=CODE)
    assert isinstance(caught.value.__cause__, FunctionAlreadyExists)
    assert fake.functions["fn"].development.code == b"their code"


def test_its_own_create_that_landed_before_a_retry_is_recognised(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, fake_client: Any
) -> None:
    # As after a dropped connection: the first create landed, the retry is told it exists.
    def first_attempt_landed(operation: str) -> None:
        if operation == "CreateFunction" and "fn" not in fake.functions:
            fake.before = None
            fake_client.create_function(
                Name="fn",
                FunctionConfig={"Comment": "", "Runtime": "cloudfront-js-2.0"},
                FunctionCode=CODE,
            )

    fake.before = first_attempt_landed
    result = fcf.deploy("fn", code=CODE)
    assert (result.action, result.published) == ("created", True)
    assert list(fake.functions) == ["fn"]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"code": b""}, "code"),
        ({"runtime": "js"}, "runtime"),
        ({"comment": b"x"}, "comment"),
        ({"key_value_store_arns": ARN}, "key_value_store_arns"),
        ({"test_event": 123}, "test_event"),
        ({"retry_on_conflict": -1}, "retry_on_conflict"),
        ({"retry_on_conflict": 1.5}, "retry_on_conflict"),
        ({"publish": "yes"}, "publish"),
        ({"test_event": b"x" * 40_961}, "test_event"),
        ({"runtime": "cloudfront-js-1.0", "key_value_store_arns": [ARN]}, "runtime"),
    ],
)
def test_deploy_validates_everything_before_any_request(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, arguments: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        fcf.deploy("fn", **{"code": CODE, **arguments})
    assert fake.calls == []
    assert field in [error.field for error in caught.value.errors]


def test_deploy_result_is_frozen(fcf: CloudFrontFunctions) -> None:
    result = fcf.deploy("fn", code=CODE)
    assert isinstance(result, DeployResult)
    with pytest.raises(ValueError, match="frozen"):
        result.published = False  # type: ignore[misc]
    assert hash(result)
