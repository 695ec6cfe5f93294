"""Every ``python`` code block in README.md and docs/ runs, so the examples cannot rot.

The blocks of one file run in order in one namespace, exactly as a reader would run them.
Every CloudFront client they create is answered by the in-process fake, through botocore's
real serializer and parser (moto lacks UpdateFunction, PublishFunction and TestFunction).
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

import boto3.session
import pytest

from cloudfront_functions.testing import FakeCloudFront

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


def test_the_docs_have_code_to_run() -> None:
    assert sum(len(python_blocks(path)) for path in DOCUMENTS) >= 8


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_code_blocks_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeCloudFront()
    make_client = boto3.session.Session.client

    def client_on_the_fake(self: boto3.session.Session, *args: Any, **kwargs: Any) -> Any:
        return fake.attach(make_client(self, *args, **kwargs))

    monkeypatch.setattr(boto3.session.Session, "client", client_on_the_fake)
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for block in python_blocks(path):
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block, str(path), "exec"), namespace)
