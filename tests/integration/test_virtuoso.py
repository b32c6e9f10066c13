"""`lod push` and `lod serve --store` against a real Virtuoso (fixtures: tests/integration/conftest.py)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from lod.cli import cli
from lod.config import Config
from lod.errors import QueryTimeout
from lod.store.embedded import WorkerLimits, open_store
from lod.store.memory import storable
from lod.store.push import push_release
from lod.store.remote import RemoteStore
from lod.terms import dataset_iri

TWO = WorkerLimits(workers=2, long_queries=1)  # two query workers: enough for these tests

GRAPH = dataset_iri(Config()).value
ROOT = Path(__file__).resolve().parents[2]


def dump_lines(release: Path) -> set[str]:
    dump = release / "dumps" / "veilig-uitgaan.nt"
    return {str(q.triple) for q in parse(path=dump, format=RdfFormat.N_TRIPLES)}


def pushed_lines(endpoint: str, graph: str) -> set[str]:
    """Every triple a reader of `graph` sees."""
    answer = RemoteStore(endpoint, graph).run_query("CONSTRUCT WHERE { ?s ?p ?o }", timeout=120,
                                                    media_type="application/n-triples", limit=10**7)
    return {str(q.triple) for q in parse(answer.body, format=RdfFormat.N_TRIPLES)}


@pytest.fixture(scope="module")
def pushed(virtuoso, release):
    """The release pushed once into the module's Virtuoso (as dba, from the environment)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOD_STORE_USER", "dba")
        patch.setenv("LOD_STORE_PASSWORD", "dba")
        return push_release(release, endpoint=virtuoso.endpoint, graph=GRAPH, kind="virtuoso",
                            batch_size=5000)


def served_lines(release: Path) -> set[str]:
    """What the release publishes for the server: the dump plus the catalogue files' triples that a
    store gives back unchanged (lod.store.memory.storable: not the xsd:nonNegativeInteger byte sizes,
    which Virtuoso too would retype, virtuoso-opensource issue #193)."""
    lines = dump_lines(release)
    for name in ("catalogus.ttl", "void.ttl", "service-description.ttl"):
        if (release / name).is_file():
            quads = storable(parse(path=release / name, format=RdfFormat.TURTLE))
            lines |= {str(q.triple) for q in quads}
    return lines


def test_push_loads_the_dump_and_the_catalogue(virtuoso, release, pushed):
    assert pushed.changed
    expected = served_lines(release)
    assert virtuoso.count(GRAPH) == pushed.triples == len(expected)
    assert pushed_lines(virtuoso.endpoint, GRAPH) == expected


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_both_load_paths_give_the_same_graph(virtuoso, release, dba, method):
    graph = f"{GRAPH}-{method}"
    push_release(release, endpoint=virtuoso.endpoint, graph=graph, kind="virtuoso", method=method,
                 batch_size=997)
    assert pushed_lines(virtuoso.endpoint, graph) == served_lines(release)


def test_a_repeated_push_changes_nothing_and_says_so(virtuoso, release, pushed, dba):
    before = virtuoso.count(GRAPH)
    result = CliRunner().invoke(cli, ["push", "--endpoint", virtuoso.endpoint, "--store-kind", "virtuoso",
                                      "--release", str(release)])
    assert result.exit_code == 0, result.output
    assert "already current" in result.output
    assert virtuoso.count(GRAPH) == before
    assert pushed_lines(virtuoso.endpoint, GRAPH) == served_lines(release)


QUERIES = [
    "SELECT ?s ?title WHERE { ?s <http://purl.org/dc/terms/title> ?title } "
    "ORDER BY ?s STR(?title) LANG(?title) LIMIT 50",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?p (COUNT(?s) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
    "SELECT ?s ?d WHERE { ?s <http://www.w3.org/ns/dcat#startDate> ?d } ORDER BY ?s LIMIT 20",
]


def test_remote_store_answers_as_the_embedded_store(virtuoso, release, pushed):
    remote = RemoteStore(virtuoso.endpoint, GRAPH, kind="virtuoso")
    with open_store(release / "store", limits=TWO) as embedded:
        assert remote.count() == embedded.count()
        for query in QUERIES:
            assert remote.select(query) == embedded.select(query), query
        subject = embedded.select(QUERIES[0])[0]["s"]
        assert remote.describe(subject.value) == embedded.describe(subject.value)


def test_a_runaway_query_is_stopped_at_the_timeout(virtuoso, pushed):
    remote = RemoteStore(virtuoso.endpoint, GRAPH)  # generic: learns from `Server:` that it is Virtuoso
    assert remote.count() == pushed.triples
    refused = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    runaway = ('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f '
               'FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "x+y")) }')
    for query in (refused, runaway):  # refused by Virtuoso's cost estimate; stopped at the time limit
        with pytest.raises(QueryTimeout):
            remote.run_query(query, media_type="text/csv", timeout=1.0, limit=10)
    assert remote.count() == pushed.triples  # and the store still answers


def test_a_swap_is_atomic_for_readers(fresh_virtuoso, tmp_path, dba, make_release):
    old = make_release(tmp_path / "old", 3000, "oud")
    new = make_release(tmp_path / "new", 2500, "nieuw")
    push_release(old, endpoint=fresh_virtuoso.endpoint, graph=GRAPH, kind="virtuoso")
    seen: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(fresh_virtuoso.count(GRAPH))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        push_release(new, endpoint=fresh_virtuoso.endpoint, graph=GRAPH, kind="virtuoso", batch_size=3000)
    finally:
        stop.set()
        reader.join()
    assert set(seen) <= {18000, 15000}, sorted(set(seen))  # never empty, never half
    assert fresh_virtuoso.count(GRAPH) == 15000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(args: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "lod", "-q", "serve", "--port", str(port), *args],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode())
        try:
            requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("lod serve did not start")


def test_lod_serve_store_gives_the_same_answers_over_http(virtuoso, release, pushed):
    remote, remote_url = _serve(["--store", virtuoso.endpoint])
    local, local_url = _serve(["--release", str(release)])
    try:
        for query in QUERIES:
            answers = [requests.get(f"{url}/sparql", params={"query": query},
                                    headers={"Accept": "application/sparql-results+json"}, timeout=60)
                       for url in (remote_url, local_url)]
            assert [a.status_code for a in answers] == [200, 200], answers[0].text
            assert json.loads(answers[0].content)["results"] == json.loads(answers[1].content)["results"]
        # The same document for a measure: describe() over Virtuoso equals the embedded one.
        first = "SELECT ?m WHERE { ?m <http://purl.org/dc/terms/temporal> ?t } ORDER BY ?m LIMIT 1"
        measure = requests.get(f"{local_url}/sparql", headers={"Accept": "application/sparql-results+json"},
                               params={"query": first}, timeout=60).json()
        path = measure["results"]["bindings"][0]["m"]["value"].replace(Config().id_base, "/doc/")
        documents = [requests.get(url + path, headers={"Accept": "application/n-triples"}, timeout=60)
                     for url in (remote_url, local_url)]
        assert [d.status_code for d in documents] == [200, 200]
        triples = [{str(q.triple) for q in parse(d.content, format=RdfFormat.N_TRIPLES)} for d in documents]
        assert triples[0] == triples[1] and len(triples[0]) > 5
        refused = requests.post(f"{remote_url}/sparql", data={"query": "DROP ALL"}, timeout=10)
        assert 400 <= refused.status_code < 500
        assert virtuoso.count(GRAPH) == pushed.triples
    finally:
        for process in (remote, local):
            process.terminate()
            process.wait(10)


def test_a_store_killed_mid_push_fails_clearly_and_keeps_the_previous_graph(fresh_virtuoso, tmp_path, dba,
                                                                            make_release):
    old = make_release(tmp_path / "old", 40, "oud")
    new = make_release(tmp_path / "new", 1500, "nieuw")
    push_release(old, endpoint=fresh_virtuoso.endpoint, graph=GRAPH, kind="virtuoso")
    assert fresh_virtuoso.count(GRAPH) == 240

    # `lod push` as an operator runs it; Virtuoso dies (SIGKILL) once the first of 450 batches is in.
    command = [sys.executable, "-m", "lod", "push", "--endpoint", fresh_virtuoso.endpoint, "--store-kind",
               "virtuoso", "--release", str(new), "--batch-size", "20", "--retries", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        if "/9000 triples" in line:
            fresh_virtuoso.kill()
            break
    rest = process.stderr.read()
    assert process.wait(60) == 2, rest
    assert re.search(r"Fout: push afgebroken na \d+ van 9000 triples: store onbereikbaar", rest), rest
    assert "niet gewijzigd: lezers zien nog de vorige release volledig" in rest

    fresh_virtuoso.start()  # same database: Virtuoso replays its transaction log
    assert fresh_virtuoso.count(GRAPH) == 240
    assert pushed_lines(fresh_virtuoso.endpoint, GRAPH) == dump_lines(old)
    # And the next push clears the half-loaded staging graph and completes.
    result = push_release(new, endpoint=fresh_virtuoso.endpoint, graph=GRAPH, kind="virtuoso",
                          batch_size=2000)
    assert result.changed and fresh_virtuoso.count(GRAPH) == 9000
    staging = requests.post(fresh_virtuoso.endpoint, headers={"Accept": "application/sparql-results+json"},
                            data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                           f'FILTER(STRSTARTS(STR(?g), "{GRAPH}-staging-")) }}'}, timeout=60)
    assert staging.json()["results"]["bindings"] == []


def test_cli_push_to_a_stopped_store_fails_with_a_clear_message(tmp_path, dba, make_release):
    release = make_release(tmp_path, 5)
    port = free_port()  # nothing listens there
    endpoint = f"http://127.0.0.1:{port}/sparql"
    done = subprocess.run([sys.executable, "-m", "lod", "push", "--endpoint", endpoint, "--store-kind",
                           "virtuoso", "--release", str(release), "--retries", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Fout: store onbereikbaar" in done.stderr and "2 pogingen" in done.stderr
