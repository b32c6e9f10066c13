"""Each data rule lives in one layer, with one severity and one piece of advice (README, "Who checks what").

The records stage reads one cell at a time (its column's format, the code lists, municipalities on
the start date, organisations) and keeps a cell it cannot read out of the graph; the shapes own every
rule about the record as a whole. These tests run the whole check (`lod.build.validate`: records,
graph, shapes, report) over the broken spreadsheets and the shipped data, and fail when a rule is
defined in both layers: a cell reported twice, a rule with two severities, a required column the
shapes do not require.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.build import validate
from lod.config import Config
from lod.errors import Problem
from lod.graph.codelists import shapes_quads
from lod.graph.measures import field_predicates
from lod.records.columns import BY_FIELD, COLUMNS
from lod.records.measures import _ID, KEYS
from lod.terms import SH

ROOT = Path(__file__).resolve().parents[1]  # the checkout

SHEETS = ROOT / "tests" / "data" / "spreadsheets"
VUSH = "https://w3id.org/veilig-uitgaan/shapes#"
DCT = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_FIRST, RDF_REST, RDF_NIL = (ox.NamedNode(RDF + n) for n in ("first", "rest", "nil"))
CFG = Config()
# Every sheet but the one that cannot be read at all (an InputError, tests/sources/test_csv.py).
CORPUS = sorted(p for p in SHEETS.iterdir() if p.suffix in (".csv", ".xlsx")
                and p.name != "wrong-separator.csv")
SHAPES = shapes_quads(CFG)
SHAPE_NAMES = {q.object.value for q in SHAPES if q.predicate == SH.name}
# What the shapes recommend (a warning on every row that lacks it): not a problem planted in a sheet.
RECOMMENDED = {"maatregel-titel-en", "maatregel-output-aanbevolen", "maatregel-contact-aanbevolen",
               "maatregel-evaluatie-aanbevolen"}


def layer(problem: Problem) -> str:
    return "shapes" if problem.code in SHAPE_NAMES else "records"


@pytest.fixture(scope="module")
def reports() -> dict[str, list[Problem]]:
    """Every problem of every broken spreadsheet and of the shipped data, by file."""
    found = {path.name: validate([path], config=CFG).problems for path in CORPUS}
    found["maatregelen.csv"] = validate([CFG.data_dir / "maatregelen.csv"], config=CFG).problems
    return found


def test_no_cell_gets_problems_from_two_layers(reports):
    for name, problems in reports.items():
        by_cell: dict[tuple, set[str]] = defaultdict(set)
        for p in problems:
            by_cell[(p.file, p.row, p.column)].add(layer(p))
        twice = {cell: layers for cell, layers in by_cell.items() if len(layers) > 1}
        assert not twice, f"{name}: a cell reported by both the records and the shapes: {twice}"


def test_a_cell_gets_one_problem_per_rule_and_one_rule_per_empty_cell(reports):
    for name, problems in reports.items():
        seen: dict[tuple, list[str]] = defaultdict(list)
        for p in problems:
            if p.code not in RECOMMENDED:
                seen[(p.file, p.row, p.column, p.value)].append(p.code)
        assert {cell: codes for cell, codes in seen.items() if len(codes) > 1} == {}, name


def test_each_rule_has_one_severity(reports):
    severities: dict[str, set[str]] = defaultdict(set)
    for problems in reports.values():
        for p in problems:
            severities[p.code].add(p.severity)
    assert {code: s for code, s in severities.items() if len(s) > 1} == {}


def test_the_records_codes_are_no_shape_names(reports):
    records = {p.code for problems in reports.values() for p in problems if p.code not in SHAPE_NAMES}
    assert records and all(re.fullmatch(r"[a-z]+(-[a-z]+)*", c) for c in records)
    assert "completed-without-end" not in records and "end-before-start" not in records  # the shapes' now


# file -> every planted problem: (layer, severity, row, column, code); recommendations left aside.
PLANTED = {
    "afgerond-zonder-einddatum.csv": {("shapes", "error", 2, "einddatum", "afgerond-vereist-einddatum")},
    "bad-dates.csv": {("records", "error", 2, "startdatum", "bad-date"),
                      ("records", "error", 3, "startdatum", "bad-date"),
                      ("shapes", "error", 4, "einddatum", "einddatum-na-startdatum")},
    "bad-url.csv": {("records", "error", 2, "bronnen", "bad-url")},
    "contact-role-is-a-name.csv": {("records", "warning", 2, "contactrol", "personal-contact")},
    "duplicate-ids.csv": {("records", "error", 4, "maatregel_id", "duplicate-id")},
    "empty-required-cells.csv": {
        ("records", "error", 2, "maatregel_id", "missing-required"),
        ("shapes", "error", 3, "gemeente", "maatregel-gemeente"),
        ("shapes", "error", 4, None, "maatregel-beschrijving-nl"),
        ("shapes", "error", 5, "soorten", "maatregel-type"),
        ("shapes", "error", 6, "specifiek_sgg", "maatregel-specifiek-sgg"),
        ("shapes", "error", 7, "omgevingen", "maatregel-omgeving"),
        ("shapes", "error", 8, "doelgroepen", "maatregel-doelgroep"),
        ("shapes", "error", 9, "trekker", "maatregel-trekker"),
        ("shapes", "error", 10, "status", "maatregel-status"),
        ("shapes", "error", 11, "startdatum", "maatregel-startdatum"),
        ("shapes", "error", 12, "gemeld_door", "maatregel-gemeld-door"),
        ("shapes", "error", 13, "gemeld_op", "maatregel-gewijzigd"),
        ("records", "error", 14, "toestemming_publicatie", "missing-required"),
        ("shapes", "error", 15, "licentie", "maatregel-licentie")},
    "formula-cell.csv": {("records", "error", 2, "bronnen", "formula")},
    "html-in-title.csv": {("records", "error", 2, "titel", "markup")},
    "missing-column.csv": {("records", "error", 1, "bronnen", "missing-column")},
    "missing-required.csv": {("shapes", "error", 2, None, "maatregel-titel-nl"),
                             ("shapes", "error", 2, "bronnen", "maatregel-bron")},
    "municipality-not-valid-on-start.csv": {("records", "error", 2, "gemeente", "municipality-not-valid")},
    "no-consent.csv": {("records", "warning", 3, "toestemming_publicatie", "no-consent")},
    "personal-contact.csv": {("records", "warning", 2, "contactmailbox", "personal-contact")},
    "reported-on-month.csv": {("records", "error", 2, "gemeld_op", "bad-date")},
    "unknown-codes.csv": {("records", "error", 2, "soorten", "unknown-code"),
                          ("records", "error", 2, "status", "unknown-code")},
    "unknown-column.csv": {("records", "warning", 1, "opmerkingen", "unknown-column"),
                           ("records", "warning", 1, "Beschrijvng", "unknown-column")},
    "unknown-municipality.csv": {("records", "error", 3, "gemeente", "unknown-municipality")},
    "unknown-organisation.csv": {("records", "error", 2, "partners", "unknown-organisation")},
}
VALID = {"dates.xlsx", "no-contact.csv", "semicolon-cp1252.csv", "valid-comma-bom.csv",
         "valid-semicolon-utf8.csv", "withdrawn.csv", "maatregelen.csv"}


def test_every_sheet_of_the_corpus_is_planted_or_valid():
    assert {p.name for p in CORPUS} | {"maatregelen.csv"} == set(PLANTED) | VALID


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_each_planted_problem_is_reported_once_by_the_layer_that_owns_it(reports, name):
    found = [(layer(p), p.severity, p.row, p.column, p.code) for p in reports[name]
             if p.code not in RECOMMENDED]
    assert sorted(found, key=str) == sorted(PLANTED[name], key=str)
    for p in reports[name]:
        assert p.file == name
        assert p.message.nl and p.message.en and p.message.nl != p.message.en, p
        assert p.hint is None or (p.hint.nl and p.hint.en), p


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_sheets_get_only_recommendations(reports, name):
    assert {p.code for p in reports[name]} <= RECOMMENDED


def _min_counts() -> set[str]:
    """Predicates a measure must have by the shapes: sh:minCount on a violation shape of vush:Maatregel
    (a path's last step names the column), and the SPARQL rules that ask for a Dutch title and
    description."""
    store = ox.Store()
    store.extend(SHAPES)
    found = set()
    for prop in store.quads_for_pattern(ox.NamedNode(VUSH + "Maatregel"), SH.property, None):
        shape = prop.object
        counts = [int(q.object.value) for q in store.quads_for_pattern(shape, SH.minCount, None)]
        required = any(q.object == SH.Violation for q in store.quads_for_pattern(shape, SH.severity, None))
        if required and counts and max(counts) >= 1:  # a warning's minCount is a recommendation
            path = next(store.quads_for_pattern(shape, SH.path, None)).object
            found.add(_steps(store, path)[-1])
    if {"maatregel-titel-nl", "maatregel-beschrijving-nl"} <= SHAPE_NAMES:
        found |= {DCT + "title", DCT + "description"}
    return found


def _steps(store: ox.Store, path) -> list[str]:
    """The IRIs of a path: one, or the members of a sequence list."""
    if isinstance(path, ox.NamedNode):
        return [path.value]
    steps = []
    while path != RDF_NIL:
        steps.append(next(store.quads_for_pattern(path, RDF_FIRST, None)).object.value)
        path = next(store.quads_for_pattern(path, RDF_REST, None)).object
    return steps


def test_a_required_column_is_one_the_shapes_require_and_no_other():
    """Column.required (the README's 'required', the missing-column check) says what sh:minCount says;
    a predicate two columns share (dct:title, dct:spatial) requires its first, as the report names it.
    Besides: the cells the graph cannot hold (KEYS: the id that makes the IRI, the consent)."""
    column_of = field_predicates(CFG)  # predicate -> the column a finding on it names
    by_shapes = {column_of[p] for p in _min_counts()} | {BY_FIELD[k].header for k in KEYS}
    assert {c.header for c in COLUMNS if c.required} == by_shapes


def test_the_id_the_records_accept_is_the_id_the_shapes_accept():
    store = ox.Store()
    store.extend(SHAPES)
    shape = ox.NamedNode(VUSH + "maatregel-identificator")
    [pattern] = [q.object.value for q in store.quads_for_pattern(shape, SH.pattern, None)]
    assert _ID.pattern == pattern
    for text in ("44021-2022-001", "a" * 100, "a" * 101, "-x", "x y", "x/y"):
        assert bool(_ID.match(text)) == bool(re.match(pattern, text)), text


def test_a_bad_cell_in_organisaties_csv_is_a_problem_at_its_cell_not_a_traceback(tmp_path: Path):
    """A homepage that is no URL used to stop the build with a traceback; an unknown partner type was
    reported twice, by the records and by the shapes' sh:in (at the measures' column 'soorten')."""
    data = tmp_path / "data"
    shutil.copytree(CFG.data_dir, data)
    table = data / "organisaties.csv"
    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0] = {**rows[0], "homepage": "www.voorbeeld.be", "partnertype": "sponsor"}
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    problems = validate([CFG.data_dir / "maatregelen.csv"], config=CFG.replace(data_dir=data)).problems
    found = {(p.row, p.column, p.code, layer(p)) for p in problems if p.code not in RECOMMENDED}
    assert found == {(2, "homepage", "bad-url", "records"),
                     (2, "partnertype", "unknown-partnertype", "records")}
