"""Cell values as editors type them: lists, dates, booleans, URLs; formulas and markup refused.

Each parser takes the cell text and returns a value or raises `CellError`, which says in Dutch
and English what is wrong and how to fix it; `records` places it at the cell (`CellError.at`),
a Problem with the cell's file, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal
from urllib.parse import urlsplit

from lod.errors import InputError, Problem, quoted
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
# A date with a time of day, as an XLSX date-time cell reads ('2023-06-16T14:30') or a form exports.
_ISO_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?$")
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
    """The text itself, trimmed and in Unicode NFC, unless it cannot be published as it is: a
    formula, markup, a control or bidirectional-override character, an Excel error value, or
    mojibake (UTF-8 read as Windows-1252). Each is refused with what to do instead.

    >>> check_text("  Vraag naar Angela ")
    'Vraag naar Angela'
    >>> check_text("Cafe\u0301") == "Caf\u00e9"  # an 'e' and a combining accent become one 'é'
    True
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
    if stripped[:1] == "#" and stripped.upper() in EXCEL_ERRORS:  # each of them begins so
        raise CellError(
            "excel-error",
            Text(f"de cel toont een Excel-fout ({stripped}): een formule die faalde, of een datum die "
                 "Excel niet kan tonen (voor 1900 of na 9999)",
                 f"the cell shows an Excel error ({stripped}): a formula that failed, or a date Excel "
                 "cannot show (before 1900 or after 9999)"),
            Text("typ de waarde zelf in, een datum als 2023-06-16",
                 "type the value itself, a date as 2023-06-16"),
        )
    if found := _FORBIDDEN.search(stripped):
        char = found.group()
        named = ", ".join(part for part in (unicodedata.name(char, ""), f"U+{ord(char):04X}") if part)
        code = "bidi-control" if char in _BIDI else "control-character"
        raise CellError(
            code,
            Text(f"de tekst bevat een onzichtbaar stuurteken ({named}) op positie {found.start() + 1}",
                 f"the text holds an invisible control character ({named}) at position {found.start() + 1}"),
            _CONTROL_HINT[code],
        )
    plain = stripped.isascii()  # most cells: no mojibake (its letters are not ASCII), NFC already
    if not plain and (broken := mojibake(stripped)):
        raise CellError(
            "mojibake",
            Text(f"de tekst bevat {broken[0]!r}, wat {broken[1]!r} moet zijn: UTF-8 dat als "
                 "Windows-1252 gelezen werd (het bestand mengt twee tekencoderingen)",
                 f"the text holds {broken[0]!r}, which should read {broken[1]!r}: UTF-8 read as "
                 "Windows-1252 (the file mixes two character encodings)"),
            Text("bewaar het bestand opnieuw als 'CSV UTF-8' en verbeter de tekst in deze cel",
                 "save the file again as 'CSV UTF-8' and correct the text in this cell"),
        )
    if _MARKUP.search(stripped):
        raise CellError(
            "markup",
            Text("de tekst bevat HTML-opmaak",
                 "the text contains HTML markup"),
            Text("verwijder de tags (zoals <b> of <script>); schrijf gewone tekst",
                 "remove the tags (such as <b> or <script>); write plain text"),
        )
    return stripped if plain else unicodedata.normalize("NFC", stripped)


# What Excel shows in a cell whose formula failed (and openpyxl gives for a date out of its range).
EXCEL_ERRORS = frozenset({"#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "#SPILL!",
                          "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!"})
# Bidirectional embedding, override and isolate controls: they make text display in another
# order than it is stored ("Trojan Source", CVE-2021-42574), so what a reader sees is not the data.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 controls except tab and line breaks (a list cell's separator), DEL, the bidi controls,
# and U+FFFD, the mark of a character already lost when some program decoded the text.
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ufffd]")
_CONTROL_HINT = {
    "control-character": Text("verwijder het teken (het komt vaak mee bij kopiëren uit een ander programma) "
                              "of bewaar het bestand opnieuw als 'CSV UTF-8'",
                              "remove the character (it often comes along when copying from another "
                              "program) or save the file again as 'CSV UTF-8'"),
    "bidi-control": Text("verwijder het richtingsteken: het laat tekst in een andere volgorde zien dan hij "
                         "staat", "remove the direction character: it makes text show in another order "
                         "than it is stored"),
}
# A UTF-8 sequence read byte by byte as Windows-1252: a lead byte's letter (Ã, â, ð, …) followed by
# the characters of continuation bytes 0x80-0xBF ('Ã©' is 'é', 'â€™' is '’').
_CONTINUATION = "".join(sorted({bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0)} - {""}))
_MOJIBAKE = re.compile(f"[\u00c2-\u00df][{re.escape(_CONTINUATION)}]"
                       f"|[\u00e0-\u00ef][{re.escape(_CONTINUATION)}]{{2}}"
                       f"|[\u00f0-\u00f4][{re.escape(_CONTINUATION)}]{{3}}")


def mojibake(text: str) -> tuple[str, str] | None:
    """The first stretch of `text` that is UTF-8 read as Windows-1252, and what it should read.

    >>> mojibake("Vijftien cafÃ©s"), mojibake("Vijftien cafés, één €"), mojibake("prijs: â‚¬ 5")
    (('Ã©', 'é'), None, ('â‚¬', '€'))
    """
    for found in _MOJIBAKE.finditer(text):
        try:
            return found.group(), found.group().encode("cp1252").decode("utf-8")
        except UnicodeError:  # the letters only look like it: 'Ã' then a symbol that is no UTF-8 byte
            continue
    return None


def parse_date(text: str) -> PartialDate:
    """'2023-06-16', '2023-06', '2023', '16/06/2023', '16-06-2023', '16.06.2023', '06/2023' or an
    Excel serial day number, keeping the precision that was written. A time of day (an XLSX
    date-time cell, '2023-06-16T14:30') is read as its date: every date column holds days.

    >>> parse_date("2023").iso(), parse_date("16.06.2023").iso(), parse_date("45093").iso()
    ('2023', '2023-06-16', '2023-06-16')
    >>> parse_date("2023-06-16T23:59").iso()
    '2023-06-16'
    """
    value = check_text(text)
    year = month = day = None
    if m := _ISO.match(value) or _ISO_TIME.match(value):
        year, month, day = (int(g) if g else None for g in m.groups())
    elif m := _EU.match(value):
        day, month, year = (int(g) for g in m.groups())
    elif m := _MONTH_EU.match(value):
        month, year = (int(g) for g in m.groups())
    elif _EXCEL_SERIAL.match(value):
        year, month, day = _ymd(_EXCEL_EPOCH + timedelta(days=int(float(value))))
    else:
        raise _bad_date(value)
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        raise _bad_date(value, "de datum bestaat niet", "the date does not exist") from exc
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _bad_date(value, f"het jaar {year} ligt buiten {FIRST_YEAR}-{LAST_YEAR}",
                        f"the year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return PartialDate(year, month, day)


# The years a date cell may name (an Excel serial day number included): no measure against
# nightlife violence is older or planned further ahead; 99999 (2173) is a typo, not a date.
FIRST_YEAR, LAST_YEAR = 1900, 2100


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
        Text(f"{nl}: {quoted(value)}",
             f"{en}: {quoted(value)}"),
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
        Text(f"geen ja/nee-waarde: {quoted(text.strip())}",
             f"not a yes/no value: {quoted(text.strip())}"),
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
            Text(f"geen geldig webadres (http of https): {quoted(value)}",
                 f"not a valid web address (http or https): {quoted(value)}"),
            Text("schrijf het volledige adres, beginnend met https:// of http://",
                 "write the full address, starting with https:// or http://"),
        )
    return value


# Words that make a mailbox or a contact a role or a service, not a person.
ROLE_WORDS = (
    "preventie", "jeugd", "dienst", "info", "horeca", "welzijn", "veilig", "communicatie", "cultuur",
    "evenement", "stad", "gemeente", "politie", "secretariaat", "onthaal", "contact", "nacht",
    "uitgaan", "sport", "student", "meldpunt", "team", "coord", "coörd", "feesten", "loket", "beleid",
    "medewerker", "verantwoordelijke", "consulent", "ambtenaar", "schepen", "burgemeester", "directeur",
    "afdeling", "bureau", "zone", "office", "officer", "manager", "coach",
)
_PERSONAL_MAILBOX = re.compile(r"^[a-z]+(?:-[a-z]+)?[._][a-z]+(?:-[a-z]+)?@|^[a-z]\.[a-z-]+@")
_NAME_WORD = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"
_PARTICLE = r"(?:[Vv]an|[Dd]e[nr]?|[Vv]er|[Vv]on|[Tt]e[nr]?|[Ll][ae]|[Dd]u|[Dd]’|[Dd]'|'t)"
# 'Jan Peeters', 'An De Smet', 'Sofie Van den Broeck', 'S. Peeters', 'Jean-Marie Du Bois'
_PERSON_NAME = re.compile(rf"^(?:{_NAME_WORD}|[A-Z]\.)(?:\s+{_PARTICLE})*\s+{_NAME_WORD}$")
# 'dhr. Peeters', 'mevrouw De Smet', 'Dr Janssens': a title before a capitalised word is a person.
_HONORIFIC = re.compile(r"(?i:\b(?:dhr|mevr|mevrouw|meneer|mijnheer|mr|mrs|ms|mw|mej|dr|prof|de heer)\b)"
                        r"\.?\s+[A-Z]")
# A contact cell names one thing or several: 'Sarah Peeters, preventiecoördinator' is two parts.
_PARTS = re.compile(r"[,;/|()\[\]:\n]|\s[-–—]\s|\s(?:en|and|of|or|&)\s")
_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def personal_mailbox(address: str) -> bool:
    """A firstname.lastname@ (or f.lastname@, firstname_lastname@) address without a role word.

    >>> [personal_mailbox(a) for a in ("jan.peeters@gent.be", "j.peeters@gent.be", "preventie.x@gent.be")]
    [True, True, False]
    """
    local = address.strip().lower().removeprefix("mailto:").split("@", 1)[0] + "@"
    return bool(_PERSONAL_MAILBOX.match(local)) and not any(w in local for w in ROLE_WORDS)


def looks_personal(text: str) -> bool:
    """Whether a contact cell names a person: a personal mailbox anywhere in it, a title before a
    name ('dhr. Peeters'), or a part that reads 'Firstname Lastname' without a role word in it.

    >>> [looks_personal(t) for t in ("jan.peeters@gent.be", "An De Smet", "preventie.x@gent.be")]
    [True, True, False]
    >>> [looks_personal(t) for t in ("Sarah Peeters, preventiecoördinator", "preventiecoördinator",
    ...                              "mevr. De Smet (jeugddienst)", "Dienst Preventie")]
    [True, False, True, False]
    """
    value = text.strip()
    if any(personal_mailbox(a) for a in _ADDRESS.findall(value)):
        return True
    if _HONORIFIC.search(value):
        return True
    return any(_PERSON_NAME.match(part.strip()) and not any(w in part.lower() for w in ROLE_WORDS)
               for part in _PARTS.split(value))


def personal_addresses(text: str) -> list[str]:
    """The personal mailboxes written anywhere in a text (a description, an evaluation).

    >>> personal_addresses("Mail jan.peeters@gent.be of preventie@gent.be")
    ['jan.peeters@gent.be']
    """
    return [a for a in _ADDRESS.findall(text) if personal_mailbox(a)]


def parse_number(text: str) -> int | Decimal:
    """A number as written in Flanders or in English: Dutch thousands '.' and decimal ','; at most
    MAX_DIGITS digits and no exponent, so no cell can make a number too big to write out.

    >>> parse_number("45"), parse_number("1.142"), parse_number("27,8"), parse_number("0.5")
    (45, 1142, Decimal('27.8'), Decimal('0.5'))
    """
    t = re.sub(r"\s", "", check_text(text))
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    elif "," in t:
        t = t.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", t):
        raise CellError("bad-number", Text(f"geen getal: {quoted(text)}", f"not a number: {quoted(text)}"),
                        Text("schrijf bv. 45 of 27,8", "write e.g. 45 or 27.8"))
    digits = sum(c.isdigit() for c in t)
    if digits > MAX_DIGITS:
        raise CellError("bad-number",
                        Text(f"het getal heeft {digits} cijfers; hoogstens {MAX_DIGITS}",
                             f"the number has {digits} digits; at most {MAX_DIGITS}"),
                        Text("schrijf het getal zoals het geteld werd, bv. 45",
                             "write the number as it was counted, e.g. 45"),
                        value=t[:20] + "…")
    return int(t) if "." not in t else Decimal(t)


MAX_DIGITS = 15  # what a spreadsheet keeps exactly (IEEE double); a count of people needs far fewer


def parse_email(text: str) -> str:
    """An e-mail address (a shared mailbox), else CellError."""
    value = check_text(text).removeprefix("mailto:")
    if not _EMAIL.match(value):
        raise CellError(
            "bad-email",
            Text(f"geen geldig e-mailadres: {quoted(value)}",
                 f"not a valid e-mail address: {quoted(value)}"),
            Text("schrijf een gedeelde mailbox, zoals preventie@gemeente.be",
                 "write a shared mailbox, such as preventie@gemeente.be"),
        )
    return value


__all__ = [
    "CellError", "EXCEL_ERRORS", "FIRST_YEAR", "LAST_YEAR", "MAX_DIGITS", "PartialDate", "split_list",
    "check_text", "mojibake", "parse_date", "parse_day", "parse_bool", "parse_url", "parse_email",
    "parse_number", "looks_personal", "personal_addresses", "personal_mailbox",
]
