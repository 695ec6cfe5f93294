"""The case-file runner's matching rules: partial matches, ignored paths, diffs."""

from __future__ import annotations

from typing import Any

import pytest

from cloudfront_functions._cli._cases import Case, diff_of, drop_paths, judge, matches

OUTPUT = {
    "request": {
        "uri": "/a",
        "headers": {"host": {"value": "x"}, "x-id": {"value": "123"}},
        "cookies": {"a": {"value": "1", "attributes": "Path=/"}},
        "list": [1, 2],
    }
}


def case(**fields: Any) -> Case:
    return Case(name="c", source="c.json", event={}, **fields)


def test_a_subset_matches() -> None:
    assert matches({"request": {"uri": "/a"}}, OUTPUT)


def test_a_different_value_does_not_match() -> None:
    assert not matches({"request": {"uri": "/b"}}, OUTPUT)


def test_a_missing_key_does_not_match() -> None:
    assert not matches({"request": {"querystring": {}}}, OUTPUT)


def test_lists_match_element_by_element_and_length() -> None:
    assert matches({"request": {"list": [1, 2]}}, OUTPUT)
    assert not matches({"request": {"list": [1]}}, OUTPUT)


def test_types_count_true_is_not_1() -> None:
    assert not matches({"a": True}, {"a": 1})


def test_an_ignored_path_is_left_out_of_both_sides() -> None:
    dropped = drop_paths(OUTPUT, ("request.headers.x-id",))
    assert "x-id" not in dropped["request"]["headers"]
    assert "x-id" in OUTPUT["request"]["headers"]  # the original is untouched


def test_a_star_matches_every_key() -> None:
    dropped = drop_paths(OUTPUT, ("request.cookies.*.attributes",))
    assert dropped["request"]["cookies"] == {"a": {"value": "1"}}


def test_a_list_index_path() -> None:
    assert drop_paths(OUTPUT, ("request.list.0",))["request"]["list"] == [2]


def test_an_unknown_path_is_ignored() -> None:
    assert drop_paths(OUTPUT, ("request.nope.deeper",)) == OUTPUT


def test_a_failing_case_has_a_diff_of_only_the_named_keys() -> None:
    outcome = judge(case(expect={"request": {"uri": "/b"}}), OUTPUT, None, None)
    assert not outcome.passed
    assert '-    "uri": "/b"' in outcome.diff
    assert '+    "uri": "/a"' in outcome.diff
    assert "headers" not in outcome.diff


def test_ignore_makes_a_failing_expectation_pass() -> None:
    expect = {"request": {"headers": {"x-id": {"value": "other"}}}}
    assert judge(case(expect=expect, ignore=("request.headers.x-id",)), OUTPUT, None, None).passed


def test_a_function_error_fails_a_case_expecting_output() -> None:
    outcome = judge(case(expect={}), None, "TypeError: x", None)
    assert not outcome.passed
    assert "TypeError: x" in outcome.diff


@pytest.mark.parametrize(("message", "passed"), [("TypeError: no", True), (None, False)])
def test_an_expected_error(message: str | None, passed: bool) -> None:
    assert judge(case(error="TypeError"), OUTPUT, message, None).passed is passed


def test_diff_of_equal_values_is_empty() -> None:
    assert diff_of({"a": 1}, {"a": 1}) == ""
