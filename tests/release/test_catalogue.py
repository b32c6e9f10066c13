"""Catalogue profiles: chosen by name, composing, and describing the real dump files."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.release.catalogue import PROFILES, CatalogueInfo, DumpFile, profile, profile_quads, statistics
from lod.terms import DCAT, DCT, RDF, SPDX, XSD, catalogue_iri, data_service_iri, distribution_iri

CFG = Config(release_date=date(2026, 3, 1))
DUMPS = (DumpFile("veilig-uitgaan.ttl", 100, "aa" * 32), DumpFile("veilig-uitgaan.ttl.gz", 40, "bb" * 32))
INFO = CatalogueInfo(cfg=CFG, dumps=DUMPS, triples=10, modified="2025-01-02")


def store_of(quads) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def objects(quads, s, p):
    return sorted(str(q.object) for q in quads if q.subject == s and q.predicate == p)


def test_unknown_profile_lists_the_known_ones():
    with pytest.raises(ValueError) as err:
        profile("dcat-ap-9")
    for name in PROFILES:
        assert name in str(err.value)


def test_flemish_profile_composes_the_european_one():
    european = set(profile_quads(INFO, "dcat-ap-3"))
    flemish = set(profile_quads(INFO, "dcat-ap-vl-3"))
    assert european < flemish
    assert ox.Quad(catalogue_iri(CFG), DCT.identifier, ox.Literal("catalogus")) in flemish - european


def test_each_dump_is_a_distribution_with_format_checksum_and_size():
    quads = profile_quads(INFO, "dcat-ap-3")
    plain, packed = (distribution_iri(CFG, d.name) for d in DUMPS)
    for dist in (plain, packed):
        assert objects(quads, dist, DCT.format) == [
            "<http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE>"]
        assert objects(quads, dist, DCAT.mediaType) == ["<http://www.iana.org/assignments/media-types/text/turtle>"]
    assert objects(quads, packed, DCAT.compressFormat) == [
        "<http://www.iana.org/assignments/media-types/application/gzip>"]
    assert objects(quads, plain, DCAT.compressFormat) == []
    assert objects(quads, plain, DCAT.downloadURL) == ["<https://w3id.org/veilig-uitgaan/dumps/veilig-uitgaan.ttl>"]
    assert objects(quads, plain, DCAT.byteSize) == [str(ox.Literal("100", datatype=XSD.nonNegativeInteger))]
    checksum = ox.NamedNode(plain.value + "#checksum")
    value = ox.Literal("aa" * 32, datatype=XSD.hexBinary)
    assert objects(quads, checksum, SPDX.checksumValue) == [str(value)]


def test_dates_come_from_the_release_and_the_data_never_the_clock():
    quads = profile_quads(INFO, "dcat-ap-vl-3")
    dataset = INFO.dataset
    # xsd:dateTime: Metadata-DCAT requires it, DCAT-AP 3 and 2.1.1 accept it.
    def at_midnight(day: str) -> list[str]:
        return [str(ox.Literal(f"{day}T00:00:00", datatype=XSD.dateTime))]

    assert objects(quads, dataset, DCT.issued) == at_midnight("2026-03-01")
    assert objects(quads, dataset, DCT.modified) == at_midnight("2025-01-02")


def test_the_sparql_endpoint_is_a_data_service_of_the_catalogue():
    quads = profile_quads(INFO, "dcat-ap-vl-3")
    service = data_service_iri(CFG)
    assert ox.Quad(catalogue_iri(CFG), DCAT.service, service) in quads
    assert objects(quads, service, DCAT.endpointURL) == ["<https://w3id.org/veilig-uitgaan/sparql>"]
    assert objects(quads, service, DCAT.servesDataset) == [str(INFO.dataset)]


def test_no_blank_nodes_so_the_catalogue_is_reproducible():
    for quad in profile_quads(INFO, *PROFILES):
        assert not isinstance(quad.subject, ox.BlankNode) and not isinstance(quad.object, ox.BlankNode)


def test_statistics_count_by_sparql():
    vu = CFG.vocab_ns
    gent = ox.NamedNode("https://data.vlaanderen.be/id/gemeente/44021")
    m1, m2 = ox.NamedNode(CFG.id_base + "maatregel/a"), ox.NamedNode(CFG.id_base + "maatregel/b")
    quads = [
        ox.Quad(m1, RDF.type, ox.NamedNode(vu + "Maatregel")),
        ox.Quad(m2, RDF.type, ox.NamedNode(vu + "Maatregel")),
        ox.Quad(m1, DCT.spatial, gent), ox.Quad(m2, DCT.spatial, gent),
        ox.Quad(m1, DCT.modified, ox.Literal("2024-05-01", datatype=XSD.date)),
        ox.Quad(m2, DCT.modified, ox.Literal("2025-02-03", datatype=XSD.date)),
        ox.Quad(gent, RDF.type, ox.NamedNode(vu + "Gemeente")),
        ox.Quad(gent, ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch"),
                ox.NamedNode("http://vocab.belgif.be/auth/refnis2025/44021")),
    ]
    info = statistics(store_of(quads), CFG, DUMPS)
    assert info.triples == 8 and info.entities == 3
    assert dict(info.classes) == {vu + "Gemeente": 1, vu + "Maatregel": 2}
    links = {(ls.target, ls.predicate): ls.triples for ls in info.linksets}
    assert links == {("adressenregister", DCT.spatial.value): 2,
                     ("belgif", "http://www.w3.org/2004/02/skos/core#exactMatch"): 1}
    assert info.modified == "2025-02-03"
    assert info.dumps == DUMPS


def test_landing_page_is_the_release_under_the_base_and_the_publisher_keeps_its_homepage():
    cfg = Config(base_uri="https://example.org/vu/", publisher_homepage="https://publisher.example/")
    quads = profile_quads(CatalogueInfo(cfg=cfg, dumps=DUMPS), "dcat-ap-3")
    dataset = CatalogueInfo(cfg=cfg).dataset
    assert objects(quads, dataset, DCAT.landingPage) == ["<https://example.org/vu/>"]
    publisher = ox.NamedNode("https://example.org/vu/id/organisatie/veilig-uitgaan-open-data")
    assert objects(quads, publisher, ox.NamedNode("http://xmlns.com/foaf/0.1/homepage")) == [
        "<https://publisher.example/>"]
