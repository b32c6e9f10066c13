"""The static site written into a release: every page, its RDF variants, links that resolve."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse

from lod.config import Config
from lod.layout import (
    FEED,
    IMPACT_CSV,
    IMPACT_JSON,
    IMPACT_PAGE,
    VERSIONS_GRAPH,
    VERSIONS_JSON,
    VERSIONS_PAGE,
)
from lod.pages.site import Site
from lod.release.site import write_exchange_files, write_pages
from lod.store.embedded import WorkerLimits, build_store, open_store
from lod.terms import dataset_iri, prefixes
from lod.text import LANGS

TWO = WorkerLimits(workers=2, long_queries=1)  # two query workers: enough for these tests

DATA = Path(__file__).parent.parent / "data" / "serve-small-release.ttl"
BASE = "https://w3id.org/veilig-uitgaan/"


class Page(HTMLParser):
    """Collects hrefs, srcs, the lang attribute, headings and the JSON-LD block of one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.lang = None
        self.h1: list[str] = []
        self.jsonld = ""
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])
        if tag == "h1" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in = tag

    def handle_endtag(self, tag):
        self._in = None if tag == self._in else self._in

    def handle_data(self, data):
        if self._in == "h1":
            self.h1.append(data)
        elif self._in == "script":
            self.jsonld += data


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    build_store(root / "store", parse(path=str(DATA)), graph=dataset_iri(Config()))
    with open_store(root / "store", prefixes=prefixes(Config()), limits=TWO) as store:
        written = [Path(p) for p in write_pages(store, Config(), root)]
        # The landing and municipality pages link to the exchange files; the build writes both.
        exchange_files = write_exchange_files(Site(store, Config()), root)
    return root, written + exchange_files


def test_every_resource_gets_html_in_two_languages_and_rdf(site):
    root, written = site
    for stem in ("doc/maatregel/44021-2022-001", "doc/gemeente/46013", "doc/gemeente/46030",
                 "doc/organisatie/sensoa", "doc/concept/maatregeltype/vorming",
                 "doc/maatregel/44021-2019-009"):
        for suffix in (".html", ".en.html", ".ttl", ".jsonld", ".nt"):
            assert root / (stem + suffix) in written, stem + suffix
    assert (root / "index.html").is_file() and (root / "static" / "style.css").is_file()


@pytest.mark.parametrize(("suffix", "fmt"), [(".ttl", RdfFormat.TURTLE), (".jsonld", RdfFormat.JSON_LD),
                                             (".nt", RdfFormat.N_TRIPLES)])
def test_rdf_files_hold_the_resource_with_canonical_iris(site, suffix, fmt):
    root, _ = site
    data = (root / ("doc/maatregel/44021-2022-001" + suffix)).read_bytes()
    subjects = {t.subject for t in parse(data, format=fmt)}
    assert NamedNode(BASE + "id/maatregel/44021-2022-001") in subjects


def test_all_relative_links_resolve_to_written_files(site):
    root, written = site
    missing = []
    for page in [p for p in written if p.suffix == ".html"]:
        for link in Page(page.read_text(encoding="utf-8")).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            target = (page.parent / parts.path).resolve()
            # Folders and pages other stages of the build write (dumps, the model, search:
            # lod/release/search.py, the versions page).
            first = target.relative_to(root.resolve()).parts[0]
            history = (FEED, VERSIONS_JSON, VERSIONS_GRAPH, IMPACT_CSV, IMPACT_JSON,
                       *(page.pick(lang) for page in (VERSIONS_PAGE, IMPACT_PAGE) for lang in LANGS))
            other_stage = first in ("dumps", "ontology", "zoeken", *history)
            if not target.is_file() and not other_stage:
                missing.append(f"{page.relative_to(root)} -> {link}")
    assert not missing, missing


def test_pages_are_in_their_language_with_one_h1(site):
    root, _ = site
    nl = Page((root / "doc/maatregel/44021-2022-001.html").read_text(encoding="utf-8"))
    en = Page((root / "doc/maatregel/44021-2022-001.en.html").read_text(encoding="utf-8"))
    assert (nl.lang, en.lang) == ("nl", "en")
    assert nl.h1 == ["Gentse Feesten: 360°-aanpak"] and en.h1 == ["Ghent Festivities: 360° approach"]
    assert "44021-2022-001.en.html" in nl.links and "44021-2022-001.html" in en.links


def test_script_title_is_text_and_jsonld_stays_inside_its_block(site):
    root, _ = site
    text = (root / "doc/maatregel/46013-2023-001.html").read_text(encoding="utf-8")
    page = Page(text)
    assert page.h1 == ["Kruibeke: <script>alert('x')</script> & veilige fuiven"]  # shown as text
    assert len(re.findall(r"<script\b", text)) == 1  # only the JSON-LD block, no injected element
    data = json.loads(page.jsonld)
    assert any("</script><b>vet</b>" in json.dumps(node, ensure_ascii=False) for node in data)


def test_municipality_page_includes_measures_of_its_predecessors(site):
    root, _ = site
    text = (root / "doc/gemeente/46030.html").read_text(encoding="utf-8")
    assert "../maatregel/46013-2023-001.html" in text and "../maatregel/46030-2025-001.html" in text
    old = (root / "doc/gemeente/46013.html").read_text(encoding="utf-8")
    assert "46030.html" in old  # the predecessor links to what it merged into
    own_list = old[old.index('id="maatregelen"'):].split("</section>")[0]
    assert "46013-2023-001" in own_list and "46030-2025-001" not in own_list


def test_withdrawn_measure_page_explains_why(site):
    root, _ = site
    text = (root / "doc/maatregel/44021-2019-009.html").read_text(encoding="utf-8")
    assert "ingetrokken" in text and "Dubbel ingevoerd; zie 44021-2022-001." in text


def test_landing_counts(site):
    root, _ = site
    text = (root / "index.html").read_text(encoding="utf-8")
    catalogue = json.loads(Page(text).jsonld)  # the landing page carries the catalogue's description
    assert any(node["@id"] == BASE + "id/catalogus" for node in catalogue)
    data = (root / "data.html").read_text(encoding="utf-8")  # counts and catalogue: the data page
    assert "<strong>3</strong> maatregelen" in data
    assert 'href="doc/catalogus.html"' in data and 'href="doc/dataset/maatregelen.html"' in data


@pytest.mark.parametrize("page", ["index", "doc/gemeente/46030", "doc/maatregel/X", "ontology/vu",
                                  "uitwisseling/partners/vorming", "a/b/c/d"])
@pytest.mark.parametrize("path", ["index.html", "doc/gemeente/46030.html", "doc/maatregel/Y.en.html",
                                  "static/style.css", "ontology/vu.html", "doc/gemeente", "doc",
                                  "uitwisseling/index.html", "a/b/c", "queries/x.rq"])
def test_relative_links_by_string_are_relpaths_answer(page, path):
    import posixpath

    from lod.pages.links import relative

    assert relative(path, page) == posixpath.relpath(path, posixpath.dirname(page) or ".")


def test_measures_of_a_page_come_from_one_query_per_kind_of_page(tmp_path):
    """Every municipality page's measures are read from one query, not one query per page."""
    from pyoxigraph import Store

    from lod.store.memory import MemoryStore

    store = Store()
    store.load(path=str(Path(__file__).resolve().parents[1] / "data" / "exchange-graph.ttl"),
               format=RdfFormat.TURTLE)
    asked: list[str] = []

    class Counting(MemoryStore):
        def select(self, query, **kwargs):
            asked.append(query)
            return super().select(query, **kwargs)

    site = Site(Counting(store), Config())
    found = {}
    for nis in ("46030", "44021", "71072"):
        doc = site.document(f"doc/gemeente/{nis}")
        found[nis] = [m["iri"].rsplit("/", 1)[-1] for m in site.measures_of(doc, "nl")]
    assert "46013-2022-001" in found["46030"]  # Kruibeke's measure, before its merger into 46030
    assert sum("huidigeGemeente" in q for q in asked) == 1


def test_no_page_shows_a_raw_property_name():
    """Every kind of document labels each row in words: code lists and concepts (scopeNote,
    hiddenLabel: issue 12), mergers (originalOrganization), and one page of every other kind."""
    from lod.build import check
    from lod.config import Config
    from lod.pages.links import Links
    from lod.pages.site import Site
    from lod.store.memory import MemoryStore

    cfg = Config()
    site = Site(MemoryStore(check([cfg.data_dir / "maatregelen.csv"], config=cfg).store), cfg)
    first_of_kind: dict[str, str] = {}
    for path in site.paths():
        first_of_kind.setdefault(path.rsplit("/", 1)[0], path)
    assert {"doc/fusie", "doc/gemeente", "doc/maatregel", "doc/organisatie"} <= set(first_of_kind)
    for path in ("doc/conceptscheme/maatregeltype", "doc/concept/maatregeltype/vorming",
                 "doc/concept/doelgroep/omstaanders", *first_of_kind.values()):
        doc = site.document(path)
        assert doc is not None, path
        for lang in ("nl", "en"):
            html = site.render(doc, Links(site, lang=lang, page=path, root=None))
            labels = re.findall(r"<dt[^>]*>([^<]+)</dt>", html)
            assert labels, path
            raw = [label for label in labels if re.fullmatch(r"[a-z]+[A-Z]\w*", label)]
            assert raw == [], (path, lang, raw)


def test_embedded_jsonld_is_the_documents_jsonld_on_one_line(site):
    """A page's JSON-LD block is its document's .jsonld file as the serialiser writes it (one line),
    with '<', '>' and '&' as JSON escapes: also for the measure whose title holds '</script>'."""
    root, _ = site
    for stem in ("doc/maatregel/46013-2023-001", "doc/gemeente/46013", "doc/organisatie/sensoa"):
        written = (root / (stem + ".jsonld")).read_text(encoding="utf-8")
        for suffix in (".html", ".en.html"):
            block = Page((root / (stem + suffix)).read_text(encoding="utf-8")).jsonld
            assert not {"<", ">", "&", "\n"} & set(block), stem + suffix
            assert json.loads(block) == json.loads(written), stem + suffix
    assert "<" in (root / "doc/maatregel/46013-2023-001.jsonld").read_text(encoding="utf-8")


def test_a_value_and_a_table_of_rows_as_markup():
    """_macros.html's value and table (drawn in Python, lod.pages.env): a link with its language,
    a span, nested rows, everything escaped; the markup the Jinja macros drew before."""
    from lod.pages.env import environment

    rows = [{"iri": "http://x/a&b", "label": "L<1>", "values": [
        {"text": "T&", "href": 'h"1', "lang": "en"}, {"text": "plain", "href": None, "lang": None},
        {"rows": [{"iri": "i2", "label": "l2", "values": [{"text": "n", "href": None, "lang": "nl"}]}],
         "text": None, "href": None, "lang": None}]},
        {"iri": "i3", "label": "l3", "values": []}]
    html = environment().from_string('{% from "_macros.html" import table, value %}'
                                     "{{ table(rows) }}|{{ table([], nested=True) }}|{{ value(v) }}").render(
        rows=rows, v={"text": None, "href": None, "lang": None})
    assert html == (
        '<dl class="props">\n  <dt title="http://x/a&amp;b">L&lt;1&gt;</dt>\n'
        '<dd><a href="h&#34;1" lang="en">T&amp;</a></dd><dd><span>plain</span></dd>'
        '<dd><dl class="props nested">\n  <dt title="i2">l2</dt>\n<dd><span lang="nl">n</span></dd></dl></dd>'
        '  <dt title="i3">l3</dt>\n</dl>|<dl class="props nested">\n</dl>|<span>None</span>')
