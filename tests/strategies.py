"""Hypothesis strategies derived from botocore's installed CloudFront service model.

Valid inputs follow each shape's min/max/pattern/enum exactly as the model states them,
so a rule that drifts from the model shows up as a false rejection.
"""

from __future__ import annotations

from collections.abc import Callable
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
    """Code within the model's size limits; UTF-8, as JavaScript source is text."""
    low, high = limits("FunctionBlob")
    return st.one_of(
        st.text(min_size=1, max_size=64).map(str.encode).filter(lambda code: len(code) >= low),
        st.integers(min_value=low, max_value=high).map(lambda size: b"x" * size),
    )


# XML 1.0 cannot carry these, and the comment travels in the XML body.
NOT_XML = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))


def comments() -> st.SearchStrategy[str]:
    return st.text(
        alphabet=st.characters(exclude_categories=["Cs"], exclude_characters=NOT_XML),
        max_size=200,
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
        "comment": draw(comments()),
        "key_value_store_arns": stores,
        "tags": draw(st.none() | tags()) if TAGS_SUPPORTED else None,
    }


@st.composite
def invalid_create_arguments(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """Valid ``create_function`` arguments with exactly one rule broken, and its field."""
    arguments = draw(create_arguments())
    _, name_max = limits("FunctionName")
    _, code_max = limits("FunctionBlob")
    _, arn_max = limits("KeyValueStoreARN")
    _, key_max = limits("TagKey")
    _, value_max = limits("TagValue")
    outside_name = st.characters().filter(
        lambda c: not (c.isascii() and (c.isalnum() or c in "_-"))
    )
    outside_tag = st.characters(
        exclude_categories=("L", "Z", "N", "Cn"), exclude_characters=TAG_PUNCTUATION
    )
    stores = "key_value_store_arns"
    breakers: dict[str, Callable[[], tuple[dict[str, Any], str]]] = {
        "name too long": lambda: ({"name": "a" * draw(st.integers(name_max + 1, 300))}, "name"),
        "name empty": lambda: ({"name": ""}, "name"),
        "name character": lambda: ({"name": "fn" + draw(outside_name)}, "name"),
        "code empty": lambda: ({"code": b""}, "code"),
        "code too long": lambda: (
            {"code": b"x" * draw(st.integers(code_max + 1, 3 * code_max))},
            "code",
        ),
        "code type": lambda: (
            {"code": draw(st.integers() | st.none() | st.floats())},
            "code",
        ),
        "runtime": lambda: (
            {"runtime": draw(st.text().filter(lambda r: r not in enum("FunctionRuntime")))},
            "runtime",
        ),
        "comment type": lambda: (
            {"comment": draw(st.none() | st.integers())},
            "comment",
        ),
        "arn pattern": lambda: (
            {
                "runtime": "cloudfront-js-2.0",
                "key_value_store_arns": [
                    draw(arns()) + draw(st.sampled_from(["\n", " ", "0", "/"]))
                ],
            },
            stores,
        ),
        "arn too long": lambda: (
            {
                "runtime": "cloudfront-js-2.0",
                "key_value_store_arns": [draw(arns()) + "a" * (arn_max - 84)],
            },
            stores,
        ),
        "arns with runtime 1.0": lambda: (
            {"runtime": "cloudfront-js-1.0", "key_value_store_arns": [draw(arns())]},
            "runtime",
        ),
        "tag key empty": lambda: ({"tags": {"": "v"}}, "tags"),
        "tag key too long": lambda: ({"tags": {"k" * (key_max + 1): ""}}, "tags"),
        "tag value too long": lambda: ({"tags": {"k": "v" * (value_max + 1)}}, "tags"),
        "tag character": lambda: ({"tags": {"k" + draw(outside_tag): "v"}}, "tags"),
    }
    broken, field = breakers[draw(st.sampled_from(sorted(breakers)))]()
    return {**arguments, **broken}, field
