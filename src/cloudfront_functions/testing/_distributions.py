"""The fake's distributions and tags.

A distribution keeps the ``DistributionConfig`` exactly as the client sent it (the XML
element tree, namespaces dropped) and echoes it back, so a read-modify-write round trip
is as faithful as against AWS. The fake enforces what matters for functions: ``If-Match``
(stale: ``PreconditionFailed``), ``CallerReference`` unchanged (``IllegalUpdate``),
function associations that name a published function on a viewer event, at most one per
event (``InvalidFunctionAssociation``), and a ``Quantity`` that counts the ``Items``
(``InconsistentQuantities``). ``Status`` is ``InProgress`` after every change and turns
``Deployed`` after ``fake.distribution_polls`` calls of ``GetDistribution``.

Tags are kept per ARN in ``fake.tags``, for functions and distributions alike.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ._routes import route
from ._state import ACCOUNT, ServiceFault
from ._wire import (
    NS,
    Call,
    Reply,
    element,
    find,
    marker_page,
    now,
    require_if_match,
    sub,
    timestamp,
    xml,
)

if TYPE_CHECKING:
    from ._fake import FakeCloudFront

__all__ = ["FakeDistribution", "referenced", "tags_in"]

_VIEWER_EVENTS = ("viewer-request", "viewer-response")
# DistributionSummary's members that ListDistributions copies from the configuration.
_SUMMARY_MEMBERS = (
    "Aliases",
    "Origins",
    "OriginGroups",
    "DefaultCacheBehavior",
    "CacheBehaviors",
    "CustomErrorResponses",
    "Comment",
    "PriceClass",
    "Enabled",
    "ViewerCertificate",
    "Restrictions",
    "WebACLId",
    "HttpVersion",
    "IsIPV6Enabled",
    "Staging",
    "ConnectionMode",
    "AnycastIpListId",
)


@dataclass
class FakeDistribution:
    """A distribution in the fake: its configuration as sent, ETag and deployment status."""

    id: str
    config: ET.Element = field(repr=False)
    etag: str
    modified: datetime
    status: str = "InProgress"
    polls_left: int = 0

    @property
    def arn(self) -> str:
        return f"arn:aws:cloudfront::{ACCOUNT}:distribution/{self.id}"

    @property
    def domain_name(self) -> str:
        return f"{self.id.lower()}.cloudfront.net"

    def function_arns(self) -> set[str]:
        """The ARNs of every function its cache behaviors run."""
        return {arn for _, arn in _associations(self.config)}


def referenced(fake: FakeCloudFront, arn: str) -> bool:
    """Whether any distribution runs the function with this ARN."""
    return any(arn in distribution.function_arns() for distribution in fake.distributions.values())


# -- distributions -------------------------------------------------------------------------


@route("cloudfront", "CreateDistribution")
def create_distribution(fake: FakeCloudFront, call: Call) -> Reply:
    config = _received_config(fake, call)
    distribution = FakeDistribution(
        id=fake.new_etag(), config=config, etag=fake.new_etag(), modified=now()
    )
    distribution.polls_left = fake.distribution_polls
    fake.distributions[distribution.id] = distribution
    headers = {
        "ETag": distribution.etag,
        "Location": f"https://cloudfront.amazonaws.com/2020-05-31/distribution/{distribution.id}",
    }
    return Reply(201, headers, xml(_distribution_element(distribution)))


@route("cloudfront", "GetDistribution")
def get_distribution(fake: FakeCloudFront, call: Call) -> Reply:
    distribution = _distribution(fake, call.params["Id"])
    if distribution.status != "Deployed":
        if distribution.polls_left > 0:
            distribution.polls_left -= 1
        else:
            distribution.status = "Deployed"
    return Reply(200, {"ETag": distribution.etag}, xml(_distribution_element(distribution)))


@route("cloudfront", "GetDistributionConfig")
def get_distribution_config(fake: FakeCloudFront, call: Call) -> Reply:
    distribution = _distribution(fake, call.params["Id"])
    return Reply(200, {"ETag": distribution.etag}, xml(_namespaced(distribution.config)))


@route("cloudfront", "UpdateDistribution")
def update_distribution(fake: FakeCloudFront, call: Call) -> Reply:
    distribution = _distribution(fake, call.params["Id"])
    require_if_match(call.if_match, distribution.etag)
    config = _received_config(fake, call)
    if config.findtext("CallerReference") != distribution.config.findtext("CallerReference"):
        raise ServiceFault(400, "IllegalUpdate", "CallerReference cannot be changed")
    distribution.config = config
    distribution.etag = fake.new_etag()
    distribution.modified = now()
    distribution.status = "InProgress"
    distribution.polls_left = fake.distribution_polls
    return Reply(200, {"ETag": distribution.etag}, xml(_distribution_element(distribution)))


@route("cloudfront", "ListDistributions")
def list_distributions(fake: FakeCloudFront, call: Call) -> Reply:
    ids = list(fake.distributions)  # creation order
    page, result, items = marker_page(call, ids, "DistributionList")
    sub(result, "Marker", call.query.get("Marker", ""))
    truncated = result.find("NextMarker") is not None
    sub(result, "IsTruncated", "true" if truncated else "false")
    for distribution_id in page:
        items.append(_summary_element(fake.distributions[distribution_id]))
    return Reply(200, {}, xml(result))


def _distribution(fake: FakeCloudFront, distribution_id: str) -> FakeDistribution:
    found = fake.distributions.get(distribution_id)
    if found is None:
        raise ServiceFault(
            404, "NoSuchDistribution", f"The distribution {distribution_id} does not exist"
        )
    return found


def _received_config(fake: FakeCloudFront, call: Call) -> ET.Element:
    config = call.xml()
    for node in config.iter():
        node.tag = node.tag.rpartition("}")[2]
    _check_associations(fake, config)
    return config


def _behaviors(config: ET.Element) -> Iterator[ET.Element]:
    default = config.find("DefaultCacheBehavior")
    if default is not None:
        yield default
    yield from config.iterfind("CacheBehaviors/Items/CacheBehavior")


def _associations(config: ET.Element) -> Iterator[tuple[str, str]]:
    for behavior in _behaviors(config):
        for item in behavior.iterfind("FunctionAssociations/Items/FunctionAssociation"):
            yield item.findtext("EventType", ""), item.findtext("FunctionARN", "")


def _check_associations(fake: FakeCloudFront, config: ET.Element) -> None:
    published = {function.arn for function in fake.functions.values() if function.live}
    for behavior in _behaviors(config):
        associations = behavior.find("FunctionAssociations")
        if associations is None:
            continue
        items = associations.findall("Items/FunctionAssociation")
        if associations.findtext("Quantity") != str(len(items)):
            raise ServiceFault(
                400, "InconsistentQuantities", "FunctionAssociations Quantity is not the count"
            )
        events = [item.findtext("EventType", "") for item in items]
        for event, item in zip(events, items, strict=True):
            arn = item.findtext("FunctionARN", "")
            if event not in _VIEWER_EVENTS:
                raise ServiceFault(
                    400, "InvalidFunctionAssociation", f"Functions cannot run on {event}"
                )
            if events.count(event) > 1:
                raise ServiceFault(
                    400, "InvalidFunctionAssociation", f"More than one function on {event}"
                )
            if arn not in published:
                raise ServiceFault(
                    400,
                    "InvalidFunctionAssociation",
                    f"The function ARN {arn} does not exist or is not published",
                )


def _namespaced(config: ET.Element, tag: str = "DistributionConfig") -> ET.Element:
    root = copy.deepcopy(config)
    root.tag = tag
    root.set("xmlns", NS)
    return root


def _distribution_element(distribution: FakeDistribution) -> ET.Element:
    root = element("Distribution")
    sub(root, "Id", distribution.id)
    sub(root, "ARN", distribution.arn)
    sub(root, "Status", distribution.status)
    sub(root, "LastModifiedTime", timestamp(distribution.modified))
    sub(root, "InProgressInvalidationBatches", "0")
    sub(root, "DomainName", distribution.domain_name)
    config = copy.deepcopy(distribution.config)
    config.tag = "DistributionConfig"
    root.append(config)
    return root


def _summary_element(distribution: FakeDistribution) -> ET.Element:
    summary = ET.Element("DistributionSummary")
    sub(summary, "Id", distribution.id)
    sub(summary, "ARN", distribution.arn)
    sub(summary, "ETag", distribution.etag)
    sub(summary, "Status", distribution.status)
    sub(summary, "LastModifiedTime", timestamp(distribution.modified))
    sub(summary, "DomainName", distribution.domain_name)
    for member in _SUMMARY_MEMBERS:
        found = distribution.config.find(member)
        if found is not None:
            summary.append(copy.deepcopy(found))
    return summary


# -- tags ------------------------------------------------------------------------------------


def tags_in(body: ET.Element, path: str) -> dict[str, str]:
    """The ``{key: value}`` of a ``Tags`` element in a request body (namespaced)."""
    items = find(body, path)
    tags = {}
    for tag in items if items is not None else ():
        key = tag.find(f"{{{NS}}}Key")
        value = tag.find(f"{{{NS}}}Value")
        tags[(key.text or "") if key is not None else ""] = (
            (value.text or "") if value is not None else ""
        )
    return tags


def _resource(fake: FakeCloudFront, call: Call) -> str:
    arn = call.query.get("Resource", "")
    known = {function.arn for function in fake.functions.values()}
    known |= {distribution.arn for distribution in fake.distributions.values()}
    if arn not in known:
        raise ServiceFault(404, "NoSuchResource", f"The specified resource does not exist: {arn}")
    return arn


@route("cloudfront", "TagResource")
def tag_resource(fake: FakeCloudFront, call: Call) -> Reply:
    arn = _resource(fake, call)
    tags = tags_in(call.xml(), "Items")
    if not tags:
        raise ServiceFault(400, "InvalidTagging", "No tags were given")
    fake.tags.setdefault(arn, {}).update(tags)
    return Reply(204)


@route("cloudfront", "UntagResource")
def untag_resource(fake: FakeCloudFront, call: Call) -> Reply:
    arn = _resource(fake, call)
    items = find(call.xml(), "Items")
    for key in items if items is not None else ():
        fake.tags.get(arn, {}).pop(key.text or "", None)
    return Reply(204)


@route("cloudfront", "ListTagsForResource")
def list_tags_for_resource(fake: FakeCloudFront, call: Call) -> Reply:
    arn = _resource(fake, call)
    result = element("Tags")
    items = sub(result, "Items")
    for key, value in sorted(fake.tags.get(arn, {}).items()):
        tag = sub(items, "Tag")
        sub(tag, "Key", key)
        sub(tag, "Value", value)
    return Reply(200, {}, xml(result))
