"""Pages and documents the release holds are sent from its files (lod/web/release_files.py): the bytes
of the file, the manifest's hash as ETag, 304 and gzip as for rendered pages, the same negotiation as
when they are rendered, and never a byte from outside the release folder."""

from __future__ import annotations

import asyncio
import gzip
import json
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from lod.config import Config
from lod.layout import MANIFEST
from lod.pages.site import Site
from lod.web.app import create_app
from lod.web.release_files import ReleaseFiles

MEASURE = "maatregel/44021-2022-001"
WITHDRAWN = "maatregel/44021-2019-009"
MUNICIPALITY = "gemeente/44021"
SECRET = b"outside the release\n"


def manifest_etag(root: Path, rel: str) -> str:
    files = {e["path"]: e["sha256"] for e in json.loads((root / MANIFEST).read_text())["files"]}
    return 'W/"' + files[rel][:32] + '"'


@pytest.fixture
def served(store, paged_release: Path, monkeypatch) -> TestClient:
    """The app over the paged release; a page it would render, or a document it would ask the
    store for, instead of sending the file, fails the test."""
    def no_render(self, doc, links):
        raise AssertionError(f"rendered {doc.path}, although the release holds its page")

    def no_describe(self, path):
        raise AssertionError(f"asked the store for {path}, although the release holds it")

    monkeypatch.setattr(Site, "render", no_render)
    monkeypatch.setattr(Site, "document", no_describe)
    return TestClient(create_app(Config(query_timeout=20), store, release_dir=paged_release))


@pytest.fixture
def sending(store, paged_release: Path) -> TestClient:
    """The app over the paged release, Site.render as it is."""
    return TestClient(create_app(Config(query_timeout=20), store, release_dir=paged_release))


@pytest.fixture
def rendering(store, paged_release: Path, tmp_path: Path) -> TestClient:
    """The same release without its manifest: every document is rendered, as before."""
    root = tmp_path / "release"
    shutil.copytree(paged_release, root, symlinks=True)
    (root / MANIFEST).unlink()
    return TestClient(create_app(Config(query_timeout=20), store, release_dir=root))


# (URL, request headers, the release file it is)
CASES = [
    (f"/doc/{MEASURE}", {"Accept": "text/html"}, f"doc/{MEASURE}.html"),
    (f"/doc/{MEASURE}", {"Accept": "text/html", "Accept-Language": "en"}, f"doc/{MEASURE}.en.html"),
    (f"/doc/{MEASURE}?lang=en", {"Accept": "text/html"}, f"doc/{MEASURE}.en.html"),
    (f"/doc/{MEASURE}.html", {"Accept-Language": "en"}, f"doc/{MEASURE}.html"),
    (f"/doc/{MEASURE}.en.html", {}, f"doc/{MEASURE}.en.html"),
    (f"/doc/{MUNICIPALITY}", {"Accept": "text/html"}, f"doc/{MUNICIPALITY}.html"),
    (f"/doc/{WITHDRAWN}", {"Accept": "text/html"}, f"doc/{WITHDRAWN}.html"),
    (f"/doc/{MEASURE}", {"Accept": "text/turtle"}, f"doc/{MEASURE}.ttl"),
    (f"/doc/{MEASURE}", {"Accept": "application/ld+json"}, f"doc/{MEASURE}.jsonld"),
    (f"/doc/{MEASURE}.nt", {}, f"doc/{MEASURE}.nt"),
    (f"/doc/{MUNICIPALITY}?format=turtle", {}, f"doc/{MUNICIPALITY}.ttl"),
    ("/index.html", {}, "index.html"),
    ("/data.en.html", {}, "data.en.html"),
]


@pytest.mark.parametrize(("url", "headers", "rel"), CASES)
def test_the_bytes_sent_are_the_release_file_with_the_manifest_hash_as_etag(served, paged_release, url,
                                                                          headers, rel):
    answer = served.get(url, headers={**headers, "Accept-Encoding": "identity"})
    assert answer.status_code in (200, 410)
    assert answer.content == (paged_release / rel).read_bytes()
    assert answer.headers["etag"] == manifest_etag(paged_release, rel)
    again = served.get(url, headers={**headers, "If-None-Match": answer.headers["etag"]})
    if answer.status_code == 200:  # a 410 stays a 410 (only a 200 is revalidated, as before)
        assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(("url", "headers", "rel"), [c for c in CASES if c[0].startswith("/doc/")])
def test_negotiation_is_what_rendering_answers(sending, rendering, url, headers, rel):
    sent, drawn = sending.get(url, headers=headers), rendering.get(url, headers=headers)
    assert sent.status_code == drawn.status_code
    for header in ("content-type", "link", "content-location", "vary", "content-security-policy"):
        assert sent.headers.get(header) == drawn.headers.get(header), header
    if not rel.endswith(".html"):  # RDF: the same bytes whether sent from the file or serialised
        assert sent.content == drawn.content


def test_a_withdrawn_measure_keeps_its_410_from_the_file(served, paged_release):
    answer = served.get(f"/doc/{WITHDRAWN}", headers={"Accept": "text/html"})
    assert answer.status_code == 410
    assert answer.content == (paged_release / f"doc/{WITHDRAWN}.html").read_bytes()


def test_gzip_is_negotiated_on_files_as_on_rendered_pages(served, paged_release):
    answer = served.get(f"/doc/{MUNICIPALITY}", headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"
    # httpx inflates the body; the raw stream must be the gzip of the file
    assert answer.content == (paged_release / f"doc/{MUNICIPALITY}.html").read_bytes()
    plain = served.get(f"/doc/{MUNICIPALITY}", headers={"Accept": "text/html", "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_what_the_release_does_not_hold_is_still_rendered(sending):
    answer = sending.get(f"/doc/{MEASURE}.rdf")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/rdf+xml")
    assert sending.get("/doc/maatregel/bestaat-niet").status_code == 404
    assert sending.get("/doc/maatregel/bestaat-niet.html").status_code == 404
    assert sending.get(f"/doc/{MEASURE}", headers={"Accept": "image/png"}).status_code == 406


def test_the_static_pages_links_lead_to_files_the_server_sends(served, paged_release):
    page = (paged_release / f"doc/{MEASURE}.html").read_text()
    assert 'href="../../index.html"' in page and 'href="../../zoeken/index.html"' in page
    for url in ("/index.html", "/index.en.html", "/data.html", "/organisaties.en.html",
                "/toegankelijkheid.html", f"/doc/{MUNICIPALITY}.html", f"/doc/{MUNICIPALITY}.en.html"):
        answer = served.get(url)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html"), url
        assert answer.content == (paged_release / url[1:]).read_bytes(), url


async def _raw(app, path: str, raw_path: bytes | None = None) -> tuple[int, bytes]:
    """One GET with exactly this path, past any client's normalisation of '..'."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": raw_path or path.encode(), "query_string": b"",
             "root_path": "", "headers": [(b"host", b"testserver"), (b"accept", b"*/*")],
             "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.fixture
def escape_release(paged_release: Path, tmp_path: Path) -> Path:
    """A copy of the release with a file outside it, a symlink to that file under a name the
    manifest lists, and one under a name it does not list."""
    outside = tmp_path / "secret.html"
    outside.write_bytes(SECRET)
    root = tmp_path / "release"
    shutil.copytree(paged_release, root, symlinks=True)
    (root / "index.en.html").unlink()
    (root / "index.en.html").symlink_to(outside)  # listed in the manifest, now pointing outside
    (root / "doc" / "evil.html").symlink_to(outside)  # never listed
    (root / "doc" / "maatregel" / "evil.html").symlink_to(outside)
    return root


@pytest.mark.parametrize(("path", "raw"), [
    ("/../secret.html", None),
    ("/doc/../../secret.html", None),
    ("/doc/%2e%2e/%2e%2e/secret.html", None),
    ("/doc/../../secret.html", b"/doc/%2e%2e/%2e%2e/secret.html"),
    ("/doc/..%2f..%2fsecret.html", None),
    ("/index.en.html", None),
    ("/doc/evil.html", None),
    ("/doc/maatregel/evil.html", None),
    ("/doc/maatregel/evil", None),
    ("//etc/passwd", None),
    ("/etc/passwd.html", None),
])
def test_no_request_reads_outside_the_release(store, escape_release, path, raw):
    app = create_app(Config(query_timeout=20), store, release_dir=escape_release)
    status, body = asyncio.run(_raw(app, path, raw))
    assert SECRET not in body
    assert status == 404, (status, body[:200])


def test_release_files_lists_only_what_the_manifest_holds(escape_release, tmp_path):
    files = ReleaseFiles(escape_release)
    assert files.path(f"doc/{MEASURE}.html") == (escape_release / f"doc/{MEASURE}.html").resolve()
    for rel in ("index.en.html", "doc/evil.html", "../secret.html", f"doc/{MEASURE}/../../index.html",
                str(tmp_path / "secret.html"), "/etc/passwd", "store/CURRENT", MANIFEST, ""):
        assert files.path(rel) is None, rel
        assert files.rendered(rel, "text/html") is None, rel
    assert len(ReleaseFiles(None)) == 0 and ReleaseFiles(None).path("index.html") is None


def test_gzip_body_on_the_wire_is_the_gzip_of_the_file(served, paged_release):
    with served.stream("GET", f"/doc/{MUNICIPALITY}", headers={"Accept": "text/html",
                                                              "Accept-Encoding": "gzip"}) as answer:
        raw = b"".join(answer.iter_raw())
    assert gzip.decompress(raw) == (paged_release / f"doc/{MUNICIPALITY}.html").read_bytes()
