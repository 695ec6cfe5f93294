"""The public input aliases and the service's limits: one definition each, used everywhere.

Every public signature that takes code, an event, a runtime or a stage uses these aliases,
so the facade, `preflight` and `run_locally` accept exactly the same things.
"""

import os
from collections.abc import Mapping
from typing import Literal, TypeAlias

from ._events import TestEvent
from ._models import Runtime, Stage

__all__ = ["CodeInput", "EventInput", "RuntimeInput", "StageInput"]

CodeInput: TypeAlias = bytes | str | os.PathLike[str]
"""Function code: ``bytes``, a ``str`` (sent UTF-8 encoded) or a path to a file (read as bytes).

A ``str`` is always the code itself, never a file name: pass ``pathlib.Path(...)`` to read
a file.
"""

EventInput: TypeAlias = TestEvent | Mapping[str, object] | bytes
"""A test event: a `TestEvent`, a mapping (sent as JSON) or JSON ``bytes``."""

RuntimeInput: TypeAlias = Runtime | Literal["cloudfront-js-1.0", "cloudfront-js-2.0"]
"""A runtime: a `Runtime` member or its exact string value."""

StageInput: TypeAlias = Stage | Literal["DEVELOPMENT", "LIVE"]
"""A stage: a `Stage` member or its exact string value."""
