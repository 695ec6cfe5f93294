"""Pydantic models of the CloudFront 2020-05-31 shapes that requests and responses share.

The same models describe requests (strict: every rule of the service model is enforced,
unknown fields are an error) and responses (lenient: a value this package does not know
yet, such as a future runtime, is kept as a plain string and unknown fields are ignored),
so a successful call never turns into an exception. Responses are parsed with the
``RESPONSE`` validation context; anything else is validated as a request.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Annotated, Any, ClassVar, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictStr,
    ValidationInfo,
    computed_field,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.alias_generators import to_pascal

from ._limits import MAX_ARN_LENGTH, MAX_KEY_VALUE_STORES

__all__ = [
    "FunctionConfig",
    "FunctionMetadata",
    "FunctionSummary",
    "KeyValueStoreAssociation",
    "KeyValueStoreAssociations",
    "Runtime",
    "Stage",
]

_NOT_XML: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ARN_PATTERN: Final = re.compile(r"arn:aws:cloudfront::[0-9]{12}:key-value-store/[0-9a-fA-F-]{36}")
RESPONSE: Final[Mapping[str, bool]] = {"response": True}

# Names whose PascalCase alias is not what `to_pascal` makes of the attribute name.
_ALIASES: Final = {
    "key_value_store_arn": "KeyValueStoreARN",
    "function_arn": "FunctionARN",
    "etag": "ETag",
    "execution_logs": "FunctionExecutionLogs",
    "error_message": "FunctionErrorMessage",
    "output_raw": "FunctionOutput",
}


def _alias(name: str) -> str:
    return _ALIASES.get(name) or to_pascal(name)


def is_response(info: ValidationInfo) -> bool:
    """Whether this validation parses a service response (lenient) or a request (strict)."""
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


def stage_or_str(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Stage):
        try:
            return Stage(value)
        except ValueError:
            return value
    return value


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is timezone.utc:
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


UtcDatetime = Annotated[datetime, AfterValidator(_to_utc)]
"""A timezone-aware datetime in UTC (naive values are taken to be UTC)."""


class Shape(BaseModel, frozen=True):
    """Common configuration: snake_case attributes, PascalCase aliases, immutable."""

    model_config = ConfigDict(
        alias_generator=_alias,
        populate_by_name=True,
        extra="ignore",
        hide_input_in_errors=True,
        loc_by_alias=False,
        defer_build=True,  # build validators on first use, not at import
    )

    # Keys a request may carry beside the fields (e.g. a derived Quantity to cross-check).
    _accepted_keys: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _reject_unknown_fields(cls, data: Any, info: ValidationInfo) -> Any:
        if is_response(info) or not isinstance(data, Mapping):
            return data
        unknown = sorted(str(key) for key in data if key not in _known_keys(cls))
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}")
        return data

    def model_post_init(self, context: Any, /) -> None:
        # A frozen model never changes which of its fields were set, so instances with
        # the same set share one set object: that is most of a FunctionSummary's memory
        # (pydantic only ever mutates a copy of it, in model_copy).
        fields_set = self.__pydantic_fields_set__
        shared = _SHARED_FIELDS_SETS.setdefault(frozenset(fields_set), fields_set)
        object.__setattr__(self, "__pydantic_fields_set__", shared)


_SHARED_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


@functools.cache
def _known_keys(model: type[Shape]) -> frozenset[str]:
    known = set(model._accepted_keys)
    for name, field in model.model_fields.items():
        known.update((name, field.alias or name))
    return frozenset(known)


class KeyValueStoreAssociation(Shape, frozen=True):
    """One key value store associated with a function, by ARN."""

    key_value_store_arn: StrictStr = Field(description="The key value store's ARN.")

    @field_validator("key_value_store_arn")
    @classmethod
    def _check_arn(cls, value: str, info: ValidationInfo) -> str:
        if is_response(info):
            return value
        if len(value) > MAX_ARN_LENGTH:
            raise ValueError(f"each ARN must be at most {MAX_ARN_LENGTH} characters")
        if not _ARN_PATTERN.fullmatch(value):
            raise ValueError(
                "each ARN must look like "
                "arn:aws:cloudfront::<12 digits>:key-value-store/<36 hex or ->"
            )
        return value


class KeyValueStoreAssociations(Shape, frozen=True):
    """The key value stores of a function. ``quantity`` is derived from ``items``."""

    items: tuple[KeyValueStoreAssociation, ...] = Field(
        default=(), description="The associated key value stores (at most one)."
    )

    _accepted_keys: ClassVar[frozenset[str]] = frozenset({"Quantity", "quantity"})

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quantity(self) -> int:
        """The number of associations, as the API's ``Quantity`` wants it."""
        return len(self.items)

    @property
    def arns(self) -> tuple[str, ...]:
        """The associated key value stores' ARNs."""
        return tuple(item.key_value_store_arn for item in self.items)

    @model_validator(mode="before")
    @classmethod
    def _check_quantity(cls, data: Any, info: ValidationInfo) -> Any:
        if is_response(info) or not isinstance(data, Mapping):
            return data
        data = dict(data)
        quantity = data.pop("Quantity", data.pop("quantity", None))
        items = data.get("Items", data.get("items")) or ()
        if isinstance(items, (str, bytes)):
            raise ValueError("must be a list of ARNs, not a single string: wrap it, [arn]")
        if quantity is not None and quantity != len(items):
            raise ValueError(f"Quantity is {quantity!r} but there are {len(items)} items")
        return data

    @model_validator(mode="after")
    def _check_items(self, info: ValidationInfo) -> KeyValueStoreAssociations:
        if is_response(info):
            return self
        arns = self.arns
        if len(set(arns)) != len(arns):
            raise ValueError("the same key value store ARN is given more than once")
        if len(arns) > MAX_KEY_VALUE_STORES:
            raise ValueError(
                f"a function can have at most {MAX_KEY_VALUE_STORES} key value store, "
                f"got {len(arns)}"
            )
        return self


class FunctionConfig(Shape, frozen=True):
    """A function's comment, runtime and key value store associations.

    In a response, a runtime this package does not know yet is kept as a plain string.
    """

    comment: StrictStr = Field(default="", description="Free text; may be empty.")
    runtime: Runtime | str = Field(
        description="The JavaScript runtime (a plain str for one this package does not know)."
    )
    key_value_store_associations: KeyValueStoreAssociations = Field(
        default_factory=KeyValueStoreAssociations,
        description="The key value stores the code can read with cf.kvs().",
    )

    @field_validator("comment")
    @classmethod
    def _check_comment(cls, value: str, info: ValidationInfo) -> str:
        # The comment travels inside the XML body; XML 1.0 cannot carry these characters,
        # so the service could never receive such a request.
        if not is_response(info) and (bad := _NOT_XML.search(value)):
            raise ValueError(f"has a character XML cannot carry (U+{ord(bad[0]):04X})")
        return value

    @field_validator("runtime", mode="before")
    @classmethod
    def _check_runtime(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, Runtime):
            return value
        if isinstance(value, str):
            try:
                return Runtime(value)
            except ValueError:
                if is_response(info):
                    return value
        raise ValueError(f"must be one of {_ALLOWED_RUNTIMES}")

    @field_validator("key_value_store_associations", mode="before")
    @classmethod
    def _absent_means_none(cls, value: object) -> object:
        return KeyValueStoreAssociations() if value is None else value

    @model_validator(mode="after")
    def _check_runtime_supports_stores(self, info: ValidationInfo) -> FunctionConfig:
        if (
            not is_response(info)
            and self.runtime == Runtime.JS_1_0
            and self.key_value_store_associations.items
        ):
            raise ValueError(
                f"must be {Runtime.JS_2_0.value!r} for a function with a key value store"
            )
        return self

    @model_serializer(mode="wrap")
    def _no_empty_associations(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        if not self.key_value_store_associations.items:  # as boto3 users send it
            dumped.pop("KeyValueStoreAssociations", None)
            dumped.pop("key_value_store_associations", None)
        return dumped

    @property
    def key_value_store_arns(self) -> tuple[str, ...]:
        """The associated key value stores' ARNs."""
        return self.key_value_store_associations.arns


class FunctionMetadata(Shape, frozen=True):
    """Where and when: the function's ARN, stage and timestamps (always UTC)."""

    function_arn: str = Field(description="The function's ARN.")
    stage: Annotated[Stage | str | None, BeforeValidator(stage_or_str)] = Field(
        default=None, description="The stage this summary describes."
    )
    created_time: UtcDatetime | None = Field(default=None, description="When it was created.")
    last_modified_time: UtcDatetime = Field(description="When this stage last changed.")


class FunctionSummary(Shape, frozen=True):
    """A function as CloudFront describes it, plus the ETag and Location of the call.

    ``etag`` is what the next call that changes this stage of the function needs as
    ``if_match``; it is ``None`` where the operation does not return one.
    """

    name: str = Field(description="The function's name.")
    status: str | None = Field(
        default=None, description="UNPUBLISHED, UNASSOCIATED, DEPLOYED, or a newer value."
    )
    function_config: FunctionConfig = Field(description="Comment, runtime and key value stores.")
    function_metadata: FunctionMetadata = Field(description="ARN, stage and timestamps (UTC).")
    etag: str | None = Field(
        default=None, description="This stage's ETag: the next write's if_match, when sent."
    )
    location: str | None = Field(default=None, description="The URL of a new function.")

    @classmethod
    def from_response(
        cls, response: Mapping[str, object], *, etag_from_headers: bool = False
    ) -> FunctionSummary:
        """Parse a boto3 response that holds a ``FunctionSummary`` (create, describe, ...).

        With ``etag_from_headers``, a missing ``ETag`` is read from the HTTP headers: the
        service model misnames UpdateFunction's ETag header (``ETtag``), so botocore does
        not parse it.
        """
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        etag = raw.get("ETag")
        if etag is None and etag_from_headers:
            headers = (raw.get("ResponseMetadata") or {}).get("HTTPHeaders") or {}
            etag = headers.get("etag")
        return cls.from_summary(raw["FunctionSummary"], etag=etag, location=raw.get("Location"))

    @classmethod
    def from_summary(
        cls, summary: Mapping[str, object], *, etag: str | None = None, location: str | None = None
    ) -> FunctionSummary:
        """Parse one boto3 ``FunctionSummary`` dict (as found in lists and test results)."""
        return cls.model_validate({**summary, "ETag": etag, "Location": location}, context=RESPONSE)
