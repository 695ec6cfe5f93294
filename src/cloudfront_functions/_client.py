"""The `CloudFrontFunctions` facade: validate locally, send through one call path, return
frozen results. Each method builds a request model and hands it to `Caller`."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar, overload

from ._call import Caller, Steps
from ._deploy import deploy_steps
from ._errors import (
    PreconditionFailed,
    PreflightError,
    RequestValidationError,
)
from ._facade_distributions import DistributionMethods
from ._facade_kvs import KeyValueStoreMethods
from ._models import FunctionSummary, Runtime, Stage
from ._preflight import PreflightReport, preflight_available
from ._preflight import preflight as run_preflight
from ._requests import (
    CreateFunctionRequest,
    DeleteFunctionRequest,
    DeployRequest,
    DescribeFunctionRequest,
    GetFunctionRequest,
    ListFunctionsRequest,
    PublishFunctionRequest,
    TestFunctionRequest,
    UpdateFunctionRequest,
    config_input,
    create_input,
    pages,
    tags_input,
)
from ._results import DeployResult, FunctionCode, TestResult
from ._session import KeysClient, build_client, check_client
from ._validation import validate_request

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_cloudfront import CloudFrontClient
    from mypy_boto3_cloudfront_keyvaluestore import CloudFrontKeyValueStoreClient

    from ._types import CodeInput, EventInput, RuntimeInput, StageInput


__all__ = ["CloudFrontFunctions"]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")


class CloudFrontFunctions(KeyValueStoreMethods, DistributionMethods):
    """Typed, validated access to CloudFront Functions.

    Pass an existing boto3 CloudFront ``client``, or let one be built from ``session``
    (default: a new ``boto3.Session()``) with ``region_name`` and botocore ``config``.
    Like the boto3 client it wraps, an instance is safe to share between threads.

    A client built here is tuned for the facade, which validates every request before
    boto3 sees it: botocore's own parameter validation (a subset of ours) is off unless
    ``config`` turns it on, and timestamps are parsed by a fast ISO 8601 parser straight
    into UTC. A client or session you pass is not reconfigured; the facade only adds an
    event handler that keeps function code out of botocore's DEBUG log.

    Key value store data lives on a second service, ``cloudfront-keyvaluestore``: pass its
    client as ``key_value_store_client``, or one is built on first use from the same
    session and region (it signs with SigV4A, so it needs the ``[kvs]`` extra).
    """

    def __init__(
        self,
        client: CloudFrontClient | None = None,
        *,
        session: boto3.Session | None = None,
        region_name: str | None = None,
        config: Config | None = None,
        key_value_store_client: CloudFrontKeyValueStoreClient | None = None,
    ) -> None:
        if client is not None:
            if session is not None or region_name is not None or config is not None:
                raise TypeError("pass either a client or session/region_name/config, not both")
            check_client(client, "cloudfront", "client")
        else:
            client = build_client(session, region_name, config)
        self._client = client
        self._call = Caller(client)
        self._keys_client = KeysClient(
            key_value_store_client,
            cloudfront=client,
            session=session,
            region_name=region_name,
            config=config,
        )

    @property
    def client(self) -> CloudFrontClient:
        """The underlying boto3 CloudFront client.

        If the facade built it, botocore's parameter validation is off (the facade's own
        validation replaces it): calls made on it directly are not validated at all.
        """
        return self._client

    def __repr__(self) -> str:
        return f"{type(self).__name__}(endpoint_url={self._client.meta.endpoint_url!r})"

    def _run(self, steps: Steps[_T], operation_name: str) -> _T:
        """Drive a multi-step call (see `Steps`) through the call path."""
        return self._call.run(steps, operation_name)

    def _preflight(
        self,
        operation_name: str,
        request: DeployRequest | CreateFunctionRequest | UpdateFunctionRequest,
        enabled: bool | None,
    ) -> PreflightReport | None:
        """Run preflight as ``enabled`` says: raise on errors, log and return warnings."""
        if enabled is False:
            return None
        if enabled is None and not preflight_available():
            logger.debug(
                "%s: preflight skipped, the [preflight] extra is not installed", operation_name
            )
            return None
        config = request.function_config
        report = run_preflight(
            request.function_code,
            runtime=Runtime(config.runtime),
            key_value_store_arns=config.key_value_store_arns,
        )
        if not report.ok:
            raise PreflightError(operation_name, report)
        for finding in report.findings:
            logger.warning("%s %s: preflight: %s", operation_name, request.name, finding)
        return report

    @overload
    def create_function(
        self, request: CreateFunctionRequest, /, *, preflight: bool | None = None
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
        preflight: bool | None = None,
    ) -> FunctionSummary: ...

    def create_function(
        self,
        request: CreateFunctionRequest | None = None,
        /,
        *,
        name: str | None = None,
        code: CodeInput | None = None,
        runtime: RuntimeInput = Runtime.JS_2_0,
        comment: str = "",
        key_value_store_arns: Iterable[str] = (),
        tags: Mapping[str, str] | None = None,
        preflight: bool | None = None,
    ) -> FunctionSummary:
        """Create a function in the DEVELOPMENT stage.

        Give either a ready `CreateFunctionRequest` or the keyword arguments (``name`` and
        ``code`` are required). Everything is validated locally first: a broken rule raises
        `RequestValidationError` and nothing is sent. The returned summary's ``etag`` is
        what `update_function`, `publish_function`, `test_function` and `delete_function`
        need as ``if_match``.

        ``preflight=None`` (the default) checks the JavaScript first when the
        ``[preflight]`` extra is installed (see `preflight`); ``True`` requires the extra;
        ``False`` skips it. Errors raise `PreflightError` with nothing sent; warnings are
        logged at WARNING.
        """
        operation = CreateFunctionRequest.operation_name
        keywords_given = (name, code, tags) != (None, None, None) or (
            runtime,
            comment,
            key_value_store_arns,
        ) != (Runtime.JS_2_0, "", ())
        if request is None:
            request = validate_request(
                CreateFunctionRequest,
                operation,
                create_input(
                    name=name,
                    code=code,
                    runtime=runtime,
                    comment=comment,
                    key_value_store_arns=key_value_store_arns,
                    tags=tags,
                ),
            )
        elif keywords_given:
            raise RequestValidationError.single(
                operation, "request", "pass a CreateFunctionRequest or keywords, not both"
            )
        elif not isinstance(request, CreateFunctionRequest):
            raise RequestValidationError.single(
                operation,
                "request",
                f"expected a CreateFunctionRequest, not {type(request).__name__}",
            )
        if request.tags is not None and not self._create_takes_tags():
            raise RequestValidationError.single(
                operation,
                "tags",
                "this botocore's CreateFunction has no Tags (they need botocore >= 1.43.4)",
            )
        self._preflight(operation, request, preflight)
        return self._call(request)

    def _create_takes_tags(self) -> bool:
        model = self._client.meta.service_model.operation_model("CreateFunction")
        return model.input_shape is not None and "Tags" in model.input_shape.members

    def describe_function(self, name: str, *, stage: StageInput | None = None) -> FunctionSummary:
        """Describe a function's DEVELOPMENT (default) or LIVE stage, with that stage's ETag.

        For `update_function`, `publish_function`, `test_function` and `delete_function`,
        ``if_match`` must be the **DEVELOPMENT** ETag; the LIVE one fails with
        `PreconditionFailed`.
        """
        return self._call(
            validate_request(
                DescribeFunctionRequest, "DescribeFunction", {"name": name, "stage": stage}
            )
        )

    def get_function(self, name: str, *, stage: StageInput | None = None) -> FunctionCode:
        """Get a function's code in the DEVELOPMENT (default) or LIVE stage, with its ETag."""
        return self._call(
            validate_request(GetFunctionRequest, "GetFunction", {"name": name, "stage": stage})
        )

    def update_function(
        self,
        name: str,
        *,
        if_match: str,
        code: CodeInput,
        runtime: RuntimeInput | None = None,
        comment: str | None = None,
        key_value_store_arns: Iterable[str] | None = None,
        preflight: bool | None = None,
    ) -> FunctionSummary:
        """Replace the DEVELOPMENT stage's code, and whichever settings are given.

        ``runtime``, ``comment`` and ``key_value_store_arns`` left as ``None`` keep what
        DEVELOPMENT has: that costs one `describe_function` first (none when all three are
        given), and if its ETag is not ``if_match`` `PreconditionFailed` is raised with
        nothing written. ``if_match`` is the DEVELOPMENT ETag you last read; if the
        function changed since, the service raises `PreconditionFailed` too.

        The returned summary's ``etag`` is the new ETag (read from the HTTP headers: the
        service model misnames that header, so botocore alone would lose it).
        ``preflight`` works as for `create_function`.
        """
        operation = UpdateFunctionRequest.operation_name
        given = {
            "comment": comment,
            "runtime": runtime,
            "key_value_store_arns": key_value_store_arns,
        }
        neutral = {"comment": "", "runtime": Runtime.JS_2_0, "key_value_store_arns": ()}

        def build(config: Mapping[str, object]) -> UpdateFunctionRequest:
            return validate_request(
                UpdateFunctionRequest,
                operation,
                {
                    "name": name,
                    "if_match": if_match,
                    "function_config": config_input(**config),
                    "function_code": code,
                },
            )

        # Every given argument is checked before anything is read.
        request = build(
            {key: neutral[key] if value is None else value for key, value in given.items()}
        )
        if any(value is None for value in given.values()):
            current = self._call(DescribeFunctionRequest(name=request.name))
            if current.etag != if_match:
                raise PreconditionFailed(
                    f"the function changed since if_match was read (DEVELOPMENT is now at "
                    f"ETag {current.etag}); nothing was written",
                    code="PreconditionFailed",
                    operation_name=operation,
                )
            kept = current.function_config
            request = build(
                {
                    "comment": kept.comment if comment is None else comment,
                    "runtime": kept.runtime if runtime is None else runtime,
                    "key_value_store_arns": kept.key_value_store_arns
                    if key_value_store_arns is None
                    else key_value_store_arns,
                }
            )
        self._preflight(operation, request, preflight)
        return self._call(request)

    def publish_function(self, name: str, *, if_match: str) -> FunctionSummary:
        """Copy the DEVELOPMENT stage to LIVE. ``if_match`` is the DEVELOPMENT ETag.

        The returned summary describes LIVE and carries no ETag (the service sends none).
        """
        return self._call(
            validate_request(
                PublishFunctionRequest, "PublishFunction", {"name": name, "if_match": if_match}
            )
        )

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
        return self._call(
            validate_request(
                TestFunctionRequest,
                "TestFunction",
                {"name": name, "if_match": if_match, "stage": stage, "event_object": event},
            )
        )

    def delete_function(self, name: str, *, if_match: str) -> None:
        """Delete a function. ``if_match`` is the DEVELOPMENT ETag.

        Raises `FunctionInUse` while a distribution uses the function.
        """
        self._call(
            validate_request(
                DeleteFunctionRequest, "DeleteFunction", {"name": name, "if_match": if_match}
            )
        )

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
        return (function for page in pages(self._call, request) for function in page.items)

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
        tags: Mapping[str, str] | None = None,
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

        ``preflight`` works as for `create_function`; the result's ``preflight`` holds
        the report (its warnings), or ``None`` when preflight did not run.

        ``tags=None`` leaves the tags alone; a mapping makes them equal to it: sent with
        CreateFunction for a new function, otherwise only the difference is sent
        (TagResource, UntagResource). A tags-only change never updates or publishes the
        code; the result's ``tags`` says which keys changed.
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
                "tags": None if tags is None else tags_input(tags),
                "tags_with_create": self._create_takes_tags(),
            },
        )
        report = self._preflight("Deploy", request, preflight)
        result = self._run(deploy_steps(request), "Deploy")
        return result.model_copy(update={"preflight": report}) if report else result
