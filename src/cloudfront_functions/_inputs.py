"""Reading the inputs that are not plain values: function code and test events.

Both are secret-grade: no message here ever contains them, and the bytes they become
(`Secret`) hide themselves from ``repr``, so no log line or traceback can show them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from ._limits import MAX_CODE_BYTES, MAX_EVENT_BYTES

__all__ = ["CodeTooLarge", "EventObject", "FunctionCodeBytes", "Secret", "read_code"]


class Secret(bytes):
    """Bytes that never show their content in ``repr``/``str`` (function code, events)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} bytes hidden>"

    __str__ = __repr__


class CodeTooLarge(ValueError):
    """The code is over the API's limit (found before reading or encoding all of it)."""


def read_code(value: object) -> Secret:
    """The accepted code types (`CodeInput`) as bytes, without echoing the code in any error.

    Raises ValueError (`CodeTooLarge` for size) with a message fit for the caller.
    """
    if isinstance(value, bytes):
        return value if isinstance(value, Secret) else Secret(value)
    if isinstance(value, str):
        if len(value) > MAX_CODE_BYTES:  # UTF-8 never has fewer bytes than characters
            raise CodeTooLarge(f"is longer than {MAX_CODE_BYTES} bytes")
        _refuse_path_as_code(value)
        try:
            return Secret(value.encode())
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"is not valid Unicode text (unpaired surrogate at index {exc.start})"
            ) from None
    if isinstance(value, os.PathLike):
        return _read_code_file(Path(os.fsdecode(value)))
    raise ValueError(f"must be bytes, str or a path (os.PathLike), not {type(value).__name__}")


def _refuse_path_as_code(value: str) -> None:
    """A one-line str naming an existing file is a path passed where code was meant."""
    if "\n" in value or len(value) > 4096 or "(" in value:
        return
    try:
        is_file = Path(value).is_file()
    except (OSError, ValueError):
        return
    if is_file:
        raise ValueError(
            "is a str naming a file, not JavaScript; a str is sent as the code itself: "
            "pass pathlib.Path(...) to read the file"
        )


def _read_code_file(path: Path) -> Secret:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ValueError(f"file {str(path)!r} is not a regular file")
        if size > MAX_CODE_BYTES:
            raise CodeTooLarge(f"file is {size} bytes; the API allows at most {MAX_CODE_BYTES}")
        return Secret(path.read_bytes())
    except OSError as exc:
        raise ValueError(f"cannot read file {str(path)!r}: {exc.strerror}") from None


def _check_code(value: bytes) -> bytes:
    if not value:
        raise ValueError("must not be empty")
    if len(value) > MAX_CODE_BYTES:
        raise ValueError(f"is {len(value)} bytes; the API allows at most {MAX_CODE_BYTES}")
    try:
        value.decode()
    except UnicodeDecodeError as exc:
        # JavaScript source is text: the runtime reads it as UTF-8.
        raise ValueError(f"is not valid UTF-8 (byte {exc.start})") from None
    return value


FunctionCodeBytes = Annotated[bytes, BeforeValidator(read_code), AfterValidator(_check_code)]
"""Function code: 1-40,960 bytes of UTF-8; given as bytes, str or a path to a file."""


def encode_event(value: object) -> Secret:
    """An `EventInput` as JSON bytes; the size is checked after encoding."""
    if isinstance(value, bytes):
        return value if isinstance(value, Secret) else Secret(value)
    if isinstance(value, Mapping):
        try:
            return Secret(json.dumps(value, separators=(",", ":"), allow_nan=False).encode())
        except RecursionError:
            raise ValueError("is nested too deeply to encode as JSON") from None
        except (TypeError, ValueError) as exc:
            raise ValueError(f"is not JSON-serializable: {exc}") from None
    from ._events import TestEvent  # noqa: PLC0415 (only events built with it need it)

    if isinstance(value, TestEvent):
        return Secret(value.to_json())
    raise ValueError(f"must be a TestEvent, a mapping or JSON bytes, not {type(value).__name__}")


def _check_event_size(value: bytes) -> bytes:
    if len(value) > MAX_EVENT_BYTES:
        raise ValueError(f"is {len(value)} bytes; the API allows at most {MAX_EVENT_BYTES}")
    return value


EventObject = Annotated[bytes, BeforeValidator(encode_event), AfterValidator(_check_event_size)]
"""A test event: 0-40,960 bytes of JSON."""
