"""`make demo`: the whole job against an embedded local CloudFront (no AWS account).

`FunctionsServer` (what ``cloudfront-functions serve`` runs) answers CloudFront's real wire
format on 127.0.0.1, so everything below goes through boto3 and HTTP exactly as against
AWS: check the code offline, deploy it with a key value store, test it, publish it, attach
it to a distribution and find where it runs. (moto, the usual local target, cannot update,
publish or test a function.)
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from cloudfront_functions import (
    CloudFrontFunctions,
    EventType,
    FunctionInUse,
    RequestValidationError,
    Runtime,
    TestEvent,
    preflight,
    run_locally,
)
from cloudfront_functions.testing import FunctionsServer

if TYPE_CHECKING:
    from mypy_boto3_cloudfront.type_defs import CacheBehaviorTypeDef, OriginTypeDef

CODE = """import cf from 'cloudfront';

async function handler(event) {
    var request = event.request;
    var target = await cf.kvs().get(request.uri, {format: 'string'}).catch(() => null);
    if (target) {
        return {statusCode: 302, statusDescription: 'Found',
                headers: {location: {value: target}}};
    }
    if (request.uri.endsWith('/')) {
        request.uri += 'index.html';
    }
    return request;
}
"""
REDIRECTS = {"/old": "/new", "/blog": "https://blog.example.com/"}


def main() -> None:
    # The package's INFO lines: one per write (operation, name, ETag), never the code.
    logging.basicConfig(stream=sys.stdout, format="   log: %(message)s")
    logging.getLogger("cloudfront_functions._call").setLevel(logging.INFO)
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        os.environ.pop(key, None)  # prove that no credentials are needed
    with FunctionsServer() as server:
        print(f"== a local CloudFront at {server.url}\n")
        run(server.functions())


def run(cf: CloudFrontFunctions) -> None:
    print("== offline: preflight and a local run, before anything is sent")
    print(preflight(CODE, runtime=Runtime.JS_2_0, key_value_store_arns=None))
    local = run_locally(
        CODE,
        TestEvent.viewer_request(uri="/old"),
        runtime=Runtime.JS_2_0,
        key_value_store=REDIRECTS,
    )
    assert local.response is not None
    print(f"/old -> {local.response.status_code} {local.response.headers['location'].value}")

    print("\n== a mistake is caught locally, naming the argument, with nothing sent")
    try:
        cf.create_function(name="bad name!", code=b"", runtime="cloudfront-js-3.0")  # type: ignore[call-overload]
    except RequestValidationError as error:
        print(error)

    print("\n== a key value store, and its keys synced from a mapping")
    store = cf.create_key_value_store("redirects", comment="old URLs")
    keys = cf.key_value_store_keys(store)
    synced = keys.sync(REDIRECTS)
    print(f"added {sorted(synced.added)} in {synced.writes} write(s)")
    print(f"again: {keys.sync(REDIRECTS).writes} writes (already in sync)")

    print("\n== deploy: create, test on an event, publish; idempotent")
    result = cf.deploy(
        "redirects",
        code=CODE,
        comment="Redirect old URLs",
        key_value_store_arns=[store.arn],
        test_event=TestEvent.viewer_request(uri="/blog"),
        tags={"team": "web"},
    )
    assert result.test_result is not None
    assert result.test_result.response is not None
    print(f"{result.action}, published={result.published}, status {result.summary.status}")
    print(f"test: /blog -> {result.test_result.response.headers['location'].value}")
    again = cf.deploy(
        "redirects",
        code=CODE,
        comment="Redirect old URLs",
        key_value_store_arns=[store.arn],
        tags={"team": "web"},
    )
    print(f"again: {again.action}, published={again.published} (no write sent)")

    print("\n== attach it to a distribution's cache behavior, and find where it runs")
    distribution_id = create_distribution(cf)
    change = cf.associate_function(
        distribution_id, "redirects", event_type=EventType.VIEWER_REQUEST, path_pattern="/app/*"
    )
    print(f"associated: changed={change.changed}, new ETag {change.etag}")
    cf.wait_until_deployed(distribution_id, poll_interval=0)
    for usage in cf.function_usages("redirects"):
        print(f"runs on {usage.distribution_id} {usage.path_pattern} ({usage.event_type})")

    print("\n== it cannot be deleted while it runs somewhere")
    current = cf.describe_function("redirects")
    try:
        cf.delete_function("redirects", if_match=current.etag or "")
    except FunctionInUse as error:
        print(f"{type(error).__name__}: HTTP {error.http_status}, request id {error.request_id}")
    cf.disassociate_function(
        distribution_id, event_type=EventType.VIEWER_REQUEST, path_pattern="/app/*"
    )
    cf.delete_function("redirects", if_match=cf.describe_function("redirects").etag or "")
    print("disassociated, then deleted:", [f.name for f in cf.list_functions()])


def create_distribution(cf: CloudFrontFunctions) -> str:
    """A distribution with one origin and a /app/* behavior, made with boto3 as on AWS."""
    behavior: CacheBehaviorTypeDef = {
        "PathPattern": "/app/*",
        "TargetOriginId": "web",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    }
    origin: OriginTypeDef = {
        "Id": "web",
        "DomainName": "origin.example.com",
        "CustomOriginConfig": {
            "HTTPPort": 80,
            "HTTPSPort": 443,
            "OriginProtocolPolicy": "https-only",
        },
    }
    created = cf.client.create_distribution(
        DistributionConfig={
            "CallerReference": "demo",
            "Comment": "demo",
            "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [origin]},
            "DefaultCacheBehavior": {
                "TargetOriginId": "web",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            },
            "CacheBehaviors": {"Quantity": 1, "Items": [behavior]},
        }
    )
    return created["Distribution"]["Id"]


if __name__ == "__main__":
    main()
