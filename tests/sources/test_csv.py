"""CSV as exported by Excel in Flanders: separators, encodings, quoted line breaks, row numbers."""

import logging
from pathlib import Path

import pytest

from lod.errors import InputError
from lod.records.columns import is_known_header
from lod.sources.csv import read_csv

SHEETS = Path(__file__).resolve().parents[1] / "data" / "spreadsheets"


def test_semicolon_utf8_with_quoted_line_breaks() -> None:
    table = read_csv(SHEETS / "valid-semicolon-utf8.csv", known=is_known_header)
    assert table.headers[:3] == ["maatregel_id", "gemeente", "titel"]
    first, second = table.rows
    assert first["beschrijving"].value == (
        "Vijftien cafés doen mee.\nHet personeel kreeg een opleiding van twee dagen."
    )
    assert first["soorten"].value == "codewoord; vorming"  # ';' inside quotes stays in the cell
    # Rows as the editor sees them: the line break in row 2 does not shift row 3.
    assert (first["titel"].row, second["titel"].row) == (2, 3)
    assert second["titel"].file == "valid-semicolon-utf8.csv"
    assert second["titel"].column == "titel"


def test_comma_with_bom(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="lod.sources.csv"):
        table = read_csv(SHEETS / "valid-comma-bom.csv", known=is_known_header)
    assert table.headers[0] == "maatregel_id"  # no '\ufeff' glued to the first header
    assert table.rows[0]["soorten"].value == "codewoord; vorming"
    assert "read as utf-8" in caplog.text
    assert "separator ','" in caplog.text


def test_cp1252_is_detected(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="lod.sources.csv"):
        table = read_csv(SHEETS / "semicolon-cp1252.csv", known=is_known_header)
    row = table.rows[0]
    assert row["titel"].value == "Opleiding voor café-uitbaters"
    assert row["contactrol"].value == "preventiecoördinator"
    assert row["partners"].value == "Plan International België"
    assert "read as cp1252" in caplog.text


def test_wrong_separator_says_so() -> None:
    with pytest.raises(InputError) as info:
        read_csv(SHEETS / "wrong-separator.csv", known=is_known_header)
    error = info.value.problem
    assert (error.file, error.row) == ("wrong-separator.csv", 1)
    assert "';' noch ','" in error.message.nl
    assert "maatregel_id\\tgemeente" in error.message.nl
    assert "neither ';' nor ','" in error.message.en and "separator" in error.hint.en
    assert info.value.text("en").startswith("wrong-separator.csv, row 1: the header row")


def test_unquoted_separator_in_a_cell(tmp_path: Path) -> None:
    path = tmp_path / "unquoted.csv"
    path.write_text("maatregel_id;soorten\nA;vorming;codewoord\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_csv(path, known=is_known_header)
    assert info.value.problem.row == 2
    assert "aanhalingstekens" in info.value.problem.hint.nl
    assert "more cells (3) than the header has columns (2)" in info.value.problem.message.en


def test_empty_rows_are_skipped_but_counted(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("maatregel_id;titel\nA;a\n;\n\nB;b\n;;\n", encoding="utf-8")
    table = read_csv(path, known=is_known_header)
    assert [(r["maatregel_id"].value, r["maatregel_id"].row) for r in table.rows] == [("A", 2), ("B", 5)]


def test_short_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("maatregel_id,titel,gemeente\nA,a\n", encoding="utf-8")
    row = read_csv(path, known=is_known_header).rows[0]
    assert row["gemeente"].value == "" and row["gemeente"].empty


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"maatregel_id;titel\n\x81\x8d\x90;x\n")
    with pytest.raises(InputError) as info:
        read_csv(path)
    assert "UTF-8" in info.value.problem.message.nl and info.value.problem.file == "binary.csv"
    assert info.value.problem.message.en.startswith("the file is not text in UTF-8")


def test_without_known_headers_the_separator_giving_more_columns_wins(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    assert read_csv(path).headers == ["a", "b", "c"]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n"])
def test_empty_file_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "leeg.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_csv(path, known=is_known_header)
    assert (info.value.problem.file, info.value.problem.row) == ("leeg.csv", 1)
