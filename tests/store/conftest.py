"""Fixtures of the store tests.

`fake_store`: FakeStore, a real HTTP server speaking the Oxigraph server's protocol (/query,
/update, /store).

A pyoxigraph store answers; faults are scripted per request (a status to answer, or a connection
dropped without an answer), so retries and failures are tested over real sockets.
"""

from __future__ import annotations

import base64
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    serialize,
)


class FakeStore:
    """Start with `with FakeStore() as fake:`; `fake.url` is the server root."""

    def __init__(self, *, user: str | None = None, password: str | None = None) -> None:
        self.store = Store()
        self.credentials = f"{user}:{password}" if user else None
        self.faults: list[int | str] = []   # per request, in order: a status, "drop" or "hang"
        self.dead = False                   # every request dropped (the store went away)
        self.requests: list[tuple[str, str, dict]] = []
        self.kill_after_loads: int | None = None  # go dead after this many /store loads
        self._loads = 0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> FakeStore:
        # A short poll: shutdown() waits for the loop to look (0.5 s by default, at every test's end).
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def graph_count(self, graph: str) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, NamedNode(graph)))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_PUT(self) -> None:
                self._serve("PUT")

            def _serve(self, method: str) -> None:
                url = urlsplit(self.path)
                params = parse_qs(url.query)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    params.update(parse_qs(body.decode()))
                with fake._lock:
                    fake.requests.append((method, url.path, params))
                    fault = "drop" if fake.dead else (fake.faults.pop(0) if fake.faults else None)
                if fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)  # no status line: the client sees a dropped connection
                    return
                if fault == "hang":
                    time.sleep(3)  # longer than the clients' timeouts in the tests
                elif fault:
                    return self._reply(fault, b"scripted failure", "text/plain")
                if fake.credentials and method != "GET" and url.path != "/query":
                    given = self.headers.get("Authorization", "")
                    expected = "Basic " + base64.b64encode(fake.credentials.encode()).decode()
                    if given != expected:
                        return self._reply(401, b"unauthorised", "text/plain",
                                           {"WWW-Authenticate": 'Basic realm="fake"'})
                try:
                    if url.path in ("/query", "/sparql"):
                        return self._query(params)
                    if url.path == "/update":
                        fake.store.update(params["update"][0])
                        return self._reply(204, b"", "text/plain")
                    if url.path == "/store":
                        return self._load(method, params, body)
                except SyntaxError as exc:
                    return self._reply(400, str(exc).encode(), "text/plain")
                self._reply(404, b"not found", "text/plain")

            def _query(self, params: dict) -> None:
                graphs = [NamedNode(g) for g in params.get("default-graph-uri", [])]
                result = fake.store.query(params["query"][0], default_graph=graphs or None)
                if isinstance(result, QuerySolutions | QueryBoolean):
                    body = result.serialize(format=QueryResultsFormat.JSON)
                    return self._reply(200, body, "application/sparql-results+json")
                body = serialize(result, format=RdfFormat.N_TRIPLES) or b""
                self._reply(200, body, "application/n-triples")

            def _load(self, method: str, params: dict, body: bytes) -> None:
                graph = NamedNode(params["graph"][0])
                if method == "PUT":
                    fake.store.clear_graph(graph)
                fake.store.load(body, format=RdfFormat.N_TRIPLES, to_graph=graph)
                with fake._lock:
                    fake._loads += 1
                    if fake.kill_after_loads is not None and fake._loads >= fake.kill_after_loads:
                        fake.dead = True
                self._reply(204, b"", "text/plain")

            def _reply(self, status: int, body: bytes, media_type: str,
                       headers: dict[str, str] | None = None) -> None:
                headers = dict(headers or {})
                if body and "gzip" in self.headers.get("Accept-Encoding", ""):
                    body = gzip.compress(body)  # as Virtuoso does: clients must decode
                    headers["Content-Encoding"] = "gzip"
                self.send_response(status)
                self.send_header("Content-Type", media_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler


@pytest.fixture
def fake_store() -> Iterator[Callable[..., FakeStore]]:
    """`fake_store(user=…, password=…)` starts a FakeStore; all are stopped after the test."""
    started: list[FakeStore] = []

    def start(**options: str) -> FakeStore:
        server = FakeStore(**options).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__()
