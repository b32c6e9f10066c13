"""`lod push` and `lod serve --store` against a real Oxigraph server, as test_virtuoso.py against Virtuoso.

The server is PyPI's `oxigraph` (its own CLI: `oxigraph serve --location DIR --bind 127.0.0.1:PORT`),
started by the fixtures of tests/integration/conftest.py. `--store-kind oxigraph`: the Graph Store
Protocol at /store, updates at /update, and the swap as one update request (`move`), which Oxigraph
runs as one transaction.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from lod.cli import cli
from lod.config import Config
from lod.store.embedded import open_store
from lod.store.push import push_release
from lod.store.remote import RemoteStore
from lod.terms import dataset_iri
from tests.integration.test_virtuoso import QUERIES, _serve, dump_lines, served_lines

GRAPH = dataset_iri(Config()).value
ROOT = Path(__file__).resolve().parents[2]


def pushed_lines(endpoint: str, graph: str) -> set[str]:
    """Every triple a reader of `graph` sees."""
    answer = RemoteStore(endpoint, graph, kind="oxigraph").run_query(
        "CONSTRUCT WHERE { ?s ?p ?o }", media_type="application/n-triples", timeout=120, limit=10**7)
    return {str(q.triple) for q in parse(answer.body, format=RdfFormat.N_TRIPLES)}


def graphs(endpoint: str) -> set[str]:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    answer = requests.post(f"{endpoint}/query", data={"query": query},
                           headers={"Accept": "application/sparql-results+json"}, timeout=60)
    return {b["g"]["value"] for b in answer.json()["results"]["bindings"]}


@pytest.fixture(scope="module")
def pushed(oxigraph, release):
    """The real release pushed once into the module's Oxigraph server (it has no credentials)."""
    return push_release(release, endpoint=oxigraph.endpoint, graph=GRAPH, kind="oxigraph", batch_size=5000)


def test_push_loads_the_dump_and_the_catalogue(oxigraph, release, pushed):
    assert pushed.changed and pushed.method == "gsp"
    expected = served_lines(release)
    assert oxigraph.count(GRAPH) == pushed.triples == len(expected)
    assert pushed_lines(oxigraph.endpoint, GRAPH) == expected
    # The swap moved the staging graph onto the target: nothing else is left but the push record.
    assert graphs(oxigraph.endpoint) >= {GRAPH, f"{GRAPH}-meta"}
    assert not [g for g in graphs(oxigraph.endpoint) if g.startswith(f"{GRAPH}-staging-")]


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_both_load_paths_give_the_same_graph(oxigraph, release, method):
    graph = f"{GRAPH}-{method}"
    push_release(release, endpoint=oxigraph.endpoint, graph=graph, kind="oxigraph", method=method,
                 batch_size=997)
    assert pushed_lines(oxigraph.endpoint, graph) == served_lines(release)


def test_a_repeated_push_changes_nothing_and_says_so(oxigraph, release, pushed):
    before = oxigraph.count(GRAPH)
    result = CliRunner().invoke(cli, ["push", "--endpoint", oxigraph.endpoint, "--store-kind", "oxigraph",
                                      "--release", str(release)])
    assert result.exit_code == 0, result.output
    assert "already current" in result.output
    assert oxigraph.count(GRAPH) == before


def test_remote_store_answers_as_the_embedded_store(oxigraph, release, pushed):
    remote = RemoteStore(oxigraph.endpoint, GRAPH, kind="oxigraph")
    with open_store(release / "store") as embedded:
        assert remote.count() == embedded.count()
        for query in QUERIES:
            assert remote.select(query) == embedded.select(query), query
        subject = embedded.select(QUERIES[0])[0]["s"]
        assert remote.describe(subject.value) == embedded.describe(subject.value)


def test_lod_serve_store_gives_the_same_answers_over_http(oxigraph, release, pushed):
    remote, remote_url = _serve(["--store", oxigraph.endpoint, "--store-kind", "oxigraph"])
    local, local_url = _serve(["--release", str(release)])
    try:
        for query in QUERIES:
            answers = [requests.get(f"{url}/sparql", params={"query": query},
                                    headers={"Accept": "application/sparql-results+json"}, timeout=60)
                       for url in (remote_url, local_url)]
            assert [a.status_code for a in answers] == [200, 200], answers[0].text
            assert json.loads(answers[0].content)["results"] == json.loads(answers[1].content)["results"]
        first = "SELECT ?m WHERE { ?m <http://purl.org/dc/terms/temporal> ?t } ORDER BY ?m LIMIT 1"
        measure = requests.get(f"{local_url}/sparql", headers={"Accept": "application/sparql-results+json"},
                               params={"query": first}, timeout=60).json()
        path = measure["results"]["bindings"][0]["m"]["value"].replace(Config().id_base, "/doc/")
        documents = [requests.get(url + path, headers={"Accept": "application/n-triples"}, timeout=60)
                     for url in (remote_url, local_url)]
        assert [d.status_code for d in documents] == [200, 200]
        triples = [{str(q.triple) for q in parse(d.content, format=RdfFormat.N_TRIPLES)} for d in documents]
        assert triples[0] == triples[1] and len(triples[0]) > 5
        pages = [requests.get(url + path, headers={"Accept": "text/html"}, timeout=60)
                 for url in (remote_url, local_url)]
        assert [p.status_code for p in pages] == [200, 200]
        refused = requests.post(f"{remote_url}/sparql", data={"query": "DROP ALL"}, timeout=10)
        assert 400 <= refused.status_code < 500
        assert oxigraph.count(GRAPH) == pushed.triples
    finally:
        for process in (remote, local):
            process.terminate()
            process.wait(10)


def test_a_swap_is_atomic_for_readers(fresh_oxigraph, tmp_path, make_release):
    old = make_release(tmp_path / "old", 3000, "oud")
    new = make_release(tmp_path / "new", 2500, "nieuw")
    push_release(old, endpoint=fresh_oxigraph.endpoint, graph=GRAPH, kind="oxigraph")
    seen: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(fresh_oxigraph.count(GRAPH))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        push_release(new, endpoint=fresh_oxigraph.endpoint, graph=GRAPH, kind="oxigraph", batch_size=3000)
    finally:
        stop.set()
        reader.join()
    assert seen and set(seen) <= {18000, 15000}, sorted(set(seen))  # never empty, never half
    assert fresh_oxigraph.count(GRAPH) == 15000


def test_a_server_killed_mid_push_fails_clearly_and_keeps_the_previous_graph(fresh_oxigraph, tmp_path,
                                                                            make_release):
    old = make_release(tmp_path / "old", 40, "oud")
    new = make_release(tmp_path / "new", 1500, "nieuw")
    push_release(old, endpoint=fresh_oxigraph.endpoint, graph=GRAPH, kind="oxigraph")
    assert fresh_oxigraph.count(GRAPH) == 240

    # `lod push` as an operator runs it; the server dies (SIGKILL) once the first of 450 batches is in.
    command = [sys.executable, "-m", "lod", "push", "--endpoint", fresh_oxigraph.endpoint, "--store-kind",
               "oxigraph", "--release", str(new), "--batch-size", "20", "--retries", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        if "/9000 triples" in line:
            fresh_oxigraph.kill()
            break
    rest = process.stderr.read()
    assert process.wait(60) == 2, rest
    assert re.search(r"Fout: push afgebroken na \d+ van 9000 triples: store onbereikbaar", rest), rest
    assert "niet gewijzigd: lezers zien nog de vorige release volledig" in rest

    fresh_oxigraph.start()  # the same database, after a crash
    assert fresh_oxigraph.count(GRAPH) == 240
    assert pushed_lines(fresh_oxigraph.endpoint, GRAPH) == dump_lines(old)
    # The next push clears the half-loaded staging graph and completes.
    result = push_release(new, endpoint=fresh_oxigraph.endpoint, graph=GRAPH, kind="oxigraph",
                          batch_size=2000)
    assert result.changed and fresh_oxigraph.count(GRAPH) == 9000
    assert not [g for g in graphs(fresh_oxigraph.endpoint) if g.startswith(f"{GRAPH}-staging-")]
