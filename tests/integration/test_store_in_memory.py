"""The query workers answer from a copy of the release in memory (lod/store/embedded.py): it must be
the release's store, quad for quad, whether it is parsed from the release's files or, when those do
not match the store, copied from the store itself."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Store

from lod.layout import CATALOGUE_FILES, NTRIPLES_DUMP, STORE
from lod.store.embedded import memory_copy, release_copy


def _disk(release: Path) -> Store:
    return Store.read_only(str(release / STORE))


def test_the_copy_parsed_from_the_release_files_is_its_store(release):
    disk = _disk(release)
    graph = next(iter(disk.named_graphs()))
    copy = release_copy(release, graph)
    assert copy is not None, "the release's dump could not be read"
    assert len(copy) > 0 and set(copy) == set(disk)


def test_a_dump_that_does_not_match_the_store_is_not_used(release, tmp_path):
    """A dump with a line less (damaged, or edited by hand): the copy comes from the store."""
    for name in (STORE, *CATALOGUE_FILES):
        (tmp_path / name).symlink_to(release / name)
    lines = (release / NTRIPLES_DUMP).read_bytes().splitlines(keepends=True)
    (tmp_path / NTRIPLES_DUMP).parent.mkdir(parents=True)
    (tmp_path / NTRIPLES_DUMP).write_bytes(b"".join(lines[1:]))
    disk = _disk(release)
    graph = next(iter(disk.named_graphs()))
    assert len(release_copy(tmp_path, graph)) == len(disk) - 1
    served = memory_copy(str(tmp_path / STORE), graph, quads=len(disk))
    assert set(served) == set(disk)


def test_without_a_dump_beside_it_the_store_is_copied(release, tmp_path):
    (tmp_path / STORE).symlink_to(release / STORE)
    disk = _disk(release)
    graph = next(iter(disk.named_graphs()))
    assert release_copy(tmp_path, graph) is None
    assert set(memory_copy(str(tmp_path / STORE), graph, quads=len(disk))) == set(disk)
