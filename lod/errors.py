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
    """Input that cannot be read: says what, where (file, row, column) and how to fix it, in nl and en.

    >>> err = InputError("bestand niet gevonden", file="x.csv", row=3, hint="geef het pad",
    ...                  message_en="file not found", hint_en="give the path")
    >>> str(err)
    'x.csv, rij 3: bestand niet gevonden (geef het pad)'
    >>> err.text("en")
    'x.csv, row 3: file not found (give the path)'
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
        message_en: str | None = None,
        hint_en: str | None = None,
    ) -> None:
        self.message_nl = message
        self.message_en = message_en
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.hint_nl = hint
        self.hint_en = hint_en
        super().__init__(self.__str__())

    def message(self, lang: str = "nl") -> str:
        """The message in `lang`; Dutch where no English was given."""
        return self.message_en if lang == "en" and self.message_en else self.message_nl

    def hint(self, lang: str = "nl") -> str | None:
        return self.hint_en if lang == "en" and self.hint_en else self.hint_nl

    def text(self, lang: str = "nl") -> str:
        """Where, what and how to fix it, as one line in `lang`."""
        row, column = ("row", "column") if lang == "en" else ("rij", "kolom")
        where = ", ".join(
            part
            for part in (
                self.file,
                f"{row} {self.row}" if self.row is not None else None,
                f"{column} {self.column}" if self.column else None,
            )
            if part
        )
        message, hint = self.message(lang), self.hint(lang)
        text = f"{where}: {message}" if where else message
        return f"{text} ({hint})" if hint else text

    def __str__(self) -> str:
        return self.text("nl")


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
