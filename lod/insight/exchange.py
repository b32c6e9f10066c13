"""Exchange between local governments: coverage, peers, gaps and partner suggestions.

Every figure is the result of a named SPARQL query in `lod/insight/queries/*.rq`, published in the
release under `queries/`, so a researcher can rerun it and get the same number. Python only
selects rows (a municipality, its peers from data/peers.csv) and never counts on its own, except
the peer shares of `compare`, whose rule is documented in data/peers.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pyoxigraph import NamedNode

from lod.config import Config
from lod.errors import InputError
from lod.insight.named import run_query
from lod.sources.csv import read_reference
from lod.store.base import Store
from lod.terms import concept_iri, territory_iri
from lod.text import Text

PEER_SHARE = 0.5  # a kind is "usual" when at least half of the peers with measures have it


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


# --- coverage ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class MunicipalityCoverage:
    nis: str
    name: str
    province: str  # NIS code of the province
    measures: int
    kinds: int
    in_predecessors: int
    predecessors: tuple[str, ...]


@dataclass(frozen=True)
class ProvinceCoverage:
    nis: str
    name: str  # from the graph's labels (data/provincies.csv), Dutch and English
    municipalities: int
    with_measures: int
    without_measures: int
    measures: int
    name_en: str = ""


@dataclass(frozen=True)
class KindCoverage:
    iri: str
    code: str
    label: str
    municipalities: int
    measures: int
    label_en: str = ""


@dataclass(frozen=True)
class Coverage:
    """Which of today's municipalities have recorded measures, overall, per province and per kind."""

    municipalities: int
    with_measures: int
    without_measures: int
    measures: int
    provinces: list[ProvinceCoverage]
    kinds: list[KindCoverage]
    province_kinds: dict[tuple[str, str], int]  # (province NIS, kind code) -> municipalities
    rows: list[MunicipalityCoverage]

    def kind(self, code: str) -> KindCoverage | None:
        return next((k for k in self.kinds if k.code == code), None)

    def province(self, nis: str) -> ProvinceCoverage:
        return next(p for p in self.provinces if p.nis == nis)


def _kinds(store: Store, cfg: Config) -> list[KindCoverage]:
    return [KindCoverage(r["soort"], r.get("notatie") or _tail(r["soort"]),
                         r.get("label") or r.get("notatie") or _tail(r["soort"]),
                         r["gemeenten"], r["maatregelen"], r.get("labelEn", ""))
            for r in run_query(store, cfg, "dekking-maatregeltype")]


def coverage(store: Store, cfg: Config) -> Coverage:
    """Coverage of today's municipalities, from the dekking-*.rq queries."""
    total = run_query(store, cfg, "dekking-totaal")[0]
    provinces = [ProvinceCoverage(_tail(r["provincie"]), r.get("naam", _tail(r["provincie"])), r["gemeenten"],
                                  r["gemeentenMetMaatregelen"], r["gemeentenZonderMaatregelen"],
                                  r["maatregelen"], r.get("naamEn", ""))
                 for r in run_query(store, cfg, "dekking-provincie")]
    kinds = _kinds(store, cfg)
    codes = {k.iri: k.code for k in kinds}
    province_kinds = {(_tail(r["provincie"]), codes.get(r["soort"], _tail(r["soort"]))): r["gemeenten"]
                      for r in run_query(store, cfg, "dekking-provincie-maatregeltype")}
    rows = [MunicipalityCoverage(r["nis"], r.get("naam", r["nis"]), _tail(r["provincie"]), r["maatregelen"],
                                 r["soorten"], r["maatregelenInVoorgangers"],
                                 tuple(sorted(r.get("voorgangers", "").split())))
            for r in run_query(store, cfg, "dekking-gemeenten")]
    return Coverage(total["gemeenten"], total["gemeentenMetMaatregelen"], total["gemeentenZonderMaatregelen"],
                    total["maatregelen"], provinces, kinds, province_kinds, rows)


# --- peers and comparison ---------------------------------------------------------------------

def read_peer_groups(cfg: Config) -> dict[str, set[str]]:
    """data/peers.csv as group name -> NIS codes (rule in data/peers.md)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for _, row in read_reference(cfg.data_dir / "peers.csv", ["groep", "nis"]):
        groups[row["groep"]].add(row["nis"])
    return dict(groups)


def peers_of(nis: str, cov: Coverage, groups: dict[str, set[str]]) -> tuple[str, list[str]]:
    """(criterion, peer NIS codes): the other members of its groups, else its province."""
    mine = sorted(g for g, members in groups.items() if nis in members)
    today = {r.nis for r in cov.rows}
    if mine:
        peers = set().union(*(groups[g] for g in mine)) & today
        return " + ".join(mine), sorted(peers - {nis})
    province = next(r.province for r in cov.rows if r.nis == nis)
    return (f"provincie {cov.province(province).name}",
            sorted(r.nis for r in cov.rows if r.province == province and r.nis != nis))


@dataclass(frozen=True)
class Practice:
    """A measure to learn from (good practices first), whom to ask (a role, never a person), sources."""

    iri: str
    title: str
    nis: str
    municipality: str
    contact_role: str
    email: str
    sources: tuple[str, ...]
    from_peer: bool = True
    good_practice: bool = False


@dataclass(frozen=True)
class MeasureRef:
    iri: str
    title: str
    recorded_nis: str
    recorded_name: str
    good_practice: bool


@dataclass(frozen=True)
class KindRow:
    kind: KindCoverage
    own: int  # measures of this kind in the municipality (predecessors included)
    peers_with_kind: int
    peers_with_measures: int
    gap: bool
    examples: tuple[Practice, ...] = ()
    peers_doing: tuple[tuple[str, str], ...] = ()  # (NIS, name) of peers with a measure of this kind

    @property
    def share(self) -> float:
        return self.peers_with_kind / self.peers_with_measures if self.peers_with_measures else 0.0


@dataclass(frozen=True)
class Comparison:
    """One municipality set against its peers: what it does, what most peers do that it does not."""

    nis: str
    name: str
    province: str  # its name, in Dutch
    criterion: str  # in Dutch: "centrumsteden" or "provincie Limburg"
    peers: list[tuple[str, str, int]]  # (NIS, name, measures)
    predecessors: list[dict[str, Any]]
    measures_by_kind: dict[str, list[MeasureRef]]  # kind code -> measures, by Dutch kind label
    kinds: list[KindRow]
    asked_nis: str = ""  # the code asked for, when it was a predecessor's
    widened: bool = False  # no peer had measures: compared with all of Flanders instead
    gaps: list[KindRow] = field(default_factory=list)
    groups: tuple[str, ...] = ()  # the peer groups of data/peers.csv; empty: compared in its province
    province_nis: str = ""
    province_en: str = ""

    def kind(self, code: str) -> KindCoverage:
        return next(r.kind for r in self.kinds if r.kind.code == code)


class Exchange:
    """The exchange's view of a release: coverage, peers and comparisons, each query run once.

    Pages, the server and the CLI share one instance per store (the release writes 285
    comparisons from it): `Exchange(store, cfg).coverage`, `.compare(nis)`, `.kind(code)`.
    """

    def __init__(self, store: Store, cfg: Config) -> None:
        self.store, self.cfg = store, cfg

    @cached_property
    def coverage(self) -> Coverage:
        return coverage(self.store, self.cfg)

    @cached_property
    def names(self) -> dict[str, str]:
        return {r.nis: r.name for r in self.coverage.rows}

    @cached_property
    def groups(self) -> dict[str, set[str]]:
        return read_peer_groups(self.cfg)

    def _grouped(self, query: str, key: str) -> dict[str, list[dict[str, Any]]]:
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in run_query(self.store, self.cfg, query):
            rows[r[key]].append(r)
        return rows

    @cached_property
    def kinds_of(self) -> dict[str, dict[str, int]]:
        found: dict[str, dict[str, int]] = defaultdict(dict)
        for r in run_query(self.store, self.cfg, "gemeente-soorten"):
            found[r["nis"]][r["soort"]] = r["maatregelen"]
        return found

    @cached_property
    def practices(self) -> dict[str, list[dict[str, Any]]]:
        return self._grouped("voorbeelden", "soort")  # good practices first

    @cached_property
    def history(self) -> dict[str, list[dict[str, Any]]]:
        return self._grouped("gemeente-geschiedenis", "gemeente")

    @cached_property
    def measures(self) -> dict[str, list[dict[str, Any]]]:
        return self._grouped("gemeente-maatregelen", "gemeente")

    def compare(self, nis: str) -> Comparison:
        """Municipality `nis` (today's code or a predecessor's) against its peers, computed once."""
        cache = self.__dict__.setdefault("_compared", {})
        if nis not in cache:
            cache[nis] = _compare(self, nis)
        return cache[nis]

    def kind(self, code: str) -> KindCoverage:
        """A measure kind by its code; InputError listing the codes when there is none."""
        found = self.coverage.kind(code)
        if found is None:
            codes = ", ".join(k.code for k in self.coverage.kinds)
            raise InputError(Text(f"onbekende soort maatregel {code!r}", f"unknown measure kind {code!r}"),
                             hint=Text(f"kies uit: {codes}", f"choose from: {codes}"))
        return found

    def practices_of(self, kind: KindCoverage) -> list[Practice]:
        """Every recorded practice of a kind, good practices first."""
        return [_practice(r, self.names, True) for r in self.practices.get(kind.iri, [])]

    def partners(self, kind: KindCoverage) -> list[PartnerSuggestion]:
        return partner_suggestions(self.store, self.cfg, kind.iri)


def _practice(r: dict[str, Any], names: dict[str, str], from_peer: bool) -> Practice:
    return Practice(r["maatregel"], r.get("titel", _tail(r["maatregel"])), r["nis"],
                    names.get(r["nis"], r["nis"]), r.get("contactrol", ""), r.get("email", ""),
                    tuple(sorted(r.get("bronnen", "").split())), from_peer, bool(r.get("goedePraktijk")))


def _resolve(data: Exchange, nis: str) -> str:
    if nis in data.names:
        return nis
    for iri, rows in data.history.items():
        if any(r["nis"] == nis for r in rows):
            return _tail(iri)
    raise InputError(
        Text(f"onbekende NIS-code {nis!r}: geen gemeente van vandaag en geen voorganger ervan",
             f"unknown NIS code {nis!r}: not a municipality of today nor a predecessor of one"),
        hint=Text("geef een REFNIS-code van 5 cijfers, bv. 44021 voor Gent",
                  "give a 5-digit REFNIS code, e.g. 44021 for Gent"))


def _compare(data: Exchange, asked: str) -> Comparison:
    nis = _resolve(data, asked)
    names, cov = data.names, data.coverage
    iri = territory_iri(nis).value
    criterion, peers = peers_of(nis, cov, data.groups)
    measures = {r.nis: r.measures for r in cov.rows}
    with_measures = [p for p in peers if measures.get(p, 0) > 0]
    widened = not with_measures
    if widened:  # nobody comparable has recorded anything: learn from all of Flanders
        with_measures = [r.nis for r in cov.rows if r.measures > 0 and r.nis != nis]
    own = data.kinds_of.get(nis, {})
    rows = []
    for kind in cov.kinds:
        doing = tuple((p, names.get(p, p)) for p in with_measures if kind.iri in data.kinds_of.get(p, {}))
        having = len(doing)
        gap = kind.iri not in own and with_measures and having / len(with_measures) >= PEER_SHARE
        examples: tuple[Practice, ...] = ()
        if gap:  # what the peers doing it did, good practices first (voorbeelden.rq)
            peer_set = set(with_measures)
            examples = tuple(_practice(r, names, not widened) for r in data.practices.get(kind.iri, [])
                             if r["nis"] in peer_set)
        rows.append(KindRow(kind, own.get(kind.iri, 0), having, len(with_measures), bool(gap), examples,
                            doing))
    by_kind: dict[str, list[MeasureRef]] = defaultdict(list)
    codes = {k.iri: k.code for k in cov.kinds}
    for r in data.measures.get(iri, []):
        by_kind[codes.get(r["soort"], _tail(r["soort"]))].append(MeasureRef(
            r["maatregel"], r.get("titel", _tail(r["maatregel"])), r["plaatsNis"],
            r.get("plaatsNaam", r["plaatsNis"]), bool(r.get("goedePraktijk", False))))
    row = next(r for r in cov.rows if r.nis == nis)
    label = {k.code: k.label for k in cov.kinds}
    return Comparison(
        nis, names[nis], cov.province(row.province).name, criterion,
        [(p, names.get(p, p), measures.get(p, 0)) for p in peers], data.history.get(iri, []),
        dict(sorted(by_kind.items(), key=lambda item: label.get(item[0], item[0]))), rows,
        asked if asked != nis else "", widened, [r for r in rows if r.gap],
        tuple(sorted(g for g, members in data.groups.items() if nis in members)), row.province,
        cov.province(row.province).name_en)


def compare(store: Store, cfg: Config, nis: str) -> Comparison:
    """Set municipality `nis` (today's code or a predecessor's) against its peers."""
    return Exchange(store, cfg).compare(nis)


# --- partners --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PartnerSuggestion:
    """An organisation municipalities worked with on a kind of measure, in one role."""

    iri: str
    name: str
    partner_type: str
    role: str
    role_label: str
    measures: int
    municipalities: int
    municipality_nis: tuple[str, ...]
    partner_type_en: str = ""
    role_label_en: str = ""


def kind_iri(cfg: Config, kind: str) -> NamedNode:
    """A kind given as code ('vorming') or IRI."""
    return NamedNode(kind) if "://" in kind else concept_iri(cfg, "maatregeltype", kind)


def partner_suggestions(store: Store, cfg: Config, kind: str) -> list[PartnerSuggestion]:
    """Partners per role for one kind of measure, most often used first (partners-per-soort.rq)."""
    rows = run_query(store, cfg, "partners-per-soort", soort=kind_iri(cfg, kind))
    return [PartnerSuggestion(r["partner"], r.get("naam", _tail(r["partner"])),
                              r.get("partnertypeNaam") or _tail(r.get("partnertype", "")),
                              _tail(r["rol"]), r.get("rolNaam") or _tail(r["rol"]),
                              r["maatregelen"], r["gemeenten"],
                              tuple(sorted(r.get("gemeentenNis", "").split())),
                              r.get("partnertypeNaamEn", ""), r.get("rolNaamEn", ""))
            for r in rows]
