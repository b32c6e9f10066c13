"""Rendered pages are kept per request shape (lod/web/cache.py): same bytes and headers, no second render."""

from __future__ import annotations

import pytest

import lod.web.app as app_module
from lod.pages.site import Site
from lod.web.cache import RenderCache, Rendered

MEASURE = "maatregel/44021-2022-001"
MUNICIPALITY = "gemeente/44021"


def test_cache_drops_the_least_recently_used_beyond_its_byte_budget():
    cache = RenderCache(max_bytes=10)
    cache.put("a", Rendered.of(b"1234", "text/html"))
    cache.put("b", Rendered.of(b"5678", "text/html"))
    assert cache.get("a") is not None  # "a" is now the most recently used
    cache.put("c", Rendered.of(b"90ab", "text/html"))
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    assert cache.size == 8 and len(cache) == 2
    big = cache.put("d", Rendered.of(b"x" * 11, "text/html"))  # over the budget: served, not kept
    assert big.body == b"x" * 11 and cache.get("d") is None and len(cache) == 2


def test_replacing_a_key_counts_its_bytes_once():
    cache = RenderCache(max_bytes=100)
    cache.put("a", Rendered.of(b"1234", "text/html"))
    cache.put("a", Rendered.of(b"12", "text/html"))
    assert cache.size == 2 and cache.get("a").body == b"12"


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The paths Site.render is asked for, while it still renders."""
    seen: list[str] = []
    original = Site.render

    def counting(self, doc, links):
        seen.append(doc.path)
        return original(self, doc, links)

    monkeypatch.setattr(Site, "render", counting)
    return seen


@pytest.mark.parametrize("path", [MEASURE, MUNICIPALITY])
def test_a_page_is_rendered_once_and_served_alike_after(client, renders, path):
    first = client.get(f"/doc/{path}", headers={"Accept": "text/html"})
    second = client.get(f"/doc/{path}", headers={"Accept": "text/html"})
    assert renders == [f"doc/{path}"]
    assert first.status_code == second.status_code == 200 and first.content == second.content
    for header in ("etag", "link", "vary", "content-type", "content-location", "content-security-policy"):
        assert first.headers[header] == second.headers[header], header
    etag = first.headers["etag"]
    cached = client.get(f"/doc/{path}", headers={"Accept": "text/html", "If-None-Match": etag})
    assert cached.status_code == 304


def test_language_and_format_are_cached_apart(client, renders):
    dutch = client.get(f"/doc/{MEASURE}", headers={"Accept": "text/html"})
    english = client.get(f"/doc/{MEASURE}?lang=en", headers={"Accept": "text/html"})
    by_header = client.get(f"/doc/{MEASURE}", headers={"Accept": "text/html", "Accept-Language": "en"})
    turtle = client.get(f"/doc/{MEASURE}", headers={"Accept": "text/turtle"})
    assert '<html lang="nl">' in dutch.text and '<html lang="en">' in english.text
    assert '<html lang="en">' in by_header.text
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert dutch.headers["etag"] != english.headers["etag"] != turtle.headers["etag"]
    # English by ?lang= or by Accept-Language is one page (its links carry ?lang=en either way)
    assert by_header.content == english.content
    assert len(renders) == 2  # Dutch and English; Turtle is no page


def test_withdrawn_stays_410_when_served_from_the_cache(client):
    for _ in range(2):
        assert client.get("/doc/maatregel/44021-2019-009", headers={"Accept": "text/html"}).status_code == 410


def test_landing_and_exchange_pages_are_rendered_once(client, monkeypatch):
    calls: list[str] = []
    for name in ("render_landing", "exchange_page"):  # looked up in lod.web.app at each request
        original = getattr(app_module, name)

        def counting(*args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(app_module, name, counting)
    for url in ("/", "/", "/uitwisseling", "/uitwisseling", "/uitwisseling?lang=en"):
        assert client.get(url, headers={"Accept": "text/html"}).status_code == 200
    assert calls == ["render_landing", "exchange_page", "exchange_page"]
