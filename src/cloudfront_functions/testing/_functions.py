"""The fake's CloudFront Functions operations: the eight function calls."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ._distributions import referenced, tags_in
from ._routes import route
from ._state import FakeFunction, ServiceFault, StageCopy, TestOutcome
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
    text,
    timestamp,
    xml,
)

if TYPE_CHECKING:
    from ._fake import FakeCloudFront


@route("cloudfront", "CreateFunction")
def create_function(fake: FakeCloudFront, call: Call) -> Reply:
    body = call.xml()
    name = text(body, "Name")
    if name in fake.functions:
        raise ServiceFault(409, "FunctionAlreadyExists", f"Already exists: {name}")
    code = _code(fake, body)
    created = now()
    dev = StageCopy(
        code=code, etag=fake.new_etag(), created=created, modified=created, **_config(body)
    )
    fake.functions[name] = function = FakeFunction(name, dev)
    if tags := tags_in(body, "Tags/Items"):
        fake.tags[function.arn] = tags
    headers = {
        "ETag": dev.etag,
        "Location": f"https://cloudfront.amazonaws.com/2020-05-31/function/{name}",
    }
    return Reply(201, headers, summary_xml(function, "DEVELOPMENT", _status(fake, function)))


@route("cloudfront", "DescribeFunction")
def describe_function(fake: FakeCloudFront, call: Call) -> Reply:
    name, stage = call.params["Name"], call.query.get("Stage", "DEVELOPMENT")
    copy = stage_copy(fake, name, stage)
    function = fake.functions[name]
    return Reply(200, {"ETag": copy.etag}, summary_xml(function, stage, _status(fake, function)))


@route("cloudfront", "GetFunction")
def get_function(fake: FakeCloudFront, call: Call) -> Reply:
    copy = stage_copy(fake, call.params["Name"], call.query.get("Stage", "DEVELOPMENT"))
    return Reply(200, {"ETag": copy.etag, "Content-Type": "application/octet-stream"}, copy.code)


@route("cloudfront", "UpdateFunction")
def update_function(fake: FakeCloudFront, call: Call) -> Reply:
    body = call.xml()
    function = checked(fake, call.params["Name"], call.if_match)
    function.development = replace(
        function.development,
        code=_code(fake, body),
        etag=fake.new_etag(),
        modified=now(),
        **_config(body),
    )
    # As the real service does: the header is ETag, the model calls it ETtag.
    summary = summary_xml(function, "DEVELOPMENT", _status(fake, function))
    return Reply(200, {"ETag": function.development.etag}, summary)


@route("cloudfront", "PublishFunction")
def publish_function(fake: FakeCloudFront, call: Call) -> Reply:
    function = checked(fake, call.params["Name"], call.if_match)
    function.live = replace(function.development, etag=fake.new_etag(), modified=now())
    return Reply(200, {}, summary_xml(function, "LIVE", _status(fake, function)))


@route("cloudfront", "TestFunction")
def test_function(fake: FakeCloudFront, call: Call) -> Reply:
    body = call.xml()
    name = call.params["Name"]
    function = checked(fake, name, call.if_match)
    stage = text(body, "Stage") or "DEVELOPMENT"
    copy = stage_copy(fake, name, stage)
    event = json.loads(base64.b64decode(text(body, "EventObject")) or b"{}")
    if fake.test_runner is not None:
        outcome = fake.test_runner(copy, event)
    else:
        outcome = _run_with_engine(fake, copy, event)
    result = element("TestResult")
    result.append(summary_element(function, stage, _status(fake, function)))
    if outcome.compute_utilization is not None:
        sub(result, "ComputeUtilization", outcome.compute_utilization)
    logs = sub(result, "FunctionExecutionLogs")
    for line in outcome.logs:
        sub(logs, "member", line)
    sub(result, "FunctionErrorMessage", outcome.error)
    if outcome.output is not None:
        sub(result, "FunctionOutput", json.dumps(outcome.output))
    return Reply(200, {}, xml(result))


@route("cloudfront", "DeleteFunction")
def delete_function(fake: FakeCloudFront, call: Call) -> Reply:
    name = call.params["Name"]
    function = checked(fake, name, call.if_match)
    if function.associated or referenced(fake, function.arn):
        raise ServiceFault(409, "FunctionInUse", f"{name} is associated with a distribution")
    del fake.functions[name]
    fake.tags.pop(function.arn, None)
    return Reply(204)


@route("cloudfront", "ListFunctions")
def list_functions(fake: FakeCloudFront, call: Call) -> Reply:
    stage = call.query.get("Stage")
    names = sorted(
        name
        for name, function in fake.functions.items()
        if stage != "LIVE" or function.live is not None
    )
    page, result, items = marker_page(call, names, "FunctionList")
    for name in page:
        function = fake.functions[name]
        items.append(summary_element(function, stage or "DEVELOPMENT", _status(fake, function)))
    return Reply(200, {}, xml(result))


def _run_with_engine(fake: FakeCloudFront, copy: StageCopy, event: dict[str, Any]) -> TestOutcome:
    from cloudfront_functions._errors import MissingExtraError  # noqa: PLC0415 (keeps the fake light)
    from cloudfront_functions._local import run_locally  # noqa: PLC0415

    stores = [fake.key_value_stores.get(arn, {}) for arn in copy.kvs_arns]
    try:
        result = run_locally(
            copy.code,
            event,
            runtime=copy.runtime,  # type: ignore[arg-type]
            key_value_store=stores[0] if stores else None,
        )
    except MissingExtraError as exc:
        raise ServiceFault(500, "TestFunctionFailed", str(exc)) from exc
    return TestOutcome(
        output=None if result.output_raw is None else json.loads(result.output_raw),
        error=result.error_message or "",
        logs=result.execution_logs,
    )


# -- rules ------------------------------------------------------------------------------


def stage_copy(fake: FakeCloudFront, name: str, stage: str) -> StageCopy:
    """A function's copy in ``stage``, or the service's 404."""
    function = fake.functions.get(name)
    copy = (
        None if function is None else (function.live if stage == "LIVE" else function.development)
    )
    if copy is None:
        raise ServiceFault(404, "NoSuchFunctionExists", f"The function {name} does not exist")
    return copy


def checked(fake: FakeCloudFront, name: str, if_match: str | None) -> FakeFunction:
    """The function, if ``if_match`` is its DEVELOPMENT ETag, as the service requires."""
    stage_copy(fake, name, "DEVELOPMENT")
    function = fake.functions[name]
    require_if_match(if_match, function.development.etag)
    return function


def _code(fake: FakeCloudFront, body: ET.Element) -> bytes:
    code = base64.b64decode(text(body, "FunctionCode"))
    if len(code) > fake.code_size_quota:
        raise ServiceFault(
            413,
            "FunctionSizeLimitExceeded",
            f"The function code is {len(code)} bytes; the quota is {fake.code_size_quota}",
        )
    return code


def _config(body: ET.Element) -> dict[str, Any]:
    items = find(body, "FunctionConfig/KeyValueStoreAssociations/Items")
    arns = tuple(text(item, "KeyValueStoreARN") for item in (items if items is not None else ()))
    return {
        "comment": text(body, "FunctionConfig/Comment"),
        "runtime": text(body, "FunctionConfig/Runtime"),
        "kvs_arns": arns,
    }


def _status(fake: FakeCloudFront, function: FakeFunction) -> str:
    # DEPLOYED while a distribution runs it (or a test marked it with fake.associate).
    if function.live is None:
        return "UNPUBLISHED"
    in_use = function.associated or referenced(fake, function.arn)
    return "DEPLOYED" if in_use else "UNASSOCIATED"


def summary_element(function: FakeFunction, stage: str, status: str | None = None) -> ET.Element:
    """A ``FunctionSummary`` element for one stage of a function."""
    copy = function.live if stage == "LIVE" and function.live else function.development
    summary = ET.Element("FunctionSummary")
    sub(summary, "Name", function.name)
    sub(summary, "Status", status or function.status)
    config = sub(summary, "FunctionConfig")
    sub(config, "Comment", copy.comment)
    sub(config, "Runtime", copy.runtime)
    associations = sub(config, "KeyValueStoreAssociations")
    sub(associations, "Quantity", str(len(copy.kvs_arns)))
    if copy.kvs_arns:
        items = sub(associations, "Items")
        for arn in copy.kvs_arns:
            sub(sub(items, "KeyValueStoreAssociation"), "KeyValueStoreARN", arn)
    metadata = sub(summary, "FunctionMetadata")
    sub(metadata, "FunctionARN", function.arn)
    sub(metadata, "Stage", stage)
    sub(metadata, "CreatedTime", timestamp(copy.created))
    sub(metadata, "LastModifiedTime", timestamp(copy.modified))
    return summary


def summary_xml(function: FakeFunction, stage: str, status: str | None = None) -> bytes:
    summary = summary_element(function, stage, status)
    summary.set("xmlns", NS)
    return xml(summary)
