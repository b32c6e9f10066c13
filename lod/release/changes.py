"""What changed between two releases: the additions and deletions of their N-Triples dumps, and a
changelog a person reads ("3 maatregelen toegevoegd in Gent, 1 ingetrokken in Leuven, 2 gewijzigd:
status lopend → afgerond").

Both dumps are sorted, distinct N-Triples lines without blank nodes (lod.release.dumps), so the
difference is exact and found by one merge of the two files, never by loading them. A measure is
every triple whose subject is its IRI or one of its hash parts (`…/maatregel/X#periode`); its change
is read from those lines alone:

- added: its type triple is new; withdrawn: `vu:Maatregel` became `vu:IngetrokkenMaatregel`;
- removed: its type triple is gone (the row left the sheet); changed: anything else.

>>> old = [b'<a> <p> "1" .\\n', b'<b> <p> "2" .\\n']
>>> new = [b'<a> <p> "1" .\\n', b'<c> <p> "3" .\\n']
>>> diff_lines(iter(old), iter(new))
([b'<c> <p> "3" .\\n'], [b'<b> <p> "2" .\\n'])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lod.config import Config
from lod.terms import ADMS, DCAT, DCT, PROV, RDF, SKOS
from lod.text import Text

# The properties a changelog line names, with their words (the others by their local name).
_WORDS: dict[str, Text[str]] = {
    ADMS.status.value: Text("status", "status"),
    DCT.title.value: Text("titel", "title"),
    DCT.description.value: Text("beschrijving", "description"),
    DCT.type.value: Text("soort", "kind"),
    DCT.spatial.value: Text("gemeente", "municipality"),
    DCT.audience.value: Text("doelgroep", "target group"),
    DCT.modified.value: Text("gemeld op", "reported on"),
    DCT.source.value: Text("bron", "source"),
    DCAT.startDate.value: Text("startdatum", "start date"),
    DCAT.endDate.value: Text("einddatum", "end date"),
}
KINDS = ("added", "withdrawn", "changed", "removed")
# Where a measure's row is in the sheet (prov:wasDerivedFrom <…#rij-14>) is about the file, not the
# measure: a measure that only moved to another row is "moved", gets no new version in the feed.
ROW_POINTER = PROV.wasDerivedFrom.value
_KIND_WORDS = {
    "moved": Text("verschoven", "moved"),
    "added": Text("toegevoegd", "added"),
    "withdrawn": Text("ingetrokken", "withdrawn"),
    "changed": Text("gewijzigd", "changed"),
    "removed": Text("verwijderd", "removed"),
}


def diff_lines(old: Iterator[bytes], new: Iterator[bytes]) -> tuple[list[bytes], list[bytes]]:
    """(added, removed) lines of two sorted, distinct line streams, by one merge."""
    added: list[bytes] = []
    removed: list[bytes] = []
    a, b = next(old, None), next(new, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a < b):
            removed.append(a)
            a = next(old, None)
        elif a is None or b < a:
            added.append(b)
            b = next(new, None)
        else:
            a, b = next(old, None), next(new, None)
    return added, removed


def diff_files(old: Path | None, new: Path) -> tuple[list[bytes], list[bytes]]:
    """(added, removed) N-Triples lines from dump `old` (None: the first release) to dump `new`."""
    with new.open("rb") as fresh:
        if old is None:
            return list(fresh), []
        with old.open("rb") as before:
            return diff_lines(iter(before), iter(fresh))


def parse_line(line: bytes) -> tuple[str, str, str]:
    """(subject IRI, predicate IRI, object as written) of an N-Triples line without blank nodes."""
    text = line.decode("utf-8").rstrip("\n")
    s_end = text.index("> ")
    p_end = text.index("> ", s_end + 2)
    return text[1:s_end], text[s_end + 3 : p_end], text[p_end + 2 :].removesuffix(" .")


def shown(obj: str) -> str:
    """An N-Triples object for people: a code list value by its code, a literal by its text."""
    if obj.startswith("<"):
        return obj[1:-1].rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    quoted = obj[: obj.rindex('"') + 1]
    try:  # N-Triples escapes are JSON's, but for \\U........ (oxigraph writes none)
        return json.loads(quoted)
    except ValueError:
        return quoted[1:-1]


_PLACES_SHOWN = 5  # in the one-sentence summary; every measure has its own line below it


@dataclass
class MeasureChange:
    """One measure's change: its kind, where it is, and property by property what became what."""

    iri: str
    kind: str  # one of KINDS
    title: str
    municipalities: tuple[str, ...]
    fields: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)

    @property
    def measure_id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    def field_text(self, lang: str) -> str:
        parts = []
        for predicate, before, after in self.fields:
            word = _WORDS.get(predicate, Text(_local(predicate), _local(predicate))).pick(lang)
            parts.append(f"{word} {', '.join(before) or '—'} → {', '.join(after) or '—'}")
        return "; ".join(parts)


@dataclass
class Changelog:
    """The changes of one version against the one before: per measure, and in triples."""

    measures: list[MeasureChange]
    added_triples: int
    removed_triples: int
    other_triples: int  # added or removed triples about anything but a measure

    def count(self, kind: str) -> int:
        return sum(1 for m in self.measures if m.kind == kind)

    @property
    def empty(self) -> bool:
        return not self.added_triples and not self.removed_triples

    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in (*KINDS, "moved")}

    @property
    def versioned(self) -> list[MeasureChange]:
        """The measures that get a new version in the feed: every change but a move."""
        return [m for m in self.measures if m.kind != "moved"]

    def summary(self, lang: str) -> str:
        """One sentence: each kind of change with its number per municipality; field changes of
        the changed measures counted by what became what."""
        if self.empty:
            return Text("Geen wijzigingen.", "No changes.").pick(lang)
        parts = []
        for kind in KINDS:
            found = [m for m in self.measures if m.kind == kind]
            if not found:
                continue
            by_place: dict[str, int] = {}
            for m in found:
                place = " / ".join(m.municipalities) or Text(
                    "onbekende gemeente", "unknown municipality"
                ).pick(lang)
                by_place[place] = by_place.get(place, 0) + 1
            places = sorted(by_place.items(), key=lambda item: (-item[1], item[0]))
            word = _KIND_WORDS[kind].pick(lang)
            one = len(found) == 1
            noun = Text("maatregel" if one else "maatregelen", "measure" if one else "measures").pick(lang)
            text = f"{len(found)}{' ' + noun if not parts else ''} {word}"
            if len(places) == 1:  # "3 measures added in Gent"
                text += f" in {places[0][0]}"
            else:  # "30 measures added (7 in Gent, 4 in Leuven, …)": the busiest places, then a count
                shown = [f"{n} in {place}" for place, n in places[:_PLACES_SHOWN]]
                rest = len(places) - _PLACES_SHOWN
                if rest > 0:
                    shown.append(
                        Text(f"nog {rest} andere gemeente{'n' if rest > 1 else ''}",
                             f"{rest} other municipalit{'ies' if rest > 1 else 'y'}").pick(lang)
                    )
                text += f" ({', '.join(shown)})"
            if kind == "changed":
                what: dict[str, int] = {}
                for m in found:
                    key = m.field_text(lang)
                    if key:
                        what[key] = what.get(key, 0) + 1
                if what:
                    text += ": " + "; ".join(
                        f"{k} ({n})" if n > 1 else k
                        for k, n in sorted(what.items(), key=lambda i: (-i[1], i[0]))
                    )
            parts.append(text)
        moved = self.count("moved")
        if moved:
            parts.append(
                Text(
                    f"{moved} alleen verplaatst (andere rij of ander bestand)",
                    f"{moved} only moved (another row or file)",
                ).pick(lang)
            )
        if self.other_triples:
            parts.append(
                Text(
                    f"{self.other_triples} andere tripels gewijzigd (gemeenten, organisaties, codelijsten)",
                    f"{self.other_triples} other triples changed (municipalities, organisations, code lists)",
                ).pick(lang)
            )
        return ", ".join(parts) + "."

    def lines(self, lang: str) -> list[str]:
        """The summary, then one line per measure: kind, id, title, municipality and what changed."""
        out = [self.summary(lang)]
        for m in self.measures:
            if m.kind == "moved":
                continue
            place = " / ".join(m.municipalities)
            line = f"- {_KIND_WORDS[m.kind].pick(lang)}: {m.measure_id} {m.title}" + (
                f" ({place})" if place else ""
            )
            if m.kind == "changed" and m.fields:
                line += f": {m.field_text(lang)}"
            out.append(line)
        return out

    def as_json(self) -> dict:
        return {
            "counts": self.counts(),
            "triples": {"added": self.added_triples, "removed": self.removed_triples},
            "measures": [
                {
                    "iri": m.iri,
                    "kind": m.kind,
                    "title": m.title,
                    "municipalities": list(m.municipalities),
                    "fields": [{"property": p, "before": list(b), "after": list(a)} for p, b, a in m.fields],
                }
                for m in self.measures
            ],
        }


def dump_facts(dump: Path | None) -> tuple[dict[str, str], dict[str, tuple[str, tuple[str, ...]]]]:
    """From one pass over an N-Triples dump: municipality IRI -> Dutch name, and measure IRI ->
    (Dutch title, municipalities as recorded), for the lines of a changelog (a changed measure's
    diff holds only what changed, not its title or place)."""
    names: dict[str, str] = {}
    facts: dict[str, tuple[str, list[str]]] = {}
    if dump is None:
        return {}, {}
    title, spatial, label = (f"> <{p.value}> ".encode() for p in (DCT.title, DCT.spatial, SKOS.prefLabel))
    with dump.open("rb") as fh:
        for line in fh:
            if title in line or spatial in line or label in line:
                s, p, o = parse_line(line)
                if p == SKOS.prefLabel.value and o.endswith("@nl"):
                    names[s] = shown(o)
                elif p == DCT.title.value and o.endswith("@nl"):
                    facts.setdefault(s, ("", []))
                    facts[s] = (shown(o), facts[s][1])
                elif p == DCT.spatial.value:
                    facts.setdefault(s, ("", []))[1].append(o[1:-1])
    return names, {k: (t, tuple(places)) for k, (t, places) in facts.items()}


def changelog(
    added: Iterable[bytes],
    removed: Iterable[bytes],
    cfg: Config,
    label: Callable[[str], str | None],
    facts: dict[str, tuple[str, tuple[str, ...]]] | None = None,
) -> Changelog:
    """The changelog of a dump diff. `label(iri)` names a municipality (None: its code is shown);
    `facts` (dump_facts of the new dump) give the title and place of a measure the diff does not."""
    facts = facts or {}
    measure_base = f"{cfg.id_base}maatregel/"
    vu = cfg.vocab_ns
    lines: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    counts = {"added": 0, "removed": 0, "other": 0}
    for side, found in (("added", added), ("removed", removed)):
        for line in found:
            counts[side] += 1
            s, p, o = parse_line(line)
            if not s.startswith(measure_base):
                counts["other"] += 1
                continue
            lines.setdefault(s.split("#", 1)[0], {"added": [], "removed": []})[side].append((s, p, o))
    changes = []
    type_p = RDF.type.value
    kinds = {f"<{vu}Maatregel>": "live", f"<{vu}IngetrokkenMaatregel>": "withdrawn"}
    for iri in sorted(lines):
        got = lines[iri]
        new_type = next(
            (kinds[o] for s, p, o in got["added"] if s == iri and p == type_p and o in kinds), None
        )
        old_type = next(
            (kinds[o] for s, p, o in got["removed"] if s == iri and p == type_p and o in kinds), None
        )
        if new_type and not old_type:
            kind = "added"
        elif old_type and not new_type:
            kind = "removed"
        elif old_type == "live" and new_type == "withdrawn":
            kind = "withdrawn"
        elif all(p == ROW_POINTER for _, p, _ in got["added"] + got["removed"]):
            kind = "moved"
        else:
            kind = "changed"
        side = got["removed"] if kind == "removed" else got["added"] or got["removed"]
        title = next(
            (shown(o) for s, p, o in side if s == iri and p == DCT.title.value and o.endswith("@nl")), ""
        )
        places = {o[1:-1] for s, p, o in got["added"] + got["removed"] if s == iri and p == DCT.spatial.value}
        known_title, known_places = facts.get(iri, ("", ()))
        title = title or known_title
        places = places if kind in ("removed", "withdrawn") and places else (set(known_places) or places)
        change = MeasureChange(
            iri, kind, title, tuple(sorted(label(g) or g.rsplit("/", 1)[-1] for g in places))
        )
        if kind == "changed":
            change.fields = _field_changes(iri, got)
        changes.append(change)
    return Changelog(changes, counts["added"], counts["removed"], counts["other"])


def _field_changes(
    iri: str, got: dict[str, list[tuple[str, str, str]]]
) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(property, values before, values after) for the properties whose values changed, the measure's
    own first, then its parts' (a period's dates), each sorted."""
    before: dict[str, set[str]] = {}
    after: dict[str, set[str]] = {}
    for _, p, o in got["removed"]:
        before.setdefault(p, set()).add(shown(o))
    for _, p, o in got["added"]:
        after.setdefault(p, set()).add(shown(o))
    keys = sorted((set(before) | set(after)) - {ROW_POINTER}, key=lambda p: (p not in _WORDS, p))
    return [
        (p, tuple(sorted(before.get(p, ()))), tuple(sorted(after.get(p, ()))))
        for p in keys
        if p != DCT.modified.value or len(keys) == 1
    ]


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


__all__ = [
    "Changelog",
    "MeasureChange",
    "KINDS",
    "changelog",
    "diff_files",
    "diff_lines",
    "parse_line",
    "shown",
]
