"""No input gives a 5xx or a traceback: property-based tests (Hypothesis) over every route, method,
header and parameter, with a fixed budget of examples (tests/conftest.py, profile "ci").

The app runs in-process (Starlette's TestClient raises any exception the app does not handle,
so a traceback fails the example) over the small release with its real query workers; every
log record of level ERROR fails it too. An IRI that is no IRI (`a b`, `%3C`, `%00`, `%5C`) is a
404; an empty or malformed SPARQL request is a 400 that says why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from lod.config import Config
from lod.web.app import create_app

ROUTES = ["/", "/query", "/sparql", "/id/", "/id/maatregel/", "/doc/", "/doc/maatregel/", "/doc/gemeente/",
          "/ns", "/ns/context.jsonld", "/.well-known/void", "/catalogus", "/dumps/", "/ontology/",
          "/static/", "/uitwisseling", "/uitwisseling/partners/", "/manifest.json", "/release.json",
          "/queries/", "/vergelijking/", "/doc/maatregel/44021-2022-001", "/id/maatregel/44021-2022-001",
          "/controle", "/controle/sjabloon.xlsx"]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]
MEDIA = ["text/turtle", "application/ld+json", "text/html", "*/*", "application/sparql-results+json",
         "text/csv", "application/x-www-form-urlencoded", "application/sparql-query",
         "application/sparql-update", "application/gzip", "image/png", "text/*;q=0.2", ""]
HEADERS = ["Accept", "Accept-Language", "Accept-Encoding", "Content-Type", "If-None-Match", "Origin",
           "Access-Control-Request-Method", "Range"]
PARAMS = ["query", "update", "format", "output", "results", "lang", "default-graph-uri", "named-graph-uri"]
# Printable ASCII without CR/LF: what an HTTP header value can carry.
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)
# Pieces of SPARQL, so that examples are often near-valid queries and not only noise. Joins are
# kept to two patterns: a cross product of the whole store is a runaway (503), not a bug.
SPARQL = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "*", ".", "(", ")",
          "FILTER", "SERVICE", "SILENT", "FROM", "NAMED", "GRAPH", "PREFIX", "ex:", "BASE", "<http://e/a>",
          "<rel>", "<", ">", '"', "'", '"x"', "'''", "\\", "#", "\n", "\r", "a", "1", "LIMIT", "OPTIONAL",
          "VALUES", "BIND", "AS", "INSERT", "DATA", "UNION", "ORDER BY", "COUNT(*)", "\\u0022", "@en", "^^",
          "_:b", "[]", "()", "$x", "%", "\x00", "é", "\u202e"]
queries = st.one_of(st.text(max_size=80), st.lists(st.sampled_from(SPARQL), max_size=14).map(" ".join))
segments = st.one_of(st.text(max_size=20).map(lambda t: quote(t, safe="")),
                     st.binary(max_size=12).map(lambda b: "".join(f"%{x:02X}" for x in b)),
                     st.sampled_from(["a%20b", "%3C", "%22", "%7B", "%00", "%5C", "..", "%2e%2e", "x.ttl",
                                      "x.jsonld", "veilig-uitgaan.ttl.gz", "%ZZ", "%", "a b"]))


@pytest.fixture(scope="module")
def app(store, release_dir) -> Iterator[TestClient]:
    with TestClient(create_app(Config(query_timeout=30), store, release_dir=release_dir)) as client:
        yield client


@pytest.fixture(scope="module", autouse=True)
def errors_fail() -> Iterator[list[logging.LogRecord]]:
    """Every ERROR record any logger writes while these tests run (a caught traceback included)."""
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    handler = Keep(level=logging.ERROR)
    logging.getLogger().addHandler(handler)
    yield seen
    logging.getLogger().removeHandler(handler)
    assert not seen, [r.getMessage() for r in seen]


def no_server_error(response, errors_fail) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert not errors_fail, [r.getMessage() for r in errors_fail]


@given(route=st.sampled_from(ROUTES), segment=segments, method=st.sampled_from(METHODS),
       headers=st.dictionaries(st.sampled_from(HEADERS), st.one_of(st.sampled_from(MEDIA), header_text),
                               max_size=4),
       params=st.lists(st.tuples(st.sampled_from(PARAMS) | header_text, queries | header_text), max_size=3),
       body=st.one_of(st.none(), st.binary(max_size=64), queries.map(str.encode)))
def test_no_request_gives_a_server_error(app, errors_fail, route, segment, method, headers, params, body):
    path = route + segment if route.endswith("/") else route
    response = app.request(method, path, params=params, headers=headers, content=body, follow_redirects=False)
    no_server_error(response, errors_fail)


@given(query=queries, accept=st.sampled_from(MEDIA), how=st.sampled_from(["get", "form", "direct"]))
@example(query="", accept="*/*", how="direct")
@example(query="SELECT * { SERVICE SILENT <http://127.0.0.1:9/> {} }", accept="*/*", how="get")
def test_no_query_gives_a_server_error(app, errors_fail, query, accept, how):
    headers = {"Accept": accept}
    if how == "get":
        response = app.get("/sparql", params={"query": query}, headers=headers)
    elif how == "form":
        response = app.post("/sparql", data={"query": query}, headers=headers)
    else:
        response = app.post("/sparql", content=query.encode(),
                            headers={**headers, "Content-Type": "application/sparql-query"})
    no_server_error(response, errors_fail)
    if response.status_code == 400:
        assert response.text.strip(), "a 400 says why"


@given(segment=segments, kind=st.sampled_from(["maatregel", "organisatie", "gemeente", "concept/status"]))
@example(segment="a%20b", kind="maatregel")
@example(segment="%3C", kind="maatregel")
@example(segment="%00", kind="maatregel")
@example(segment="%5C", kind="maatregel")
def test_an_iri_that_names_nothing_is_404(app, errors_fail, segment, kind):
    for prefix in ("/id/", "/doc/"):
        response = app.get(f"{prefix}{kind}/zz-{segment}", follow_redirects=False)
        assert response.status_code == 404, (prefix, segment, response.status_code)
    no_server_error(response, errors_fail)
