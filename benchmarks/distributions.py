"""`function_usages` over many distributions: requests sent, and parse time per page.

The ListDistributions pages are canned XML (100 realistic summaries each, two behaviors
with function and Lambda@Edge associations), served through botocore's ``before-send``,
so botocore's whole pipeline and this package's parsing run for real.
"""

from __future__ import annotations

import time
from io import BytesIO
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
from botocore.awsrequest import AWSResponse

from cloudfront_functions import CloudFrontFunctions

NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
ACCOUNT = "123456789012"
PAGE = 100


def _behavior(pattern: str | None, function: str) -> str:
    path = f"<PathPattern>{pattern}</PathPattern>" if pattern else ""
    return (
        f"{path}<TargetOriginId>web</TargetOriginId><TrustedSigners><Enabled>false</Enabled>"
        "<Quantity>0</Quantity></TrustedSigners><ViewerProtocolPolicy>redirect-to-https"
        "</ViewerProtocolPolicy><AllowedMethods><Quantity>2</Quantity><Items><Method>GET"
        "</Method><Method>HEAD</Method></Items></AllowedMethods><Compress>true</Compress>"
        "<LambdaFunctionAssociations><Quantity>1</Quantity><Items><LambdaFunctionAssociation>"
        f"<LambdaFunctionARN>arn:aws:lambda:us-east-1:{ACCOUNT}:function:auth:3"
        "</LambdaFunctionARN><EventType>origin-request</EventType><IncludeBody>false"
        "</IncludeBody></LambdaFunctionAssociation></Items></LambdaFunctionAssociations>"
        "<FunctionAssociations><Quantity>1</Quantity><Items><FunctionAssociation>"
        f"<FunctionARN>arn:aws:cloudfront::{ACCOUNT}:function/{function}</FunctionARN>"
        "<EventType>viewer-request</EventType></FunctionAssociation></Items>"
        "</FunctionAssociations><CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6"
        "</CachePolicyId>"
    )


def _summary(index: int) -> str:
    distribution_id = f"E{index:013d}"
    function = "rewrite" if index % 10 == 0 else f"other-{index % 7}"
    return (
        f"<DistributionSummary><Id>{distribution_id}</Id>"
        f"<ARN>arn:aws:cloudfront::{ACCOUNT}:distribution/{distribution_id}</ARN>"
        "<Status>Deployed</Status><LastModifiedTime>2026-11-25T18:03:44.120Z</LastModifiedTime>"
        f"<DomainName>{distribution_id.lower()}.cloudfront.net</DomainName>"
        "<Aliases><Quantity>0</Quantity></Aliases><Origins><Quantity>1</Quantity><Items>"
        "<Origin><Id>web</Id><DomainName>origin.example.com</DomainName><OriginPath></OriginPath>"
        "<CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>"
        "<OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig></Origin>"
        "</Items></Origins><OriginGroups><Quantity>0</Quantity></OriginGroups>"
        f"<DefaultCacheBehavior>{_behavior(None, function)}</DefaultCacheBehavior>"
        "<CacheBehaviors><Quantity>1</Quantity><Items><CacheBehavior>"
        f"{_behavior('/api/*', function)}</CacheBehavior></Items></CacheBehaviors>"
        "<CustomErrorResponses><Quantity>0</Quantity></CustomErrorResponses>"
        "<Comment>shop</Comment><PriceClass>PriceClass_All</PriceClass><Enabled>true</Enabled>"
        "<ViewerCertificate><CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate>"
        "</ViewerCertificate><Restrictions><GeoRestriction><RestrictionType>none"
        "</RestrictionType><Quantity>0</Quantity></GeoRestriction></Restrictions>"
        "<WebACLId></WebACLId><HttpVersion>http2</HttpVersion><IsIPV6Enabled>true"
        "</IsIPV6Enabled><Staging>false</Staging></DistributionSummary>"
    )


def pages(distributions: int) -> dict[str, bytes]:
    """Marker -> page XML, ``PAGE`` summaries per page."""
    result = {}
    for start in range(0, distributions, PAGE):
        end = min(start + PAGE, distributions)
        marker = f"E{start:013d}" if start else ""
        following = f"<NextMarker>E{end:013d}</NextMarker>" if end < distributions else ""
        items = "".join(_summary(index) for index in range(start, end))
        result[marker] = (
            f'<?xml version="1.0" encoding="UTF-8"?><DistributionList xmlns="{NS}">'
            f"<Marker>{marker}</Marker>{following}<MaxItems>{PAGE}</MaxItems>"
            f"<IsTruncated>{'true' if following else 'false'}</IsTruncated>"
            f"<Quantity>{end - start}</Quantity><Items>{items}</Items></DistributionList>"
        ).encode()
    return result


class _Body(BytesIO):
    def stream(self, **kwargs: Any) -> Any:
        yield self.read()


def facade(distributions: int) -> tuple[CloudFrontFunctions, list[str]]:
    """A facade whose ListDistributions answers come from canned pages; and the requests."""
    canned = pages(distributions)
    requests: list[str] = []

    def answer(request: Any, **kwargs: Any) -> AWSResponse:
        requests.append(request.url)
        marker = parse_qs(urlsplit(request.url).query).get("Marker", [""])[0]
        headers: Any = {}
        return AWSResponse(request.url, 200, headers, _Body(canned[marker]))

    client = boto3.client(
        "cloudfront", region_name="us-east-1", aws_access_key_id="b", aws_secret_access_key="b"
    )
    handler: Any = answer
    client.meta.events.register_first("before-send.cloudfront", handler)
    return CloudFrontFunctions(client), requests


def run(quick: bool) -> dict[str, float]:
    """Requests and seconds per distribution for 100, 500 and 1,000 distributions."""
    repeats = 3 if quick else 10
    results: dict[str, float] = {}
    for count in (100, 500, 1000):
        cf, requests = facade(count)
        usages = cf.function_usages("rewrite")  # warm up, and check the answer
        assert len(usages) == 2 * count // 10
        requests.clear()
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            cf.function_usages("rewrite")
            best = min(best, time.perf_counter() - started)
        results[f"function_usages_{count}_requests"] = len(requests) / repeats
        results[f"function_usages_{count}_seconds"] = best
        results[f"function_usages_{count}_us_per_distribution"] = best / count * 1e6
    results["linearity_1000_vs_100"] = (
        results["function_usages_1000_us_per_distribution"]
        / results["function_usages_100_us_per_distribution"]
    )
    return results


if __name__ == "__main__":
    for key, value in run(quick=True).items():
        print(f"{key:45} {value:10.3f}")
