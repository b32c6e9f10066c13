"""The pages about time: the versions with their changes, and the impact series.

Both are drawn from what the release writes (lod/release/history.py, lod/insight/impact.py), for
the static site and the server alike; `version_href(vid)` says where an earlier version is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lod.insight.impact import COVENANT_START, Figure, started_since
from lod.layout import CHANGELOG_TEXT, CHANGES
from lod.pages.links import Links
from lod.pages.site import Site
from lod.text import Text

SHOWN = 50  # changelog lines shown per version on the page; the rest are in its files

WORDS = Text(
    nl={
        "title": "Versies",
        "lead": "Elke release is een versie van de dataset. Oudere versies blijven "
        "bereikbaar onder /versies/<id>/; /id/ en /doc/ tonen altijd de huidige.",
        "files": "Bestanden:",
        "feed": "wijzigingenstroom (LDES)",
        "impact": "impact",
        "version": "Versie",
        "current": "huidig",
        "more": "… en nog %d regels in de bestanden van deze versie.",
        "changes": "Wijzigingen:",
        "text": "tekst",
        "added": "toegevoegde tripels",
        "removed": "verwijderde tripels",
        "open": "deze versie bekijken",
        "impact_title": "Impact van de kennisdeling",
        "impact_lead": "Hoeveel gemeenten in actie komen, per release en per startjaar van hun maatregelen, "
        "per provincie en per soort. Elk cijfer is het antwoord van een gepubliceerde SPARQL-query op "
        "de versiegraaf (versies.nt).",
        "versions": "versies",
        "started": "Gemeenten die in actie kwamen",
        "since_previous": "Sinds de vorige release",
        "since_covenant": "Sinds het begin van het convenant (%d)",
        "none": "Geen.",
    },
    en={
        "title": "Versions",
        "lead": "Every release is a version of the dataset. Earlier versions stay "
        "reachable under /versies/<id>/; /id/ and /doc/ always show the current one.",
        "files": "Files:",
        "feed": "change feed (LDES)",
        "impact": "impact",
        "version": "Version",
        "current": "current",
        "more": "… and %d more lines in this version's files.",
        "changes": "Changes:",
        "text": "text",
        "added": "added triples",
        "removed": "removed triples",
        "open": "view this version",
        "impact_title": "Impact of knowledge sharing",
        "impact_lead": "How many municipalities act, per release and per start year of their measures, "
        "per province and per kind. Every figure is the answer of a published SPARQL query on the "
        "versions graph (versies.nt).",
        "versions": "versions",
        "started": "Municipalities that started acting",
        "since_previous": "Since the previous release",
        "since_covenant": "Since the covenant began (%d)",
        "none": "None.",
    },
)


def render_versions(
    site: Site,
    links: Links,
    versions: list[Any],
    lines: Callable[[str, str], list[str]],
    version_href: Callable[[str], str | None],
) -> str:
    """The versions page; `lines(vid, lang)` gives a version's changelog lines (summary first)."""
    w = WORDS.pick(links.lang)
    shown = []
    for v in reversed(versions):
        found = lines(v.id, links.lang)[1:]
        shown.append(
            {
                "id": v.id,
                "date": v.date,
                "summary": v.summary.get(links.lang) or v.summary.get("nl", ""),
                "lines": found[:SHOWN],
                "more": max(0, len(found) - SHOWN),
                "changes": f"{CHANGES}/{v.id}",
                "text": f"{CHANGES}/{v.id}{CHANGELOG_TEXT.pick(links.lang)}",
                "href": version_href(v.id),
            }
        )
    return site.page("versions.html", links, title=w["title"], w=w, versions=shown, jsonld=None)


# The impact queries' variables in words, for the tables people read (the CSV and JSON keep the names).
COLUMN_WORDS = Text(
    nl={"gemeente": "gemeente", "nis": "NIS-code", "eersteJaar": "eerste startjaar",
        "eersteVersie": "eerste versie", "inVorigeVersie": "in de vorige versie", "provincie": "provincie",
        "soort": "soort maatregel", "jaar": "startjaar", "nieuweGemeenten": "nieuwe gemeenten",
        "gemeenten": "gemeenten", "versie": "versie", "tijd": "datum", "maatregelen": "maatregelen"},
    en={"gemeente": "municipality", "nis": "NIS code", "eersteJaar": "first start year",
        "eersteVersie": "first version", "inVorigeVersie": "in the previous version", "provincie": "province",
        "soort": "kind of measure", "jaar": "start year", "nieuweGemeenten": "new municipalities",
        "gemeenten": "municipalities", "versie": "version", "tijd": "date", "maatregelen": "measures"},
)
# An IRI column and the column that names it: shown as one cell, the name linking to the IRI's page.
NAMED_BY = {"gemeente": "naam", "provincie": "naam", "soort": "code"}
YES_NO = Text(nl=("ja", "nee"), en=("yes", "no"))


def _columns(query_text: str, rows: list[dict[str, Any]]) -> list[str]:
    """The variables in the order the query's SELECT names them (a row's keys come unordered)."""
    found = list(dict.fromkeys(c for row in rows for c in row))
    select = query_text[query_text.upper().find("SELECT"):query_text.upper().find("WHERE")]
    return sorted(found, key=lambda c: (m.start() if (m := re.search(rf"\?{c}\b", select)) else len(select)))


def _cell(column: str, row: dict[str, Any], links: Links) -> dict[str, Any]:
    value = row.get(column)
    if value is None:
        return {"text": ""}
    if column in NAMED_BY and isinstance(value, str) and value.startswith(("http://", "https://")):
        return {"text": row.get(NAMED_BY[column]) or value, "href": links.iri(value)}
    if isinstance(value, bool):
        return {"text": YES_NO.pick(links.lang)[0 if value else 1]}
    if column == "tijd":
        return {"text": str(value)[:10]}  # a release's time is its day
    return {"text": value}


def impact_table(figure: Figure, links: Links) -> dict[str, Any]:
    """A figure as people read it: headings in words, names linked, each number still marked with
    its query, row and variable (data-q, data-key, data-col) as on the exchange pages."""
    columns = _columns(figure.query.text, figure.rows)
    named = {NAMED_BY[c] for c in columns if c in NAMED_BY}
    shown = [c for c in columns if c not in named or c in NAMED_BY]
    words = COLUMN_WORDS.pick(links.lang)
    return {
        "name": figure.name,
        "title": Text(figure.query.title_nl, figure.query.title_en).pick(links.lang),
        "answers": figure.query.answers,
        "columns": [{"name": c, "label": words.get(c, c)} for c in shown],
        "rows": [[{"col": c, **_cell(c, row, links)} for c in shown] for row in figure.rows],
    }


def render_impact(site: Site, links: Links, figures: list[Figure]) -> str:
    w = WORDS.pick(links.lang)
    shown = [impact_table(f, links) for f in figures]
    return site.page(
        "impact.html",
        links,
        title=w["impact_title"],
        w={**w, "lead": w["impact_lead"]},
        figures=shown,
        started=started_since(figures),
        covenant=COVENANT_START,
        jsonld=None,
    )


__all__ = ["WORDS", "impact_table", "render_impact", "render_versions"]
