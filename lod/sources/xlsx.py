"""XLSX through openpyxl in read-only mode: the sheet "maatregelen" (else the first sheet).

Cells become text as the editor sees them: date cells become ISO dates (a date-time keeps its
time, which the date parser reads as its day), whole numbers lose their ".0", booleans become
"ja"/"nee". Formulas are kept as their text ("=...") so the column parser refuses them: a cached
result may be stale or missing, and the editor must see which cell it is; nothing evaluates them.

A workbook from someone else (an upload) is a zip archive that may claim anything: `check_archive`
reads its directory and refuses too many entries or too many bytes unpacked before anything is
unpacked. zipfile holds every entry to the size its directory gives (a lying entry fails its
CRC check), so that bound holds while openpyxl reads; defusedxml, which openpyxl uses when it is
installed, refuses XML entity expansion (a "billion laughs" in sharedStrings.xml).
"""

from __future__ import annotations

import io
import logging
import zipfile
from datetime import date, datetime, time
from pathlib import Path, PurePath
from typing import IO, Any

from lod.errors import InputError
from lod.sources.table import Cell, Table, check_headers, too_many_rows
from lod.text import Text

log = logging.getLogger(__name__)

SHEET_NAME = "maatregelen"


def cell_text(value: Any) -> str:
    """The text of one openpyxl value.

    >>> cell_text(45.0), cell_text(0.5), cell_text(datetime(2023, 6, 16)), cell_text(None)
    ('45', '0.5', '2023-06-16', '')
    >>> cell_text(datetime(2023, 6, 16, 14, 30))
    '2023-06-16T14:30'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _unreadable(name: str, exc: Exception | None = None) -> InputError:
    first = str(exc).strip().splitlines()[0][:200] if exc is not None and str(exc).strip() else ""
    detail = f": {first}" if first else ""  # the first line of what openpyxl or zipfile said
    return InputError(
        Text(f"kan de werkmap niet openen{detail}",
             f"cannot open the workbook{detail}"),
        file=name, code="bad-workbook",
        hint=Text("bewaar het bestand in Excel als .xlsx (Excel-werkmap)",
                  "save the file in Excel as .xlsx (Excel Workbook)"))


def check_archive(data: bytes, name: str, *, max_unpacked: int, max_entries: int) -> None:
    """Refuse a workbook whose zip directory lists more than `max_entries` files or more than
    `max_unpacked` bytes once unpacked, before anything is unpacked (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:  # ValueError/OSError: a torn directory
        raise _unreadable(name, exc) from exc
    if len(entries) > max_entries:
        raise InputError(
            Text(f"de werkmap bevat {len(entries)} bestanden; hoogstens {max_entries}",
                 f"the workbook holds {len(entries)} files; at most {max_entries}"),
            file=name, code="archive-too-large",
            hint=Text("bewaar alleen het werkblad met de maatregelen als nieuwe .xlsx",
                      "save only the measures sheet as a new .xlsx"))
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_unpacked:
        raise InputError(
            Text(f"de werkmap is uitgepakt {unpacked:,} bytes; hoogstens {max_unpacked:,}".replace(",", "."),
                 f"the workbook unpacks to {unpacked:,} bytes; at most {max_unpacked:,}"),
            file=name, code="archive-too-large",
            hint=Text("verwijder afbeeldingen en andere werkbladen, of verdeel de maatregelen over "
                      "kleinere bestanden",
                      "remove pictures and other sheets, or split the measures into smaller files"))


def read_xlsx(path: Path, *, max_rows: int | None = None) -> Table:
    """Read the measures sheet of a workbook into a Table of Cells (header = row 1)."""
    return read_workbook(path, path, max_rows=max_rows)


def read_workbook(source: Path | IO[bytes], path: PurePath, *, max_rows: int | None = None) -> Table:
    """Read the measures sheet of a workbook (a file or its bytes) into a Table; `path` names it.

    More than `max_rows` rows (empty ones included: a sheet can claim a million) is refused."""
    from openpyxl import load_workbook  # only needed for workbooks

    try:
        workbook = load_workbook(source, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises what its parts raise: zip, XML, KeyError, ValueError, …
        raise _unreadable(path.name, exc) from exc
    try:
        return _sheet_table(workbook, path, max_rows)
    except InputError:
        raise
    except Exception as exc:  # a sheet's XML that breaks while it is read (read-only mode is lazy)
        raise _unreadable(path.name, exc) from exc
    finally:
        workbook.close()


def _sheet_table(workbook: Any, path: PurePath, max_rows: int | None) -> Table:
    names = {name.lower(): name for name in workbook.sheetnames}
    sheet = workbook[names.get(SHEET_NAME, workbook.sheetnames[0])]
    log.debug("%s: reading sheet %r", path.name, sheet.title)
    header_row = next(sheet.iter_rows(max_row=1, values_only=True), None)
    if header_row is None:
        raise InputError(
            Text("het werkblad is leeg",
                 "the worksheet is empty"),
            file=path.name, row=1,
            hint=Text("zet de kolomnamen op de eerste rij",
                      "put the column names on the first row"))
    headers = [cell_text(v).strip() for v in header_row]
    while headers and not headers[-1]:
        headers.pop()  # a sheet's dimension may reach far beyond its last named column
    check_headers(headers, path)
    table = Table(path=path, headers=[h for h in headers if h])
    # Only the header's columns, and one row more than allowed, so a bound is found without
    # reading (or padding) the rest of a sheet that claims a million rows.
    last = None if max_rows is None else max_rows + 2
    for index, values in enumerate(sheet.iter_rows(min_row=2, max_row=last, max_col=max(len(headers), 1),
                                                   values_only=True), start=2):
        if max_rows is not None and index - 1 > max_rows:
            raise too_many_rows(path, max_rows)
        texts = [cell_text(v) for v in values]
        if not any(t.strip() for t in texts):
            continue
        texts += [""] * (len(headers) - len(texts))
        table.rows.append(
            {h: Cell(t, path.name, index, h) for h, t in zip(headers, texts, strict=False) if h}
        )
    return table


__all__ = ["SHEET_NAME", "cell_text", "check_archive", "read_workbook", "read_xlsx"]
