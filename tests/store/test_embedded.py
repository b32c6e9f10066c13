"""The embedded store: bulk load, read-only query workers, timeouts that really stop, caps."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from lod.config import Config
from lod.errors import QueryError, QueryTimeout, StoreError
from lod.store.base import query_form
from lod.store.embedded import WorkerLimits, build_store, find_release, open_store
from lod.terms import dataset_iri, prefixes

TWO = WorkerLimits(workers=2, long_queries=1)  # two query workers: enough for these tests

DATA = Path(__file__).parent.parent / "data" / "serve-small-release.ttl"
MEASURE = "https://w3id.org/veilig-uitgaan/id/maatregel/44021-2022-001"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("embedded") / "store"
    build_store(path, parse(path=str(DATA)), graph=dataset_iri(Config()))
    with open_store(path, prefixes=prefixes(Config()), limits=TWO) as opened:
        yield opened


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("  # comment with CONSTRUCT\nprefix ex: <http://e/#ask>\nBASE <http://e/>\nask { ?s ?p ?o }", "ASK"),
    ("PREFIX : <http://e/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://e/x>", "DESCRIBE"),
    ("INSERT DATA { <a:s> <a:p> <a:o> }", "UPDATE"),
    ("PREFIX x: <http://e/> DELETE WHERE { ?s ?p ?o }", "UPDATE"),
    ("WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
    ("DROP ALL", "UPDATE"),
])
def test_query_form_is_read_past_the_prologue(query, form):
    assert query_form(query) == form


@pytest.mark.parametrize("query", ["", "   # only a comment", "SELEC * WHERE {}", "PREFIX x: <http://e/>"])
def test_not_a_query(query):
    with pytest.raises(QueryError):
        query_form(query)


def test_bulk_load_keeps_every_triple(store):
    assert store.count() == len(list(parse(path=str(DATA))))


def test_build_refuses_a_non_empty_directory(tmp_path):
    (tmp_path / "x").write_text("something")
    with pytest.raises(StoreError):
        build_store(tmp_path, [], graph=dataset_iri(Config()))


def test_select_binds_values_instead_of_splicing(store):
    hostile = Literal('x" } ; DROP ALL ; SELECT * { "')
    query = "SELECT ?m ?id WHERE { ?m dct:identifier ?id }"
    assert store.select(query, bindings={"id": hostile}) == []
    rows = store.select(query, bindings={"id": Literal("44021-2022-001")})
    assert rows[0]["m"] == NamedNode(MEASURE)


def test_describe_includes_hash_parts(store):
    subjects = {q.subject.value for q in store.describe(MEASURE)}
    assert subjects == {MEASURE, MEASURE + "#periode", MEASURE + "#rol-sensoa"}


def test_results_are_capped_and_say_so(store):
    answer = store.run_query("SELECT ?s WHERE { ?s ?p ?o }", media_type="application/sparql-results+json",
                             timeout=20, limit=5)
    assert answer.truncated
    data = json.loads(answer.body)
    assert len(data["results"]["bindings"]) == 5 and "5" in data["note"]
    graph = store.run_query("CONSTRUCT WHERE { ?s ?p ?o }", media_type="application/n-triples", timeout=20,
                            limit=7)
    assert graph.truncated and len(list(parse(graph.body, format=RdfFormat.N_TRIPLES))) == 7
    whole = store.run_query("SELECT ?s WHERE { ?s a vu:Gemeente }", media_type="text/csv", timeout=20,
                            limit=5)
    assert not whole.truncated and whole.body.count(b"\r\n") == 4


def test_workers_reading_the_store_on_disk_answer_as_the_copy_in_memory_does(store):
    """`query_in_memory=False`: workers read the store on disk, for less memory; same answers."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    on_disk = WorkerLimits(workers=2, long_queries=1, in_memory=False)
    with open_store(store.path, prefixes=prefixes(Config()), limits=on_disk) as disk:
        read = disk.run_query(query, media_type="text/csv", timeout=20, limit=100_000)
    copied = store.run_query(query, media_type="text/csv", timeout=20, limit=100_000)
    assert read.body == copied.body and read.body.count(b"\r\n") == store.count() + 1


def test_updates_and_syntax_errors_are_query_errors(store):
    with pytest.raises(QueryError, match="niet toegestaan"):
        store.run_query("INSERT DATA { <a:s> <a:p> <a:o> }", media_type="text/csv", timeout=20, limit=5)
    with pytest.raises(QueryError, match="1:"):
        store.run_query("SELECT * WHERE { ?s ?p }", media_type="text/csv", timeout=20, limit=5)
    # The worker that saw the error still answers.
    again = store.run_query("ASK { ?s ?p ?o }", media_type="text/csv", timeout=20, limit=5)
    assert again.body.endswith(b"true\r\n")


def wait_until(condition, what: str, bound: float = 30.0) -> None:
    """Poll until `condition()` holds; fail (not pass) when it never does within `bound` seconds."""
    deadline = time.monotonic() + bound
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.01)


def test_runaway_query_is_stopped_while_another_is_answered(store):
    outcome: dict[str, object] = {}

    def runaway():
        try:
            store.run_query(RUNAWAY, media_type="text/csv", timeout=2, limit=10)
            outcome["runaway"] = "finished"
        except QueryTimeout as exc:
            outcome["runaway"] = exc

    assert store.in_flight() == 0
    thread = threading.Thread(target=runaway)
    thread.start()
    wait_until(lambda: store.in_flight() == 1, "the runaway query reached a worker")
    answer = store.run_query("ASK { ?m a vu:Maatregel }", media_type="text/csv", timeout=20, limit=5)
    # Answered while the runaway still runs: it is still in flight and has no outcome yet.
    assert store.in_flight() == 1 and "runaway" not in outcome
    assert answer.body.endswith(b"true\r\n")
    thread.join(60)
    assert isinstance(outcome["runaway"], QueryTimeout)
    assert store.in_flight() == 0
    # The killed worker was replaced: the pool still answers two queries at once.
    assert store.run_query("ASK { ?s ?p ?o }", media_type="text/csv", timeout=20, limit=5).body


def test_find_release_accepts_out_dir_current_and_release(tmp_path):
    release = tmp_path / "releases" / "abc"
    (release / "store").mkdir(parents=True)
    (tmp_path / "current").symlink_to(release)
    assert find_release(tmp_path) == release.resolve()
    assert find_release(release) == release.resolve()
    with pytest.raises(StoreError):
        find_release(tmp_path / "nowhere")


def test_a_stopped_query_leaves_no_process_behind(store):
    before = {w.pid: w for w in store._pool._workers}
    with pytest.raises(QueryTimeout):
        store.run_query(RUNAWAY, media_type="text/csv", timeout=1, limit=10)
    after = {w.pid for w in store._pool._workers}
    killed = [worker for pid, worker in before.items() if pid not in after]
    assert len(after) == len(before) >= 2
    assert len(killed) == 1 and killed[0].exit_code() == -signal.SIGKILL  # killed, and reaped
    with pytest.raises(ProcessLookupError):  # no zombie left: the pid is no process now
        os.kill(killed[0].pid, 0)


def _parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])  # the field after the state; a name may hold ")"


def test_workers_are_forked_from_one_zygote_which_is_started_again_when_killed(store):
    """Every worker is a child of the zygote that holds the copy of the release (one copy for the
    pool); when that process is killed from outside, the next replacement starts a new one."""
    with open_store(store.path, prefixes=prefixes(Config()), limits=TWO) as pool:
        zygote, before = pool._pool._zygote, set(pool._pool._workers)
        assert {_parent_of(w.pid) for w in before} == {zygote.process.pid}
        zygote.process.kill()
        zygote.process.wait(10)
        with pytest.raises(QueryTimeout):  # its worker is killed and replaced: from a new zygote
            pool.run_query(RUNAWAY, media_type="text/csv", timeout=1, limit=10)
        wait_until(lambda: len(pool._pool._idle) == 2, "the replacement joined the idle workers")
        fresh = pool._pool._zygote
        assert fresh is not zygote and fresh.exit_code() is None
        (new,) = set(pool._pool._workers) - before
        assert _parent_of(new.pid) == fresh.process.pid
        for _ in range(3):  # both workers answer, the old zygote's orphan and the new one's child
            assert pool.run_query("ASK { ?s ?p ?o }", media_type="text/csv", timeout=20, limit=5).body


def test_a_command_asking_one_question_reads_the_store_on_disk(tmp_path):
    """`lod query`/`compare`/`partners` answer one question: no copy of the release in memory
    first; `lod serve` (serving) makes one, as the configuration says."""
    from lod.cli import _open_release_store

    release = tmp_path / "releases" / "x"
    build_store(release / "store", parse(path=str(DATA)), graph=dataset_iri(Config()))
    for serving, in_memory in ((False, False), (True, True)):
        _, opened, _ = _open_release_store(Config(query_workers=2), release, None, serving=serving)
        try:
            assert opened.limits.in_memory is in_memory
            assert opened.run_query("ASK { ?s ?p ?o }", media_type="text/csv", timeout=20, limit=5).body
        finally:
            opened.close()


def test_lod_query_cli(tmp_path):
    from click.testing import CliRunner

    from lod.cli import cli

    release = tmp_path / "dist" / "releases" / "x"
    build_store(release / "store", parse(path=str(DATA)), graph=dataset_iri(Config()))
    (tmp_path / "dist" / "current").symlink_to(release)
    runner = CliRunner()
    table = runner.invoke(cli, ["query", "SELECT ?n WHERE { ?g vu:nisCode ?n } ORDER BY ?n",
                                "--release", str(tmp_path / "dist")])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[:3] == ["n", "-----", "44021"]
    as_json = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "--release", str(release), "--format", "json"])
    assert json.loads(as_json.output)["boolean"] is True
    graph = runner.invoke(cli, ["query", f"DESCRIBE <{MEASURE}>", "--release", str(release)])
    assert len(list(parse(graph.output.encode(), format=RdfFormat.TURTLE))) > 10
    bad = runner.invoke(cli, ["query", "SELECT ?x WHERE {", "--release", str(release)])
    assert bad.exit_code != 0 and isinstance(bad.exception, QueryError)
