"""VoID and the SPARQL Service Description: statistics, linksets, dumps, endpoint."""

from __future__ import annotations

import pyoxigraph as ox

from lod.config import Config
from lod.release.catalogue import CatalogueInfo, DumpFile, Linkset, profile_quads
from lod.terms import DCT, RDF, SD, VOID, XSD, data_service_iri, dataset_iri

CFG = Config()
VU = CFG.vocab_ns
INFO = CatalogueInfo(
    cfg=CFG, dumps=(DumpFile("veilig-uitgaan.nt", 10, "00" * 32),), triples=1000, entities=120,
    classes=((VU + "Maatregel", 35), ("http://www.w3.org/ns/prov#Location", 327),
             ("http://purl.org/dc/terms/Location", 327)),
    properties=40,
    linksets=(Linkset("adressenregister", DCT.spatial.value, 50),
              Linkset("adressenregister", VU + "huidigeGemeente", 48),
              Linkset("lblod", VU + "trekker", 30)),
    vocabularies=("http://purl.org/dc/terms/", VU),
)


def graph(name: str) -> ox.Store:
    store = ox.Store()
    store.extend(profile_quads(INFO, name))
    return store


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


def test_void_counts_triples_entities_and_instances_per_class():
    store = graph("void")
    dataset = dataset_iri(CFG)
    assert ox.Quad(dataset, VOID.triples, integer(1000)) in store
    assert ox.Quad(dataset, VOID.entities, integer(120)) in store
    rows = {r["c"].value: int(r["n"].value) for r in store.query(
        "SELECT ?c ?n WHERE { ?d <http://rdfs.org/ns/void#classPartition> ?p . "
        "?p <http://rdfs.org/ns/void#class> ?c ; <http://rdfs.org/ns/void#entities> ?n }")}
    # Two classes with the same local name get two partitions (prov:Location, dct:Location).
    assert rows == {VU + "Maatregel": 35, "http://www.w3.org/ns/prov#Location": 327,
                    "http://purl.org/dc/terms/Location": 327}


def test_void_linksets_point_at_the_linked_datasets_with_counts():
    store = graph("void")
    rows = sorted((r["t"].value, r["p"].value, int(r["n"].value)) for r in store.query(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?t ?p ?n WHERE { ?l a void:Linkset ; "
        "void:objectsTarget ?t ; void:linkPredicate ?p ; void:triples ?n }"))
    assert rows == [(dataset_iri(CFG, "adressenregister").value, DCT.spatial.value, 50),
                    (dataset_iri(CFG, "adressenregister").value, VU + "huidigeGemeente", 48),
                    (dataset_iri(CFG, "lblod").value, VU + "trekker", 30)]
    space = ox.Literal("https://data.vlaanderen.be/id/gemeente/")
    assert ox.Quad(dataset_iri(CFG, "adressenregister"), VOID.uriSpace, space) in store


def test_void_names_the_endpoint_the_dumps_and_the_vocabularies():
    store = graph("void")
    dataset = dataset_iri(CFG)
    assert ox.Quad(dataset, VOID.sparqlEndpoint, ox.NamedNode(CFG.base_uri + "sparql")) in store
    assert ox.Quad(dataset, VOID.dataDump, ox.NamedNode(CFG.base_uri + "dumps/veilig-uitgaan.nt")) in store
    assert ox.Quad(dataset, VOID.vocabulary, ox.NamedNode(VU)) in store


def test_service_description_has_endpoint_language_formats_and_default_graph():
    store = graph("service-description")
    service = data_service_iri(CFG)
    assert ox.Quad(service, RDF.type, SD.Service) in store
    assert ox.Quad(service, SD.endpoint, ox.NamedNode(CFG.base_uri + "sparql")) in store
    assert ox.Quad(service, SD.supportedLanguage, SD.SPARQL11Query) in store
    formats = {q.object.value for q in store.quads_for_pattern(service, SD.resultFormat, None)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    (row,) = list(store.query(
        "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
        "SELECT ?n WHERE { ?s sd:defaultDataset/sd:defaultGraph/<http://rdfs.org/ns/void#triples> ?n }"))
    assert int(row["n"].value) == 1000
