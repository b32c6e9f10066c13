"""The exception tree of `lod`.

    LodError                  anything `lod` raises on purpose; cli.main maps it to an exit code
     ├── InputError           unreadable or malformed input (file, row, column)      -> exit 2
     │    └── CellError       a spreadsheet cell that does not fit its column (lod.sources.cells)
     ├── ConfigError          a bad setting, naming the nearest valid one             -> exit 2
     ├── DataInvalid          the data breaks the shapes; carries the report          -> exit 1
     ├── QueryError           a SPARQL query that does not parse or is not allowed    -> exit 2
     └── StoreError           a store that cannot be opened, read or written          -> exit 2
          ├── StoreBusy       no query worker free in time, or too many long queries at once
          └── QueryStopped    a query the store stopped before it answered
               ├── QueryTimeout       at its time limit
               ├── QueryOutOfMemory   at its worker's memory limit
               └── QueryCancelled     because its client went away

`Problem` is what every report line is made of: an InputError carries one, the records stage
collects them per cell, and the validation report explains each finding as one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lod.text import Text


class LodError(Exception):
    """Base of every error `lod` raises on purpose."""

    exit_code = 2

    def text(self, lang: str) -> str:
        """The error as the terminal shows it in `lang` (errors for operators speak English only)."""
        return str(self)


Severity = Literal["error", "warning"]

_ARTICLES = {"De", "Het", "Een", "Er", "Dit", "Deze", "The", "A", "An", "This", "There"}
# The words of a problem's line; a table of words, picked like every Text.
_WORDS = Text({"row": "rij", "column": "kolom", "warning": "waarschuwing", "fix": "Oplossing"},
              {"row": "row", "column": "column", "warning": "warning", "fix": "Fix"})


@dataclass(frozen=True)
class Problem:
    """What is wrong, where (file, row, column, value) and how to fix it, in Dutch and English.

    Every problem `lod` reports is one: a cell the records stage cannot read, a finding of the
    shapes placed at its cell, an input file that cannot be opened (InputError carries one).

    >>> p = Problem(Text("De einddatum ligt voor de start", "The end is before the start"),
    ...             file="m.csv", row=4, column="einddatum", value="2022",
    ...             hint=Text("verbeter er één", "correct one"))
    >>> print(p.line("nl"))
    m.csv, rij 4, kolom einddatum: '2022' — de einddatum ligt voor de start. Oplossing: verbeter er één.
    >>> Problem(Text("bestand niet gevonden", "file not found"), file="x.csv", severity="warning").line("en")
    'x.csv (warning): file not found'
    """

    message: Text[str]
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    hint: Text[str] | None = None
    severity: Severity = "error"
    code: str = ""  # a stable identifier of the rule, e.g. "unknown-municipality" or a shape's name

    @property
    def shown(self) -> str | None:
        """The value as a report shows it: control and bidi characters escaped, cut at SHOWN chars.

        A report is printed on a terminal and put on a page: a cell's escape sequences or
        right-to-left overrides must not act there, and a 1 MB cell is not repeated in full.

        >>> shown = Problem(Text("", ""), value="a\\u202eb\\x1b[2J" + "x" * 200).shown
        >>> print(shown[:15], len(shown), shown[-7:])
        a\\u202eb\\x1b[2J 95 … (207)
        """
        if self.value is None:
            return None
        text = "".join(_escaped(c) for c in self.value[:SHOWN])
        return text + (f"… ({len(self.value)})" if len(self.value) > SHOWN else "")

    def where(self, lang: str) -> str:
        """'file, row r, column c', as much of it as is known."""
        words = _WORDS.pick(lang)
        return ", ".join(part for part in (
            self.file, f"{words['row']} {self.row}" if self.row is not None else None,
            f"{words['column']} {self.column}" if self.column else None) if part)

    def line(self, lang: str) -> str:
        """THE line of a problem: "where: 'value' — what. Fix: how." (a warning says so after where)."""
        words = _WORDS.pick(lang)
        where, text = self.where(lang), self.message.pick(lang)
        if self.value and self.file:
            text = f"'{self.shown}' — {_lower_article(text)}"
        if self.severity == "warning":
            where = f"{where} ({words['warning']})" if where else words["warning"]
        line = f"{where}: {text}" if where else text
        hint = self.hint.pick(lang) if self.hint else None
        return f"{line.rstrip('.')}. {words['fix']}: {hint.rstrip('.')}." if hint else line


SHOWN = 80  # characters of a value a report line repeats


def quoted(value: str) -> str:
    """A value inside a message, quoted and cut like `Problem.shown` (the line shows it in full too).

    >>> quoted("Mechlen"), quoted("9" * 100)[-4:]
    ("'Mechlen'", "99…'")
    """
    return repr(value if len(value) <= SHOWN // 2 else value[:SHOWN // 2] + "…")


def _escaped(char: str) -> str:
    """A character as a report may print it: controls (Cc) and format characters (Cf: bidi
    overrides, zero-width) as their escape, everything else as it is."""
    if unicodedata.category(char) in ("Cc", "Cf") and char not in "\t":
        return char.encode("unicode_escape").decode("ascii")
    return char


def _lower_article(text: str) -> str:
    """'De einddatum …' reads on after a value as 'de einddatum …'; names keep their capital."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in _ARTICLES and rest else text


class InputError(LodError):
    """Input that cannot be read: what, where (file, row, column) and how to fix it, as a Problem.

    >>> err = InputError(Text("bestand niet gevonden", "file not found"), file="x.csv", row=3,
    ...                  hint=Text("geef het pad", "give the path"))
    >>> str(err)
    'x.csv, rij 3: bestand niet gevonden. Oplossing: geef het pad.'
    >>> err.text("en")
    'x.csv, row 3: file not found. Fix: give the path.'
    """

    def __init__(self, message: Text[str], *, file: str | Path | None = None, row: int | None = None,
                 column: str | None = None, value: str | None = None, hint: Text[str] | None = None,
                 code: str = "") -> None:
        self.problem = Problem(message, file=str(file) if file is not None else None, row=row,
                               column=column, value=value, hint=hint, code=code)
        super().__init__(self.text("nl"))

    def text(self, lang: str) -> str:
        return self.problem.line(lang)


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


class StoreBusy(StoreError):
    """No query worker could take the query now: the queue is full, the wait ran out, or the
    workers long queries may use are taken. `retry_after` is the seconds to wait before trying again."""

    def __init__(self, message: str, *, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueryStopped(StoreError):
    """A query the store stopped before it answered; the worker that ran it was replaced."""


class QueryTimeout(QueryStopped):
    """A query that ran past its time limit and was stopped."""


class QueryOutOfMemory(QueryStopped):
    """A query that needed more memory than its worker may use."""


class QueryCancelled(QueryStopped):
    """A query stopped because its client went away."""
