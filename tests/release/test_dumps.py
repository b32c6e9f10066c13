"""Dumps: canonical order, byte-stable gzip, checksums, and JSON-LD that expands to the same graph."""

from __future__ import annotations

import gzip
import hashlib
import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from lod.config import Config
from lod.release.dumps import canonical, gzipped, jsonld, ntriples, store_canonical, turtle, write_dumps

V = "https://w3id.org/veilig-uitgaan/"
XSD = "http://www.w3.org/2001/XMLSchema#"
M = ox.NamedNode(V + "id/maatregel/44021-2022-001")
PERIOD = ox.NamedNode(M.value + "#periode")


def q(s, p, o) -> ox.Quad:
    return ox.Quad(s, ox.NamedNode(p), o)


QUADS = [
    q(PERIOD, "http://www.w3.org/ns/dcat#startDate",
      ox.Literal("2022-07", datatype=ox.NamedNode(XSD + "gYearMonth"))),
    q(M, "http://purl.org/dc/terms/title", ox.Literal("Gentse Feesten", language="nl")),
    q(M, "http://purl.org/dc/terms/title", ox.Literal("Ghent Festivities", language="en")),
    q(M, "http://purl.org/dc/terms/type", ox.NamedNode(V + "id/concept/maatregeltype/vorming")),
    q(M, "http://purl.org/dc/terms/type", ox.NamedNode(V + "id/concept/maatregeltype/sensibilisering")),
    q(M, V + "ns#specifiekSGG", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
    q(M, V + "ns#evenement", ox.Literal('Gentse "Feesten" \\ é')),
    q(M, "http://purl.org/dc/terms/temporal", PERIOD),
    q(M, "http://purl.org/dc/terms/spatial", ox.NamedNode("https://data.vlaanderen.be/id/gemeente/44021")),
    q(M, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(V + "ns#Maatregel")),
    q(M, V + "ns#aantal", ox.Literal("045", datatype=ox.NamedNode(XSD + "integer"))),  # lexical form kept
]

# A context like ontology/context.jsonld: prefixes, plain terms, coercions and a language map.
CONTEXT = {
    "vu": V + "ns#", "dct": "http://purl.org/dc/terms/", "xsd": XSD, "dcat": "http://www.w3.org/ns/dcat#",
    "Maatregel": "vu:Maatregel",
    "titel": {"@id": "dct:title", "@container": "@language"},
    "type": {"@id": "dct:type", "@type": "@id", "@container": "@set"},
    "specifiekSGG": {"@id": "vu:specifiekSGG", "@type": "xsd:boolean"},
    "periode": {"@id": "dct:temporal", "@type": "@id"},
    "evenement": "vu:evenement",
    "start": {"@id": "dcat:startDate", "@type": "xsd:date"},  # a coercion that does not fit gYearMonth
    "lijst": {"@id": "dct:spatial", "@container": "@list"},  # never used: it would make an rdf:List
}


def rdflib_graph(data: bytes, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=data, format=fmt)


def reference() -> rdflib.Graph:
    return rdflib_graph(ntriples(canonical(QUADS)), "nt")


def test_ntriples_lines_are_sorted_and_distinct():
    lines = ntriples(canonical(QUADS + QUADS[:3])).decode().splitlines()
    assert lines == sorted(set(lines)) and len(lines) == len(QUADS)


def test_order_of_input_does_not_change_any_dump():
    cfg = Config()
    shuffled = list(reversed(QUADS))
    assert turtle(QUADS, cfg) == turtle(shuffled, cfg)
    assert ntriples(canonical(QUADS)) == ntriples(canonical(shuffled))
    assert jsonld(QUADS, CONTEXT) == jsonld(shuffled, CONTEXT)


def test_ordered_input_is_not_sorted_again_and_gives_the_same_bytes():
    cfg = Config()
    ordered = canonical(list(reversed(QUADS)))
    assert turtle(ordered, cfg, ordered=True) == turtle(list(reversed(QUADS)), cfg)
    assert jsonld(ordered, CONTEXT, ordered=True) == jsonld(list(reversed(QUADS)), CONTEXT)
    # ordered=True trusts its input: a reversed list stays reversed (the sort really is skipped).
    backwards = list(reversed(ordered))
    assert turtle(backwards, cfg, ordered=True) != turtle(ordered, cfg, ordered=True)


def test_turtle_has_sorted_prefixes_and_the_same_graph():
    data = turtle(QUADS, Config())
    header = [line for line in data.decode().splitlines() if line.startswith("@prefix")]
    assert header == sorted(header) and any(line.startswith("@prefix vu:") for line in header)
    assert isomorphic(rdflib_graph(data, "turtle"), reference())


def test_jsonld_uses_the_context_and_expands_to_the_same_graph():
    data = jsonld(QUADS, CONTEXT)
    doc = json.loads(data)
    assert doc["@context"] == CONTEXT  # inline: parsers need no network
    node = next(n for n in doc["@graph"] if n["@id"] == M.value)
    assert node["@type"] == "Maatregel"
    assert node["titel"] == {"en": "Ghent Festivities", "nl": "Gentse Feesten"}
    assert sorted(node["type"]) == [V + "id/concept/maatregeltype/sensibilisering",
                                    V + "id/concept/maatregeltype/vorming"]
    assert node["specifiekSGG"] == "true"
    assert "lijst" not in node
    assert isomorphic(rdflib_graph(data, "json-ld"), reference())
    parsed = list(ox.parse(data, format=ox.RdfFormat.JSON_LD))
    assert isomorphic(rdflib_graph(ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES), "nt"), reference())


def test_jsonld_without_terms_falls_back_to_prefixed_names():
    data = jsonld(QUADS, {"dct": "http://purl.org/dc/terms/"})
    node = next(n for n in json.loads(data)["@graph"] if n["@id"] == M.value)
    assert {"@value": "Gentse Feesten", "@language": "nl"} in node["dct:title"]
    assert isomorphic(rdflib_graph(data, "json-ld"), reference())


def test_blank_nodes_are_refused():
    with pytest.raises(ValueError, match="blank nodes"):
        jsonld([ox.Quad(ox.BlankNode(), ox.NamedNode(V + "p"), ox.Literal("x"))], CONTEXT)


def test_gzip_is_byte_stable_and_has_no_timestamp():
    data = b"hello\n" * 1000
    packed = gzipped(data)
    assert packed == gzipped(data)
    assert packed[4:8] == b"\0\0\0\0"  # MTIME field of the gzip header
    assert gzip.decompress(packed) == data


def test_write_dumps_writes_every_format_gzipped_with_checksums(tmp_path):
    cfg = Config(ontology_dir=tmp_path / "no-ontology")  # falls back to a context of prefixes
    written = write_dumps(QUADS, cfg, tmp_path / "dumps").files
    names = sorted(p.name for p in written)
    assert names == ["SHA256SUMS"] + sorted(
        f"veilig-uitgaan.{ext}{gz}" for ext in ("ttl", "nt", "jsonld") for gz in ("", ".gz"))
    lines = (tmp_path / "dumps/SHA256SUMS").read_text().splitlines()
    sums = dict(reversed(line.split("  ")) for line in lines)
    for path in written:
        if path.name != "SHA256SUMS":
            assert sums[path.name] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert gzip.decompress((tmp_path / "dumps/veilig-uitgaan.nt.gz").read_bytes()) == \
        (tmp_path / "dumps/veilig-uitgaan.nt").read_bytes()


def test_store_canonical_is_canonical_and_write_dumps_takes_it_as_ordered(tmp_path):
    store = ox.Store()
    store.extend(reversed(QUADS))
    # The store keeps the value of "045"^^xsd:integer, not its lexical form: the dumps of a build
    # (read from its store) show what SPARQL answers. Every other quad comes back as it went in.
    plain = [q for q in QUADS if q.object != ox.Literal("045", datatype=ox.NamedNode(XSD + "integer"))]
    assert [q for q in store_canonical(store) if q.object.value != "45"] == canonical(plain)
    store = ox.Store()
    store.extend(plain)
    assert store_canonical(store) == canonical(plain)
    cfg = Config(ontology_dir=tmp_path / "no-ontology")
    write_dumps(plain, cfg, tmp_path / "a")
    write_dumps(store_canonical(store), cfg, tmp_path / "b", ordered=True)
    write_dumps(store, cfg, tmp_path / "c")  # what a build passes: its store
    for name in ("veilig-uitgaan.ttl", "veilig-uitgaan.nt", "veilig-uitgaan.jsonld", "SHA256SUMS"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "c" / name).read_bytes()


def test_canonical_lines_are_the_lines_of_canonical_in_its_order():
    """The sorted N-Triples lines, mended into canonical order, are canonical()'s quads one by one,
    where byte order and canonical order differ: a subject that begins another (X, X#a, X/b, X-c),
    a predicate that begins another, rdf:type first, escapes and non-ASCII text."""
    import random

    rnd = random.Random(7)
    subjects = [ox.NamedNode(V + "id/m/X" + tail) for tail in ("", "#a", "#a2", "/b", "-c", "0", "é", "~")]
    predicates = [ox.NamedNode(p) for p in (V + "ns#p", V + "ns#p2", V + "ns#p-", V + "ns/p",
                                             "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                                             "http://www.w3.org/1999/02/22-rdf-syntax-ns#typeX",
                                             "http://purl.org/dc/terms/title",  # bytes before rdf:type
                                             "http://www.w3.org/1999/02/22-rdf-syntax-ns#first")]
    objects = [*subjects, ox.Literal("a"), ox.Literal("a", language="nl"), ox.Literal('q"uote\\ \n é'),
               ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")), ox.Literal("Z"), ox.Literal("é")]
    quads = [ox.Quad(rnd.choice(subjects), rnd.choice(predicates), rnd.choice(objects)) for _ in range(400)]
    expected = [ox.serialize([q.triple], format=ox.RdfFormat.N_TRIPLES) for q in canonical(quads)]
    from lod.release.dumps import canonical_lines, ntriples_lines

    assert canonical_lines(ntriples_lines(quads)) == expected
    store = ox.Store()
    store.extend(quads)
    assert canonical_lines(ntriples_lines(store)) == expected


def test_jsonld_text_is_what_json_dumps_writes(tmp_path):
    """The JSON-LD dump is written node by node; its bytes are json.dumps(indent=1)'s."""
    data = jsonld(QUADS, CONTEXT)
    assert data == (json.dumps(json.loads(data), ensure_ascii=False, indent=1) + "\n").encode()
    empty = json.dumps({"@context": CONTEXT, "@graph": []}, ensure_ascii=False, indent=1) + "\n"
    assert jsonld([], CONTEXT) == empty.encode()


def _graph_of(n: int, *, title: str = "t") -> list[ox.Quad]:
    """n measures with a period part each, subjects whose IRIs begin one another, non-ASCII text."""
    quads = []
    for i in range(n):
        m = ox.NamedNode(f"{V}id/maatregel/{i:02d}{'é' if i % 3 == 0 else ''}")
        part = ox.NamedNode(m.value + "#periode")
        quads += [q(m, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(V + "ns#Maatregel")),
                  q(m, "http://purl.org/dc/terms/title", ox.Literal(f"{title} {i}", language="nl")),
                  q(m, "http://purl.org/dc/terms/title", ox.Literal(f"{title} {i} \"en\"", language="en")),
                  q(m, "http://purl.org/dc/terms/type", ox.NamedNode(V + "id/concept/maatregeltype/vorming")),
                  q(m, "http://purl.org/dc/terms/temporal", part),
                  q(part, "http://www.w3.org/ns/dcat#startDate",
                    ox.Literal(f"20{i:02d}-07", datatype=ox.NamedNode(XSD + "gYearMonth")))]
    return quads


def _reused(old: list[ox.Quad], new: list[ox.Quad], earlier: str | None = None) -> bytes | None:
    import tempfile
    from pathlib import Path

    from lod.release.dumps import _diff, _subject_of, canonical_lines, jsonld_reusing, ntriples_lines

    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "old.nt"
        dump.write_bytes(b"".join(ntriples_lines(old)))
        lines = ntriples_lines(new)
        diff = _diff(dump, lines)
    assert diff is not None
    changed = {_subject_of(line) for line in (*diff[0], *diff[1])}
    text = jsonld(old, CONTEXT).decode() if earlier is None else earlier
    return jsonld_reusing(b"".join(canonical_lines(lines)), CONTEXT, text, changed)


@pytest.mark.parametrize("change", ["none", "first", "middle", "last", "part", "added", "removed", "all"])
def test_jsonld_from_the_nodes_of_an_earlier_dump_is_the_whole_dump(change):
    """A rebuild takes the JSON-LD nodes of unchanged subjects from the release before: the bytes are
    those of the dump made whole, whatever changed (a subject first or last, a hash part only, a
    subject added or removed, every subject)."""
    old = _graph_of(12)
    new = list(old)
    title = "http://purl.org/dc/terms/title"
    first, last = sorted({x.subject.value for x in old if "#" not in x.subject.value})[::11]
    if change in ("first", "middle", "last"):
        subject = {"first": first, "last": last, "middle": V + "id/maatregel/05"}[change]
        new = [x for x in new if not (x.subject.value == subject and x.predicate.value == title)]
        new.append(q(ox.NamedNode(subject), title, ox.Literal("nieuw", language="nl")))
    elif change == "part":
        new = [x for x in new if x.subject.value != V + "id/maatregel/04#periode"]
    elif change == "added":
        new += _graph_of(14)[-12:]  # 12 and 13, each with its part
    elif change == "removed":
        new = [x for x in new if not x.subject.value.startswith(V + "id/maatregel/07")]
    elif change == "all":
        new = _graph_of(12, title="u")
    assert _reused(old, new) == jsonld(new, CONTEXT)


def test_jsonld_takes_the_earlier_nodes_of_unchanged_subjects_and_makes_the_changed_ones():
    """Taken, not made again: a mark put into the earlier dump's node of an unchanged subject shows
    in the result; one put into the node of a subject that changed does not."""
    old = _graph_of(6)
    new = [x for x in old if x.subject.value != V + "id/maatregel/01"] + [
        x for x in _graph_of(6, title="u") if x.subject.value == V + "id/maatregel/01"]
    marked = jsonld(old, CONTEXT).decode().replace('"t 2"', '"MARK 2"').replace('"t 1"', '"MARK 1"')
    made = _reused(old, new, marked)
    assert made is not None and b'"MARK 2"' in made and b"MARK 1" not in made and b'"u 1"' in made
    assert made.replace(b'"MARK 2"', b'"t 2"') == jsonld(new, CONTEXT)


@pytest.mark.parametrize("earlier", ["", "{}", "not json", "cut"])
def test_an_earlier_text_that_is_no_such_dump_is_not_reused(earlier):
    """Any other text (empty, another document, cut short) gives None: the dump is made whole."""
    old = _graph_of(3)
    if earlier == "cut":
        earlier = jsonld(old, CONTEXT).decode()[:-40]
    assert _reused(old, _graph_of(3, title="u"), earlier) is None
    assert _reused(old, old, jsonld([], CONTEXT).decode()) is None  # an empty dump has no nodes to take


def test_write_dumps_after_an_earlier_release_writes_the_same_files(tmp_path):
    """write_dumps with the dumps folder of the release before (same key) writes what it writes
    without it, also when that folder's JSON-LD is damaged or missing; the lines it gives as added
    and removed are those of the two N-Triples dumps."""
    from lod.release.dumps import jsonld_key

    cfg = Config(ontology_dir=tmp_path / "no-ontology")
    assert jsonld_key(cfg) == jsonld_key(cfg) != jsonld_key(Config())  # the context is part of it
    old, new = _graph_of(8), _graph_of(8)[:-6] + _graph_of(9, title="u")[-6:]
    write_dumps(old, cfg, tmp_path / "old")
    write_dumps(new, cfg, tmp_path / "whole")
    reused = write_dumps(new, cfg, tmp_path / "reusing", earlier=tmp_path / "old", reuse_jsonld=True)
    damaged = tmp_path / "damaged"
    write_dumps(old, cfg, damaged)
    (damaged / "veilig-uitgaan.jsonld").write_bytes(b"\xff\xfe")
    write_dumps(new, cfg, tmp_path / "after-damaged", earlier=damaged, reuse_jsonld=True)
    nothing = write_dumps(new, cfg, tmp_path / "after-nothing", earlier=tmp_path / "missing",
                          reuse_jsonld=True)
    for name in sorted(p.name for p in (tmp_path / "whole").iterdir()):
        expected = (tmp_path / "whole" / name).read_bytes()
        for folder in ("reusing", "after-damaged", "after-nothing"):
            assert (tmp_path / folder / name).read_bytes() == expected, (folder, name)
    old_lines = set((tmp_path / "old" / "veilig-uitgaan.nt").read_bytes().splitlines(keepends=True))
    new_lines = set((tmp_path / "whole" / "veilig-uitgaan.nt").read_bytes().splitlines(keepends=True))
    assert reused.diff is not None and nothing.diff is None
    added, removed = reused.diff
    assert (set(added), set(removed)) == (new_lines - old_lines, old_lines - new_lines) and added and removed
