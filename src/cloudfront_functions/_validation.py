"""From pydantic's validation errors to one `RequestValidationError` in the caller's words.

Request models name their fields after the service's shapes (``function_config.runtime``);
callers pass arguments (``runtime``). Errors name the argument, and say what is allowed
in words, never by echoing the value (it may be function code).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, TypeVar

from pydantic import BaseModel, ValidationError

from ._errors import FieldError, RequestValidationError

__all__ = ["validate_request"]

# Where a request model's field path comes from a facade argument of another name.
# The longest matching prefix wins; what lies below it is dropped.
ARGUMENTS: Final[Mapping[tuple[str, ...], str]] = {
    ("function_code",): "code",
    ("function_config",): "runtime",  # the one cross-field rule: stores need 2.0
    ("function_config", "comment"): "comment",
    ("function_config", "runtime"): "runtime",
    ("function_config", "key_value_store_associations"): "key_value_store_arns",
    ("tags",): "tags",
    ("event_object",): "event",
}

_TYPE_MESSAGES: Final = {
    "string_type": "must be a str",
    "bytes_type": "must be bytes",
    "bool_type": "must be a bool",
    "int_type": "must be an int",
    "tuple_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "enum": "must be one of the allowed values",
}


def argument_of(loc: tuple[int | str, ...]) -> str:
    """The caller's argument for a field path of a request model."""
    path = tuple(str(part) for part in loc)
    for length in range(len(path), 0, -1):
        if path[:length] in ARGUMENTS:
            return ARGUMENTS[path[:length]]
    return path[0] if path else "request"


def field_errors(exc: ValidationError) -> tuple[FieldError, ...]:
    """pydantic's errors, each named for the caller's argument, without input values."""
    errors = []
    for error in exc.errors(include_url=False, include_context=False):
        kind = error["type"]
        message = error["msg"].removeprefix("Value error, ")
        if kind in _TYPE_MESSAGES:
            # The type of what was passed is safe to show; the value never is.
            message = f"{_TYPE_MESSAGES[kind]}, not {type(error.get('input')).__name__}"
        elif kind == "missing":
            message = "is required"
        errors.append(FieldError(argument_of(error["loc"]), message, kind))
    return tuple(dict.fromkeys(errors))  # one argument's repeated error reads as one


_M = TypeVar("_M", bound=BaseModel)


def validate_request(model: type[_M], operation_name: str, data: Mapping[str, object]) -> _M:
    """``model`` validated from ``data``, or a `RequestValidationError` naming every broken rule."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(operation_name, field_errors(exc)) from None
