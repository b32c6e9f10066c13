"""The ways in: the landing page, the query page and the exchange pages.

Both are rendered by `Site.page` with the shared templates; `render_landing` also for the static site.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from lod.insight.named import named_queries
from lod.layout import CATALOGUE_FILES, DUMPS, QUERIES, SUMMARY_MARKDOWN, VALIDATION_REPORT
from lod.pages.exchange import coverage_fragments, exchange_links, page_body
from lod.pages.links import Links
from lod.pages.search import picker_context
from lod.pages.site import PROLOGUE, Site, embed_jsonld
from lod.pages.text import UI
from lod.terms import PREFIXES, catalogue_iri, prefixes
from lod.text import Text


def counts(site: Site) -> dict[str, int]:
    """Measures and municipalities with measures (the coverage's, today's municipalities),
    organisations and triples, for the landing page."""
    cov = site.exchange.coverage
    row = site.store.select(PROLOGUE + "\nSELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a org:Organization }")
    return {"measures": cov.measures, "municipalities": cov.with_measures,
            "organisations": int(row[0]["n"].value), "triples": site.store.count()}


def contents(site: Site, lang: str) -> dict[str, list[dict[str, Any]]]:
    """What the landing page lists: measures, municipalities with measures, code lists, datasets."""
    vu = site.cfg.vocab_ns

    def items(query: str, key: str = "s") -> list[dict[str, Any]]:
        rows = site.store.select(PROLOGUE + "\n" + query)
        found = []
        for r in rows:
            title, tag = site.label_in(r[key].value, lang)
            found.append({"iri": r[key].value, "title": title or r[key].value, "lang": tag or None,
                          "count": int(r["n"].value) if "n" in r else None})
        return sorted(found, key=lambda item: item["title"].casefold())

    return {
        "measures": items(f"SELECT DISTINCT ?s WHERE {{ ?s a <{vu}Maatregel> }}"),
        "municipalities": items(f"SELECT ?s (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a <{vu}Maatregel> ; "
                                f"<{vu}huidigeGemeente> ?s }} GROUP BY ?s"),
        "schemes": items("SELECT DISTINCT ?s WHERE { ?s a skos:ConceptScheme }"),
        "datasets": items("SELECT DISTINCT ?s WHERE { { ?s a <http://www.w3.org/ns/dcat#Catalog> } UNION "
                          "{ ?s a <http://www.w3.org/ns/dcat#Dataset> } }"),
    }


def examples(site: Site, lang: str) -> list[dict[str, str]]:
    """Example queries for the query page: the release's researcher queries (lod/insight/queries)."""
    vu = site.cfg.vocab_ns
    items = [{"name": "", "title": UI.pick(lang)["example_all"], "answers": "", "query": (
        f"PREFIX vu: <{vu}>\nPREFIX dct: <{PREFIXES['dct']}>\n\n"
        "SELECT ?maatregel ?titel WHERE {\n  ?maatregel a vu:Maatregel ; dct:title ?titel .\n"
        '  FILTER(LANG(?titel) = "nl")\n}\nORDER BY ?maatregel\nLIMIT 100')}]
    for q in named_queries(site.cfg):
        if q.graph != "data":  # the versions graph is a file of the release, not in the endpoint
            continue
        items.append({"name": q.name, "title": Text(q.title_nl, q.title_en).pick(lang), "answers": q.answers,
                      "query": q.text})
    return items


def render_landing(site: Site, links: Links, release_dir: Path | None) -> str:
    """The landing page: what it is about, coverage with the map and the call to act, the measures."""
    return site.page("landing.html", links, title=UI.pick(links.lang)["home"], jsonld=_catalogue_jsonld(site),
                     exchange=_exchange_landing(site, links), picker=picker_context(links),
                     **contents(site, links.lang))


def render_data_page(site: Site, links: Links, release_dir: Path | None) -> str:
    """Data and developers: counts (triples too), downloads, catalogue files, vocabulary, code lists,
    the published queries and the SPARQL endpoint; the jargon of Linked Data lives here."""
    downloads = []
    dumps = release_dir / DUMPS if release_dir else None
    if dumps and dumps.is_dir():
        downloads = [(p.name, _thousands(p.stat().st_size, links.lang)) for p in sorted(dumps.iterdir())
                     if p.is_file()]
    catalogue = [name for name in (*CATALOGUE_FILES, VALIDATION_REPORT, SUMMARY_MARKDOWN.pick(links.lang))
                 if release_dir is None or (release_dir / name).is_file()]
    t = UI.pick(links.lang)
    # the queries over the versions graph (versies.nt) are on the impact page, not the endpoint's
    queries = [(q.name, Text(q.title_nl, q.title_en).pick(links.lang)) for q in named_queries(site.cfg)
               if q.graph == "data"]
    return site.page("data.html", links, counts=counts(site), downloads=downloads, catalogue=catalogue,
                     title=t["data_title"], crumbs=[(t["data_title"], None)], queries=queries,
                     **contents(site, links.lang))


def _thousands(n: int, lang: str) -> str:
    """A byte count grouped by thousands as the language writes it.

    >>> _thousands(1234567, "nl"), _thousands(1234567, "en")
    ('1.234.567', '1,234,567')
    """
    return Text(f"{n:,}".replace(",", "."), f"{n:,}").pick(lang)


ACCESSIBILITY = Text("accessibility_nl.html", "accessibility_en.html")  # the statement, written per language


def render_accessibility(site: Site, links: Links) -> str:
    """The accessibility statement: the standard, how the pages are checked, what is known to fall short."""
    t = UI.pick(links.lang)
    return site.page(ACCESSIBILITY.pick(links.lang), links, title=t["accessibility_title"],
                     crumbs=[(t["accessibility_title"], None)], section="")


def _catalogue_jsonld(site: Site) -> str | None:
    """The landing page carries the catalogue's DCAT description, as each page carries its own."""
    quads = site.store.describe(catalogue_iri(site.cfg).value)
    return embed_jsonld(quads) if quads else None


def _exchange_landing(site: Site, links: Links) -> dict[str, Markup]:
    """The coverage section (map, chart, tables) of lod/pages/exchange.py for the landing page."""
    return coverage_fragments(site.cfg, site.exchange.coverage, exchange_links(site.cfg, links),
                              points=site.points)


def render_query_page(site: Site, links: Links, endpoint: str, *, name: str = "", text: str = "") -> str:
    """The query page: example queries in a picker, an editor, results fetched from `endpoint`.

    `name` fills the editor with that published query (the exchange pages' "SPARQL-query" links:
    /query/<name>), `text` with a query given in the address (?query=). On the static site
    (`links.root` is None) the page shows the query with its file and where to run it."""
    found = examples(site, links.lang)
    chosen = next((ex for ex in found if ex["name"] == name), found[0])
    return site.page("query.html", links, title=chosen["title"] if name else UI.pick(links.lang)["query"],
                     endpoint=endpoint, base=site.cfg.base_uri, examples=found, chosen=chosen,
                     text=text or chosen["query"], prefixes_json=_prefixes_json(site),
                     rq=links.to(f"{QUERIES}/{chosen['name']}.rq", asset=True) if chosen["name"] else None)


def _prefixes_json(site: Site) -> str:
    """The prefixes the results table shortens IRIs with (vu:Maatregel), as JSON for query.js."""
    return json.dumps(prefixes(site.cfg), sort_keys=True).replace("<", "\\u003c")


def exchange_page(site: Site, path: str, links: Links) -> str | None:
    """A whole exchange page for the server ('uitwisseling', 'uitwisseling/partners/<code>'), in the
    site's base template; None for an unknown path. The comparison is part of the municipality page.

    `site.exchange` is loaded once; `links` are the hrefs of this request.
    """
    # the request's language (?lang=, Accept-Language) reaches every text of the body, not only <html lang>
    found = page_body(site.exchange, path, exchange_links(site.cfg, links), points=site.points)
    if found is None:
        return None
    title, lead, body = found
    return site.page("exchange_page.html", links, title=title, lead=lead, body=body, jsonld=None,
                     crumbs=exchange_crumbs(path, title, links))


def exchange_crumbs(path: str, title: str, links: Links) -> list[tuple[str, str | None]]:
    """Start › Vergelijk gemeenten (› Partners voor: …) for an exchange page."""
    first = UI.pick(links.lang)["menu_exchange"]
    if path in ("uitwisseling", "uitwisseling/index"):
        return [(first, None)]
    return [(first, links.to("uitwisseling/index")), (title, None)]


__all__ = ["contents", "counts", "examples", "exchange_page", "render_accessibility", "render_data_page",
           "render_landing", "render_query_page"]
