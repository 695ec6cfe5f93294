"""Tags of a function after creation: list, set, remove, and the difference `deploy` sends.

Tags live on the function's ARN (TagResource, UntagResource, ListTagsForResource), apart
from its code and stages: changing them never touches the code, its ETag or LIVE.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, StrictStr, field_validator

from ._call import Steps, ask
from ._models import Shape
from ._requests import FunctionName, Tags, _tag_key, _wire
from ._results import TagsChange

__all__ = ["TagFunctionRequest", "UntagFunctionRequest"]

TagKey = Annotated[StrictStr, AfterValidator(_tag_key)]


class _ByResource(Shape, frozen=True):
    resource: StrictStr

    @property
    def subject(self) -> str:
        return self.resource

    def to_boto3(self) -> dict[str, object]:
        return _wire(self)


class ListTagsForResourceRequest(_ByResource, frozen=True):
    """``ListTagsForResource``: every tag of one ARN."""

    operation_name: ClassVar[str] = "ListTagsForResource"
    writes: ClassVar[bool] = False

    def parse(self, response: Mapping[str, object]) -> Mapping[str, str]:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        items = (raw.get("Tags") or {}).get("Items") or ()
        return MappingProxyType({item["Key"]: item.get("Value") or "" for item in items})


class TagResourceRequest(_ByResource, frozen=True):
    """``TagResource``: set these tags (others are kept)."""

    operation_name: ClassVar[str] = "TagResource"
    writes: ClassVar[bool] = True

    tags: Tags

    def parse(self, response: Mapping[str, object]) -> None:
        return None


class TagKeys(Shape, frozen=True):
    """Tag keys to remove."""

    items: tuple[TagKey, ...] = ()

    @field_validator("items", mode="before")
    @classmethod
    def _not_one_string(cls, value: object) -> object:
        if isinstance(value, (str, bytes)):
            raise ValueError("must be a list of keys, not a single string: wrap it, [key]")
        return value


class UntagResourceRequest(_ByResource, frozen=True):
    """``UntagResource``: remove these keys."""

    operation_name: ClassVar[str] = "UntagResource"
    writes: ClassVar[bool] = True

    tag_keys: TagKeys

    def parse(self, response: Mapping[str, object]) -> None:
        return None


def keys_input(keys: object) -> dict[str, object]:
    """`TagKeys` input from the facade's ``keys`` argument."""
    if isinstance(keys, Iterable) and not isinstance(keys, (str, bytes)):
        keys = list(keys)
    return {"items": keys}


def sync_tags_steps(arn: str, wanted: Tags) -> Steps[TagsChange]:
    """Make the ARN's tags equal to ``wanted``, sending only the difference."""
    current = yield from ask(ListTagsForResourceRequest(resource=arn))
    return (yield from apply_difference(arn, current, wanted.as_dict()))


def apply_difference(
    arn: str, current: Mapping[str, str], wanted: Mapping[str, str]
) -> Steps[TagsChange]:
    """Send the TagResource and UntagResource that turn ``current`` into ``wanted``."""
    added = tuple(sorted(key for key in wanted if key not in current))
    updated = tuple(sorted(key for key in wanted if key in current and current[key] != wanted[key]))
    removed = tuple(sorted(key for key in current if key not in wanted))
    if added or updated:
        tags = Tags.model_validate(
            {"items": [{"key": key, "value": wanted[key]} for key in (*added, *updated)]}
        )
        yield from ask(TagResourceRequest(resource=arn, tags=tags))
    if removed:
        yield from ask(UntagResourceRequest(resource=arn, tag_keys=TagKeys(items=removed)))
    return TagsChange(added=added, updated=updated, removed=removed)


class TagFunctionRequest(Shape, frozen=True):
    """What `CloudFrontFunctions.tag_function` was asked, validated up front."""

    name: FunctionName
    tags: Tags


class UntagFunctionRequest(Shape, frozen=True):
    """What `CloudFrontFunctions.untag_function` was asked, validated up front."""

    name: FunctionName
    keys: TagKeys
