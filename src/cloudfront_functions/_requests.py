"""Request models, one per operation: the local validation of everything we send.

Each model is an `Operation` (see ``_call.py``): it knows its ``operation_name``, builds
boto3's parameters from its fields' aliases (the only place wire names are written) and
parses the response into its result type.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Protocol, TypeVar

from pydantic import AfterValidator, Field, StrictBool, StrictStr, field_serializer

from ._call import Caller, Operation
from ._errors import CloudFrontFunctionsError
from ._inputs import EventObject, FunctionCodeBytes
from ._limits import MAX_NAME_LENGTH, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH
from ._models import RESPONSE, FunctionConfig, FunctionSummary, Shape, Stage
from ._results import FunctionCode, TestResult
from ._validation import validate_request

if TYPE_CHECKING:
    from ._types import CodeInput

__all__ = ["CreateFunctionRequest", "Tag", "Tags"]


def _check_name(value: str) -> str:
    if (
        not 1 <= len(value) <= MAX_NAME_LENGTH
        or not value.isascii()
        or not all(char.isalnum() or char in "-_" for char in value)
    ):
        raise ValueError(f"must be 1-{MAX_NAME_LENGTH} characters from A-Z, a-z, 0-9, _ and -")
    return value


FunctionName = Annotated[StrictStr, AfterValidator(_check_name)]
"""A function name: 1-64 characters from ``A-Z a-z 0-9 _ -``."""


def _check_tag_text(value: str, *, minimum: int, maximum: int) -> str:
    # The model's pattern is [\p{L}\p{Z}\p{N}_.:/=+\-@]*: letters, separators (spaces),
    # numbers, and _.:/=+-@. Python's re has no \p{..}: unicodedata categories instead.
    if not minimum <= len(value) <= maximum or not all(
        char in "_.:/=+-@" or _category(char)[0] in "LZN" for char in value
    ):
        raise ValueError(
            f"must be {minimum}-{maximum} characters: letters, digits, spaces and _ . : / = + - @"
        )
    return value


def _category(char: str) -> str:
    import unicodedata  # noqa: PLC0415 (only tags need it)

    return unicodedata.category(char)


def _tag_key(value: str) -> str:
    return _check_tag_text(value, minimum=1, maximum=MAX_TAG_KEY_LENGTH)


def _tag_value(value: str) -> str:
    return _check_tag_text(value, minimum=0, maximum=MAX_TAG_VALUE_LENGTH)


def _check_if_match(value: str) -> str:
    if not value or any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        raise ValueError("must be the ETag you read: not empty, no control characters")
    return value


IfMatch = Annotated[StrictStr, AfterValidator(_check_if_match)]
"""An ETag for the ``If-Match`` header: not empty, no control characters."""


class Tag(Shape, frozen=True):
    """One tag: key 1-128 and value 0-256 characters of letters, digits, spaces, ``_.:/=+-@``."""

    key: Annotated[StrictStr, AfterValidator(_tag_key)] = Field(
        description="The tag's key, 1-128 characters."
    )
    value: Annotated[StrictStr, AfterValidator(_tag_value)] | None = Field(
        default=None, description="The tag's value, 0-256 characters (None reads as empty)."
    )


class Tags(Shape, frozen=True):
    """The tags of a new function."""

    items: tuple[Tag, ...] = Field(default=(), description="The tags, in the order given.")

    def as_dict(self) -> dict[str, str]:
        """The tags as ``{key: value}`` (a missing value is ``""``)."""
        return {tag.key: tag.value or "" for tag in self.items}


def _wire(model: Shape) -> dict[str, object]:
    """boto3's parameters: the fields under their aliases, as plain lists, str and bytes."""
    plain = _plain(model.model_dump(by_alias=True, exclude_none=True))
    assert isinstance(plain, dict)
    return plain


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


class _FunctionWrite(Shape, frozen=True):
    """Fields common to the requests that carry code and configuration."""

    writes: ClassVar[bool] = True

    name: FunctionName = Field(
        description="The function's name, 1-64 characters from A-Z, a-z, 0-9, _ and -."
    )
    function_config: FunctionConfig = Field(
        description="The function's comment, runtime and key value store associations."
    )
    function_code: FunctionCodeBytes = Field(
        repr=False, description="The function's code, 1-40,960 bytes of UTF-8 (not in repr)."
    )

    @property
    def subject(self) -> str:
        config = self.function_config
        return f"{self.name} ({config.runtime}, {len(self.function_code)} bytes of code)"

    def to_boto3(self) -> dict[str, object]:
        return _wire(self)


class CreateFunctionRequest(_FunctionWrite, frozen=True):
    """Everything ``CreateFunction`` sends. The code is never shown in ``repr``/``str``."""

    operation_name: ClassVar[str] = "CreateFunction"

    tags: Tags | None = Field(
        default=None, description="The tags the new function gets, or None for none."
    )

    @classmethod
    def build(
        cls,
        *,
        name: str,
        code: CodeInput,
        runtime: str = "cloudfront-js-2.0",
        comment: str = "",
        key_value_store_arns: Iterable[str] = (),
        tags: Mapping[str, str] | None = None,
    ) -> CreateFunctionRequest:
        """Validate the arguments of `CloudFrontFunctions.create_function` into a request.

        Raises `RequestValidationError` naming every broken rule.
        """
        return validate_request(
            cls,
            cls.operation_name,
            create_input(
                name=name,
                code=code,
                runtime=runtime,
                comment=comment,
                key_value_store_arns=key_value_store_arns,
                tags=tags,
            ),
        )

    def parse(self, response: Mapping[str, object]) -> FunctionSummary:
        return FunctionSummary.from_response(response)


class UpdateFunctionRequest(_FunctionWrite, frozen=True):
    """Everything ``UpdateFunction`` sends. The code is never shown in ``repr``/``str``."""

    operation_name: ClassVar[str] = "UpdateFunction"

    if_match: IfMatch

    def parse(self, response: Mapping[str, object]) -> FunctionSummary:
        # The model misnames the ETag header (ETtag): read it from the HTTP headers.
        return FunctionSummary.from_response(response, etag_from_headers=True)


class _ByName(Shape, frozen=True):
    name: FunctionName

    @property
    def subject(self) -> str:
        return self.name

    def to_boto3(self) -> dict[str, object]:
        return _wire(self)


class DescribeFunctionRequest(_ByName, frozen=True):
    """``DescribeFunction``: a function's summary and ETag in one stage."""

    operation_name: ClassVar[str] = "DescribeFunction"
    writes: ClassVar[bool] = False

    stage: Stage | None = None

    def parse(self, response: Mapping[str, object]) -> FunctionSummary:
        return FunctionSummary.from_response(response)


class GetFunctionRequest(_ByName, frozen=True):
    """``GetFunction``: a function's code and ETag in one stage."""

    operation_name: ClassVar[str] = "GetFunction"
    writes: ClassVar[bool] = False

    stage: Stage | None = None

    def parse(self, response: Mapping[str, object]) -> FunctionCode:
        return FunctionCode.from_response(response, name=self.name, stage=self.stage)


class PublishFunctionRequest(_ByName, frozen=True):
    """``PublishFunction``: copy DEVELOPMENT to LIVE, with the DEVELOPMENT ETag."""

    operation_name: ClassVar[str] = "PublishFunction"
    writes: ClassVar[bool] = True

    if_match: IfMatch

    def parse(self, response: Mapping[str, object]) -> FunctionSummary:
        return FunctionSummary.from_response(response)


class DeleteFunctionRequest(_ByName, frozen=True):
    """``DeleteFunction``, with the DEVELOPMENT ETag."""

    operation_name: ClassVar[str] = "DeleteFunction"
    writes: ClassVar[bool] = True

    if_match: IfMatch

    def parse(self, response: Mapping[str, object]) -> None:
        return None


class TestFunctionRequest(_ByName, frozen=True):
    """Everything ``TestFunction`` sends. The event is never shown in ``repr``/``str``."""

    __test__ = False  # keep pytest from collecting this class

    operation_name: ClassVar[str] = "TestFunction"
    writes: ClassVar[bool] = False

    if_match: IfMatch
    stage: Stage = Stage.DEVELOPMENT
    event_object: EventObject = Field(repr=False)

    def parse(self, response: Mapping[str, object]) -> TestResult:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        return TestResult.model_validate(raw.get("TestResult") or {}, context=RESPONSE)


class FunctionPage(Shape, frozen=True):
    """One page of ``ListFunctions``."""

    items: tuple[FunctionSummary, ...]
    next_marker: str | None = None


class MarkerPaged(Shape, frozen=True):
    """A ``List…`` request paged by ``Marker``/``MaxItems`` (``page_size``); see `pages`."""

    writes: ClassVar[bool] = False

    page_size: Annotated[int, Field(strict=True, ge=1)] | None = Field(
        default=None, serialization_alias="MaxItems"
    )
    marker: StrictStr | None = None

    @field_serializer("page_size")
    def _max_items_is_a_string(self, value: int | None) -> str | None:
        return None if value is None else str(value)  # a string in the service model

    def to_boto3(self) -> dict[str, object]:
        return _wire(self)


class _Page(Protocol):
    @property
    def next_marker(self) -> str | None: ...


_PageT = TypeVar("_PageT", bound=_Page)


def pages(call: Caller, request: Operation[_PageT]) -> Iterator[_PageT]:
    """Every page of a `MarkerPaged` request, each requested only when the previous one
    is used up; a repeated ``NextMarker`` stops with an error instead of looping."""
    assert isinstance(request, MarkerPaged)
    while True:
        page = call(request)
        yield page
        if not page.next_marker:
            return
        if page.next_marker == request.marker:
            raise CloudFrontFunctionsError(
                f"{request.operation_name} repeated NextMarker {request.marker!r}"
            )
        request = request.model_copy(update={"marker": page.next_marker})


class ListFunctionsRequest(MarkerPaged, frozen=True):
    """``ListFunctions``: one page, from ``marker``; ``page_size`` is ``MaxItems``."""

    operation_name: ClassVar[str] = "ListFunctions"

    stage: Stage | None = None

    @property
    def subject(self) -> str:
        return f"(stage {self.stage}, marker {self.marker})"

    def parse(self, response: Mapping[str, object]) -> FunctionPage:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        page = raw["FunctionList"]
        return FunctionPage(
            items=tuple(FunctionSummary.from_summary(item) for item in page.get("Items") or ()),
            next_marker=page.get("NextMarker") or None,
        )


class DeployRequest(Shape, frozen=True):
    """What `CloudFrontFunctions.deploy` was asked to make true, validated up front."""

    name: FunctionName
    function_config: FunctionConfig
    function_code: FunctionCodeBytes = Field(repr=False)
    test_event: EventObject | None = Field(default=None, repr=False)
    publish: StrictBool = True
    retry_on_conflict: Annotated[int, Field(strict=True, ge=0)] = 0
    tags: Tags | None = None
    """None leaves the tags alone; otherwise the function's tags are made equal to these."""
    tags_with_create: StrictBool = True
    """Whether CreateFunction carries the tags (botocore >= 1.43.4); else TagResource."""

    def create_request(self) -> CreateFunctionRequest:
        return CreateFunctionRequest(
            name=self.name,
            function_config=self.function_config,
            function_code=self.function_code,
            tags=self.tags if self.tags_with_create else None,
        )

    def update_request(self, if_match: str) -> UpdateFunctionRequest:
        return UpdateFunctionRequest(
            name=self.name,
            if_match=if_match,
            function_config=self.function_config,
            function_code=self.function_code,
        )


def config_input(
    comment: object, runtime: object, key_value_store_arns: object
) -> dict[str, object]:
    """`FunctionConfig` input from the facade's keyword arguments."""
    arns = key_value_store_arns
    if isinstance(arns, Iterable) and not isinstance(arns, (str, bytes)):
        arns = [{"key_value_store_arn": arn} for arn in arns]
    return {"comment": comment, "runtime": runtime, "key_value_store_associations": {"items": arns}}


def create_input(
    *,
    runtime: object,
    comment: object,
    key_value_store_arns: object,
    tags: object,
    name: object = None,
    code: object = None,
) -> dict[str, object]:
    """`CreateFunctionRequest` input from the facade's keyword arguments.

    A missing ``name`` or ``code`` is left out, so that validation reports it as required
    along with every other error.
    """
    data: dict[str, object] = {
        "function_config": config_input(comment, runtime, key_value_store_arns),
        "tags": None if tags is None else tags_input(tags),
    }
    if name is not None:
        data["name"] = name
    if code is not None:
        data["function_code"] = code
    return data


def tags_input(tags: object) -> dict[str, object]:
    items = tags
    if isinstance(tags, Mapping):
        items = [{"key": key, "value": value} for key, value in tags.items()]
    return {"items": items}


class EventRequest(Shape, frozen=True):
    """A test event alone, for `run_locally`."""

    event_object: EventObject = Field(repr=False)
