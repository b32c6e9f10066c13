"""The checks every remote store must pass: test_virtuoso.py and test_oxigraph_server.py run them on theirs.

A store's test module gives its server (the fixtures of tests/integration/conftest.py: `count(graph)`,
`kill()`, `start()`, `endpoint`) and its `--store-kind`; what `lod push` and `lod serve --store` must
do is written here once, so the two stores are held to the same behaviour. What only one store does
(Virtuoso's query timeout, Oxigraph's graph listing at /query) stays in its own module.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from lod.cli import cli
from lod.config import Config
from lod.store.embedded import WorkerLimits, open_store
from lod.store.memory import storable
from lod.store.push import PushResult, push_release
from lod.store.remote import RemoteStore
from lod.terms import dataset_iri
from tests.conftest import free_port

GRAPH = dataset_iri(Config()).value
ROOT = Path(__file__).resolve().parents[2]
# Two query workers (the least a store runs) for the embedded store and `lod serve --release` these
# checks compare with: enough for a few queries one at a time, and each worker takes a process start.
TWO = WorkerLimits(workers=2, long_queries=1)

QUERIES = [
    "SELECT ?s ?title WHERE { ?s <http://purl.org/dc/terms/title> ?title } "
    "ORDER BY ?s STR(?title) LANG(?title) LIMIT 50",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?p (COUNT(?s) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
    "SELECT ?s ?d WHERE { ?s <http://www.w3.org/ns/dcat#startDate> ?d } ORDER BY ?s LIMIT 20",
]


def dump_lines(release: Path) -> set[str]:
    dump = release / "dumps" / "veilig-uitgaan.nt"
    return {str(q.triple) for q in parse(path=dump, format=RdfFormat.N_TRIPLES)}


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


def pushed_lines(endpoint: str, graph: str, kind: str) -> set[str]:
    """Every triple a reader of `graph` sees."""
    answer = RemoteStore(endpoint, graph, kind=kind).run_query(
        "CONSTRUCT WHERE { ?s ?p ?o }", media_type="application/n-triples", timeout=120, limit=10**7)
    return {str(q.triple) for q in parse(answer.body, format=RdfFormat.N_TRIPLES)}


def lod_serve(*commands: list[str]) -> list[tuple[subprocess.Popen, str]]:
    """`lod serve` with each of `commands` on a free port, once every one answers: the processes and
    their root URLs. They start side by side: each takes a second to import and start its workers."""
    ports: list[int] = []
    while len(ports) < len(commands):
        port = free_port()
        ports += [port] if port not in ports else []
    started = [(subprocess.Popen([sys.executable, "-m", "lod", "-q", "serve", "--port", str(port), *args],
                                 cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE),
                f"http://127.0.0.1:{port}") for port, args in zip(ports, commands, strict=True)]
    deadline = time.monotonic() + 30
    try:
        for process, url in started:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode())
                try:
                    requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2)
                    break
                except requests.ConnectionError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("lod serve did not start") from None
                    time.sleep(0.05)
    except BaseException:
        for process, _ in started:
            process.kill()
        raise
    return started


def check_push_loads_the_dump_and_the_catalogue(server: Any, release: Path, pushed: PushResult,
                                                kind: str) -> None:
    assert pushed.changed
    expected = served_lines(release)
    assert server.count(GRAPH) == pushed.triples == len(expected)
    assert pushed_lines(server.endpoint, GRAPH, kind) == expected


def check_load_path(server: Any, release: Path, kind: str, method: str) -> None:
    """`method` ("gsp" or "update") loads the same graph as the release serves."""
    graph = f"{GRAPH}-{method}"
    push_release(release, endpoint=server.endpoint, graph=graph, kind=kind, method=method, batch_size=997)
    assert pushed_lines(server.endpoint, graph, kind) == served_lines(release)


def check_a_repeated_push_changes_nothing(server: Any, release: Path, kind: str) -> None:
    before = server.count(GRAPH)
    result = CliRunner().invoke(cli, ["push", "--endpoint", server.endpoint, "--store-kind", kind,
                                      "--release", str(release)])
    assert result.exit_code == 0, result.output
    assert "already current" in result.output
    assert server.count(GRAPH) == before
    assert pushed_lines(server.endpoint, GRAPH, kind) == served_lines(release)


def check_remote_store_answers_as_the_embedded_store(server: Any, release: Path, kind: str) -> None:
    remote = RemoteStore(server.endpoint, GRAPH, kind=kind)
    with open_store(release / "store", limits=TWO) as embedded:
        assert remote.count() == embedded.count()
        for query in QUERIES:
            assert remote.select(query) == embedded.select(query), query
        subject = embedded.select(QUERIES[0])[0]["s"]
        assert remote.describe(subject.value) == embedded.describe(subject.value)


def check_lod_serve_store_gives_the_same_answers(server: Any, release: Path, pushed: PushResult,
                                                 store_args: list[str]) -> None:
    """`lod serve` with `store_args` (--store …) answers queries, documents and pages as `lod serve
    --release` does, and refuses an update."""
    local_args = ["--release", str(release), "--workers", str(TWO.workers)]
    (remote, remote_url), (local, local_url) = lod_serve(store_args, local_args)
    try:
        for query in QUERIES:
            answers = [requests.get(f"{url}/sparql", params={"query": query},
                                    headers={"Accept": "application/sparql-results+json"}, timeout=60)
                       for url in (remote_url, local_url)]
            assert [a.status_code for a in answers] == [200, 200], answers[0].text
            assert json.loads(answers[0].content)["results"] == json.loads(answers[1].content)["results"]
        # The same document for a measure: describe() over the remote store equals the embedded one.
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
        assert server.count(GRAPH) == pushed.triples
    finally:
        for process in (remote, local):
            process.terminate()
            process.wait(10)


def check_a_swap_is_atomic_for_readers(server: Any, kind: str, tmp_path: Path,
                                       make_release: Callable[..., Path]) -> None:
    """A reader of a graph sees the previous release or the new one, complete, never a mix or none.
    The graph is this check's own (GRAPH-swap), so `server` may be the module's: a push touches
    nothing but its graph, its push record and its staging and release graphs. (Oxigraph gets a
    server of its own all the same: its MOVE slows down with what else the store holds.)"""
    graph = f"{GRAPH}-swap"
    old = make_release(tmp_path / "old", 3000, "oud")
    new = make_release(tmp_path / "new", 2500, "nieuw")
    push_release(old, endpoint=server.endpoint, graph=graph, kind=kind)
    seen: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(server.count(graph))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        push_release(new, endpoint=server.endpoint, graph=graph, kind=kind, batch_size=3000)
    finally:
        stop.set()
        reader.join()
    assert seen and set(seen) <= {18000, 15000}, sorted(set(seen))  # never empty, never half
    assert server.count(graph) == 15000


def check_a_kill_mid_push(fresh: Any, kind: str, tmp_path: Path,
                                                           make_release: Callable[..., Path]) -> None:
    """`lod push` fails clearly when the store dies mid-push (SIGKILL); the restarted store still has the
    previous graph, and the next push completes. The caller checks that no staging graph is left."""
    old = make_release(tmp_path / "old", 40, "oud")
    new = make_release(tmp_path / "new", 1500, "nieuw")
    push_release(old, endpoint=fresh.endpoint, graph=GRAPH, kind=kind)
    assert fresh.count(GRAPH) == 240

    # `lod push` as an operator runs it; the store dies (SIGKILL) once the first of 450 batches is in.
    command = [sys.executable, "-m", "lod", "push", "--endpoint", fresh.endpoint, "--store-kind", kind,
               "--release", str(new), "--batch-size", "20", "--retries", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        if "/9000 triples" in line:
            fresh.kill()
            break
    rest = process.stderr.read()
    assert process.wait(60) == 2, rest
    assert re.search(r"Fout: push afgebroken na \d+ van 9000 triples: store onbereikbaar", rest), rest
    assert "niet gewijzigd: lezers zien nog de vorige release volledig" in rest

    fresh.start()  # the same database, after a crash (Virtuoso replays its transaction log)
    assert fresh.count(GRAPH) == 240
    assert pushed_lines(fresh.endpoint, GRAPH, kind) == dump_lines(old)
    # The next push clears the half-loaded staging graph and completes.
    result = push_release(new, endpoint=fresh.endpoint, graph=GRAPH, kind=kind, batch_size=2000)
    assert result.changed and fresh.count(GRAPH) == 9000
