"""`lod diff [A] [B]`: the changelog and the additions and deletions between any two releases.

A and B are release folders, or ids of releases (`releases/<id>`) or of versions (versies.json) of
an --out directory; without them, the previous and the current release. The diff is the exact
difference of the two N-Triples dumps (lod/release/changes.py): B's graph is A's, minus the
deletions, plus the additions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lod.config import Config
from lod.errors import InputError
from lod.layout import CURRENT, HISTORY, NTRIPLES_DUMP, RELEASES
from lod.release.changes import Changelog, changelog, diff_files, dump_facts
from lod.release.history import load_versions
from lod.text import Text


@dataclass
class Diff:
    old: Path
    new: Path
    added: list[bytes]
    removed: list[bytes]
    changelog: Changelog

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        plus, minus = folder / "toegevoegd.nt", folder / "verwijderd.nt"
        plus.write_bytes(b"".join(self.added))
        minus.write_bytes(b"".join(self.removed))
        return [plus, minus]


def _release_dirs(out: Path) -> list[Path]:
    """The releases of an --out directory in publication order (HISTORY, then any others by name)."""
    releases = out / RELEASES
    order = (out / HISTORY).read_text().split() if (out / HISTORY).is_file() else []
    found = [releases / r for r in order if (releases / r).is_dir()]
    if releases.is_dir():
        found += sorted(d for d in releases.iterdir() if d.is_dir() and d not in found)
    return found


def _resolve(out: Path, name: Path) -> Path:
    if (name / NTRIPLES_DUMP).is_file():
        return name.resolve()
    for release in reversed(_release_dirs(out)):
        if release.name == str(name) or any(v.id == str(name) for v in load_versions(release)[-1:]):
            return release
    raise InputError(
        Text(f"geen release of versie '{name}' in {out}", f"no release or version '{name}' in {out}"),
        hint=Text(
            "geef een releasemap, een release-id (releases/<id>) of een versie-id (versies.json)",
            "give a release folder, a release id (releases/<id>) or a version id (versies.json)",
        ),
    )


def pick_releases(out: Path, old: Path | None, new: Path | None, *, lang: str = "nl") -> tuple[Path, Path]:
    """The two releases to compare; by default the one before the current and the current."""
    if old is not None and new is not None:
        return _resolve(out, old), _resolve(out, new)
    current = (out / CURRENT).resolve() if (out / CURRENT).is_symlink() else None
    if old is not None:  # one argument: from it to the current release
        if current is None:
            raise InputError(
                Text(f"{out} heeft geen huidige release", f"{out} has no current release"),
                hint=Text("bouw eerst een release (lod build)", "build a release first (lod build)"),
            )
        return _resolve(out, old), current
    releases = _release_dirs(out)
    if current is not None and current in releases:
        releases = releases[: releases.index(current) + 1]
    if len(releases) < 2:
        raise InputError(
            Text(f"{out} heeft minder dan twee releases", f"{out} has fewer than two releases"),
            hint=Text(
                "bouw een tweede release, of geef twee releasemappen",
                "build a second release, or give two release folders",
            ),
        )
    return releases[-2], releases[-1]


def diff_releases(old: Path, new: Path, cfg: Config) -> Diff:
    """The difference from release `old` to release `new`, with its changelog."""
    added, removed = diff_files(old / NTRIPLES_DUMP, new / NTRIPLES_DUMP)
    old_names, _ = dump_facts(old / NTRIPLES_DUMP)
    names, facts = dump_facts(new / NTRIPLES_DUMP)
    return Diff(old, new, added, removed, changelog(added, removed, cfg, {**old_names, **names}.get, facts))


__all__ = ["Diff", "diff_releases", "pick_releases"]
