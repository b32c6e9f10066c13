"""parse_measures over the broken-spreadsheet corpus: every problem the records stage owns, with file,
row, column and value (tests/test_rules.py checks the whole corpus through records and shapes)."""

import csv
import io
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from lod.config import Config
from lod.errors import Problem
from lod.graph.codelists import code_index
from lod.records.columns import read_measure_table
from lod.records.measures import Lead, Measure, Partner, parse_measures
from lod.records.partners import load_organisations
from lod.records.territory import load_municipalities
from lod.sources.table import Cell, Table

SHEETS = Path(__file__).resolve().parents[1] / "data" / "spreadsheets"


@pytest.fixture(scope="module")
def resolvers() -> dict:
    cfg = Config()
    return {
        "codes": code_index(cfg),
        "municipalities": load_municipalities(cfg.data_dir),
        "organisations": load_organisations(cfg.data_dir / "organisaties.csv"),
    }


def parse(name: str, resolvers: dict) -> tuple[list[Measure], list[Problem]]:
    return parse_measures(read_measure_table(SHEETS / name), **resolvers)


@pytest.mark.parametrize("name", ["valid-semicolon-utf8.csv", "valid-comma-bom.csv", "semicolon-cp1252.csv",
                                  "dates.xlsx"])
def test_valid_files_have_no_problems(name: str, resolvers: dict) -> None:
    measures, problems = parse(name, resolvers)
    assert problems == []
    assert measures and all(m.file == name for m in measures)


def test_a_valid_row_becomes_a_typed_measure(resolvers: dict) -> None:
    (first, second), _ = parse("valid-semicolon-utf8.csv", resolvers)
    assert first.measure_id == "T-001"
    assert first.municipality.nis_code == "12025"
    assert first.kinds == ["codewoord", "vorming"]
    assert first.target_groups == ["horecapersoneel", "uitgaanders"]
    assert first.sgg_specific is True
    assert first.lead == Lead(municipality=resolvers["municipalities"].resolve("12025"))
    assert first.partners == [Partner("sensoa", "expertise")]
    assert first.start.iso() == "2022-04" and first.start.precision == "month"
    assert first.licence == "http://creativecommons.org/licenses/by/4.0/"
    assert first.contact_email == "preventie@mechelen.be"
    assert first.cells["title"] == Cell("Vraag naar Angela", "valid-semicolon-utf8.csv", 2, "titel")
    # '|' separates list items too; '(organisator)' is a partner role; EU dates are read.
    assert second.kinds == ["veilige-ruimte", "slachtofferzorg"]
    assert second.partners == [Partner("trefpunt", "organisator"), Partner("flowgent", "uitvoerder")]
    assert (second.start.iso(), second.end.iso()) == ("2022-07-15", "2022-07-24")
    assert second.row == 3


def test_xlsx_dates_become_days(resolvers: dict) -> None:
    (first, second), _ = parse("dates.xlsx", resolvers)
    assert first.start.iso() == "2022-04-01" and first.reported_on.iso() == "2026-11-27"
    assert second.start.iso() == "2022-04-01"  # an Excel serial number
    assert second.end.iso() == "2022-04-30"


# (file, severity, row, column, value, code, words in the Dutch message)
CORPUS = [
    ("unknown-municipality.csv", "error", 3, "gemeente", "Mechlen", "unknown-municipality", "Mechlen"),
    ("municipality-not-valid-on-start.csv", "error", 2, "gemeente", "46013", "municipality-not-valid",
     "bestond niet op 2025-03-01"),
    ("bad-dates.csv", "error", 2, "startdatum", "31/02/2023", "bad-date", "bestaat niet"),
    ("bad-dates.csv", "error", 3, "startdatum", "juni 2023", "bad-date", "geen geldige datum"),
    ("missing-column.csv", "error", 1, "bronnen", None, "missing-column", "kolom 'bronnen' ontbreekt"),
    ("unknown-codes.csv", "error", 2, "soorten", "codewoord; feestje", "unknown-code", "'feestje'"),
    ("unknown-codes.csv", "error", 2, "status", "bezig", "unknown-code", "'bezig'"),
    ("duplicate-ids.csv", "error", 4, "maatregel_id", "T-001", "duplicate-id",
     "staat al in duplicate-ids.csv, rij 2"),
    ("reported-on-month.csv", "error", 2, "gemeld_op", "2026-11", "bad-date", "geen volledige datum"),
    ("empty-required-cells.csv", "error", 2, "maatregel_id", "", "missing-required",
     "'maatregel_id' is leeg"),
    ("empty-required-cells.csv", "error", 14, "toestemming_publicatie", "", "missing-required",
     "'toestemming_publicatie' is leeg"),
    ("html-in-title.csv", "error", 2, "titel", "<script>alert(1)</script>Vraag naar Angela", "markup",
     "HTML"),
    ("formula-cell.csv", "error", 2, "bronnen", '=HYPERLINK("https://evil.example/")', "formula", "formule"),
    ("bad-url.csv", "error", 2, "bronnen", "www.mechelen.be/angela", "bad-url", "webadres"),
    ("unknown-organisation.csv", "error", 2, "partners", "Vzw Nachtwacht", "unknown-organisation",
     "Nachtwacht"),
    ("no-consent.csv", "warning", 3, "toestemming_publicatie", "nee", "no-consent", "toestemming"),
    ("personal-contact.csv", "warning", 2, "contactmailbox", "jan.peeters@mechelen.be", "personal-contact",
     "persoonlijk adres"),
    ("unknown-column.csv", "warning", 1, "opmerkingen", "opmerkingen", "unknown-column", "genegeerd"),
    ("unknown-column.csv", "warning", 1, "Beschrijvng", "Beschrijvng", "unknown-column",
     "bedoelde u 'beschrijving'"),
]


@pytest.mark.parametrize(("name", "severity", "row", "column", "value", "code", "words"), CORPUS,
                         ids=[f"{c[0]}:{c[5]}:{c[2]}" for c in CORPUS])
def test_each_broken_file_reports_its_problem(name: str, severity: str, row: int, column: str, value: str,
                                              code: str, words: str, resolvers: dict) -> None:
    _, problems = parse(name, resolvers)
    found = [p for p in problems if (p.row, p.column, p.code) == (row, column, code)]
    assert len(found) == 1, problems
    problem = found[0]
    assert (problem.file, problem.severity, problem.value) == (name, severity, value)
    assert words in problem.message.nl
    assert problem.message.en and problem.message.en != problem.message.nl
    assert problem.hint.nl and problem.hint.en


def test_all_problems_of_a_file_at_once(resolvers: dict) -> None:
    """No stopping at the first: each file in the corpus reports exactly its planted problems."""
    planted: dict[str, int] = {}
    for name, *_ in CORPUS:
        planted[name] = planted.get(name, 0) + 1
    for name, count in planted.items():
        _, problems = parse(name, resolvers)
        assert len(problems) == count, (name, problems)


def test_problem_suggestions(resolvers: dict) -> None:
    _, problems = parse("unknown-municipality.csv", resolvers)
    assert "Mechelen (12025" in problems[0].hint.nl
    _, problems = parse("municipality-not-valid-on-start.csv", resolvers)
    assert "46030" in problems[0].hint.nl  # the successor, Beveren-Kruibeke-Zwijndrecht
    _, problems = parse("unknown-codes.csv", resolvers)
    assert "codewoord" in problems[0].hint.nl and "veilige-ruimte" in problems[0].hint.nl


def test_rows_with_errors_or_without_consent_are_left_out(resolvers: dict) -> None:
    assert [m.measure_id for m in parse("duplicate-ids.csv", resolvers)[0]] == ["T-001", "T-002"]
    assert [m.measure_id for m in parse("no-consent.csv", resolvers)[0]] == ["T-001"]
    assert [m.measure_id for m in parse("unknown-municipality.csv", resolvers)[0]] == ["T-001"]
    (measure,), _ = parse("personal-contact.csv", resolvers)
    assert measure.contact_email is None  # the warning does not publish the personal address
    assert measure.contact_role == "preventiedienst"


def test_withdrawn_row_needs_only_id_title_date_and_reason(resolvers: dict) -> None:
    (kept, withdrawn), problems = parse("withdrawn.csv", resolvers)
    assert problems == []
    assert kept.withdrawn is None
    assert (withdrawn.measure_id, withdrawn.title, withdrawn.withdrawn) == (
        "T-002", "Dubbel ingevoerd", "dubbel ingevoerd; zie T-001")


def _table(**cells: str) -> Table:
    base = {
        "maatregel_id": "X-1", "gemeente": "Kruibeke", "titel": "t", "beschrijving": "b",
        "soorten": "Vorming", "specifiek_sgg": "nee", "omgevingen": "cafe_bar", "doelgroepen": "students",
        "trekker": "Gemeente Kruibeke", "status": "Afgerond", "startdatum": "2022-11", "einddatum": "2022",
        "bronnen": "https://www.hln.be/kruibeke/x", "gemeld_door": "VVSG", "gemeld_op": "27/11/2026",
        "toestemming_publicatie": "x", "licentie": "Modellicentie Gratis Hergebruik",
    }
    base.update(cells)
    row = {h: Cell(v, "t.csv", 2, h) for h, v in base.items()}
    return Table(Path("t.csv"), list(base), [row])


def test_spellings_merged_municipality_and_lead(resolvers: dict) -> None:
    (m,), problems = parse_measures(_table(outputs="cafés bezocht = 1.142 (nov 2022); aandeel = 27,8"),
                                    **resolvers)
    assert problems == []
    # Labels, DOMAIN-NOTES spellings and case are accepted and stored as codes.
    assert (m.kinds, m.settings, m.target_groups) == (["vorming"], ["cafe"], ["studenten"])
    assert m.status == "afgerond"
    assert m.municipality.nis_code == "46013"
    assert [c.nis_code for c in m.current_municipalities] == ["46030"]  # merged in 2025
    assert m.lead.municipality.nis_code == "46013" and m.lead.organisation is None
    assert m.reported_by == "vvsg"
    assert m.licence == "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"
    assert [(o.indicator, o.value, o.period) for o in m.outputs] == [
        ("cafés bezocht", 1142, "nov 2022"), ("aandeel", Decimal("27.8"), None)]


def test_lead_as_organisation_and_unknown_lead(resolvers: dict) -> None:
    (m,), _ = parse_measures(_table(trekker="Plan International Belgium"), **resolvers)
    assert m.lead == Lead(organisation="plan-international-belgie")
    _, problems = parse_measures(_table(trekker="Sensoaa vzw"), **resolvers)
    (problem,) = problems
    assert (problem.code, problem.column, problem.value) == ("unknown-lead", "trekker", "Sensoaa vzw")
    assert "Sensoa" in problem.hint.nl


def test_rules_about_the_whole_record_are_left_to_the_shapes(resolvers: dict) -> None:
    """Completed without an end, an end before the start, an empty required cell: every cell reads,
    so the records stage reports nothing and the shapes do (tests/test_rules.py)."""
    for cells in ({"einddatum": ""}, {"startdatum": "2023", "einddatum": "2022"}, {"titel": ""},
                  {"gemeente": "", "startdatum": ""}):
        measures, problems = parse_measures(_table(**cells), **resolvers)
        assert problems == [] and len(measures) == 1, cells


def test_an_id_is_unique_across_the_files_of_one_build(resolvers: dict) -> None:
    ids: dict = {}
    (first,), _ = parse_measures(_table(), **resolvers, ids=ids)
    again = Table(Path("u.csv"), _table().headers,
                  [{h: Cell(c.value, "u.csv", 5, h) for h, c in _table().rows[0].items()}])
    measures, (problem,) = parse_measures(again, **resolvers, ids=ids)
    assert measures == [] and (problem.file, problem.row, problem.code) == ("u.csv", 5, "duplicate-id")
    assert problem.message.nl == "maatregel_id 'X-1' staat al in t.csv, rij 2"
    assert problem.message.en == "maatregel_id 'X-1' is already in t.csv, row 2"


def test_a_file_without_a_required_column_gives_no_measures_but_its_cell_problems(resolvers: dict) -> None:
    table = _table(soorten="feestje")
    table = Table(table.path, [h for h in table.headers if h != "bronnen"],
                  [{h: c for h, c in table.rows[0].items() if h != "bronnen"}])
    measures, problems = parse_measures(table, **resolvers)
    assert measures == []
    assert sorted(p.code for p in problems) == ["missing-column", "unknown-code"]


def test_bad_output_licence_and_boolean(resolvers: dict) -> None:
    _, problems = parse_measures(
        _table(outputs="veel meldingen", licentie="alle rechten voorbehouden", specifiek_sgg="soms"),
        **resolvers)
    assert sorted(p.code for p in problems) == ["bad-boolean", "bad-output", "unknown-licence"]


def test_the_shipped_dataset_parses_without_any_problem(resolvers: dict) -> None:
    cfg = Config()
    measures, problems = parse_measures(read_measure_table(cfg.data_dir / "maatregelen.csv"), **resolvers)
    assert problems == []
    assert len(measures) >= 30
    for m in measures:
        assert m.sources and all(url.startswith("https://") for url in m.sources), m.measure_id
        assert m.publication_consent and m.licence and m.reported_by == "redactie"
        assert m.contact_email is None  # public sources give no mailbox; never a person
        assert m.start.first_day() <= m.reported_on.first_day()
        assert m.measure_id.startswith(m.municipality.nis_code + "-")
    partners = {m.measure_id: {(p.organisation, p.role) for p in m.partners} for m in measures}
    gent = partners["44021-2021-001"]
    assert {("casa-rosa", "partner"), ("horecacel-unizo-oost-vlaanderen", "partner")} <= gent
    assert {("fluvia", "partner"), ("fod-volksgezondheid", "partner")} <= partners["34022-2012-001"]
    assert ("lokale-politie-zele", "partner") in partners["42028-2018-001"]
    assert ("lokale-politie-oostende", "partner") in partners["35013-2023-001"]
    # The 2025 mergers show: Kruibeke (46013) in 2022 is found under Beveren-Kruibeke-Zwijndrecht.
    kruibeke = next(m for m in measures if m.municipality.nis_code == "46013")
    assert [c.nis_code for c in kruibeke.current_municipalities] == ["46030"]


# People DOMAIN-NOTES names (a minister, a campaign ambassador, a state secretary opening a centre,
# councillors whose sites are cited): the published data names their role, never them.
PERSON_NAMES = ("Demir", "Vanwezemael", "Rapol", "De Roo", "Sleurs", "Dalle", "Vandenhove")


def person_names_in(text: str) -> list[str]:
    """The PERSON_NAMES in a cell's text, accents and case folded; URLs are citations and not scanned."""
    folded = unicodedata.normalize("NFKD", re.sub(r"https?://\S+", " ", text)).encode("ascii", "ignore")
    words = folded.decode().lower()
    return [n for n in PERSON_NAMES if re.search(r"\b" + r"\s+".join(n.lower().split()) + r"\b", words)]


def test_the_person_names_come_from_the_domain_notes(reference: Path) -> None:
    notes = (reference / "DOMAIN-NOTES.md").read_text(encoding="utf-8").lower()
    assert all(name.lower().replace(" ", "") in notes for name in PERSON_NAMES)
    assert person_names_in("Gelanceerd door minister Démir met ambassadrice Lotte VANWEZEMAEL.") == [
        "Demir", "Vanwezemael"]
    assert person_names_in("de Roo;Cécile Rapol") == ["Rapol", "De Roo"]
    assert person_names_in("https://kw.be/cecile-rapol-opent; de minister; Roodebeek; Dallas") == []


@pytest.mark.parametrize("name", sorted(p.name for p in Config().data_dir.glob("*.csv")))
def test_no_person_names_in_the_published_data(name: str) -> None:
    with (Config().data_dir / name).open(encoding="utf-8", newline="") as fh:
        text = fh.read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if name == "maatregelen.csv" else ","))
    assert len(rows) > 1
    found = [(i, cell, person_names_in(cell)) for i, row in enumerate(rows, 1) for cell in row
             if person_names_in(cell)]
    assert found == [], f"{name}: name the role (de minister, de burgemeester), not the person"


@pytest.mark.parametrize(("role", "published"), [
    ("Jan Peeters", False), ("An De Smet", False), ("Sofie Van den Broeck", False),
    ("preventiecoördinator", True), ("Dienst Preventie voor Veiligheid", True), ("Stad Gent", True),
    ("jeugdconsulent", True), ("Horeca Coach", True),
])
def test_contact_role_that_looks_like_a_person(role: str, published: bool, resolvers: dict) -> None:
    (m,), problems = parse_measures(_table(contactrol=role), **resolvers)
    assert (m.contact_role == role) is published
    assert [(p.code, p.severity, p.column, p.value) for p in problems] == (
        [] if published else [("personal-contact", "warning", "contactrol", role)])
