"""Without the [preflight] extra the core still works: deploy skips preflight (with a debug
line), and asking for preflight explicitly names the extra to install."""

from __future__ import annotations

import builtins
import logging
from typing import Any

import pytest

from cloudfront_functions import CloudFrontFunctions, MissingExtraError, preflight
from cloudfront_functions.testing import FakeCloudFront

CODE = "function handler(event) { const a = 1; return event.request; }"


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_esprima(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "esprima" or name.startswith("esprima."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_esprima)


@pytest.mark.usefixtures("without_extra")
def test_deploy_skips_preflight_with_a_debug_line(
    fcf: CloudFrontFunctions, fake: FakeCloudFront, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="cloudfront_functions"):
        result = fcf.deploy("fn", code=CODE, runtime="cloudfront-js-1.0")
    assert result.action == "created"
    assert any("preflight skipped" in record.getMessage() for record in caplog.records)


@pytest.mark.usefixtures("without_extra")
def test_asking_for_preflight_names_the_extra(
    fcf: CloudFrontFunctions, fake: FakeCloudFront
) -> None:
    with pytest.raises(MissingExtraError, match=r"cloudfront-functions\[preflight\]"):
        fcf.deploy("fn", code=CODE, preflight=True)
    with pytest.raises(ImportError):
        preflight(CODE, runtime="cloudfront-js-2.0")
    assert fake.calls == []
