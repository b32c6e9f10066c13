"""Atomic, reproducible releases: temp dir, manifest, content-derived id, symlink swap, pruning."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

import pytest

from lod.release.write import (
    MANIFEST,
    current_release,
    publish,
    release_epoch,
    staging_dir,
)

EPOCH = release_epoch(date(2026, 3, 1))


def _write(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)


def _release(out: Path, files: dict[str, bytes], keep: int = 3):
    with staging_dir(out) as tmp:
        _write(tmp, files)
        return publish(tmp, out, epoch=EPOCH, keep=keep)


def test_release_epoch_is_midnight_utc_of_the_release_date():
    assert release_epoch(date(1970, 1, 2)) == 86400


def test_publish_moves_the_release_and_points_current_at_it(tmp_path):
    release = _release(tmp_path, {"a.txt": b"alpha", "dumps/b.nt": b"<x> <y> <z> .\n"})
    assert release.path == tmp_path / "releases" / release.id
    assert os.readlink(tmp_path / "current") == f"releases/{release.id}"
    assert current_release(tmp_path) == release.path.resolve()
    assert (tmp_path / "current" / "dumps" / "b.nt").read_bytes() == b"<x> <y> <z> .\n"
    assert not list(tmp_path.glob(".tmp-*")) and not list(tmp_path.glob(".current-*"))


def test_manifest_lists_every_file_with_size_and_sha256_sorted(tmp_path):
    release = _release(tmp_path, {"z.txt": b"zz", "a/b.txt": b"b", "store/db": b"random bytes"})
    manifest = json.loads((release.path / MANIFEST).read_text())
    assert [f["path"] for f in manifest["files"]] == ["a/b.txt", "z.txt"]  # the store is not hashed
    assert manifest["files"][1] == {"path": "z.txt", "size": 2, "sha256": hashlib.sha256(b"zz").hexdigest()}
    assert release.id == hashlib.sha256((release.path / MANIFEST).read_bytes()).hexdigest()[:16]


def test_every_mtime_is_the_release_epoch(tmp_path):
    release = _release(tmp_path, {"a/b/c.txt": b"c", "d.txt": b"d"})
    for path in [release.path, *release.path.rglob("*")]:
        assert path.stat().st_mtime == EPOCH, path


def test_same_content_gives_the_same_id_and_one_directory(tmp_path):
    first = _release(tmp_path, {"a.txt": b"same"})
    second = _release(tmp_path, {"a.txt": b"same"})
    assert first.id == second.id
    assert sorted(p.name for p in (tmp_path / "releases").iterdir() if p.is_dir()) == [first.id]


def test_other_content_gets_another_id_and_current_moves(tmp_path):
    first = _release(tmp_path, {"a.txt": b"one"})
    second = _release(tmp_path, {"a.txt": b"two"})
    assert first.id != second.id
    assert current_release(tmp_path) == second.path.resolve()
    assert first.path.is_dir()  # kept: readers may still be using it


@pytest.mark.parametrize("interruption", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failed_build_removes_its_temp_dir_and_keeps_current(tmp_path, interruption):
    good = _release(tmp_path, {"a.txt": b"good"})
    with pytest.raises(type(interruption)):
        with staging_dir(tmp_path) as tmp:
            _write(tmp, {"a.txt": b"half written"})
            raise interruption
    assert not list(tmp_path.glob(".tmp-*"))
    assert current_release(tmp_path) == good.path.resolve()
    assert (tmp_path / "current" / "a.txt").read_bytes() == b"good"


def test_every_release_stays_and_only_the_last_keep_their_store(tmp_path):
    """Old versions stay addressable (/versies/<id>/): no release folder is removed; the query
    index (store/, rebuilt from the dumps) of all but the last `keep` goes."""
    ids = [_release(tmp_path, {"a.txt": str(n).encode(), "store/db": b"index"}, keep=2).id for n in range(4)]
    kept = sorted(p.name for p in (tmp_path / "releases").iterdir() if p.is_dir())
    assert kept == sorted(ids)
    assert [(tmp_path / "releases" / i / "store").is_dir() for i in ids] == [False, False, True, True]
    assert all((tmp_path / "releases" / i / "a.txt").is_file() for i in ids)
    assert (tmp_path / "releases" / "HISTORY").read_text().split() == ids
    assert current_release(tmp_path).name == ids[-1]


def test_rebuilding_an_old_release_makes_it_current_again(tmp_path):
    first = _release(tmp_path, {"a.txt": b"one"})
    _release(tmp_path, {"a.txt": b"two"})
    again = _release(tmp_path, {"a.txt": b"one"})
    assert again.id == first.id
    assert current_release(tmp_path) == first.path.resolve()


def test_the_site_writer_writes_every_file_before_it_closes_and_raises_its_errors(tmp_path):
    """Pages are written by a thread of their own: after the block every file holds its bytes,
    a file linked from an earlier release is replaced, not written into, and an error writing
    one is raised when the block ends."""
    from lod.release.site import _Writer

    earlier = tmp_path / "earlier.html"
    earlier.write_text("earlier release", encoding="utf-8")
    (tmp_path / "out" / "doc").mkdir(parents=True)
    os.link(earlier, tmp_path / "out" / "doc" / "linked.html")
    with _Writer(tmp_path / "out") as out:
        for i in range(600):  # more than the writer holds queued
            out.put(f"doc/{i % 7}/page-{i}.html", f"page {i}")
        out.put("doc/linked.html", b"this release")
        out.copy(earlier, "copied.html")
    pages = [(tmp_path / "out" / f"doc/{i % 7}/page-{i}.html").read_text() for i in range(600)]
    assert pages == [f"page {i}" for i in range(600)]
    assert (tmp_path / "out" / "doc" / "linked.html").read_bytes() == b"this release"
    assert earlier.read_text(encoding="utf-8") == "earlier release"
    assert (tmp_path / "out" / "copied.html").read_text(encoding="utf-8") == "earlier release"
    assert len(out.written) == 602
    (tmp_path / "blocked").write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(OSError), _Writer(tmp_path) as out:
        out.put("blocked/page.html", "x")
