"""The catalogue conforms to the official DCAT-AP 3.0.1 and DCAT-AP Vlaanderen 3 shapes (pySHACL).

The DCAT-AP-VL 3 file is loaded from ../shared/reference/oslo/ and normalised in memory as
OSLO-NOTES §6 says: `sh:maxCount "n"` (unbounded) is dropped, `"1"` becomes an xsd:integer.
The Flemish shapes check `sh:class rdfs:Resource` on URLs (download, endpoint, e-mail); under
RDFS every resource is an rdfs:Resource, so those shapes run with RDFS inference, which is what
they mean. No code-list triples are added here: the catalogue types the EU authority values itself.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import SH

from lod.build import check
from lod.config import PROJECT_ROOT, Config
from lod.release.catalogue import CatalogueInfo, DumpFile, Linkset, profile_quads, statistics
from lod.release.dumps import write_dumps
from lod.terms import DCAT, SPDX

REFERENCE = PROJECT_ROOT.parent / "shared" / "reference"
DCAT_AP_3 = REFERENCE / "dcat-ap" / "3.0.1" / "dcat-ap-SHACL.ttl"
DCAT_AP_VL_3 = REFERENCE / "oslo" / "DCAT-AP-VL-3-erkendestandaard-2026-02-12-SHACL.ttl"


def normalised_shapes(path: Path) -> rdflib.Graph:
    """Load official shapes, turning string counts into integers and dropping 'n' (no limit)."""
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)  # the "n" counts warn while parsing
    graph = rdflib.Graph().parse(path, format="turtle")
    for prop in (SH.maxCount, SH.minCount):
        for s, o in list(graph.subject_objects(prop)):
            graph.remove((s, prop, o))
            if str(o).isdigit():
                graph.add((s, prop, rdflib.Literal(int(str(o)), datatype=rdflib.XSD.integer)))
    return graph


def dcat_ap_3_shapes() -> rdflib.Graph:
    """The full DCAT-AP 3.0.1 shapes file, less its two sh:property references to shapes the
    file never defines (on dcat:DataServiceShape): pySHACL refuses to run with them dangling."""
    graph = rdflib.Graph().parse(DCAT_AP_3, format="turtle")
    for shape, prop in list(graph.subject_objects(SH.property)):
        if graph.value(prop, SH.path) is None:
            graph.remove((shape, SH.property, prop))
    return graph


def catalogue_graph(names: tuple[str, ...]) -> rdflib.Graph:
    info = CatalogueInfo(
        cfg=Config(release_date=date(2026, 3, 1)),
        dumps=(DumpFile("veilig-uitgaan.jsonld", 2048, "ab" * 32),
               DumpFile("veilig-uitgaan.nt.gz", 512, "cd" * 32),
               DumpFile("veilig-uitgaan.ttl", 1024, "ef" * 32)),
        triples=1234, entities=200, classes=(("https://w3id.org/veilig-uitgaan/ns#Maatregel", 35),),
        linksets=(Linkset("adressenregister", "http://purl.org/dc/terms/spatial", 40),),
        modified="2025-05-01",
    )
    data = ox.serialize(profile_quads(info, *names), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data, format="nt")


@pytest.fixture(scope="module")
def catalogue() -> rdflib.Graph:
    return catalogue_graph(("dcat-ap-vl-3",))


@pytest.fixture(scope="module")
def built_catalogue(tmp_path_factory) -> rdflib.Graph:
    """The catalogue, VoID and SD of a real build graph and its real dump files, together."""
    cfg = Config(release_date=date(2026, 3, 1))
    checked = check([PROJECT_ROOT / "tests/data/spreadsheets/valid-semicolon-utf8.csv"], config=cfg)
    out = tmp_path_factory.mktemp("dumps")
    dumps = [DumpFile(p.name, p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
             for p in write_dumps(checked.quads, cfg, out) if p.name != "SHA256SUMS"]
    info = statistics(checked.store, cfg, dumps)
    data = ox.serialize(profile_quads(info, "dcat-ap-vl-3", "void", "service-description"),
                        format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data, format="nt")


def test_the_catalogue_of_a_real_build_conforms_to_both_profiles(built_catalogue):
    conforms, _, text = validate(built_catalogue, shacl_graph=dcat_ap_3_shapes())
    assert conforms, text
    conforms, _, text = validate(built_catalogue, shacl_graph=normalised_shapes(DCAT_AP_VL_3),
                                 inference="rdfs")
    assert conforms, text
    assert len(set(built_catalogue.subjects(rdflib.RDF.type, rdflib.URIRef(DCAT.Distribution.value)))) == 6


def test_catalogue_conforms_to_dcat_ap_3(catalogue):
    conforms, _, text = validate(catalogue, shacl_graph=dcat_ap_3_shapes())
    assert conforms, text


def test_plain_dcat_ap_3_profile_conforms_too():
    graph = catalogue_graph(("dcat-ap-3",))
    conforms, _, text = validate(graph, shacl_graph=dcat_ap_3_shapes())
    assert conforms, text


def test_catalogue_conforms_to_dcat_ap_3_release_shapes_and_ranges(catalogue):
    shapes = rdflib.Graph()
    for name in ("html-shacl-shapes.ttl", "html-shacl-range.ttl"):
        shapes.parse(DCAT_AP_3.parent / name, format="turtle")
    conforms, _, text = validate(catalogue, shacl_graph=shapes)
    assert conforms, text


def test_an_untyped_licence_breaks_dcat_ap_3(catalogue):
    broken = rdflib.Graph()
    for triple in catalogue:
        broken.add(triple)
    licence = rdflib.URIRef(Config().licence)
    broken.remove((licence, rdflib.RDF.type, None))
    conforms, _, text = validate(broken, shacl_graph=dcat_ap_3_shapes())
    assert not conforms
    assert "LicenseDocument" in text


def test_catalogue_conforms_to_dcat_ap_vl_3(catalogue):
    conforms, _, text = validate(catalogue, shacl_graph=normalised_shapes(DCAT_AP_VL_3),
                                 inference="rdfs")
    assert conforms, text


def test_european_profile_alone_misses_what_flanders_requires():
    # Shows the Flemish shapes really run: without the VL additions (identifiers, contact point
    # on the catalogue, access rights on the service) they must fail.
    graph = catalogue_graph(("dcat-ap-3",))
    conforms, _, text = validate(graph, shacl_graph=normalised_shapes(DCAT_AP_VL_3), inference="rdfs")
    assert not conforms
    assert "identifier" in text


def test_every_dump_is_a_distribution_with_checksum_and_size(catalogue):
    rows = list(catalogue.query(
        "SELECT ?url ?size ?sum WHERE { ?d a dcat:Distribution ; dcat:downloadURL ?url ; "
        "dcat:byteSize ?size ; spdx:checksum/spdx:checksumValue ?sum }",
        initNs={"dcat": DCAT.iri, "spdx": SPDX.iri}))
    assert sorted(str(r.url).rsplit("/", 1)[1] for r in rows) == [
        "veilig-uitgaan.jsonld", "veilig-uitgaan.nt.gz", "veilig-uitgaan.ttl"]
    assert {int(r.size) for r in rows} == {2048, 512, 1024}
