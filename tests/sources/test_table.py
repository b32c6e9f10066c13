"""read_table chooses the reader by suffix; CSV and XLSX give the same cells for the same sheet."""

from pathlib import Path

import pytest

from lod.errors import InputError
from lod.sources.read import read_table

SHEETS = Path(__file__).resolve().parents[1] / "data" / "spreadsheets"


def test_unknown_suffix_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "maatregelen.ods"
    path.write_bytes(b"x")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert info.value.problem.file == "maatregelen.ods"
    assert "xlsx" in info.value.problem.hint.nl and "xlsx" in info.value.problem.hint.en
    assert info.value.problem.message.en == "unknown file type '.ods'"


def test_csv_and_xlsx_agree() -> None:
    csv_row = read_table(SHEETS / "valid-semicolon-utf8.csv").rows[0]
    xlsx_row = read_table(SHEETS / "dates.xlsx").rows[0]
    for header in ("maatregel_id", "gemeente", "titel", "beschrijving", "soorten", "trekker", "bronnen"):
        assert csv_row[header].value == xlsx_row[header].value, header
    assert xlsx_row["startdatum"].value == "2022-04-01"


def test_duplicate_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("maatregel_id;titel;Titel\nA;b;c\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert (info.value.problem.row, info.value.problem.column) == (1, "Titel")
    assert info.value.text("en") == ("twice.csv, row 1, column Titel: the column 'Titel' is in the header "
                                     "row twice. Fix: remove or rename one of the two columns.")
