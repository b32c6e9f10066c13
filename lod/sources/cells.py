"""Cell values as editors type them: lists, dates, booleans, URLs; formulas and markup refused.

Each parser takes the cell text and returns a value or raises `CellError`, which says in Dutch
and English what is wrong and how to fix it; `records` places it at the cell (`CellError.at`),
a Problem with the cell's file, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal
from urllib.parse import urlsplit

from lod.errors import InputError, Problem
from lod.sources.table import Cell
from lod.text import Text

Precision = Literal["day", "month", "year"]


class CellError(InputError):
    """A cell value that does not fit its column: `code` names the rule, `at(cell)` places it.

    A resolver's error (an unknown municipality or organisation) is one too, with `suggestions`:
    the known names closest to what was written.
    """

    def __init__(self, code: str, message: Text[str], hint: Text[str], *, value: str | None = None,
                 suggestions: list[str] | None = None) -> None:
        super().__init__(message, value=value, hint=hint, code=code)
        self.suggestions = suggestions or []

    @property
    def code(self) -> str:
        return self.problem.code

    def at(self, cell: Cell) -> Problem:
        """The problem at the spreadsheet cell; the value is the item that failed, else the cell's."""
        return replace(self.problem, file=cell.file, row=cell.row, column=cell.column,
                       value=cell.value if self.problem.value is None else self.problem.value)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as the source: a day, a month or a year.

    >>> parse_date("16/06/2023").iso()
    '2023-06-16'
    >>> parse_date("2023-06").precision
    'month'
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        """'2023-06-16', '2023-06' or '2023': the lexical form of xsd:date, gYearMonth or gYear."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day is not None:
            return self.first_day()
        if self.month is None:
            return date(self.year, 12, 31)
        following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - timedelta(days=1)


_LIST_SPLIT = re.compile(r"[;|\r\n]+")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_EU = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH_EU = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug
# An HTML/XML tag: '<b>', '</p>', '<script src=x>', '<br/>'; not 'a < b' or '<3'.
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>|&(?:[a-z]+|#\d+);")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")

TRUE_WORDS = frozenset({"ja", "yes", "true", "1", "waar", "x", "j", "y"})
FALSE_WORDS = frozenset({"nee", "no", "false", "0", "onwaar", "n"})


def split_list(text: str) -> list[str]:
    """Items of a list cell, separated by ';', '|' or line breaks; empty items dropped.

    >>> split_list("Sensoa; Plan International België |VAD\\nFlowgent")
    ['Sensoa', 'Plan International België', 'VAD', 'Flowgent']
    """
    return [item.strip() for item in _LIST_SPLIT.split(text) if item.strip()]


def check_text(text: str) -> str:
    """The text itself, trimmed, unless it is a formula or holds markup (both refused).

    >>> check_text("  Vraag naar Angela ")
    'Vraag naar Angela'
    """
    stripped = text.strip()
    if stripped.startswith("="):
        raise CellError(
            "formula",
            Text("de cel bevat een formule, geen waarde",
                 "the cell holds a formula, not a value"),
            Text("typ de waarde zelf in (of plak als waarde) in plaats van een formule",
                 "type the value itself (or paste as values) instead of a formula"),
        )
    if _MARKUP.search(stripped):
        raise CellError(
            "markup",
            Text("de tekst bevat HTML-opmaak",
                 "the text contains HTML markup"),
            Text("verwijder de tags (zoals <b> of <script>); schrijf gewone tekst",
                 "remove the tags (such as <b> or <script>); write plain text"),
        )
    return stripped


def parse_date(text: str) -> PartialDate:
    """'2023-06-16', '2023-06', '2023', '16/06/2023', '16-06-2023', '16.06.2023', '06/2023' or an
    Excel serial day number, keeping the precision that was written.

    >>> parse_date("2023").iso(), parse_date("16.06.2023").iso(), parse_date("45093").iso()
    ('2023', '2023-06-16', '2023-06-16')
    """
    value = check_text(text)
    year = month = day = None
    if m := _ISO.match(value):
        year, month, day = (int(g) if g else None for g in m.groups())
    elif m := _EU.match(value):
        day, month, year = (int(g) for g in m.groups())
    elif m := _MONTH_EU.match(value):
        month, year = (int(g) for g in m.groups())
    elif _EXCEL_SERIAL.match(value):
        serial = int(float(value))
        return PartialDate(*_ymd(_EXCEL_EPOCH + timedelta(days=serial)))
    else:
        raise _bad_date(value)
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        raise _bad_date(value, "de datum bestaat niet", "the date does not exist") from exc
    if not 1900 <= year <= 2100:
        raise _bad_date(value, "het jaartal is onwaarschijnlijk", "the year is implausible")
    return PartialDate(year, month, day)


def parse_day(text: str) -> PartialDate:
    """A date to the day ('2026-11-27', '27/11/2026' or an Excel serial day), as parse_date reads it.

    >>> parse_day("27/11/2026").iso()
    '2026-11-27'
    """
    found = parse_date(text)
    if found.precision != "day":
        raise CellError("bad-date", Text(f"geen volledige datum: {text.strip()!r}",
                                         f"not a full date: {text.strip()!r}"),
                        Text("schrijf de dag erbij, bv. 2026-11-27 of 27/11/2026",
                             "write the day too, e.g. 2026-11-27 or 27/11/2026"))
    return found


def _ymd(d: date) -> tuple[int, int, int]:
    return d.year, d.month, d.day


def _bad_date(value: str, nl: str = "geen geldige datum", en: str = "not a valid date") -> CellError:
    return CellError(
        "bad-date",
        Text(f"{nl}: {value!r}",
             f"{en}: {value!r}"),
        Text("schrijf 2023-06-16, 16/06/2023, 2023-06 of 2023",
             "write 2023-06-16, 16/06/2023, 2023-06 or 2023"),
    )


def parse_bool(text: str) -> bool:
    """ja/nee, yes/no, true/false, waar/onwaar, 1/0, or 'x' for yes.

    >>> parse_bool("Ja"), parse_bool("onwaar"), parse_bool("X")
    (True, False, True)
    """
    word = check_text(text).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(
        "bad-boolean",
        Text(f"geen ja/nee-waarde: {text.strip()!r}",
             f"not a yes/no value: {text.strip()!r}"),
        Text("schrijf ja of nee",
             "write ja (yes) or nee (no)"),
    )


def parse_url(text: str) -> str:
    """An absolute http(s) URL, else CellError.

    >>> parse_url(" https://www.sensoa.be/ ")
    'https://www.sensoa.be/'
    """
    value = check_text(text)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s|[<>\"{}]", value):
        raise CellError(
            "bad-url",
            Text(f"geen geldig webadres (http of https): {value!r}",
                 f"not a valid web address (http or https): {value!r}"),
            Text("schrijf het volledige adres, beginnend met https:// of http://",
                 "write the full address, starting with https:// or http://"),
        )
    return value


# Words that make a mailbox or a contact a role or a service, not a person.
ROLE_WORDS = (
    "preventie", "jeugd", "dienst", "info", "horeca", "welzijn", "veilig", "communicatie", "cultuur",
    "evenement", "stad", "gemeente", "politie", "secretariaat", "onthaal", "contact", "nacht",
    "uitgaan", "sport", "student", "meldpunt", "team", "coord", "feesten", "loket", "beleid",
)
_PERSONAL_MAILBOX = re.compile(r"^[a-z]+(?:-[a-z]+)?\.[a-z]+(?:-[a-z]+)?@")
_PERSON_NAME = re.compile(
    r"^[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?(?:\s+(?:[Vv]an|[Dd]e[nr]?|[Vv]er))*\s+[A-Z][a-zà-ÿ'-]+$"
)


def looks_personal(text: str) -> bool:
    """A firstname.lastname@ mailbox or a 'Firstname Lastname', without a role word in it.

    >>> [looks_personal(t) for t in ("jan.peeters@gent.be", "An De Smet", "preventie.x@gent.be")]
    [True, True, False]
    """
    value = text.strip()
    if "@" in value:
        local = value.lower().split("@", 1)[0] + "@"
        return bool(_PERSONAL_MAILBOX.match(local)) and not any(w in local for w in ROLE_WORDS)
    return bool(_PERSON_NAME.match(value)) and not any(w in value.lower() for w in ROLE_WORDS)


def parse_number(text: str) -> int | Decimal:
    """A number as written in Flanders or in English: Dutch thousands '.' and decimal ','.

    >>> parse_number("45"), parse_number("1.142"), parse_number("27,8"), parse_number("0.5")
    (45, 1142, Decimal('27.8'), Decimal('0.5'))
    """
    t = re.sub(r"\s", "", check_text(text))
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    elif "," in t:
        t = t.replace(".", "").replace(",", ".")
    try:
        number = Decimal(t)
    except InvalidOperation as exc:
        raise CellError("bad-number", Text(f"geen getal: {text!r}", f"not a number: {text!r}"),
                        Text("schrijf bv. 45 of 27,8", "write e.g. 45 or 27.8")) from exc
    return int(number) if "." not in t else number


def parse_email(text: str) -> str:
    """An e-mail address (a shared mailbox), else CellError."""
    value = check_text(text).removeprefix("mailto:")
    if not _EMAIL.match(value):
        raise CellError(
            "bad-email",
            Text(f"geen geldig e-mailadres: {value!r}",
                 f"not a valid e-mail address: {value!r}"),
            Text("schrijf een gedeelde mailbox, zoals preventie@gemeente.be",
                 "write a shared mailbox, such as preventie@gemeente.be"),
        )
    return value


__all__ = [
    "CellError", "PartialDate", "split_list", "check_text", "parse_date", "parse_day", "parse_bool",
    "parse_url", "parse_email", "parse_number", "looks_personal",
]
