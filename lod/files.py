"""Writing that a crash cannot leave half done: whole files by rename, lines by one locked append.

Every stage that writes a file someone else reads (a table, a starter folder, a submission, the
release history) writes it through here, so there is one way of doing it right.

A file is written to a temporary name beside its target, flushed to disk and renamed over it
(`os.replace`, atomic on one file system): a reader sees the old file or the new one. A file that
must be written once (a decision) is created with O_EXCL, so a second writer fails instead of
overwriting. A log line is one `write` of a whole line under an exclusive lock, so lines from
concurrent processes never interleave.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from pathlib import Path
from typing import Any


def write_atomic(path: Path, data: bytes) -> None:
    """`path` holds `data`, or (after a crash at any point) what it held before."""
    tmp = _on_disk_beside(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_dir(path.parent)


def create_once(path: Path, data: bytes) -> None:
    """Write `path` only if it does not exist yet (FileExistsError otherwise), never half a file:
    the content goes to a temporary file that is then linked to the name (link fails if it exists)."""
    tmp = _on_disk_beside(path, data)
    try:
        os.link(tmp, path)  # atomic, and refuses an existing name (os.replace would overwrite)
    finally:
        tmp.unlink(missing_ok=True)
    sync_dir(path.parent)


def _on_disk_beside(path: Path, data: bytes) -> Path:
    """A new temporary file beside `path` holding `data`, flushed to disk, for a rename or link onto
    `path` (the same directory, so the same file system); nothing is left if writing it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with tmp.open("xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def sync_dir(path: Path) -> None:
    """A rename is durable once its directory is flushed too."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def append_line(path: Path, record: dict[str, Any]) -> None:
    """Append one JSON line to an append-only log, whole, under an exclusive lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line  # after a write cut short: that fragment stays a line of its own
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The records of a log. A write cut short by a crash is no record: the last part without its
    newline, or a fragment a later append closed with one (it does not parse)."""
    if not path.is_file():
        return []
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").split("\n")[:-1]:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


__all__ = ["append_line", "create_once", "read_lines", "sync_dir", "write_atomic"]
