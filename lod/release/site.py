"""The static site of a release: every page, document and exchange file, written into its folder.

Pages are drawn by `lod.pages` from a Store (the build's in-memory graph), with relative links, so
the folder works from any static host and from `file://`. Returns the files written.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import Quad

from lod.config import Config
from lod.graph.codelists import codelist_paths, context_path, model_text, vocabulary_path
from lod.insight.formats import comparison_json, coverage_csv, coverage_json
from lod.insight.named import named_queries
from lod.insight.summary import summarise, summary_json, summary_markdown
from lod.layout import (
    COMPARISONS,
    COVERAGE_CSV,
    COVERAGE_JSON,
    MAP_SVG,
    QUERIES,
    STATIC,
    SUMMARY_JSON,
    SUMMARY_MARKDOWN,
)
from lod.pages.exchange import INDEX, ExchangeLinks, coverage_map, page_body
from lod.pages.landing import (
    exchange_crumbs,
    render_accessibility,
    render_data_page,
    render_landing,
    render_query_page,
)
from lod.pages.links import PAGE_SUFFIX, Links
from lod.pages.organisations import render_organisations
from lod.pages.site import RDF_SUFFIXES, Site, document_rdf
from lod.pages.site import STATIC as ASSETS
from lod.pages.vocabulary import render_vocabulary
from lod.store.base import Store
from lod.text import LANGS

# The site's own pages beyond the landing page: site path -> render(site, links, release folder).
FRAME_PAGES = {
    "data": render_data_page,
    "organisaties": lambda site, links, _release: render_organisations(site, links),
    "toegankelijkheid": lambda site, links, _release: render_accessibility(site, links),
}


class _Writer:
    """Files under one root, each written once and remembered."""

    def __init__(self, root: Path) -> None:
        self.root, self.written = Path(root), []

    def put(self, rel: str, data: str | bytes) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.written.append(target)


def write_pages(store: Store, cfg: Config, out_dir: Path, *,
                described: Iterable[Quad] = ()) -> list[Path]:
    """The static site: index, doc/<path>.html (+ .en.html, .ttl, .jsonld, .nt) and the assets."""
    site = Site(store, cfg, described=described)
    out = _Writer(out_dir)
    for path in site.paths():
        doc = site.document(path)
        if doc is None:
            continue
        for lang in LANGS:
            links = Links(site, lang=lang, page=path, root=None)
            out.put(path + PAGE_SUFFIX.pick(lang), site.render(doc, links))
        for suffix in RDF_SUFFIXES:
            out.put(path + suffix, document_rdf(doc, suffix, cfg))
    for lang in LANGS:
        links = Links(site, lang=lang, page="index", root=None)
        out.put("index" + PAGE_SUFFIX.pick(lang), render_landing(site, links, out.root))
        for path, render in FRAME_PAGES.items():
            links = Links(site, lang=lang, page=path, root=None)
            out.put(path + PAGE_SUFFIX.pick(lang), render(site, links, out.root))
    for asset in sorted(ASSETS.iterdir()):
        target = out.root / STATIC / asset.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset, target)
        out.written.append(target)
    return out.written


def write_exchange_files(site: Site, out_dir: Path, *, geometry: Path | None = None) -> list[Path]:
    """coverage.csv/.json, kaart.svg, queries/*.rq, vergelijking/<nis>.json and the static exchange
    pages (uitwisseling/index, uitwisseling/partners/<kind>). The comparison itself is on each
    municipality page."""
    out = _Writer(out_dir)
    cfg, data = site.cfg, site.exchange
    cov = data.coverage
    out.put(COVERAGE_CSV, coverage_csv(cov))
    out.put(COVERAGE_JSON, coverage_json(cov))
    for q in named_queries(cfg):
        out.put(f"{QUERIES}/{q.name}.rq", q.text)
        for lang in LANGS:  # the "SPARQL-query" links open a page showing the query, not a download
            page = f"query/{q.name}"
            out.put(page + PAGE_SUFFIX.pick(lang), render_query_page(
                site, site.static_links(lang, page), cfg.base_uri + "sparql", name=q.name))
    map_links = ExchangeLinks(cfg, site.static_links("nl", "index").to)
    out.put(MAP_SVG, coverage_map(cfg, cov, map_links, geometry, site.points))
    for row in cov.rows:
        out.put(f"{COMPARISONS}/{row.nis}.json", comparison_json(data.compare(row.nis)))
    for path in [INDEX, *(f"uitwisseling/partners/{k.code}" for k in cov.kinds)]:
        for lang in LANGS:  # the site's language switch
            links = site.static_links(lang, path)
            title, lead, body = page_body(data, path, ExchangeLinks(cfg, links.to, lang), geometry,
                                          site.points)
            out.put(path + PAGE_SUFFIX.pick(lang), site.page("exchange_page.html", links, title=title,
                                                             lead=lead, body=body, jsonld=None,
                                                             crumbs=exchange_crumbs(path, title, links)))
    return out.written


def write_vocabulary_docs(cfg: Config, out_dir: Path) -> list[Path]:
    """ontology/: vu.html, vu.ttl, context.jsonld and codelists/<name>.{html,ttl}, complete on its own.

    >>> import tempfile
    >>> from lod.config import Config
    >>> paths = write_vocabulary_docs(Config(), Path(tempfile.mkdtemp()))
    >>> sorted(p.name for p in paths)[:3]
    ['budgetklasse.html', 'budgetklasse.ttl', 'context.jsonld']
    """
    out = _Writer(out_dir)
    page, lists = render_vocabulary(cfg)
    out.put("vu.html", page)
    out.put("vu.ttl", model_text(vocabulary_path(cfg), cfg))
    context = json.loads(model_text(context_path(cfg), cfg))
    out.put("context.jsonld", json.dumps(context, indent=2, ensure_ascii=False) + "\n")
    for name, html in lists.items():
        out.put(f"codelists/{name}.html", html)
        out.put(f"codelists/{name}.ttl", model_text(codelist_paths(cfg)[name], cfg))
    return out.written


def write_summary(store: Store, cfg: Config, out_dir: Path) -> list[Path]:
    """summary.json, summary.md and summary.en.md: the same numbers, each from a SPARQL query."""
    out = _Writer(out_dir)
    summary = summarise(store, cfg)
    out.put(SUMMARY_JSON, summary_json(summary, cfg))
    for lang in LANGS:
        out.put(SUMMARY_MARKDOWN.pick(lang), summary_markdown(summary, cfg, lang))
    return out.written


__all__ = ["write_exchange_files", "write_pages", "write_summary", "write_vocabulary_docs"]
