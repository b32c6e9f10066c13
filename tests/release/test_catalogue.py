"""Catalogue profiles: chosen by name, composing, and describing the real dump files."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.errors import ConfigError
from lod.release.catalogue import (
    PROFILES,
    CatalogueInfo,
    DumpFile,
    describe_release,
    profile,
    profile_quads,
    statistics,
)
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


def test_the_period_covered_runs_from_the_first_day_of_the_earliest_start():
    vu = CFG.vocab_ns
    xsd = "http://www.w3.org/2001/XMLSchema#"
    quads = []
    for name, start, end in (("a", ("2019", "gYear"), ("2020-02", "gYearMonth")),
                             ("b", ("2018-12", "gYearMonth"), ("2024-05-03", "date"))):
        m = ox.NamedNode(CFG.id_base + "maatregel/" + name)
        p = ox.NamedNode(m.value + "#periode")
        quads += [ox.Quad(m, RDF.type, ox.NamedNode(vu + "Maatregel")), ox.Quad(m, DCT.temporal, p),
                  ox.Quad(p, DCAT.startDate, ox.Literal(start[0], datatype=ox.NamedNode(xsd + start[1]))),
                  ox.Quad(p, DCAT.endDate, ox.Literal(end[0], datatype=ox.NamedNode(xsd + end[1])))]
    start, end = statistics(store_of(quads), CFG, DUMPS).period
    assert (start.value, end.value) == ("2018-12-01", "2024-05-03")
    assert start.datatype == XSD.date
    quads = [q for q in quads if not (q.predicate == DCAT.endDate and q.subject.value.endswith("b#periode"))]
    assert statistics(store_of(quads), CFG, DUMPS).period[1] is None  # b runs on: no end


def test_each_profile_takes_its_checksum_and_byte_size_type():
    dumps = (DumpFile("veilig-uitgaan.ttl", 100, "aa" * 32, "cc" * 20),)
    for profile_name, algorithm, size_type, digest in (
            ("dcat-ap-3", SPDX.checksumAlgorithm_sha256, XSD.nonNegativeInteger, "aa" * 32),
            ("dcat-ap-2.1.1", SPDX.checksumAlgorithm_sha1, XSD.decimal, "cc" * 20)):
        cfg = Config(catalogue_profile=profile_name)
        quads = profile_quads(CatalogueInfo(cfg=cfg, dumps=dumps), "dcat-ap-3")
        dist = distribution_iri(cfg, "veilig-uitgaan.ttl")
        checksum = ox.NamedNode(dist.value + "#checksum")
        assert objects(quads, checksum, SPDX.algorithm) == [str(algorithm)]
        value = ox.Literal(digest, datatype=XSD.hexBinary)
        assert objects(quads, checksum, SPDX.checksumValue) == [str(value)]
        assert objects(quads, dist, DCAT.byteSize) == [str(ox.Literal("100", datatype=size_type))]


def test_an_unknown_profile_or_publisher_type_is_a_clear_error():
    with pytest.raises(ConfigError, match="catalogue_profile must be one of dcat-ap-3, dcat-ap-2.1.1"):
        Config(catalogue_profile="dcat-ap-9")
    with pytest.raises(ConfigError, match="not an ADMS publisher type"):
        profile_quads(CatalogueInfo(cfg=Config(publisher_type="http://e/x"), dumps=DUMPS), "dcat-ap-3")


def test_void_and_sd_count_the_graph_with_its_own_description():
    vu = CFG.vocab_ns
    m = ox.NamedNode(CFG.id_base + "maatregel/a")
    data = store_of([ox.Quad(m, RDF.type, ox.NamedNode(vu + "Maatregel")),
                     ox.Quad(m, DCT.spatial, ox.NamedNode("http://vocab.belgif.be/auth/refnis1995/44021"))])
    files = {"catalogus.ttl": ("dcat-ap-vl-3",), "void.ttl": ("void",), "sd.ttl": ("service-description",)}
    description = describe_release(data, CFG, DUMPS, files)
    together = store_of(list(data) + description.stored)
    assert description.info.triples == len(together)
    sd = store_of(description.files["sd.ttl"])
    (row,) = list(sd.query("SELECT ?n WHERE { ?g a <http://www.w3.org/ns/sparql-service-description#Graph> ; "
                           "<http://rdfs.org/ns/void#triples> ?n }"))
    assert int(row["n"].value) == len(together)
    links = {(ls.target, ls.predicate): ls.triples for ls in description.info.linksets}
    assert links[("belgif", DCT.spatial.value)] == 1  # refnis1995 is belgif too
    # Nothing a store changes is stored: the byte sizes stay in the files only.
    assert not [q for q in description.stored if q.predicate == DCAT.byteSize]
    assert [q for q in description.files["catalogus.ttl"] if q.predicate == DCAT.byteSize]
