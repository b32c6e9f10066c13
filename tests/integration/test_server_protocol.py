"""A real uvicorn server answering real clients: SPARQLWrapper, requests, raw HTTP."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from pyoxigraph import RdfFormat, parse
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from lod.config import Config
from lod.store.embedded import build_store
from lod.terms import dataset_iri
from tests.conftest import free_port
from tests.integration.server_fixture import SMALL_RELEASE, serve_small_release
from tests.store.test_embedded import wait_until

BASE = "https://w3id.org/veilig-uitgaan/"
MEASURE = "maatregel/44021-2022-001"
MEASURES = ("PREFIX vu: <https://w3id.org/veilig-uitgaan/ns#> "
            "SELECT ?m WHERE { ?m a vu:Maatregel } ORDER BY ?m")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve_small_release(tmp_path_factory.mktemp("served")) as running:
        yield running


def wrapper(served, query, fmt=JSON, method=None):
    sparql = SPARQLWrapper(served.url + "sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql.query()


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_select_json_and_xml(served, method):
    rows = wrapper(served, MEASURES, JSON, method).convert()["results"]["bindings"]
    assert [r["m"]["value"] for r in rows] == [BASE + "id/maatregel/" + m for m in
                                               ("44021-2022-001", "46013-2023-001", "46030-2025-001")]
    xml = wrapper(served, MEASURES, XML, method).convert()
    assert len(xml.getElementsByTagName("result")) == 3


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_ask_and_csv(served, method):
    assert wrapper(served, "ASK { ?s a <https://w3id.org/veilig-uitgaan/ns#Gemeente> }", JSON,
                   method).convert()["boolean"] is True
    csv_text = wrapper(served, MEASURES, CSV, method).convert().decode()
    assert csv_text.splitlines()[0] == "m" and len(csv_text.splitlines()) == 4


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_construct(served, method):
    query = ("PREFIX vu: <https://w3id.org/veilig-uitgaan/ns#> "
             "CONSTRUCT { ?g ?p ?o } WHERE { ?g a vu:Gemeente ; ?p ?o }")
    result = wrapper(served, query, TURTLE, method)
    assert result.response.headers["Content-Type"].startswith("text/turtle")
    graph = result.convert()  # SPARQLWrapper hands Turtle over as bytes
    subjects = {t.subject.value for t in parse(graph, format=RdfFormat.TURTLE)}
    assert "https://data.vlaanderen.be/id/gemeente/46013" in subjects
    rdfxml = wrapper(served, query, XML, method).convert()  # an rdflib Graph
    assert len(rdfxml) > 10


# Accept header -> (status, media type) for a document; garbage included.
ACCEPT_MATRIX = [
    (None, 200, "text/html"),
    ("*/*", 200, "text/html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8", 200, "text/html"),
    ("text/turtle", 200, "text/turtle"),
    ("application/ld+json", 200, "application/ld+json"),
    ("application/n-triples", 200, "application/n-triples"),
    ("application/rdf+xml", 200, "application/rdf+xml"),
    ("text/turtle;q=0.4, application/ld+json;q=0.8", 200, "application/ld+json"),
    ("application/json", 200, "application/ld+json"),
    ("text/plain", 200, "application/n-triples"),
    ("text/*;q=0.5, application/rdf+xml", 200, "application/rdf+xml"),
    ("image/png", 406, "text/plain"),
    ("application/pdf;q=1, text/turtle;q=0", 406, "text/plain"),
    ("garbage", 200, "text/html"),
    ("text/turtle;q=banana", 200, "text/html"),
    # A control character is no valid field value (RFC 9110 5.5): the HTTP parser (httptools)
    # refuses the request with a plain 400 before any route sees it.
    ("\x7f\x7f", 400, "text/plain"),
    ("a" * 3000, 200, "text/html"),
]


@pytest.mark.parametrize(("accept", "status", "media"), ACCEPT_MATRIX)
def test_accept_matrix_with_requests(served, accept, status, media):
    headers = {"Accept": accept} if accept is not None else {"Accept": None}
    response = requests.get(f"{served.url}doc/{MEASURE}", headers=headers, timeout=30)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith(media)


def test_id_303_then_doc(served):
    response = requests.get(f"{served.url}id/{MEASURE}", headers={"Accept": "text/turtle"}, timeout=30)
    assert [r.status_code for r in response.history] == [303]
    assert response.url == f"{served.url}doc/{MEASURE}"
    assert f"<{BASE}id/{MEASURE}>" in response.text or "maatregel:44021" in response.text or \
        BASE + "id/" + MEASURE in response.text


def test_etag_and_gzip(served):
    first = requests.get(f"{served.url}doc/{MEASURE}", timeout=30)
    assert first.headers["Content-Encoding"] == "gzip"
    again = requests.get(f"{served.url}doc/{MEASURE}", headers={"If-None-Match": first.headers["ETag"]},
                         timeout=30)
    assert again.status_code == 304


def test_withdrawn_is_gone(served):
    response = requests.get(f"{served.url}id/maatregel/44021-2019-009", timeout=30)
    assert response.status_code == 410 and "Dubbel ingevoerd" in response.text


@pytest.mark.parametrize("path", [
    "/doc/../../etc/passwd", "/doc/%2e%2e/%2e%2e/etc/passwd", "/doc/..%2F..%2Fetc%2Fpasswd",
    "/dumps/../../../../etc/passwd", "/dumps/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/../../../etc/passwd", "/doc/%252e%252e/etc/passwd", "//etc/passwd",
])
def test_path_traversal_over_raw_http(served, path):
    # http.client sends the path as written, no client-side normalisation.
    parts = urlsplit(served.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    assert response.status in (400, 404)
    assert b"root:" not in body


def test_oversized_body_is_refused(served):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (served.cfg.max_body_bytes + 10)
    response = requests.post(served.url + "sparql", data=big.encode(),
                             headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 413


def test_runaway_query_is_stopped_while_another_request_is_answered(served):
    runaway = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    answers: dict[str, requests.Response] = {}

    def send_runaway():
        answers["runaway"] = requests.post(served.url + "sparql", data={"query": runaway}, timeout=60)

    assert served.store.in_flight() == 0
    thread = threading.Thread(target=send_runaway)
    thread.start()
    wait_until(lambda: served.store.in_flight() == 1, "the runaway query reached a worker")
    other = requests.get(f"{served.url}doc/{MEASURE}", headers={"Accept": "text/turtle"}, timeout=60)
    query = requests.get(served.url + "sparql", params={"query": MEASURES}, timeout=60)
    # Both answered while the runaway still runs in its worker, with no answer yet.
    assert served.store.in_flight() == 1 and "runaway" not in answers
    assert other.status_code == 200 and query.status_code == 200
    thread.join(90)
    assert answers["runaway"].status_code == 503
    assert "gestopt" in answers["runaway"].text
    assert served.store.in_flight() == 0
    assert requests.get(served.url + "sparql", params={"query": MEASURES}, timeout=60).status_code == 200


def test_cors_preflight(served):
    response = requests.options(served.url + "sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_lod_serve_command_serves_and_stops_its_workers(tmp_path, program):
    """The CLI glue: `lod serve --release <out dir>` finds `current`, serves, and on SIGINT stops
    its query workers with it."""
    pgrep = program("pgrep")
    release = tmp_path / "out" / "releases" / "r1"
    build_store(release / "store", parse(path=str(SMALL_RELEASE)), graph=dataset_iri(Config()))
    (tmp_path / "out" / "current").symlink_to(release)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "lod", "-q", "serve", "--release", str(tmp_path / "out"),
                               "--port", str(port)], cwd=tmp_path, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/sparql", params={"query": MEASURES},
                                      timeout=5)
                break
            except requests.ConnectionError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode()
                time.sleep(0.05)
        assert answer.status_code == 200 and len(answer.json()["results"]["bindings"]) == 3
        def children(pid: str) -> list[str]:
            return subprocess.run([pgrep, "-P", pid], capture_output=True, text=True).stdout.split()

        (zygote,) = children(str(server.pid))  # the process the workers are forked from
        workers = children(zygote)
        assert len(workers) >= 2
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    still_running = [pid for pid in [zygote, *workers] if Path(f"/proc/{pid}").exists()
                     and "_zygote_entry" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
    assert still_running == []
