"""The real release's store holds exactly the triples of its files (dumps and catalogue files),
less the ones no store gives back unchanged.

pyoxigraph normalises literals when it stores them (oxigraph issue #526, no option to turn it
off): every xsd:integer subtype comes back as xsd:integer. DCAT-AP 3 requires dcat:byteSize to be
xsd:nonNegativeInteger, so the files keep that type and the store leaves those six triples out
rather than answer a changed one (lod.release.catalogue.storable); the documents about the
distributions show them from the files (tests/integration/test_catalogue_shapes.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Quad, Store, parse

from lod.release.catalogue import storable
from lod.terms import DCAT, XSD

FILES = ("dumps/veilig-uitgaan.nt", "catalogus.ttl", "void.ttl", "service-description.ttl")


def triples(quads) -> set[Quad]:
    return {Quad(q.subject, q.predicate, q.object) for q in quads}


@pytest.fixture(scope="module")
def real(release: Path) -> tuple[set[Quad], set[Quad]]:
    assert (release / "index.html").is_file(), "the project's data/ must build a real release"
    stored = Store.read_only(str(release / "store"))
    in_store = triples(stored)
    del stored
    in_files: set[Quad] = set()
    for name in FILES:
        in_files |= triples(parse(path=str(release / name)))
    return in_store, in_files


def test_the_store_holds_exactly_the_triples_of_the_files_a_store_keeps(real):
    in_store, in_files = real
    assert in_store == set(storable(in_files))
    assert len(in_store) > 5000


def test_only_the_byte_sizes_are_left_out_and_nothing_is_retyped(real):
    in_store, in_files = real
    only_files, only_store = in_files - in_store, in_store - in_files
    assert not only_store
    assert {q.predicate for q in only_files} == {DCAT.byteSize}
    assert {q.object.datatype for q in only_files} == {XSD.nonNegativeInteger}
    assert len(only_files) == 7  # one per dump file and the versions graph (versies.nt)
