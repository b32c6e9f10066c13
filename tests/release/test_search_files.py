"""zoeken/ written after a release (lod/release/search.py): what is read back from the release
before, its index and cache/search.json, may be missing, damaged or foreign; the files written are
then those of a build from nothing, and nothing is raised."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lod.config import Config
from lod.insight import search
from lod.layout import SEARCH_CACHE, SEARCH_INDEX
from lod.pages.site import Site
from lod.release.search import data_script, read_data_script, write_search_files
from lod.store.memory import MemoryStore

CFG = Config()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def before(exchange_graph, tmp_path):
    """A release folder with the search files and cache of the exchange graph, and that graph's Site."""
    site = Site(MemoryStore(exchange_graph(CFG)), CFG)
    root = tmp_path / "before"
    write_search_files(site, root)
    return site, root


def test_the_release_before_gives_its_records_and_the_same_files(before, tmp_path, monkeypatch):
    site, root = before
    assert json.loads((root / SEARCH_CACHE).read_text(encoding="utf-8"))["key"]
    made: list[str] = []
    record = search._record
    monkeypatch.setattr(search, "_record",
                        lambda graph, iri, *rest: made.append(iri) or record(graph, iri, *rest))
    write_search_files(site, tmp_path / "after", previous=root, changed=frozenset())
    assert made == []  # nothing changed: every record is the release before's
    assert _files(tmp_path / "after") == _files(root)


DAMAGE = {
    "cache missing": lambda root: (root / SEARCH_CACHE).unlink(),
    "cache no JSON": lambda root: (root / SEARCH_CACHE).write_bytes(b"\xff{"),
    "cache a list": lambda root: (root / SEARCH_CACHE).write_text("[1, 2]", encoding="utf-8"),
    "labels no dicts": lambda root: (root / SEARCH_CACHE).write_text(
        json.dumps({"key": json.loads((root / SEARCH_CACHE).read_text())["key"], "labels": {"x": 1}})),
    "index cut short": lambda root: (root / SEARCH_INDEX.nl).write_bytes(
        (root / SEARCH_INDEX.nl).read_bytes()[:500]),
    "index missing": lambda root: (root / SEARCH_INDEX.en).unlink(),
    "index records no list": lambda root: _rewritten(root, lambda index: {**index, "records": {"x": 1}}),
    "index records no dicts": lambda root: _rewritten(root, lambda index: {**index, "records": ["x"]}),
    "index facets no list": lambda root: _rewritten(root, lambda index: {**index, "facets": 3}),
}


def _rewritten(root: Path, change) -> None:
    """The Dutch index, changed by `change` and written back as a well-formed script (valid JSON)."""
    path = root / SEARCH_INDEX.nl
    path.write_bytes(data_script("zoekindex", change(read_data_script(path.read_bytes(), "zoekindex")), "nl"))


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_release_before_gives_the_files_of_a_build_from_nothing(before, tmp_path, damage):
    site, root = before
    expected = _files(root)
    damaged = tmp_path / "damaged"
    shutil.copytree(root, damaged)
    DAMAGE[damage](damaged)
    write_search_files(site, tmp_path / "after", previous=damaged, changed=frozenset())
    assert _files(tmp_path / "after") == expected
