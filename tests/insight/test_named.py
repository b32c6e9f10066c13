"""The published queries: their headers, and one definition of today's municipality in all of them."""

from __future__ import annotations

import re

from lod.config import Config
from lod.insight.named import named_queries
from lod.insight.summary import QUERIES as SUMMARY_QUERIES

# The one test for "a municipality of today": no end date (records/territory.py Municipality.is_current).
TODAY = re.compile(r"FILTER NOT EXISTS \{ \?(\w+) vu:geldigTot \?einde \}")


def _queries() -> dict[str, str]:
    found = {q.name: q.text for q in named_queries(Config())}
    found.update({f"summary:{name}": text for name, text in SUMMARY_QUERIES.items()})
    return found


def test_every_query_on_todays_municipalities_uses_the_one_definition():
    asked = {name: text for name, text in _queries().items() if "vu:Gemeente" in text}
    assert len(asked) >= 8
    for name, text in asked.items():
        assert TODAY.search(text), f"{name} selects municipalities without the test for today's"
        # a successor link says where a code went, not whether a code is today's
        assert not re.search(r"NOT EXISTS \{ \?\w+ dct:isReplacedBy", text), name
        assert not re.search(r"MINUS \{ \?\w+ dct:isReplacedBy", text), name


def test_every_named_query_has_a_title_in_both_languages_and_says_what_it_answers():
    for q in named_queries(Config()):
        assert q.title_nl != q.name and q.title_en != q.name and q.answers, q.name
        assert q.parameters, q.name
