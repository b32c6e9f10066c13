"""Read an editor's sheet by its suffix: CSV (lod/sources/csv.py) or XLSX (lod/sources/xlsx.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lod.errors import InputError
from lod.sources.csv import read_csv
from lod.sources.table import Table
from lod.sources.xlsx import read_xlsx
from lod.text import Text


def read_table(path: Path, *, known: Callable[[str], bool] | None = None) -> Table:
    """Read a .csv or .xlsx by its suffix; `known(header)` helps the CSV separator sniffing."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return read_csv(path, known=known)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise InputError(
        Text(f"onbekend bestandstype {path.suffix or '(geen)'!r}",
             f"unknown file type {path.suffix or '(none)'!r}"),
        file=path.name,
        hint=Text("lever de maatregelen aan als .xlsx of .csv",
                  "deliver the measures as .xlsx or .csv"))


__all__ = ["read_table"]
