"""The pages about time: the versions with their changes, and the impact series.

Both are drawn from what the release writes (lod/release/history.py, lod/insight/impact.py), for
the static site and the server alike; `version_href(vid)` says where an earlier version is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lod.insight.impact import COVENANT_START, Figure, started_since
from lod.layout import CHANGELOG_TEXT, CHANGES
from lod.pages.links import Links
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
    site: Any,
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


def render_impact(site: Any, links: Links, figures: list[Figure]) -> str:
    w = WORDS.pick(links.lang)
    shown = [
        {
            "name": f.name,
            "title": Text(f.query.title_nl, f.query.title_en).pick(links.lang),
            "answers": f.query.answers,
            "rows": f.rows,
            "columns": list(dict.fromkeys(c for row in f.rows for c in row)),
        }
        for f in figures
    ]
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


__all__ = ["WORDS", "render_impact", "render_versions"]
