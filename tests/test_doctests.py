"""Every `>>>` example in the package's docstrings runs as a test (as pyoxigraph's test_doc.py)."""

import doctest
import importlib
import pkgutil

import pytest

import lod

MODULES = sorted(m.name for m in pkgutil.walk_packages(lod.__path__, "lod.") if m.name != "lod.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
