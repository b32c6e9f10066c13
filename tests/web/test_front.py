"""What the release holds is answered before routing (lod/web/front.py), with the answer the whole app
gives: the same status, every header (ETag, Vary, Link, Content-Location, Content-Security-Policy,
CORS, gzip) and the same bytes, for every way of asking; and without reaching the app's routes."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from lod.config import Config
from lod.web.app import create_app
from lod.web.front import ReleaseFront
from lod.web.resources import Resources

MEASURE = "maatregel/44021-2022-001"
WITHDRAWN = "maatregel/44021-2019-009"
MUNICIPALITY = "gemeente/44021"
SMALL = "toegankelijkheid.html"  # a page of the release; the small-body case is a .nt below

URLS = [
    (f"/doc/{MEASURE}", {"Accept": "text/html"}),
    (f"/doc/{MEASURE}", {"Accept": "text/html", "Accept-Language": "en-GB,en;q=0.9"}),
    (f"/doc/{MEASURE}", {}),
    (f"/doc/{MEASURE}?lang=en", {"Accept": "text/html"}),
    (f"/doc/{MEASURE}?lang=en&lang=nl", {"Accept": "text/html"}),
    (f"/doc/{MEASURE}?lang=xx", {"Accept": "text/html", "Accept-Language": "en"}),
    (f"/doc/{MEASURE}.html", {"Accept-Language": "en"}),
    (f"/doc/{MEASURE}.en.html", {}),
    (f"/doc/{MUNICIPALITY}", {"Accept": "text/html;q=0.5, text/turtle;q=0.4"}),
    (f"/doc/{WITHDRAWN}", {"Accept": "text/html"}),
    (f"/doc/{WITHDRAWN}.ttl", {}),
    (f"/doc/{MEASURE}", {"Accept": "text/turtle"}),
    (f"/doc/{MEASURE}", {"Accept": "application/ld+json"}),
    (f"/doc/{MEASURE}.nt", {}),
    (f"/doc/{MEASURE}.jsonld", {"Accept": "text/html"}),
    (f"/doc/{MUNICIPALITY}?format=turtle", {}),
    (f"/doc/{MUNICIPALITY}?format=nt", {"Accept": "text/html"}),
    ("/index.html", {}),
    ("/data.en.html", {"Accept-Language": "nl"}),
    (f"/{SMALL}", {}),
]
VARIANTS = [
    {},
    {"Accept-Encoding": "gzip, deflate"},
    {"Accept-Encoding": "identity"},
    {"Origin": "https://example.org"},
    {"Origin": "https://example.org", "Accept-Encoding": "gzip"},
    {"Host": "data.example.org:8443"},
]


def _answer(client: TestClient, method: str, url: str, headers: dict[str, str]):
    with client.stream(method, url, headers=headers) as answer:
        raw = b"".join(answer.iter_raw())
    return (*_read(answer, raw), raw)


def _read(answer: httpx.Response, raw: bytes):
    """(status, header fields sorted, body decoded) of an answer and its bytes as sent."""
    fields = sorted((k.lower(), v) for k, v in answer.headers.multi_items())
    body = gzip.decompress(raw) if answer.headers.get("content-encoding") == "gzip" else raw
    return answer.status_code, fields, body


def _comparable(fields: list[tuple[str, str]], coded: bool) -> list[tuple[str, str]]:
    # gzip's level may differ (the front keeps level 6), so a coded body's length may too.
    return [(k, v) for k, v in fields if not (coded and k == "content-length")]


@pytest.fixture
def apps(store, paged_release: Path):
    return [create_app(Config(query_timeout=20), store, release_dir=paged_release),
            create_app(Config(query_timeout=20, public_base="https://data.example.org/vu"), store,
                       release_dir=paged_release)]


def _all_answers(apps) -> dict:
    """Every way of asking, to each app. In one event loop with httpx's ASGI transport: the
    TestClient hands each request to a loop in another thread, which was 80% of this test's 4 s
    for its 1,400 requests. Both sides of the comparison are asked the same way."""
    async def ask(client: httpx.AsyncClient, method: str, url: str, headers: dict[str, str]):
        async with client.stream(method, url, headers=headers) as answer:
            raw = b"".join([chunk async for chunk in answer.aiter_raw()])
        return _read(answer, raw)

    async def all_of_them() -> dict:
        out = {}
        for number, app in enumerate(apps):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                         base_url="http://testserver") as client:
                for url, headers in URLS:
                    for variant in VARIANTS:
                        for method in ("GET", "HEAD"):
                            asked = {**headers, **variant}
                            status, fields, body = await ask(client, method, url, asked)
                            out[number, method, url, tuple(sorted(asked.items()))] = status, fields, body
                            if status == 200 and method == "GET":  # and again with the ETag it gave
                                etag = dict(fields)["etag"]
                                again = {**asked, "If-None-Match": f'"x", {etag}'}
                                out[number, method, url, tuple(sorted(again.items()))] = await ask(
                                    client, method, url, again)
        return out

    return asyncio.run(all_of_them())


def test_the_front_answers_as_the_whole_app_does(apps, monkeypatch):
    def no_route(self, request):
        raise AssertionError(f"{request.url} reached the /doc route, though the release holds it")

    with monkeypatch.context() as patched:
        patched.setattr(Resources, "document", no_route)
        fast = _all_answers(apps)

    async def step_aside(self, scope, path, headers, host):
        return None

    monkeypatch.setattr(ReleaseFront, "_answer", step_aside)
    slow = _all_answers(apps)
    assert fast.keys() == slow.keys()
    statuses = set()
    for key in slow:
        (f_status, f_fields, f_body), (s_status, s_fields, s_body) = fast[key], slow[key]
        coded = dict(s_fields).get("content-encoding") == "gzip"
        assert f_status == s_status, key
        assert _comparable(f_fields, coded) == _comparable(s_fields, coded), key
        assert f_body == s_body, key
        statuses.add(s_status)
    assert statuses == {200, 304, 410}  # every kind of answer was compared


def test_gzip_is_made_once_per_file_and_kept(store, paged_release, monkeypatch):
    client = TestClient(create_app(Config(query_timeout=20), store, release_dir=paged_release))
    made = []
    real = gzip.compress
    monkeypatch.setattr(gzip, "compress", lambda data, **kw: made.append(len(data)) or real(data, **kw))
    url = f"/doc/{MUNICIPALITY}"
    bodies = {_answer(client, "GET", url, {"Accept": "text/html", "Accept-Encoding": "gzip"})[3]
              for _ in range(3)}
    assert len(bodies) == 1 and len(made) == 1
    assert gzip.decompress(bodies.pop()) == (paged_release / f"doc/{MUNICIPALITY}.html").read_bytes()


@pytest.mark.parametrize(("method", "url", "headers", "status"), [
    ("POST", f"/doc/{MEASURE}", {}, 405),
    ("GET", f"/doc/{MEASURE}/", {}, 308),  # the trailing slash goes on to its redirect
    ("GET", f"/doc/{MEASURE}", {"Accept": "image/png"}, 406),
    ("GET", f"/doc/{MEASURE}.rdf", {}, 200),  # no file of RDF/XML: rendered by the app
    ("GET", "/doc/maatregel/bestaat-niet", {}, 404),
    ("GET", "/bestaat-niet.html", {}, 404),
])
def test_what_the_front_does_not_hold_goes_on_to_the_app(store, paged_release, method, url, headers, status):
    client = TestClient(create_app(Config(query_timeout=20), store, release_dir=paged_release))
    answer = client.request(method, url, headers=headers, follow_redirects=False)
    assert answer.status_code == status, answer.text[:200]
