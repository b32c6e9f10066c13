"""Measures as quads: the shape docs/rdf-model.md draws, no blank nodes, origins for every triple."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.graph.codelists import code_index, vocabulary_quads
from lod.graph.measures import field_predicates, measure_quads, origins
from lod.records.columns import read_measure_table
from lod.records.measures import Measure, Output, parse_measures
from lod.records.partners import load_organisations
from lod.records.territory import load_municipalities
from lod.sources.cells import PartialDate
from lod.terms import prefixes

SHEETS = Path(__file__).resolve().parents[1] / "data" / "spreadsheets"
BASE = "https://w3id.org/veilig-uitgaan/"
M1 = f"<{BASE}id/maatregel/T-001>"
M2 = f"<{BASE}id/maatregel/T-002>"


@pytest.fixture(scope="module")
def cfg() -> Config:
    return Config()


def parse(name: str, cfg: Config) -> list[Measure]:
    measures, problems = parse_measures(
        read_measure_table(SHEETS / name), codes=code_index(cfg),
        municipalities=load_municipalities(cfg.data_dir),
        organisations=load_organisations(cfg.data_dir / "organisaties.csv"))
    assert [p for p in problems if p.severity == "error"] == []
    return measures


def store_of(measures: list[Measure], cfg: Config) -> ox.Store:
    store = ox.Store()
    store.extend(measure_quads(measures, cfg))
    return store


def ask(store: ox.Store, cfg: Config, where: str) -> bool:
    head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in prefixes(cfg).items())
    return bool(store.query(f"{head}ASK {{ {where} }}"))


@pytest.fixture(scope="module")
def store(cfg: Config) -> ox.Store:
    return store_of(parse("valid-semicolon-utf8.csv", cfg), cfg)


@pytest.mark.parametrize("where", [
    f"{M1} a vu:Maatregel ; dct:identifier 'T-001' ; dct:title 'Vraag naar Angela'@nl",
    f"{M1} dct:type <{BASE}id/concept/maatregeltype/codewoord>, <{BASE}id/concept/maatregeltype/vorming>",
    f"{M1} vu:specifiekSGG true ; vu:omgeving <{BASE}id/concept/omgeving/cafe>",
    f"{M1} dct:audience <{BASE}id/concept/doelgroep/horecapersoneel>",
    f"{M1} dct:spatial <https://data.vlaanderen.be/id/gemeente/12025> ;"
    " vu:huidigeGemeente <https://data.vlaanderen.be/id/gemeente/12025>",
    f"{M1} adms:status <{BASE}id/concept/status/lopend>",
    f"{M1} dct:temporal <{BASE}id/maatregel/T-001#periode> . <{BASE}id/maatregel/T-001#periode>"
    " a dct:PeriodOfTime ; dcat:startDate '2022-04'^^xsd:gYearMonth FILTER NOT EXISTS"
    f" {{ <{BASE}id/maatregel/T-001#periode> dcat:endDate ?e }}",
    f"<{BASE}id/maatregel/T-002#periode> dcat:startDate '2022-07-15'^^xsd:date ;"
    " dcat:endDate '2022-07-24'^^xsd:date",
    f"{M1} vu:trekker ?unit ; prov:wasAssociatedWith ?unit, <{BASE}id/organisatie/sensoa> ."
    " FILTER(STRENDS(STR(?unit), '12025') || CONTAINS(STR(?unit), 'lblod'))",
    f"{M1} prov:qualifiedAssociation <{BASE}id/maatregel/T-001#rol-sensoa> ."
    f" <{BASE}id/maatregel/T-001#rol-sensoa> a prov:Association ; prov:agent <{BASE}id/organisatie/sensoa> ;"
    f" prov:hadRole <{BASE}id/concept/partnerrol/expertise>",
    f"<{BASE}id/maatregel/T-002#rol-flowgent> prov:hadRole <{BASE}id/concept/partnerrol/uitvoerder>",
    f"{M1} dct:source <https://weekend.knack.be/human-interest/vraag-naar-angela/>",
    f"{M1} schema:contactPoint <{BASE}id/maatregel/T-001#contact> . <{BASE}id/maatregel/T-001#contact>"
    " a schema:ContactPoint ; schema:contactType 'preventiedienst'@nl ; schema:email 'preventie@mechelen.be'",
    f"{M1} dct:license <http://creativecommons.org/licenses/by/4.0/> ; dct:modified '2026-11-27'^^xsd:date",
    f"{M1} prov:wasAttributedTo ?publisher ; prov:wasDerivedFrom"
    f" <{BASE}doc/bron/valid-semicolon-utf8.csv#rij-2>",
    f"{M2} prov:wasDerivedFrom <{BASE}doc/bron/valid-semicolon-utf8.csv#rij-3>",
])
def test_measure_triples(store: ox.Store, cfg: Config, where: str) -> None:
    assert ask(store, cfg, where), where


def test_no_blank_nodes_and_nested_resources_are_hash_iris(store: ox.Store) -> None:
    for quad in store:
        assert not isinstance(quad.subject, ox.BlankNode) and not isinstance(quad.object, ox.BlankNode)
        assert quad.subject.value.startswith(f"{BASE}id/maatregel/T-00")


def test_output_values_and_merger_shortcut(cfg: Config) -> None:
    measures = parse("valid-semicolon-utf8.csv", cfg)
    measures[0].outputs = [Output("meldingen ontvangen", 45, "2022")]
    kruibeke = load_municipalities(cfg.data_dir).resolve("46013")
    measures[1].municipality = kruibeke
    measures[1].current_municipalities = [load_municipalities(cfg.data_dir).current(kruibeke)]
    store = store_of(measures, cfg)
    assert ask(store, cfg, f"{M1} vu:output <{BASE}id/maatregel/T-001#output-1> ."
               f" <{BASE}id/maatregel/T-001#output-1> a vu:Output ; vu:indicator 'meldingen ontvangen'@nl ;"
               " rdf:value 45 ; vu:referentieperiode '2022'")
    assert ask(store, cfg, f"{M2} dct:spatial <https://data.vlaanderen.be/id/gemeente/46013> ;"
               " vu:huidigeGemeente <https://data.vlaanderen.be/id/gemeente/46030>")


def test_withdrawn_measure_is_a_tombstone(cfg: Config) -> None:
    store = store_of(parse("withdrawn.csv", cfg), cfg)
    assert ask(store, cfg, f"{M2} a vu:IngetrokkenMaatregel ; dct:identifier 'T-002' ;"
               " dct:title 'Dubbel ingevoerd'@nl ; vu:intrekkingsreden 'dubbel ingevoerd; zie T-001'@nl ;"
               " dct:modified '2026-11-27'^^xsd:date")
    assert not ask(store, cfg, f"{M2} a vu:Maatregel")
    assert len([q for q in store if q.subject.value == f"{BASE}id/maatregel/T-002"]) == 5


def test_year_precision_is_gyear(cfg: Config) -> None:
    measures = parse("valid-semicolon-utf8.csv", cfg)
    measures[0].start = PartialDate(2012)
    where = f"<{BASE}id/maatregel/T-001#periode> dcat:startDate '2012'^^xsd:gYear"
    assert ask(store_of(measures, cfg), cfg, where)


def test_a_missing_start_leaves_the_period_without_it_for_the_shapes_to_report(cfg: Config) -> None:
    measures = parse("valid-semicolon-utf8.csv", cfg)
    measures[0].start, measures[0].end = None, PartialDate(2022, 7, 24)  # an empty startdatum: sh:minCount
    measures[1].start = measures[1].end = None
    store = store_of(measures, cfg)
    assert ask(store, cfg, f"<{BASE}id/maatregel/T-001#periode> dcat:endDate '2022-07-24'^^xsd:date")
    assert not ask(store, cfg, f"<{BASE}id/maatregel/T-001#periode> dcat:startDate ?d")
    assert not ask(store, cfg, f"<{BASE}id/maatregel/T-002> dct:temporal ?p")


def test_same_input_same_quads(cfg: Config) -> None:
    a = list(measure_quads(parse("valid-semicolon-utf8.csv", cfg), cfg))
    b = list(measure_quads(list(reversed(parse("valid-semicolon-utf8.csv", cfg))), cfg))
    assert a == b


def test_origins_point_at_cells(cfg: Config) -> None:
    found = origins(parse("valid-semicolon-utf8.csv", cfg), cfg)
    title = found[f"{BASE}id/maatregel/T-002"]["http://purl.org/dc/terms/title"]
    assert (title.file, title.row, title.column, title.value) == (
        "valid-semicolon-utf8.csv", 3, "titel", "Servicepunt Gentse Feesten")
    end = found[f"{BASE}id/maatregel/T-002#periode"]["http://www.w3.org/ns/dcat#endDate"]
    assert (end.row, end.column, end.value) == (3, "einddatum", "24/07/2022")
    role = found[f"{BASE}id/maatregel/T-001#rol-sensoa"]["http://www.w3.org/ns/prov#hadRole"]
    assert role.column == "partners"


def test_every_predicate_has_a_column_and_is_in_the_vocabulary(store: ox.Store, cfg: Config) -> None:
    predicates = {q.predicate.value for q in store} - {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}
    columns = field_predicates(cfg)  # every predicate the mapping writes names the column it came from
    assert predicates <= set(columns)
    assert columns["http://purl.org/dc/terms/spatial"] == "gemeente"
    assert columns[f"{BASE}ns#huidigeGemeente"] == "gemeente"
    assert columns["http://www.w3.org/ns/dcat#endDate"] == "einddatum"
    declared = {q.subject.value for q in vocabulary_quads(cfg)}
    own = {p for p in predicates if p.startswith(cfg.vocab_ns)}
    assert own and own <= declared, own - declared


def test_base_uri_is_configurable() -> None:
    cfg = Config(base_uri="https://example.org/vu/")
    assert "https://example.org/vu/ns#trekker" in field_predicates(cfg)
    quads = list(measure_quads(parse("valid-comma-bom.csv", cfg), cfg))
    assert all(BASE not in str(q) for q in quads)


def test_mapped_is_quads_and_origins_in_one_pass(cfg: Config) -> None:
    from dataclasses import replace

    from lod.graph.measures import mapped

    measures = parse("valid-semicolon-utf8.csv", cfg)
    quads, found = mapped(measures, cfg)
    assert quads == list(measure_quads(measures, cfg))
    # An id used twice (two files): the later row's cells win, as when origins mapped per measure.
    first = measures[0]
    again = replace(first, row=99, cells={k: replace(c, row=99) for k, c in first.cells.items()})
    _, twice = mapped([*measures, again], cfg)
    subject = f"{BASE}id/maatregel/{first.measure_id}"
    assert {c.row for c in twice[subject].values()} == {99}
    assert {c.row for c in found[subject].values()} == {first.row}
    _, reverse = mapped([again, *measures], cfg)
    assert {c.row for c in reverse[subject].values()} == {first.row}
