"""What every reader returns: a table of cells that know where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from lod.errors import InputError
from lod.text import Text


@dataclass(frozen=True)
class Cell:
    """One spreadsheet cell: its text and its origin (file, 1-based row as the editor sees it, header)."""

    value: str
    file: str
    row: int
    column: str

    @property
    def empty(self) -> bool:
        return not self.value.strip()


@dataclass
class Table:
    """The rows of one sheet, keyed by the header as written in the file."""

    path: PurePath  # names the file in reports; an upload's is a label, never opened
    headers: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)


def check_headers(headers: list[str], path: PurePath) -> None:
    """Refuse a header row that names a column twice (which cell would count?)."""
    seen: set[str] = set()
    for header in headers:
        if header and header.lower() in seen:
            raise InputError(
                Text(f"de kolom {header!r} staat twee keer in de kopregel",
                     f"the column {header!r} is in the header row twice"),
                file=path.name, row=1, column=header,
                hint=Text("verwijder of hernoem een van beide kolommen",
                          "remove or rename one of the two columns"))
        seen.add(header.lower())


def too_many_rows(path: PurePath, limit: int) -> InputError:
    """A sheet longer than a reader was asked to read (an upload's bound)."""
    return InputError(
        Text(f"het werkblad heeft meer dan {limit} rijen", f"the sheet has more than {limit} rows"),
        file=path.name, code="too-many-rows",
        hint=Text(f"verdeel de maatregelen over bestanden van hoogstens {limit} rijen",
                  f"split the measures into files of at most {limit} rows"))


__all__ = ["Cell", "Table", "check_headers", "too_many_rows"]
