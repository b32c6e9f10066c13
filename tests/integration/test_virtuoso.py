"""`lod push` and `lod serve --store` against a real Virtuoso (Debian virtuoso-opensource).

The fixtures start `virtuoso-t +foreground` in a temporary directory with its own database and free
ports on 127.0.0.1 (`virtuoso` per module; `fresh_virtuoso` per test, for tests that kill it);
`lod push` writes as dba with HTTP Digest, credentials from LOD_STORE_USER/PASSWORD.
"""

from __future__ import annotations

import hashlib
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

from lod.build import build
from lod.cli import cli
from lod.config import Config
from lod.errors import QueryTimeout
from lod.store.embedded import build_store, open_store
from lod.store.push import push_release
from lod.store.remote import RemoteStore
from lod.terms import dataset_iri

pytestmark = pytest.mark.integration
GRAPH = dataset_iri(Config()).value
ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/veilig-uitgaan/id/"
DCT = "http://purl.org/dc/terms/"
GEMEENTE = "https://data.vlaanderen.be/id/gemeente/"

VIRTUOSO = "/usr/bin/virtuoso-t"
# Its own database, loopback ports, no result-row cap below the release size.
INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
DirsAllowed = ., {db}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 1

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Virtuoso:
    """One virtuoso-t process on its own database; restartable on the same database."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.http_port, self.sql_port = free_port(), free_port()
        self.ini = directory / "virtuoso.ini"
        self.ini.write_text(INI.format(db=directory, sql_port=self.sql_port, http_port=self.http_port))
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self, wait: float = 90.0) -> None:
        with (self.directory / "stdout.log").open("ab") as log:
            self.process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(self.ini)],
                                            cwd=self.directory, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t stopped at start:\n{self.log_tail()}")
            try:
                if requests.get(self.endpoint, timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"virtuoso-t did not answer on {self.endpoint} in {wait:g} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: what a crash or a pulled plug does; the database recovers from its log."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self) -> str:
        log = self.directory / "virtuoso.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-20:]) if log.exists() else ""

    def count(self, graph: str) -> int:
        """What a reader counts: through a new RemoteStore, which follows the push record."""
        return RemoteStore(self.endpoint, graph).count()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh_virtuoso(tmp_path: Path) -> Iterator[Virtuoso]:
    """A Virtuoso of its own, for a test that kills it."""
    server = Virtuoso(tmp_path / "virtuoso")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def dba(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials the way an operator gives them: environment variables, never options."""
    monkeypatch.setenv("LOD_STORE_USER", "dba")
    monkeypatch.setenv("LOD_STORE_PASSWORD", "dba")


def synthetic_quads(measures: int, *, edition: str = "a") -> list[Quad]:
    """Measures shaped like the model's (hash-IRI parts, language tags, typed literals, escapes)."""
    quads = []
    for i in range(measures):
        m = NamedNode(f"{ID}maatregel/{i:05d}")
        period = NamedNode(f"{m.value}#periode")
        quads += [
            Quad(m, NamedNode(f"{DCT}identifier"), Literal(f"{i:05d}")),
            Quad(m, NamedNode(f"{DCT}title"), Literal(f"Maatregel {i} ({edition}) — “veilig” \\ \"uit\"",
                                                      language="nl")),
            Quad(m, NamedNode(f"{DCT}description"), Literal(f"regel 1\nregel 2\ttab {edition}")),
            Quad(m, NamedNode(f"{DCT}spatial"), NamedNode(f"{GEMEENTE}{44000 + i % 50}")),
            Quad(m, NamedNode(f"{DCT}temporal"), period),
            Quad(period, NamedNode("http://www.w3.org/ns/dcat#startDate"),
                 Literal("2022-07-15", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
        ]
    return quads


def write_release(root: Path, quads: list[Quad], *, with_store: bool = False) -> Path:
    """A release as lod/release/write.py lays it out (releases/<id>/dumps, manifest.json)."""
    nt = serialize(quads, format=RdfFormat.N_QUADS) or b""
    dump = b"".join(sorted(line + b"\n" for line in nt.splitlines() if line))
    release_id = hashlib.sha256(dump).hexdigest()[:16]
    directory = root / "releases" / release_id
    (directory / "dumps").mkdir(parents=True)
    (directory / "dumps" / "veilig-uitgaan.nt").write_bytes(dump)
    digest = hashlib.sha256(dump).hexdigest()
    files = [{"path": "dumps/veilig-uitgaan.nt", "size": len(dump), "sha256": digest}]
    (directory / "manifest.json").write_text(json.dumps({"files": files}), encoding="utf-8")
    if with_store:
        build_store(directory / "store", quads)
    return directory


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real release when the project's data exists (built by lod.build), else a synthetic one."""
    root = tmp_path_factory.mktemp("release")
    data = ROOT / "data" / "maatregelen.csv"
    if data.is_file():
        build([data], config=Config(), out=root)
        return (root / "current").resolve()
    return write_release(root, synthetic_quads(300), with_store=True)




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
    """What the release publishes for the server: the dump plus the catalogue files."""
    lines = dump_lines(release)
    for name in ("catalogus.ttl", "void.ttl", "service-description.ttl"):
        if (release / name).is_file():
            lines |= {str(q.triple) for q in parse(path=release / name, format=RdfFormat.TURTLE)}
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
    with open_store(release / "store") as embedded:
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


def test_a_swap_is_atomic_for_readers(fresh_virtuoso, tmp_path, dba):
    old = write_release(tmp_path / "old", synthetic_quads(3000, edition="oud"))
    new = write_release(tmp_path / "new", synthetic_quads(2500, edition="nieuw"))
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


def test_a_store_killed_mid_push_fails_clearly_and_keeps_the_previous_graph(fresh_virtuoso, tmp_path, dba):
    old = write_release(tmp_path / "old", synthetic_quads(40, edition="oud"))
    new = write_release(tmp_path / "new", synthetic_quads(1500, edition="nieuw"))
    push_release(old, endpoint=fresh_virtuoso.endpoint, graph=GRAPH, kind="virtuoso")
    assert fresh_virtuoso.count(GRAPH) == 240

    # `lod push` as an operator runs it; Virtuoso dies (SIGKILL) once the first batch is in.
    command = [sys.executable, "-m", "lod", "push", "--endpoint", fresh_virtuoso.endpoint, "--store-kind",
               "virtuoso", "--release", str(new), "--batch-size", "100", "--retries", "2"]
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


def test_cli_push_to_a_stopped_store_fails_with_a_clear_message(tmp_path, dba):
    release = write_release(tmp_path, synthetic_quads(5))
    port = free_port()  # nothing listens there
    endpoint = f"http://127.0.0.1:{port}/sparql"
    done = subprocess.run([sys.executable, "-m", "lod", "push", "--endpoint", endpoint, "--store-kind",
                           "virtuoso", "--release", str(release), "--retries", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Fout: store onbereikbaar" in done.stderr and "2 pogingen" in done.stderr
