"""lod push against FakeStore, a real HTTP server: atomic replace, idempotence, retries, credentials."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, RdfFormat, parse

from lod.cli import cli
from lod.errors import InputError, StoreError
from lod.store.push import push_release, read_release
from lod.store.remote import RemoteStore

GRAPH = "https://w3id.org/veilig-uitgaan/id/dataset/maatregelen"
EX = "https://w3id.org/veilig-uitgaan/id/maatregel/"


def make_release(root: Path, release_id: str, lines: list[str], *, triples: int | None = None) -> Path:
    """A release directory as release/write.py lays it out: dumps/…nt plus manifest.json."""
    directory = root / release_id
    (directory / "dumps").mkdir(parents=True)
    dump = directory / "dumps" / "veilig-uitgaan.nt"
    dump.write_text("".join(line + "\n" for line in sorted(lines)), encoding="utf-8")
    manifest = {"release": release_id, "triples": len(lines) if triples is None else triples,
                "files": {"dumps/veilig-uitgaan.nt": {
                    "size": dump.stat().st_size, "sha256": hashlib.sha256(dump.read_bytes()).hexdigest()}}}
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return directory


def measures(n: int, title: str = "titel") -> list[str]:
    return [f'<{EX}m{i}> <http://purl.org/dc/terms/title> "{title} {i}"@nl .' for i in range(n)]


def graph_triples(fake, graph: str) -> set[str]:
    return {str(q.triple) for q in fake.store.quads_for_pattern(None, None, None, NamedNode(graph))}


def dump_triples(release: Path) -> set[str]:
    dump = release / "dumps" / "veilig-uitgaan.nt"
    return {str(q.triple) for q in parse(path=dump, format=RdfFormat.N_TRIPLES)}


def push(fake, release: Path, **options) -> object:
    options = {"kind": "oxigraph", "batch_size": 7, "sleep": lambda s: None, **options}
    return push_release(release, endpoint=fake.url, graph=GRAPH, **options)


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_push_loads_the_release_into_the_graph_and_records_it(fake_store, tmp_path, method):
    tricky = [f'<{EX}x> <http://purl.org/dc/terms/description> "quote \\" back \\\\ nl \\n tab \\t é ☂"@nl .',
              f'<{EX}x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "45"^^'
              '<http://www.w3.org/2001/XMLSchema#integer> .']
    release = make_release(tmp_path, "2026-11-27", measures(20) + tricky)
    fake = fake_store()
    result = push(fake, release, method=method)
    assert graph_triples(fake, GRAPH) == dump_triples(release)
    assert result.changed and result.triples == 22 and result.batches == 4
    record = list(fake.store.quads_for_pattern(NamedNode(GRAPH), None, None, NamedNode(GRAPH + "-meta")))
    assert {q.object.value for q in record} == {"2026-11-27", "22", GRAPH}
    staging = [g for g in fake.store.named_graphs() if "-staging-" in g.value]
    assert staging == []


def test_repeated_push_of_the_same_release_changes_nothing(fake_store, tmp_path):
    release = make_release(tmp_path, "r1", measures(10))
    fake = fake_store()
    push(fake, release)
    before = len(fake.requests)
    result = push(fake, release)
    writes = [r for r in fake.requests[before:] if r[1] != "/query"]
    assert not result.changed and writes == []
    assert "already current" in result.summary()
    assert fake.graph_count(GRAPH) == 10


def test_a_new_release_replaces_the_old_one_completely(fake_store, tmp_path):
    fake = fake_store()
    push(fake, make_release(tmp_path, "r1", measures(10, "oud")))
    new = make_release(tmp_path, "r2", measures(4, "nieuw"))
    push(fake, new)
    assert graph_triples(fake, GRAPH) == dump_triples(new)


def test_retries_connection_errors_and_5xx_with_exponential_backoff(fake_store, tmp_path):
    waits: list[float] = []
    fake = fake_store()
    fake.faults = [503, "drop", 502]
    result = push(fake, make_release(tmp_path, "r1", measures(10)), backoff=0.5, sleep=waits.append)
    assert result.changed and fake.graph_count(GRAPH) == 10
    assert waits == [0.5, 1.0, 2.0]


def test_a_store_that_stops_mid_push_fails_clearly_and_readers_keep_the_old_graph(fake_store, tmp_path):
    waits: list[float] = []
    old = make_release(tmp_path, "r1", measures(10, "oud"))
    fake = fake_store()
    push(fake, old)
    fake.kill_after_loads = 1 + 2  # r1 loaded in 2 batches; die after r2's first batch
    with pytest.raises(StoreError) as caught:
        push(fake, make_release(tmp_path, "r2", measures(30, "nieuw")), retries=3, sleep=waits.append)
    message = str(caught.value)
    assert "onbereikbaar" in message and "na 7 van 30 triples" in message
    assert "niet gewijzigd" in message and "4 pogingen" in message
    assert waits == [0.5, 1.0, 2.0]  # bounded: three waits, then give up
    assert graph_triples(fake, GRAPH) == dump_triples(old)
    # The store comes back: the next push clears the half-loaded staging graph and succeeds.
    fake.dead = False
    fake.kill_after_loads = None
    push(fake, make_release(tmp_path, "r3", measures(5, "later")))
    assert fake.graph_count(GRAPH) == 5
    assert [g for g in fake.store.named_graphs() if "-staging-" in g.value] == []


def test_count_mismatch_stops_before_the_swap(fake_store, tmp_path):
    fake = fake_store()
    push(fake, make_release(tmp_path, "r1", measures(3)))
    # A dump with a duplicated line: the store holds a set, so it counts one triple less.
    bad = make_release(tmp_path, "r2", measures(8) + measures(1))
    with pytest.raises(StoreError, match="telt 8 triples.*release heeft er 9"):
        push(fake, bad)
    assert fake.graph_count(GRAPH) == 3
    assert [g for g in fake.store.named_graphs() if "-staging-" in g.value] == []


def test_credentials_come_from_the_environment_or_netrc(fake_store, tmp_path, monkeypatch):
    release = make_release(tmp_path, "r1", measures(3))
    monkeypatch.delenv("LOD_STORE_USER", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "absent-netrc"))
    fake = fake_store(user="loader", password="s3cret")
    with pytest.raises(StoreError, match="LOD_STORE_USER"):
        push(fake, release)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login loader password s3cret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    assert push(fake, release).changed
    fake = fake_store(user="loader", password="other")
    monkeypatch.setenv("LOD_STORE_USER", "loader")
    monkeypatch.setenv("LOD_STORE_PASSWORD", "other")
    assert push(fake, release).changed and fake.graph_count(GRAPH) == 3


def test_a_release_with_blank_nodes_or_an_edited_dump_is_refused(tmp_path):
    blank = make_release(tmp_path, "b", [f"<{EX}a> <http://ex/p> _:b1 ."])
    with pytest.raises(InputError, match="blank node"):
        read_release(blank)
    edited = make_release(tmp_path, "e", measures(2))
    with (edited / "dumps" / "veilig-uitgaan.nt").open("a") as fh:
        fh.write(f'<{EX}z> <http://ex/p> "added" .\n')
    with pytest.raises(InputError, match="SHA-256"):
        read_release(edited)
    out = tmp_path / "dist"
    (out / "releases").mkdir(parents=True)
    (out / "current").symlink_to(make_release(out / "releases", "abc123", measures(2)))
    assert read_release(out).release_id == "abc123" and read_release(out).triples == 2
    miscounted = make_release(tmp_path, "m", measures(2), triples=3)
    with pytest.raises(InputError, match="noemt 3 triples, de dump heeft er 2"):
        read_release(miscounted)


def test_cli_push_reports_and_exits_nonzero_on_failure(fake_store, tmp_path):
    release = make_release(tmp_path, "r1", measures(4))
    runner = CliRunner()
    fake = fake_store()
    args = ["push", "--endpoint", fake.url, "--store-kind", "oxigraph", "--release", str(release)]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    again = runner.invoke(cli, args)
    assert "already current" in again.output
    fake.dead = True
    failed = runner.invoke(cli, [*args, "--force", "--retries", "0"])
    assert failed.exit_code != 0
    assert "onbereikbaar" in str(failed.exception)


def test_pointer_swap_keeps_the_previous_release_until_the_next_push(fake_store, tmp_path):
    fake = fake_store()
    first, second, third = (make_release(tmp_path, f"r{i}", measures(3 + i, f"ed. {i}")) for i in (1, 2, 3))
    readers = RemoteStore(fake.url, GRAPH, kind="oxigraph")
    push(fake, first, swap="pointer")
    assert readers.count() == 4 and fake.graph_count(GRAPH) == 0  # readers follow the record
    push(fake, second, swap="pointer")
    graphs = {g.value for g in fake.store.named_graphs()}
    assert {f"{GRAPH}-release-r1", f"{GRAPH}-release-r2"} <= graphs  # r1 kept for queries under way
    readers._release_graph = None  # skip the short cache a server keeps
    assert readers.count() == 5
    assert {r["s"].value for r in readers.select("SELECT ?s WHERE { ?s ?p ?o }")} == \
        {f"{EX}m{i}" for i in range(5)}
    assert not push(fake, second, swap="pointer").changed
    push(fake, third, swap="pointer")
    graphs = {g.value for g in fake.store.named_graphs()}
    assert f"{GRAPH}-release-r1" not in graphs and f"{GRAPH}-release-r3" in graphs
    assert current_release_graph(fake) == f"{GRAPH}-release-r3"


def current_release_graph(fake) -> str:
    from lod.store.push import StoreClient, current_release
    from lod.store.remote import endpoints_for

    return current_release(StoreClient(endpoints_for(fake.url, "oxigraph")), GRAPH).graph


def test_push_speaks_english_with_lang_en(fake_store, tmp_path):
    release = make_release(tmp_path, "r1", measures(4))
    runner = CliRunner()
    fake = fake_store()
    args = ["--lang", "en", "push", "--endpoint", fake.url, "--store-kind", "oxigraph",
            "--release", str(release)]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "Release r1 loaded into <" in first.output and "geladen" not in first.output
    assert "is already in <" in runner.invoke(cli, args).output
    fake.dead = True
    failed = runner.invoke(cli, [*args, "--force", "--retries", "0"])
    message = str(failed.exception)
    assert failed.exit_code != 0
    assert "store unreachable" in message and "failed after 1 attempts, last: no connection" in message
    assert "onbereikbaar" not in message and "pogingen" not in message
    # A store that dies mid-push: the English message says how far it got and what readers see.
    fake.dead = False
    fake.kill_after_loads = fake._loads + 1
    with pytest.raises(StoreError) as caught:
        push(fake, make_release(tmp_path, "r2", measures(20)), retries=0, lang="en")
    message = str(caught.value)
    assert "push stopped after 7 of 20 triples" in message and "is unchanged" in message
    assert "niet gewijzigd" not in message


def test_release_errors_carry_english_too(tmp_path):
    miscounted = make_release(tmp_path, "m", measures(2), triples=3)
    with pytest.raises(InputError) as caught:
        read_release(miscounted)
    assert "manifest.json says 3 triples, the dump has 2" in caught.value.text("en")
    assert "build the release again with lod build" in caught.value.text("en")
    assert "noemt 3 triples" in caught.value.text("nl")
    with pytest.raises(InputError) as missing:
        read_release(tmp_path / "nowhere")
    assert "not a release: manifest.json is missing" in missing.value.text("en")


def test_oxigraph_is_pushed_10_000_triples_a_request_unless_told_otherwise(fake_store, tmp_path):
    # Oxigraph's Graph Store POST slows down faster than a request grows (docs/stores.md); others get 50 000.
    release = make_release(tmp_path, "r", measures(25_000))
    fake = fake_store()
    result = push_release(release, endpoint=fake.url, graph=GRAPH, kind="oxigraph", sleep=lambda s: None)
    assert result.batches == 3 and graph_triples(fake, GRAPH) == dump_triples(release)
    again = push_release(release, endpoint=fake.url, graph=GRAPH + "-b", kind="oxigraph", batch_size=25_000,
                         sleep=lambda s: None)
    assert again.batches == 1
