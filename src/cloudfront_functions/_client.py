"""The `CloudFrontFunctions` facade: validate locally, call boto3, parse into frozen models."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

from ._errors import RequestValidationError, translate_errors
from ._models import (
    CreateFunctionRequest,
    FunctionSummary,
    Runtime,
    create_request_input,
    validate_request,
)

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_cloudfront import CloudFrontClient

__all__ = ["CloudFrontFunctions", "CodeInput", "RuntimeInput"]

logger = logging.getLogger(__name__)

RuntimeInput = Runtime | Literal["cloudfront-js-1.0", "cloudfront-js-2.0"]
"""A runtime: a `Runtime` member or its exact string value."""

CodeInput = bytes | str | os.PathLike[str]
"""Function code: bytes, a str (sent UTF-8 encoded) or a path to a file (read as bytes)."""


class _Unset:
    def __repr__(self) -> str:
        return "<unset>"


_UNSET: Any = _Unset()


class CloudFrontFunctions:
    """Typed, validated access to CloudFront Functions.

    Pass an existing boto3 CloudFront ``client``, or let one be built from ``session``
    (default: a new ``boto3.Session()``) with ``region_name`` and botocore ``config``.
    Like the boto3 client it wraps, an instance is safe to share between threads.
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
        import boto3  # noqa: PLC0415 (only needed to build a client; keeps import light)

        with translate_errors("CreateClient"):
            session = session or boto3.Session()
            self._client = session.client("cloudfront", region_name=region_name, config=config)

    @property
    def client(self) -> CloudFrontClient:
        """The underlying boto3 CloudFront client."""
        return self._client

    def __repr__(self) -> str:
        return f"{type(self).__name__}(endpoint_url={self._client.meta.endpoint_url!r})"

    @overload
    def create_function(self, request: CreateFunctionRequest, /) -> FunctionSummary: ...

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
    ) -> FunctionSummary:
        """Create a function in the DEVELOPMENT stage.

        Give either a ready `CreateFunctionRequest` or the keyword arguments. Everything is
        validated locally first: a broken rule raises `RequestValidationError` and nothing is
        sent. The returned summary's ``etag`` is what `update_function`, `publish_function`,
        `test_function` and `delete_function` need as ``if_match``.
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
        logger.debug(
            "CreateFunction %s (%s, %d bytes of code)",
            request.name,
            request.function_config.runtime,
            len(request.function_code),
        )
        with translate_errors("CreateFunction"):
            response = self._client.create_function(**request.to_boto3())
        return FunctionSummary.from_response(response)
