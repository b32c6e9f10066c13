"""The search index and the picker's municipalities, read from the exchange fixture graph
(tests/data/exchange-graph.ttl: Kruibeke 46013 merged into Beveren-Kruibeke-Zwijndrecht 46030)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.insight import search as search_module
from lod.insight.search import (
    FACETS,
    EarlierIndex,
    municipality_choices,
    search_data,
    search_data_after,
    search_records,
)
from lod.store.memory import MemoryStore
from lod.terms import ADRESSENREGISTER_GEMEENTE as GEMEENTE
from lod.terms import PREFIXES

CFG = Config()
DCT = "http://purl.org/dc/terms/"
SKOS = PREFIXES["skos"]
RDF_TYPE = PREFIXES["rdf"] + "type"


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


# --- a build after a release: the records of unchanged measures are taken from its index ---------

M = CFG.id_base + "maatregel/"


def _recording(monkeypatch):
    """The measures `_record` is asked to record (once per language each)."""
    made: list[str] = []
    original = search_module._record
    monkeypatch.setattr(search_module, "_record",
                        lambda graph, iri, *rest: made.append(iri) or original(graph, iri, *rest))
    return made


def _after(before, graph, changed, monkeypatch):
    first = search_data_after(MemoryStore(before), CFG, software="s", earlier=None)
    earlier = EarlierIndex(first.key, first.labels, {lang: index for lang, (index, _) in first.data.items()},
                           frozenset(changed))
    made = _recording(monkeypatch)
    again = search_data_after(MemoryStore(graph), CFG, software="s", earlier=earlier)
    return again.data, again.key, list(made)


def _edit(graph, subject, predicate, value):
    s, p = ox.NamedNode(subject), ox.NamedNode(predicate)
    for q in list(graph.quads_for_pattern(s, p, None)):
        graph.remove(q)
    graph.add(ox.Quad(s, p, value))


@pytest.mark.parametrize("subject", ["44021-2022-001", "44021-2022-001#contact"])
def test_after_a_release_only_the_changed_measure_is_recorded_again(exchange_graph, monkeypatch, subject):
    before, graph = exchange_graph(CFG), exchange_graph(CFG)
    predicate = DCT + "title" if "#" not in subject else "https://schema.org/email"
    _edit(graph, M + subject, predicate, ox.Literal("Gewijzigd <b>"))  # the record or its contact
    again, key, made = _after(before, graph, {M + subject}, monkeypatch)
    assert made == [M + "44021-2022-001"] * 2  # in each language, nothing else
    assert again == search_data(MemoryStore(graph), CFG)  # what a build from nothing gives
    assert "Gewijzigd <b>" in str(again["nl"][0]["records"])
    assert key is not None


def test_added_and_withdrawn_measures_and_codes_no_record_uses_any_more(exchange_graph, monkeypatch):
    before, graph = exchange_graph(CFG), exchange_graph(CFG)
    gone = ox.NamedNode(M + "31005-2022-001")  # Brugge's, the only one in West-Vlaanderen
    for q in list(graph.quads_for_pattern(gone, None, None)):
        graph.remove(q)
    new = ox.NamedNode(M + "44021-2026-001")
    vu, k = CFG.vocab_ns, CFG.id_base + "concept/maatregeltype/"
    graph.extend([ox.Quad(new, ox.NamedNode(RDF_TYPE), ox.NamedNode(vu + "Maatregel")),
                  ox.Quad(new, ox.NamedNode(DCT + "title"), ox.Literal("Nieuw", language="nl")),
                  ox.Quad(new, ox.NamedNode(DCT + "type"), ox.NamedNode(k + "vorming")),
                  ox.Quad(new, ox.NamedNode(vu + "huidigeGemeente"), ox.NamedNode(GEMEENTE + "44021"))])
    again, _key, made = _after(before, graph, {gone.value, new.value}, monkeypatch)
    assert made == [new.value] * 2
    assert again == search_data(MemoryStore(graph), CFG)
    provinces = next(f for f in again["nl"][0]["facets"] if f["veld"] == "provincie")["waarden"]
    assert "30000" not in provinces  # West-Vlaanderen: no measure there any more


# What each change renames, and the measures whose records read that name (asked of the graph).
RENAMED = {
    "kind": (CFG.id_base + "concept/maatregeltype/vorming", "Opleiding",
             "?m dct:type <https://w3id.org/veilig-uitgaan/id/concept/maatregeltype/vorming>"),
    "province": ("https://data.vlaanderen.be/id/provincie/40000", "Oost-Vl.",  # shown with today's place
                 "?m vu:huidigeGemeente/vu:provincie <https://data.vlaanderen.be/id/provincie/40000>"),
    "predecessor": (GEMEENTE + "46013", "Kruibeke-Dorp",  # a name today's place is found by
                    "?m vu:huidigeGemeente <https://data.vlaanderen.be/id/gemeente/46030>"),
    "partner": (CFG.id_base + "organisatie/sensoa", "Sensoa vzw", "?m prov:qualifiedAssociation/prov:agent "
                "<https://w3id.org/veilig-uitgaan/id/organisatie/sensoa>"),
}


@pytest.mark.parametrize("renamed", sorted(RENAMED))
def test_a_renamed_subject_makes_again_the_records_that_show_its_name(exchange_graph, monkeypatch, renamed):
    before, graph = exchange_graph(CFG), exchange_graph(CFG)
    recorded_today = ox.NamedNode(M + "46030-2025-001")  # recorded under today's code: no link to 46013
    for g in (before, graph):
        g.extend([ox.Quad(recorded_today, ox.NamedNode(RDF_TYPE), ox.NamedNode(CFG.vocab_ns + "Maatregel")),
                  ox.Quad(recorded_today, ox.NamedNode(DCT + "title"), ox.Literal("Nieuw", language="nl")),
                  *(ox.Quad(recorded_today, ox.NamedNode(p), ox.NamedNode(GEMEENTE + "46030"))
                    for p in (DCT + "spatial", CFG.vocab_ns + "huidigeGemeente"))])
    iri, name, pattern = RENAMED[renamed]
    _edit(graph, iri, SKOS + "prefLabel", ox.Literal(name, language="nl"))
    again, _key, made = _after(before, graph, set(), monkeypatch)
    assert again == search_data(MemoryStore(graph), CFG)
    assert name in str(again["nl"][0])
    showing = {r["m"].value for r in MemoryStore(graph).select(
        f"PREFIX dct: <{DCT}> PREFIX vu: <{CFG.vocab_ns}> PREFIX prov: <{PREFIXES['prov']}> "
        f"SELECT ?m WHERE {{ {pattern} . ?m a vu:Maatregel }}")}
    assert showing and sorted(made) == sorted([*showing, *showing])


@pytest.mark.parametrize("change", ["software", "municipalities", "unknown code", "damaged record"])
def test_a_record_is_made_again_when_its_index_cannot_tell_it_held(exchange_graph, monkeypatch, change):
    before, graph = exchange_graph(CFG), exchange_graph(CFG)
    if change == "municipalities":  # Zele merges into Gent: every record may read the mergers
        graph.add(ox.Quad(ox.NamedNode(GEMEENTE + "42028"), ox.NamedNode(DCT + "isReplacedBy"),
                          ox.NamedNode(GEMEENTE + "44021")))
    first = search_data_after(MemoryStore(before), CFG, software="s", earlier=None)
    indexes = {lang: index for lang, (index, _) in first.data.items()}
    if change == "unknown code":  # an index whose facets do not name a code its records use
        indexes["nl"]["facets"][2]["waarden"].pop("vorming")
    if change == "damaged record":
        indexes["nl"]["records"][0].pop("soort")
    earlier = EarlierIndex(first.key, first.labels, indexes, frozenset())
    made = _recording(monkeypatch)
    again = search_data_after(MemoryStore(graph), CFG, software="t" if change == "software" else "s",
                              earlier=earlier).data
    made = list(made)
    assert again == search_data(MemoryStore(graph), CFG)
    records = len(again["nl"][0]["records"])
    if change in ("software", "municipalities"):
        assert len(made) == 2 * records
    else:  # only those records, in that language
        assert 0 < len(made) < records


def test_a_code_with_two_labels_leaves_nothing_to_reuse(exchange_graph):
    graph = exchange_graph(CFG)
    other = ox.NamedNode("https://example.org/andere-lijst/vorming")  # the same code, another list
    graph.extend([ox.Quad(other, ox.NamedNode(SKOS + "prefLabel"), ox.Literal("Anders", language="nl")),
                  ox.Quad(ox.NamedNode(M + "44021-2021-002"), ox.NamedNode(DCT + "type"), other)])
    made = search_data_after(MemoryStore(graph), CFG, software="s", earlier=None)
    assert made.key is None
    assert made.data == search_data(MemoryStore(graph), CFG)


@pytest.mark.parametrize("labels", [{"http://e/a> } ; ?x": {"nl": "x"}}, {"": {"nl": "x"}},
                                    {"a b": {"nl": "x"}}])
def test_labels_before_that_name_no_iri_leave_nothing_to_reuse(exchange_graph, monkeypatch, labels):
    """A cache of the release before read back with a subject that is no IRI (damaged, or not
    written here) neither enters a query nor stops the build: every record is made again."""
    graph = exchange_graph(CFG)
    first = search_data_after(MemoryStore(graph), CFG, software="s", earlier=None)
    earlier = EarlierIndex(first.key, {**first.labels, **labels},
                           {lang: index for lang, (index, _) in first.data.items()}, frozenset())
    made = _recording(monkeypatch)
    again = search_data_after(MemoryStore(graph), CFG, software="s", earlier=earlier)
    assert again.data == first.data
    assert len(made) == 2 * len(first.data["nl"][0]["records"])
