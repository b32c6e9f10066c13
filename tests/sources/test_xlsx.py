"""XLSX: the sheet 'maatregelen', date cells and serials as ISO dates, numbers without '.0'."""

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from lod.errors import InputError
from lod.sources.xlsx import cell_text, read_xlsx

SHEETS = Path(__file__).resolve().parents[1] / "data" / "spreadsheets"


def test_reads_the_sheet_named_maatregelen_not_the_first() -> None:
    table = read_xlsx(SHEETS / "dates.xlsx")
    assert table.headers[0] == "maatregel_id"
    first, second = table.rows
    assert first["startdatum"].value == "2022-04-01"  # a date cell
    assert first["gemeld_op"].value == "2026-11-27"
    assert first["gemeente"].value == "12025"  # an integer cell
    assert second["gemeente"].value == "12025"  # a float cell 12025.0
    assert second["startdatum"].value == "44652"  # a serial typed as a number; parse_date reads it
    assert second["einddatum"].value == "2022-04-30"
    assert second["specifiek_sgg"].value == "ja"  # a boolean cell
    assert (first["titel"].file, first["titel"].row, first["titel"].column) == ("dates.xlsx", 2, "titel")
    assert second["beschrijving"].value.count("\n") == 1


def test_first_sheet_when_none_is_named_maatregelen(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["maatregel_id", "titel"])
    wb.active.append(["A", "=CONCAT(\"a\",\"b\")"])
    wb.active.append([None, None])
    wb.active.append(["B", 3.5])
    wb.save(tmp_path / "m.xlsx")
    table = read_xlsx(tmp_path / "m.xlsx")
    assert [r["titel"].value for r in table.rows] == ['=CONCAT("a","b")', "3.5"]  # formulas stay visible
    assert [r["titel"].row for r in table.rows] == [2, 4]


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("maatregel_id;titel\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_xlsx(path)
    assert info.value.problem.file == "fake.xlsx"
    assert info.value.problem.message.en.startswith("cannot open the workbook")


@pytest.mark.parametrize(("value", "text"), [
    (45.0, "45"), (45, "45"), (0.25, "0.25"), (True, "ja"), (False, "nee"), (None, ""),
    (datetime(2023, 6, 16, 0, 0), "2023-06-16"), (datetime(2023, 6, 16, 21, 30), "2023-06-16T21:30"),
    (date(2023, 6, 16), "2023-06-16"), ("tekst", "tekst"),
])
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text
