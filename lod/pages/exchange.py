"""The exchange in HTML: coverage on the landing page, the comparison on a municipality page, the
partner pages per measure kind, and the map.

Fragments are rendered here and handed to the pages as Markup; the whole exchange pages are
drawn in the site's base template by `lod.pages.landing.exchange_page`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup

from lod.config import Config
from lod.insight.exchange import Comparison, Coverage, Exchange
from lod.pages import svgmap
from lod.pages.env import environment
from lod.pages.links import Links
from lod.store.base import Store
from lod.terms import ADRESSENREGISTER_GEMEENTE, province_iri
from lod.text import Text


def _render(template: str, links: ExchangeLinks, **context: Any) -> Markup:
    """Render a fragment in the links' language: T(nl, en) is Text(nl, en).pick(lang)."""
    lang = links.lang

    def text(nl: str, en: str) -> str:
        return Text(nl, en).pick(lang)

    def province(name: str, name_en: str) -> str:  # a province's (or comparison's) two names
        return text(name, name_en)

    return Markup(environment().get_template(template).render(
        links=links, lang=lang, T=text, province=province, pct=lambda share: percent(share, lang),
        title=lambda r: Text(r.title, r.title_en).pick(lang),
        # a Dutch title on a page in another language says so (no English title: the Dutch one shows)
        title_lang=lambda r: Markup(Text("", "" if r.title_en else ' lang="nl"').pick(lang)),
        max_partners=MAX_PARTNERS, **context))


def percent(share: float, lang: str) -> str:
    """A share 0..1 as a percentage for people: one decimal below 10 %, the language's decimal mark.

    >>> percent(14 / 285, "nl"), percent(14 / 285, "en"), percent(0.5, "nl"), percent(0, "en")
    ('4,9%', '4.9%', '50%', '0%')
    """
    value = share * 100
    text = f"{value:.1f}" if 0 < value < 10 else f"{value:.0f}"
    return Text(text.replace(".", ","), text).pick(lang) + "%"


class ExchangeLinks:
    """Hrefs for the exchange fragments, built on a `to(path, asset=...)` like pages.Links.to."""

    def __init__(self, cfg: Config, to: Callable[..., str], lang: str = "nl") -> None:
        self.cfg, self._to, self.lang = cfg, to, lang

    @classmethod
    def server(cls, cfg: Config, root: str = "/") -> ExchangeLinks:
        return cls(cfg, lambda path, asset=False: root + path)

    def municipality(self, nis: str) -> str:
        return self._to(f"doc/gemeente/{nis}")

    def partners(self, code: str) -> str:
        return self._to(f"uitwisseling/partners/{code}")

    def index(self) -> str:
        return self._to("uitwisseling/index")

    def data(self) -> str:
        return self._to("data")

    def resource(self, iri: str) -> str:
        if iri.startswith(ADRESSENREGISTER_GEMEENTE):
            return self.municipality(iri[len(ADRESSENREGISTER_GEMEENTE):])
        if iri.startswith(self.cfg.id_base) and "#" not in iri:
            return self._to("doc/" + iri[len(self.cfg.id_base):])
        return iri

    def query(self, name: str) -> str:
        """The query page with this published query filled in (/query/<name>; query/<name>.html on
        the static site), not the .rq file, which a browser would download."""
        return self._to(f"query/{name}")

    def file(self, name: str) -> str:
        return self._to(name, asset=True)


def exchange_links(cfg: Config, links: Links | ExchangeLinks | None) -> ExchangeLinks:
    """ExchangeLinks from a pages.Links (or anything with `.to`); None: server paths under '/'."""
    if links is None:
        return ExchangeLinks.server(cfg)
    if isinstance(links, ExchangeLinks):
        return links
    return ExchangeLinks(cfg, links.to, links.lang)


def _counts(cov: Coverage) -> dict[str, int]:
    return {r.nis: r.measures for r in cov.rows}


def map_points(cfg: Config) -> dict[str, svgmap.Point]:
    """The map's municipality points, from the reference tables (data_dir/gemeenten-punten.csv)."""
    return svgmap.read_points(cfg.data_dir / "gemeenten-punten.csv")


def coverage_map(cfg: Config, cov: Coverage, links: ExchangeLinks, geometry: Path | None,
                 points: dict[str, svgmap.Point] | None = None, *, standalone: bool = True) -> str:
    """The map of Flanders: a file of its own (kaart.svg), or inline in a page (`standalone=False`);
    `points` as read once by the caller (the server reads no file per request)."""
    counts = _counts(cov)
    provinces = {r.nis: r.province for r in cov.rows}

    def href(nis: str) -> str | None:  # only municipalities the graph knows have a page
        return links.municipality(nis) if nis in counts else None

    if geometry is not None:
        return svgmap.choropleth(counts, geometry, href=href, lang=links.lang, provinces=provinces,
                                 standalone=standalone)
    return svgmap.cell_map(counts, map_points(cfg) if points is None else points, href=href,
                           lang=links.lang, provinces=provinces, standalone=standalone)


def _chart(cov: Coverage, lang: str) -> str:
    return svgmap.bar_chart([(Text(p.name, p.name_en).pick(lang), p.with_measures, p.without_measures)
                             for p in cov.provinces], lang=lang)


def coverage_fragments(cfg: Config, cov: Coverage, links: ExchangeLinks, geometry: Path | None = None,
                       points: dict[str, svgmap.Point] | None = None) -> dict[str, Markup]:
    """'map' (inline), 'chart', 'coverage_table' and the whole 'coverage' section of the landing page."""
    table = _render("exchange_coverage_table.html", links, cov=cov,
                    province_iri=lambda nis: province_iri(nis).value)
    parts = {"map": Markup(coverage_map(cfg, cov, links, geometry, points, standalone=False)),
             "chart": Markup(_chart(cov, links.lang)), "coverage_table": table}
    parts["coverage"] = _render("exchange_coverage.html", links, cov=cov, map_svg=parts["map"], table=table,
                                legend=svgmap.legend_items(_counts(cov), links.lang),
                                attribution=svgmap.TEXT.pick(links.lang)["attribution"])
    return parts


def landing_fragments(store: Store, cfg: Config, *, links: Links | None = None,
                      geometry: Path | None = None) -> dict[str, Markup]:
    """Coverage for the landing page: 'map', 'chart', 'coverage_table' and the whole 'coverage' section.

    `links` is a pages.Links (or anything with `.to(path, asset=False)`); default: server paths under '/'.
    """
    return coverage_fragments(cfg, Exchange(store, cfg).coverage, exchange_links(cfg, links), geometry)


# Examples shown per gap on a municipality page; the partner page of the kind lists them all. Without
# a cap every municipality page repeated all of its peers' practices (2.7M template calls at 50k).
MAX_EXAMPLES = 5
MAX_PARTNERS = 5  # partners to call, per kind, on a municipality page


def top_partners(partners: tuple[Any, ...], cache: dict[Any, Any]) -> list[Any]:
    """The partners to call of a kind on a municipality page: those with a website first, then by
    the municipalities they worked with (both descending, stable), the first MAX_PARTNERS. What
    Jinja's `partners|sort(attribute="municipalities", reverse=true)|sort(attribute="website",
    reverse=true)` gives (its sort ignores case), made once per tuple and kept in `cache`: every
    row of a kind holds the same one (Exchange.partners_of), and sorting them per page grew with
    the data."""
    key = ("top partners", id(partners))
    found = cache.get(key)
    if found is None or found[0] is not partners:
        ordered = sorted(partners, key=lambda p: p.municipalities, reverse=True)
        ordered.sort(key=lambda p: p.website.lower(), reverse=True)  # Jinja's sort ignores case
        found = cache[key] = (partners, ordered[:MAX_PARTNERS])  # the tuple kept: its id is not reused
    return found[1]


def render_comparison(cmp: Comparison, links: ExchangeLinks,
                      cache: dict[Any, Markup] | None = None) -> Markup:
    """A municipality's comparison. `cache` keeps the rendered kinds by the rows' identity: the
    municipalities of a province with too few peers share their suggestions (Exchange.compare), so
    each set is drawn once per language and folder."""

    def others(rows: list[Any]) -> Markup:
        key = (tuple(id(r) for r in rows), links.lang, links.index())  # index(): the folder's hrefs
        if cache is None or key not in cache:
            kept = {} if cache is None else cache
            html = _render("exchange_others.html", links, c=cmp, rows=rows, max_examples=MAX_EXAMPLES,
                           top_partners=lambda partners: top_partners(partners, kept))
            if cache is None:
                return html
            cache[key] = html
        return cache[key]

    return _render("exchange_compare.html", links, c=cmp, max_examples=MAX_EXAMPLES, others=others)


def render_reach(practice: Any, links: ExchangeLinks) -> Markup:
    """How to reach someone about one practice (exchange_contact.html), for the measure page."""
    return _render("exchange_contact.html", links, e=practice)


def comparison_fragment(store: Store, cfg: Config, nis: str, *, links: Links | None = None) -> Markup:
    """The comparison section for a municipality page (today's NIS code or a predecessor's)."""
    return render_comparison(Exchange(store, cfg).compare(nis), exchange_links(cfg, links))


def _partners_html(data: Exchange, kind_code: str, links: ExchangeLinks) -> Markup:
    kind = data.kind(kind_code)
    return _render("exchange_partners.html", links, kind=kind, names=data.names,
                   practices=data.practices_of(kind), partners=data.partners(kind))


def partners_fragment(store: Store, cfg: Config, kind: str, *, links: Links | None = None) -> Markup:
    """The partner section for one measure kind (its code, e.g. 'vorming')."""
    return _partners_html(Exchange(store, cfg), kind, exchange_links(cfg, links))


INDEX = "uitwisseling/index"
_PARTNERS_TITLE = Text("Partners voor: ", "Partners for: ")
_PARTNERS_LEAD = Text("Met wie werkten gemeenten samen, en wie kunt u contacteren over een voorbeeld?",
                      "Whom did municipalities work with, and whom can you contact about an example?")
_TITLE = Text("Uitwisseling tussen lokale besturen", "Exchange between local governments")
_LEAD = Text("Wie doet al iets tegen seksueel geweld in het uitgaansleven, wat doen vergelijkbare "
             "gemeenten, met welke partners, en wie kunt u contacteren?",
             "Who already acts against sexual violence in nightlife, what comparable municipalities do, "
             "with which partners, and whom to contact.")


def page_body(data: Exchange, path: str, links: ExchangeLinks, geometry: Path | None = None,
              points: dict[str, svgmap.Point] | None = None) -> tuple[str, str, Markup] | None:
    """(title, lead, body) of the exchange page at a site path, None when there is none."""
    if path in ("uitwisseling", INDEX):
        body = _render("exchange_index.html", links, cov=data.coverage,
                       province_iri=lambda nis: province_iri(nis).value)
        return _TITLE.pick(links.lang), _LEAD.pick(links.lang), body
    folder, _, name = path.removeprefix("uitwisseling/").partition("/")
    if folder == "partners" and data.coverage.kind(name) is not None:
        kind = data.kind(name)
        return ((_PARTNERS_TITLE + Text(kind.label, kind.label_en)).pick(links.lang),
                _PARTNERS_LEAD.pick(links.lang), _partners_html(data, name, links))
    return None


def page_inputs(data: Exchange, path: str) -> tuple[Any, ...]:
    """Everything `page_body` draws the page at `path` from, as values whose repr a build hashes to
    reuse the page of the release before (lod/release/site.py): keep the two in step. The links
    follow from the path and the language, which the key names beside these."""
    if path in ("uitwisseling", INDEX):
        return ("index", data.coverage)
    folder, _, name = path.removeprefix("uitwisseling/").partition("/")
    if folder == "partners" and data.coverage.kind(name) is not None:
        kind = data.kind(name)
        return ("partners", kind, data.names, data.practices_of(kind), data.partners(kind))
    return ("none", path)
