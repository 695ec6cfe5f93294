"""Request models, one per operation: the local validation of everything we send.

Each is validated from the facade's keyword arguments by `validate_request`, which turns
pydantic's errors into one `RequestValidationError` naming every broken rule.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Final, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StrictBool,
    ValidationError,
)

from ._errors import RequestValidationError
from ._events import TestEvent
from ._models import FunctionConfig, Runtime, Shape, Stage

__all__ = ["CreateFunctionRequest", "Tag", "Tags"]

# Limits of the CloudFront 2020-05-31 service model (see tests/test_service_model_parity.py).
MAX_NAME_LENGTH: Final = 64
MAX_CODE_BYTES: Final = 40_960
MAX_EVENT_BYTES: Final = 40_960
MAX_TAG_KEY_LENGTH: Final = 128
MAX_TAG_VALUE_LENGTH: Final = 256


class CodeTooLarge(ValueError):
    """The code is over the API's limit (found before reading or encoding all of it)."""


def read_code(value: object) -> bytes:
    """The accepted code types as bytes, without echoing the code in any error.

    Raises ValueError (`CodeTooLarge` for size) with a message fit for the caller.
    """
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        if len(value) > MAX_CODE_BYTES:  # UTF-8 never has fewer bytes than characters
            raise CodeTooLarge(f"code is longer than {MAX_CODE_BYTES} bytes")
        try:
            return value.encode()
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"code is not valid Unicode text (unpaired surrogate at index {exc.start})"
            ) from None
    if isinstance(value, os.PathLike):
        return _read_code_file(Path(os.fsdecode(value)))
    raise ValueError(f"code must be bytes, str or pathlib.Path, not {type(value).__name__}")


def _read_code_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ValueError(f"code file {str(path)!r} is not a regular file")
        if size > MAX_CODE_BYTES:
            raise CodeTooLarge(
                f"code file is {size} bytes; the API allows at most {MAX_CODE_BYTES}"
            )
        return path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read code file {str(path)!r}: {exc.strerror}") from None


FunctionName = Annotated[
    str,
    Field(min_length=1, max_length=MAX_NAME_LENGTH, pattern=r"^[A-Za-z0-9_-]+$"),
]
"""A function name: 1-64 characters from ``A-Z a-z 0-9 _ -``."""


def _check_code(value: bytes) -> bytes:
    if not value:
        raise ValueError("code must not be empty")
    if len(value) > MAX_CODE_BYTES:
        raise ValueError(f"code is {len(value)} bytes; the API allows at most {MAX_CODE_BYTES}")
    try:
        value.decode()
    except UnicodeDecodeError as exc:
        # JavaScript source is text: the runtime reads it as UTF-8.
        raise ValueError(f"code is not valid UTF-8 (byte {exc.start})") from None
    return value


FunctionCodeBytes = Annotated[bytes, BeforeValidator(read_code), AfterValidator(_check_code)]
"""Function code: 1-40,960 bytes of UTF-8; given as bytes, str or a path to a file."""

_TAG_PATTERN: Final = r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$"
TagKey = Annotated[str, Field(min_length=1, max_length=MAX_TAG_KEY_LENGTH, pattern=_TAG_PATTERN)]
TagValue = Annotated[str, Field(max_length=MAX_TAG_VALUE_LENGTH, pattern=_TAG_PATTERN)]

IfMatch = Annotated[str, Field(min_length=1, pattern=r"^[^\x00-\x1f\x7f]+$")]
"""An ETag for the ``If-Match`` header: not empty, no control characters."""


def _encode_event(value: object) -> object:
    """Event objects as JSON bytes; the size is checked after encoding."""
    if isinstance(value, TestEvent):
        return value.to_json()
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, Mapping):
        try:
            return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()
        except RecursionError:
            raise ValueError("event is nested too deeply to encode as JSON") from None
        except (TypeError, ValueError) as exc:
            raise ValueError(f"event is not JSON-serializable: {exc}") from None
    if isinstance(value, bytes):
        return value
    raise ValueError(f"event must be a TestEvent, a dict or JSON bytes, not {type(value).__name__}")


def _check_event_size(value: bytes) -> bytes:
    if len(value) > MAX_EVENT_BYTES:
        raise ValueError(f"event is {len(value)} bytes; the API allows at most {MAX_EVENT_BYTES}")
    return value


EventObject = Annotated[bytes, BeforeValidator(_encode_event), AfterValidator(_check_event_size)]
"""A test event: 0-40,960 bytes of JSON."""


class Tag(Shape, frozen=True):
    """One tag: key 1-128 and value 0-256 characters of letters, digits, spaces, ``_.:/=+-@``."""

    key: TagKey
    value: TagValue | None = None


class Tags(Shape, frozen=True):
    """The tags of a new function."""

    items: tuple[Tag, ...] = ()

    def to_boto3(self) -> dict[str, Any]:
        return {"Items": [tag.model_dump(by_alias=True, exclude_none=True) for tag in self.items]}


class CreateFunctionRequest(Shape, frozen=True):
    """Everything ``CreateFunction`` sends. The code is never shown in ``repr``/``str``."""

    name: FunctionName
    function_config: FunctionConfig
    function_code: FunctionCodeBytes = Field(repr=False)
    tags: Tags | None = None

    @classmethod
    def build(
        cls,
        *,
        name: str,
        code: bytes | str | os.PathLike[str],
        runtime: Runtime | str = Runtime.JS_2_0,
        comment: str = "",
        key_value_store_arns: Iterable[str] = (),
        tags: Mapping[str, str] | None = None,
    ) -> CreateFunctionRequest:
        """Validate the arguments of `CloudFrontFunctions.create_function` into a request.

        Raises `RequestValidationError` naming every broken rule.
        """
        data = create_request_input(
            name=name,
            code=code,
            runtime=runtime,
            comment=comment,
            key_value_store_arns=key_value_store_arns,
            tags=tags,
        )
        return validate_request(cls, "CreateFunction", data)

    def to_boto3(self) -> dict[str, Any]:
        """The keyword arguments for boto3's ``create_function``."""
        params: dict[str, Any] = {
            "Name": self.name,
            "FunctionConfig": self.function_config.to_boto3(),
            "FunctionCode": self.function_code,
        }
        if self.tags is not None:
            params["Tags"] = self.tags.to_boto3()
        return params


_M = TypeVar("_M", bound=BaseModel)


def validate_request(model: type[_M], title: str, data: Mapping[str, Any]) -> _M:
    """``model`` validated from ``data``, or a `RequestValidationError` naming every broken rule."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError.from_pydantic(exc, title) from None


def config_input(
    comment: object, runtime: object, key_value_store_arns: object
) -> dict[str, object]:
    """`FunctionConfig` input from the facade's keyword arguments."""
    arns = key_value_store_arns
    if isinstance(arns, Iterable) and not isinstance(arns, (str, bytes)):
        arns = [{"key_value_store_arn": arn} for arn in arns]
    return {"comment": comment, "runtime": runtime, "key_value_store_associations": {"items": arns}}


def create_request_input(
    *,
    runtime: object = Runtime.JS_2_0,
    comment: object = "",
    key_value_store_arns: object = (),
    tags: object = None,
    **required: object,
) -> dict[str, object]:
    """`CreateFunctionRequest` input from the facade's keyword arguments.

    ``required`` holds ``name`` and ``code`` when given; a missing one is left out, so
    that validation reports it as a required field along with every other error.
    """
    data: dict[str, object] = {
        "function_config": config_input(comment, runtime, key_value_store_arns),
        "tags": None if tags is None else _tags_input(tags),
    }
    if "name" in required:
        data["name"] = required.pop("name")
    if "code" in required:
        data["function_code"] = required.pop("code")
    if required:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(required))}")
    return data


def _tags_input(tags: object) -> dict[str, object]:
    items = tags
    if isinstance(tags, Mapping):
        items = [{"key": key, "value": value} for key, value in tags.items()]
    return {"items": items}


class FunctionRequest(Shape, frozen=True):
    """Describe, get: a function by name, optionally in one stage."""

    name: FunctionName
    stage: Stage | None = None

    def to_boto3(self) -> dict[str, Any]:
        params: dict[str, Any] = {"Name": self.name}
        if self.stage is not None:
            params["Stage"] = self.stage.value
        return params


class IfMatchRequest(Shape, frozen=True):
    """Publish, delete: a function by name, with the DEVELOPMENT ETag."""

    name: FunctionName
    if_match: IfMatch

    def to_boto3(self) -> dict[str, Any]:
        return {"Name": self.name, "IfMatch": self.if_match}


class UpdateFunctionRequest(Shape, frozen=True):
    """Everything ``UpdateFunction`` sends. The code is never shown in ``repr``/``str``."""

    name: FunctionName
    if_match: IfMatch
    function_config: FunctionConfig
    function_code: FunctionCodeBytes = Field(repr=False)

    def to_boto3(self) -> dict[str, Any]:
        return {
            "Name": self.name,
            "IfMatch": self.if_match,
            "FunctionConfig": self.function_config.to_boto3(),
            "FunctionCode": self.function_code,
        }


class TestFunctionRequest(Shape, frozen=True):
    """Everything ``TestFunction`` sends. The event is never shown in ``repr``/``str``."""

    __test__ = False  # keep pytest from collecting this class

    name: FunctionName
    if_match: IfMatch
    stage: Stage = Stage.DEVELOPMENT
    event_object: EventObject = Field(repr=False)

    def to_boto3(self) -> dict[str, Any]:
        return {
            "Name": self.name,
            "IfMatch": self.if_match,
            "Stage": self.stage.value,
            "EventObject": self.event_object,
        }


class EventRequest(Shape, frozen=True):
    """A test event alone, for `run_locally`."""

    event_object: EventObject = Field(repr=False)


class ListFunctionsRequest(Shape, frozen=True):
    """``ListFunctions``: the stage and the page size (``MaxItems``)."""

    stage: Stage | None = None
    page_size: Annotated[int, Field(strict=True, ge=1)] | None = None

    def to_boto3(self, marker: str | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if self.stage is not None:
            params["Stage"] = self.stage.value
        if self.page_size is not None:
            params["MaxItems"] = str(self.page_size)
        if marker:
            params["Marker"] = marker
        return params


class DeployRequest(Shape, frozen=True):
    """What `CloudFrontFunctions.deploy` was asked to make true, validated up front."""

    name: FunctionName
    function_config: FunctionConfig
    function_code: FunctionCodeBytes = Field(repr=False)
    test_event: EventObject | None = Field(default=None, repr=False)
    publish: StrictBool = True
    retry_on_conflict: Annotated[int, Field(strict=True, ge=0)] = 0

    def create_request(self) -> CreateFunctionRequest:
        return CreateFunctionRequest(
            name=self.name, function_config=self.function_config, function_code=self.function_code
        )

    def update_request(self, if_match: str) -> UpdateFunctionRequest:
        return UpdateFunctionRequest(
            name=self.name,
            if_match=if_match,
            function_config=self.function_config,
            function_code=self.function_code,
        )
