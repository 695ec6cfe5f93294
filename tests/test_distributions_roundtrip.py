"""The byte-for-byte property: associate then disassociate sends the configuration back
exactly as read, except the one slot.

Configurations are generated from botocore's own service model (every structure, list,
enum and number of ``DistributionConfig``: origins, origin groups, cache behaviors with
Lambda@Edge associations, custom error responses, ...), so a field this package does not
know about is covered the day botocore adds it. The calls go through a real boto3 client;
a Stubber answers, and what boto3 was asked to send is captured as given.
"""

from __future__ import annotations

import copy
from typing import Any

import boto3
import botocore.session
from botocore.model import Shape
from botocore.stub import Stubber
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudfront_functions import CloudFrontFunctions
from cloudfront_functions._distributions import EventType

MODEL = botocore.session.get_session().get_service_model("cloudfront")
ARN = "arn:aws:cloudfront::123456789012:function/rewrite"
MAX_DEPTH = 7


def from_shape(shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values botocore accepts for ``shape``: types, required members, enums, min/max."""
    kind = shape.type_name
    if kind == "structure":
        members: Any = shape.members  # type: ignore[attr-defined]
        required = set(shape.required_members)
        optional = (
            {}
            if depth >= MAX_DEPTH
            else {
                name: from_shape(member, depth + 1)
                for name, member in members.items()
                if name not in required
            }
        )
        return st.fixed_dictionaries(
            {name: from_shape(members[name], depth + 1) for name in required}, optional=optional
        )
    if kind == "list":
        low = int(shape.metadata.get("min", 0))
        high = low if depth >= MAX_DEPTH else low + 2
        return st.lists(from_shape(shape.member, depth + 1), min_size=low, max_size=high)  # type: ignore[attr-defined]
    if kind == "string":
        if shape.enum:  # type: ignore[attr-defined]
            return st.sampled_from(list(shape.enum))  # type: ignore[attr-defined]
        low = int(shape.metadata.get("min", 0))
        return st.text(
            st.characters(codec="utf-8", categories=("L", "N", "P")), min_size=low, max_size=low + 6
        )
    if kind in {"integer", "long"}:
        low = int(shape.metadata.get("min", 0))
        return st.integers(low, int(shape.metadata.get("max", low + 1000)))
    if kind == "boolean":
        return st.booleans()
    if kind == "map":
        return st.dictionaries(st.text(max_size=4), from_shape(shape.value, depth + 1), max_size=2)  # type: ignore[attr-defined]
    raise AssertionError(f"no strategy for {kind} ({shape.name})")


@st.composite
def configurations(draw: st.DrawFn) -> tuple[dict[str, Any], str | None, EventType]:
    """A configuration, and an empty viewer slot in one of its behaviors."""
    config: dict[str, Any] = draw(from_shape(MODEL.shape_for("DistributionConfig")))
    behavior_shape = MODEL.shape_for("CacheBehavior")
    patterns = draw(st.lists(st.text(min_size=1, max_size=6), unique=True, max_size=4))
    behaviors = [
        {**draw(from_shape(behavior_shape, 2)), "PathPattern": pattern} for pattern in patterns
    ]
    config["CacheBehaviors"] = {"Quantity": len(behaviors), "Items": behaviors}
    pattern = draw(st.sampled_from([None, *patterns]))
    event = draw(st.sampled_from([EventType.VIEWER_REQUEST, EventType.VIEWER_RESPONSE]))
    slot = behavior_of(config, pattern).get("FunctionAssociations")
    if slot and slot.get("Items"):  # the slot starts empty; other events stay as drawn
        slot["Items"] = [item for item in slot["Items"] if item["EventType"] != event.value]
    return config, pattern, event


def behavior_of(config: dict[str, Any], pattern: str | None) -> dict[str, Any]:
    if pattern is None:
        return config["DefaultCacheBehavior"]  # type: ignore[no-any-return]
    items = config["CacheBehaviors"]["Items"]
    return next(b for b in items if b["PathPattern"] == pattern)


def outside_the_slot(config: dict[str, Any], pattern: str | None) -> dict[str, Any]:
    rest = copy.deepcopy(config)
    behavior_of(rest, pattern).pop("FunctionAssociations", None)
    return rest


def slot_items(config: dict[str, Any], pattern: str | None) -> list[Any]:
    return list((behavior_of(config, pattern).get("FunctionAssociations") or {}).get("Items") or [])


LIVE = {
    "ETag": "ELIVE",
    "FunctionSummary": {
        "Name": "rewrite",
        "FunctionConfig": {"Comment": "", "Runtime": "cloudfront-js-2.0"},
        "FunctionMetadata": {"FunctionARN": ARN, "Stage": "LIVE", "LastModifiedTime": 0},
    },
}
CLIENT = boto3.client(
    "cloudfront", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
)
SENT: list[dict[str, Any]] = []


def capture(params: dict[str, Any], **kwargs: Any) -> None:
    SENT.append(copy.deepcopy(params["DistributionConfig"]))


CLIENT.meta.events.register("provide-client-params.cloudfront.UpdateDistribution", capture)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configurations())
def test_associate_then_disassociate_sends_everything_else_back_as_read(
    drawn: tuple[dict[str, Any], str | None, EventType],
) -> None:
    original, pattern, event = drawn
    read = copy.deepcopy(original)
    cf = CloudFrontFunctions(CLIENT)
    SENT.clear()
    with Stubber(CLIENT) as stubber:
        stubber.add_response("describe_function", LIVE)
        stubber.add_response("get_distribution_config", {"DistributionConfig": read, "ETag": "E1"})
        stubber.add_response("update_distribution", {"ETag": "E2"})
        cf.associate_function("EDIST", "rewrite", event_type=event, path_pattern=pattern)
        associated = SENT[-1]
        stubber.add_response(
            "get_distribution_config", {"DistributionConfig": associated, "ETag": "E2"}
        )
        stubber.add_response("update_distribution", {"ETag": "E3"})
        cf.disassociate_function("EDIST", event_type=event, path_pattern=pattern)
        disassociated = SENT[-1]
        stubber.assert_no_pending_responses()

    assert read == original  # what botocore returned was not mutated
    new = {"FunctionARN": ARN, "EventType": event.value}
    for sent in (associated, disassociated):
        assert outside_the_slot(sent, pattern) == outside_the_slot(original, pattern)
    assert slot_items(associated, pattern) == [*slot_items(original, pattern), new]
    assert slot_items(disassociated, pattern) == slot_items(original, pattern)
    for sent in (associated, disassociated):
        slot = behavior_of(sent, pattern)["FunctionAssociations"]
        assert slot["Quantity"] == len(slot.get("Items", []))
