"""Our exception hierarchy::

    CloudFrontFunctionsError
    ├── RequestValidationError (also ValueError)   the caller's mistake, found locally; not sent
    ├── ServiceError                               CloudFront answered with an error
    │   ├── FunctionAlreadyExists
    │   ├── FunctionInUse
    │   ├── FunctionSizeLimitExceeded
    │   ├── InvalidArgument
    │   ├── InvalidIfMatchVersion
    │   ├── NoSuchFunctionExists
    │   ├── PreconditionFailed
    │   ├── TestFunctionFailed
    │   ├── TooManyFunctions
    │   ├── UnsupportedOperation
    │   ├── AccessDenied
    │   ├── Throttling
    │   └── ServiceUnavailable
    ├── CredentialsError                           no usable AWS credentials; nothing was sent
    ├── TransportError                             no answer from CloudFront
    │   ├── ConnectError
    │   └── ReadTimeout
    ├── DeployConflict                             deploy: the function changed underneath it
    ├── DeployTestFailed                           deploy: the test event made the function fail
    ├── MissingExtraError (also ImportError)       an optional extra is not installed
    └── PreflightError                             preflight found errors; nothing was sent

Every exception raised by a `CloudFrontFunctions` call is one of these; the botocore
exception that caused it, if any, is kept as ``__cause__``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from botocore import exceptions as botocore_exceptions

if TYPE_CHECKING:
    from pydantic import ValidationError

    from ._results import TestResult

__all__ = [
    "AccessDenied",
    "CloudFrontFunctionsError",
    "ConnectError",
    "CredentialsError",
    "DeployConflict",
    "DeployTestFailed",
    "FieldError",
    "FunctionAlreadyExists",
    "FunctionInUse",
    "FunctionSizeLimitExceeded",
    "InvalidArgument",
    "InvalidIfMatchVersion",
    "MissingExtraError",
    "NoSuchFunctionExists",
    "PreconditionFailed",
    "ReadTimeout",
    "RequestValidationError",
    "ServiceError",
    "ServiceUnavailable",
    "TestFunctionFailed",
    "Throttling",
    "TooManyFunctions",
    "TransportError",
    "UnsupportedOperation",
]


class CloudFrontFunctionsError(Exception):
    """Base class of every exception this package raises."""


class FieldError(NamedTuple):
    """One broken rule: which field, what is wrong, and pydantic's error type."""

    field: str
    message: str
    type: str


class RequestValidationError(CloudFrontFunctionsError, ValueError):
    """The request breaks a rule of the CloudFront API; it was rejected locally and not sent.

    ``errors`` names every offending field. Messages never contain the values that were
    passed, so function code cannot leak through them.
    """

    def __init__(self, title: str, errors: tuple[FieldError, ...]) -> None:
        self.title = title
        self.errors = errors
        lines = [f"{title}: {len(errors)} invalid field{'s' if len(errors) != 1 else ''}"]
        lines += [f"  {error.field}: {error.message}" for error in errors]
        super().__init__("\n".join(lines))

    @classmethod
    def single(cls, title: str, field: str, message: str) -> RequestValidationError:
        return cls(title, (FieldError(field, message, "value_error"),))

    @classmethod
    def from_pydantic(cls, exc: ValidationError, title: str) -> RequestValidationError:
        errors = tuple(
            FieldError(
                ".".join(str(part) for part in error["loc"]) or "request",
                error["msg"].removeprefix("Value error, "),
                error["type"],
            )
            for error in exc.errors(include_input=False, include_url=False, include_context=False)
        )
        return cls(title, errors)


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


# The one table from service error codes to our classes.
_SERVICE_ERRORS: dict[str, type[ServiceError]] = {
    "FunctionAlreadyExists": FunctionAlreadyExists,
    "FunctionInUse": FunctionInUse,
    "FunctionSizeLimitExceeded": FunctionSizeLimitExceeded,
    "InvalidArgument": InvalidArgument,
    "InvalidIfMatchVersion": InvalidIfMatchVersion,
    "NoSuchFunctionExists": NoSuchFunctionExists,
    "PreconditionFailed": PreconditionFailed,
    "TestFunctionFailed": TestFunctionFailed,
    "TooManyFunctions": TooManyFunctions,
    "UnsupportedOperation": UnsupportedOperation,
    "AccessDenied": AccessDenied,
    "AccessDeniedException": AccessDenied,
    "Throttling": Throttling,
    "ThrottlingException": Throttling,
    "TooManyRequestsException": Throttling,
    "RequestLimitExceeded": Throttling,
    "ServiceUnavailable": ServiceUnavailable,
    "ServiceUnavailableException": ServiceUnavailable,
    "InternalFailure": ServiceUnavailable,
    "InternalError": ServiceUnavailable,
}

_CREDENTIAL_ERRORS = (
    botocore_exceptions.NoCredentialsError,
    botocore_exceptions.PartialCredentialsError,
    botocore_exceptions.CredentialRetrievalError,
    botocore_exceptions.UnknownCredentialError,
    botocore_exceptions.TokenRetrievalError,
    botocore_exceptions.UnauthorizedSSOTokenError,
    botocore_exceptions.SSOTokenLoadError,
)

# botocore's ParamValidationError reports the offending value; redact it.
_REPORTED_VALUE = re.compile(r"value: .*?, type: ", re.DOTALL)


def service_error_class(code: str) -> type[ServiceError]:
    """The class raised for a service error code (`ServiceError` for codes we do not know)."""
    return _SERVICE_ERRORS.get(code, ServiceError)


def _from_client_error(exc: botocore_exceptions.ClientError, operation: str) -> ServiceError:
    response: Any = exc.response
    error = response.get("Error") or {}
    metadata = response.get("ResponseMetadata") or {}
    code = str(error.get("Code") or "Unknown")
    status = metadata.get("HTTPStatusCode")
    request_id = metadata.get("RequestId") or (metadata.get("HTTPHeaders") or {}).get(
        "x-amz-request-id"
    )
    return service_error_class(code)(
        str(error.get("Message") or code),
        code=code,
        http_status=int(status) if status is not None else None,
        request_id=request_id,
        operation_name=getattr(exc, "operation_name", None) or operation,
        attempts=int(metadata.get("RetryAttempts") or 0) + 1,
    )


def translate(exc: Exception, operation: str) -> CloudFrontFunctionsError:
    """Our exception for a botocore exception raised by `operation`."""
    if isinstance(exc, botocore_exceptions.ClientError):
        return _from_client_error(exc, operation)
    if isinstance(exc, botocore_exceptions.ParamValidationError):
        report = _REPORTED_VALUE.sub("type: ", str(exc))
        return RequestValidationError.single(operation, "request", f"botocore: {report}")
    if isinstance(exc, _CREDENTIAL_ERRORS):
        return CredentialsError(f"{operation}: {exc}")
    if isinstance(exc, botocore_exceptions.ReadTimeoutError):
        return ReadTimeout(f"{operation}: {exc}")
    if isinstance(exc, (botocore_exceptions.ConnectionError, botocore_exceptions.HTTPClientError)):
        return ConnectError(f"{operation}: {exc}")
    return CloudFrontFunctionsError(f"{operation}: {type(exc).__name__}: {exc}")


@contextlib.contextmanager
def translate_errors(operation: str) -> Iterator[None]:
    """Re-raise any botocore exception from the block as one of ours, chained."""
    try:
        yield
    except (botocore_exceptions.BotoCoreError, botocore_exceptions.ClientError) as exc:
        raise translate(exc, operation) from exc
