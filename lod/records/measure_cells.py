"""The cells of a measure row that hold more than one value: codes, partners, outputs and the lead.

Each parser takes the cell text and returns a small record or raises `CellError` (a resolver's
MunicipalityError or OrganisationError is one, with suggestions); `records/measures.py` places it
at the cell.

>>> parse_output("meldingen ontvangen = 45 (2022)")
Output(indicator='meldingen ontvangen', value=45, period='2022')
>>> lookup = code_lookup({"partnerrol": {"expertise": "expertise", "expertisepartner": "expertise"}})
>>> parse_code("Expertise", "partnerrol", lookup)
'expertise'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from lod.errors import quoted
from lod.sources.cells import CellError, check_text, parse_number
from lod.text import Text


class MunicipalityResolver(Protocol):
    def resolve(self, text: str, on: date | None = None) -> Any: ...
    def current(self, m: Any) -> Any: ...


class OrganisationResolver(Protocol):
    def resolve(self, text: str) -> Any: ...


@dataclass(frozen=True)
class Lead:
    """The lead (trekker): an organisation (slug) or a municipality, whose government is the agent."""

    organisation: str | None = None  # slug in data/organisaties.csv
    municipality: Any = None  # records.territory.Municipality


@dataclass(frozen=True)
class Partner:
    organisation: str  # slug
    role: str  # partnerrol code


@dataclass(frozen=True)
class Output:
    indicator: str
    value: int | Decimal
    period: str | None = None


@functools.lru_cache(maxsize=4096)  # a sheet spells its few codes the same in thousands of cells
def fold(text: str) -> str:
    """Case, accents, spaces, '_' and '-' folded: the key a code or label is looked up by."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[\s_\-]+", "-", ascii_text.strip())


def code_lookup(codes: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Codes by scheme with keys folded: 'Veilige ruimte', 'veilige_ruimte', 'veilige-ruimte' meet."""
    return {
        scheme: {**{fold(code): code for code in keys.values()}, **{fold(k): c for k, c in keys.items()}}
        for scheme, keys in codes.items()
    }


def parse_code(text: str, scheme: str, lookup: Mapping[str, Mapping[str, str]]) -> str:
    """The code of `scheme` that `text` spells (code or Dutch label); CellError lists the valid ones."""
    found = lookup.get(scheme, {}).get(fold(text))
    if found is None:
        valid = ", ".join(sorted(set(lookup.get(scheme, {}).values())))
        raise CellError("unknown-code", Text(f"onbekende code {quoted(text)} (codelijst {scheme})",
                                             f"unknown code {quoted(text)} (code list {scheme})"),
                        Text(f"kies uit: {valid}", f"choose from: {valid}"))
    return found


_OUTPUT = re.compile(
    r"^(?P<indicator>[^=:]+?)\s*[=:]\s*(?P<value>-?[\d.,\s]+?)\s*(?:\((?P<period>[^()]*)\))?$"
)
_WITH_ROLE = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[^()]+)\)$")


def parse_output(text: str) -> Output:
    """'indicator = number (period)', the period optional; ':' works as well as '='."""
    m = _OUTPUT.match(text)
    try:
        if m is None:
            raise ValueError(text)
        value = parse_number(m["value"])
    except (ValueError, CellError) as exc:
        raise CellError("bad-output",
                        Text(f"geen resultaat in de vorm 'indicator = getal (periode)': {quoted(text)}",
                             f"not a result of the form 'indicator = number (period)': {quoted(text)}"),
                        Text("schrijf bv. 'meldingen ontvangen = 45 (2022)'",
                             "write e.g. 'meldingen ontvangen = 45 (2022)'")) from exc
    return Output(check_text(m["indicator"]), value, (m["period"] or "").strip() or None)


def parse_partner(text: str, lookup: Mapping[str, Mapping[str, str]],
                  organisations: OrganisationResolver) -> Partner:
    """'Name (role)' or 'Name' (role `partner`); brackets that are no role may belong to the name."""
    name, role = text, "partner"
    m = _WITH_ROLE.match(text)
    if m:
        found = lookup.get("partnerrol", {}).get(fold(m["role"]))
        if found is not None:
            name, role = m["name"], found
        else:
            try:
                return Partner(organisations.resolve(text).slug, role)
            except CellError:
                parse_code(m["role"], "partnerrol", lookup)  # raises: the role is not a partnerrol code
    return Partner(organisations.resolve(name).slug, role)


def parse_lead(text: str, on: date | None, organisations: OrganisationResolver,
               municipalities: MunicipalityResolver) -> Lead:
    """An organisation or a municipality ('Stad X', 'Gemeente X', a NIS code), valid on `on`."""
    errors: list[CellError] = []
    looks_public = re.fullmatch(r"\d{5}", text) or re.match(r"(?i)(stad|gemeente)\b", text)
    attempts = ("municipality", "organisation") if looks_public else ("organisation", "municipality")
    for kind in attempts:
        try:
            if kind == "organisation":
                return Lead(organisation=organisations.resolve(text).slug)
            return Lead(municipality=municipalities.resolve(text, on=on))
        except CellError as exc:
            if exc.code == "municipality-not-valid":
                raise
            errors.append(exc)
    near = [s for e in errors for s in e.suggestions][:5]
    ask = Text("bedoelde u: " + ", ".join(near) + "? ", "did you mean: " + ", ".join(near) + "? ")
    raise CellError("unknown-lead", Text(f"onbekende organisatie of gemeente {quoted(text)}",
                                         f"unknown organisation or municipality {quoted(text)}"),
                    (ask if near else Text("", ""))
                    + Text("voeg een nieuwe organisatie eerst toe aan data/organisaties.csv",
                           "add a new organisation to data/organisaties.csv first"))


__all__ = ["Lead", "MunicipalityResolver", "OrganisationResolver", "Output", "Partner", "code_lookup",
           "fold", "parse_code", "parse_lead", "parse_output", "parse_partner"]
