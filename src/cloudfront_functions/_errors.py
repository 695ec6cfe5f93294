"""The exception classes (the tree is in `CloudFrontFunctionsError`'s docstring).

The translation from botocore's exceptions lives at the boto3 boundary, in ``_call.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ._preflight import PreflightReport
    from ._results import TestResult

__all__ = [
    "AccessDenied",
    "CannotDeleteEntityWhileInUse",
    "CloudFrontFunctionsError",
    "Conflict",
    "ConnectError",
    "CredentialsError",
    "DeployConflict",
    "DeployTestFailed",
    "DistributionConflict",
    "EntityAlreadyExists",
    "EntityLimitExceeded",
    "EntityNotFound",
    "EntitySizeLimitExceeded",
    "FieldError",
    "FunctionAlreadyExists",
    "FunctionInUse",
    "FunctionSizeLimitExceeded",
    "IllegalUpdate",
    "InvalidArgument",
    "InvalidFunctionAssociation",
    "InvalidIfMatchVersion",
    "InvalidTagging",
    "KeysUpdateFailed",
    "MissingExtraError",
    "NoSuchDistribution",
    "NoSuchFunctionExists",
    "NoSuchResource",
    "PreconditionFailed",
    "PreflightError",
    "ReadTimeout",
    "RequestValidationError",
    "ResourceNotFound",
    "ServiceError",
    "ServiceQuotaExceeded",
    "ServiceUnavailable",
    "TestFunctionFailed",
    "Throttling",
    "TooManyDistributionsWithFunctionAssociations",
    "TooManyDistributionsWithSingleFunctionARN",
    "TooManyFunctionAssociations",
    "TooManyFunctions",
    "TransportError",
    "UnsupportedOperation",
    "WaitTimeout",
]


class CloudFrontFunctionsError(Exception):
    """Base class of every exception this package raises. The whole tree::

        CloudFrontFunctionsError
        ├── RequestValidationError (also ValueError)  the caller's mistake, found locally; not sent
        ├── ServiceError                              the service answered with an error
        │   ├── AccessDenied
        │   ├── CannotDeleteEntityWhileInUse
        │   ├── Conflict                              key value store data: stale ETag
        │   ├── EntityAlreadyExists
        │   ├── EntityLimitExceeded
        │   ├── EntityNotFound
        │   ├── EntitySizeLimitExceeded
        │   ├── FunctionAlreadyExists
        │   ├── FunctionInUse
        │   ├── FunctionSizeLimitExceeded
        │   ├── IllegalUpdate
        │   ├── InvalidArgument
        │   ├── InvalidFunctionAssociation
        │   ├── InvalidIfMatchVersion
        │   ├── InvalidTagging
        │   ├── NoSuchDistribution
        │   ├── NoSuchFunctionExists
        │   ├── NoSuchResource
        │   ├── PreconditionFailed                    a stale If-Match ETag
        │   ├── ResourceNotFound
        │   ├── ServiceQuotaExceeded
        │   ├── ServiceUnavailable
        │   ├── TestFunctionFailed
        │   ├── Throttling
        │   ├── TooManyDistributionsWithFunctionAssociations
        │   ├── TooManyDistributionsWithSingleFunctionARN
        │   ├── TooManyFunctionAssociations
        │   ├── TooManyFunctions
        │   └── UnsupportedOperation
        ├── CredentialsError                          no usable AWS credentials; nothing was sent
        ├── TransportError                            no answer from the service
        │   ├── ConnectError
        │   └── ReadTimeout
        ├── DeployConflict                            deploy: the function changed underneath it
        ├── DeployTestFailed                          deploy: the test event made it fail
        ├── DistributionConflict                      a distribution changed underneath a change
        ├── KeysUpdateFailed                          a batched key update stopped part way
        ├── MissingExtraError (also ImportError)      an optional extra is not installed
        ├── PreflightError                            preflight found errors; nothing was sent
        └── WaitTimeout (also TimeoutError)           a wait ran out of time

    Every exception raised by a `CloudFrontFunctions` call is one of these, and carries
    the ``operation_name`` of the call; the botocore exception that caused it, if any, is
    kept as ``__cause__``. Service errors with a code that has no class of its own are
    plain `ServiceError`, with that ``code``.
    """

    operation_name: str | None = None


class FieldError(NamedTuple):
    """One broken rule: the argument the caller passed, what is wrong, and a stable type."""

    field: str
    message: str
    type: str


class RequestValidationError(CloudFrontFunctionsError, ValueError):
    """The request breaks a rule of the CloudFront API; it was rejected locally and not sent.

    ``errors`` names every offending field. Messages never contain the values that were
    passed, so function code cannot leak through them.
    """

    def __init__(self, operation_name: str, errors: tuple[FieldError, ...]) -> None:
        self.operation_name = operation_name
        self.errors = errors
        count = len(errors)
        lines = [f"{operation_name}: {count} invalid argument{'s' if count != 1 else ''}"]
        lines += [f"  {error.field}: {error.message}" for error in errors]
        super().__init__("\n".join(lines))

    @classmethod
    def single(cls, operation_name: str, field: str, message: str) -> RequestValidationError:
        """An error about one argument."""
        return cls(operation_name, (FieldError(field, message, "value_error"),))


class ServiceError(CloudFrontFunctionsError):
    """CloudFront answered the request with an error.

    Attributes mirror what support needs to trace the call: the service's ``code`` and
    ``message``, the ``http_status``, the ``request_id``, the ``operation_name`` and the
    number of HTTP ``attempts`` botocore made (retries included).
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        http_status: int | None = None,
        request_id: str | None = None,
        operation_name: str | None = None,
        attempts: int = 1,
    ) -> None:
        self.code = code
        self.message = message
        self.http_status = http_status
        self.request_id = request_id
        self.operation_name = operation_name
        self.attempts = attempts
        super().__init__(message)

    def __str__(self) -> str:
        where = f"{self.operation_name}: " if self.operation_name else ""
        status = f"HTTP {self.http_status}, " if self.http_status is not None else ""
        return f"{where}{self.code}: {self.message} ({status}request id {self.request_id})"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, "
            f"http_status={self.http_status!r}, request_id={self.request_id!r}, "
            f"operation_name={self.operation_name!r}, attempts={self.attempts!r})"
        )


class FunctionAlreadyExists(ServiceError):
    """A function with this name already exists (HTTP 409)."""


class FunctionInUse(ServiceError):
    """The function is associated with a distribution and cannot be deleted (HTTP 409)."""


class FunctionSizeLimitExceeded(ServiceError):
    """The code exceeds the account's function size quota, 10 KB (HTTP 413)."""


class InvalidArgument(ServiceError):
    """CloudFront rejected an argument that passed local validation (HTTP 400)."""


class InvalidIfMatchVersion(ServiceError):
    """The ``If-Match`` value is missing or not a valid ETag (HTTP 400)."""


class NoSuchFunctionExists(ServiceError):
    """No function has this name, or none in the requested stage (HTTP 404)."""


class PreconditionFailed(ServiceError):
    """The ``If-Match`` ETag is stale: the function changed since it was read (HTTP 412).

    Read it again (with the DEVELOPMENT stage) to get the current ETag.
    """


class TestFunctionFailed(ServiceError):
    """CloudFront could not run the test (HTTP 500); not an error thrown by the function."""

    __test__ = False  # keep pytest from collecting this class


class TooManyFunctions(ServiceError):
    """The account has reached its quota of functions (HTTP 400)."""


class UnsupportedOperation(ServiceError):
    """The operation is not supported for this function or account (HTTP 400)."""


class AccessDenied(ServiceError):
    """The credentials are not allowed to make this call (HTTP 403)."""


class Throttling(ServiceError):
    """CloudFront throttled the call, and botocore's retries (if any) ran out."""


class ServiceUnavailable(ServiceError):
    """CloudFront is unavailable or failed internally (HTTP 5xx)."""


class CannotDeleteEntityWhileInUse(ServiceError):
    """The key value store is associated with a function and cannot be deleted (HTTP 409)."""


class Conflict(ServiceError):
    """The key value store's data changed since its ETag was read (HTTP 409)."""


class EntityAlreadyExists(ServiceError):
    """A key value store with this name already exists (HTTP 409)."""


class EntityLimitExceeded(ServiceError):
    """The account has reached its quota of key value stores (HTTP 400)."""


class EntityNotFound(ServiceError):
    """No key value store (or other entity) has this name (HTTP 404)."""


class EntitySizeLimitExceeded(ServiceError):
    """The import source is larger than a key value store may be (HTTP 413)."""


class IllegalUpdate(ServiceError):
    """The distribution update changes something that cannot be changed (HTTP 400)."""


class InvalidFunctionAssociation(ServiceError):
    """The distribution refers to a function in a way CloudFront does not allow (HTTP 400)."""


class InvalidTagging(ServiceError):
    """The tags are not valid for this resource (HTTP 400)."""


class NoSuchDistribution(ServiceError):
    """No distribution has this id (HTTP 404)."""


class NoSuchResource(ServiceError):
    """No resource has this ARN (HTTP 404)."""


class ResourceNotFound(ServiceError):
    """The key value store (or key) does not exist on the data plane (HTTP 404)."""


class ServiceQuotaExceeded(ServiceError):
    """A key value store quota would be exceeded (HTTP 402)."""


class TooManyDistributionsWithFunctionAssociations(ServiceError):
    """The account has too many distributions with function associations (HTTP 400)."""


class TooManyDistributionsWithSingleFunctionARN(ServiceError):
    """The function is associated with too many distributions (HTTP 400)."""


class TooManyFunctionAssociations(ServiceError):
    """A cache behavior has too many function associations (HTTP 400)."""


class CredentialsError(CloudFrontFunctionsError):
    """No usable AWS credentials were found or they could not be loaded; nothing was sent."""


class TransportError(CloudFrontFunctionsError):
    """The request did not get an answer from CloudFront."""


class ConnectError(TransportError):
    """The connection to the endpoint could not be made, or it was dropped."""


class ReadTimeout(TransportError):
    """The endpoint accepted the connection but did not answer in time.

    The request may have been applied: read the function before retrying a write.
    """


class MissingExtraError(CloudFrontFunctionsError, ImportError):
    """A feature needs an optional extra that is not installed."""

    def __init__(self, extra: str, package: str) -> None:
        super().__init__(
            f"this needs the [{extra}] extra ({package} is missing): "
            f'pip install "cloudfront-functions[{extra}]"'
        )


class DeployConflict(CloudFrontFunctionsError):
    """`deploy` found that the function changed between its read and its write.

    Raised instead of overwriting someone else's change; the service error that revealed
    the conflict is the ``__cause__``. ``deploy(..., retry_on_conflict=N)`` re-reads and
    retries instead, deliberately overwriting.
    """


class DeployTestFailed(CloudFrontFunctionsError):
    """`deploy` ran the test event and the function failed, so nothing was published.

    ``test_result`` holds what the test returned (its ``error_message`` says why).
    """

    def __init__(self, message: str, test_result: TestResult) -> None:
        self.test_result = test_result
        super().__init__(message)


class DistributionConflict(CloudFrontFunctionsError):
    """A distribution changed between the read and the write of an association change.

    Raised instead of overwriting the other change; the `PreconditionFailed` that revealed
    it is the ``__cause__``. ``retry_on_conflict=N`` re-reads and retries instead.
    """


class KeysUpdateFailed(CloudFrontFunctionsError):
    """A key value store update split into batches stopped after some batches were written.

    ``written`` holds the keys whose change was applied (puts and deletes alike) and
    ``not_written`` those that were not; the service error that stopped it is ``__cause__``.
    """

    def __init__(
        self, message: str, *, written: frozenset[str], not_written: frozenset[str]
    ) -> None:
        self.written = written
        self.not_written = not_written
        super().__init__(message)


class PreflightError(CloudFrontFunctionsError):
    """`preflight` found errors in the code; nothing was sent. ``report`` lists them."""

    def __init__(self, operation_name: str, report: PreflightReport) -> None:
        self.operation_name = operation_name
        self.report = report
        errors = "\n".join(f"  {finding}" for finding in report.errors)
        super().__init__(f"{operation_name}: the code failed preflight:\n{errors}")


class WaitTimeout(CloudFrontFunctionsError, TimeoutError):
    """A wait (e.g. for a distribution to deploy) ran out of time before its condition held."""
