"""The models: the API's shapes, PascalCase both ways, frozen, hashable, forward compatible."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from dateutil.tz import tzlocal
from pydantic import ValidationError

from cloudfront_functions import (
    CreateFunctionRequest,
    FunctionConfig,
    FunctionSummary,
    KeyValueStoreAssociation,
    KeyValueStoreAssociations,
    Runtime,
    Stage,
    Tag,
    Tags,
)

from .factories import create_response, summary

ARN = "arn:aws:cloudfront::123456789012:key-value-store/0123abcd-4567-89ef-abcd-0123456789ab"


def test_enum_members_compare_equal_to_their_values() -> None:
    values: list[str] = ["cloudfront-js-1.0", "cloudfront-js-2.0", "DEVELOPMENT", "LIVE"]
    assert values == [Runtime.JS_1_0, Runtime.JS_2_0, Stage.DEVELOPMENT, Stage.LIVE]
    assert values[1] in {Runtime.JS_2_0}
    assert str(Runtime.JS_2_0) == "cloudfront-js-2.0"
    assert f"{Stage.LIVE}" == "LIVE"


def test_quantity_is_derived_from_items() -> None:
    associations = KeyValueStoreAssociations(
        items=(KeyValueStoreAssociation(key_value_store_arn=ARN),)
    )
    assert associations.quantity == 1
    assert KeyValueStoreAssociations().quantity == 0
    assert associations.model_dump(by_alias=True) == {
        "Items": ({"KeyValueStoreARN": ARN},),
        "Quantity": 1,
    }


def test_matching_explicit_quantity_is_accepted() -> None:
    data = {"Quantity": 1, "Items": [{"KeyValueStoreARN": ARN}]}
    assert KeyValueStoreAssociations.model_validate(data).quantity == 1


@pytest.mark.parametrize("quantity", [0, 2, "1"])
def test_explicit_quantity_that_disagrees_with_items_is_rejected(quantity: Any) -> None:
    with pytest.raises(ValidationError, match="Quantity"):
        KeyValueStoreAssociations.model_validate(
            {"Quantity": quantity, "Items": [{"KeyValueStoreARN": ARN}]}
        )


def test_pascal_case_input_and_output_round_trip() -> None:
    data = {
        "Name": "my-function",
        "FunctionConfig": {
            "Comment": "c",
            "Runtime": "cloudfront-js-2.0",
            "KeyValueStoreAssociations": {"Quantity": 1, "Items": [{"KeyValueStoreARN": ARN}]},
        },
        "FunctionCode": b"code",
        "Tags": {"Items": [{"Key": "k", "Value": "v"}]},
    }
    request = CreateFunctionRequest.model_validate(data)
    assert request.name == "my-function"
    assert request.function_config.key_value_store_associations.items[0].key_value_store_arn == ARN
    dumped = request.model_dump(by_alias=True)
    assert CreateFunctionRequest.model_validate(dumped) == request
    assert dumped["FunctionConfig"]["KeyValueStoreAssociations"]["Quantity"] == 1


def test_snake_case_construction_is_equivalent() -> None:
    by_name = CreateFunctionRequest(
        name="f",
        function_config=FunctionConfig(runtime=Runtime.JS_1_0),
        function_code=b"x",
        tags=Tags(items=(Tag(key="k", value="v"),)),
    )
    by_alias = CreateFunctionRequest.model_validate(
        {
            "Name": "f",
            "FunctionConfig": {"Comment": "", "Runtime": "cloudfront-js-1.0"},
            "FunctionCode": b"x",
            "Tags": {"Items": [{"Key": "k", "Value": "v"}]},
        }
    )
    assert by_name == by_alias
    assert hash(by_name) == hash(by_alias)


def test_unknown_request_fields_are_rejected() -> None:
    with pytest.raises(ValidationError, match="unknown field"):
        FunctionConfig.model_validate({"Comment": "", "Runtime": "cloudfront-js-2.0", "Runtim": 1})
    with pytest.raises(ValidationError, match="unknown field"):
        CreateFunctionRequest.model_validate(
            {"Name": "f", "FunctionConfig": {"Runtime": "cloudfront-js-2.0"}, "Code": b"x"}
        )


def test_request_repr_and_str_never_show_the_code() -> None:
    request = CreateFunctionRequest.build(name="f", code="var SECRET_51f0 = 1;")
    assert "SECRET_51f0" not in repr(request)
    assert "SECRET_51f0" not in str(request)
    assert request.function_code == b"var SECRET_51f0 = 1;"


def test_pydantic_errors_of_a_request_model_hide_the_code() -> None:
    with pytest.raises(ValidationError) as caught:
        CreateFunctionRequest(
            name="bad name",
            function_config=FunctionConfig(runtime=Runtime.JS_2_0),
            function_code=b"SECRET_51f0" * 4000,
        )
    assert "SECRET_51f0" not in str(caught.value)


def test_response_keeps_unknown_runtime_stage_and_status_as_strings() -> None:
    data = summary(status="FUTURE_STATUS", stage="CANARY", runtime="cloudfront-js-3.0")
    parsed = FunctionSummary.from_summary(data)
    assert parsed.status == "FUTURE_STATUS"
    assert parsed.function_config.runtime == "cloudfront-js-3.0"
    assert not isinstance(parsed.function_config.runtime, Runtime)
    assert parsed.function_metadata.stage == "CANARY"
    assert hash(parsed)


def test_response_ignores_unknown_fields_and_tolerates_missing_optional_ones() -> None:
    data = summary()
    data["NewTopLevelField"] = {"x": 1}
    data["FunctionConfig"]["FutureSetting"] = True
    data["FunctionMetadata"]["Region"] = "global"
    del data["Status"], data["FunctionMetadata"]["Stage"], data["FunctionMetadata"]["CreatedTime"]
    parsed = FunctionSummary.from_summary(data)
    assert parsed.status is None
    assert parsed.function_metadata.stage is None
    assert parsed.function_metadata.created_time is None


def test_response_accepts_values_beyond_todays_request_rules() -> None:
    arns = ("arn:aws-cn:cloudfront::123456789012:key-value-store/x", ARN)
    parsed = FunctionSummary.from_summary(summary(runtime="cloudfront-js-1.0", arns=arns))
    assert parsed.function_config.key_value_store_associations.quantity == 2


def test_response_without_associations_has_an_empty_tuple() -> None:
    parsed = FunctionSummary.from_summary(summary())
    assert parsed.function_config.key_value_store_associations.items == ()
    assert parsed.function_config.key_value_store_associations.quantity == 0


def test_etag_falls_back_to_the_http_header() -> None:
    response = create_response()
    del response["ETag"]
    response["ResponseMetadata"] = {"HTTPHeaders": {"etag": "FROMHEADER"}}
    assert FunctionSummary.from_response(response, etag_from_headers=True).etag == "FROMHEADER"
    assert FunctionSummary.from_response(response).etag is None


@pytest.fixture
def local_zone_utc_plus_13() -> Iterator[None]:
    """Run the test with the machine's local time zone at UTC+13."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Tongatapu"
    time.tzset()
    try:
        yield
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time.tzset()


@pytest.mark.usefixtures("local_zone_utc_plus_13")
def test_timestamps_in_botocores_local_zone_become_utc() -> None:
    local = datetime(2026, 11, 26, 8, 0, tzinfo=tzlocal())
    assert local.utcoffset() == timedelta(hours=13)
    data = summary()
    data["FunctionMetadata"]["LastModifiedTime"] = local
    parsed = FunctionSummary.from_summary(data)
    modified = parsed.function_metadata.last_modified_time
    assert modified.tzinfo is timezone.utc
    assert modified == datetime(2026, 11, 25, 19, 0, tzinfo=timezone.utc)


def test_naive_timestamps_are_taken_as_utc() -> None:
    data = summary()
    data["FunctionMetadata"]["LastModifiedTime"] = datetime(2026, 1, 1, 12, 0)
    parsed = FunctionSummary.from_summary(data)
    assert parsed.function_metadata.last_modified_time == datetime(
        2026, 1, 1, 12, tzinfo=timezone.utc
    )


def test_every_response_model_is_frozen() -> None:
    parsed = FunctionSummary.from_summary(summary())
    with pytest.raises(ValidationError, match="frozen"):
        parsed.function_config.comment = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        parsed.function_metadata.stage = Stage.LIVE  # type: ignore[misc]


def test_instances_share_their_fields_set_yet_copies_stay_independent() -> None:
    first = FunctionSummary.from_summary(summary("a"))
    second = FunctionSummary.from_summary(summary("b"))
    assert first.model_fields_set is second.model_fields_set
    changed = first.model_copy(update={"status": "DEPLOYED", "etag": "E9"})
    assert (changed.status, changed.etag) == ("DEPLOYED", "E9")
    assert changed.model_fields_set is not first.model_fields_set
    assert "etag" in changed.model_fields_set
    assert first.status == "UNPUBLISHED"
    assert first.model_fields_set == second.model_fields_set


def test_exclude_unset_still_reflects_what_was_given() -> None:
    config = FunctionConfig(runtime=Runtime.JS_2_0)
    assert config.model_dump(exclude_unset=True) == {"runtime": Runtime.JS_2_0}
    full = FunctionConfig(runtime=Runtime.JS_2_0, comment="c")
    assert full.model_dump(exclude_unset=True) == {"runtime": Runtime.JS_2_0, "comment": "c"}
