"""The model validates itself, parses the same with two parsers, and covers docs/rdf-model.md."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import SH, SKOS

from lod.graph.codelists import CODELIST_NAMES, codelist_paths, load_model, shapes_text, vocabulary_path
from lod.terms import DEFAULT_BASE
from lod.validate.engine import validate_graph

ROOT = Path(__file__).resolve().parents[2]  # the checkout

VU = rdflib.Namespace(f"{DEFAULT_BASE}ns#")
VUSH = rdflib.Namespace(f"{DEFAULT_BASE}shapes#")
MODEL_FILES = {"vu": vocabulary_path,
               **{n: (lambda cfg, n=n: codelist_paths(cfg)[n]) for n in CODELIST_NAMES}}


def _model_graph(cfg) -> rdflib.Graph:
    nquads = ox.serialize(load_model(cfg), format=ox.RdfFormat.N_QUADS)
    return rdflib.Graph().parse(data=nquads, format="nt")


@pytest.fixture(scope="module")
def model(cfg) -> rdflib.Graph:
    return _model_graph(cfg)


def test_vocabulary_and_code_lists_pass_the_model_shapes(cfg):
    """No finding of any severity, by pySHACL (the reference engine) and by the fast engine."""
    for engine in ("pyshacl", "fast"):
        validation = validate_graph(load_model(cfg), shapes_text(cfg), engine=engine)
        assert validation.findings == [], (engine, [f.key for f in validation.findings])


def test_the_model_shapes_bite_on_the_real_model(cfg):
    """Drop one English label from the real vocabulary: the self-check must notice."""
    label = ox.Quad(ox.NamedNode(VU.trekker), ox.NamedNode(rdflib.RDFS.label),
                    ox.Literal("lead", language="en"))
    graph = list(ox.parse(path=vocabulary_path(cfg), format=ox.RdfFormat.TURTLE))
    assert label in graph
    for engine in ("pyshacl", "fast"):
        validation = validate_graph([q for q in graph if q != label], shapes_text(cfg), engine=engine)
        assert not validation.conforms, engine
        assert {f.focus_node for f in validation.findings} == {ox.NamedNode(VU.trekker)}, engine


@pytest.mark.parametrize("name", MODEL_FILES)
def test_rdflib_and_pyoxigraph_parse_the_same_graph(name, cfg):
    path = MODEL_FILES[name](cfg)
    by_rdflib = rdflib.Graph().parse(path, format="turtle")
    nt = ox.serialize(ox.parse(path=path, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    by_oxigraph = rdflib.Graph().parse(data=nt, format="nt")
    assert len(by_rdflib) > 20
    assert isomorphic(by_rdflib, by_oxigraph)


def test_every_vu_term_of_the_rdf_model_is_defined(model):
    contract = (ROOT / "docs" / "rdf-model.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\bvu:([A-Za-z]+)", contract))
    assert {"Maatregel", "trekker", "huidigeGemeente", "nisCode", "IngetrokkenMaatregel"} <= used
    defined = {str(s).removeprefix(str(VU)) for s in model.subjects(rdflib.RDFS.isDefinedBy, None)}
    assert used - defined == set()


@pytest.mark.parametrize("term, superterm", [
    ("Maatregel", "http://www.w3.org/ns/prov#Activity"),
    ("Output", "http://www.w3.org/ns/prov#Entity"),
    ("trekker", "http://www.w3.org/ns/prov#wasAssociatedWith"),
    ("huidigeGemeente", "http://purl.org/dc/terms/spatial"),
    ("nisCode", "http://purl.org/dc/terms/identifier"),
    ("output", "http://www.w3.org/ns/prov#generated"),
])
def test_terms_refine_the_standard_term(model, term, superterm):
    supers = set(model.objects(VU[term], rdflib.RDFS.subClassOf)) | set(
        model.objects(VU[term], rdflib.RDFS.subPropertyOf))
    assert rdflib.URIRef(superterm) in supers


def test_withdrawn_measures_are_not_measures(model):
    """A tombstone must not be caught by the measure shape through subclassing."""
    assert (VU.IngetrokkenMaatregel, rdflib.RDFS.subClassOf, VU.Maatregel) not in model


SH_IN = {  # property shape with sh:in -> the code list it must list completely
    "maatregel-type": "maatregeltype", "maatregel-omgeving": "omgeving",
    "maatregel-doelgroep": "doelgroep", "maatregel-status": "status",
    "maatregel-herhaling": "herhaling", "maatregel-budgetklasse": "budgetklasse",
    "maatregel-financiering": "financiering", "associatie-rol": "partnerrol",
    "organisatie-type": "partnertype",
}


def test_every_sh_in_list_is_exactly_its_code_list(model, shapes_graph):
    listed = {str(s).removeprefix(str(VUSH)) for s in shapes_graph.subjects(SH["in"], None)}
    assert listed == set(SH_IN)
    for shape, scheme in SH_IN.items():
        members = set(rdflib.collection.Collection(shapes_graph, shapes_graph.value(VUSH[shape], SH["in"])))
        scheme_iri = rdflib.URIRef(f"{DEFAULT_BASE}id/conceptscheme/{scheme}")
        concepts = set(model.subjects(SKOS.inScheme, scheme_iri))
        assert members == concepts, shape


def test_every_concept_is_in_exactly_one_scheme_and_has_both_labels(model):
    for concept in model.subjects(rdflib.RDF.type, SKOS.Concept):
        assert len(set(model.objects(concept, SKOS.inScheme))) == 1
        langs = sorted(label.language for label in model.objects(concept, SKOS.prefLabel))
        assert langs == ["en", "nl"], concept
