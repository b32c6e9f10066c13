"""The feed's members, made as text: a measure's triples and its parts', renamed to the version."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse

from lod.config import Config
from lod.release import history
from lod.release.changes import ROW_POINTER
from lod.release.history import measure_description, member, member_iri

M = "https://w3id.org/veilig-uitgaan/id/maatregel/44021-2022-001"
P = "http://e/p"


def _store() -> Store:
    """A measure with parts linked from it and from each other, a part nobody links, the row pointer,
    a link to itself, another measure whose IRI begins with this one's, and literals that spell
    the IRIs of the measure and its parts."""
    m, other = NamedNode(M), NamedNode(M + "2")
    period, deeper, orphan = NamedNode(M + "#periode"), NamedNode(M + "#periode-einde"), NamedNode(M + "#los")
    p = NamedNode(P)
    store = Store()
    store.extend([
        Quad(m, p, period), Quad(period, p, deeper), Quad(deeper, p, Literal("2024")),
        Quad(m, p, m), Quad(m, p, other), Quad(other, p, m), Quad(orphan, p, Literal("x")),
        Quad(m, NamedNode(ROW_POINTER), Literal("rij 3")),
        Quad(m, p, Literal(f"zie <{M}#periode> en <{M}> .\n")), Quad(period, p, Literal(f"> <{M}#los>")),
        Quad(m, p, Literal("titel", language="nl")),
        Quad(m, p, Literal("3", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        Quad(m, p, NamedNode(M + "#periode/x")),  # under the measure's "#": renamed, though it has no triples
    ])
    return store


def _renamed(term, version: str):
    """What a version renames: the measure and its parts (…#…), as subject or object IRI."""
    if isinstance(term, NamedNode) and (term.value == M or term.value.startswith(M + "#")):
        return NamedNode(version + term.value[len(M):])
    return term


@pytest.mark.parametrize("kind", ["added", "changed", "withdrawn", "removed"])
def test_a_member_holds_the_measure_and_its_parts_renamed_in_the_graph_of_its_version(kind):
    store, vid, time = _store(), "2026-12-01-abcdef", "2026-12-01T00:00:00Z"
    version = member_iri(M, vid)
    made = member(store, Config(), M, kind, vid, time)
    assert (made.iri, made.measure, made.time) == (version, M, time)
    quads = set(parse(b"".join(made.lines), format=RdfFormat.N_QUADS))
    assert len(quads) == len(made.lines)  # one quad a line, none twice
    graph = NamedNode(version)
    expected = set() if kind == "removed" else {
        Quad(_renamed(q.subject, version), q.predicate, _renamed(q.object, version), graph)
        for q in measure_description(store, M)}
    described = {q for q in quads if q.predicate.value == P}
    assert described == expected
    if kind != "removed":  # the parts by links only, the literals as they were, no row pointer
        parts = {version, version + "#periode", version + "#periode-einde"}
        assert {q.subject.value for q in described} == parts
        assert Literal(f"zie <{M}#periode> en <{M}> .\n") in {q.object for q in described}
        assert NamedNode(M + "2") in {q.object for q in described}
        assert NamedNode(version + "#periode/x") in {q.object for q in described}
    assert all(q.graph_name == graph for q in quads)
    assert Quad(graph, NamedNode("http://purl.org/dc/terms/isVersionOf"), NamedNode(M), graph) in quads
    tombstone = Quad(graph, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                     NamedNode("https://www.w3.org/ns/activitystreams#Tombstone"), graph)
    assert (tombstone in quads) == (kind in ("withdrawn", "removed"))


def test_a_fragment_of_members_made_as_text_is_the_trig_of_their_quads():
    """fragment_bytes orders the members' lines by their text: the bytes of `_trig` over the same
    quads (the stream, its members, their triples), literals with escapes and non-ASCII text too."""
    store, cfg = _store(), Config()
    tricky = ['a"b\\c', "regel\nnieuw\ttab", "\x01\x7f", "café 😀 \u2028", "", "z", "Z"]
    store.extend(Quad(NamedNode(M + "2"), NamedNode(P), Literal(t, language="nl" if i % 2 else None))
                 for i, t in enumerate(tricky))
    members = [member(store, cfg, measure, kind, "2026-12-01-abcdef", "2026-12-01T00:00:00Z")
               for measure, kind in ((M + "2", "changed"), (M, "added"), (M + "3", "removed"))]
    path = "ldes/2026-12-01-abcdef-1.trig"
    made = history.fragment_bytes(cfg, path, members)
    page = NamedNode(history.ldes_url(cfg) + "2026-12-01-abcdef-1.trig")
    quads = history._stream(cfg, page)
    member_of = NamedNode("https://w3id.org/tree#member")
    quads += [Quad(quads[0].subject, member_of, NamedNode(m.iri)) for m in members]
    quads += parse(b"".join(line for m in members for line in m.lines), format=RdfFormat.N_QUADS)
    assert made == history._trig(quads, cfg)
    assert all(m.iri.rsplit("/", 3)[-3].encode() in made for m in members) and "café 😀".encode() in made
