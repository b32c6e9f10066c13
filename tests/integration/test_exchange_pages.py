"""Headless Chromium (the session's `browser`) loads the exchange pages (coverage, a municipality,
a partner page).

The pages are the static release pages (the web pages with the exchange fragments, plus the
exchange's own pages) written from the fixture graph and from a real build; the DOM Chromium builds is
checked for what a prevention officer needs, and a screenshot is taken (set LOD_SCREENSHOTS to
keep them for a look).
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from lod.config import Config
from lod.layout import VERSIONS_PAGE
from lod.pages.site import Site
from lod.release.search import write_search_files
from lod.release.site import write_exchange_files, write_pages
from lod.store.memory import MemoryStore
from tests.integration.chromium import rendered
from tests.web.test_app import DUTCH_WORDS, _texts


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="session")  # once a worker, not again each time xdist comes back to the module
def site(tmp_path_factory, exchange_graph) -> Path:
    cfg = Config()
    store = MemoryStore(exchange_graph(cfg))
    root = tmp_path_factory.mktemp("site")
    write_pages(store, cfg, root)
    write_exchange_files(Site(store, cfg), root)
    write_search_files(Site(store, cfg), root)
    return root


PAGES = {
    "coverage": ("index.html",
                 ['data-col="gemeentenMetMaatregelen">9<', "Nog zonder maatregel", "Per provincie",
                  'class="skip-map"']),
    "exchange": ("uitwisseling/index.html", ["Vergelijk uw gemeente", "coverage.csv"]),
    "municipality": ("doc/gemeente/71016.html",
                     ["Wat Genk doet", "Er is nog geen maatregel van Genk",
                      'Vraag het aan:</span> <span lang="nl">preventiecoördinator</span>',
                      "mailto:preventie@stad.gent", "Partners om te bellen voor deze soort"]),
    "merged": ("doc/gemeente/46030.html", ["geregistreerd in Kruibeke"]),
    "partners": ("uitwisseling/partners/vorming.html",
                 ["Partners voor: Vorming en training", "Sensoa", "Expertisepartner",
                  '<span lang="nl">nachtcoördinator</span>']),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_chromium_renders_the_exchange_page(browser, site, shots, name):
    page, expected = PAGES[name]
    shot = shots / f"exchange-{name}.png"
    dom = rendered(browser, (site / page).as_uri(), size=(1200, 1800), shot=shot)
    for text in expected:
        assert text in dom, f"{page}: {text!r} missing"
    assert "static/style.css" in dom  # the site's own look, from the web pages' base template
    assert png_size(shot) == (1200, 1800)


def test_links_between_the_pages_resolve_to_written_files(site):
    import re

    for page, _ in PAGES.values():
        html = (site / page).read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#:]+)"', html):
            if href.startswith(("http", "mailto", "tel")) or "__pad__" in href:  # the picker's pattern
                continue
            target = (site / page).parent.joinpath(href).resolve()
            if target.name in (VERSIONS_PAGE.nl, VERSIONS_PAGE.en):  # the build's history stage writes it
                continue
            assert target.is_file(), f"{page} -> {href}"


REAL = {
    "real-coverage": ("index.html", ['data-col="gemeenten">285<', "Nog zonder maatregel"]),
    "real-genk": ("doc/gemeente/71016.html",
                  ["Er is nog geen maatregel van Genk", "Wat vergelijkbare gemeenten doen",
                   "Partners om te bellen voor deze soort", "Bron"]),
    "real-merged": ("doc/gemeente/46030.html", ["geregistreerd in Kruibeke"]),
    "real-partners": ("uitwisseling/partners/vorming.html", ["Partners voor: Vorming en training"]),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_chromium_renders_the_real_release(browser, release, shots, name):
    """The real release (tests/integration/conftest.py: `lod build` of the shipped dataset)."""
    page, expected = REAL[name]
    shot = shots / f"exchange-{name}.png"
    dom = rendered(browser, (release / page).as_uri(), size=(1200, 2400), shot=shot)
    for text in expected:
        assert text in dom, f"{page}: {text!r} missing"
    assert png_size(shot) == (1200, 2400)


SERVED = {
    "served-landing": ("?lang=nl", ['data-col="gemeenten">285<', "Wie doet al iets?", "Nog zonder"]),
    "served-landing-en": ("?lang=en", ["Who is already doing something?", "East Flanders"]),
    "served-genk": ("doc/gemeente/71016?lang=nl",
                    ["Wat vergelijkbare gemeenten doen", "Partners om te bellen voor deze soort"]),
    "served-partners": ("uitwisseling/partners/vorming?lang=nl", ["Partners voor: Vorming en training",
                                                                  "Voorbeelden: wie kunt u contacteren?"]),
}


@pytest.mark.parametrize("name", sorted(SERVED))
def test_chromium_loads_the_served_pages(browser, served_release, shots, name):
    path, expected = SERVED[name]
    shot = shots / f"exchange-{name}.png"
    dom = rendered(browser, served_release.url + path, size=(1200, 2400), shot=shot)
    for text in expected:
        assert text in dom, f"{path}: {text!r} missing"
    assert png_size(shot) == (1200, 2400)


def test_static_english_exchange_pages_are_english(site):
    """Every uitwisseling/*.en.html: <html lang="en"> and no Dutch heading (tests/web/test_app.py's check)."""
    pages = sorted((site / "uitwisseling").rglob("*.en.html"))
    assert len(pages) >= 2, pages  # the index and at least one partner page
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en">' in html, page
        texts = _texts(html)
        assert texts and not [t for t in texts if DUTCH_WORDS.search(t)], (page, texts)
        dutch = page.with_name(page.name.replace(".en.html", ".html")).read_text(encoding="utf-8")
        assert '<html lang="nl">' in dutch and any(DUTCH_WORDS.search(t) for t in _texts(dutch)), page
