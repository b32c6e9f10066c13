"""The pipeline flows one way: a module may import only stages above it in ORDER.

cli (and the top-level orchestration in lod/build.py) may import anything.
"""

import ast
from pathlib import Path

import lod

ORDER = ["errors", "config", "terms", "sources", "records", "graph", "validate", "release",
         "store", "web"]
FREE = {"cli", "__main__", "__init__", "build"}
PACKAGE = Path(lod.__file__).parent


def _stage(module_path: Path) -> str:
    rel = module_path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imported_stages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "lod" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_no_stage_imports_a_later_stage():
    backward = []
    for path in PACKAGE.rglob("*.py"):
        stage = _stage(path)
        if stage in FREE:
            continue
        for imported in _imported_stages(path):
            if imported in FREE:
                backward.append(f"{path.relative_to(PACKAGE)} imports lod.{imported}")
            elif imported in ORDER and ORDER.index(imported) > ORDER.index(stage):
                backward.append(f"{path.relative_to(PACKAGE)} imports later stage lod.{imported}")
    assert not backward, "\n".join(backward)


def test_only_cli_imports_click_and_only_web_imports_starlette():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        stage = _stage(path)
        if "import click" in text and stage != "cli":
            offenders.append(f"{path.name} imports click")
        if "starlette" in text and stage != "web":
            offenders.append(f"{path.name} imports starlette")
    assert not offenders, offenders
