"""The insight's answers outside HTML: coverage as CSV and JSON files, and the terminal text of
`lod compare` and `lod partners`, in Dutch or English."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, fields, is_dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # json's own (C) quoting
from typing import Any

from lod.config import Config
from lod.insight.exchange import (
    Comparison,
    Coverage,
    Exchange,
    KindCoverage,
    KindRow,
    PartnerSuggestion,
    Practice,
)
from lod.store.base import Store
from lod.text import Text


def coverage_csv(cov: Coverage) -> str:
    """One row per municipality of today, predecessors' measures included."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["nis", "gemeente", "provincie", "maatregelen", "soorten", "maatregelen_in_voorgangers",
                "voorgangers"])
    for r in cov.rows:
        w.writerow([r.nis, r.name, cov.province(r.province).name, r.measures, r.kinds,
                    r.in_predecessors, " ".join(r.predecessors)])
    return buf.getvalue()


def coverage_json(cov: Coverage) -> str:
    doc = asdict(cov)
    doc["province_kinds"] = [{"provincie": p, "soort": k, "gemeenten": n}
                             for (p, k), n in sorted(cov.province_kinds.items())]
    doc["queries"] = {"totaal": "queries/dekking-totaal.rq", "provincies": "queries/dekking-provincie.rq",
                      "soorten": "queries/dekking-maatregeltype.rq",
                      "province_kinds": "queries/dekking-provincie-maatregeltype.rq",
                      "rows": "queries/dekking-gemeenten.rq"}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def comparison_json(cmp: Comparison, encoder: IndentedJson | None = None) -> str:
    """One municipality's comparison as the release publishes it (vergelijking/<nis>.json): the
    bytes of `json.dumps(asdict(cmp), ensure_ascii=False, indent=1, sort_keys=True, default=str)`.
    A release writes every comparison with one `encoder`: the examples and partners that many
    comparisons share are encoded once (tests/insight/test_formats.py compares the two)."""
    return (encoder or comparison_encoder()).dumps(cmp) + "\n"


def comparison_encoder() -> IndentedJson:
    """The encoder a release writes all its comparisons with: their partner suggestions, kinds and
    practices are the same objects in every comparison (Exchange.partners asks once per kind,
    Exchange.practice makes one per measure), and a comparison lists each of its gaps twice, under
    `kinds` and `gaps` (the same KindRow, kept for the one comparison only: a gap lists hundreds of
    practices at 1M triples, too many to keep for every municipality)."""
    return IndentedJson(shared=(PartnerSuggestion, KindCoverage, Practice), repeated=(KindRow,))


class IndentedJson:
    """`json.dumps(asdict(value), ensure_ascii=False, indent=1, sort_keys=True, default=str)`
    without asdict's copies and the pure-Python encoder's generators (the comparisons' JSON was a
    third of the exchange stage: 18.6 s CPU at 250k triples, 4.4 s this way). An instance of a
    `shared` (frozen dataclass) type is encoded once per indentation and kept: every comparison
    lists the same partner suggestions. Only shared types are kept, so memory stays small; an
    instance of a `repeated` type is kept during one `dumps` only (a value that holds it twice)."""

    def __init__(self, shared: tuple[type, ...] = (), *, repeated: tuple[type, ...] = ()) -> None:
        self._shared = shared + repeated
        self._repeated = repeated
        self._done: dict[tuple[int, int], str] = {}
        self._kept: list[Any] = []  # what `_done` refers to by id() stays alive, so no id is reused
        self._once: dict[tuple[int, int], str] = {}  # the repeated ones, for the current dumps

    def dumps(self, value: Any) -> str:
        try:
            return self._encode(value, 0)
        finally:
            self._once.clear()  # `value` holds what these ids name until now, not after

    def _encode(self, o: Any, level: int) -> str:
        if isinstance(o, str):
            return encode_basestring(o)
        if o is None:
            return "null"
        if o is True:
            return "true"
        if o is False:
            return "false"
        if isinstance(o, int):
            return int.__repr__(o)
        if isinstance(o, float):
            return json.dumps(o)
        if isinstance(o, list | tuple):
            return self._items([self._encode(v, level + 1) for v in o], "[", "]", level)
        if isinstance(o, dict):
            return self._object(o.items(), level)
        if is_dataclass(o) and not isinstance(o, type):
            if not isinstance(o, self._shared):
                return self._object(((f.name, getattr(o, f.name)) for f in fields(o)), level)
            key = (id(o), level)
            done = self._once if isinstance(o, self._repeated) else self._done
            if key not in done:
                done[key] = self._object(((f.name, getattr(o, f.name)) for f in fields(o)), level)
                if done is self._done:
                    self._kept.append(o)
            return done[key]
        return self._encode(str(o), level)

    def _object(self, items: Iterable[tuple[Any, Any]], level: int) -> str:
        pairs = sorted(((_key(k), v) for k, v in items), key=lambda kv: kv[0])
        parts = [f"{encode_basestring(k)}: {self._encode(v, level + 1)}" for k, v in pairs]
        return self._items(parts, "{", "}", level)

    @staticmethod
    def _items(parts: list[str], start: str, end: str, level: int) -> str:
        if not parts:
            return start + end
        inner = "\n" + " " * (level + 1)
        return start + inner + ("," + inner).join(parts) + "\n" + " " * level + end


def _key(key: Any) -> str:
    """A dict key as json.dumps writes it (it accepts str, int, float, bool and None keys)."""
    if isinstance(key, str):
        return key
    return json.dumps(key)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


_ORIGIN = {"province": Text(" (zelfde provincie)", " (same province)"),
           "centre": Text(" (centrumstad)", " (centre city)")}


def _practice_lines(e: Any, lang: str) -> list[str]:
    title = Text(e.title, e.title_en).pick(lang)
    where = _ORIGIN[e.origin].pick(lang) if e.origin in _ORIGIN else ""
    ways = []
    for r in e.reach:
        if r.kind == "contact":
            ways.append(Text(f"vraag: {r.name}", f"ask: {r.name}").pick(lang)
                        + (f" <{r.href.removeprefix('mailto:')}>" if r.href else ""))
        else:
            ways.append(f"{r.name}: {r.href}")
    who = "; ".join(ways) if ways else Text("geen contact in de gegevens (zie de bron)",
                                            "no contact in the data (see the source)").pick(lang)
    source = Text("bron", "source").pick(lang)
    return [f"    - {title} — {e.municipality}{where}; {who}", *(f"      {source}: {s}" for s in e.sources)]


def comparison_text(cmp: Comparison, lang: str = "nl") -> str:
    """The comparison as the terminal shows it (`lod compare NIS`), in Dutch or English."""

    def T(nl: str, en: str) -> str:  # noqa: N802 - the templates' name for the same choice
        return Text(nl, en).pick(lang)

    def label(kind: Any) -> str:
        return T(kind.label, kind.label_en)

    province = T(cmp.province, cmp.province_en)
    criterion = cmp.criterion if cmp.groups else T(cmp.criterion, f"province {province}")
    out = []
    if cmp.asked_nis:
        out.append(T(f"{cmp.asked_nis} bestaat niet meer; fusioneerde in {cmp.name} ({cmp.nis}).",
                     f"{cmp.asked_nis} no longer exists; it merged into {cmp.name} ({cmp.nis})."))
    with_m = cmp.peers_with_data
    out.append(T(f"{cmp.name} ({cmp.nis}), provincie {province}: vergeleken met {criterion} "
                 f"({len(cmp.peers)} gemeenten, {with_m} met maatregelen)",
                 f"{cmp.name} ({cmp.nis}), province {province}: compared with {criterion} "
                 f"({len(cmp.peers)} municipalities, {with_m} with measures)"))
    for p in cmp.predecessors:
        out.append(T(f"voorganger: {p.get('naam', p['nis'])} ({p['nis']}), {p['maatregelen']} maatregel(en)",
                     f"predecessor: {p.get('naam', p['nis'])} ({p['nis']}), {p['maatregelen']} measure(s)"))
    out += ["", T(f"Wat {cmp.name} al doet:", f"What {cmp.name} already does:")]
    for code, refs in cmp.measures_by_kind.items():
        out.append(f"  {label(cmp.kind(code))}:")
        for m in refs:
            moved = m.recorded_nis != cmp.nis
            title = Text(m.title, m.title_en).pick(lang)
            out.append(f"    - {title}" + (T(f" (geregistreerd in {m.recorded_name} {m.recorded_nis})",
                                               f" (recorded in {m.recorded_name} {m.recorded_nis})")
                                             if moved else ""))
    if not cmp.measures_by_kind:
        out.append(T("  nog geen maatregelen geregistreerd", "  no measures recorded yet"))
    header = [T("soort", "kind"), cmp.name, T("vergelijkbare gemeenten", "comparable municipalities")]
    out += ["", *_table(header,
                        [[r.kind.code, str(r.own or "-"), f"{r.peers_with_kind}/{r.peers_with_measures}"
                          + (T("  <- meer dan de helft", "  <- more than half") if r.gap else "")]
                         for r in cmp.kinds if r.own or r.peers_with_kind])]
    if cmp.thin:
        out += ["", T(f"Te weinig vergelijkbare gemeenten met gegevens ({with_m}; minstens "
                      f"{cmp.min_peers} nodig) om te zeggen wat de meeste doen. Voorbeelden uit de "
                      "provincie en de centrumsteden:",
                      f"Too few comparable municipalities with data ({with_m}; at least {cmp.min_peers} "
                      "needed) to say what most of them do. Examples from the province and the centre "
                      "cities:")]
        for s in cmp.suggestions:
            out.append(f"  {label(s.kind)} ({s.kind.code}): " + ", ".join(name for _, name in s.peers_doing))
            for e in s.examples:
                out += _practice_lines(e, lang)
        return "\n".join(out)
    gaps = (T("Wat meer dan de helft van de vergelijkbare gemeenten met gegevens wel doet:",
              "What more than half of the comparable municipalities with data do:")
            if cmp.gaps else T("Niets dat meer dan de helft van de vergelijkbare gemeenten doet en "
                               f"{cmp.name} nog niet.", "Nothing that more than half of the comparable "
                               f"municipalities do and {cmp.name} does not yet."))
    out += ["", gaps]
    for g in cmp.gaps:
        out.append(f"  {label(g.kind)} ({g.kind.code}): {g.peers_with_kind}/{g.peers_with_measures}: "
                   + ", ".join(name for _, name in g.peers_doing))
        for e in g.examples:
            out += _practice_lines(e, lang)
    return "\n".join(out)


# The columns of `lod partners`, one table per language.
_PARTNER_COLUMNS = Text(["partner", "soort", "rol", "maatregelen", "gemeenten", "waar"],
                        ["partner", "type", "role", "measures", "municipalities", "where"])


def partners_text(store: Store, cfg: Config, kind: str) -> str:
    """Partners for one kind as a table (`lod partners KIND`), in the config's language."""
    lang = cfg.lang
    data = Exchange(store, cfg)
    found = data.kind(kind)
    rows = [[p.name, Text(p.partner_type, p.partner_type_en).pick(lang),
             Text(p.role_label, p.role_label_en).pick(lang), str(p.measures), str(p.municipalities),
             ", ".join(data.names.get(n, n) for n in p.municipality_nis)]
            for p in data.partners(found)]
    label = Text(found.label, found.label_en).pick(lang)
    head = Text(f"{label} ({found.code}): {found.municipalities} gemeenten, {found.measures} maatregelen",
                f"{label} ({found.code}): {found.municipalities} municipalities, {found.measures} measures"
                ).pick(lang)
    if not rows:
        return head + "\n" + Text("Nog geen partners geregistreerd voor deze soort.",
                                  "No partners recorded for this kind yet.").pick(lang)
    return "\n".join([head, *_table(_PARTNER_COLUMNS.pick(lang), rows)])


__all__ = ["IndentedJson", "comparison_encoder", "comparison_json", "comparison_text", "coverage_csv",
           "coverage_json",
           "partners_text"]
