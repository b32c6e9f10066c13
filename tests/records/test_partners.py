"""Partner organisations: the shipped table, the tolerant resolver and the KBO check."""

import csv
from pathlib import Path

import pytest

from lod.errors import InputError
from lod.records.partners import (
    COLUMNS,
    OrganisationError,
    kbo_is_valid,
    load_organisations,
)
from lod.sources.table import Cell

ROOT = Path(__file__).resolve().parents[2]  # the checkout

TABLE = ROOT / "data" / "organisaties.csv"


@pytest.fixture(scope="module")
def orgs():
    return load_organisations(TABLE)


def test_shipped_table_loads_without_problems(orgs):
    assert orgs.problems == []
    assert len(orgs) >= 30
    for name in ("Sensoa", "Plan International België", "VAD", "VVSG", "Agentschap Binnenlands Bestuur",
                 "Horeca Vlaanderen", "Horeca Brugge vzw", "horeca forma", "vzw Oude Markt", "Pukkelpop",
                 "Rock Werchter", "Tomorrowland", "WECANDANCE", "Trefpunt vzw", "CAW", "1712",
                 "Vrouw & Maatschappij", "ZIJkant vzw", "vzw Zijn", "Modus Vivendi asbl", "LOKO", "UCLL"):
        assert orgs.resolve(name).name == name


def test_every_name_and_source_comes_from_the_domain_notes(orgs, reference):
    notes = (reference / "DOMAIN-NOTES.md").read_text(encoding="utf-8")
    for org in orgs:
        assert org.source is None or org.source in notes, org.slug
        assert org.homepage is None or org.homepage.rstrip("/") in notes, org.slug
        assert org.kbo is None  # no KBO number is sourced in DOMAIN-NOTES; none is invented


# Organisations DOMAIN-NOTES §5 names as taking part, once only in the measures' descriptions.
@pytest.mark.parametrize("name, kind", [
    ("Casa Rosa", "ngo"), ("horecacel Unizo Oost-Vlaanderen", "horeca"), ("Fluvia", "zorg"),
    ("FOD Volksgezondheid", "overheid"), ("Lokale politie Zele", "politie-justitie"),
    ("Lokale politie Oostende", "politie-justitie"), ("Burenhinder", "evenement"),
    ("Departement Justitie en Handhaving", "overheid"),
])
def test_organisations_named_in_the_sources_are_in_the_table(orgs, name, kind):
    org = orgs.resolve(name)
    assert (org.name, org.partner_type) == (name, kind)
    assert org.source and org.homepage is None  # the notes cite no homepage of theirs


@pytest.mark.parametrize("text, slug", [
    ("sensoa", "sensoa"), ("SENSOA VZW", "sensoa"),
    ("Plan International Belgium", "plan-international-belgie"),
    ("plan international belgie", "plan-international-belgie"),
    ("Vrouw en Maatschappij", "vrouw-en-maatschappij"),
    ("VZW Zijn", "vzw-zijn"), ("zsg gent", "zsg-gent"), ("PZ Vlas", "politiezone-vlas"),
    ("hulplijn-1712", "hulplijn-1712"), ("We Can Dance", "wecandance"),
])
def test_resolve_slug_name_or_usual_spelling(orgs, text, slug):
    assert orgs.resolve(text).slug == slug


def test_unknown_organisation_suggests_close_names(orgs):
    with pytest.raises(OrganisationError) as err:
        orgs.resolve("Pukelpop")
    assert err.value.suggestions == ["Pukkelpop"]
    assert err.value.problem.message.nl == "Onbekende organisatie 'Pukelpop'."
    assert err.value.problem.hint.pick("en").startswith("Did you mean: Pukkelpop? Or use the slug or name")
    problem = err.value.at(Cell("Pukelpop", "maatregelen.csv", 3, "partners"))
    assert (problem.row, problem.column, problem.code) == (3, "partners", "unknown-organisation")


@pytest.mark.parametrize("number, valid", [
    ("0202.239.951", True), ("0202239951", True), ("0202 239 951", True),
    ("0202239952", False), ("202239951", False), ("2202239951", False), ("abcdefghij", False), ("", False),
])
def test_kbo_mod_97(number, valid):
    assert kbo_is_valid(number) is valid


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def test_bad_kbo_and_partner_type_are_problems_with_row_and_column(tmp_path):
    table = tmp_path / "organisaties.csv"
    base = dict.fromkeys(COLUMNS, "")
    _write(table, [
        {**base, "slug": "goed", "naam": "Goed", "partnertype": "ngo", "kbo": "0202.239.951"},
        {**base, "slug": "fout-kbo", "naam": "Fout", "partnertype": "ngo", "kbo": "0202.239.952"},
        {**base, "slug": "fout-type", "naam": "Type", "partnertype": "bar"},
    ])
    orgs = load_organisations(table)
    assert orgs["goed"].kbo == "0202239951"
    assert orgs["fout-kbo"].kbo is None
    found = {(p.row, p.column, p.code) for p in orgs.problems}
    assert found == {(3, "kbo", "invalid-kbo"), (4, "partnertype", "unknown-partnertype")}
    assert all(p.message.nl and p.message.en and p.hint.nl for p in orgs.problems)


def test_duplicate_slug_is_refused(tmp_path):
    table = tmp_path / "organisaties.csv"
    row = {**dict.fromkeys(COLUMNS, ""), "slug": "x", "naam": "X", "partnertype": "ngo"}
    _write(table, [row, row])
    with pytest.raises(InputError) as err:
        load_organisations(table)
    assert (err.value.problem.row, err.value.problem.column) == (3, "slug")
def test_partner_types_are_the_notations_of_the_code_list():
    import re

    from lod.records.partners import PARTNER_TYPES
    codelist = (ROOT / "ontology" / "codelists" / "partnertype.ttl").read_text(encoding="utf-8")
    assert set(re.findall(r'skos:notation "([^"]+)"', codelist)) == PARTNER_TYPES


def test_domain_notes_spelling_of_a_partner_type_is_accepted(tmp_path):
    table = tmp_path / "organisaties.csv"
    row = {**dict.fromkeys(COLUMNS, ""), "slug": "pz", "naam": "PZ", "partnertype": "politie_justitie"}
    _write(table, [row])
    orgs = load_organisations(table)
    assert orgs.problems == [] and orgs["pz"].partner_type == "politie-justitie"
