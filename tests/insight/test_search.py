"""The search index and the picker's municipalities, read from the exchange fixture graph
(tests/data/exchange-graph.ttl: Kruibeke 46013 merged into Beveren-Kruibeke-Zwijndrecht 46030)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.insight.search import FACETS, municipality_choices, search_records
from lod.store.memory import MemoryStore

CFG = Config()
DCT = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def store(exchange_graph):
    return MemoryStore(exchange_graph(CFG))


def _by_id(index):
    return {r["id"]: r for r in index["records"]}


def test_every_facet_has_a_name_and_labels_for_the_codes_the_records_use(store):
    for lang in ("nl", "en"):
        index = search_records(store, CFG, lang)
        assert [f["veld"] for f in index["facets"]] == list(FACETS)
        for facet in index["facets"]:
            used = {code for r in index["records"] for code in r[facet["veld"]]}
            assert used == set(facet["waarden"]), facet["veld"]
            assert all(label for label in facet["waarden"].values())


def test_a_measure_recorded_in_a_merged_municipality_is_found_under_both_names(store):
    records = [r for r in search_records(store, CFG, "nl")["records"] if "46030" in r["gemeente"]]
    assert records, "the fixture has a measure recorded in Kruibeke (46013)"
    for record in records:
        assert "Beveren-Kruibeke-Zwijndrecht" in {g["naam"] for g in record["gemeenten"]}
        assert {"nis": "46013", "naam": "Kruibeke", "pad": "doc/gemeente/46013"} in record["geregistreerd"]
        assert "Kruibeke" in record["zoektekst"] and "46013" in record["zoektekst"]
        assert "40000" in record["provincie"]


def test_texts_follow_the_language_and_keep_the_other_as_search_words(exchange_graph):
    graph = exchange_graph(CFG)
    measure = ox.NamedNode(CFG.id_base + "maatregel/46013-2022-001")
    graph.add(ox.Quad(measure, ox.NamedNode(DCT + "title"), ox.Literal("Comfortable? Always", language="en")))
    store = MemoryStore(graph)
    nl = _by_id(search_records(store, CFG, "nl"))["46013-2022-001"]
    en = _by_id(search_records(store, CFG, "en"))["46013-2022-001"]
    assert (nl["titel"], en["titel"]) == ("Op 't gemak? Altijd en overal", "Comfortable? Always")
    assert "Comfortable? Always" in nl["zoektekst"] and "Op 't gemak? Altijd en overal" in en["zoektekst"]
    assert en["beschrijving"] == nl["beschrijving"]  # no English description: the Dutch one
    english_labels = search_records(store, CFG, "en")["facets"]
    assert next(f for f in english_labels if f["veld"] == "goedePraktijk")["waarden"]["ja"] == "yes"


def test_the_picker_offers_ended_codes_with_todays_municipality(store):
    choices = {c["nis"]: c for c in municipality_choices(store, CFG, "nl")}
    assert choices["46013"]["naam"] == "Kruibeke"
    assert choices["46013"]["nu"] == "Beveren-Kruibeke-Zwijndrecht (46030)"
    assert choices["46013"]["pad"] == "doc/gemeente/46030"
    assert "nu" not in choices["46030"] and choices["46030"]["pad"] == "doc/gemeente/46030"
