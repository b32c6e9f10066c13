"""lod.build end to end: the release layout, reproducibility, failures that leave the last release."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.build import FAILED_REPORT, build, validate
from lod.config import Config
from lod.errors import DataInvalid, InputError
from lod.layout import UNHASHED_DIRS
from lod.terms import DCAT, SPDX

ROOT = Path(__file__).resolve().parents[1]  # the checkout

SHEETS = ROOT / "tests" / "data" / "spreadsheets"
VALID = SHEETS / "valid-semicolon-utf8.csv"


@pytest.fixture(scope="module")
def cfg(small_data) -> Config:
    """A dated build of data/ cut to the sheets' municipalities (a release of 900 files, not 2,900)."""
    return Config(release_date=date(2026, 3, 1), data_dir=small_data)


def files(root: Path) -> dict[str, bytes]:
    """Every file of a release except the store (a RocksDB index: not byte-reproducible) and the
    cache (what a following build may reuse): the folders outside the manifest."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] not in UNHASHED_DIRS}


@pytest.fixture(scope="module")
def release(tmp_path_factory, cfg):
    out = tmp_path_factory.mktemp("dist")
    stages = []
    result = build([VALID], config=cfg, out=out, progress=lambda s, d, t: stages.append(s))
    return out, result, stages


def test_the_release_has_the_documented_layout(release):
    out, result, _ = release
    root = out / "current"
    assert root.resolve() == result.path.resolve()
    for name in ("index.html", "catalogus.ttl", "void.ttl", "service-description.ttl",
                 "validation-report.ttl", "summary.json", "summary.md", "manifest.json",
                 "ontology/vu.ttl", "ontology/vu.html", "ontology/context.jsonld",
                 "ontology/codelists/maatregeltype.ttl", "ontology/codelists/maatregeltype.html",
                 "dumps/SHA256SUMS", "dumps/veilig-uitgaan.ttl", "dumps/veilig-uitgaan.nt.gz",
                 "dumps/veilig-uitgaan.jsonld.gz", "doc/maatregel/T-001.html"):
        assert (root / name).is_file(), name
    assert (root / "store").is_dir()
    assert result.triples > 1000 and len(result.warnings) > 0  # warnings do not stop a build


def test_progress_reports_every_stage_in_order(release):
    _, _, stages = release
    order = ["lezen", "graaf", "validatie", "dumps", "catalogus", "pagina's", "store", "publiceren"]
    assert [s for s in stages if s in order] == order


def test_the_catalogue_describes_the_dump_files_as_written(release):
    out, _, _ = release
    root = out / "current"
    store = ox.Store()
    store.load(path=str(root / "catalogus.ttl"), format=ox.RdfFormat.TURTLE)
    rows = list(store.query(
        f"SELECT ?url ?size ?sum WHERE {{ ?d <{DCAT.downloadURL.value}> ?url ; "
        f"<{DCAT.byteSize.value}> ?size ; <{SPDX.checksum.value}>/<{SPDX.checksumValue.value}> ?sum }}"))
    assert len(rows) == 7  # the six dumps and the versions graph (versies.nt)
    for row in rows:
        path = root / row["url"].value.removeprefix(Config().base_uri)
        assert int(row["size"].value) == path.stat().st_size
        assert row["sum"].value == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_manifest_lists_every_file_with_its_hash(release):
    out, _, _ = release
    root = out / "current"
    manifest = json.loads((root / "manifest.json").read_text())
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    actual = {k: hashlib.sha256(v).hexdigest() for k, v in files(root).items() if k != "manifest.json"}
    assert listed == actual


def test_two_builds_of_the_same_input_are_byte_identical(release, tmp_path, cfg):
    out, first, _ = release
    second = build([VALID], config=cfg, out=tmp_path, progress=None)
    assert second.id == first.id
    assert files(out / "current") == files(tmp_path / "current")
    for path in (tmp_path / "current").rglob("*"):
        if "store" not in path.relative_to(tmp_path / "current").parts:
            assert path.stat().st_mtime == first.path.stat().st_mtime


def test_the_release_date_changes_the_dates_and_so_the_id(release, tmp_path, cfg):
    _, first, _ = release
    later = build([VALID], config=cfg.replace(release_date="2026-04-01"), out=tmp_path)
    assert later.id != first.id
    assert b'"2026-04-01T00:00:00"^^xsd:dateTime' in (later.path / "catalogus.ttl").read_bytes()


def test_a_failed_build_keeps_the_previous_release(tmp_path, cfg):
    good = build([VALID], config=cfg, out=tmp_path)
    before = files(tmp_path / "current")
    with pytest.raises(DataInvalid) as err:
        build([SHEETS / "unknown-municipality.csv"], config=cfg, out=tmp_path)
    report = str(err.value)
    assert "unknown-municipality.csv" in report
    assert any(p.row and p.severity == "error" for p in err.value.report)
    assert os.readlink(tmp_path / "current") == f"releases/{good.id}"
    assert files(tmp_path / "current") == before
    assert not list(tmp_path.glob(".tmp-*"))
    failed = ox.Store()
    failed.load(path=str(tmp_path / FAILED_REPORT), format=ox.RdfFormat.TURTLE)
    assert any(True for _ in failed.quads_for_pattern(None, None, ox.NamedNode(
        "http://www.w3.org/ns/shacl#ValidationReport")))
    build([VALID], config=cfg, out=tmp_path)
    assert not (tmp_path / FAILED_REPORT).exists()  # a good build clears the stale report


def test_an_interrupted_build_leaves_no_trace(tmp_path, cfg):
    good = build([VALID], config=cfg, out=tmp_path)

    def interrupt(stage, done, total):
        if stage == "store":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([VALID], config=cfg.replace(release_date="2027-01-01"), out=tmp_path, progress=interrupt)
    assert not list(tmp_path.glob(".tmp-*"))
    assert os.readlink(tmp_path / "current") == f"releases/{good.id}"


def test_validate_checks_without_writing(tmp_path, cfg):
    checked = validate([VALID], config=cfg)
    assert checked.ok and len(checked.measures) == 2 and checked.warnings
    broken = validate([SHEETS / "duplicate-ids.csv"], config=cfg)
    assert not broken.ok
    assert any(p.code == "duplicate-id" for p in broken.errors)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_source_is_an_input_error(tmp_path, cfg):
    with pytest.raises(InputError) as err:
        build([tmp_path / "nope.csv"], config=cfg, out=tmp_path / "out")
    assert err.value.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_without_a_configured_date_the_release_is_dated_by_its_newest_data(tmp_path, monkeypatch, small_data):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    release = build([VALID], config=Config(data_dir=small_data), out=tmp_path / "a")
    catalogue = (release.path / "catalogus.ttl").read_text()
    assert '"2026-11-27T00:00:00"^^xsd:dateTime' in catalogue  # gemeld_op
    assert "1970-01-01" not in catalogue
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    release = build([VALID], config=Config(data_dir=small_data), out=tmp_path / "b")
    assert 'dct:issued "2026-01-01T00:00:00"^^xsd:dateTime' in (release.path / "catalogus.ttl").read_text()
    assert release.path.stat().st_mtime == 1767225600


def test_a_municipality_table_without_a_successor_stops_the_build_at_its_row(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    table = data / "gemeenten.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("11007,Borsbeek,10000,11000,1970-01-01,2024-12-31,11002",
                                  "11007,Borsbeek,10000,11000,1970-01-01,2024-12-31,"), encoding="utf-8")
    checked = validate([VALID], config=Config(data_dir=data))
    assert not checked.ok
    assert [(p.file, p.row, p.column) for p in checked.errors] == [("gemeenten.csv", 6, "opgevolgd_door")]


def _drawn_in(folder: Path, monkeypatch, *, threads_aside: bool = True) -> None:
    """Make this small release be drawn by forked processes, each noting its pid in `folder`.

    `threads_aside`: fork although this process runs other threads, as a pytest-xdist worker does
    (execnet's); the forked processes run only lod's drawing and need no lock those threads hold."""
    import lod.release.site as site_module

    monkeypatch.setattr(site_module, "PARALLEL_FROM", 0)
    if threads_aside:
        monkeypatch.setattr(site_module, "_alone", lambda: True)
    draw = site_module._draw_documents
    folder.mkdir()

    def noted(*args, **kwargs):
        (folder / str(os.getpid())).touch()
        return draw(*args, **kwargs)

    monkeypatch.setattr(site_module, "_draw_documents", noted)


def _edited(folder: Path) -> Path:
    """VALID with one title changed (T-001's), under another name in `folder`."""
    edited = folder / "edited.csv"
    edited.write_text(VALID.read_text(encoding="utf-8").replace("Vraag naar Angela", "Vraag naar Angela!", 1),
                      encoding="utf-8")
    return edited


def test_drawn_by_several_processes_a_release_is_the_one_drawn_by_one(release, tmp_path, cfg, monkeypatch):
    """Pages and comparisons drawn by 3 forked processes (lod.release.site.page_processes): the same
    files, the same reuse keys in the same order (cache/, outside the id), then, one row edited, a
    build after it reuses and draws exactly what a build by one process does."""
    from lod.layout import EXCHANGE_KEYS, PAGE_KEYS

    _, first, _ = release
    out = tmp_path / "alone"  # a copy: other tests read the module's release as it was built
    shutil.copytree(release[0], out, symlinks=True)
    edited = _edited(tmp_path)
    alone = build([edited], config=cfg, out=out)  # after `release`, by this process alone
    _drawn_in(tmp_path / "pids", monkeypatch)
    forked = tmp_path / "forked"
    assert build([VALID], config=cfg.replace(page_processes=3), out=forked).id == first.id
    pids = {int(p.name) for p in (tmp_path / "pids").iterdir()}
    assert len(pids) == 3 and os.getpid() not in pids
    assert build([edited], config=cfg.replace(page_processes=3), out=forked).id == alone.id != first.id
    pairs = ((out / "releases" / first.id, forked / "releases" / first.id), (alone.path, forked / "current"))
    for one, many in pairs:
        assert files(many) == files(one)
        for keys in (PAGE_KEYS, EXCHANGE_KEYS):
            assert (many / keys).read_bytes() == (one / keys).read_bytes(), keys
    # the same files taken over from the release before (hard links), the edited measure's drawn again
    taken = [_linked(folder, first.id) for folder in (out, forked)]
    assert taken[0] == taken[1] and "doc/maatregel/T-001.html" not in taken[0]
    assert len(taken[0]) > 100


def _linked(releases: Path, earlier: str) -> set[str]:
    """The files of the current release that are the very files (inodes) of release `earlier`."""
    current, before = releases / "current", releases / "releases" / earlier
    return {rel for rel in files(current) if (before / rel).is_file()
            and os.stat(current / rel).st_ino == os.stat(before / rel).st_ino}


def test_a_build_in_a_thread_beside_others_draws_alone(release, tmp_path, cfg, monkeypatch):
    """fork copies only the thread that calls it; where others run (a server that builds in one of
    its threads), a lock one of them holds would stay held in the copy: this process draws it all."""
    import threading

    _, first, _ = release
    _drawn_in(tmp_path / "pids", monkeypatch, threads_aside=False)
    built = []
    thread = threading.Thread(target=lambda: built.append(
        build([VALID], config=cfg.replace(page_processes=2), out=tmp_path / "out")))
    thread.start()
    thread.join()
    assert [b.id for b in built] == [first.id]
    assert {int(p.name) for p in (tmp_path / "pids").iterdir()} == {os.getpid()}


def test_a_process_drawing_pages_that_dies_fails_the_build_and_keeps_the_release(tmp_path, cfg, monkeypatch):
    from lod.errors import LodError
    from lod.pages.site import Site

    good = build([VALID], config=cfg, out=tmp_path)
    before = files(tmp_path / "current")
    edited = _edited(tmp_path)  # a page to draw again: T-001's
    _drawn_in(tmp_path / "pids", monkeypatch)
    monkeypatch.setattr(Site, "render", lambda *_: os._exit(9))  # as the out-of-memory killer stops one
    with pytest.raises(LodError, match="a process drawing part of the release stopped before it finished"):
        build([edited], config=cfg.replace(page_processes=2), out=tmp_path)
    assert os.readlink(tmp_path / "current") == f"releases/{good.id}"
    assert files(tmp_path / "current") == before
    assert not list(tmp_path.glob(".tmp-*"))



# -- the store of a following build ------------------------------------------------------------


def _store_quads(release_dir: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(release_dir / "store")))


def _shared_store_files(one: Path, other: Path) -> int:
    """How many files the two releases' stores share (the same inodes: a checkpoint's hard links)."""
    inodes = {p.stat().st_ino for p in (one / "store").iterdir() if p.is_file()}
    return sum(p.stat().st_ino in inodes for p in (other / "store").iterdir() if p.is_file())


def _following(folder: Path, tmp_path: Path, name: str) -> Path:
    """A copy of an output folder (other tests read the module's release as built) to build after."""
    out = tmp_path / name
    shutil.copytree(folder, out, symlinks=True)
    return out


def _changed_sheet(tmp_path: Path) -> Path:
    """VALID with T-001's title changed and T-002 withdrawn: data added and removed."""
    edited = _edited(tmp_path)
    lines = edited.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[3].startswith("T-002;")
    edited.write_text("".join(lines[:3]), encoding="utf-8")
    return edited


LATER = date(2026, 4, 1)  # the following builds' date: the catalogue's dates and versions change too


@pytest.fixture(scope="module")
def loaded_whole(release, tmp_path_factory, cfg):
    """The changed sheet built after the module's release with its store loaded whole (the release
    before says other software made its store): what every patched store is compared with."""
    from lod.layout import STORE_KEY

    folder = tmp_path_factory.mktemp("whole")
    out = _following(release[0], folder, "whole")
    (out / "current" / STORE_KEY).write_text("other software\n", encoding="utf-8")
    built = build([_changed_sheet(folder)], config=cfg.replace(release_date=LATER), out=out)
    assert _shared_store_files(out / "releases" / release[1].id, built.path) == 0
    return out, built


def test_a_following_build_patches_the_store_of_the_one_before(release, loaded_whole, tmp_path, cfg):
    """The store of a build after a release is that release's store (hard links) with the change
    applied: the same quads as a store loaded whole from this build's graph, catalogue included."""
    from lod.layout import STORE_KEY

    whole_out, whole = loaded_whole
    patched_out = _following(release[0], tmp_path, "patched")
    patched = build([_changed_sheet(tmp_path)], config=cfg.replace(release_date=LATER), out=patched_out)
    assert patched.id == whole.id != release[1].id
    quads = _store_quads(patched.path)
    assert quads == _store_quads(whole.path)
    title = ox.Literal("Vraag naar Angela!", language="nl")
    assert any(q.object == title for q in quads) and not any("T-002" in q.subject.value for q in quads)
    before = patched_out / "releases" / release[1].id
    assert _shared_store_files(before, patched.path) > 0  # copied as a checkpoint, then patched
    assert (patched.path / STORE_KEY).read_bytes() == (whole.path / STORE_KEY).read_bytes()
    # and back: T-002 comes in again, T-001's title goes back to what it was
    third, whole_out = cfg.replace(release_date=date(2026, 5, 1)), _following(whole_out, tmp_path, "whole")
    (whole_out / "current" / STORE_KEY).write_text("other software\n", encoding="utf-8")
    again = build([VALID], config=third, out=patched_out)
    assert _store_quads(again.path) == _store_quads(build([VALID], config=third, out=whole_out).path)
    assert _shared_store_files(patched.path, again.path) > 0


def _lose_a_triple(store: Path) -> None:
    old = ox.Store(str(store))
    old.remove(next(q for q in old if "T-001" in q.subject.value))
    old.flush()


def _truncate_a_file(store: Path) -> None:
    os.truncate(sorted(store.glob("*.sst"))[0], 100)


@pytest.mark.parametrize("damage", [_lose_a_triple, _truncate_a_file])
def test_a_store_that_does_not_hold_its_release_is_not_patched(release, loaded_whole, tmp_path, cfg, caplog,
                                                                damage):
    """A store of the release before that lost a triple (edited by hand) or whose file is cut short
    (a broken copy) is not the base of the next one: the count or RocksDB tells, the store is loaded
    whole and a warning says why; the build does not fail for it."""
    out = _following(release[0], tmp_path, "damaged")
    damage(out / "current" / "store")
    with caplog.at_level("WARNING", logger="lod.store.embedded"):
        built = build([_changed_sheet(tmp_path)], config=cfg.replace(release_date=LATER), out=out)
    assert "it is loaded whole" in caplog.text
    assert _store_quads(built.path) == _store_quads(loaded_whole[1].path)
    assert _shared_store_files(out / "releases" / release[1].id, built.path) == 0


def test_without_the_store_before_a_following_build_loads_it_whole(release, loaded_whole, tmp_path, cfg):
    """A release restored from a backup without its store (the README says the store can be left
    out) is followed by a build that loads its own."""
    out = _following(release[0], tmp_path, "storeless")
    shutil.rmtree(out / "current" / "store")
    built = build([_changed_sheet(tmp_path)], config=cfg.replace(release_date=LATER), out=out)
    assert _store_quads(built.path) == _store_quads(loaded_whole[1].path)
