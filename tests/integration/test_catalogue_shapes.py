"""Every catalogue profile the portals run, in full, against the release's file and what is served.

Profiles (lod/validate/catalogue_profiles.py): DCAT-AP 3.0.1 and 2.1.1 (shapes, recommended,
range, deprecated URIs, controlled vocabularies), Metadata-DCAT 2022, DCAT-AP Vlaanderen 3, read
from the shared reference folder (the `reference` fixture of tests/conftest.py) and parsed once
per session. No inference: what a harvester validates is what the catalogue states. The SEMIC
imports (vocabularies and EU authority tables) are URLs with no local copy in the reference folder:
they are listed, never fetched (a test proves no connection is made).

Two releases of data/: with the default profile (DCAT-AP 3: SHA-256, xsd:nonNegativeInteger byte
sizes; the integration tests' real release) and with `catalogue_profile = "dcat-ap-2.1.1"`
(SHA-1, xsd:decimal), the one setting where the two European versions cannot both be met.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from starlette.testclient import TestClient

from lod.build import build
from lod.config import Config
from lod.layout import CATALOGUE, CATALOGUE_FILES, STORE
from lod.release.catalogue import storable
from lod.store.embedded import WorkerLimits, open_store
from lod.terms import prefixes
from lod.validate.catalogue_profiles import SHAPE_SETS, check_catalogue, load_shape_set
from lod.web.app import create_app
from tests.conftest import once_per_run

ROOT = Path(__file__).resolve().parents[2]  # the checkout

XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT_PROFILES = ("dcat-ap-3.0.1", "metadata-dcat-2022", "dcat-ap-vl-3")


@pytest.fixture(scope="session")
def shape_sets(reference: Path):
    """Every official shape set, parsed once for the session (corrections applied and listed)."""
    return {name: load_shape_set(name, reference) for name in SHAPE_SETS}


def _release(out: Path, **settings) -> Path:
    build([ROOT / "data" / "maatregelen.csv"], config=Config(quiet=True, **settings), out=out)
    return (out / "current").resolve()


@pytest.fixture(scope="session")
def release_3(release: Path) -> Path:
    """The default profile's release: the real release of tests/integration/conftest.py (read only)."""
    return release


@pytest.fixture(scope="session")
def release_2(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Built once per run (`once_per_run`): the tests of this module that read it may run on both
    xdist workers, and a build of data/ takes seconds."""
    return Path(once_per_run(tmp_path_factory, worker_id, "catalogue-release-2",
                             lambda out: str(_release(out, catalogue_profile="dcat-ap-2.1.1"))))


def graph(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


def nt(triples) -> set[str]:
    """Triples as N-Triples lines: equal sets mean equal graphs, typed literals included (no blank nodes)."""
    data = ox.serialize([t if isinstance(t, ox.Triple) else t.triple for t in triples],
                        format=ox.RdfFormat.N_TRIPLES) or b""
    return {line for line in data.decode().splitlines() if line}


def file_triples(release: Path, name: str = CATALOGUE) -> set[str]:
    return nt(ox.parse(path=str(release / name), format=ox.RdfFormat.TURTLE))


def assert_conforms(data: rdflib.Graph, shapes) -> None:
    outcome = check_catalogue(data, shapes)
    assert not outcome.violations, outcome.summary()


@pytest.mark.parametrize("profile", DEFAULT_PROFILES)
def test_the_default_catalogue_file_has_no_violation(release_3, shape_sets, profile):
    assert_conforms(graph(release_3 / CATALOGUE), shape_sets[profile])


@pytest.mark.parametrize("profile", ("dcat-ap-2.1.1", "metadata-dcat-2022", "dcat-ap-vl-3"))
def test_the_dcat_ap_2_catalogue_file_has_no_violation(release_2, shape_sets, profile):
    assert_conforms(graph(release_2 / CATALOGUE), shape_sets[profile])


def test_the_two_european_versions_conflict_only_on_byte_size_and_checksum(release_2, release_3, shape_sets):
    # Why the profile is a setting: each default fails the other version, on exactly these two.
    against_2 = check_catalogue(graph(release_3 / CATALOGUE), shape_sets["dcat-ap-2.1.1"]).violations
    against_3 = check_catalogue(graph(release_2 / CATALOGUE), shape_sets["dcat-ap-3.0.1"]).violations
    assert {f.path.rsplit("#", 1)[1] for f in against_2} == {"byteSize", "algorithm"}
    assert {f.path.rsplit("#", 1)[1] for f in against_3} == {"byteSize"}


def test_the_warnings_left_are_the_documented_ones(release_3, shape_sets):
    # README, "The catalogue": publisher not an EU corporate body, the Flemish region not in the
    # country/place tables and without geometry, Belgian themes beside the EU ones, an open period
    # (measures run on), no record change type; the versions of the dataset (dcat:hasVersion) have no
    # distribution of their own (their files are under the versioned path, their landing page).
    outcome = check_catalogue(graph(release_3 / CATALOGUE), shape_sets["dcat-ap-3.0.1"])
    paths = sorted({f.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for f in outcome.warnings})
    expected = ["bbox", "centroid", "distribution", "endDate", "publisher", "spatial", "status", "theme"]
    assert paths == expected, outcome.summary()


# -- served: /catalogus in every format, the documents, SPARQL --------------------------------------


@pytest.fixture(scope="module")
def served(release_3):
    # Two query workers, the fewest: the tests ask one thing at a time.
    limits = WorkerLimits(workers=2, long_queries=1)
    with open_store(release_3 / STORE, prefixes=prefixes(Config()), limits=limits) as store:
        yield TestClient(create_app(Config(), store, release_dir=release_3))


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_catalogus_in_every_format_equals_the_file(served, release_3, accept):
    response = served.get("/catalogus", headers={"Accept": accept})
    assert response.status_code == 200
    fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
           "application/n-triples": ox.RdfFormat.N_TRIPLES}[accept]
    assert nt(ox.parse(response.content, format=fmt)) == file_triples(release_3)


def catalogue_subjects(release: Path) -> list[str]:
    base = Config().id_base
    return sorted({q.subject.value.split("#")[0] for q in ox.parse(path=str(release / CATALOGUE))
                   if q.subject.value.startswith(base)})


def test_every_dereferenced_catalogue_document_holds_the_files_triples(served, release_3):
    """/id/dataset/…, /id/dataset/…/distributie/…, /id/catalogus, /id/dataservice/sparql: each
    document has exactly the file's triples about its resource (byteSize typed as in the file)."""
    written_quads = [q for name in CATALOGUE_FILES for q in ox.parse(path=str(release_3 / name))]
    by_subject: dict[str, list[ox.Quad]] = {}
    for q in written_quads:
        by_subject.setdefault(q.subject.value, []).append(q)
    subjects = catalogue_subjects(release_3)
    assert len([s for s in subjects if "/distributie/" in s]) == 7  # six dumps and versies.nt
    assert any(s.endswith("/dataservice/ldes") for s in subjects)
    assert any("/dataset/maatregelen/versie/" in s for s in subjects)
    for subject in subjects:
        path = "/" + subject[len(Config().base_uri):]
        response = served.get(path, headers={"Accept": "application/n-triples"}, follow_redirects=True)
        assert response.status_code == 200, path
        served_triples = nt(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        own = by_subject[subject]  # and its hash parts, as every document (lod.store.memory.describe)
        parts = {q.object.value for q in own if q.object.value.startswith(subject + "#")}
        expected = nt(own + [q for part in parts for q in by_subject.get(part, [])])
        assert expected <= served_triples, (path, sorted(expected - served_triples)[:3])


def test_sparql_serves_the_catalogue_as_the_file_less_what_no_store_keeps(served, release_3):
    subjects = " ".join(f"<{s}>" for s in sorted({q.subject.value for q in ox.parse(
        path=str(release_3 / CATALOGUE))}))
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {subjects} }} ?s ?p ?o }}"
    response = served.post("/sparql", data={"query": query}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    from_sparql = nt(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    written = list(ox.parse(path=str(release_3 / CATALOGUE)))
    kept = nt(storable(written))
    # VoID and the SD describe some of the same resources: the endpoint may say more, never other.
    assert kept <= from_sparql
    left_out = file_triples(release_3) - from_sparql
    assert left_out == file_triples(release_3) - kept
    assert left_out and all("dcat#byteSize" in line and "nonNegativeInteger" in line for line in left_out)
    assert not any("dcat#byteSize" in line for line in from_sparql), "a retyped byte size was served"


def test_the_sparql_served_catalogue_has_no_violation(served, release_3, shape_sets):
    subjects = " ".join(f"<{s}>" for s in sorted({q.subject.value for q in ox.parse(
        path=str(release_3 / CATALOGUE))}))
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {subjects} }} ?s ?p ?o }}"
    response = served.post("/sparql", data={"query": query}, headers={"Accept": "text/turtle"})
    data = rdflib.Graph().parse(data=response.text, format="turtle")
    for profile in DEFAULT_PROFILES:
        assert_conforms(data, shape_sets[profile])


def test_service_description_and_void_counts_are_what_the_endpoint_answers(served, release_3):
    def ask(query: str) -> int:
        response = served.post("/sparql", data={"query": query},
                               headers={"Accept": "application/sparql-results+json"})
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    sd = ox.Store()
    sd.load(path=str(release_3 / "service-description.ttl"), format=ox.RdfFormat.TURTLE)
    (said,) = [int(r["n"].value) for r in sd.query(
        "SELECT ?n WHERE { ?g a <http://www.w3.org/ns/sparql-service-description#Graph> ; "
        "<http://rdfs.org/ns/void#triples> ?n }")]
    assert said == ask("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    void = ox.Store()
    void.load(path=str(release_3 / "void.ttl"), format=ox.RdfFormat.TURTLE)
    dataset = "<https://w3id.org/veilig-uitgaan/id/dataset/maatregelen>"
    (row,) = list(void.query(
        f"PREFIX void: <http://rdfs.org/ns/void#> SELECT ?t ?e ?p WHERE {{ {dataset} void:triples ?t ; "
        "void:entities ?e ; void:properties ?p }"))
    assert int(row["t"].value) == said
    assert int(row["e"].value) == ask(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")
    assert int(row["p"].value) == ask("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    linksets = list(void.query(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?space ?p ?n WHERE { ?l a void:Linkset ; "
        "void:objectsTarget ?t ; void:linkPredicate ?p ; void:triples ?n . ?t void:uriSpace ?space }"))
    assert len(linksets) >= 5
    for r in linksets:
        space, predicate = r["space"].value, r["p"].value
        assert int(r["n"].value) == ask(
            f'SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?o) && '
            f'STRSTARTS(STR(?o), "{space}") && !STRSTARTS(STR(?s), "{space}")) }}'), (space, predicate)
    for r in void.query("PREFIX void: <http://rdfs.org/ns/void#> SELECT ?c ?n WHERE { ?x void:class ?c ; "
                        "void:entities ?n }"):
        assert int(r["n"].value) == ask(
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{r['c'].value}> }}")


# -- a broken catalogue fails each profile with its own message -------------------------------------


def broken(release: Path, remove: str, add: str = "") -> rdflib.Graph:
    """The release's catalogue with the N-Triples lines containing `remove` dropped and `add` added."""
    lines = [line for line in file_triples(release) if remove not in line]
    return rdflib.Graph().parse(data="\n".join(lines) + "\n" + add, format="nt")


def test_a_retyped_byte_size_fails_dcat_ap_3(release_3, shape_sets):
    dist = "<https://w3id.org/veilig-uitgaan/id/dataset/maatregelen/distributie/veilig-uitgaan.ttl>"
    data = broken(release_3, f"{dist} <http://www.w3.org/ns/dcat#byteSize>",
                  f'{dist} <http://www.w3.org/ns/dcat#byteSize> "10"^^<{XSD}integer> .')
    violations = check_catalogue(data, shape_sets["dcat-ap-3.0.1"]).violations
    assert violations and all(f.path.endswith("#byteSize") for f in violations)
    assert any("nonNegativeInteger" in f.message for f in violations)


def test_a_sha256_checksum_fails_dcat_ap_2(release_3, shape_sets):
    violations = check_catalogue(graph(release_3 / CATALOGUE), shape_sets["dcat-ap-2.1.1"]).violations
    assert any(f.path.endswith("#algorithm") and "checksumAlgorithm_sha1" in f.message for f in violations)


def test_a_date_without_time_fails_metadata_dcat(release_3, shape_sets):
    dataset = "<https://w3id.org/veilig-uitgaan/id/dataset/maatregelen>"
    data = broken(release_3, f"{dataset} <http://purl.org/dc/terms/issued>",
                  f'{dataset} <http://purl.org/dc/terms/issued> "2026-03-01"^^<{XSD}date> .')
    (finding,) = check_catalogue(data, shape_sets["metadata-dcat-2022"]).violations
    assert finding.path.endswith("/issued") and "dateTime" in finding.message


def test_a_dataset_without_identifier_fails_dcat_ap_vl(release_3, shape_sets):
    data = broken(release_3, "<https://w3id.org/veilig-uitgaan/id/dataset/maatregelen> "
                             "<http://purl.org/dc/terms/identifier>")
    (finding,) = check_catalogue(data, shape_sets["dcat-ap-vl-3"]).violations
    assert finding.path.endswith("/identifier") and finding.focus.endswith("/dataset/maatregelen")
    assert "Less than 1" in finding.message


def test_urls_not_typed_rdfs_resource_fail_the_flemish_shapes_without_inference(release_3, shape_sets):
    data = broken(release_3, "<http://www.w3.org/2000/01/rdf-schema#Resource>")
    for profile in ("metadata-dcat-2022", "dcat-ap-vl-3"):
        violations = check_catalogue(data, shape_sets[profile]).violations
        assert violations and all("rdfs:Resource" in f.message for f in violations), profile


# -- the shape sets as published: why each correction, and no network -------------------------------


def test_the_official_spdx_pattern_rejects_every_spdx_algorithm(release_3, reference):
    as_published = load_shape_set("dcat-ap-3.0.1", reference, without=("spdx-pattern",))
    violations = check_catalogue(graph(release_3 / CATALOGUE), as_published).violations
    algorithms = [f for f in violations if f.path.endswith("#algorithm")]
    checksums = {q.subject for q in ox.parse(path=str(release_3 / CATALOGUE))
                 if q.predicate.value == "http://spdx.org/rdf/terms#algorithm"}
    assert len(checksums) == 7  # the six dumps and the versions graph
    assert len(algorithms) == len(checksums)
    assert all("Value does not conform" in f.message for f in algorithms)
    assert {f.path for f in violations} <= {"http://spdx.org/rdf/terms#algorithm", ""}


def test_dcat_ap_3_all_in_one_file_as_published_does_not_run_in_pyshacl(release_3, reference):
    as_published = load_shape_set("dcat-ap-3.0.1", reference, without=("dangling-properties",))
    with pytest.raises(Exception, match="sh:property|PropertyShape"):
        check_catalogue(graph(release_3 / CATALOGUE), as_published)


def test_dcat_ap_vl_3_as_published_does_not_run_in_pyshacl(release_3, reference):
    as_published = load_shape_set("dcat-ap-vl-3", reference, without=("all",))
    with pytest.raises(Exception):  # noqa: B017 - pySHACL raises TypeError or ConstraintLoadError
        check_catalogue(graph(release_3 / CATALOGUE), as_published)


def test_imports_are_listed_never_fetched(reference, release_3, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a network connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    loaded = load_shape_set("dcat-ap-3.0.1", reference)
    assert "http://publications.europa.eu/resource/authority/file-type" in loaded.missing
    assert "https://www.w3.org/ns/dcat2.ttl" in loaded.missing
    assert loaded.imports is None
    assert not check_catalogue(graph(release_3 / CATALOGUE), loaded).violations
