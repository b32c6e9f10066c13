"""A build that follows a release reuses what did not change (lod/release/site.py `_Reuse`): pages,
comparison files and exchange pages under the key of what they were drawn from, shared with the
release before as hard links, and the store before, patched (lod.build `_write_store`). The proof
that nothing reused is stale is the release id (the hash of every file's sha256,
lod/release/write.py): a build that reuses must give the id of a build of the same data after the
same release that reuses nothing (its release before without cache/); for the store, outside the
id, its quads.

One edited row, one added row, one removed row of the shipped sheet, and three rows whose edits
show only on other subjects' pages (a measure's kind and places and a partner's role on the
organisations' pages), each after the same v1.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import Quad, Store

from lod.build import build
from lod.config import Config
from lod.errors import DataInvalid
from lod.insight import search
from lod.layout import CACHE, MANIFEST, STORE
from lod.pages.site import Site
from lod.release import dumps
from tests.conftest import once_per_run

SHEET = Path(__file__).resolve().parents[2] / "data" / "maatregelen.csv"
# One date for every build: each page's footer names the release date, so only builds of one date
# can share pages (a release of another date draws them all again).
CFG = Config(release_date=date(2026, 12, 1))


def _edition(folder: Path, change: str) -> Path:
    """The shipped sheet with one change, under the same file name (the rows' provenance names it)."""
    text = SHEET.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    fields = list(rows[0])
    if change == "edited":  # a title in Mechelen
        row = next(r for r in rows if r["maatregel_id"] == "12025-2021-001")
        row["titel"] += " (vernieuwd)"
    elif change == "added":  # a new measure in Gent, like one it has
        added = copy.deepcopy(next(r for r in rows if r["maatregel_id"] == "44021-2022-001"))
        added.update(maatregel_id="44021-2026-001", titel="Buurtwerking Overpoort", titel_en="")
        rows.append(added)
    elif change == "work":  # what organisation pages show of measures: kinds, places, roles
        edits = {"44021-2022-002": {"soorten": "vorming; sensibilisering"},  # VAD's only measure
                 "31005-2022-001": {"andere_gemeenten": "11002"},  # Horeca Brugge's places
                 "24062-2021-001": {"trekker": "KU Leuven"}}  # a partner there, now its lead
        for row in rows:
            row.update(edits.get(row["maatregel_id"], {}))
    else:  # removed: Brugge's row gone
        rows = [r for r in rows if r["maatregel_id"] != "31005-2022-001"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / change).mkdir()
    path = folder / change / SHEET.name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """An output folder holding v1, the shipped sheet as it is: built once per run (the tests copy it
    before they build after it)."""
    def make(folder: Path) -> str:
        build([SHEET], config=CFG, out=folder / "dist")
        return str(folder / "dist")

    return Path(once_per_run(tmp_path_factory, worker_id, "rebuild-v1", make))


def _after(first: Path, folder: Path, *, cache: bool) -> Path:
    out = folder / ("reusing" if cache else "fresh")
    shutil.copytree(first, out, symlinks=True)
    if not cache:  # the release before without its keys: the build draws every file again
        shutil.rmtree((out / "current").resolve() / CACHE)
    return out


def _intact(release: Path) -> None:
    """Every file of a published release still has the sum its manifest names."""
    files = json.loads((release / MANIFEST).read_text(encoding="utf-8"))["files"]
    for entry in files:
        data = (release / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


def _rows_after(measure: str) -> list[str]:
    """The measures below `measure` in the shipped sheet: each one's row pointer (prov:wasDerivedFrom
    …#rij-N) moves up when it is removed."""
    rows = csv.DictReader(io.StringIO(SHEET.read_text(encoding="utf-8")), delimiter=";")
    ids = [r["maatregel_id"] for r in rows]
    return ids[ids.index(measure) + 1:]


# The measures whose own triples each change touches: what the search index records again.
RECORDED = {"edited": ["12025-2021-001"], "added": ["44021-2026-001"],
            "removed": _rows_after("31005-2022-001"),
            "work": ["44021-2022-002", "31005-2022-001", "24062-2021-001"]}


@pytest.mark.parametrize("change", ["edited", "added", "removed", "work"])
def test_a_rebuild_reuses_and_gives_the_release_a_full_build_gives(first, tmp_path, monkeypatch, change):
    sheet = _edition(tmp_path, change)
    fresh = build([sheet], config=CFG, out=_after(first, tmp_path, cache=False))
    out = _after(first, tmp_path, cache=True)
    v1 = (out / "current").resolve()
    drawn: list[str] = []
    original = Site.render
    monkeypatch.setattr(
        Site, "render", lambda self, doc, links: drawn.append(doc.path) or original(self, doc, links)
    )
    made: list[str] = []  # the JSON-LD dump's nodes made again (the others are v1's)
    node = dumps._node
    monkeypatch.setattr(dumps, "_node",
                        lambda c, subject, quads: made.append(subject.value) or node(c, subject, quads))
    recorded: list[str] = []  # the search records made again (the others are v1's index's)
    record = search._record
    monkeypatch.setattr(search, "_record",
                        lambda graph, iri, *rest: recorded.append(iri.rsplit("/", 1)[-1])
                        or record(graph, iri, *rest))
    again = build([sheet], config=CFG, out=out)
    assert again.id == fresh.id != v1.name  # the same bytes, every file, as the build that reused nothing
    nodes = len(json.loads((fresh.path / "dumps/veilig-uitgaan.jsonld").read_bytes())["@graph"])
    assert (0 if change == "removed" else 1) <= len(made) < nodes / 50, (len(made), nodes)
    assert again.version == fresh.version
    assert sorted(recorded) == sorted(RECORDED[change] * 2)  # the changed measures, in each language
    # it did reuse, and reused files are v1's own (linked). An edited title (Mechelen, a centre
    # city: thin comparisons show its examples) is drawn again where it shows; a measure added or
    # removed changes the counts per kind every comparison carries: most municipalities again.
    documents = len(list((v1 / "doc").rglob("*.nt")))
    assert 0 < len(set(drawn)) < documents / (2 if change == "edited" else 1), (len(set(drawn)), documents)
    for folder in ("doc/maatregel", *(["vergelijking"] if change == "edited" else [])):
        before = {p.name: p.stat().st_ino for p in (v1 / folder).iterdir()}
        shared = [p for p in (again.path / folder).iterdir() if before.get(p.name) == p.stat().st_ino]
        assert shared, f"no file of {folder} reused"
    _intact(v1)  # nothing written through a link into the release before
    # The store: v1's patched (it shares v1's files), the same quads as the one loaded whole, and
    # v1's own store still holds what it held.
    assert _quads(again.path / STORE) == _quads(fresh.path / STORE)
    inodes = [{p.stat().st_ino for p in (release / STORE).iterdir()} for release in (v1, again.path)]
    assert inodes[0] & inodes[1]
    assert _quads(v1 / STORE) == _quads((first / "current").resolve() / STORE)


def _quads(store: Path) -> set[Quad]:
    return set(Store.read_only(str(store)))


def test_a_failed_rebuild_leaves_both_releases_as_they_were(first, tmp_path):
    out = _after(first, tmp_path, cache=True)
    v2 = build([_edition(tmp_path, "edited")], config=CFG, out=out).path
    broken = tmp_path / "broken"
    broken.mkdir()
    text = SHEET.read_text(encoding="utf-8").replace("44021-2022-001;44021;", "44021-2022-001;Gentt;", 1)
    (broken / SHEET.name).write_text(text, encoding="utf-8")
    with pytest.raises(DataInvalid):
        build([broken / SHEET.name], config=CFG, out=out)
    assert (out / "current").resolve() == v2
    for release in (out / "releases").iterdir():
        if release.is_dir():
            _intact(release)
