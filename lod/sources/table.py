"""What every reader returns: a table of cells that know where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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

    path: Path
    headers: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)
