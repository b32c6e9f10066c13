"""Every `>>>` example in the package's docstrings runs as a test (as pyoxigraph's test_doc.py).

Only the modules that have examples are collected, so each item runs at least one; and the
centre of each stage shows in its own docstring how it is called.
"""

import doctest
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import lod


def _has_examples(name: str) -> bool:
    return ">>>" in Path(importlib.util.find_spec(name).origin).read_text(encoding="utf-8")


MODULES = sorted(m.name for m in pkgutil.walk_packages(lod.__path__, "lod.")
                 if m.name != "lod.__main__" and _has_examples(m.name))
# The function each stage turns on: rows -> records, the whole pipeline, shapes -> findings,
# findings -> the editor's problems, and the server.
CENTRES = ["lod.records.measures.parse_measures", "lod.build.build", "lod.validate.engine.validate_graph",
           "lod.validate.report.explain", "lod.web.app.create_app"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name}: '>>>' appears, but no docstring example runs"
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"


@pytest.mark.parametrize("path", CENTRES)
def test_the_centre_of_each_stage_has_an_example_of_its_own(path):
    module, name = path.rsplit(".", 1)
    function = getattr(importlib.import_module(module), name)
    [own] = doctest.DocTestFinder(recurse=False).find(function, name)
    assert len(own.examples) >= 2, f"{path}: its docstring needs an example of a call and its result"
    assert module in MODULES
