"""The SPARQL 1.1 Protocol to the letter: the W3C cases that apply to a read-only endpoint, adapted
to its one graph (lod/check/protocol.py holds them as data, for `lod check` too), each response
judged here on its own: status, media type, and the result read back with pyoxigraph."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
)

from lod.check.protocol import cases
from lod.config import Config
from lod.terms import SD, dataset_iri

GRAPH = dataset_iri(Config()).value
ENDPOINT = "http://testserver/sparql"
RDF_TYPES = {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"}
# The manifest's query cases (rdf-tests sparql/sparql11/protocol/manifest.ttl): all apply here.
W3C_QUERY_CASES = {
    "query_post_form", "query_dataset_default_graphs_get", "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post", "query_dataset_named_graphs_get", "query_dataset_full",
    "query_multiple_dataset", "query_get", "query_content_type_select", "query_content_type_ask",
    "query_content_type_describe", "query_content_type_construct", "query_post_direct", "bad_query_method",
    "bad_multiple_queries", "bad_query_wrong_media_type", "bad_query_missing_form_type",
    "bad_query_missing_direct_type", "bad_query_non_utf8", "bad_query_syntax"}


def test_every_w3c_query_case_is_implemented():
    assert W3C_QUERY_CASES <= {c.name for c in cases(GRAPH) if c.w3c}


def send(client, case):
    headers = dict(case.headers)
    if case.content_type:
        headers["Content-Type"] = case.content_type
    return client.request(case.method, "/sparql", params=list(case.params), content=case.body,
                          headers=headers)


@pytest.mark.parametrize("case", cases(GRAPH), ids=lambda c: c.name)
def test_protocol_case(client, case):
    response = send(client, case)
    if case.expect == "4xx":
        assert 400 <= response.status_code < 500, response.text
        assert response.text.strip(), "an error says why"
        return
    assert response.status_code == 200, response.text
    media = response.headers["content-type"].split(";")[0]
    if case.result == "rdf":
        assert media in RDF_TYPES
        list(parse(response.content, format=RdfFormat.from_media_type(media), base_iri=ENDPOINT))
        return
    result = parse_query_results(response.content, format=QueryResultsFormat.from_media_type(media))
    if case.result == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml")
        assert isinstance(result, QueryBoolean) and bool(result) is case.boolean
    elif case.binding:
        name, relative = case.binding
        assert [row[name].value for row in result] == [urljoin(ENDPOINT, relative)]
    else:
        assert len(list(result)) == 1


def rows(client, query: str, **params) -> list[dict[str, str]]:
    response = client.get("/sparql", params={"query": query, **params},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    data = response.json()["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in data]


def test_the_one_graph_plays_each_role_a_request_gives_it(client, store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    total = str(store.count())
    assert rows(client, count) == [{"n": total}]  # by default: the default graph, no named graphs
    assert rows(client, per_graph) == []
    assert rows(client, per_graph, **{"named-graph-uri": GRAPH}) == [{"g": GRAPH, "n": total}]
    assert rows(client, count, **{"named-graph-uri": GRAPH}) == [{"n": "0"}]
    assert rows(client, f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}") == [{"n": total}]
    named = f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    assert rows(client, named) == [{"g": GRAPH, "n": total}]


def test_another_graph_is_refused_saying_which_one_there_is(client):
    response = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "http://e/g"})
    assert response.status_code == 400
    assert f"<{GRAPH}>" in response.text and "<http://e/g>" in response.text


def test_the_service_description_names_the_graph_and_the_endpoint(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    triples = list(parse(response.content, format=RdfFormat.TURTLE))
    assert any(t.predicate == SD.name and t.object == NamedNode(GRAPH) for t in triples)
    assert any(t.predicate == SD.availableGraphs for t in triples)


@pytest.mark.parametrize("request_kwargs", [
    {"content": b""},
    {"content": b"", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
    {"data": {"format": "json"}},
])
def test_an_empty_post_is_400_with_a_reason_not_the_service_description(client, request_kwargs):
    response = client.post("/sparql", **request_kwargs)
    assert response.status_code == 400 and "geen query" in response.text
