"""The `CloudFrontFunctions` facade: validate locally, call boto3, parse into frozen models."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

from ._deploy import Deployment
from ._errors import CloudFrontFunctionsError, RequestValidationError, translate_errors
from ._events import TestEvent
from ._models import RESPONSE, FunctionSummary, Runtime, Stage
from ._preflight import PreflightError, preflight_available
from ._preflight import preflight as run_preflight
from ._requests import (
    CreateFunctionRequest,
    DeployRequest,
    FunctionRequest,
    IfMatchRequest,
    ListFunctionsRequest,
    TestFunctionRequest,
    UpdateFunctionRequest,
    config_input,
    create_request_input,
    validate_request,
)
from ._results import DeployResult, FunctionCode, TestResult
from ._session import build_client

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_cloudfront import CloudFrontClient

__all__ = ["CloudFrontFunctions", "CodeInput", "EventInput", "RuntimeInput", "StageInput"]

logger = logging.getLogger(__name__)

RuntimeInput = Runtime | Literal["cloudfront-js-1.0", "cloudfront-js-2.0"]
"""A runtime: a `Runtime` member or its exact string value."""

StageInput = Stage | Literal["DEVELOPMENT", "LIVE"]
"""A stage: a `Stage` member or its exact string value."""

CodeInput = bytes | str | os.PathLike[str]
"""Function code: bytes, a str (sent UTF-8 encoded) or a path to a file (read as bytes)."""

EventInput = TestEvent | Mapping[str, Any] | bytes
"""A test event: a `TestEvent`, a dict (sent as JSON) or JSON bytes."""


def _log_write(operation: str, request: CreateFunctionRequest | UpdateFunctionRequest) -> None:
    """One DEBUG line per write: what and how big, never the code itself."""
    logger.debug(
        "%s %s (%s, %d bytes of code)",
        operation,
        request.name,
        request.function_config.runtime,
        len(request.function_code),
    )


def _run_preflight(
    operation: str,
    request: CreateFunctionRequest | UpdateFunctionRequest | DeployRequest,
    enabled: bool | None,
) -> None:
    if enabled is False:
        return
    if enabled is None and not preflight_available():
        logger.debug("%s: preflight skipped, the [preflight] extra is not installed", operation)
        return
    config = request.function_config
    report = run_preflight(
        request.function_code,
        runtime=Runtime(config.runtime),
        key_value_store_arns=config.key_value_store_associations.arns,
    )
    if not report.ok:
        raise PreflightError(operation, report)


class _Unset:
    def __repr__(self) -> str:
        return "<unset>"


_UNSET: Any = _Unset()


class CloudFrontFunctions:
    """Typed, validated access to CloudFront Functions.

    Pass an existing boto3 CloudFront ``client``, or let one be built from ``session``
    (default: a new ``boto3.Session()``) with ``region_name`` and botocore ``config``.
    Like the boto3 client it wraps, an instance is safe to share between threads.

    A client built here is tuned for the facade, which validates every request before
    boto3 sees it: botocore's own parameter validation (a subset of ours) is off unless
    ``config`` turns it on, and, when no ``session`` is given, timestamps are parsed by a
    fast ISO 8601 parser straight into UTC. A client or session you pass is never changed.
    """

    def __init__(
        self,
        client: CloudFrontClient | None = None,
        *,
        session: boto3.Session | None = None,
        region_name: str | None = None,
        config: Config | None = None,
    ) -> None:
        if client is not None:
            if session is not None or region_name is not None or config is not None:
                raise TypeError("pass either a client or session/region_name/config, not both")
            self._client = client
            return
        with translate_errors("CreateClient"):
            self._client = build_client(session, region_name, config)

    @property
    def client(self) -> CloudFrontClient:
        """The underlying boto3 CloudFront client.

        If the facade built it, botocore's parameter validation is off (the facade's own
        validation replaces it): calls made on it directly are not validated at all.
        """
        return self._client

    def __repr__(self) -> str:
        return f"{type(self).__name__}(endpoint_url={self._client.meta.endpoint_url!r})"

    @overload
    def create_function(
        self, request: CreateFunctionRequest, /, *, preflight: bool = False
    ) -> FunctionSummary: ...

    @overload
    def create_function(
        self,
        request: None = None,
        /,
        *,
        name: str,
        code: CodeInput,
        runtime: RuntimeInput = Runtime.JS_2_0,
        comment: str = "",
        key_value_store_arns: Iterable[str] = (),
        tags: Mapping[str, str] | None = None,
        preflight: bool = False,
    ) -> FunctionSummary: ...

    def create_function(
        self,
        request: CreateFunctionRequest | None = None,
        /,
        *,
        name: str = _UNSET,
        code: CodeInput = _UNSET,
        runtime: RuntimeInput = _UNSET,
        comment: str = _UNSET,
        key_value_store_arns: Iterable[str] = _UNSET,
        tags: Mapping[str, str] | None = _UNSET,
        preflight: bool = False,
    ) -> FunctionSummary:
        """Create a function in the DEVELOPMENT stage.

        Give either a ready `CreateFunctionRequest` or the keyword arguments. Everything is
        validated locally first: a broken rule raises `RequestValidationError` and nothing is
        sent. The returned summary's ``etag`` is what `update_function`, `publish_function`,
        `test_function` and `delete_function` need as ``if_match``. With ``preflight=True``
        the JavaScript is checked first (see `preflight`; needs the ``[preflight]`` extra)
        and `PreflightError` is raised, with nothing sent, if it has errors.
        """
        keywords = {
            key: value
            for key, value in {
                "name": name,
                "code": code,
                "runtime": runtime,
                "comment": comment,
                "key_value_store_arns": key_value_store_arns,
                "tags": tags,
            }.items()
            if value is not _UNSET
        }
        if request is None:
            request = validate_request(
                CreateFunctionRequest, "CreateFunction", create_request_input(**keywords)
            )
        elif keywords:
            raise RequestValidationError.single(
                "CreateFunction", "request", "pass a CreateFunctionRequest or keywords, not both"
            )
        elif not isinstance(request, CreateFunctionRequest):
            raise RequestValidationError.single(
                "CreateFunction",
                "request",
                f"expected a CreateFunctionRequest, not {type(request).__name__}",
            )
        if request.tags is not None and not self._create_takes_tags():
            raise RequestValidationError.single(
                "CreateFunction",
                "tags",
                "this botocore's CreateFunction has no Tags (they need botocore >= 1.43.4)",
            )
        _run_preflight("CreateFunction", request, preflight)
        _log_write("CreateFunction", request)
        with translate_errors("CreateFunction"):
            response = self._client.create_function(**request.to_boto3())
        return FunctionSummary.from_response(response)

    def _create_takes_tags(self) -> bool:
        operation = self._client.meta.service_model.operation_model("CreateFunction")
        return operation.input_shape is not None and "Tags" in operation.input_shape.members

    def describe_function(self, name: str, *, stage: StageInput | None = None) -> FunctionSummary:
        """Describe a function's DEVELOPMENT (default) or LIVE stage, with that stage's ETag.

        For `update_function`, `publish_function`, `test_function` and `delete_function`,
        ``if_match`` must be the **DEVELOPMENT** ETag; the LIVE one fails with
        `PreconditionFailed`.
        """
        request = validate_request(
            FunctionRequest, "DescribeFunction", {"name": name, "stage": stage}
        )
        logger.debug("DescribeFunction %s (stage %s)", request.name, request.stage)
        with translate_errors("DescribeFunction"):
            response = self._client.describe_function(**request.to_boto3())
        return FunctionSummary.from_response(response)

    def get_function(self, name: str, *, stage: StageInput | None = None) -> FunctionCode:
        """Get a function's code in the DEVELOPMENT (default) or LIVE stage, with its ETag."""
        request = validate_request(FunctionRequest, "GetFunction", {"name": name, "stage": stage})
        logger.debug("GetFunction %s (stage %s)", request.name, request.stage)
        with translate_errors("GetFunction"):
            response = self._client.get_function(**request.to_boto3())
            code = response["FunctionCode"].read()
        return FunctionCode.model_validate(
            {
                "name": request.name,
                "stage": request.stage,
                "code": code,
                "etag": response.get("ETag"),
                "content_type": response.get("ContentType"),
            },
            context=RESPONSE,
        )

    def update_function(
        self,
        name: str,
        *,
        if_match: str,
        code: CodeInput,
        runtime: RuntimeInput,
        comment: str = "",
        key_value_store_arns: Iterable[str] = (),
        preflight: bool = False,
    ) -> FunctionSummary:
        """Replace the DEVELOPMENT stage's code and configuration.

        ``if_match`` is the DEVELOPMENT ETag you last read; if the function changed since,
        `PreconditionFailed` is raised. The returned summary's ``etag`` is the new ETag
        (read from the HTTP headers: the service model misnames that header, so botocore
        alone would lose it). ``preflight`` works as for `create_function`.
        """
        request = validate_request(
            UpdateFunctionRequest,
            "UpdateFunction",
            {
                "name": name,
                "if_match": if_match,
                "function_config": config_input(comment, runtime, key_value_store_arns),
                "function_code": code,
            },
        )
        _run_preflight("UpdateFunction", request, preflight)
        return self._send_update(request)

    def _send_update(self, request: UpdateFunctionRequest) -> FunctionSummary:
        _log_write("UpdateFunction", request)
        with translate_errors("UpdateFunction"):
            response = self._client.update_function(**request.to_boto3())
        return FunctionSummary.from_response(response, etag_from_headers=True)

    def publish_function(self, name: str, *, if_match: str) -> FunctionSummary:
        """Copy the DEVELOPMENT stage to LIVE. ``if_match`` is the DEVELOPMENT ETag.

        The returned summary describes LIVE and carries no ETag (the service sends none).
        """
        request = validate_request(
            IfMatchRequest, "PublishFunction", {"name": name, "if_match": if_match}
        )
        logger.debug("PublishFunction %s", request.name)
        with translate_errors("PublishFunction"):
            response = self._client.publish_function(**request.to_boto3())
        return FunctionSummary.from_response(response)

    def test_function(
        self,
        name: str,
        *,
        if_match: str,
        event: EventInput,
        stage: StageInput = Stage.DEVELOPMENT,
    ) -> TestResult:
        """Run the function in CloudFront on a test event (at most 40,960 bytes of JSON).

        ``if_match`` is the DEVELOPMENT ETag. A function that throws is not an exception
        here: its message is in the result's ``error_message``.
        """
        request = validate_request(
            TestFunctionRequest,
            "TestFunction",
            {"name": name, "if_match": if_match, "stage": stage, "event_object": event},
        )
        logger.debug("TestFunction %s (stage %s)", request.name, request.stage)
        with translate_errors("TestFunction"):
            response = self._client.test_function(**request.to_boto3())
        return TestResult.model_validate(response.get("TestResult") or {}, context=RESPONSE)

    def delete_function(self, name: str, *, if_match: str) -> None:
        """Delete a function. ``if_match`` is the DEVELOPMENT ETag.

        Raises `FunctionInUse` while a distribution uses the function.
        """
        request = validate_request(
            IfMatchRequest, "DeleteFunction", {"name": name, "if_match": if_match}
        )
        logger.debug("DeleteFunction %s", request.name)
        with translate_errors("DeleteFunction"):
            self._client.delete_function(**request.to_boto3())

    def list_functions(
        self, *, stage: StageInput | None = None, page_size: int | None = None
    ) -> Iterator[FunctionSummary]:
        """Iterate over every function, following ``NextMarker`` lazily.

        The arguments are validated now; each page is requested only when the previous
        one is used up, and no page is kept after it is consumed. ``page_size`` is the
        service's ``MaxItems``.
        """
        request = validate_request(
            ListFunctionsRequest, "ListFunctions", {"stage": stage, "page_size": page_size}
        )
        return self._list_pages(request)

    def _list_pages(self, request: ListFunctionsRequest) -> Iterator[FunctionSummary]:
        marker: str | None = None
        while True:
            logger.debug("ListFunctions (marker %s)", marker)
            with translate_errors("ListFunctions"):
                page = self._client.list_functions(**request.to_boto3(marker))["FunctionList"]
            for item in page.get("Items") or ():
                yield FunctionSummary.from_summary(item)
            next_marker = page.get("NextMarker")
            if not next_marker:
                return
            if next_marker == marker:
                raise CloudFrontFunctionsError(f"ListFunctions repeated NextMarker {marker!r}")
            marker = next_marker

    def deploy(
        self,
        name: str,
        *,
        code: CodeInput,
        runtime: RuntimeInput = Runtime.JS_2_0,
        comment: str = "",
        key_value_store_arns: Iterable[str] = (),
        test_event: EventInput | None = None,
        publish: bool = True,
        retry_on_conflict: int = 0,
        preflight: bool | None = None,
    ) -> DeployResult:
        """Make the function exist with this code and configuration, idempotently.

        Creates the function, or updates it with the ETag just read, or does nothing when
        DEVELOPMENT already matches; then optionally tests it on ``test_event`` (raising
        `DeployTestFailed`, without publishing, if the function fails) and publishes it
        when ``publish`` and LIVE does not already match. Calling it twice with the same
        arguments sends no write the second time.

        If the function changes underneath it, `DeployConflict` is raised rather than
        overwriting the other change. ``retry_on_conflict`` re-reads and retries at most
        that many times: a deliberate choice to overwrite.

        ``preflight=None`` (the default) checks the JavaScript first when the
        ``[preflight]`` extra is installed and skips it otherwise; ``True`` requires the
        extra; ``False`` skips it. Errors raise `PreflightError` before anything is sent.
        """
        request = validate_request(
            DeployRequest,
            "Deploy",
            {
                "name": name,
                "function_config": config_input(comment, runtime, key_value_store_arns),
                "function_code": code,
                "test_event": test_event,
                "publish": publish,
                "retry_on_conflict": retry_on_conflict,
            },
        )
        _run_preflight("Deploy", request, preflight)
        return Deployment(self, request).run()
