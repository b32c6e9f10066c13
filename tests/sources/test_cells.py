"""Cell parsers: lists, dates with their precision, booleans, URLs; formulas and markup refused."""

from datetime import date

import pytest

from lod.sources.cells import (
    EXCEL_ERRORS,
    CellError,
    PartialDate,
    check_text,
    parse_bool,
    parse_date,
    parse_day,
    parse_email,
    parse_url,
    split_list,
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("a; b;c", ["a", "b", "c"]),
        ("a | b|c", ["a", "b", "c"]),
        ("a\nb\r\nc", ["a", "b", "c"]),
        ("a;;\n; b", ["a", "b"]),
        ("  ", []),
        ("one item", ["one item"]),
    ],
)
def test_split_list(text: str, items: list[str]) -> None:
    assert split_list(text) == items


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2023-06-16", "2023-06-16", "day"),
        ("2023-6-1", "2023-06-01", "day"),
        ("2023-06", "2023-06", "month"),
        ("2023", "2023", "year"),
        ("16/06/2023", "2023-06-16", "day"),
        ("16-06-2023", "2023-06-16", "day"),
        ("16.06.2023", "2023-06-16", "day"),
        ("1/6/2023", "2023-06-01", "day"),
        ("06/2023", "2023-06", "month"),
        (" 2022-07 ", "2022-07", "month"),
        ("44652", "2022-04-01", "day"),  # an Excel serial day number
        ("44652.0", "2022-04-01", "day"),
        ("2023-06-16T10:00", "2023-06-16", "day"),  # an XLSX date-time cell: the day it names
        ("2023-06-16 23:59:59", "2023-06-16", "day"),
    ],
)
def test_parse_date_keeps_precision(text: str, iso: str, precision: str) -> None:
    value = parse_date(text)
    assert value.iso() == iso
    assert value.precision == precision


def test_a_day_is_a_date_to_the_day() -> None:
    assert parse_day("2026-11-27") == parse_day("27/11/2026") == PartialDate(2026, 11, 27)
    for partial in ("2026-11", "2026", "11/2026"):
        with pytest.raises(CellError) as info:
            parse_day(partial)
        assert info.value.code == "bad-date" and "2026-11-27" in info.value.problem.hint.nl


@pytest.mark.parametrize("text", ["31/02/2023", "2023-13", "juni 2023", "16/06/23", "2023-06-16T25:00",
                                  "1850", "", "=TODAY()", "99999", "2101-01-01"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(CellError) as info:
        parse_date(text)
    assert info.value.code in ("bad-date", "formula")
    assert info.value.problem.hint.nl and info.value.problem.hint.en


def test_partial_date_bounds() -> None:
    assert PartialDate(2024, 2).last_day() == date(2024, 2, 29)
    assert PartialDate(2023, 12).last_day() == date(2023, 12, 31)
    assert PartialDate(2023).first_day() == date(2023, 1, 1)
    assert PartialDate(2023).last_day() == date(2023, 12, 31)
    assert PartialDate(2023, 6, 16).last_day() == date(2023, 6, 16)


@pytest.mark.parametrize(("text", "value"), [
    ("ja", True), ("Nee", False), ("YES", True), ("no", False), ("true", True), ("False", False),
    ("1", True), ("0", False), ("waar", True), ("onwaar", False), ("x", True), (" X ", True),
])
def test_parse_bool(text: str, value: bool) -> None:
    assert parse_bool(text) is value


@pytest.mark.parametrize("text", ["misschien", "2", "ja/nee", "-"])
def test_parse_bool_refuses(text: str) -> None:
    with pytest.raises(CellError) as info:
        parse_bool(text)
    assert info.value.code == "bad-boolean"
    assert repr(text.strip()) in info.value.problem.message.nl


@pytest.mark.parametrize("text", ["=SUM(A1:A3)", " =HYPERLINK(\"https://x.be\")"])
def test_formulas_are_refused(text: str) -> None:
    with pytest.raises(CellError) as info:
        check_text(text)
    assert info.value.code == "formula"


@pytest.mark.parametrize("text", sorted(EXCEL_ERRORS) + [" #n/a ", "#Value!"])
def test_excel_error_values_are_refused_in_any_case(text: str) -> None:
    with pytest.raises(CellError) as info:
        check_text(text)
    assert info.value.code == "excel-error"


@pytest.mark.parametrize(("text", "kept"), [
    ("  Vraag naar Angela ", "Vraag naar Angela"),  # ASCII: trimmed only
    ("#1 in Gent", "#1 in Gent"),  # a '#' that is no Excel error
    ("Cafe\u0301 ", "Caf\u00e9"),  # not ASCII: in NFC
    ("\ufb01lm", "\ufb01lm"),  # NFC keeps a compatibility ligature
])
def test_text_comes_back_trimmed_and_in_nfc(text: str, kept: str) -> None:
    assert check_text(text) == kept


@pytest.mark.parametrize("text", ["<b>Vraag</b> naar Angela", "<script>alert(1)</script>", "a<br/>b",
                                  "<img src=x onerror=alert(1)>", "Feest &amp; veilig"])
def test_markup_is_refused(text: str) -> None:
    with pytest.raises(CellError) as info:
        check_text(text)
    assert info.value.code == "markup"


@pytest.mark.parametrize("text", ["a < b en c > d", "<3 Gent", "5 < 10", "Vrouw & Maatschappij", "1 + 1 = 2"])
def test_plain_text_with_brackets_passes(text: str) -> None:
    assert check_text(text) == text


@pytest.mark.parametrize("text", ["https://www.vvsg.be/kennis?a=1&b=2", "http://kw.be/nieuws/x/"])
def test_parse_url(text: str) -> None:
    assert parse_url(text) == text


@pytest.mark.parametrize("text", ["www.vvsg.be", "ftp://x.be/a", "javascript:alert(1)", "https://",
                                  "https://a b.be", "mailto:info@x.be"])
def test_parse_url_refuses(text: str) -> None:
    with pytest.raises(CellError) as info:
        parse_url(text)
    assert info.value.code == "bad-url"


def test_parse_email() -> None:
    assert parse_email("mailto:preventie@stad.gent") == "preventie@stad.gent"
    with pytest.raises(CellError):
        parse_email("preventie at stad.gent")
