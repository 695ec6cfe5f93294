"""Which service error codes of the distribution and tag operations get their own class.

UpdateDistribution alone models 68 codes, most about origins, certificates and policies
that associating a function never touches. Those are deliberately a plain
`ServiceError` carrying the code: this test lists them, so a code a future botocore adds
fails here until someone decides (own class, or add it to GENERIC).
"""

from __future__ import annotations

import botocore.session
import pytest
from botocore.stub import Stubber

import cloudfront_functions
from cloudfront_functions import CloudFrontFunctions, ServiceError
from cloudfront_functions._call import service_error_class

OPERATIONS = (
    "GetDistribution",
    "GetDistributionConfig",
    "UpdateDistribution",
    "ListDistributions",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
)
# The list: what a user of these calls must handle, each with its own class.
OWN = frozenset(
    {
        "NoSuchDistribution",
        "PreconditionFailed",
        "InvalidIfMatchVersion",
        "IllegalUpdate",
        "InvalidFunctionAssociation",
        "TooManyFunctionAssociations",
        "TooManyDistributionsWithFunctionAssociations",
        "TooManyDistributionsWithSingleFunctionARN",
        "NoSuchResource",
        "InvalidTagging",
        "EntityNotFound",
    }
)
# Codes that already have a class elsewhere in the package keep it.
SHARED = frozenset({"AccessDenied", "InvalidArgument", "EntityLimitExceeded"})
# Deliberately generic: about origins, certificates, policies, Lambda@Edge, quotas of
# other resources. They reach the caller as ServiceError with .code set.
GENERIC = frozenset(
    {
        "CNAMEAlreadyExists",
        "ContinuousDeploymentPolicyInUse",
        "IllegalFieldLevelEncryptionConfigAssociationWithCacheBehavior",
        "IllegalOriginAccessConfiguration",
        "InconsistentQuantities",
        "InvalidDefaultRootObject",
        "InvalidDomainNameForOriginAccessControl",
        "InvalidErrorCode",
        "InvalidForwardCookies",
        "InvalidGeoRestrictionParameter",
        "InvalidHeadersForS3Origin",
        "InvalidLambdaFunctionAssociation",
        "InvalidLocationCode",
        "InvalidMinimumProtocolVersion",
        "InvalidOriginAccessControl",
        "InvalidOriginAccessIdentity",
        "InvalidOriginKeepaliveTimeout",
        "InvalidOriginReadTimeout",
        "InvalidQueryStringParameters",
        "InvalidRelativePath",
        "InvalidRequiredProtocol",
        "InvalidResponseCode",
        "InvalidTTLOrder",
        "InvalidViewerCertificate",
        "InvalidWebACLId",
        "MissingBody",
        "NoSuchCachePolicy",
        "NoSuchContinuousDeploymentPolicy",
        "NoSuchFieldLevelEncryptionConfig",
        "NoSuchOrigin",
        "NoSuchOriginRequestPolicy",
        "NoSuchRealtimeLogConfig",
        "NoSuchResponseHeadersPolicy",
        "RealtimeLogConfigOwnerMismatch",
        "StagingDistributionInUse",
        "TooManyCacheBehaviors",
        "TooManyCertificates",
        "TooManyCookieNamesInWhiteList",
        "TooManyDistributionCNAMEs",
        "TooManyDistributionsAssociatedToCachePolicy",
        "TooManyDistributionsAssociatedToFieldLevelEncryptionConfig",
        "TooManyDistributionsAssociatedToKeyGroup",
        "TooManyDistributionsAssociatedToOriginAccessControl",
        "TooManyDistributionsAssociatedToOriginRequestPolicy",
        "TooManyDistributionsAssociatedToResponseHeadersPolicy",
        "TooManyDistributionsWithLambdaAssociations",
        "TooManyHeadersInForwardedValues",
        "TooManyKeyGroupsAssociatedToDistribution",
        "TooManyLambdaFunctionAssociations",
        "TooManyOriginCustomHeaders",
        "TooManyOriginGroupsPerDistribution",
        "TooManyOrigins",
        "TooManyQueryStringParameters",
        "TooManyTrustedSigners",
        "TrustedKeyGroupDoesNotExist",
        "TrustedSignerDoesNotExist",
    }
)


def modeled_codes() -> dict[str, set[str]]:
    model = botocore.session.get_session().get_service_model("cloudfront")
    codes: dict[str, set[str]] = {}
    for operation in OPERATIONS:
        for shape in model.operation_model(operation).error_shapes:
            codes.setdefault(shape.name, set()).add(operation)
    return codes


def test_every_modeled_code_is_a_decision() -> None:
    undecided = set(modeled_codes()) - OWN - SHARED - GENERIC
    assert not undecided, f"new error codes, decide: {sorted(undecided)}"


@pytest.mark.parametrize("code", sorted(OWN | SHARED))
def test_codes_to_handle_have_their_own_public_class(code: str) -> None:
    cls = service_error_class(code)
    assert cls is not ServiceError
    assert cls.__name__ == code
    assert getattr(cloudfront_functions, code) is cls


@pytest.mark.parametrize("code", sorted(GENERIC))
def test_generic_codes_are_plain_service_errors(code: str) -> None:
    assert service_error_class(code) is ServiceError


def test_generic_codes_are_all_still_modeled() -> None:
    assert set(modeled_codes()) >= GENERIC, sorted(GENERIC - set(modeled_codes()))


def test_a_generic_update_distribution_error_carries_its_code(
    stubbed: tuple[CloudFrontFunctions, Stubber],
) -> None:
    cf, stubber = stubbed
    stubber.add_response(
        "get_distribution_config",
        {"DistributionConfig": _config(), "ETag": "E1"},
        {"Id": "EDIST"},
    )
    stubber.add_client_error(
        "update_distribution", service_error_code="InvalidOriginReadTimeout", http_status_code=400
    )
    with pytest.raises(ServiceError) as caught:
        cf.disassociate_function("EDIST", event_type="viewer-request")
    assert type(caught.value) is ServiceError
    assert caught.value.code == "InvalidOriginReadTimeout"
    assert caught.value.operation_name == "UpdateDistribution"


def _config() -> dict[str, object]:
    from .test_distributions import distribution_config

    config = distribution_config()
    config["DefaultCacheBehavior"]["FunctionAssociations"] = {
        "Quantity": 1,
        "Items": [
            {
                "FunctionARN": "arn:aws:cloudfront::123456789012:function/f",
                "EventType": "viewer-request",
            }
        ],
    }
    return config
