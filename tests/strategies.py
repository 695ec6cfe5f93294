"""Hypothesis strategies derived from botocore's installed CloudFront service model.

Valid inputs follow each shape's min/max/pattern/enum exactly as the model states them,
so a rule that drifts from the model shows up as a false rejection.
"""

from __future__ import annotations

from typing import Any, Literal

import botocore.session
from botocore.model import Shape
from hypothesis import strategies as st

MODEL = botocore.session.get_session().get_service_model("cloudfront")
CREATE_MEMBERS = frozenset(MODEL.operation_model("CreateFunction").input_shape.members)  # type: ignore[union-attr]
TAGS_SUPPORTED = "Tags" in CREATE_MEMBERS


def shape(name: str) -> Shape:
    return MODEL.shape_for(name)


def limits(name: str) -> tuple[int, int]:
    metadata = shape(name).metadata
    return int(metadata.get("min", 0)), int(metadata["max"])


def enum(name: str) -> list[str]:
    return list(shape(name).metadata["enum"])


def pattern(name: str) -> str:
    return str(shape(name).metadata["pattern"])


# The tag pattern uses Java's \p{..} classes, which Python's re cannot compile.
TAG_CATEGORIES: tuple[Literal["L", "Z", "N"], ...] = ("L", "Z", "N")
TAG_PUNCTUATION = "_.:/=+-@"


def names() -> st.SearchStrategy[str]:
    low, high = limits("FunctionName")
    return st.from_regex(pattern("FunctionName"), fullmatch=True).filter(
        lambda name: low <= len(name) <= high
    )


def codes() -> st.SearchStrategy[bytes]:
    low, high = limits("FunctionBlob")
    return st.one_of(
        st.binary(min_size=low, max_size=64),
        st.integers(min_value=low, max_value=high).map(lambda size: b"x" * size),
    )


def arns() -> st.SearchStrategy[str]:
    _, high = limits("KeyValueStoreARN")
    return st.from_regex(pattern("KeyValueStoreARN"), fullmatch=True).filter(
        lambda arn: len(arn) <= high
    )


def tag_text(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    alphabet = st.characters(categories=TAG_CATEGORIES, include_characters=TAG_PUNCTUATION)
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)


def tags() -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(tag_text(*limits("TagKey")), tag_text(*limits("TagValue")), max_size=3)


@st.composite
def create_arguments(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments for ``create_function`` that the service model allows."""
    runtime = draw(st.sampled_from(enum("FunctionRuntime")))
    stores = draw(st.lists(arns(), max_size=1)) if runtime == "cloudfront-js-2.0" else []
    return {
        "name": draw(names()),
        "code": draw(codes()),
        "runtime": runtime,
        "comment": draw(st.text(max_size=200)),
        "key_value_store_arns": stores,
        "tags": draw(st.none() | tags()) if TAGS_SUPPORTED else None,
    }
