"""Every input, a clear answer: hostile sheets against `lod build` with a release in place.

Each class of input that once published something it should not (or ended in a traceback) is
built here over a real release: the report names the file, row and column, and the release in
place is the one before, byte for byte. A contact cell naming a person is the one input that
still builds: the cell is left out, a warning names it, and no file of the release holds it.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from lod.build import build, validate
from lod.config import Config
from lod.errors import DataInvalid, InputError, Problem

ROOT = Path(__file__).resolve().parents[1]  # the checkout
VALID = ROOT / "tests" / "data" / "spreadsheets" / "valid-semicolon-utf8.csv"
SHEET = VALID.read_text(encoding="utf-8")
HEADER = SHEET.split("\n", 1)[0]
ROWS = list(csv.reader(io.StringIO(SHEET, newline=""), delimiter=";"))  # header and two measures


@pytest.fixture(scope="module")
def cfg(small_data: Path) -> Config:
    return Config(release_date=date(2026, 3, 1), data_dir=small_data)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, cfg: Config) -> Path:
    """A dist/ with a release of the two valid measures in place."""
    out = tmp_path_factory.mktemp("dist")
    build([VALID], config=cfg, out=out)
    return out


def fingerprint(out: Path) -> tuple[Path, str]:
    """Where dist/current points and the hash of its manifest: the release in place."""
    current = (out / "current").resolve()
    return current, hashlib.sha256((current / "manifest.json").read_bytes()).hexdigest()


def refused(out: Path, cfg: Config, path: Path) -> list[Problem]:
    """Build `path` over the release in place: it must fail and leave that release as it was."""
    before = fingerprint(out)
    with pytest.raises((DataInvalid, InputError)) as info:
        build([path], config=cfg, out=out)
    assert fingerprint(out) == before
    error = info.value
    return error.report if isinstance(error, DataInvalid) else [error.problem]


def at(problems: list[Problem], code: str) -> list[tuple]:
    return sorted((p.file, p.row, p.column) for p in problems if p.code == code and p.severity == "error")


def cell(column: str, value: str, row: int = 2, rows: list[list[str]] | None = None) -> list[list[str]]:
    """The valid sheet's rows with one cell (by column, on spreadsheet row `row`) replaced."""
    rows = [list(r) for r in (rows or ROWS)]
    if column not in rows[0]:
        rows = [r + [column if i == 0 else ""] for i, r in enumerate(rows)]
    rows[row - 1][rows[0].index(column)] = value
    return rows


def as_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(("name", "column", "value", "code"), [
    ("nul.csv", "titel", "Vraag\x00naar Angela", "control-character"),
    ("bell.csv", "beschrijving", "Vijftien cafés\x07 doen mee.", "control-character"),
    ("escape.csv", "titel", "Vraag naar Angela\x1b[2J", "control-character"),
    ("rtl-override.csv", "titel", "Vraag naar \u202eAlegna", "bidi-control"),
    ("isolate.csv", "evenement", "Gentse \u2066Feesten\u2069", "bidi-control"),
    ("long-title.csv", "titel", "x" * 100_000, "too-long"),
    ("one-megabyte.csv", "beschrijving", "Vijftien cafés doen mee. " * 42_000, "too-long"),
    ("serial-date.csv", "startdatum", "99999", "bad-date"),
    ("year-3000.csv", "einddatum", "3000-01-01", "bad-date"),
    ("excel-error.csv", "startdatum", "#VALUE!", "excel-error"),
    ("huge-number.csv", "outputs", "meldingen = " + "9" * 4301, "too-long"),  # past int's text limit
    ("long-number.csv", "outputs", "meldingen = " + "9" * 400, "bad-output"),  # past 15 digits
    ("exponent.csv", "outputs", "meldingen = 1e999999999", "bad-output"),
    ("personal-mail-in-text.csv", "beschrijving", "Mail sarah.peeters@mechelen.be voor info.",
     "personal-address"),
])
def test_a_hostile_cell_is_named_and_the_release_stays(out, cfg, tmp_path, name, column, value, code):
    problems = refused(out, cfg, write(tmp_path, name, as_csv(cell(column, value))))
    assert at(problems, code) == [(name, 2, column)], [p.line("en") for p in problems]
    line = next(p for p in problems if p.code == code).line("en")
    assert len(line) < 600  # a 1 MB cell is not repeated in the report
    assert "\x00" not in line and "\x1b" not in line and "\u202e" not in line


def test_mixed_windows_1252_and_utf8_is_named_at_its_cell(out, cfg, tmp_path):
    """Row 2 typed in Windows-1252, row 3 pasted from a UTF-8 file: read as Windows-1252, row 3's
    'é' would be published as 'Ã©'."""
    header, first, second = as_csv(cell("titel", "Café-aanpak", row=3)).split("\n", 2)
    data = (header + "\n").encode() + (first + "\n").encode("cp1252") + second.encode("utf-8")
    problems = refused(out, cfg, write(tmp_path, "mixed.csv", data))
    assert at(problems, "mojibake") == [("mixed.csv", 3, "beschrijving"), ("mixed.csv", 3, "titel")]
    assert "'Ã©', which should read 'é'" in next(p for p in problems if p.code == "mojibake").line("en")


@pytest.mark.parametrize(("encoding", "named"), [("utf-16", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE"),
                                                 ("utf-32", "UTF-32 LE")])
def test_a_file_in_another_encoding_is_named_as_such(out, cfg, tmp_path, encoding, named):
    problems = refused(out, cfg, write(tmp_path, "unicode-text.csv", SHEET.encode(encoding)))
    assert [(p.file, p.code) for p in problems] == [("unicode-text.csv", "encoding")]
    assert f"the file is text in {named}" in problems[0].line("en")


def test_bytes_of_a_third_encoding_are_located(out, cfg, tmp_path):
    data = SHEET.encode("utf-8").replace(b"Vraag naar Angela", b"Vraag \xc3\xa9 \x81 Angela")
    (problem,) = refused(out, cfg, write(tmp_path, "broken.csv", data))
    assert problem.code == "encoding" and "mixes UTF-8 with another character encoding" in problem.line("en")
    assert "on line 2" in problem.line("en")


@pytest.mark.parametrize("sheet", [HEADER + "\n", HEADER + "\n;;;;\n"])
def test_a_sheet_without_measures_does_not_replace_the_release(out, cfg, tmp_path, sheet):
    problems = refused(out, cfg, write(tmp_path, "header-only.csv", sheet))
    errors = [(p.file, p.code) for p in problems if p.severity == "error"]
    assert errors == [("header-only.csv", "no-measures")]
    assert "--allow-empty" in problems[-1].line("en")


def test_allow_empty_builds_a_release_without_measures(cfg, tmp_path):
    release = build([write(tmp_path, "empty.csv", HEADER + "\n")], config=cfg, out=tmp_path / "dist",
                    allow_empty=True)
    assert release.path == (tmp_path / "dist" / "current").resolve()


def workbook(tmp_path: Path, name: str, **typed: object) -> Path:
    """The valid sheet's first measure as an XLSX, with typed values (dates, numbers) in some cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ROWS[0])
    sheet.append(ROWS[1])
    for column, value in typed.items():
        target = sheet.cell(row=2, column=ROWS[0].index(column) + 1, value=value)
        if isinstance(value, int):
            target.number_format = "yyyy-mm-dd"  # a date cell holding a serial day number
    book.save(tmp_path / name)
    return tmp_path / name


def test_an_xlsx_date_cell_with_a_time_of_day_is_read_as_its_day(cfg, tmp_path):
    path = workbook(tmp_path, "date-time.xlsx", startdatum=datetime(2022, 4, 1, 20, 30),
                    gemeld_op=datetime(2026, 11, 27, 9, 15))
    checked = validate([path], config=cfg)
    assert checked.ok, checked.report_text("en")
    (measure,) = checked.measures
    assert (measure.start.iso(), measure.reported_on.iso()) == ("2022-04-01", "2026-11-27")


def test_an_xlsx_date_out_of_excel_range_is_named_at_its_cell(out, cfg, tmp_path):
    path = workbook(tmp_path, "far-date.xlsx", startdatum=3_000_000_000)
    with pytest.warns(UserWarning, match="outside the limits for dates"):  # openpyxl's own word on it
        problems = refused(out, cfg, path)
    assert at(problems, "excel-error") == [("far-date.xlsx", 2, "startdatum")]


PERSON = "Sarah Peeters"


def test_a_person_named_in_a_contact_cell_is_in_no_file_of_the_release(cfg, tmp_path):
    """The case that published a name in 222 vergelijking/*.json files: every file is scanned,
    gzipped dumps unpacked, the store's files as bytes; the report names the cell left out."""
    rows = cell("contactmailbox", "sarah.peeters@mechelen.be", row=3,
                rows=cell("contactrol", f"{PERSON}, preventiecoördinator"))
    release = build([write(tmp_path, "contact.csv", as_csv(rows))], config=cfg, out=tmp_path / "dist")
    left_out = [(p.row, p.column) for p in release.warnings if p.code == "personal-contact"]
    assert left_out == [(2, "contactrol"), (3, "contactmailbox")]
    needles = [n.encode() for n in (PERSON, "Peeters", "sarah.peeters")]
    scanned, found = 0, []
    for path in sorted(release.path.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        scanned += 1
        found += [(path.relative_to(release.path).as_posix(), n) for n in needles
                  if n.lower() in data.lower()]
    assert scanned > 500 and found == []
    # and what is published instead: the role part is not kept either (the cell is left out whole)
    assert b"preventieco" not in (release.path / "dumps" / "veilig-uitgaan.nt").read_bytes()
