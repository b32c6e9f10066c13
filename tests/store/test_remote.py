"""RemoteStore against FakeStore (a real HTTP server): default graph, binding, cap, timeout, read-only."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from lod.errors import QueryError, QueryTimeout
from lod.store.remote import RemoteStore, bind_values, check_query, endpoints_for

GRAPH = NamedNode("https://w3id.org/veilig-uitgaan/id/dataset/maatregelen")
OTHER = NamedNode("http://example.org/other-graph")
M = "https://w3id.org/veilig-uitgaan/id/maatregel/"
TITLE = NamedNode("http://purl.org/dc/terms/title")
TEMPORAL = NamedNode("http://purl.org/dc/terms/temporal")
START = NamedNode("http://www.w3.org/ns/dcat#startDate")
TRICKY = 'a "quote" } ; DROP ALL # \\ \n new line'


@pytest.fixture
def fake(fake_store):
    server = fake_store()
    store = server.store
    for i in range(5):
        store.add(Quad(NamedNode(f"{M}m{i}"), TITLE, Literal(f"titel {i}", language="nl"), GRAPH))
    store.add(Quad(NamedNode(f"{M}m0"), TEMPORAL, NamedNode(f"{M}m0#periode"), GRAPH))
    store.add(Quad(NamedNode(f"{M}m0#periode"), START, Literal("2022-07-15"), GRAPH))
    store.add(Quad(NamedNode(f"{M}m0"), TITLE, Literal(TRICKY), GRAPH))
    store.add(Quad(NamedNode(f"{M}m9"), TITLE, Literal("elders"), OTHER))  # not the pushed graph
    yield server


def remote(fake, **options) -> RemoteStore:
    return RemoteStore(fake.url, GRAPH.value, kind="oxigraph", **options)


def test_readers_see_the_pushed_graph_as_default_graph(fake):
    store = remote(fake)
    assert store.count() == 8
    rows = store.select("SELECT ?s WHERE { ?s ?p ?o }")
    assert NamedNode(f"{M}m9") not in {r["s"] for r in rows}
    assert fake.requests[-1][2]["default-graph-uri"] == [GRAPH.value]


def test_bound_values_are_data_never_query_text(fake):
    store = remote(fake)
    query = "SELECT ?s WHERE { ?s <http://purl.org/dc/terms/title> ?title }"
    rows = store.select(query, bindings={"title": Literal(TRICKY)})
    assert rows == [{"s": NamedNode(f"{M}m0")}]
    rows = store.select("SELECT ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }",
                        bindings={"s": NamedNode(f"{M}m3")})
    assert rows == [{"t": Literal("titel 3", language="nl")}]


def test_bind_values_skips_braces_in_strings_iris_and_comments():
    query = 'SELECT ?s # { ?s\nFROM <http://ex/g> WHERE { ?s ?p "{?s" . ?sx ?p $s }'
    bound = bind_values(query, {"s": NamedNode("http://ex/a")})
    assert bound == ('SELECT ?s # { ?s\nFROM <http://ex/g> WHERE { VALUES (?s) { (<http://ex/a>) } '
                     '<http://ex/a> ?p "{?s" . ?sx ?p <http://ex/a> }')


def test_describe_gives_the_resource_and_its_hash_parts(fake):
    quads = remote(fake).describe(f"{M}m0")
    subjects = {q.subject.value for q in quads}
    assert subjects == {f"{M}m0", f"{M}m0#periode"}
    assert Quad(NamedNode(f"{M}m0#periode"), START, Literal("2022-07-15")) in quads
    assert len(quads) == 4


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "text/csv"])
def test_results_are_capped_and_say_so(fake, media_type):
    answer = remote(fake).run_query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o", media_type=media_type,
                                    timeout=5, limit=3)
    assert answer.truncated and answer.form == "SELECT" and answer.media_type == media_type
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(answer.body.decode())))
        assert rows[0] == ["s", "o"] and len(rows) == 4
    else:
        assert len(json.loads(answer.body)["results"]["bindings"]) == 3


def test_graph_results_are_capped_and_in_the_negotiated_syntax(fake):
    store = remote(fake)
    answer = store.run_query("CONSTRUCT WHERE { ?s ?p ?o }", media_type="text/turtle", timeout=5, limit=2)
    assert answer.truncated and len(list(parse(answer.body, format=RdfFormat.TURTLE))) == 2
    whole = store.run_query("CONSTRUCT WHERE { ?s ?p ?o }", media_type="application/n-triples",
                            timeout=5, limit=100)
    assert not whole.truncated and len(list(parse(whole.body, format=RdfFormat.N_TRIPLES))) == 8
    ask = store.run_query("ASK { ?s ?p 'elders' }", media_type="application/sparql-results+json",
                          timeout=5, limit=10)
    assert json.loads(ask.body)["boolean"] is False  # that triple is in another graph


@pytest.mark.parametrize("query", ["INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }",
                                   "PREFIX x: <http://ex/> # SELECT\n DROP ALL",
                                   "SELECT ?s WHERE { ?s ?p }"])
def test_updates_and_bad_syntax_are_refused_before_anything_is_sent(fake, query):
    with pytest.raises(QueryError):
        remote(fake).run_query(query, media_type="application/sparql-results+json", timeout=5, limit=10)
    assert fake.requests == []


def test_a_slow_store_is_stopped_at_the_timeout(fake):
    store = remote(fake)
    store.release_graph()  # the lookup of the pushed graph is answered: the query itself hangs
    fake.faults = ["hang"]
    with pytest.raises(QueryTimeout):
        store.run_query("SELECT * WHERE { ?s ?p ?o }", media_type="text/csv", timeout=0.5, limit=10)
    assert fake.requests[-1][2]["query"] == ["SELECT * WHERE { ?s ?p ?o }"] and fake.faults == []


def test_virtuoso_gets_its_own_timeout_parameter_in_milliseconds(fake):
    store = RemoteStore(f"{fake.url}/sparql", GRAPH.value, kind="virtuoso")
    store.run_query("SELECT * WHERE { ?s ?p ?o }", media_type="text/csv", timeout=2.5, limit=10)
    assert fake.requests[-1][1] == "/sparql" and fake.requests[-1][2]["timeout"] == ["2500"]


def test_store_errors_are_query_errors_with_the_stores_message(fake):
    fake.faults = [400]
    with pytest.raises(QueryError, match="scripted failure"):
        remote(fake).select("SELECT * WHERE { ?s ?p ?o }")


def test_check_query_and_endpoints():
    assert check_query("PREFIX ask: <http://ex/> ASK { ask:a ?p ?o }") == "ASK"
    assert endpoints_for("http://h:3030/ds/sparql", "fuseki").graph_store == "http://h:3030/ds/data"
    assert endpoints_for("http://h:7200/repositories/vu", "graphdb").update == \
        "http://h:7200/repositories/vu/statements"
    assert endpoints_for("http://h/sparql").graph_store is None


def test_booleans_come_back_canonical_as_in_the_dump(fake):
    boolean = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    flag = NamedNode("https://w3id.org/veilig-uitgaan/ns#specifiekSGG")
    fake.store.add(Quad(NamedNode(f"{M}m1"), flag, Literal("1", datatype=boolean), GRAPH))  # as Virtuoso says
    rows = remote(fake).select("SELECT ?v WHERE { ?s <https://w3id.org/veilig-uitgaan/ns#specifiekSGG> ?v }")
    assert rows == [{"v": Literal("true", datatype=boolean)}]
