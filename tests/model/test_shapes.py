"""The shapes stay within what the fast engine translates, and every rule is named and explained."""

from __future__ import annotations

import re
from pathlib import Path

import rdflib
from rdflib.namespace import SH

from lod.terms import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[2]  # the checkout

VUSH = f"{DEFAULT_BASE}shapes#"
# The SHACL terms the shapes may use: the list at the top of shapes/measures.ttl, plus naming.
ALLOWED = {
    "NodeShape", "PropertyShape", "targetClass", "path", "property", "minCount", "maxCount", "datatype",
    "class", "in", "pattern", "languageIn", "uniqueLang", "nodeKind", "IRI", "sparql", "SPARQLConstraint",
    "select", "prefixes", "declare", "prefix", "namespace", "name", "message", "severity", "Violation",
    "Warning",
}


def test_shapes_use_only_the_documented_shacl_terms(shapes_graph):
    used = {str(t).removeprefix(str(SH)) for triple in shapes_graph for t in triple
            if str(t).startswith(str(SH))}
    assert used - ALLOWED == set()
    header = (ROOT / "shapes" / "measures.ttl").read_text(encoding="utf-8").split("@prefix")[0]
    for component in ("minCount", "maxCount", "datatype", "class", "in", "pattern", "languageIn",
                      "uniqueLang", "nodeKind", "sparql"):
        assert re.search(rf"sh:{component}\b", header), component


def test_every_shape_has_an_iri_a_stable_name_a_severity_and_both_messages(shapes_graph):
    shapes = set(shapes_graph.subjects(rdflib.RDF.type, SH.NodeShape)) | set(
        shapes_graph.subjects(rdflib.RDF.type, SH.PropertyShape))
    assert len(shapes) > 100
    for shape in shapes:
        assert isinstance(shape, rdflib.URIRef) and str(shape).startswith(VUSH), shape
        assert str(shapes_graph.value(shape, SH.name)) == str(shape).removeprefix(VUSH)
        assert shapes_graph.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape
        languages = sorted(m.language for m in shapes_graph.objects(shape, SH.message))
        assert languages == ["en", "nl"], shape


def test_paths_are_an_iri_or_a_sequence_of_iris(shapes_graph):
    for path in shapes_graph.objects(None, SH.path):
        if isinstance(path, rdflib.BNode):
            steps = list(rdflib.collection.Collection(shapes_graph, path))
            assert len(steps) >= 2 and all(isinstance(s, rdflib.URIRef) for s in steps)
        else:
            assert isinstance(path, rdflib.URIRef)


def test_recommendations_are_warnings_and_the_rest_violations(shapes_graph):
    warnings = {str(s).removeprefix(VUSH) for s in shapes_graph.subjects(SH.severity, SH.Warning)}
    assert warnings == {"maatregel-output-aanbevolen", "maatregel-contact-aanbevolen",
                        "maatregel-evaluatie-aanbevolen", "maatregel-titel-en", "dataset-contact"}
