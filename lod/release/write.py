"""Write a release atomically and reproducibly.

Everything is written into `out/.tmp-<random>/`; when complete, a manifest is written, every
mtime is set to the release epoch, the directory is renamed to `out/releases/<id>` (the id is a
hash of the manifest, so the same input gives the same id) and `out/current` is swapped to it with
`os.replace` of a fresh symlink. A failed or interrupted build removes its temporary directory and
never touches `out/current`.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from lod.config import Config
from lod.errors import StoreError
from lod.files import write_atomic
from lod.layout import CACHE, CURRENT, HISTORY, MANIFEST, RELEASE_INFO, RELEASES, STORE, UNHASHED_DIRS
from lod.text import Text


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the release root, with '/'
    size: int
    sha256: str


@dataclass
class Release:
    """A written release: where it is, what it holds, and the warnings the build let through."""

    id: str
    path: Path
    files: list[FileEntry]
    triples: int = 0
    warnings: list = field(default_factory=list)
    quality: Any = None  # the catalogue's MQA score (lod.release.catalogue.mqa.Quality)
    version: str | None = None  # the version of the dataset it publishes (lod.release.history)
    changes: Any = None  # its changelog against the version before (None: the same data)

    def summary(self, lang: str = "nl") -> str:
        files, warnings = len(self.files), len(self.warnings)
        text = Text(f"Release {self.id}: {self.triples} triples, {files} bestanden in {self.path}",
                    f"Release {self.id}: {self.triples} triples, {files} files in {self.path}")
        if self.version:
            text += Text(f", versie {self.version}", f", version {self.version}")
        if warnings:
            text += Text(f" ({warnings} waarschuwingen)", f" ({warnings} warnings)")
        return text.pick(lang)


def release_epoch(issued: date) -> int:
    """Seconds since 1970 of the release date at 00:00 UTC: the only timestamp a release has."""
    return int(datetime(issued.year, issued.month, issued.day, tzinfo=UTC).timestamp())


@contextmanager
def staging_dir(out: Path) -> Iterator[Path]:
    """A fresh `out/.tmp-<random>/`, removed when the block fails (exception or Ctrl-C).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with staging_dir(Path(d)) as tmp:
    ...         tmp.name.startswith(".tmp-")
    True
    """
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".tmp-{secrets.token_hex(6)}"
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # On success the caller has published (renamed) it; anything left is debris.
    if tmp.exists():
        shutil.rmtree(tmp, ignore_errors=True)


def _hashed(name: str) -> bool:
    """Whether the file at relative POSIX `name` is in the manifest."""
    return name.split("/", 1)[0] not in UNHASHED_DIRS and name != MANIFEST


def manifest_entries(root: Path, earlier: Path | None = None) -> list[FileEntry]:
    """Every file of the release (except the manifest and derived indexes), sorted by path.

    `earlier`: a published release whose files this one may share (a build links the files it
    reuses, lod/release/site.py). A file that is the very same file there (same device and inode:
    the same bytes, since a published release is never written into) takes its size and sum from
    that release's manifest instead of being read again."""
    known = _shared_sums(root, earlier)
    entries = []
    for name in _file_names(root):
        if not _hashed(name):
            continue
        path = os.path.join(root, name)
        info = os.stat(path)
        if name in known and known[name][0] == (info.st_dev, info.st_ino, info.st_size):
            entries.append(FileEntry(name, info.st_size, known[name][1]))
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        entries.append(FileEntry(name, info.st_size, digest.hexdigest()))
    return entries


def _file_names(root: Path) -> list[str]:
    """The relative POSIX names of the regular files below `root` (no symbolic link, none followed),
    in the order of their Paths (part by part). Listed with os.scandir and plain strings: Path
    objects for the 132k files of a 1M release cost 4.5 s of the manifest's 6.9 (bench/README.md)."""
    return sorted(_tree(root)[0], key=lambda name: name.split("/"))


def _tree(root: Path) -> tuple[list[str], list[str]]:
    """(regular files, folders) below `root` as relative POSIX names, no symbolic link followed."""
    files: list[str] = []
    folders: list[str] = []
    todo = [("", os.fspath(root))]
    while todo:
        prefix, folder = todo.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(prefix + entry.name)
                    todo.append((prefix + entry.name + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.append(prefix + entry.name)
    return files, folders


def _shared_sums(root: Path, earlier: Path | None) -> dict[str, tuple[tuple[int, int, int], str]]:
    """path -> ((device, inode, size), sha256) of the files `earlier`'s manifest lists; {} without one."""
    manifest = earlier / MANIFEST if earlier is not None else None
    if manifest is None or not manifest.is_file():
        return {}
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError):
        return {}  # not a manifest this code wrote: every file is hashed
    known = {}
    for entry in files:
        try:
            info = os.stat(os.path.join(earlier, entry["path"]))
        except (OSError, KeyError, TypeError):
            continue
        if entry.get("size") == info.st_size and isinstance(entry.get("sha256"), str):
            known[entry["path"]] = ((info.st_dev, info.st_ino, info.st_size), entry["sha256"])
    return known


def manifest_bytes(entries: list[FileEntry]) -> bytes:
    data = {"files": [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in entries]}
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def set_mtimes(root: Path, epoch: int) -> None:
    """Every file and directory gets the release epoch, deepest first (so parents stay put)."""
    files, folders = _tree(root)  # the same walk as the manifest's: strings, not Path objects
    for name in sorted([*files, *folders], key=lambda name: name.count("/"), reverse=True):
        os.utime(os.path.join(root, name), (epoch, epoch))
    os.utime(root, (epoch, epoch))


def publish(tmp: Path, out: Path, *, epoch: int, keep: int = 3) -> Release:
    """Seal `tmp` (manifest, mtimes), move it to `out/releases/<id>`, swap `out/current` to it."""
    entries = manifest_entries(tmp, current_release(out))
    manifest = manifest_bytes(entries)
    (tmp / MANIFEST).write_bytes(manifest)
    release_id = hashlib.sha256(manifest).hexdigest()[:16]
    set_mtimes(tmp, epoch)
    releases = out / RELEASES
    releases.mkdir(exist_ok=True)
    target = releases / release_id
    if target.exists():
        # Same input, same id: the previous build of this content already holds every byte;
        # drop the one just made rather than replace a directory `lod serve` may be reading. Its
        # cache (outside the manifest) is this build's: the keys of the software that made it.
        fresh = tmp / CACHE
        if fresh.is_dir():
            stale = target / f".{CACHE}-{secrets.token_hex(4)}"
            if (target / CACHE).exists():
                os.rename(target / CACHE, stale)
            os.rename(fresh, target / CACHE)
            shutil.rmtree(stale, ignore_errors=True)
        shutil.rmtree(tmp)
    else:
        os.rename(tmp, target)
    _swap_current(out, Path(RELEASES) / release_id)
    _record(out, release_id, keep)
    files = [*entries, FileEntry(MANIFEST, len(manifest), hashlib.sha256(manifest).hexdigest())]
    return Release(id=release_id, path=target, files=sorted(files, key=lambda e: e.path))


def _swap_current(out: Path, target: Path) -> None:
    link = out / f".current-{secrets.token_hex(6)}"
    os.symlink(target, link)
    try:
        os.replace(link, out / CURRENT)
    except BaseException:
        link.unlink(missing_ok=True)
        raise


def _record(out: Path, release_id: str, keep: int) -> None:
    """Remember publication order (mtimes are all the same epoch). Every release stays: old
    versions are addressable (/versies/<id>/); only the query index (store/, rebuilt from the
    dumps by a build) of all but the last `keep` is removed."""
    history_path = out / HISTORY
    history = history_path.read_text().split() if history_path.exists() else []
    history = [h for h in history if h != release_id] + [release_id]
    for old in history[:-max(keep, 1)]:
        shutil.rmtree(out / RELEASES / old / STORE, ignore_errors=True)
    write_atomic(history_path, ("\n".join(history) + "\n").encode())


def release_info(cfg: Config) -> bytes:
    """release.json: what a server needs to know of a release that its files do not say at once.

    >>> json.loads(release_info(Config(base_uri="https://example.org/vu/")))
    {'base_uri': 'https://example.org/vu/'}
    """
    return (json.dumps({"base_uri": cfg.base_uri}, indent=2, sort_keys=True) + "\n").encode()


def release_base(release: Path) -> str | None:
    """The base URI a release was built with (release.json), None for a release without one."""
    path = Path(release) / RELEASE_INFO
    if not path.is_file():
        return None
    try:
        base = json.loads(path.read_text(encoding="utf-8"))["base_uri"]
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path}: geen leesbare base_uri (no readable base_uri): {exc}") from exc
    if not isinstance(base, str) or not base.endswith("/"):
        raise StoreError(f"{path}: base_uri {base!r} is geen basis-URI die op '/' eindigt")
    return base


def current_release(out: Path) -> Path | None:
    """The directory `out/current` points to, or None before the first release."""
    link = out / CURRENT
    return link.resolve() if link.is_symlink() else None


__all__ = ["Release", "FileEntry", "staging_dir", "publish", "release_epoch", "current_release",
           "manifest_entries", "MANIFEST", "release_base", "release_info"]
