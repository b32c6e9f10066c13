"""The pipeline flows one way, and the house keeps its plan.

A module may import only its own stage and stages above it in ORDER; `cli` (the edge) and
`__init__` (the public API, lazy) may import anything. Modules do not import each other in a
circle, `records` has no RDF library, and no module finds another package's files by path.
Each check is run on the real package and on a deliberately broken copy, so it can fail.
"""

from __future__ import annotations

import ast
import functools
import re
import shutil
from pathlib import Path

import pytest

import lod

# The order of the stages: sources -> records -> graph -> validation -> store -> insight -> pages
# -> release files -> build -> server -> intake -> check. text, errors, config, terms, layout and
# files (writing a file whole or not at all) are shared facts; text (the languages and the bilingual
# Text) comes first because every message, errors' too, is one. `intake` (the municipalities'
# submissions) is a second server after the public one: it uses the public server's upload helpers,
# and the public server never imports it. `check` is a client of any deployment: last, as nothing of
# the server needs it.
ORDER = ["text", "errors", "config", "terms", "layout", "files", "sources", "records", "graph", "validate",
         "store", "insight", "pages", "release", "build", "web", "intake", "check"]
EDGE = {"cli", "__main__", "__init__"}
PACKAGE = Path(lod.__file__).parent
# Only these stages may import these libraries.
LIBRARIES = {"rdflib": {"validate"}, "pyshacl": {"validate"}, "click": {"cli"},
             "starlette": {"web", "intake"}, "uvicorn": {"cli", "web"}, "jinja2": {"pages"},
             "python_multipart": {"web"}}
NO_RDF = {"sources", "records"}  # cells and records are plain Python: no graph library


def _module(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["lod", *parts])


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function (a lazy import is still an edge)."""
    return _imports_of(path.read_text(encoding="utf-8"))


@functools.cache  # every check reads every module: parse each text once (an edit is a new text)
def _imports_of(source: str) -> frozenset[str]:
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return frozenset(found)


def _graph(root: Path) -> dict[str, set[str]]:
    modules = {_module(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m in _imports(path) if m in modules and m != name}
    return graph


def backward_imports(root: Path) -> list[str]:
    found = []
    for module, imported in _graph(root).items():
        stage = _stage(module)
        if stage in EDGE:
            continue
        for other in imported:
            target = _stage(other)
            if target in EDGE:
                found.append(f"{module} imports {other}")
            elif ORDER.index(target) > ORDER.index(stage):
                found.append(f"{module} imports later stage {other}")
    return sorted(found)


def import_cycles(root: Path) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    graph = _graph(root)
    # `import lod.x.y` also runs lod/x/__init__.py: that is not an edge of the module itself.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def library_offenders(root: Path) -> list[str]:
    found = []
    for path in root.rglob("*.py"):
        stage = _stage(_module(path, root))
        for imported in _imports(path):
            top = imported.split(".")[0]
            if top in LIBRARIES and stage not in LIBRARIES[top]:
                found.append(f"{path.relative_to(root)} imports {top}")
            if top in ("rdflib", "pyoxigraph") and stage in NO_RDF:
                found.append(f"{path.relative_to(root)} imports {top} (records and sources hold no RDF)")
    return sorted(set(found))


# `Path(__file__).parent.parent`, `.parents[1]`, `"..", "web"`: a file of another package, by path.
_BY_PATH = re.compile(r"__file__\)[^\n]*(\.parent\.parent|\.parents\[|\"\.\.\")")


def paths_into_other_packages(root: Path) -> list[str]:
    return sorted(f"{p.relative_to(root)}:{n}" for p in root.rglob("*.py")
                  for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                  if _BY_PATH.search(line))


def test_no_stage_imports_a_later_stage():
    assert not backward_imports(PACKAGE), "\n".join(backward_imports(PACKAGE))


def test_no_import_cycles_between_modules():
    assert not import_cycles(PACKAGE), import_cycles(PACKAGE)


def test_libraries_stay_in_their_stage():
    assert not library_offenders(PACKAGE), library_offenders(PACKAGE)


def test_no_module_reaches_into_another_package_by_path():
    assert not paths_into_other_packages(PACKAGE), paths_into_other_packages(PACKAGE)


def test_every_package_is_a_stage_of_the_order():
    stages = {_stage(_module(p, PACKAGE)) for p in PACKAGE.rglob("*.py")}
    assert stages - EDGE <= set(ORDER), stages - EDGE - set(ORDER)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of the package to break on purpose."""
    root = tmp_path / "lod"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__", "templates", "static"))
    return root


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


def test_the_public_server_never_imports_the_intake():
    """Two servers, two trust levels (ARCHITECTURE): nothing before the intake stage reaches it."""
    graph = _graph(PACKAGE)
    reaching = sorted(m for m, imported in graph.items() if _stage(m) not in ("intake", *EDGE)
                      and any(_stage(i) == "intake" for i in imported))
    assert reaching == [] and any(_stage(m) == "intake" for m in graph)


def test_the_checks_fail_on_a_broken_copy(broken: Path):
    _append(broken / "records" / "measures.py", "from lod.web.app import create_app")
    assert backward_imports(broken) == ["lod.records.measures imports later stage lod.web.app"]
    _append(broken / "store" / "base.py", "from lod.store.memory import MemoryStore")
    assert any({"lod.store.base", "lod.store.memory"} <= set(g) for g in import_cycles(broken))
    _append(broken / "records" / "columns.py", "import pyoxigraph")
    assert any("records/columns.py imports pyoxigraph" in o for o in library_offenders(broken))
    _append(broken / "web" / "app.py", "from lod.intake.app import create_intake_app")
    assert "lod.web.app imports later stage lod.intake.app" in backward_imports(broken)
    _append(broken / "pages" / "site.py", "X = Path(__file__).resolve().parent.parent / 'web'")
    assert paths_into_other_packages(broken)
