"""XLSX through openpyxl in read-only mode: the sheet "maatregelen" (else the first sheet).

Cells become text as the editor sees them: date cells become ISO dates, whole numbers lose their
".0", booleans become "ja"/"nee". Formulas are kept as their text ("=...") so the column parser
refuses them: a cached result may be stale or missing, and the editor must see which cell it is.
"""

from __future__ import annotations

import logging
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from lod.errors import InputError
from lod.sources.table import Cell, Table, check_headers
from lod.text import Text

log = logging.getLogger(__name__)

SHEET_NAME = "maatregelen"


def cell_text(value: Any) -> str:
    """The text of one openpyxl value.

    >>> cell_text(45.0), cell_text(0.5), cell_text(datetime(2023, 6, 16)), cell_text(None)
    ('45', '0.5', '2023-06-16', '')
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


def read_xlsx(path: Path) -> Table:
    """Read the measures sheet of a workbook into a Table of Cells (header = row 1)."""
    from openpyxl import load_workbook  # only needed for workbooks

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            Text(f"kan de werkmap niet openen: {exc}",
                 f"cannot open the workbook: {exc}"),
            file=path.name,
            hint=Text("bewaar het bestand in Excel als .xlsx (Excel-werkmap)",
                      "save the file in Excel as .xlsx (Excel Workbook)")) from exc
    try:
        names = {name.lower(): name for name in workbook.sheetnames}
        sheet = workbook[names.get(SHEET_NAME, workbook.sheetnames[0])]
        log.debug("%s: reading sheet %r", path.name, sheet.title)
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise InputError(
                Text("het werkblad is leeg",
                     "the worksheet is empty"),
                file=path.name, row=1,
                hint=Text("zet de kolomnamen op de eerste rij",
                          "put the column names on the first row"))
        headers = [cell_text(v).strip() for v in header_row]
        check_headers(headers, path)
        table = Table(path=path, headers=[h for h in headers if h])
        for index, values in enumerate(rows, start=2):
            texts = [cell_text(v) for v in values]
            if not any(t.strip() for t in texts):
                continue
            texts += [""] * (len(headers) - len(texts))
            table.rows.append(
                {h: Cell(t, path.name, index, h) for h, t in zip(headers, texts, strict=False) if h}
            )
        return table
    finally:
        workbook.close()
