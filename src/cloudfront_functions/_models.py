"""Pydantic models mirroring the CloudFront 2020-05-31 function shapes.

The validation rules of the API live here and only here. The same models describe
requests (strict: every rule of the service model is enforced, unknown fields are an
error) and responses (lenient: a value this package does not know yet, such as a future
runtime, is kept as a plain string and unknown fields are ignored), so a successful call
never turns into an exception. Responses are parsed with the ``_RESPONSE`` validation
context; anything else is validated as a request.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, ClassVar, Final, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_pascal

from ._errors import RequestValidationError

__all__ = [
    "CreateFunctionRequest",
    "FunctionConfig",
    "FunctionMetadata",
    "FunctionSummary",
    "KeyValueStoreAssociation",
    "KeyValueStoreAssociations",
    "Runtime",
    "Stage",
    "Tag",
    "Tags",
]

# Limits of the CloudFront 2020-05-31 service model (see tests/test_service_model_parity.py).
MAX_NAME_LENGTH: Final = 64
MAX_CODE_BYTES: Final = 40_960
MAX_ARN_LENGTH: Final = 85
MAX_TAG_KEY_LENGTH: Final = 128
MAX_TAG_VALUE_LENGTH: Final = 256
# The developer guide's quota: one key value store per function.
MAX_KEY_VALUE_STORES: Final = 1

_ARN_PATTERN: Final = re.compile(r"arn:aws:cloudfront::[0-9]{12}:key-value-store/[0-9a-fA-F-]{36}")
_RESPONSE: Final[dict[str, bool]] = {"response": True}

# Names whose PascalCase alias is not what `to_pascal` makes of the attribute name.
_ALIASES: Final = {
    "key_value_store_arn": "KeyValueStoreARN",
    "function_arn": "FunctionARN",
    "etag": "ETag",
}


def _alias(name: str) -> str:
    return _ALIASES.get(name) or to_pascal(name)


def _is_response(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("response"))


class Runtime(str, enum.Enum):
    """The JavaScript runtime of a function. Members compare equal to their string values."""

    JS_1_0 = "cloudfront-js-1.0"
    JS_2_0 = "cloudfront-js-2.0"

    def __str__(self) -> str:
        return self.value


class Stage(str, enum.Enum):
    """The stage of a function: the editable DEVELOPMENT copy or the published LIVE one."""

    DEVELOPMENT = "DEVELOPMENT"
    LIVE = "LIVE"

    def __str__(self) -> str:
        return self.value


_ALLOWED_RUNTIMES: Final = ", ".join(repr(member.value) for member in Runtime)


def _stage_or_str(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Stage):
        try:
            return Stage(value)
        except ValueError:
            return value
    return value


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _read_code(value: object) -> object:
    """Turn the accepted code types into bytes, without echoing the code in any error."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        if len(value) > MAX_CODE_BYTES:  # UTF-8 never has fewer bytes than characters
            raise ValueError(f"code is longer than {MAX_CODE_BYTES} bytes")
        return value.encode("utf-8", errors="surrogatepass")
    if isinstance(value, os.PathLike):
        return _read_code_file(Path(value))
    raise ValueError(f"code must be bytes, str or pathlib.Path, not {type(value).__name__}")


def _read_code_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ValueError(f"code file {str(path)!r} is not a regular file")
        if size > MAX_CODE_BYTES:
            raise ValueError(f"code file is {size} bytes; the API allows at most {MAX_CODE_BYTES}")
        return path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read code file {str(path)!r}: {exc.strerror}") from None


FunctionName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_NAME_LENGTH, pattern=r"^[A-Za-z0-9_-]+$"),
]
"""A function name: 1-64 characters from ``A-Z a-z 0-9 _ -``."""


def _check_code_size(value: bytes) -> bytes:
    if not value:
        raise ValueError("code must not be empty")
    if len(value) > MAX_CODE_BYTES:
        raise ValueError(f"code is {len(value)} bytes; the API allows at most {MAX_CODE_BYTES}")
    return value


FunctionCodeBytes = Annotated[
    bytes, BeforeValidator(_read_code), AfterValidator(_check_code_size), Field(repr=False)
]
"""Function code: 1-40,960 bytes; given as bytes, str (UTF-8) or a path to a file."""

_TAG_PATTERN: Final = r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$"
TagKey = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_TAG_KEY_LENGTH, pattern=_TAG_PATTERN)
]
TagValue = Annotated[str, StringConstraints(max_length=MAX_TAG_VALUE_LENGTH, pattern=_TAG_PATTERN)]
UtcDatetime = Annotated[datetime, AfterValidator(_to_utc)]
"""A timezone-aware datetime in UTC (naive values are taken to be UTC)."""


class _Shape(BaseModel, frozen=True):
    """Common configuration: snake_case attributes, PascalCase aliases, immutable."""

    model_config = ConfigDict(
        alias_generator=_alias,
        populate_by_name=True,
        extra="ignore",
        hide_input_in_errors=True,
        loc_by_alias=False,
    )

    # Keys a request may carry beside the fields (e.g. a derived Quantity to cross-check).
    _accepted_keys: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _reject_unknown_fields(cls, data: Any, info: ValidationInfo) -> Any:
        if _is_response(info) or not isinstance(data, Mapping):
            return data
        known = set(cls._accepted_keys)
        for name, field in cls.model_fields.items():
            known.update((name, field.alias or name))
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}")
        return data


class KeyValueStoreAssociation(_Shape, frozen=True):
    """One key value store associated with a function, by ARN."""

    key_value_store_arn: str

    @field_validator("key_value_store_arn")
    @classmethod
    def _check_arn(cls, value: str, info: ValidationInfo) -> str:
        if _is_response(info):
            return value
        if len(value) > MAX_ARN_LENGTH:
            raise ValueError(f"ARN is longer than {MAX_ARN_LENGTH} characters")
        if not _ARN_PATTERN.fullmatch(value):
            raise ValueError(
                "ARN must look like arn:aws:cloudfront::<12 digits>:key-value-store/<36 hex or ->"
            )
        return value


class KeyValueStoreAssociations(_Shape, frozen=True):
    """The key value stores of a function. ``quantity`` is derived from ``items``."""

    items: tuple[KeyValueStoreAssociation, ...] = ()

    _accepted_keys: ClassVar[frozenset[str]] = frozenset({"Quantity", "quantity"})

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quantity(self) -> int:
        """The number of associations, as the API's ``Quantity`` wants it."""
        return len(self.items)

    @model_validator(mode="before")
    @classmethod
    def _check_quantity(cls, data: Any, info: ValidationInfo) -> Any:
        if _is_response(info) or not isinstance(data, Mapping):
            return data
        data = dict(data)
        quantity = data.pop("Quantity", data.pop("quantity", None))
        items = data.get("Items", data.get("items")) or ()
        if quantity is not None and quantity != len(items):
            raise ValueError(f"Quantity is {quantity!r} but there are {len(items)} items")
        return data

    @model_validator(mode="after")
    def _check_items(self, info: ValidationInfo) -> KeyValueStoreAssociations:
        if _is_response(info):
            return self
        arns = [item.key_value_store_arn for item in self.items]
        if len(set(arns)) != len(arns):
            raise ValueError("the same key value store ARN is given more than once")
        if len(arns) > MAX_KEY_VALUE_STORES:
            raise ValueError(
                f"a function can have at most {MAX_KEY_VALUE_STORES} key value store, "
                f"got {len(arns)}"
            )
        return self

    def to_boto3(self) -> dict[str, Any]:
        params: dict[str, Any] = {"Quantity": len(self.items)}
        if self.items:
            params["Items"] = [{"KeyValueStoreARN": i.key_value_store_arn} for i in self.items]
        return params


class FunctionConfig(_Shape, frozen=True):
    """A function's comment, runtime and key value store associations.

    In a response, a runtime this package does not know yet is kept as a plain string.
    """

    comment: str = ""
    runtime: Runtime | str
    key_value_store_associations: KeyValueStoreAssociations = KeyValueStoreAssociations()

    @field_validator("runtime", mode="before")
    @classmethod
    def _check_runtime(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, Runtime):
            return value
        if isinstance(value, str):
            try:
                return Runtime(value)
            except ValueError:
                if _is_response(info):
                    return value
        raise ValueError(f"runtime must be one of {_ALLOWED_RUNTIMES}")

    @field_validator("key_value_store_associations", mode="before")
    @classmethod
    def _absent_means_none(cls, value: object) -> object:
        return KeyValueStoreAssociations() if value is None else value

    @model_validator(mode="after")
    def _check_runtime_supports_stores(self, info: ValidationInfo) -> FunctionConfig:
        if (
            not _is_response(info)
            and self.runtime == Runtime.JS_1_0
            and self.key_value_store_associations.items
        ):
            raise ValueError(f"key value stores need runtime {Runtime.JS_2_0.value!r}")
        return self

    def to_boto3(self) -> dict[str, Any]:
        params: dict[str, Any] = {"Comment": self.comment, "Runtime": str(self.runtime)}
        if self.key_value_store_associations.items:
            params["KeyValueStoreAssociations"] = self.key_value_store_associations.to_boto3()
        return params


class FunctionMetadata(_Shape, frozen=True):
    """Where and when: the function's ARN, stage and timestamps (always UTC)."""

    function_arn: str
    stage: Annotated[Stage | str | None, BeforeValidator(_stage_or_str)] = None
    created_time: UtcDatetime | None = None
    last_modified_time: UtcDatetime


class FunctionSummary(_Shape, frozen=True):
    """A function as CloudFront describes it, plus the ETag and Location of the call.

    ``etag`` is what the next call that changes this stage of the function needs as
    ``if_match``; it is ``None`` where the operation does not return one.
    """

    name: str
    status: str | None = None
    function_config: FunctionConfig
    function_metadata: FunctionMetadata
    etag: str | None = None
    location: str | None = None

    @classmethod
    def from_response(cls, response: Mapping[str, Any]) -> FunctionSummary:
        """Parse a boto3 response that holds a ``FunctionSummary`` (create, describe, ...)."""
        headers = (response.get("ResponseMetadata") or {}).get("HTTPHeaders") or {}
        return cls.from_summary(
            response["FunctionSummary"],
            etag=response.get("ETag") or headers.get("etag"),
            location=response.get("Location"),
        )

    @classmethod
    def from_summary(
        cls, summary: Mapping[str, Any], *, etag: str | None = None, location: str | None = None
    ) -> FunctionSummary:
        """Parse one boto3 ``FunctionSummary`` dict (as found in lists and test results)."""
        return cls.model_validate(
            {**summary, "ETag": etag, "Location": location}, context=_RESPONSE
        )


class Tag(_Shape, frozen=True):
    """One tag: key 1-128 and value 0-256 characters of letters, digits, spaces, ``_.:/=+-@``."""

    key: TagKey
    value: TagValue | None = None


class Tags(_Shape, frozen=True):
    """The tags of a new function."""

    items: tuple[Tag, ...] = ()

    def to_boto3(self) -> dict[str, Any]:
        return {"Items": [tag.model_dump(by_alias=True, exclude_none=True) for tag in self.items]}


class CreateFunctionRequest(_Shape, frozen=True):
    """Everything ``CreateFunction`` sends. The code is never shown in ``repr``/``str``."""

    name: FunctionName
    function_config: FunctionConfig
    function_code: FunctionCodeBytes
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
