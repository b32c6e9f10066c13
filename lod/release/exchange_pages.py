"""Exchange pages and files: coverage on the landing page, the comparison on a municipality page,
partner pages per measure kind, and the downloads (coverage.csv/json, kaart.svg, queries/*.rq).

Fragments are rendered here with their own small Jinja environment and handed to the web
engineer's pages as Markup; whole static pages reuse `lod.release.pages` (base template, links).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from lod.config import Config
from lod.release import svgmap
from lod.release.exchange import (
    PROVINCE_NAMES,
    PROVINCE_NAMES_EN,
    Comparison,
    Coverage,
    Exchange,
    named_queries,
)
from lod.terms import ADRESSENREGISTER_GEMEENTE

TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True)
_ENV.filters["hostname"] = lambda url: urlsplit(url).hostname or url


def _render(template: str, links: ExchangeLinks, **context: Any) -> Markup:
    """Render a fragment in the links' language: T(nl, en) picks a text, lab(x) a label."""
    en = links.lang == "en"

    def lab(item: Any) -> str:  # kinds, partner types and roles carry a Dutch and an English label
        return (getattr(item, "label_en", "") if en else "") or item.label

    def province(nis: str, name: str) -> str:
        return PROVINCE_NAMES_EN.get(nis, name) if en else name

    def text(nl: str, english: str) -> str:
        return english if en else nl

    return Markup(_ENV.get_template(template).render(links=links, lang=links.lang, T=text, lab=lab,
                                                     province=province, **context))


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

    def resource(self, iri: str) -> str:
        if iri.startswith(ADRESSENREGISTER_GEMEENTE):
            return self.municipality(iri[len(ADRESSENREGISTER_GEMEENTE):])
        if iri.startswith(self.cfg.id_base) and "#" not in iri:
            return self._to("doc/" + iri[len(self.cfg.id_base):])
        return iri

    def query(self, name: str) -> str:
        return self._to(f"queries/{name}.rq", asset=True)

    def file(self, name: str) -> str:
        return self._to(name, asset=True)


def exchange_links(cfg: Config, links: Any) -> ExchangeLinks:
    """ExchangeLinks from a pages.Links (or anything with `.to`); None: server paths under '/'."""
    if links is None:
        return ExchangeLinks.server(cfg)
    if isinstance(links, ExchangeLinks):
        return links
    return ExchangeLinks(cfg, links.to, getattr(links, "lang", "nl"))


def _counts(cov: Coverage) -> dict[str, int]:
    return {r.nis: r.measures for r in cov.rows}


def _map(cfg: Config, cov: Coverage, links: ExchangeLinks, geometry: Path | None) -> str:
    counts = _counts(cov)

    def href(nis: str) -> str | None:  # only municipalities the graph knows have a page
        return links.municipality(nis) if nis in counts else None

    if geometry is not None:
        return svgmap.choropleth(counts, geometry, href=href, lang=links.lang)
    return svgmap.cell_map(counts, svgmap.read_points(cfg.data_dir / "gemeenten-punten.csv"), href=href,
                           lang=links.lang)


def _chart(cov: Coverage, lang: str) -> str:
    names = PROVINCE_NAMES_EN if lang == "en" else {}
    return svgmap.bar_chart([(names.get(p.nis, p.name), p.with_measures, p.without_measures)
                             for p in cov.provinces], lang=lang)


def _province_iri(nis: str) -> str:
    return f"https://data.vlaanderen.be/id/provincie/{nis}"


def _coverage_parts(cfg: Config, cov: Coverage, links: ExchangeLinks,
                    geometry: Path | None) -> dict[str, Markup]:
    table = _render("exchange_coverage_table.html", links, cov=cov, province_iri=_province_iri)
    parts = {"map": Markup(_map(cfg, cov, links, geometry)), "chart": Markup(_chart(cov, links.lang)),
             "coverage_table": table}
    parts["coverage"] = _render("exchange_coverage.html", links, cov=cov, map_svg=parts["map"],
                                chart_svg=parts["chart"], table=table, queries=named_queries(cfg))
    return parts


def landing_fragments(store: Any, cfg: Config, *, links: Any = None,
                      geometry: Path | None = None) -> dict[str, Markup]:
    """Coverage for the landing page: 'map', 'chart', 'coverage_table' and the whole 'coverage' section.

    `links` is a pages.Links (or anything with `.to(path, asset=False)`); default: server paths under '/'.
    """
    return _coverage_parts(cfg, Exchange(store, cfg).coverage, exchange_links(cfg, links), geometry)


# Examples shown per gap on a municipality page; the partner page of the kind lists them all. Without
# a cap every municipality page repeated all of its peers' practices (2.7M template calls at 50k).
MAX_EXAMPLES = 5


def render_comparison(cmp: Comparison, links: ExchangeLinks) -> Markup:
    return _render("exchange_compare.html", links, c=cmp, max_examples=MAX_EXAMPLES)


def comparison_fragment(store: Any, cfg: Config, nis: str, *, links: Any = None) -> Markup:
    """The comparison section for a municipality page (today's NIS code or a predecessor's)."""
    return render_comparison(Exchange(store, cfg).compare(nis), exchange_links(cfg, links))


def _partners_html(data: Exchange, kind_code: str, links: ExchangeLinks) -> Markup:
    kind = data.kind(kind_code)
    return _render("exchange_partners.html", links, kind=kind, names=data.names,
                   practices=data.practices_of(kind), partners=data.partners(kind))


def partners_fragment(store: Any, cfg: Config, kind: str, *, links: Any = None) -> Markup:
    """The partner section for one measure kind (its code, e.g. 'vorming')."""
    return _partners_html(Exchange(store, cfg), kind, exchange_links(cfg, links))


# --- files in the release ----------------------------------------------------------------------

def coverage_csv(cov: Coverage) -> str:
    """One row per municipality of today, predecessors' measures included."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["nis", "gemeente", "provincie", "maatregelen", "soorten", "maatregelen_in_voorgangers",
                "voorgangers"])
    for r in cov.rows:
        w.writerow([r.nis, r.name, PROVINCE_NAMES.get(r.province, r.province), r.measures, r.kinds,
                    r.in_predecessors, " ".join(r.predecessors)])
    return buf.getvalue()


def coverage_json(cov: Coverage) -> str:
    doc = asdict(cov)
    doc["province_kinds"] = [{"provincie": p, "soort": k, "gemeenten": n}
                             for (p, k), n in sorted(cov.province_kinds.items())]
    doc["queries"] = {"totaal": "queries/dekking-totaal.rq", "provincies": "queries/dekking-provincie.rq",
                      "soorten": "queries/dekking-maatregeltype.rq",
                      "province_kinds": "queries/dekking-provincie-maatregeltype.rq",
                      "rows": "queries/dekking-gemeenten.rq"}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


INDEX = "uitwisseling/index"
_PARTNERS_TITLE = {"nl": "Partners voor: ", "en": "Partners for: "}
_TITLE = {"nl": "Uitwisseling tussen lokale besturen", "en": "Exchange between local governments"}
_LEAD = {"nl": "Wie doet al iets tegen seksueel geweld in het uitgaansleven, wat doen vergelijkbare "
               "gemeenten, met welke partners, en wie kunt u contacteren?",
         "en": "Who already acts against sexual violence in nightlife, what comparable municipalities do, "
               "with which partners, and whom to contact."}


def _page_body(data: Exchange, path: str, links: ExchangeLinks,
               geometry: Path | None = None) -> tuple[str, str, Markup] | None:
    """(title, lead, body) of the exchange page at a site path, None when there is none."""
    if path in ("uitwisseling", INDEX):
        parts = _coverage_parts(data.cfg, data.coverage, links, geometry)
        body = _render("exchange_index.html", links, parts=parts, cov=data.coverage)
        return _TITLE[links.lang], _LEAD[links.lang], body
    folder, _, name = path.removeprefix("uitwisseling/").partition("/")
    if folder == "partners" and data.coverage.kind(name) is not None:
        kind = data.kind(name)
        label = kind.label_en if links.lang == "en" and kind.label_en else kind.label
        return _PARTNERS_TITLE[links.lang] + label, "", _partners_html(data, name, links)
    return None


def exchange_page(site: Any, path: str, links: Any) -> str | None:
    """A whole exchange page for the server ('uitwisseling', 'uitwisseling/partners/<code>'), in the
    site's base template; None for an unknown path. The comparison is part of the municipality page.

    `site` is a pages.Site (its `.exchange` is loaded once), `links` its pages.Links for this request.
    """
    # the request's language (?lang=, Accept-Language) reaches every text of the body, not only <html lang>
    found = _page_body(site.exchange, path, exchange_links(site.cfg, links))
    if found is None:
        return None
    title, lead, body = found
    return site.page("exchange_page.html", links, title=title, lead=lead, body=body, jsonld=None)


def write_exchange_files(site: Any, out_dir: Path, *, geometry: Path | None = None) -> list[Path]:
    """Write coverage.csv/.json, kaart.svg, queries/*.rq, vergelijking/<nis>.json and the static
    exchange pages (uitwisseling/index, uitwisseling/partners/<kind>) into a release directory;
    return the files written. The comparison itself is on each municipality page (pages.py).

    `site` is a pages.Site: its `.exchange` holds the data, `.static_links(lang, page)` the hrefs.
    """
    out_dir = Path(out_dir)
    written: list[Path] = []

    def put(rel: str, text: str) -> None:
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)

    cfg, data = site.cfg, site.exchange
    cov = data.coverage
    put("coverage.csv", coverage_csv(cov))
    put("coverage.json", coverage_json(cov))
    for q in named_queries(cfg):
        put(f"queries/{q.name}.rq", q.text)
    put("kaart.svg", _map(cfg, cov, ExchangeLinks(cfg, site.static_links("nl", "index").to), geometry))
    for row in cov.rows:
        put(f"vergelijking/{row.nis}.json", json.dumps(asdict(data.compare(row.nis)), ensure_ascii=False,
                                                       indent=1, sort_keys=True, default=str) + "\n")
    paths = [INDEX, *(f"uitwisseling/partners/{k.code}" for k in cov.kinds)]
    for path in paths:
        for lang, suffix in (("nl", ".html"), ("en", ".en.html")):  # the site's language switch
            links = site.static_links(lang, path)
            title, lead, body = _page_body(data, path, ExchangeLinks(cfg, links.to, lang), geometry)
            put(path + suffix, site.page("exchange_page.html", links, title=title, lead=lead, body=body,
                                         jsonld=None))
    return written


# --- plain text for `lod compare` and `lod partners` ----------------------------------------------

def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _practice_lines(e: Any, en: bool = False) -> list[str]:
    if en:
        who = f"ask: {e.contact_role}" if e.contact_role else "no contact role given"
    else:
        who = f"vraag: {e.contact_role}" if e.contact_role else "geen contactrol opgegeven"
    if e.email:
        who += f" <{e.email}>"
    where = "" if e.from_peer else (" (elsewhere in Flanders)" if en else " (elders in Vlaanderen)")
    source = "source" if en else "bron"
    return [f"    - {e.title} — {e.municipality}{where}; {who}", *(f"      {source}: {s}" for s in e.sources)]


def comparison_text(cmp: Comparison, lang: str = "nl") -> str:
    """The comparison as the terminal shows it (`lod compare NIS`), in Dutch or English."""
    en = lang == "en"

    def T(nl: str, english: str) -> str:  # noqa: N802 - the templates' name for the same choice
        return english if en else nl

    def label(kind: Any) -> str:
        return (kind.label_en if en else "") or kind.label

    province = PROVINCE_NAMES_EN.get(cmp.province_nis, cmp.province) if en else cmp.province
    criterion = cmp.criterion
    if en and not cmp.groups:
        criterion = f"province {province}"
    out = []
    if cmp.asked_nis:
        out.append(T(f"{cmp.asked_nis} bestaat niet meer; fusioneerde in {cmp.name} ({cmp.nis}).",
                     f"{cmp.asked_nis} no longer exists; it merged into {cmp.name} ({cmp.nis})."))
    with_m = sum(1 for _, _, n in cmp.peers if n)
    out.append(T(f"{cmp.name} ({cmp.nis}), provincie {province}: vergeleken met {criterion} "
                 f"({len(cmp.peers)} gemeenten, {with_m} met maatregelen)",
                 f"{cmp.name} ({cmp.nis}), province {province}: compared with {criterion} "
                 f"({len(cmp.peers)} municipalities, {with_m} with measures)")
               + (T("; geen enkele met maatregelen, dus met heel Vlaanderen",
                    "; none with measures, so with all of Flanders") if cmp.widened else ""))
    for p in cmp.predecessors:
        out.append(T(f"voorganger: {p.get('naam', p['nis'])} ({p['nis']}), {p['maatregelen']} maatregel(en)",
                     f"predecessor: {p.get('naam', p['nis'])} ({p['nis']}), {p['maatregelen']} measure(s)"))
    out += ["", T(f"Wat {cmp.name} al doet:", f"What {cmp.name} already does:")]
    for code, refs in cmp.measures_by_kind.items():
        out.append(f"  {label(cmp.kind(code))}:")
        for m in refs:
            moved = m.recorded_nis != cmp.nis
            out.append(f"    - {m.title}" + (T(f" (geregistreerd in {m.recorded_name} {m.recorded_nis})",
                                                f" (recorded in {m.recorded_name} {m.recorded_nis})")
                                              if moved else ""))
    if not cmp.measures_by_kind:
        out.append(T("  nog geen maatregelen geregistreerd", "  no measures recorded yet"))
    header = [T("soort", "kind"), cmp.name, T("vergelijkbare gemeenten", "comparable municipalities")]
    out += ["", *_table(header,
                        [[r.kind.code, str(r.own or "-"), f"{r.peers_with_kind}/{r.peers_with_measures}"
                          + (T("  <- doen de meesten wel", "  <- most of them do") if r.gap else "")]
                         for r in cmp.kinds if r.own or r.peers_with_kind])]
    gaps = (T("Wat de meeste vergelijkbare gemeenten wel doen:", "What most comparable municipalities do:")
            if cmp.gaps else T("Geen gaten t.o.v. de vergelijkbare gemeenten.",
                               "No gaps compared with the comparable municipalities."))
    out += ["", gaps]
    for g in cmp.gaps:
        out.append(f"  {label(g.kind)} ({g.kind.code}): {g.peers_with_kind}/{g.peers_with_measures}: "
                   + ", ".join(name for _, name in g.peers_doing))
        for e in g.examples:
            out += _practice_lines(e, en)
    return "\n".join(out)


def partners_text(store: Any, cfg: Config, kind: str) -> str:
    """Partners for one kind as a table (`lod partners KIND`), in the config's language."""
    en = cfg.lang == "en"
    data = Exchange(store, cfg)
    found = data.kind(kind)
    rows = [[p.name, (p.partner_type_en if en else "") or p.partner_type,
             (p.role_label_en if en else "") or p.role_label, str(p.measures), str(p.municipalities),
             ", ".join(data.names.get(n, n) for n in p.municipality_nis)]
            for p in data.partners(found)]
    label = (found.label_en if en else "") or found.label
    if en:
        head = f"{label} ({found.code}): {found.municipalities} municipalities, {found.measures} measures"
        if not rows:
            return head + "\nNo partners recorded for this kind yet."
        header = ["partner", "type", "role", "measures", "municipalities", "where"]
    else:
        head = f"{label} ({found.code}): {found.municipalities} gemeenten, {found.measures} maatregelen"
        if not rows:
            return head + "\nNog geen partners geregistreerd voor deze soort."
        header = ["partner", "soort", "rol", "maatregelen", "gemeenten", "waar"]
    return "\n".join([head, *_table(header, rows)])
