"""The exception tree of `lod`.

    LodError                  anything `lod` raises on purpose; cli.main maps it to an exit code
     ├── InputError           unreadable or malformed input (file, row, column)      -> exit 2
     ├── ConfigError          a bad setting, naming the nearest valid one             -> exit 2
     ├── DataInvalid          the data breaks the shapes; carries the report          -> exit 1
     ├── QueryError           a SPARQL query that does not parse or is not allowed    -> exit 2
     └── StoreError           a store that cannot be opened, read or written          -> exit 2
          └── QueryTimeout    a query stopped at its time limit
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class LodError(Exception):
    """Base of every error `lod` raises on purpose."""

    exit_code = 2


class InputError(LodError):
    """Input that cannot be read: says what, where (file, row, column) and how to fix it."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.file,
                f"rij {self.row}" if self.row is not None else None,
                f"kolom {self.column}" if self.column else None,
            )
            if part
        )
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class ConfigError(LodError):
    """A configuration value that is unknown or invalid."""


class DataInvalid(LodError):
    """The data violates the shapes; `report` holds the findings."""

    exit_code = 1

    def __init__(self, message: str, report: Any = None) -> None:
        super().__init__(message)
        self.report = report


class QueryError(LodError):
    """A SPARQL query that does not parse, or an update where only queries are allowed."""


class StoreError(LodError):
    """A store that cannot be opened, read or written."""


class QueryTimeout(StoreError):
    """A query that ran past its time limit and was stopped."""
