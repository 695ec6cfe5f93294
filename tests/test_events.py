"""TestEvent: the documented event structure, built from helpers, frozen and validated."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from cloudfront_functions import FrozenDict, RequestValidationError, TestEvent


def test_viewer_request_follows_the_documented_structure() -> None:
    event = TestEvent.viewer_request(
        method="POST",
        uri="/login",
        querystring={"next": "/home", "tag": ["a", "b"]},
        headers={"Host": "example.com", "Accept-Language": ["en", "fr"]},
        cookies={"session": "abc"},
        client_ip="2001:db8::1",
    )
    assert json.loads(event.to_json()) == {
        "version": "1.0",
        "context": {
            "distributionDomainName": "d111111abcdef8.cloudfront.net",
            "distributionId": "EDFDVBD6EXAMPLE",
            "eventType": "viewer-request",
            "requestId": event.request_id,
        },
        "viewer": {"ip": "2001:db8::1"},
        "request": {
            "method": "POST",
            "uri": "/login",
            "querystring": {
                "next": {"value": "/home"},
                "tag": {"value": "a", "multiValue": [{"value": "a"}, {"value": "b"}]},
            },
            "headers": {
                "host": {"value": "example.com"},
                "accept-language": {
                    "value": "en",
                    "multiValue": [{"value": "en"}, {"value": "fr"}],
                },
            },
            "cookies": {"session": {"value": "abc"}},
        },
    }


def test_viewer_response_adds_the_response_object() -> None:
    event = TestEvent.viewer_response(
        status_code=302,
        status_description="Found",
        response_headers={"Location": "https://example.com/"},
        response_cookies={"id": "1"},
    )
    body: dict[str, Any] = event.to_dict()
    assert body["context"]["eventType"] == "viewer-response"
    assert body["response"] == {
        "statusCode": 302,
        "statusDescription": "Found",
        "headers": {"location": {"value": "https://example.com/"}},
        "cookies": {"id": {"value": "1"}},
    }


def test_events_are_frozen_and_hashable() -> None:
    event = TestEvent.viewer_request(headers={"a": "b"})
    assert hash(event) == hash(TestEvent.viewer_request(headers={"A": "b"}))
    with pytest.raises(ValidationError):
        event.uri = "/x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "arguments",
    [
        {"uri": "no-slash"},
        {"client_ip": "999.1.1.1"},
        {"client_ip": "example.com"},
        {"method": ""},
        {"headers": {"a": 1}},
        {"headers": {"a": [1]}},
    ],
)
def test_invalid_viewer_request_arguments_are_request_validation_errors(
    arguments: dict[str, object],
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        TestEvent.viewer_request(**arguments)  # type: ignore[arg-type]
    assert caught.value.operation_name == "TestEvent"
    assert [error.field for error in caught.value.errors] == list(arguments)


@pytest.mark.parametrize("status_code", [99, 600])
def test_status_code_must_be_an_http_status(status_code: int) -> None:
    with pytest.raises(RequestValidationError) as caught:
        TestEvent.viewer_response(status_code=status_code)
    assert [error.field for error in caught.value.errors] == ["status_code"]
    TestEvent.viewer_response(status_code=100 if status_code < 100 else 599)


def test_builders_produce_the_typed_event_a_handler_receives() -> None:
    event = TestEvent.viewer_response(
        status_code=302,
        response_headers={"Location": "/x"},
        headers={"Accept": ["a", "b"]},
        querystring={"q": "1"},
    ).to_event()
    assert event.context.event_type == "viewer-response"
    assert event.viewer is not None
    assert event.viewer.ip == "198.51.100.10"
    assert event.response is not None
    assert event.response.headers["location"].value == "/x"
    accept = event.request.headers["accept"]
    assert [m.value for m in accept.multi_value or ()] == ["a", "b"]
    assert event.request.querystring["q"].value == "1"
    with pytest.raises(TypeError):
        event.request.headers["x"] = accept  # type: ignore[index]


def test_frozen_dict_is_a_read_only_hashable_mapping() -> None:
    frozen = FrozenDict({"a": 1, "b": (1, 2)})
    assert frozen == {"a": 1, "b": (1, 2)}
    assert hash(frozen) == hash(FrozenDict({"b": (1, 2), "a": 1}))
    assert "a" in frozen
    assert len(frozen) == 2
    with pytest.raises(TypeError):
        frozen["a"] = 2  # type: ignore[index]
