"""The editors' template (lod template): what it holds, and that it reads back to the typed rows."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from lod.build import validate
from lod.cli import cli
from lod.config import Config
from lod.errors import DataInvalid
from lod.graph.codelists import CODELIST_NAMES, code_index
from lod.records.columns import COLUMNS, MAX_CHARS, SAMPLE_ID, licence_iri, read_measure_table
from lod.records.measures import parse_measures
from lod.records.partners import load_organisations
from lod.records.territory import load_municipalities
from lod.release.template import write_template
from lod.sources.cells import parse_bool

CFG = Config()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(CFG, tmp_path_factory.mktemp("template") / "sjabloon.xlsx")


@pytest.fixture(scope="module")
def book(template: Path):
    return load_workbook(template)


def test_the_measures_sheet_has_every_column_with_its_comment(book):
    sheet = book["maatregelen"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert sheet.freeze_panes == "A2"
    for cell, column in zip(sheet[1], COLUMNS, strict=True):
        text = cell.comment.text
        assert column.nl in text and f"voorbeeld: {column.example}" in text, column.header
        assert f"hoogstens {MAX_CHARS[column.header]} tekens" in text
        assert text.splitlines()[-1].startswith("verplicht;" if column.required else "niet verplicht;")


def test_the_english_template_explains_in_english(tmp_path):
    sheet = load_workbook(write_template(CFG, tmp_path / "template.xlsx", lang="en"))["maatregelen"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]  # headers stay the reader's
    comment = sheet["B1"].comment.text
    assert comment.startswith("Municipality of the measure") and "example: 44021" in comment


def _listed(book, formula: str) -> list[str]:
    """The values a list validation offers: an inline list or a range of another sheet."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_name, cells = formula.split("!")
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    sheet = book[sheet_name.strip("'")]
    return [sheet.cell(row=r, column=min_col).value for r in range(min_row, max_row + 1)]


def test_every_code_list_yes_no_and_licence_column_has_a_dropdown_the_reader_accepts(book):
    sheet = book["maatregelen"]
    validations = {}
    for validation in sheet.data_validations.dataValidation:
        for ranges in str(validation.sqref).split():
            validations[sheet.cell(row=1, column=range_boundaries(ranges)[0]).value] = validation
    codes = code_index(CFG)
    expected = {c.header for c in COLUMNS if c.kind in ("code", "bool", "licence")}
    assert set(validations) == expected
    for column in COLUMNS:
        if column.header not in validations:
            continue
        validation = validations[column.header]
        letter = _letter(column)
        assert validation.type == "list" and str(validation.sqref) == f"{letter}3:{letter}1001"
        offered = _listed(book, validation.formula1)
        if column.kind == "code":
            assert sorted(offered) == sorted(set(codes[column.scheme].values())), column.header
        elif column.kind == "bool":
            assert [parse_bool(v) for v in offered] == [True, False]
        else:
            assert all(licence_iri(v) for v in offered) and len(set(map(licence_iri, offered))) == 3
        # a list cell ('a; b') is not one item of the list: there the dropdown helps, never refuses
        assert validation.showErrorMessage is (not column.many), column.header


def _letter(column) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter([c.header for c in COLUMNS].index(column.header) + 1)


def test_the_reference_sheets_list_every_municipality_and_organisation(book):
    towns = load_municipalities(CFG.data_dir)
    rows = {r[0]: r for r in book["gemeenten"].iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(towns) == 327
    assert rows["46013"][1:2] + rows["46013"][5:] == ("Kruibeke", "46030", "Beveren-Kruibeke-Zwijndrecht")
    assert rows["71022"][5:] == ("71072", "Hasselt")  # same name, another code: never join on names
    assert rows["44021"][5:] == (None, None)  # Gent is today's
    organisations = [r[0] for r in book["organisaties"].iter_rows(min_row=2, values_only=True)]
    assert organisations == [o.slug for o in load_organisations(CFG.data_dir / "organisaties.csv")]
    codes_sheet = book["codelijsten"]
    assert [codes_sheet.cell(row=1, column=n * 4 + 1).value for n in range(len(CODELIST_NAMES))] == [
        f"{name}: code" for name in CODELIST_NAMES]
    steps = [r[0] for r in book["instructies"].iter_rows(values_only=True) if r[0]]
    assert steps[0] == "Zo vult u dit sjabloon in" and "/controle" in " ".join(steps)


def test_the_template_filled_in_reads_back_to_exactly_the_typed_measures(template, tmp_path):
    """An editor types two measures in the template as Excel keeps them: text in the text-formatted
    cells, and (pasted from elsewhere) a real date cell and a number."""
    book = load_workbook(template)
    sheet = book["maatregelen"]
    header = [c.header for c in COLUMNS]
    typed = [
        {"maatregel_id": "12025-2024-001", "gemeente": "12025", "titel": "Vraag naar Angela",
         "beschrijving": "Vijftien cafés doen mee.", "soorten": "codewoord; vorming", "specifiek_sgg": "ja",
         "omgevingen": "cafe", "doelgroepen": "horecapersoneel; uitgaanders", "trekker": "Stad Mechelen",
         "partners": "Sensoa (expertise)", "status": "lopend", "startdatum": "2024-03",
         "bronnen": "https://www.mechelen.be/vraag-naar-angela", "contactrol": "preventiedienst",
         "contactmailbox": "preventie@mechelen.be", "gemeld_door": "12025", "gemeld_op": "2024-05-02",
         "toestemming_publicatie": "ja", "licentie": "CC BY 4.0"},
        {"maatregel_id": "46013-2022-001", "gemeente": "Kruibeke", "titel": "Kroegentocht",
         "beschrijving": "Een veilige kroegentocht.", "soorten": "sensibilisering", "specifiek_sgg": "nee",
         "omgevingen": "cafe", "doelgroepen": "studenten", "trekker": "Gemeente Kruibeke",
         "status": "afgerond", "startdatum": datetime(2022, 10, 6), "einddatum": date(2022, 10, 6),
         "outputs": "deelnemers = 120 (2022)", "bronnen": "https://www.kruibeke.be/kroegentocht",
         "gemeld_door": "redactie", "gemeld_op": datetime(2026, 11, 27, 10, 5),
         "toestemming_publicatie": "ja", "licentie": "CC0"},
    ]
    for row, values in enumerate(typed, start=3):
        for name, value in values.items():
            sheet.cell(row=row, column=header.index(name) + 1, value=value)
    filled = tmp_path / "ingevuld.xlsx"
    book.save(filled)

    measures, problems = parse_measures(read_measure_table(filled), codes=code_index(CFG),
                                        municipalities=load_municipalities(CFG.data_dir),
                                        organisations=load_organisations(CFG.data_dir / "organisaties.csv"))
    assert [p for p in problems if p.severity == "error"] == []
    assert [(m.row, m.measure_id) for m in measures] == [(3, "12025-2024-001"), (4, "46013-2022-001")]
    first, second = measures
    assert (first.municipality.nis_code, first.title, first.kinds, first.sgg_specific) == (
        "12025", "Vraag naar Angela", ["codewoord", "vorming"], True)
    assert (first.start.iso(), first.start.precision, first.end) == ("2024-03", "month", None)
    assert [(p.organisation, p.role) for p in first.partners] == [("sensoa", "expertise")]
    assert (first.lead.municipality.nis_code, first.reported_by.nis_code) == ("12025", "12025")
    assert (first.contact_role, first.contact_email, first.reported_on.iso()) == (
        "preventiedienst", "preventie@mechelen.be", "2024-05-02")
    assert (second.municipality.nis_code, second.sgg_specific, second.status) == ("46013", False, "afgerond")
    assert (second.start.iso(), second.end.iso(), second.reported_on.iso()) == (
        "2022-10-06", "2022-10-06", "2026-11-27")
    assert [(o.indicator, o.value, o.period) for o in second.outputs] == [("deelnemers", 120, "2022")]
    assert second.licence == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert second.reported_by == "redactie"


def test_the_empty_template_has_nothing_to_publish(template, tmp_path):
    checked = validate([template], config=CFG)
    assert [(p.code, p.severity) for p in checked.problems] == [("no-measures", "error")]
    result = CliRunner().invoke(cli, ["build", str(template), "--out", str(tmp_path / "dist"), "-q"])
    assert isinstance(result.exception, DataInvalid) and result.exception.exit_code == 1
    assert "geen enkele maatregel om te publiceren" in str(result.exception)
    assert not (tmp_path / "dist" / "current").exists()


def test_a_changed_example_row_is_skipped_with_a_warning(template, tmp_path):
    book = load_workbook(template)
    book["maatregelen"]["D2"] = "Mijn maatregel"  # titel of the example row
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    checked = validate([changed], config=CFG, allow_empty=True)
    assert [(p.code, p.row, p.column, p.value) for p in checked.problems] == [
        ("sample-row", 2, "maatregel_id", SAMPLE_ID)]


def test_lod_template_writes_the_file(tmp_path):
    out = tmp_path / "sub" / "template.xlsx"
    result = CliRunner().invoke(cli, ["template", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["maatregelen"]["A1"].comment.text.startswith("Stable unique code")
