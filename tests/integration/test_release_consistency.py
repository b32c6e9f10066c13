"""The real release's store holds exactly the triples of its files (dumps and catalogue files).

pyoxigraph normalises literals when it stores them (oxigraph issue #526, no option to turn it
off): every xsd:integer subtype comes back as xsd:integer. DCAT-AP 3 requires dcat:byteSize to be
xsd:nonNegativeInteger, so the files keep that type and the store answers xsd:integer for the
same number. The comparison therefore loads the files through a store too (as any SPARQL store
would read them), and separately checks that byteSize is the only place where the two differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, Quad, Store, parse

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


def test_the_store_holds_exactly_the_triples_of_the_files(real):
    in_store, in_files = real
    reread = Store()
    reread.bulk_extend(in_files)
    assert in_store == triples(reread)
    assert len(in_store) > 5000


def test_only_the_byte_sizes_differ_and_only_in_their_integer_type(real):
    in_store, in_files = real
    only_files, only_store = in_files - in_store, in_store - in_files
    assert {q.predicate for q in only_files | only_store} == {DCAT.byteSize}
    assert {q.object.datatype for q in only_files} == {XSD.nonNegativeInteger}
    retyped = {Quad(q.subject, q.predicate, Literal(q.object.value, datatype=XSD.integer))
               for q in only_files}
    assert retyped == only_store
    assert len(only_files) == 6  # one per dump file
