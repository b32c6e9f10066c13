"""Organisation triples as docs/rdf-model.md describes them."""

import csv

from pyoxigraph import BlankNode, NamedNode, Quad, Store

from lod.config import Config
from lod.graph.partners import organisation_quads
from lod.records.partners import COLUMNS, load_organisations
from lod.terms import ADMS, DCT, FOAF, ORG, RDF, REGORG, SKOS

CFG = Config(base_uri="https://example.org/vu/")
ID = "https://example.org/vu/id/"


def _store(orgs):
    store = Store()
    store.extend(organisation_quads(orgs, CFG))
    return store


def test_shipped_organisations(tmp_path):
    orgs = load_organisations(CFG.data_dir / "organisaties.csv")
    quads = list(organisation_quads(orgs, CFG))
    assert not any(isinstance(t, BlankNode) for q in quads for t in (q.subject, q.object))
    store = _store(orgs)
    sensoa = NamedNode(ID + "organisatie/sensoa")
    assert Quad(sensoa, RDF.type, ORG.Organization) in store
    assert Quad(sensoa, FOAF.homepage, NamedNode("https://www.sensoa.be/")) in store
    assert Quad(sensoa, DCT.type, NamedNode(ID + "concept/partnertype/expertisecentrum")) in store
    assert [q.object.value for q in store.quads_for_pattern(sensoa, SKOS.prefLabel, None)] == ["Sensoa"]
    organisations = {q.subject for q in store.quads_for_pattern(None, RDF.type, ORG.Organization)}
    assert len(organisations) == len(orgs)
    # no KBO number is sourced, so no organisation claims to be registered
    assert not list(store.quads_for_pattern(None, RDF.type, REGORG.RegisteredOrganization))


def test_kbo_number_makes_a_registered_organisation_with_an_identifier(tmp_path):
    table = tmp_path / "organisaties.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        writer.writerow({**dict.fromkeys(COLUMNS, ""), "slug": "voorbeeld", "naam": "Voorbeeld vzw",
                         "partnertype": "ngo", "kbo": "0202.239.951"})
        writer.writerow({**dict.fromkeys(COLUMNS, ""), "slug": "zonder", "naam": "Zonder KBO",
                         "partnertype": "horeca"})
    store = _store(load_organisations(table))
    org = NamedNode(ID + "organisatie/voorbeeld")
    identifier = NamedNode(ID + "organisatie/voorbeeld#kbo")
    assert Quad(org, RDF.type, REGORG.RegisteredOrganization) in store
    assert Quad(org, ADMS.identifier, identifier) in store
    assert Quad(identifier, RDF.type, ADMS.Identifier) in store
    notations = [q.object.value for q in store.quads_for_pattern(identifier, SKOS.notation, None)]
    assert notations == ["0202239951"]
    other = NamedNode(ID + "organisatie/zonder")
    assert not list(store.quads_for_pattern(other, ADMS.identifier, None))
    assert Quad(other, RDF.type, REGORG.RegisteredOrganization) not in store
