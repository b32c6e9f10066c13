"""Partner organisations (data/organisaties.csv) and their KBO numbers; a tolerant resolver for the ingest.

>>> from lod.config import Config
>>> orgs = load_organisations(Config().data_dir / "organisaties.csv")
>>> orgs.resolve("Plan International Belgium").slug
'plan-international-belgie'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lod.errors import InputError, Problem
from lod.sources.cells import CellError, parse_url
from lod.sources.csv import read_reference
from lod.sources.table import Cell
from lod.text import Text

COLUMNS = ["slug", "naam", "alternatieve_namen", "partnertype", "homepage", "kbo", "bron"]

# The notations of ontology/codelists/partnertype.ttl (DOMAIN-NOTES §3 writes '_' where they have '-').
PARTNER_TYPES = frozenset({
    "expertisecentrum", "ngo", "politie-justitie", "zorg", "overheid", "koepel-lokaal", "horeca",
    "evenement", "onderwijs-studenten", "jeugd", "mobiliteit", "privaat", "lokaal-bestuur",
})


class OrganisationError(CellError):
    """An organisation name or slug that matches no row of organisaties.csv."""

    def __init__(self, value: str, suggestions: list[str]) -> None:
        near = ", ".join(suggestions)
        ask = Text(f"Bedoelde u: {near}? Of gebruik", f"Did you mean: {near}? Or use") if near else Text(
            "Gebruik", "Use")
        super().__init__(
            "unknown-organisation",
            Text(f"Onbekende organisatie '{value}'.", f"Unknown organisation '{value}'."),
            ask + Text(" de slug of naam uit data/organisaties.csv, of voeg de organisatie daar toe.",
                       " the slug or name from data/organisaties.csv, or add the organisation there."),
            value=value, suggestions=suggestions)


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: str
    partner_type: str | None  # None: not a code of partnertype (reported when loaded)
    homepage: str | None = None
    kbo: str | None = None  # 10 digits, only where a source gives it
    source: str | None = None
    alt_names: tuple[str, ...] = ()


def kbo_is_valid(number: str) -> bool:
    """A Belgian enterprise number: 10 digits, the last two = 97 - (first eight mod 97).

    >>> kbo_is_valid("0202.239.951"), kbo_is_valid("0202239952")
    (True, False)
    """
    digits = re.sub(r"[ .]", "", number)
    if not re.fullmatch(r"[01]\d{9}", digits):
        return False
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


_DROP = {"vzw", "asbl", "npo", "de", "het", "the"}


def normalise_org(text: str) -> str:
    """Fold case, accents, punctuation, '&' and legal-form words: 'VZW Zijn' meets 'vzw zijn'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    tokens = re.findall(r"[a-z0-9]+", ascii_text.replace("&", " en "))
    kept = [t for t in tokens if t not in _DROP]
    return "".join(kept or tokens)


class Organisations:
    """All partner organisations by slug; `problems` lists what load_organisations found wrong."""

    def __init__(self, organisations: list[Organisation], problems: list[Problem] | None = None) -> None:
        self.by_slug = {o.slug: o for o in organisations}
        self.problems = problems or []
        self._keys: dict[str, Organisation] = {}
        for o in organisations:
            for key in (o.slug, o.name, *o.alt_names):
                self._keys.setdefault(normalise_org(key), o)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(sorted(self.by_slug.values(), key=lambda o: o.slug))

    def __len__(self) -> int:
        return len(self.by_slug)

    def __getitem__(self, slug: str) -> Organisation:
        return self.by_slug[slug]

    def resolve(self, text: str) -> Organisation:
        """A slug, name or alternative name (case, accents, punctuation, 'vzw' tolerated)."""
        value = text.strip()
        found = self._keys.get(normalise_org(value))
        if found is not None:
            return found
        near = difflib.get_close_matches(normalise_org(value), list(self._keys), n=3, cutoff=0.6)
        suggestions = list(dict.fromkeys(self._keys[k].name for k in near))
        raise OrganisationError(value, suggestions)


def load_organisations(path: Path) -> Organisations:
    """Read organisaties.csv; a cell that cannot be read (partner type, homepage, source, KBO number)
    becomes a Problem at its cell, not an exception, and its value stays out of the graph."""
    records = read_reference(path, COLUMNS)
    organisations, problems = [], []
    seen: set[str] = set()
    for row, rec in records:
        slug = rec["slug"]
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) or slug in seen:
            raise InputError(
                Text(f"ongeldige of dubbele slug '{slug}'",
                     f"invalid or duplicate slug '{slug}'"),
                file=path, row=row, column="slug",
                hint=Text("kleine letters, cijfers en koppeltekens; uniek",
                          "lower-case letters, digits and hyphens; unique"))
        seen.add(slug)
        partner_type: str | None = rec["partnertype"].lower().replace("_", "-")
        if partner_type not in PARTNER_TYPES:
            types = ", ".join(sorted(PARTNER_TYPES))
            problems.append(Problem(
                Text(f"Onbekend partnertype '{partner_type}'.", f"Unknown partner type '{partner_type}'."),
                file=str(path), row=row, column="partnertype", value=partner_type,
                hint=Text(f"Een van: {types}.", f"One of: {types}."), code="unknown-partnertype"))
            partner_type = None
        kbo = re.sub(r"[ .]", "", rec["kbo"]) or None
        if kbo and not kbo_is_valid(kbo):
            problems.append(Problem(
                Text(f"KBO-nummer '{rec['kbo']}' is ongeldig (10 cijfers, controlegetal modulo 97).",
                     f"KBO number '{rec['kbo']}' is invalid (10 digits, mod-97 check digits)."),
                file=str(path), row=row, column="kbo", value=rec["kbo"],
                hint=Text("Kopieer het ondernemingsnummer uit de KBO of laat de cel leeg.",
                          "Copy the enterprise number from the KBO register or leave the cell empty."),
                code="invalid-kbo"))
            kbo = None
        alt = tuple(a.strip() for a in rec["alternatieve_namen"].split(";") if a.strip())
        homepage, source = (_url(rec[column], Cell(rec[column], str(path), row, column), problems)
                            for column in ("homepage", "bron"))
        organisations.append(Organisation(
            slug=slug, name=rec["naam"], partner_type=partner_type, homepage=homepage, kbo=kbo,
            source=source, alt_names=alt))
    return Organisations(organisations, problems)


def _url(text: str, cell: Cell, problems: list[Problem]) -> str | None:
    """An http(s) URL cell, None when empty or not a URL (then a Problem at the cell)."""
    if not text:
        return None
    try:
        return parse_url(text)
    except CellError as exc:
        problems.append(exc.at(cell))
        return None


__all__ = ["COLUMNS", "Organisation", "OrganisationError", "Organisations", "PARTNER_TYPES",
           "kbo_is_valid", "load_organisations", "normalise_org"]
