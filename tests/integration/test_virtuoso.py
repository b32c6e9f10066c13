"""`lod push` and `lod serve --store` against a real Virtuoso (fixtures: tests/integration/conftest.py).

The checks every remote store passes are in tests/integration/remote_stores.py (test_oxigraph_server.py
runs them on Oxigraph); here is what they are given, and what only Virtuoso does.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests

from lod.errors import QueryTimeout
from lod.store.push import push_release
from lod.store.remote import RemoteStore
from tests.conftest import free_port
from tests.integration import remote_stores as checks
from tests.integration.remote_stores import GRAPH, ROOT

KIND = "virtuoso"


@pytest.fixture(scope="module")
def pushed(virtuoso, release):
    """The release pushed once into the module's Virtuoso (as dba, from the environment)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOD_STORE_USER", "dba")
        patch.setenv("LOD_STORE_PASSWORD", "dba")
        return push_release(release, endpoint=virtuoso.endpoint, graph=GRAPH, kind=KIND, batch_size=5000)


def test_push_loads_the_dump_and_the_catalogue(virtuoso, release, pushed):
    checks.check_push_loads_the_dump_and_the_catalogue(virtuoso, release, pushed, KIND)


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_both_load_paths_give_the_same_graph(virtuoso, release, dba, method):
    checks.check_load_path(virtuoso, release, KIND, method)


def test_a_repeated_push_changes_nothing_and_says_so(virtuoso, release, pushed, dba):
    checks.check_a_repeated_push_changes_nothing(virtuoso, release, KIND)


def test_remote_store_answers_as_the_embedded_store(virtuoso, release, pushed):
    checks.check_remote_store_answers_as_the_embedded_store(virtuoso, release, KIND)


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


def test_a_swap_is_atomic_for_readers(virtuoso, tmp_path, dba, make_release):
    checks.check_a_swap_is_atomic_for_readers(virtuoso, KIND, tmp_path, make_release)


def test_lod_serve_store_gives_the_same_answers_over_http(virtuoso, release, pushed):
    # No --store-kind: `lod serve` learns from the `Server:` header that it is Virtuoso.
    checks.check_lod_serve_store_gives_the_same_answers(virtuoso, release, pushed,
                                                        ["--store", virtuoso.endpoint])


def test_a_store_killed_mid_push_fails_clearly_and_keeps_the_previous_graph(fresh_virtuoso, tmp_path, dba,
                                                                            make_release):
    checks.check_a_kill_mid_push(fresh_virtuoso, KIND, tmp_path, make_release)
    staging = requests.post(fresh_virtuoso.endpoint, headers={"Accept": "application/sparql-results+json"},
                            data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                           f'FILTER(STRSTARTS(STR(?g), "{GRAPH}-staging-")) }}'}, timeout=60)
    assert staging.json()["results"]["bindings"] == []


def test_cli_push_to_a_stopped_store_fails_with_a_clear_message(tmp_path, dba, make_release):
    release = make_release(tmp_path, 5)
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    done = subprocess.run([sys.executable, "-m", "lod", "push", "--endpoint", endpoint, "--store-kind",
                           KIND, "--release", str(release), "--retries", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Fout: store onbereikbaar" in done.stderr and "2 pogingen" in done.stderr
