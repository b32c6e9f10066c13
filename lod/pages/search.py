"""The search page and the municipality picker: markup drawn here, behaviour in static/search.js
and static/picker.js, data from the release's zoeken/ files (lod/release/search.py).

The page lists every facet with its values and counts over all measures, so the page is complete
as HTML; the script filters, ranks (MiniSearch when the release has it), counts again and draws
the result cards. Texts the script needs travel in a JSON data block, not in the script.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from lod.layout import SEARCH_INDEX, SEARCH_LIBRARY, SEARCH_MUNICIPALITIES
from lod.pages.links import Links
from lod.pages.site import Site
from lod.text import Text

# The words of the search page and the picker; {n} and {q} are filled in by the script.
WORDS: Text[dict[str, str]] = Text(
    nl={
        "title": "Maatregelen zoeken",
        "intro": "Zoek op een woord, een gemeente (ook van vóór een fusie) of een partner, en "
                 "verfijn met de filters. Elke filter laat meteen zien hoeveel maatregelen "
                 "overblijven.",
        "label": "Zoek een maatregel", "button": "Zoeken", "filters": "Filters",
        "filters_chosen": "{n} gekozen",
        "results": "Resultaten",
        "clear_filters": "Alle filters wissen",
        "found_none": "Geen maatregel gevonden. Probeer een ander woord of minder filters.",
        "found_one": "1 maatregel gevonden", "found_many": "{n} maatregelen gevonden",
        "for": " voor “{q}”", "where": "Waar", "kind": "Soort", "period": "Periode", "lead": "Trekker",
        "partners": "Partners", "contact": "Contact", "from": "vanaf",
        "recorded": "geregistreerd in", "via_lead": "via de trekker", "noscript":
        "Zoeken en filteren vraagt JavaScript. Zonder JavaScript staan alle maatregelen op de startpagina.",
        "all_measures": "Alle maatregelen", "loading": "De zoekindex laadt…",
        "picker_label": "Zoek uw gemeente (naam of NIS-code)", "picker_button": "Naar de gemeente",
        "picker_hint": "Ook gemeenten van vóór de fusies van 2019 en 2025; pijltjestoetsen om te kiezen.",
        "picker_options": "Gemeenten", "now": "nu", "picker_none": "Geen gemeente met die naam of code.",
        "picker_count": "{n} gemeenten gevonden; kies met pijl omlaag.",
    },
    en={
        "title": "Search measures",
        "intro": "Search for a word, a municipality (including one from before a merger) or a "
                 "partner, and narrow down with the filters. Each filter shows at once how many "
                 "measures remain.",
        "label": "Search for a measure", "button": "Search", "filters": "Filters",
        "filters_chosen": "{n} chosen",
        "results": "Results",
        "clear_filters": "Clear all filters",
        "found_none": "No measure found. Try another word or fewer filters.",
        "found_one": "1 measure found", "found_many": "{n} measures found",
        "for": " for “{q}”", "where": "Where", "kind": "Kind", "period": "Period", "lead": "Lead",
        "partners": "Partners", "contact": "Contact", "from": "from",
        "recorded": "recorded in", "via_lead": "through the lead", "noscript":
        "Searching and filtering need JavaScript. Without it, every measure is listed on the home page.",
        "all_measures": "All measures", "loading": "Loading the search index…",
        "picker_label": "Find your municipality (name or NIS code)",
        "picker_button": "Go to the municipality",
        "picker_hint": "Municipalities from before the 2019 and 2025 mergers too; arrow keys to choose.",
        "picker_options": "Municipalities", "now": "now",
        "picker_none": "No municipality with that name or code.",
        "picker_count": "{n} municipalities found; press arrow down to choose.",
    },
)


def _counts(index: dict[str, Any]) -> list[dict[str, Any]]:
    """Each facet with its values, their labels and how many measures have each."""
    facets = []
    for facet in index["facets"]:
        field = facet["veld"]
        # one pass over the records (each lists its codes), not one per code: one per municipality
        # code made 4.5 million membership tests at 250k triples
        present = Counter(code for r in index["records"] for code in set(r[field]))
        counted = {code: present[code] for code in facet["waarden"]}
        facets.append({"field": field, "name": facet["naam"],
                       "values": [{"code": c, "label": label, "count": counted[c]}
                                  for c, label in facet["waarden"].items()]})
    return facets


def _words_json(words: dict[str, str]) -> str:
    """The words for the script, as the page's JSON data block ('<' escaped: no '</script>' inside)."""
    return json.dumps(words, ensure_ascii=False).replace("<", "\\u003c")


def render_search_page(site: Site, links: Links, *, library: bool, index: dict[str, Any]) -> str:
    """The search page in `links`' language and mode (static or served); `index` is the language's
    search index (lod.insight.search.search_data), whose facets the page counts."""
    words = WORDS.pick(links.lang)
    scripts = ([SEARCH_LIBRARY] if library else []) + [SEARCH_INDEX.pick(links.lang), "static/search.js"]
    return site.page("search.html", links, title=words["title"], w=words, facets=_counts(index),
                     total=len(index["records"]), scripts=[links.to(s, asset=True) for s in scripts],
                     words_json=_words_json(words),
                     href_pattern=links.to("__pad__"), search_page=True, jsonld=None)


def picker_context(links: Links) -> dict[str, Any]:
    """What the landing page's municipality picker needs (templates/_picker.html)."""
    words = WORDS.pick(links.lang)
    return {"w": words, "data": links.to(SEARCH_MUNICIPALITIES.pick(links.lang), asset=True),
            "script": links.to("static/picker.js", asset=True), "search": links.to("zoeken/index"),
            "href_pattern": links.to("__pad__"),
            "words_json": _words_json(words)}


__all__ = ["WORDS", "picker_context", "render_search_page"]
