"""The SPARQL text read as the grammar reads it: SERVICE found wherever pyoxigraph would call it,
never in a string, an IRI, a prefixed name or a comment; FROM graphs resolved as pyoxigraph would."""

from __future__ import annotations

import socket
import threading

import pyoxigraph as ox
import pytest

from lod.errors import QueryError
from lod.store.grammar import ServiceCall, read_query

BASE = "http://127.0.0.1:9/sparql"  # the endpoint: a relative IRI is read against it
EVIL = "http://127.0.0.1:9/x"

# (query, the SERVICE calls it makes)
SERVICES = [
    (f"SELECT * {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}", [ServiceCall(EVIL)]),
    (f"select * {{ service silent <{EVIL}> {{ ?s ?p ?o }} }}", [ServiceCall(EVIL, silent=True)]),
    (f"SELECT * {{ sErViCe\t<{EVIL}>{{}} }}", [ServiceCall(EVIL)]),
    (f"SELECT * {{ ?a ?b ?c OPTIONAL {{ SERVICE <{EVIL}> {{}} }} }}", [ServiceCall(EVIL)]),
    (f"ASK {{ FILTER NOT EXISTS {{ SERVICE <{EVIL}> {{}} }} }}", [ServiceCall(EVIL)]),
    (f"SELECT * {{ {{ SELECT * {{ SERVICE <{EVIL}> {{}} }} }} }}", [ServiceCall(EVIL)]),
    ("PREFIX e: <http://127.0.0.1:9/> SELECT * { SERVICE e:x {} }", [ServiceCall(EVIL)]),
    ("BASE <http://127.0.0.1:9/a/> SELECT * { SERVICE <../x> {} }", [ServiceCall(EVIL)]),
    ("SELECT * { SERVICE <x> {} }", [ServiceCall(EVIL)]),  # relative: against the endpoint's URL
    ("SELECT * { SERVICE <http://127.0.0.1:9/\\u0078> {} }", [ServiceCall(EVIL)]),  # \u escape in the IRI
    ("SELECT * { BIND(<http://a/> AS ?e) SERVICE ?e {} }", [ServiceCall(None)]),
    # An IRI with an escape and a '#' in it does not hide the rest of its line as a comment.
    (f"SELECT * {{ ?s ?p <http://e/\\u0041#> . SERVICE <{EVIL}> {{}} }}", [ServiceCall(EVIL)]),
    # A comment ends at a carriage return as well as a line feed.
    (f"SELECT * {{ # note\r SERVICE <{EVIL}> {{}} }}", [ServiceCall(EVIL)]),
    # Words that contain or look like the keyword are not it.
    ('SELECT * { ?s ?p "SERVICE <http://127.0.0.1:9/> {}" }', []),
    ("SELECT * { ?s ?p '''\nSERVICE <http://127.0.0.1:9/> {}\n''' }", []),
    ('SELECT * { ?s ?p "escaped \\" SERVICE <http://127.0.0.1:9/> {}" }', []),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> {}", []),
    ("SELECT * { ?s <http://e/SERVICE> ?o }", []),
    ("PREFIX service: <http://e/> SELECT * { ?s service:x ?service }", []),
    ("PREFIX e: <http://e/> SELECT * { ?s e:SERVICE ?o . ?s e:a\\#SERVICE ?o }", []),
]


@pytest.mark.parametrize(("query", "calls"), SERVICES)
def test_service_calls_are_found_where_pyoxigraph_would_make_them(query, calls):
    assert list(read_query(query, base_iri=BASE).services) == calls


@pytest.fixture(scope="module")
def listener():
    """A local HTTP listener that counts the requests it gets (and answers none usefully)."""
    seen: list[bytes] = []
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                seen.append(conn.recv(65536))
                conn.sendall(b"HTTP/1.1 500 No\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/", seen
    server.close()


@pytest.mark.parametrize(("query", "calls"), SERVICES)
def test_pyoxigraph_reads_each_case_the_same_way(query, calls, listener):
    """Run by pyoxigraph itself over a one-triple store, each case calls out exactly when the table
    says it does: the clause's endpoint, moved to a local listener, gets a request."""
    url, seen = listener
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/A#")))
    before = len(seen)
    try:
        moved = "http://127.0.0.1:9/"
        result = store.query(query.replace(moved, url), base_iri=BASE.replace(moved, url))
        list(result) if not isinstance(result, ox.QueryBoolean) else bool(result)
    except SyntaxError:
        raise
    except (OSError, RuntimeError):
        pass  # the listener's 500, an unbound service variable, an unknown host
    called = len(seen) > before
    assert called == any(call.iri == EVIL for call in calls)


@pytest.mark.parametrize("query", [
    'SELECT * { ?s ?p "unterminated }',  # a quote that opens no string
    "SELECT * { ?s ?p ?o } \\ SERVICE",  # a backslash outside any string
])
def test_a_query_whose_strings_cannot_be_told_apart_is_refused(query):
    with pytest.raises(QueryError, match="syntax"):
        read_query(query)


def test_from_clauses_are_resolved_like_the_query_itself():
    text = read_query("BASE <http://data.example/> PREFIX g: <http://graphs.example/> "
                      "SELECT * FROM <ds> FROM NAMED g:one WHERE { ?s ?p ?o }", base_iri=BASE)
    assert text.from_graphs == ("http://data.example/ds",)
    assert text.from_named == ("http://graphs.example/one",)
    assert read_query("SELECT * FROM vu:x { }", prefixes={"vu": "http://v/"}).from_graphs == ("http://v/x",)


@pytest.mark.parametrize(("query", "form"), [
    ("# SELECT\nVERSION '1.2' PREFIX a: <http://e/#ask> BASE <http://e/> describe <a>", "DESCRIBE"),
    ("PREFIX : <http://e/> INSERT DATA { :a :b :c }", "UPDATE"),
    ("WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
])
def test_the_form_is_the_first_keyword_after_the_prologue(query, form):
    assert read_query(query).form == form
