"""The impact page's tables (lod/pages/history.py): what a person reads, not the query's variables."""

from __future__ import annotations

from dataclasses import dataclass

from lod.config import Config
from lod.insight.impact import Figure, impact_queries
from lod.pages.history import impact_table
from lod.pages.links import Links

GENK = "https://data.vlaanderen.be/id/gemeente/71016"


@dataclass
class TwoPages:
    cfg: Config

    def path_of(self, iri: str) -> str | None:
        return "doc/gemeente/71016" if iri == GENK else None


def test_an_impact_table_has_words_for_headings_and_names_that_link():
    query = next(q for q in impact_queries(Config()) if q.name == "impact-gemeenten")
    rows = [{"naam": "Genk", "gemeente": GENK, "inVorigeVersie": False, "nis": "71016", "eersteJaar": 2024,
             "eersteVersie": "2026-12-01-abc"}]
    for lang, heading, no in (("nl", "eerste startjaar", "nee"), ("en", "first start year", "no")):
        links = Links(TwoPages(Config()), lang=lang, page="impact", root=None)
        table = impact_table(Figure(query, rows), links)
        names = [c["name"] for c in table["columns"]]
        assert names == ["gemeente", "nis", "eersteJaar", "eersteVersie", "inVorigeVersie"]  # as SELECTed
        assert heading in [c["label"] for c in table["columns"]]
        [row] = table["rows"]
        assert row[0] == {"col": "gemeente", "text": "Genk", "href": links.iri(GENK)}
        assert row[0]["href"].endswith("doc/gemeente/71016" + (".html" if lang == "nl" else ".en.html"))
        assert row[-1] == {"col": "inVorigeVersie", "text": no}
