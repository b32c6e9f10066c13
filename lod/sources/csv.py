"""CSV as people in Flanders export it from Excel: ';' or ',', UTF-8 (± BOM) or Windows-1252.

Rows are numbered as the editor sees them in a spreadsheet (header = row 1, one row per record,
even when a quoted cell holds line breaks), so a report points at the row they can find.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable
from pathlib import Path, PurePath

from lod.errors import InputError
from lod.sources.table import Cell, Table, check_headers, too_many_rows
from lod.text import Text

log = logging.getLogger(__name__)

SEPARATORS = (";", ",")


# A cell may be as long as the file: the column's own bound (records/columns.py MAX_CHARS) refuses a
# long one at its row and column, where csv's default limit (131,072) would refuse the whole file.
# A fixed value, not the file's length: csv's limit is one setting for the whole process.
FIELD_LIMIT = 1 << 30

# Byte-order marks of the encodings Excel, Notepad and LibreOffice write besides UTF-8.
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32 LE"), (b"\x00\x00\xfe\xff", "UTF-32 BE"),
         (b"\xff\xfe", "UTF-16 LE"), (b"\xfe\xff", "UTF-16 BE"))
# A UTF-8 sequence of two to four bytes: its presence beside bytes that are no UTF-8 means two
# encodings in one file.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SAVE_UTF8 = Text("bewaar het in Excel als 'CSV UTF-8 (door lijstscheidingsteken gescheiden)'",
                  "save it in Excel as 'CSV UTF-8 (Comma delimited)'")


def named_encoding(data: bytes) -> str | None:
    """The encoding a file's bytes show by a byte-order mark or by zero bytes between the letters
    (UTF-16 without a mark), else None.

    >>> named_encoding("maatregel_id".encode("utf-16")), named_encoding("ab".encode("utf-16-be"))
    ('UTF-16 LE', 'UTF-16 BE')
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) * 4 >= len(sample):  # text has no zero bytes; UTF-16 half
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        return "UTF-16 LE" if odd > even else "UTF-16 BE"
    return None


def decode(data: bytes, path: PurePath) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (with or without BOM), else Windows-1252.

    Anything else is refused naming what it is: UTF-16 or UTF-32 (Excel's 'Unicode text'), an
    XLSX workbook with a .csv name, or bytes of a third encoding, with the line they are on.
    """
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            Text("het bestand is een Excel-werkmap (.xlsx), geen CSV-tekst",
                 "the file is an Excel workbook (.xlsx), not CSV text"),
            file=path.name, code="not-csv",
            hint=Text("geef het bestand de extensie .xlsx, of bewaar het als CSV UTF-8",
                      "give the file the suffix .xlsx, or save it as CSV UTF-8"))
    if named := named_encoding(data):
        raise InputError(
            Text(f"het bestand is tekst in {named}, niet in UTF-8 of Windows-1252",
                 f"the file is text in {named}, not in UTF-8 or Windows-1252"),
            file=path.name, code="encoding", hint=_SAVE_UTF8)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"  # mojibake from UTF-8 parts: lod.sources.cells.mojibake
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        mixed = _UTF8_SEQUENCE.search(data) is not None
        what = (Text("het bestand mengt UTF-8 met een andere tekencodering",
                     "the file mixes UTF-8 with another character encoding") if mixed else
                Text("het bestand is geen tekst in UTF-8 of Windows-1252",
                     "the file is not text in UTF-8 or Windows-1252"))
        raise InputError(
            what + Text(f": byte {exc.start} (0x{data[exc.start]:02X}) op regel {line} past in geen "
                        "van beide",
                        f": byte {exc.start} (0x{data[exc.start]:02X}) on line {line} fits neither"),
            file=path.name, code="encoding", hint=_SAVE_UTF8) from exc


def _records(text: str, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"'))


def _header(text: str, separator: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator), [])
    return [h.strip() for h in first]


def sniff_separator(text: str, path: PurePath, known: Callable[[str], bool] | None = None) -> str:
    """';' or ',': the one whose header splits into the most known columns (or the most columns)."""

    def score(separator: str) -> int:
        headers = [h for h in _header(text, separator) if h]
        return sum(1 for h in headers if known(h)) if known else len(headers) - 1

    best = max(SEPARATORS, key=score)  # ties go to ';', Excel's separator in Flemish locales
    if score(best) <= 0:
        first_line = text.splitlines()[0][:80] if text.strip() else ""
        raise InputError(
            Text(f"de kopregel splitst met ';' noch ',' in gekende kolommen: {first_line!r}",
                 f"the header row splits into known columns with neither ';' nor ',': {first_line!r}"),
            file=path.name, row=1,
            hint=Text("bewaar het bestand als CSV met ';' of ',' als scheidingsteken en de kolomnamen "
                      "van de README op de eerste rij",
                      "save the file as CSV with ';' or ',' as separator and the README's column names "
                      "on the first row"))
    return best


def read_csv(path: Path, *, known: Callable[[str], bool] | None = None, max_rows: int | None = None) -> Table:
    """Read a CSV into a Table of Cells.

    `known(header)` tells a known column header; the separator is the one that yields known columns.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            Text(f"kan het bestand niet lezen: {exc.strerror}",
                 f"cannot read the file: {exc.strerror}"),
            file=path.name) from exc
    return parse_csv(data, path, known=known, max_rows=max_rows)


def parse_csv(data: bytes, path: PurePath, *, known: Callable[[str], bool] | None = None,
              max_rows: int | None = None) -> Table:
    """The Table of a CSV file's bytes; `path` only names it. More than `max_rows` rows is refused."""
    text, encoding = decode(data, path)
    log.debug("%s: read as %s", path.name, encoding)
    separator = sniff_separator(text, path, known)
    log.debug("%s: separator %r", path.name, separator)
    csv.field_size_limit(FIELD_LIMIT)
    try:
        records = _records(text, separator)
    except csv.Error as exc:
        raise InputError(
            Text(f"onleesbare CSV: {exc}",
                 f"unreadable CSV: {exc}"),
            file=path.name,
            hint=Text("bewaar het bestand opnieuw als CSV vanuit Excel",
                      "save the file again as CSV from Excel")) from exc
    headers = [h.strip() for h in records[0]]
    check_headers(headers, path)
    table = Table(path=path, headers=[h for h in headers if h])
    if max_rows is not None and len(records) - 1 > max_rows:
        raise too_many_rows(path, max_rows)
    for index, record in enumerate(records[1:], start=2):
        if not any(value.strip() for value in record):
            continue  # an empty row (Excel exports trailing ';;;;')
        extra = [value for value in record[len(headers):] if value.strip()]
        if extra:
            raise InputError(
                Text(f"de rij heeft meer cellen ({len(record)}) dan de kopregel kolommen ({len(headers)})",
                     f"the row has more cells ({len(record)}) than the header has columns "
                     f"({len(headers)})"),
                file=path.name, row=index,
                hint=Text(f"zet tekst met '{separator}' tussen aanhalingstekens, of verwijder de extra "
                          "cellen",
                          f"put text containing '{separator}' in double quotes, or remove the extra cells"))
        table.rows.append(
            {
                header: Cell(value, path.name, index, header)
                for header, value in zip(headers, record + [""] * (len(headers) - len(record)), strict=True)
                if header
            }
        )
    return table



def read_reference(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """The project's own reference tables in data/ (UTF-8, ','): (row number, cells) per record,
    stripped; a missing file or column is an InputError naming it."""
    if not path.is_file():
        raise InputError(
            Text("bestand ontbreekt",
                 "file missing"),
            file=path,
            hint=Text("zie data/README.md",
                      "see data/README.md"))
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                Text(f"kolommen ontbreken: {', '.join(missing)}",
                     f"columns missing: {', '.join(missing)}"),
                file=path, row=1)
        return [(i, {k: (v or "").strip() for k, v in rec.items()}) for i, rec in enumerate(reader, 2)]
