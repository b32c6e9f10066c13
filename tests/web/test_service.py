"""No request leaves the server for SERVICE unless the operator allowed that endpoint by name.

A local HTTP listener stands in for the hosts a caller might name (the server's own network);
it records every request it gets. The queries run in the store's real worker processes.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse
from starlette.testclient import TestClient

from lod.config import Config
from lod.errors import QueryError
from lod.store.embedded import WorkerLimits, open_store
from lod.terms import SD, prefixes
from lod.web.app import create_app

SECRET = b"internal-admin-password-do-not-leak"
RESULTS = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "remote"}}]}}


class Listener:
    """Answers /ok with a SPARQL result, anything else with a 500 carrying SECRET."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                listener.requests.append(self.path)
                ok = self.path.startswith("/ok")
                body = json.dumps(RESULTS).encode() if ok else SECRET
                self.send_response(200 if ok else 500)
                self.send_header("Content-Type", "application/sparql-results+json" if ok else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.server.shutdown()


def refused_queries(url: str) -> list[str]:
    return [
        f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",  # SILENT would answer 200
        f"ASK {{ FILTER EXISTS {{ service <{url}x> {{ }} }} }}",
        f"PREFIX in: <{url}> SELECT * {{ SERVICE in:x {{ }} }}",
        f"BASE <{url}> SELECT * {{ SERVICE <relative> {{ }} }}",
        f"SELECT * {{ BIND(<{url}> AS ?where) SERVICE ?where {{ }} }}",
        "SELECT * { SERVICE <sparql> { } }",  # the endpoint itself, relative to its own URL
    ]


def test_service_is_refused_and_nothing_is_sent(client, listener):
    for query in refused_queries(listener.url):
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 400, query
        assert "SERVICE" in response.text and "Niets is verstuurd (nothing was sent)" in response.text
    post = client.post("/sparql", content=refused_queries(listener.url)[1].encode(),
                       headers={"Content-Type": "application/sparql-query"})
    assert post.status_code == 400
    assert listener.requests == []


def test_the_word_in_strings_iris_and_comments_is_no_service(client, listener):
    query = (f'SELECT ?x WHERE {{ BIND("SERVICE <{listener.url}> {{}}" AS ?x) }} '
             f"# SERVICE <{listener.url}> {{}}")
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200 and "SERVICE" in response.text
    assert listener.requests == []


def test_a_worker_cannot_reach_the_network_even_past_the_check(store, listener):
    """The second line: run by the store directly (no endpoint reading the query first), a SERVICE
    query still sends nothing, for the workers cannot open a network socket."""
    assert store.network_forbidden()
    with pytest.raises(QueryError):
        store.run_query(f"SELECT * {{ SERVICE <{listener.url}ok> {{ ?s ?p ?o }} }}",
                        media_type="text/csv", timeout=20, limit=10)
    assert listener.requests == []


@pytest.fixture(scope="module")
def federating(release_dir, listener) -> Iterator[TestClient]:
    """A server whose operator allowed two endpoints: its workers keep the network."""
    cfg = Config(query_timeout=20, service_allowed=(listener.url + "ok", listener.url + "fail"))
    limits = WorkerLimits.of(cfg, workers=2, long_queries=1)
    with open_store(release_dir / "store", prefixes=prefixes(cfg), limits=limits) as store:
        assert not store.network_forbidden()
        yield TestClient(create_app(cfg, store, release_dir=release_dir))


def test_an_allowed_endpoint_is_called_and_answers(federating, listener):
    query = f"SELECT ?x WHERE {{ SERVICE <{listener.url}ok> {{ ?s ?p ?x }} }}"
    response = federating.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    assert response.text.splitlines() == ["x", "remote"]
    assert listener.requests[-1].startswith("/ok")


def test_an_allowed_endpoint_s_error_body_is_not_echoed(federating, listener):
    before = len(listener.requests)
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}fail> {{ ?s ?p ?o }} }}"
    response = federating.get("/sparql", params={"query": query})
    assert len(listener.requests) == before + 1  # the call was made: it is allowed
    assert response.status_code == 400
    assert SECRET.decode() not in response.text and "niet doorgegeven" in response.text


def test_allowing_some_endpoints_allows_no_other(federating, listener):
    for query in refused_queries(listener.url + "elsewhere/"):
        assert federating.get("/sparql", params={"query": query}).status_code == 400, query
    assert not [p for p in listener.requests if p.startswith("/elsewhere")]


def test_the_service_description_says_what_is_allowed(client, federating, listener):
    def features(app: TestClient) -> tuple[set, str]:
        response = app.get("/sparql", headers={"Accept": "text/turtle"})
        triples = list(parse(response.content, format=RdfFormat.TURTLE))
        found = {t.object for t in triples if t.predicate == SD.feature}
        comments = " ".join(t.object.value for t in triples if t.predicate.value.endswith("#comment"))
        return found, comments

    closed, says = features(client)
    assert NamedNode(SD.BasicFederatedQuery.value) not in closed and "SERVICE is not allowed" in says
    open_, says = features(federating)
    assert NamedNode(SD.BasicFederatedQuery.value) in open_ and f"{listener.url}ok" in says


def test_only_named_http_endpoints_can_be_allowed():
    from lod.errors import ConfigError

    for wrong in ("127.0.0.0/8", "file:///etc/passwd", "http://"):
        with pytest.raises(ConfigError, match="service_allowed"):
            Config(service_allowed=(wrong,))
