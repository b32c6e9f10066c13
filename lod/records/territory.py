"""Flemish municipalities since 2018-12-31, the 2019 and 2025 mergers, and a resolver for the ingest.

The key is the NIS (REFNIS) code, never the name: Hasselt 71022 and Hasselt 71072 share a name but
are different municipalities, so a name is only resolved together with a date.

>>> from lod.config import Config
>>> towns = load_municipalities(Config().data_dir)
>>> towns.resolve("St.-Niklaas").nis_code
'46021'
>>> towns.current(towns.resolve("Kruibeke")).name
'Beveren-Kruibeke-Zwijndrecht'
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lod.errors import InputError, Problem
from lod.sources.cells import CellError
from lod.sources.csv import read_reference
from lod.sources.refnis import MUNICIPALITY_COLUMNS
from lod.text import Text


class MunicipalityError(CellError):
    """A municipality that cannot be resolved: unknown, not valid on the date, or ambiguous."""

    def __init__(self, message: Text[str], *, value: str, suggestions: list[str] | None = None,
                 code: str = "unknown-municipality") -> None:
        near = ": " + ", ".join(suggestions) if suggestions else ""
        super().__init__(code, message, Text(f"Gebruik de NIS-code of de officiële naam{near}.",
                                             f"Use the NIS code or the official name{near}."),
                         value=value, suggestions=suggestions)


@dataclass(frozen=True)
class Province:
    nis_code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class Municipality:
    """One NIS code with its Dutch name, province and the days it was valid (both ends inclusive)."""

    nis_code: str
    name: str
    province_nis: str
    arrondissement_nis: str
    valid_from: date
    valid_to: date | None = None  # None: still valid
    replaced_by: str | None = None  # the NIS code it merged into
    lblod_bestuurseenheid: str | None = None  # LBLOD administrative unit IRI, where sourced
    lblod_werkingsgebied: str | None = None  # LBLOD werkingsgebied (2022 snapshot)

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def label(self) -> str:
        until = f"..{self.valid_to.isoformat()}" if self.valid_to else "..."
        return f"{self.name} ({self.nis_code}, {self.valid_from.isoformat()}{until})"


@dataclass(frozen=True)
class Merger:
    """One link of a merger: `old_nis` became (part of) `new_nis` on `date`."""

    date: date
    old_nis: str
    new_nis: str


_PREFIXES = ("stad", "gemeente", "gem", "city", "municipality", "ville", "commune")


@functools.lru_cache(maxsize=4096)  # the same few hundred names in thousands of cells
def normalise_name(text: str) -> str:
    """Fold case, accents, punctuation and usual spellings: 'St.-Niklaas' and 'Stad Sint Niklaas' meet.

    >>> normalise_name("Stad St.-Niklaas") == normalise_name("sint niklaas")
    True
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    ascii_text = re.sub(r"\bst\b\.?", "sint", ascii_text)
    tokens = re.findall(r"[a-z0-9]+", ascii_text)
    while len(tokens) > 1 and tokens[0] in _PREFIXES:
        tokens = tokens[1:]
    return "".join(tokens)


class Municipalities:
    """All municipalities by NIS code, the provinces and the merger links."""

    def __init__(self, municipalities: list[Municipality], provinces: list[Province],
                 mergers: list[Merger]) -> None:
        self.by_code = {m.nis_code: m for m in municipalities}
        self.provinces = {p.nis_code: p for p in provinces}
        self.mergers = list(mergers)
        # What load_municipalities found that blocks a build but not a refresh of the table.
        self.problems: list[Problem] = []
        self._by_name: dict[str, list[Municipality]] = {}
        for m in municipalities:
            self._by_name.setdefault(normalise_name(m.name), []).append(m)

    def __iter__(self) -> Iterator[Municipality]:
        return iter(sorted(self.by_code.values(), key=lambda m: m.nis_code))

    def __len__(self) -> int:
        return len(self.by_code)

    def __getitem__(self, nis_code: str) -> Municipality:
        return self.by_code[nis_code]

    def valid_on(self, day: date) -> list[Municipality]:
        return [m for m in self if m.valid_on(day)]

    def current(self, m: Municipality) -> Municipality:
        """Today's municipality: follow `replaced_by` until a code that is still valid.

        This is the project's one definition of "today's municipality": a code without an end
        date (`is_current`; in the graph: a vu:Gemeente without vu:geldigTot, the test every
        published query uses). A build needs every ended code to have a successor, so the chain
        ends in a current code (load_municipalities lists the codes that break this in `problems`).
        """
        seen = {m.nis_code}
        while m.replaced_by:
            m = self.by_code[m.replaced_by]
            if m.nis_code in seen:  # a cycle in the table; load_municipalities refuses those
                break
            seen.add(m.nis_code)
        return m

    def predecessors(self, m: Municipality) -> list[Municipality]:
        """Every municipality that merged into `m`, directly or through an earlier merger."""
        found: list[Municipality] = []
        todo = [m.nis_code]
        while todo:
            code = todo.pop()
            for other in self:
                if other.replaced_by == code and other.nis_code != m.nis_code and other not in found:
                    found.append(other)
                    todo.append(other.nis_code)
        return sorted(found, key=lambda x: x.nis_code)

    def mergers_into(self, m: Municipality) -> list[Merger]:
        return [link for link in self.mergers if link.new_nis == m.nis_code]

    def resolve(self, text: str, on: date | None = None) -> Municipality:
        """A NIS code or a name (tolerant spelling) -> the municipality valid on `on`.

        Raises MunicipalityError with suggestions for unknown, not-yet/no-longer valid and
        ambiguous input. Without a date a name shared by several codes is ambiguous.
        """
        value = text.strip()
        if re.fullmatch(r"\d{5}", value):
            return self._resolve_code(value, on)
        key = normalise_name(value)
        found = self._by_name.get(key)
        if not found:
            # Statbel's long labels add the arrondissement: 'Hove (Antwerpen)'.
            found = self._by_name.get(normalise_name(re.sub(r"\(.*?\)", " ", value)))
        if not found:
            raise MunicipalityError(
                Text(f"Onbekende gemeente '{value}'.", f"Unknown municipality '{value}'."),
                value=value, suggestions=self._suggest(key))
        if on is None:
            if len(found) == 1:
                return found[0]
            labels = [m.label() for m in found]
            raise MunicipalityError(
                Text(f"De naam '{value}' hoort bij meer dan één NIS-code; geef een datum of de NIS-code.",
                     f"The name '{value}' belongs to more than one NIS code; give a date or the NIS code."),
                value=value, suggestions=labels, code="ambiguous-municipality")
        valid = [m for m in found if m.valid_on(on)]
        if len(valid) == 1:
            return valid[0]
        if not valid:
            self._raise_not_valid(found[0] if len(found) == 1 else None, value, on, found)
        raise MunicipalityError(  # pragma: no cover - the table has no two valid codes with one name
            Text(f"De naam '{value}' is op {on} dubbelzinnig.", f"The name '{value}' is ambiguous on {on}."),
            value=value, suggestions=[m.label() for m in valid], code="ambiguous-municipality")

    def _resolve_code(self, code: str, on: date | None) -> Municipality:
        m = self.by_code.get(code)
        if m is None:
            # a typo in a code is a digit or two off: rank by differing positions, then distance
            near = sorted((c for c in self.by_code if sum(a != b for a, b in zip(c, code, strict=True)) <= 2),
                          key=lambda c: (sum(a != b for a, b in zip(c, code, strict=True)),
                                         abs(int(c) - int(code))))[:3]
            raise MunicipalityError(
                Text(f"Onbekende NIS-code {code}: geen Vlaamse gemeente sinds 2018-12-31.",
                     f"Unknown NIS code {code}: not a Flemish municipality since 2018-12-31."),
                value=code, suggestions=[self.by_code[c].label() for c in near])
        if on is not None and not m.valid_on(on):
            self._raise_not_valid(m, code, on, [m])
        return m

    def _raise_not_valid(self, m: Municipality | None, value: str, on: date,
                         found: list[Municipality]) -> None:
        if m is None:
            labels = ", ".join(x.label() for x in found)
            raise MunicipalityError(
                Text(f"Geen van de gemeenten '{value}' ({labels}) bestond op {on}.",
                     f"None of the municipalities '{value}' ({labels}) existed on {on}."),
                value=value, suggestions=[x.label() for x in self._successors(found)],
                code="municipality-not-valid")
        period_nl = f"van {m.valid_from} tot {m.valid_to or 'nu'}"
        period_en = f"from {m.valid_from} to {m.valid_to or 'now'}"
        nl = f"{m.name} ({m.nis_code}) bestond niet op {on}: geldig {period_nl}"
        en = f"{m.name} ({m.nis_code}) did not exist on {on}: valid {period_en}"
        suggestions = []
        if m.replaced_by and m.valid_to and on > m.valid_to:
            new = self.by_code[m.replaced_by]
            nl += f", daarna opgegaan in {new.name} ({new.nis_code})"
            en += f", then merged into {new.name} ({new.nis_code})"
            suggestions.append(new.label())
        elif on < m.valid_from:
            olds = self.predecessors(m)
            if olds:
                nl += f"; daarvoor: {', '.join(o.name + ' (' + o.nis_code + ')' for o in olds)}"
                en += f"; before that: {', '.join(o.name + ' (' + o.nis_code + ')' for o in olds)}"
                suggestions.extend(o.label() for o in olds)
        raise MunicipalityError(Text(nl + ".", en + "."), value=value, suggestions=suggestions,
                                code="municipality-not-valid")

    def _successors(self, found: list[Municipality]) -> list[Municipality]:
        return sorted({self.by_code[m.replaced_by] for m in found if m.replaced_by},
                      key=lambda m: m.nis_code)

    def _suggest(self, key: str) -> list[str]:
        near = difflib.get_close_matches(key, list(self._by_name), n=3, cutoff=0.6)
        return [m.label() for k in near for m in self._by_name[k]]


def _date(value: str, file: Path, row: int, column: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            Text(f"ongeldige datum '{value}'",
                 f"invalid date '{value}'"),
            file=file, row=row, column=column,
            hint=Text("schrijf JJJJ-MM-DD",
                      "write YYYY-MM-DD")) from None


def load_municipalities(data_dir: Path) -> Municipalities:
    """Read gemeenten.csv, provincies.csv and fusies.csv from `data_dir`; check their links."""
    path = data_dir / "gemeenten.csv"
    towns = []
    for row, rec in read_reference(path, MUNICIPALITY_COLUMNS):
        if not re.fullmatch(r"\d{5}", rec["nis_code"]):
            raise InputError(
                Text(f"ongeldige NIS-code '{rec['nis_code']}'",
                     f"invalid NIS code '{rec['nis_code']}'"),
                file=path, row=row, column="nis_code",
                hint=Text("vijf cijfers",
                          "five digits"))
        towns.append(Municipality(
            nis_code=rec["nis_code"], name=rec["naam"], province_nis=rec["provincie_nis"],
            arrondissement_nis=rec["arrondissement_nis"],
            valid_from=_date(rec["geldig_vanaf"], path, row, "geldig_vanaf"),
            valid_to=_date(rec["geldig_tot"], path, row, "geldig_tot") if rec["geldig_tot"] else None,
            replaced_by=rec["opgevolgd_door"] or None,
            lblod_bestuurseenheid=rec["lblod_bestuurseenheid"] or None,
            lblod_werkingsgebied=rec["lblod_werkingsgebied"] or None,
        ))
    codes = {m.nis_code for m in towns}
    prov_path = data_dir / "provincies.csv"
    rows = read_reference(prov_path, ["nis_code", "naam", "naam_en"])
    provinces = [Province(r["nis_code"], r["naam"], r["naam_en"]) for _, r in rows]
    prov_codes = {p.nis_code for p in provinces}
    for row, m in enumerate(towns, 2):
        if m.replaced_by and m.replaced_by not in codes:
            raise InputError(
                Text(f"opvolger {m.replaced_by} staat niet in de tabel",
                     f"successor {m.replaced_by} is not in the table"),
                file=path, row=row, column="opgevolgd_door")
        if m.province_nis not in prov_codes:
            raise InputError(
                Text(f"onbekende provincie {m.province_nis}",
                     f"unknown province {m.province_nis}"),
                file=path, row=row, column="provincie_nis",
                hint=Text(f"een van {', '.join(sorted(prov_codes))}",
                          f"one of {', '.join(sorted(prov_codes))}"))
    merger_path = data_dir / "fusies.csv"
    mergers = []
    for row, r in read_reference(merger_path, ["datum", "oude_nis_code", "nieuwe_nis_code"]):
        for column in ("oude_nis_code", "nieuwe_nis_code"):
            if r[column] not in codes:
                raise InputError(
                    Text(f"NIS-code {r[column]} staat niet in gemeenten.csv",
                         f"NIS code {r[column]} is not in gemeenten.csv"),
                    file=merger_path, row=row, column=column)
        mergers.append(Merger(_date(r["datum"], merger_path, row, "datum"), r["oude_nis_code"],
                              r["nieuwe_nis_code"]))
    result = Municipalities(towns, provinces, mergers)
    for row, m in enumerate(towns, 2):
        if m.is_current != (m.replaced_by is None):  # else today's municipality is not defined
            result.problems.append(Problem(
                Text(f"{m.nis_code} ({m.name}): een code met een einddatum heeft een opvolger nodig, "
                     "en omgekeerd", f"{m.nis_code} ({m.name}): a code with an end date needs a successor, "
                     "and vice versa"),
                file=path.name, row=row, column="opgevolgd_door", value=m.replaced_by or "",
                hint=Text("vul geldig_tot en opgevolgd_door samen in (de fusiegemeente), of geen van beide",
                          "fill in geldig_tot and opgevolgd_door together (the merged one), or neither"),
                code="municipality-without-successor"))
    for m in towns:  # refuse cycles, so current() always ends
        seen, step = set(), m
        while step.replaced_by:
            if step.nis_code in seen:
                raise InputError(
                    Text(f"kringverwijzing in opgevolgd_door bij {m.nis_code}",
                         f"circular opgevolgd_door at {m.nis_code}"),
                    file=path, column="opgevolgd_door")
            seen.add(step.nis_code)
            step = result.by_code[step.replaced_by]
    return result


__all__ = ["Municipality", "Municipalities", "MunicipalityError", "Merger", "Province",
           "load_municipalities", "normalise_name"]
