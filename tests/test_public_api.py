"""The public surface: one curated namespace, sorted, complete, and quiet on import."""

from __future__ import annotations

import importlib
import inspect
import logging
import subprocess
import sys

import cloudfront_functions


def test_all_is_sorted_and_every_name_resolves() -> None:
    names = cloudfront_functions.__all__
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    for name in names:
        assert hasattr(cloudfront_functions, name), name


def test_every_public_object_defined_in_a_private_module_is_exported() -> None:
    exported = set(cloudfront_functions.__all__)
    modules = ("_client", "_errors", "_events", "_frozen", "_local", "_models", "_preflight")
    for module_name in (*modules, "_requests", "_results"):
        module = sys.modules[f"cloudfront_functions.{module_name}"]
        for name in getattr(module, "__all__", ()):
            assert name in exported, f"{module_name}.{name} is public but not exported"


def test_public_classes_have_docstrings() -> None:
    for name in cloudfront_functions.__all__:
        value = getattr(cloudfront_functions, name)
        if inspect.isclass(value):
            assert value.__doc__, name


def test_importing_configures_no_logging_and_prints_nothing() -> None:
    assert logging.getLogger("cloudfront_functions").handlers == []
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-c",
            "import cloudfront_functions, logging; assert not logging.getLogger().handlers",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (result.stdout, result.stderr) == ("", "")


def test_version_is_exposed() -> None:
    assert cloudfront_functions.__version__.count(".") == 2


def test_every_exported_name_is_loaded_lazily_from_its_module() -> None:
    """``__init__`` names each export three times (TYPE_CHECKING import, the lazy table,
    ``__all__``): they must agree, and importing the package must load nothing else."""
    import subprocess
    import sys

    modules: dict[str, str] = vars(cloudfront_functions)["_MODULES"]
    assert set(modules) == set(cloudfront_functions.__all__) - {"__version__"}
    for name, module in modules.items():
        assert module.startswith(".")
        assert name in vars(importlib.import_module(module, "cloudfront_functions"))
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, cloudfront_functions; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'boto3'" not in loaded
    assert "'pydantic'" not in loaded
    assert "'cloudfront_functions._client'" not in loaded
