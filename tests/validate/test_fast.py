"""The fast engine, component by component: which focus nodes and values it reports, and what it refuses."""

import pyoxigraph as ox
import pytest

from lod.terms import SH
from lod.validate import fast
from lod.validate.engine import validate_graph
from lod.validate.fast import UnsupportedShape

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
EX = "http://ex/"


def run(shapes: str, data: str):
    """The fast engine's outcome, the same whether constraints are joined with the focus pattern or
    asked of the whole path and the focus nodes kept in Python (fast.SCAN_FROM)."""
    quads = list(ox.parse(PREFIXES + data, format=ox.RdfFormat.TURTLE))
    joined = validate_graph(quads, PREFIXES + shapes, engine="fast")
    saved, fast.SCAN_FROM = fast.SCAN_FROM, 0
    try:
        scanned = validate_graph(quads, PREFIXES + shapes, engine="fast")
    finally:
        fast.SCAN_FROM = saved
    assert [f.key for f in scanned.findings] == [f.key for f in joined.findings]
    return joined


def reported(shapes: str, data: str) -> set[tuple[str, str | None, str]]:
    """(focus local name, value text, component local name) for each finding."""
    return {(f.focus_node.value.removeprefix(EX),
             f.value.value.removeprefix(EX) if f.value is not None else None,
             f.constraint_component.value.removeprefix(SH.iri)) for f in run(shapes, data).findings}


def prop(constraints: str) -> str:
    return f"ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; {constraints} ] ."


@pytest.mark.parametrize(("constraints", "data", "expected"), [
    ("sh:minCount 1", "ex:a a ex:C ; ex:p 1 . ex:b a ex:C .", {("b", None, "MinCountConstraintComponent")}),
    ("sh:minCount 2", "ex:a a ex:C ; ex:p 1, 2 . ex:b a ex:C ; ex:p 1 .",
     {("b", None, "MinCountConstraintComponent")}),
    ("sh:maxCount 1", "ex:a a ex:C ; ex:p 1, 2 . ex:b a ex:C ; ex:p 1 .",
     {("a", None, "MaxCountConstraintComponent")}),
    ("sh:datatype xsd:integer", 'ex:a a ex:C ; ex:p 1, "1", "x"^^xsd:integer .',
     {("a", "1", "DatatypeConstraintComponent"), ("a", "x", "DatatypeConstraintComponent")}),
    ("sh:class ex:K", "ex:a a ex:C ; ex:p ex:k, ex:j . ex:k a ex:K .",
     {("a", "j", "ClassConstraintComponent")}),
    ("sh:in ( ex:x ex:y )", "ex:a a ex:C ; ex:p ex:x, ex:z .", {("a", "z", "InConstraintComponent")}),
    ('sh:pattern "^[0-9]{5}$"', 'ex:a a ex:C ; ex:p "44021", "4402" .',
     {("a", "4402", "PatternConstraintComponent")}),
    ('sh:languageIn ( "nl" )', 'ex:a a ex:C ; ex:p "a"@nl, "b"@de .',
     {("a", "b", "LanguageInConstraintComponent")}),
    ("sh:uniqueLang true", 'ex:a a ex:C ; ex:p "a"@nl, "b"@nl, "c"@en .',
     {("a", None, "UniqueLangConstraintComponent")}),
    ("sh:nodeKind sh:IRI", 'ex:a a ex:C ; ex:p ex:x, "y" .', {("a", "y", "NodeKindConstraintComponent")}),
    ("sh:minInclusive 1", "ex:a a ex:C ; ex:p 0, 1 .", {("a", "0", "MinInclusiveConstraintComponent")}),
    ("sh:maxLength 2", 'ex:a a ex:C ; ex:p "ab", "abc" .', {("a", "abc", "MaxLengthConstraintComponent")}),
    ("sh:hasValue ex:x", "ex:a a ex:C ; ex:p ex:x . ex:b a ex:C ; ex:p ex:y .",
     {("b", None, "HasValueConstraintComponent")}),
    ("sh:lessThan ex:q", "ex:a a ex:C ; ex:p 5 ; ex:q 3 . ex:b a ex:C ; ex:p 1 ; ex:q 3 .",
     {("a", "5", "LessThanConstraintComponent")}),
    ("sh:node ex:N", "ex:a a ex:C ; ex:p ex:x, ex:y . ex:x ex:q 1 .",
     {("a", "y", "NodeConstraintComponent")}),
    ("sh:or ( [ sh:datatype xsd:integer ] [ sh:class ex:K ] )",
     'ex:a a ex:C ; ex:p 1, ex:k, "x" . ex:k a ex:K .',
     {("a", "x", "OrConstraintComponent")}),
    ("sh:not [ sh:class ex:K ]", "ex:a a ex:C ; ex:p ex:k, ex:j . ex:k a ex:K .",
     {("a", "k", "NotConstraintComponent")}),
])
def test_each_component_reports_its_violating_values(constraints, data, expected):
    shapes = prop(constraints) + " ex:N sh:property [ sh:path ex:q ; sh:minCount 1 ] ."
    assert reported(shapes, data) == expected


def test_targets_are_joined_once_per_focus_node():
    shapes = ("ex:S sh:targetNode ex:a ; sh:targetSubjectsOf ex:q ; sh:targetClass ex:C ;"
              " sh:property [ sh:path ex:p ; sh:minCount 1 ] .")
    findings = run(shapes, "ex:a a ex:C ; ex:q 1, 2, 3 . ex:K rdfs:subClassOf ex:C . ex:b a ex:K .").findings
    assert sorted(f.focus_node.value for f in findings) == [EX + "a", EX + "b"]


def test_sparql_constraint_fills_the_message_and_covers_every_focus_node():
    shapes = ('ex:S sh:targetClass ex:C ; sh:message "einde {?value} voor {$this}"@nl, "end {?value}"@en ;'
              ' sh:sparql [ sh:select """SELECT $this ?value WHERE { $this <http://ex/end> ?value ;'
              ' <http://ex/start> ?s . FILTER(?value < ?s) }""" ] .')
    data = ("ex:a a ex:C ; ex:start 5 ; ex:end 3 . ex:b a ex:C ; ex:start 1 ; ex:end 3 ."
            " ex:c ex:start 9 ; ex:end 1 .")
    [finding] = run(shapes, data).findings
    assert finding.focus_node == ox.NamedNode(EX + "a") and finding.value.value == "3"
    assert finding.messages == {"nl": "einde 3 voor http://ex/a", "en": "end 3"}
    assert finding.constraint_component == SH.SPARQLConstraintComponent


def test_severity_and_deactivation_are_honoured():
    shapes = ("ex:S sh:targetClass ex:C ;"
              " sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ] ;"
              " sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:deactivated true ] .")
    result = run(shapes, "ex:a a ex:C .")
    assert [f.severity for f in result.findings] == [SH.Warning]
    assert result.conforms  # warnings do not stop a release


@pytest.mark.parametrize(("shapes", "named"), [
    ("ex:S sh:targetClass ex:C ; sh:closed true .", "sh:closed"),
    ("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:K ] ;"
     " sh:qualifiedMinCount 1 ] .", "sh:qualifiedMinCount"),
    ('ex:S sh:targetClass ex:C ; sh:sparql [ sh:ask "ASK { }" ] .', "sh:select"),
    ('ex:S sh:targetClass ex:C ; sh:sparql [ sh:select """SELECT $this WHERE {'
     ' { SELECT ?x WHERE { ?x ?y ?z } }'
     ' }""" ] .', "subquery"),
])
def test_unsupported_constructs_are_refused_by_name(shapes, named):
    with pytest.raises(UnsupportedShape, match=named):
        run(shapes, "ex:a a ex:C .")


def test_the_project_shapes_use_only_supported_constructs():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "shapes").glob("*.ttl")))
    assert text, "no shapes/*.ttl"
    validate_graph([], text, engine="fast")  # raises UnsupportedShape otherwise
