"""Every ``python`` code block in README.md and docs/ runs, so the examples cannot rot.

The blocks of one file run in order in one namespace, against a moto server reached
through ``AWS_ENDPOINT_URL_CLOUDFRONT``, exactly as a reader would run them.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


def test_the_docs_have_code_to_run() -> None:
    assert sum(len(python_blocks(path)) for path in DOCUMENTS) >= 8


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_code_blocks_run(
    path: Path, moto_client: object, moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", moto_url)
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for block in python_blocks(path):
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block, str(path), "exec"), namespace)
