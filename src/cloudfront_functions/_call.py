"""The boto3 boundary: the one call path of every operation, and the one error table.

An operation is a validated request model that knows its ``operation_name``, builds
boto3's parameters (``to_boto3``) and parses the response into a frozen result
(``parse``). `Caller` sends one: it logs, calls boto3, reads streamed payloads and turns
every botocore exception into one of ours. Nothing above this module sees botocore.

An async twin would replace only `Caller.__call__`'s middle line: the operations, their
validation and parsing, the error table and the decisions of `deploy` are shared.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol, TypeVar, cast

from botocore import exceptions as botocore_exceptions
from botocore import xform_name
from botocore.response import StreamingBody
from pydantic import ValidationError

from ._errors import (
    AccessDenied,
    CannotDeleteEntityWhileInUse,
    CloudFrontFunctionsError,
    Conflict,
    ConnectError,
    CredentialsError,
    EntityAlreadyExists,
    EntityLimitExceeded,
    EntityNotFound,
    EntitySizeLimitExceeded,
    FunctionAlreadyExists,
    FunctionInUse,
    FunctionSizeLimitExceeded,
    IllegalUpdate,
    InvalidArgument,
    InvalidFunctionAssociation,
    InvalidIfMatchVersion,
    InvalidTagging,
    MissingExtraError,
    NoSuchDistribution,
    NoSuchFunctionExists,
    NoSuchResource,
    PreconditionFailed,
    ReadTimeout,
    RequestValidationError,
    ResourceNotFound,
    ServiceError,
    ServiceQuotaExceeded,
    ServiceUnavailable,
    TestFunctionFailed,
    Throttling,
    TooManyDistributionsWithFunctionAssociations,
    TooManyDistributionsWithSingleFunctionARN,
    TooManyFunctionAssociations,
    TooManyFunctions,
    UnsupportedOperation,
)
from ._inputs import Secret

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from botocore.model import OperationModel, Shape

__all__ = ["Caller", "Operation", "Steps", "ask", "service_error_class", "translate_errors"]

logger = logging.getLogger(__name__)

_T_co = TypeVar("_T_co", covariant=True)
_T = TypeVar("_T")


class Operation(Protocol[_T_co]):
    """A validated request: what to send, and how to read the answer."""

    operation_name: ClassVar[str]
    """The service's name for the operation, e.g. ``"CreateFunction"``."""

    writes: ClassVar[bool]
    """Whether a success changes something (it is then logged at INFO)."""

    @property
    def subject(self) -> str:
        """What the operation is about, for log lines (a name, never code or values)."""
        ...

    def to_boto3(self) -> dict[str, object]:
        """The keyword arguments of the boto3 method."""
        ...

    def parse(self, response: Mapping[str, object]) -> _T_co:
        """The frozen result of a boto3 response (streamed payloads already read)."""
        ...


Steps = Generator[Operation[Any], Any, _T]
"""A multi-step call free of I/O: it yields each operation to send and receives its result
(or has its error thrown in); `Caller.run` drives it, an async twin would ``await`` each."""


def ask(operation: Operation[_T]) -> Steps[_T]:
    """Send one operation from inside `Steps`: ``result = yield from ask(request)``."""
    return cast(_T, (yield operation))


class Caller:
    """Sends operations on one boto3 client (CloudFront, or its key value store service)."""

    __slots__ = ("client",)

    def __init__(self, client: BaseClient) -> None:
        self.client = client
        hide_secrets_from_logs(client)

    def __call__(self, operation: Operation[_T]) -> _T:
        name = operation.operation_name
        logger.debug("%s %s", name, operation.subject)
        with translate_errors(name):
            response = getattr(self.client, xform_name(name))(**operation.to_boto3())
            response = _read_streams(response)
        try:
            result = operation.parse(response)
        except CloudFrontFunctionsError:
            raise
        except (ValidationError, KeyError, TypeError, ValueError) as exc:
            # botocore does not check responses: a proxy or a local server may send
            # anything. Name the operation; never show the response (it may hold code).
            error = CloudFrontFunctionsError(
                f"{name}: the service's answer is not the shape its model describes "
                f"({type(exc).__name__})"
            )
            error.operation_name = name
            raise error from exc
        if operation.writes:
            etag = getattr(result, "etag", None)
            logger.info("%s %s: done%s", name, operation.subject, f", ETag {etag}" if etag else "")
        return result

    def run(self, steps: Steps[_T], operation_name: str | None = None) -> _T:
        """Send a generator's operations one at a time; its return value.

        An error of the steps' own (e.g. `DeployConflict`) gets ``operation_name``, the
        name of the whole call, if it carries none.
        """
        try:
            operation: Operation[Any] = next(steps)
            while True:
                try:
                    result = self(operation)
                except CloudFrontFunctionsError as exc:
                    operation = steps.throw(exc)
                else:
                    operation = steps.send(result)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        except CloudFrontFunctionsError as exc:
            if exc.operation_name is None:
                exc.operation_name = operation_name
            raise


def _read_streams(response: dict[str, Any]) -> dict[str, Any]:
    for key, value in response.items():
        if isinstance(value, StreamingBody):
            response[key] = Secret(value.read())
    return response


# -- secrets in botocore's own DEBUG log ------------------------------------------------


def hide_secrets_from_logs(client: BaseClient) -> None:
    """Make botocore's DEBUG log show request and response bodies of operations with a
    sensitive member (function code, events, key values) as ``<N bytes hidden>``.

    Response bodies need botocore's ``before-parse`` event, which older botocore releases
    do not emit; clients the facade builds hide them on every botocore (their own parsers,
    see ``_session.py``), a client passed in only where the event exists.

    Registered on the client's own event system (once, by ``unique_id``): no global
    logging configuration changes, and nothing else about the client does.
    """
    events = client.meta.events
    service = client.meta.service_model.service_id.hyphenize()
    events.register_first(
        f"before-call.{service}", _hide_request_body, unique_id=f"{_UNIQUE}.request"
    )
    events.register_first(
        f"before-parse.{service}", _hide_response_body, unique_id=f"{_UNIQUE}.response"
    )


_UNIQUE: Final = "cloudfront_functions.hide-secrets"


def _hide_request_body(model: OperationModel, params: dict[str, Any], **kwargs: Any) -> None:
    body = params.get("body")
    if (
        isinstance(body, bytes)
        and model.input_shape is not None
        and is_sensitive(model.input_shape)
    ):
        params["body"] = Secret(body)


def _hide_response_body(
    operation_model: OperationModel, response_dict: dict[str, Any], **kwargs: Any
) -> None:
    body = response_dict.get("body")
    shape = operation_model.output_shape
    if isinstance(body, bytes) and shape is not None and is_sensitive(shape):
        response_dict["body"] = Secret(body)


@functools.cache
def is_sensitive(shape: Shape, depth: int = 0) -> bool:
    if shape.serialization.get("sensitive") or getattr(shape, "metadata", {}).get("sensitive"):
        return True
    if depth > 8:
        return False
    children: list[Shape] = []
    if shape.type_name == "structure":
        children = list(shape.members.values())  # type: ignore[attr-defined]
    elif shape.type_name == "list":
        children = [shape.member]  # type: ignore[attr-defined]
    elif shape.type_name == "map":
        children = [shape.value]  # type: ignore[attr-defined]
    return any(is_sensitive(child, depth + 1) for child in children)


# -- errors --------------------------------------------------------------------------

# The one table from service error codes to our classes, for both services. Codes not
# here are a plain `ServiceError` carrying the code (tests/test_errors.py lists which
# modeled codes are deliberately left generic).
SERVICE_ERRORS: Final[Mapping[str, type[ServiceError]]] = {
    "AccessDenied": AccessDenied,
    "AccessDeniedException": AccessDenied,
    "CannotDeleteEntityWhileInUse": CannotDeleteEntityWhileInUse,
    "ConflictException": Conflict,
    "EntityAlreadyExists": EntityAlreadyExists,
    "EntityLimitExceeded": EntityLimitExceeded,
    "EntityNotFound": EntityNotFound,
    "EntitySizeLimitExceeded": EntitySizeLimitExceeded,
    "FunctionAlreadyExists": FunctionAlreadyExists,
    "FunctionInUse": FunctionInUse,
    "FunctionSizeLimitExceeded": FunctionSizeLimitExceeded,
    "IllegalUpdate": IllegalUpdate,
    "InternalError": ServiceUnavailable,
    "InternalFailure": ServiceUnavailable,
    "InternalServerException": ServiceUnavailable,
    "InvalidArgument": InvalidArgument,
    "InvalidFunctionAssociation": InvalidFunctionAssociation,
    "InvalidIfMatchVersion": InvalidIfMatchVersion,
    "InvalidTagging": InvalidTagging,
    "NoSuchDistribution": NoSuchDistribution,
    "NoSuchFunctionExists": NoSuchFunctionExists,
    "NoSuchResource": NoSuchResource,
    "PreconditionFailed": PreconditionFailed,
    "RequestLimitExceeded": Throttling,
    "ResourceNotFoundException": ResourceNotFound,
    "ServiceQuotaExceededException": ServiceQuotaExceeded,
    "ServiceUnavailable": ServiceUnavailable,
    "ServiceUnavailableException": ServiceUnavailable,
    "TestFunctionFailed": TestFunctionFailed,
    "Throttling": Throttling,
    "ThrottlingException": Throttling,
    "TooManyDistributionsWithFunctionAssociations": TooManyDistributionsWithFunctionAssociations,
    "TooManyDistributionsWithSingleFunctionARN": TooManyDistributionsWithSingleFunctionARN,
    "TooManyFunctionAssociations": TooManyFunctionAssociations,
    "TooManyFunctions": TooManyFunctions,
    "TooManyRequestsException": Throttling,
    "UnsupportedOperation": UnsupportedOperation,
    "ValidationException": InvalidArgument,
}

_CREDENTIAL_ERRORS: Final = (
    botocore_exceptions.NoCredentialsError,
    botocore_exceptions.PartialCredentialsError,
    botocore_exceptions.CredentialRetrievalError,
    botocore_exceptions.UnknownCredentialError,
    botocore_exceptions.TokenRetrievalError,
    botocore_exceptions.UnauthorizedSSOTokenError,
    botocore_exceptions.SSOTokenLoadError,
)

# botocore's ParamValidationError reports the offending value; redact it.
_REPORTED_VALUE: Final = re.compile(r"value: .*?, type: ", re.DOTALL)


def service_error_class(code: str) -> type[ServiceError]:
    """The class raised for a service error code (`ServiceError` for codes we do not know)."""
    return SERVICE_ERRORS.get(code, ServiceError)


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
    """Our exception for a botocore exception raised by ``operation``."""
    error: CloudFrontFunctionsError
    if isinstance(exc, botocore_exceptions.ClientError):
        return _from_client_error(exc, operation)
    if isinstance(exc, botocore_exceptions.ParamValidationError):
        report = _REPORTED_VALUE.sub("type: ", str(exc))
        return RequestValidationError.single(operation, "request", f"botocore: {report}")
    if isinstance(exc, botocore_exceptions.MissingDependencyException):
        # In practice botocore's only optional dependency: the CRT that SigV4A needs.
        error = MissingExtraError("kvs", "awscrt")
    elif isinstance(exc, _CREDENTIAL_ERRORS):
        error = CredentialsError(f"{operation}: {exc}")
    elif isinstance(exc, botocore_exceptions.ReadTimeoutError):
        error = ReadTimeout(f"{operation}: {exc}")
    elif isinstance(
        exc, (botocore_exceptions.ConnectionError, botocore_exceptions.HTTPClientError)
    ):
        error = ConnectError(f"{operation}: {exc}")
    else:
        error = CloudFrontFunctionsError(f"{operation}: {type(exc).__name__}: {exc}")
    error.operation_name = operation
    return error


@contextlib.contextmanager
def translate_errors(operation: str) -> Iterator[None]:
    """Re-raise any botocore exception from the block as one of ours, chained."""
    try:
        yield
    except (botocore_exceptions.BotoCoreError, botocore_exceptions.ClientError) as exc:
        raise translate(exc, operation) from exc
