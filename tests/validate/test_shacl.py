"""validate_graph's contract: stable shape names, a reproducible report without blank nodes."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.graph.codelists import shapes_text
from lod.terms import RDF, SH
from lod.validate import reference
from lod.validate.engine import validate_graph
from lod.validate.findings import read_findings
from lod.validate.shapes import skolemize_shapes

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .
ex:S sh:targetClass ex:C ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "p ontbreekt"@nl, "p missing"@en ] ;
    sh:property [ sh:path ( ex:q [ sh:inversePath ex:r ] ) ; sh:maxCount 0 ] ;
    sh:property [ sh:path ex:s ; sh:minCount 1 ; sh:severity sh:Warning ] .
"""
DATA = "@prefix ex: <http://ex/> . ex:a a ex:C ; ex:q ex:m . ex:n ex:r ex:m . ex:b a ex:C ; ex:p 1 ; ex:s 2 ."
REPORT = ox.NamedNode("https://w3id.org/veilig-uitgaan/doc/validatierapport")


def quads(text: str) -> list[ox.Quad]:
    return list(ox.parse(text, format=ox.RdfFormat.TURTLE))


def test_blank_shapes_get_the_same_iri_on_every_parse_under_their_parent():
    first = {q.subject for q in skolemize_shapes(SHAPES) if q.predicate == SH.path}
    second = {q.subject for q in skolemize_shapes(SHAPES) if q.predicate == SH.path}
    assert first == second and len(first) == 3
    assert all(isinstance(s, ox.NamedNode) and s.value.startswith("http://ex/S-") for s in first)


def test_report_is_sorted_has_no_blank_nodes_and_reads_back_to_the_same_findings():
    result = validate_graph(quads(DATA), SHAPES)
    report = result.report_quads(REPORT)
    assert report == result.report_quads(REPORT) == sorted(report, key=str)
    assert not any(isinstance(t, ox.BlankNode) for q in report for t in (q.subject, q.object))
    assert ox.Quad(REPORT, SH.conforms, ox.Literal(False)) in report
    store = ox.Store()
    store.extend(report)
    read_back = sorted(read_findings(store), key=lambda f: f.key)
    assert [f.key for f in read_back] == [f.key for f in result.findings]
    assert sorted(f.messages.get("nl", "") for f in read_findings(store)) == ["", "", "p ontbreekt"]
    assert len(list(store.quads_for_pattern(None, RDF.type, SH.ValidationResult))) == 3


def test_conforms_ignores_warnings_and_both_engines_agree():
    data = "@prefix ex: <http://ex/> . ex:b a ex:C ; ex:p 1 ."
    for engine in ("fast", "pyshacl"):
        result = validate_graph(quads(data), SHAPES, engine=engine)
        assert result.conforms
        assert [f.severity for f in result.findings] == [SH.Warning]


def test_a_store_is_validated_in_place():
    store = ox.Store()
    store.extend(quads(DATA))
    assert validate_graph(store, SHAPES).findings == validate_graph(quads(DATA), SHAPES).findings


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="pyshacl"):
        validate_graph([], SHAPES, engine="quick")


def test_pyshacl_parses_each_rule_once_whatever_order_it_writes_the_prefixes_in():
    """pySHACL puts a rule's sh:prefixes before its query in another order on every run: the
    prepared queries must still be found, or each validation parses every rule again."""
    first = "PREFIX a: <http://a/>\nPREFIX b: <http://b/>\nSELECT $this WHERE { $this a:p b:o }"
    other = "PREFIX b: <http://b/>\n PREFIX a: <http://a/>\nSELECT $this WHERE { $this a:p b:o }"
    assert reference._canonical(first) == reference._canonical(other)
    twice = "PREFIX a: <http://a/>\nPREFIX a: <http://b/>\nSELECT $this WHERE { $this a:p a:o }"
    assert reference._canonical(twice) == twice  # the last declaration wins: the order stays
    example = Path(__file__).resolve().parents[1] / "data" / "examples" / "valid" / "gentse-feesten.ttl"
    data = list(ox.parse(path=str(example), format=ox.RdfFormat.TURTLE))
    shapes = shapes_text(Config())
    validate_graph(data, shapes, engine="pyshacl")
    prepared = len(reference._PREPARED)
    assert prepared > 10  # the project's SPARQL rules
    for _ in range(3):
        validate_graph(data, shapes, engine="pyshacl")
    assert len(reference._PREPARED) == prepared
