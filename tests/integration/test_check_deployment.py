"""`lod check URL` against `lod serve` of the real release passes, and against deliberately broken
deployments fails, naming the check that found it.

The real server is the command a publisher runs (`lod serve --release DIR` in a subprocess, its
base read from the release); the broken ones are a static host that serves the compressed dumps
as Turtle without Content-Encoding (the bug of issue 15) and the real server behind a proxy that
rewrites one count of the VoID.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse, serialize

from lod.check import check_deployment
from lod.check.deployment import CheckOptions
from lod.cli import cli
from lod.terms import CHECK, DCT, EARL, RDF, SPARQL_PROTOCOL_TESTS, VOID, XSD
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]  # the checkout


@pytest.fixture(scope="module")
def served(release: Path) -> Iterator[str]:
    """`lod serve --release DIR` of the real release, on a free port: its root URL."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "lod", "-q", "serve", "--release", str(release),
                               "--port", str(port), "--workers", "2"], stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(url + "sparql", timeout=5)
                break
            except requests.ConnectionError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode()
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(30)


def check(url: str, *args: str):
    options = ["--lang", "en", "--max-pages", "3", "--sample", "1"]  # the landing page links 700 URLs
    return CliRunner().invoke(cli, ["check", url, *options, *args])


def test_the_real_release_served_passes_every_check(served, reference, tmp_path):
    earl = tmp_path / "earl.ttl"
    result = check(served, "--catalogue-shapes", str(reference), "--earl", str(earl))
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    for name in ("protocol.query_dataset_named_graphs_get", "negotiation.", "cors.preflight",
                 "context.jsonld", "dumps.veilig-uitgaan.ttl.gz", "counts.void.", "catalogue.dcat-ap-3.0.1",
                 "catalogue.sparql", "links.pages"):
        assert f"OK    {name}" in result.output, name
    assert "OK    ldes.view" in result.output and "OK    ldes.fragments" in result.output  # the change feed

    report = list(parse(path=str(earl), format=RdfFormat.TURTLE))
    assertions = {t.subject for t in report if t.predicate == RDF.type and t.object == EARL.Assertion}
    outcomes = {t.object for t in report if t.predicate == EARL.outcome}
    assert len(assertions) == result.output.count("\n") - 1  # one per line of the report, less the summary
    assert outcomes == {EARL.passed}  # every check applies (the change feed too)
    sources = {t.object for t in report if t.predicate == DCT.source}
    assert NamedNode(SPARQL_PROTOCOL_TESTS + "query_dataset_full") in sources
    assert any(t.subject == CHECK["protocol.bad_query_non_utf8"] for t in report)


class WrongGzip(SimpleHTTPRequestHandler):
    """A static host that serves `x.ttl.gz` as text/turtle without Content-Encoding."""

    def guess_type(self, path):
        return "text/turtle" if str(path).endswith(".ttl.gz") else super().guess_type(path)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def static_host(release: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(WrongGzip, directory=str(release)))
    # A short poll: shutdown() waits for serve_forever to look (0.5 s by default).
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_a_static_host_with_the_gzip_bug_fails_the_dumps_check(static_host):
    result = check(static_host, "--only", "dumps", "--only", "protocol")
    assert result.exit_code == 1
    failing = [line for line in result.output.splitlines() if line.startswith("FAIL")]
    assert [line.split(":")[0] for line in failing] == ["FAIL  dumps.veilig-uitgaan.ttl.gz"]
    assert "served as text/turtle with Content-Encoding none, but the body is not text/turtle" in failing[0]
    assert "n/a   protocol.endpoint" in result.output  # a static host has no endpoint: not a failure


class WrongCount(BaseHTTPRequestHandler):
    """The real server behind a proxy whose VoID claims one triple more than the endpoint holds."""

    upstream = ""

    def do_GET(self) -> None:
        self._forward(requests.get(self.upstream + self.path.lstrip("/"), allow_redirects=False, timeout=30,
                                   headers={"Accept": self.headers.get("Accept", "*/*")}))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._forward(requests.post(self.upstream + self.path.lstrip("/"), data=body, timeout=30,
                                    headers={k: self.headers[k] for k in ("Accept", "Content-Type")}))

    def _forward(self, answer: requests.Response) -> None:
        body, media = answer.content, answer.headers.get("Content-Type", "text/plain")
        if answer.ok and self.path.startswith(("/.well-known/void", "/void.ttl")):
            triples = [q.triple for q in parse(body, format=RdfFormat.TURTLE)]
            datasets = {t.subject for t in triples if t.predicate == RDF.type and t.object == VOID.Dataset}
            def bumped(t: Triple) -> Triple:
                if t.subject in datasets and t.predicate == VOID.triples:
                    more = Literal(str(int(t.object.value) + 1), datatype=XSD.integer)
                    return Triple(t.subject, t.predicate, more)
                return t

            triples = [bumped(t) for t in triples]
            body, media = serialize(triples, format=RdfFormat.N_TRIPLES), "application/n-triples"
        self.send_response(answer.status_code)
        self.send_header("Content-Type", media)
        if "Location" in answer.headers:
            self.send_header("Location", answer.headers["Location"])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_void_count_the_endpoint_does_not_have_fails_the_counts_check(served):
    handler = type("Proxy", (WrongCount,), {"upstream": served})
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        report = check_deployment(f"http://127.0.0.1:{proxy.server_port}/", only=["counts"],
                                  options=CheckOptions())
    finally:
        proxy.shutdown()
    failed = [o for o in report.outcomes if o.outcome == "failed"]
    assert not report.ok and [o.test for o in failed] == ["counts.void.maatregelen.triples"]
    assert "the endpoint counts" in failed[0].message.en
