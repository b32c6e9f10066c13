"""A release's files served as what they are: a compressed dump is a gzip file to whoever wants the
file and an RDF document (Content-Encoding: gzip, or decompressed) to a client that asks for RDF;
the JSON-LD context is at {base}ns/context.jsonld; `lod serve` reads the release's own base."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse
from starlette.testclient import TestClient

import lod.web.app
from lod.cli import cli
from lod.config import Config
from lod.release.write import release_info
from lod.store.embedded import build_store
from lod.terms import dataset_iri

DUMP = "/dumps/veilig-uitgaan.ttl.gz"
SMALL = Path(__file__).parent.parent / "data" / "serve-small-release.ttl"
# What the clients that read dumps by URL send (seen on the wire): rapper sends no Accept-Encoding,
# rdflib's Graph().parse(url) asks for identity, Comunica for gzip, and none of them */* first.
RAPPER = {"Accept": "text/turtle, application/x-turtle, application/turtle, text/n3;q=0.3, */*;q=0.1"}
RDFLIB = {"Accept": "application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json",
          "Accept-Encoding": "identity"}
COMUNICA = {"Accept": "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,"
                      "application/n-triples;q=0.8,text/turtle;q=0.6", "Accept-Encoding": "br,gzip,deflate"}


@pytest.fixture
def raw(client):
    """The client, with httpx told not to undo a Content-Encoding: the bytes as they came; and
    without httpx's own Accept-Encoding, so a request says only what the test gives it."""
    client.headers.pop("accept-encoding", None)

    def get(path: str, headers: dict[str, str]):
        with client.stream("GET", path, headers=headers) as response:
            return response, b"".join(response.iter_raw())
    return get


def test_a_download_is_the_gzip_file_itself(raw, release_dir):
    for accept in ("*/*", None, "text/html,application/xhtml+xml,*/*;q=0.8", "application/gzip"):
        response, body = raw(DUMP, {"Accept": accept} if accept else {})
        assert response.headers["content-type"] == "application/gzip", accept
        assert "content-encoding" not in response.headers
        assert body == (release_dir / "dumps" / "veilig-uitgaan.ttl.gz").read_bytes()


@pytest.mark.parametrize(("headers", "coded"), [(RAPPER, False), (RDFLIB, False), (COMUNICA, True)])
def test_an_rdf_client_gets_the_document(raw, release_dir, headers, coded):
    response, body = raw(DUMP, headers)
    assert response.headers["content-type"].startswith("text/turtle")
    assert response.headers.get("content-encoding") == ("gzip" if coded else None)
    assert "Accept-Encoding" in response.headers["vary"] and "Accept" in response.headers["vary"]
    turtle = gzip.decompress(body) if coded else body
    assert turtle == (release_dir / "dumps" / "veilig-uitgaan.ttl").read_bytes()
    assert len(list(parse(turtle, format=RdfFormat.TURTLE))) > 100


def test_a_dump_nobody_can_take_is_406_and_an_unknown_one_404(client):
    assert client.get(DUMP, headers={"Accept": "image/png"}).status_code == 406
    for path in ("/dumps/nope.ttl.gz", "/dumps/..%2Fstore", "/dumps/.hidden"):
        assert client.get(path).status_code == 404, path


def test_the_context_is_where_the_dumps_say(client):
    response = client.get("/ns/context.jsonld")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    assert "@context" in json.loads(response.content)


def test_lod_serve_reads_the_base_from_the_release(tmp_path, monkeypatch):
    """A release built with another base is served with that base, without being told again."""
    base = "https://data.example.org/vu/"
    cfg = Config(base_uri=base)
    release = tmp_path / "releases" / "r1"
    text = SMALL.read_text(encoding="utf-8").replace("https://w3id.org/veilig-uitgaan/", base)
    build_store(release / "store", parse(text.encode(), format=RdfFormat.TURTLE), graph=dataset_iri(cfg))
    (release / "release.json").write_bytes(release_info(cfg))
    (tmp_path / "current").symlink_to(release)
    real_create_app, served = lod.web.app.create_app, {}

    def create_app(cfg, store, release_dir=None):
        served["app"] = real_create_app(cfg, store, release_dir=release_dir)
        served.update(cfg=cfg)
        return served["app"]

    monkeypatch.setattr(lod.web.app, "create_app", create_app)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(
        answer=TestClient(app).get("/id/maatregel/44021-2022-001", headers={"Accept": "text/turtle"})))
    result = CliRunner().invoke(cli, ["--quiet", "serve", "--release", str(tmp_path)])  # no --base-uri
    assert result.exit_code == 0, result.output
    assert served["cfg"].base_uri == base
    answer = served["answer"]
    assert answer.status_code == 200 and answer.history[0].status_code == 303
    assert f"<{base}id/maatregel/44021-2022-001>" in answer.text
