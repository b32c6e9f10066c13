"""Territory triples: the RDF contract, the LBLOD Bestuurseenheid shape, and the researcher's query."""

from pathlib import Path

import pyshacl
import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, serialize

from lod.config import Config
from lod.graph.territory import territory_quads, unit_node
from lod.records.territory import load_municipalities
from lod.terms import BESLUIT, DCT, ORG, RDF, SKOS, XSD, measure_iri, vocab

ROOT = Path(__file__).resolve().parents[2]  # the checkout

CFG = Config(base_uri="https://example.org/vu/")
VU = vocab(CFG)
GEMEENTE = "https://data.vlaanderen.be/id/gemeente/"

# "All measures in today's municipality X, including those recorded under its predecessors";
# the same query is in README.md for researchers.
MEASURES_IN_TODAYS_MUNICIPALITY = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX vu: <https://example.org/vu/ns#>
SELECT ?measure ?title ?recordedIn ?recordedName WHERE {
  ?today vu:nisCode "46030" .
  ?measure dct:spatial ?recordedIn ; dct:title ?title .
  ?recordedIn dct:isReplacedBy* ?today ; skos:prefLabel ?recordedName .
} ORDER BY ?measure
"""


@pytest.fixture(scope="module")
def towns():
    return load_municipalities(CFG.data_dir)


@pytest.fixture(scope="module")
def quads(towns):
    return list(territory_quads(towns, CFG))


@pytest.fixture(scope="module")
def store(quads):
    store = Store()
    store.extend(quads)
    return store


def _objects(store, subject, predicate):
    return sorted(q.object.value for q in store.quads_for_pattern(NamedNode(subject), predicate, None))


def test_output_is_stable_and_has_no_blank_nodes(towns, quads):
    assert quads == list(territory_quads(towns, CFG))
    assert not any(isinstance(term, BlankNode) for q in quads for term in (q.subject, q.object))


def test_kruibeke_as_in_the_rdf_model(store):
    t = GEMEENTE + "46013"
    assert _objects(store, t, VU.nisCode) == ["46013"]
    assert _objects(store, t, SKOS.prefLabel) == ["Kruibeke"]
    assert _objects(store, t, VU.provincie) == ["https://data.vlaanderen.be/id/provincie/40000"]
    assert _objects(store, t, VU.geldigTot) == ["2024-12-31"]
    assert _objects(store, t, DCT.isReplacedBy) == [GEMEENTE + "46030"]
    assert "http://vocab.belgif.be/auth/refnis2019/46013" in _objects(store, t, SKOS.exactMatch)
    assert GEMEENTE + "46013" in _objects(store, GEMEENTE + "46030", DCT.replaces)
    assert Quad(NamedNode(t), VU.geldigVanaf, Literal("1970-01-01", datatype=XSD.date)) in store
    assert {q.object.value for q in store.quads_for_pattern(NamedNode(t), RDF.type, None)} == {
        "http://www.w3.org/ns/prov#Location", "http://purl.org/dc/terms/Location", VU.Gemeente.value}


def test_refnis_links_follow_the_documented_choice(store):
    def matches(nis, predicate):
        return _objects(store, GEMEENTE + nis, predicate)
    refnis = "http://vocab.belgif.be/auth/refnis"
    assert f"{refnis}2025/11001" in matches("11001", SKOS.exactMatch)  # unchanged: both editions
    assert f"{refnis}2019/11001" in matches("11001", SKOS.exactMatch)
    assert f"{refnis}2025/11002" in matches("11002", SKOS.exactMatch)  # Antwerpen grew in 2025
    assert f"{refnis}2019/11002" in matches("11002", SKOS.narrowMatch)
    assert f"{refnis}2019/11002" not in matches("11002", SKOS.exactMatch)
    assert matches("46030", SKOS.exactMatch) == [f"{refnis}2025/46030"]  # new in 2025
    assert matches("23106", SKOS.exactMatch) == [  # new in 2025, werkingsgebied known
        "http://data.lblod.info/id/werkingsgebieden/92398c49-30d5-46b2-af90-37f135c89e47",
        f"{refnis}2025/23106"]
    assert matches("11002", SKOS.narrowMatch)[0].startswith("http://data.lblod.info/id/werkingsgebieden/")
    assert matches("12030", SKOS.exactMatch) == [f"{refnis}1995/12030"]  # Puurs ended 2018


def test_zwijndrecht_changes_province(store):
    assert _objects(store, GEMEENTE + "11056", VU.provincie)[0].endswith("/10000")
    assert _objects(store, GEMEENTE + "46030", VU.provincie)[0].endswith("/40000")


def test_mergers_are_fusie_events_between_units(store, towns):
    rows = list(store.query("""
        PREFIX organisatie: <https://data.vlaanderen.be/ns/organisatie#>
        PREFIX org: <http://www.w3.org/ns/org#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?f ?date (COUNT(?old) AS ?n) WHERE {
          ?f a organisatie:Fusie ; dct:date ?date ; org:originalOrganization ?old ;
             org:resultingOrganization ?new .
        } GROUP BY ?f ?date"""))
    assert len(rows) == 7 + 13
    by_iri = {r["f"].value: (r["date"].value, int(r["n"].value)) for r in rows}
    assert by_iri["https://example.org/vu/id/fusie/2025-46030"] == ("2025-01-01", 3)
    assert by_iri["https://example.org/vu/id/fusie/2025-11002"] == ("2025-01-01", 2)
    assert by_iri["https://example.org/vu/id/fusie/2019-44085"] == ("2019-01-01", 3)
    antwerpen = unit_node(towns["11002"], CFG)
    event = NamedNode("https://example.org/vu/id/fusie/2025-11002")
    assert Quad(event, ORG.resultingOrganization, antwerpen) in store
    assert Quad(event, ORG.originalOrganization, antwerpen) in store


def test_units_use_lblod_where_known(store, towns):
    kruisem = NamedNode("http://data.lblod.info/id/bestuurseenheden/52cc723a-9717-496d-9897-c6774cf124e4")
    assert Quad(kruisem, BESLUIT.werkingsgebied, NamedNode(GEMEENTE + "45068")) in store
    units = {q.subject for q in store.quads_for_pattern(None, RDF.type, BESLUIT.Bestuurseenheid)}
    assert len(units) == 327
    assert unit_node(towns["46030"], CFG) in units


def test_a_unit_is_lblod_where_known_else_minted(towns):
    cfg = Config(base_uri="https://example.org/vu/")
    assert unit_node(towns["45068"], cfg).value == (
        "http://data.lblod.info/id/bestuurseenheden/52cc723a-9717-496d-9897-c6774cf124e4")
    assert unit_node(towns["46030"], cfg).value == "https://example.org/vu/id/bestuurseenheid/46030"


def _rdflib(quads):
    graph = rdflib.Graph()
    graph.parse(data=serialize(quads, format=RdfFormat.N_TRIPLES).decode(), format="nt")
    return graph


@pytest.fixture(scope="module")
def bestuurseenheid_shape(reference):
    # mandatendatabank-SHACL loads in pySHACL as published: only DCAT-AP-VL 3 and Organisatie 2025
    # need the sh:maxCount normalising of OSLO-NOTES §6.
    return rdflib.Graph().parse(reference / "oslo" / "mandatendatabank-SHACL.ttl", format="turtle")


def test_units_conform_to_the_lblod_bestuurseenheid_shape(quads, bestuurseenheid_shape):
    conforms, _, text = pyshacl.validate(_rdflib(quads), shacl_graph=bestuurseenheid_shape)
    assert conforms, text


def test_the_shape_check_can_fail(quads, bestuurseenheid_shape):
    werkingsgebied_dropped = [q for q in quads if not (q.predicate == BESLUIT.werkingsgebied
                                                       and q.object.value.endswith("/46030"))]
    conforms, _, text = pyshacl.validate(_rdflib(werkingsgebied_dropped), shacl_graph=bestuurseenheid_shape)
    assert not conforms and "werkingsgebied" in text


def test_researcher_query_finds_measures_under_predecessors(store):
    def measure(measure_id, nis, title):
        m = measure_iri(CFG, measure_id)
        store.add(Quad(m, RDF.type, VU.Maatregel))
        store.add(Quad(m, DCT.spatial, NamedNode(GEMEENTE + nis)))
        store.add(Quad(m, DCT.title, Literal(title, language="nl")))
    measure("46013-2023-001", "46013", "Kroegentocht Kruibeke")   # recorded under Kruibeke in 2023
    measure("46030-2025-001", "46030", "Fuifbuddy BKZ")           # recorded under today's code
    measure("11056-2024-001", "11056", "Zwijndrecht affiche")     # other province before 2025
    measure("44021-2022-001", "44021", "Gentse Feesten")          # elsewhere: not found
    rows = [(r["measure"].value.rsplit("/", 1)[1], r["recordedName"].value)
            for r in store.query(MEASURES_IN_TODAYS_MUNICIPALITY)]
    assert rows == [("11056-2024-001", "Zwijndrecht"), ("46013-2023-001", "Kruibeke"),
                    ("46030-2025-001", "Beveren-Kruibeke-Zwijndrecht")]


def test_readme_carries_the_researchers_query():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "dct:isReplacedBy* ?today" in readme
