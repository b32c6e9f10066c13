"""The SPARQL result cache of a published release (lod/web/sparql.py): the same query (as the lexer
reads it), format and dataset get the kept answer, said in X-Cache; errors, timeouts and cut
answers are never kept; nothing is kept for a store that may change."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from lod.config import Config
from lod.errors import QueryTimeout
from lod.store.grammar import normalised
from lod.store.memory import MemoryStore
from lod.web.app import create_app
from lod.web.cache import RenderCache, Rendered

JSON = "application/sparql-results+json"
TITLES = "SELECT ?t WHERE { ?m <http://purl.org/dc/terms/title> ?t } ORDER BY ?t"
GRAPH = "https://w3id.org/veilig-uitgaan/id/dataset/maatregelen"


def recorded(monkeypatch, owner, name: str) -> list[str]:
    """The first arguments `owner.name` is called with from now on (it still does its work)."""
    seen: list[str] = []
    original = getattr(owner, name)

    def counting(query, **kwargs):
        seen.append(query)
        return original(query, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return seen


@pytest.fixture
def runs(store, monkeypatch) -> list[str]:
    """The queries the store is asked to run."""
    return recorded(monkeypatch, store, "run_query")


def ask(client: TestClient, query: str, accept: str = JSON, **params: str):
    return client.get("/sparql", params={"query": query, **params}, headers={"Accept": accept})


def test_a_second_identical_query_is_a_hit_with_the_same_body(client, runs):
    first, second = ask(client, TITLES), ask(client, TITLES)
    assert first.status_code == second.status_code == 200
    assert first.headers["x-cache"] == "miss" and second.headers["x-cache"] == "hit"
    assert second.content == first.content and b'"t"' in first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["vary"] == first.headers["vary"]
    assert runs == [TITLES]


def test_whitespace_and_comments_between_tokens_are_the_same_query(client, runs):
    ask(client, TITLES)
    spaced = "SELECT ?t   # the titles\nWHERE {\n\t?m <http://purl.org/dc/terms/title> ?t\n} ORDER BY ?t  "
    assert ask(client, spaced).headers["x-cache"] == "hit"
    assert runs == [TITLES]


@pytest.mark.parametrize("other", [
    TITLES.replace("ORDER BY ?t", "ORDER BY DESC(?t)"),
    TITLES.replace("SELECT ?t", "SELECT DISTINCT ?t"),
    TITLES.replace("SELECT", "select"),  # the same answer, but only the lexer's reading is compared
    TITLES.replace("?t", "?title"),
])
def test_a_different_query_is_a_miss(client, runs, other):
    assert ask(client, TITLES).headers["x-cache"] == "miss"
    assert ask(client, other).headers["x-cache"] == "miss"
    assert runs == [TITLES, other]


def test_the_format_and_the_dataset_are_part_of_the_key(client, runs):
    json_answer = ask(client, TITLES)
    csv_answer = ask(client, TITLES, accept="text/csv")
    assert csv_answer.headers["x-cache"] == "miss" and csv_answer.content != json_answer.content
    assert ask(client, TITLES, accept="text/csv").headers["x-cache"] == "hit"
    named = ask(client, TITLES, **{"named-graph-uri": GRAPH})  # the graph only as a named graph
    assert named.headers["x-cache"] == "miss" and named.content != json_answer.content
    assert ask(client, TITLES, **{"named-graph-uri": GRAPH}).headers["x-cache"] == "hit"
    assert len(runs) == 3


def test_a_repeated_request_is_answered_without_reading_the_query_again(client, runs, monkeypatch):
    import lod.web.sparql as endpoint

    reads = recorded(monkeypatch, endpoint, "read_query")
    first = ask(client, TITLES)
    again = [ask(client, TITLES) for _ in range(3)]
    assert [a.headers["x-cache"] for a in again] == ["hit"] * 3 and len(reads) == 1
    assert all(a.content == first.content and a.headers["content-type"] == first.headers["content-type"]
               for a in again)
    # anything else the answer depends on is read again: another Accept, dataset, host (base IRI)
    assert ask(client, TITLES, accept="text/csv").headers["x-cache"] == "miss"
    assert ask(client, TITLES, **{"named-graph-uri": GRAPH}).headers["x-cache"] == "miss"
    elsewhere = client.get("/sparql", params={"query": TITLES},
                           headers={"Accept": JSON, "Host": "other.example"})
    assert elsewhere.headers["x-cache"] == "miss"
    assert len(reads) == 4 and len(runs) == 4


def test_a_refused_request_is_refused_again(client, runs):
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert [ask(client, service).status_code for _ in range(2)] == [400, 400]
    wrong_graph = {"default-graph-uri": "http://example.org/other"}
    assert [ask(client, TITLES, **wrong_graph).status_code for _ in range(2)] == [400, 400]
    assert runs == []


def test_a_cut_answer_is_never_kept(store, release_dir, runs):
    client = TestClient(create_app(Config(query_timeout=20, result_limit=1), store, release_dir=release_dir))
    for _ in range(2):
        answer = ask(client, TITLES)
        assert answer.headers["x-result-truncated"] == "1" and answer.headers["x-cache"] == "miss"
    assert len(runs) == 2


def test_errors_are_never_kept(client, runs):
    wrong = "SELECT ?t WHERE { ?m <http://purl.org/dc/terms/title> ?t } GROUP BY ?x ORDER BY ?t"
    for _ in range(2):
        answer = ask(client, wrong)
        assert answer.status_code == 400 and "x-cache" not in answer.headers
    assert len(runs) == 2


def test_a_timeout_is_never_kept(client, store, monkeypatch):
    original, calls = store.run_query, []

    def slow_once(query, **kwargs):
        calls.append(query)
        if len(calls) == 1:
            raise QueryTimeout("query gestopt na 20 s (stopped after 20 s)")
        return original(query, **kwargs)

    monkeypatch.setattr(store, "run_query", slow_once)
    assert ask(client, TITLES).status_code == 503
    answer = ask(client, TITLES)
    assert answer.status_code == 200 and answer.headers["x-cache"] == "miss"
    assert ask(client, TITLES).headers["x-cache"] == "hit" and len(calls) == 2


@pytest.mark.parametrize("volatile", [
    "SELECT (NOW() AS ?n) WHERE {}", "SELECT (rand() AS ?n) WHERE {}", "SELECT (STRUUID() AS ?n) WHERE {}",
    "SELECT (UUID() AS ?n) WHERE {}", "SELECT (BNODE() AS ?n) WHERE {}",
])
def test_a_query_whose_answer_changes_per_run_is_never_kept(client, runs, volatile):
    assert [ask(client, volatile).headers["x-cache"] for _ in range(2)] == ["bypass", "bypass"]
    assert len(runs) == 2


def test_a_volatile_name_in_a_string_or_iri_is_no_call(client, runs):
    query = 'SELECT ?x WHERE { BIND("NOW() and RAND()" AS ?x) FILTER(?x != <http://e/UUID>) }'
    assert [ask(client, query).headers["x-cache"] for _ in range(2)] == ["miss", "hit"]


def test_nothing_is_kept_without_a_published_release():
    graph = ox.Store()
    graph.add(ox.Quad(ox.NamedNode("http://e/m"), ox.NamedNode("http://purl.org/dc/terms/title"),
                      ox.Literal("x")))
    client = TestClient(create_app(Config(), MemoryStore(graph)))  # e.g. `lod serve --store`
    assert [ask(client, TITLES).headers["x-cache"] for _ in range(2)] == ["bypass", "bypass"]


def test_query_cache_mb_zero_keeps_nothing(store, release_dir, runs):
    cfg = Config(query_timeout=20, query_cache_mb=0)
    client = TestClient(create_app(cfg, store, release_dir=release_dir))
    assert [ask(client, TITLES).headers["x-cache"] for _ in range(2)] == ["bypass", "bypass"]


def test_the_cache_counts_each_entry_beyond_its_body():
    cache = RenderCache(max_bytes=1000, entry_bytes=400)
    for key in "abc":
        cache.put(key, Rendered(b"x", "text/csv"))
    assert len(cache) == 2 and cache.size == 802 and cache.get("a") is None


@pytest.mark.parametrize(("a", "b", "same"), [
    ("SELECT * { ?s ?p ?o }", "SELECT *{?s ?p ?o}", False),  # adjacency kept, never invented
    ("SELECT * { ?s ?p ?o }", "  SELECT *\n{ ?s  ?p\t?o } # all", True),
    ("SELECT * { ?s ?p 'a  b' }", "SELECT * { ?s ?p 'a b' }", False),  # inside a string it counts
    ("SELECT * { ?s ?p '# no comment' }", "SELECT * { ?s ?p '' }", False),
    ("SELECT * { ?s <http://e/#x> ?o }", "SELECT * { ?s <http://e/> ?o }", False),
    ('SELECT * { ?s ?p """a\n  # b""" }', 'SELECT * { ?s ?p """a\n"""}', False),
    ("SELECT ?x#c\n{ ?x ?p ?o }", "SELECT ?x { ?x ?p ?o }", True),  # a comment separates, as a space
])
def test_normalised_keeps_what_the_lexer_reads(a, b, same):
    assert (normalised(a) == normalised(b)) is same
