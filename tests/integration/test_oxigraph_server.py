"""`lod push` and `lod serve --store` against a real Oxigraph server, as test_virtuoso.py against Virtuoso.

The server is PyPI's `oxigraph` (its own CLI: `oxigraph serve --location DIR --bind 127.0.0.1:PORT`),
started by the fixtures of tests/integration/conftest.py. `--store-kind oxigraph`: the Graph Store
Protocol at /store, updates at /update, and the swap as one update request (`move`), which Oxigraph
runs as one transaction. The checks every remote store passes are in tests/integration/remote_stores.py.
"""

from __future__ import annotations

import pytest
import requests

from lod.store.push import push_release
from tests.integration import remote_stores as checks
from tests.integration.remote_stores import GRAPH

KIND = "oxigraph"


def graphs(endpoint: str) -> set[str]:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    answer = requests.post(f"{endpoint}/query", data={"query": query},
                           headers={"Accept": "application/sparql-results+json"}, timeout=60)
    return {b["g"]["value"] for b in answer.json()["results"]["bindings"]}


@pytest.fixture(scope="module")
def pushed(oxigraph, release):
    """The real release pushed once into the module's Oxigraph server (it has no credentials)."""
    return push_release(release, endpoint=oxigraph.endpoint, graph=GRAPH, kind=KIND, batch_size=5000)


def test_push_loads_the_dump_and_the_catalogue(oxigraph, release, pushed):
    checks.check_push_loads_the_dump_and_the_catalogue(oxigraph, release, pushed, KIND)
    assert pushed.method == "gsp"
    # The swap moved the staging graph onto the target: nothing else is left but the push record.
    assert graphs(oxigraph.endpoint) >= {GRAPH, f"{GRAPH}-meta"}
    assert not [g for g in graphs(oxigraph.endpoint) if g.startswith(f"{GRAPH}-staging-")]


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_both_load_paths_give_the_same_graph(oxigraph, release, method):
    checks.check_load_path(oxigraph, release, KIND, method)


def test_a_repeated_push_changes_nothing_and_says_so(oxigraph, release, pushed):
    checks.check_a_repeated_push_changes_nothing(oxigraph, release, KIND)


def test_remote_store_answers_as_the_embedded_store(oxigraph, release, pushed):
    checks.check_remote_store_answers_as_the_embedded_store(oxigraph, release, KIND)


def test_lod_serve_store_gives_the_same_answers_over_http(oxigraph, release, pushed):
    checks.check_lod_serve_store_gives_the_same_answers(oxigraph, release, pushed,
                                                        ["--store", oxigraph.endpoint, "--store-kind", KIND])


def test_a_swap_is_atomic_for_readers(fresh_oxigraph, tmp_path, make_release):
    checks.check_a_swap_is_atomic_for_readers(fresh_oxigraph, KIND, tmp_path, make_release)


def test_a_server_killed_mid_push_fails_clearly_and_keeps_the_previous_graph(fresh_oxigraph, tmp_path,
                                                                            make_release):
    checks.check_a_kill_mid_push(fresh_oxigraph, KIND, tmp_path, make_release)
    assert not [g for g in graphs(fresh_oxigraph.endpoint) if g.startswith(f"{GRAPH}-staging-")]
