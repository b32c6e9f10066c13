"""Exchange between local governments: coverage, peers, gaps and partner suggestions.

Every figure is the result of a named SPARQL query in `lod/insight/queries/*.rq`, published in the
release under `queries/`, so a researcher can rerun it and get the same number. Python only
selects rows (a municipality, its peers from data/peers.csv) and never counts on its own, except
the peer shares of `compare`, whose rule is documented in data/peers.md.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, fields, is_dataclass
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

# A kind is done by "most" peers when MORE than half of them have it, and only when at least
# MIN_PEERS peers have data (data/peers.md): "1 of 2" or "1 of 1" says nothing about what is usual.
MIN_PEERS = 3
CENTRE_CITIES = "centrumsteden"  # the group of data/peers.csv examples come from when peers are few


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
    measures: int  # that run or ran
    name_en: str = ""
    planned: int = 0  # measures gepland
    stopped: int = 0  # measures stopgezet

    @property
    def share(self) -> float:
        """The share of its municipalities with a measure that runs or ran, 0..1."""
        return self.with_measures / self.municipalities if self.municipalities else 0.0


@dataclass(frozen=True)
class KindCoverage:
    iri: str
    code: str
    label: str
    municipalities: int
    measures: int  # that run or ran
    label_en: str = ""
    planned: int = 0
    stopped: int = 0


@dataclass(frozen=True)
class Coverage:
    """Which of today's municipalities have recorded measures that run or ran, overall, per province and
    per kind; planned and stopped measures are counted apart (the dekking-*.rq queries)."""

    municipalities: int
    with_measures: int
    without_measures: int
    measures: int
    provinces: list[ProvinceCoverage]
    kinds: list[KindCoverage]
    province_kinds: dict[tuple[str, str], int]  # (province NIS, kind code) -> municipalities
    rows: list[MunicipalityCoverage]
    planned: int = 0  # measures gepland: they make no municipality covered
    stopped: int = 0  # measures stopgezet

    @property
    def share(self) -> float:
        """The share of today's municipalities with a measure that runs or ran, 0..1."""
        return self.with_measures / self.municipalities if self.municipalities else 0.0

    def kind(self, code: str) -> KindCoverage | None:
        return next((k for k in self.kinds if k.code == code), None)

    def province(self, nis: str) -> ProvinceCoverage:
        return next(p for p in self.provinces if p.nis == nis)


def _kinds(store: Store, cfg: Config) -> list[KindCoverage]:
    return [KindCoverage(r["soort"], r.get("notatie") or _tail(r["soort"]),
                         r.get("label") or r.get("notatie") or _tail(r["soort"]),
                         r["gemeenten"], r["maatregelen"], r.get("labelEn", ""),
                         r.get("maatregelenGepland", 0), r.get("maatregelenStopgezet", 0))
            for r in run_query(store, cfg, "dekking-maatregeltype")]


def coverage(store: Store, cfg: Config) -> Coverage:
    """Coverage of today's municipalities, from the dekking-*.rq queries."""
    total = run_query(store, cfg, "dekking-totaal")[0]
    provinces = [ProvinceCoverage(_tail(r["provincie"]), r.get("naam", _tail(r["provincie"])), r["gemeenten"],
                                  r["gemeentenMetMaatregelen"], r["gemeentenZonderMaatregelen"],
                                  r["maatregelen"], r.get("naamEn", ""), r.get("maatregelenGepland", 0),
                                  r.get("maatregelenStopgezet", 0))
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
                    total["maatregelen"], provinces, kinds, province_kinds, rows,
                    total.get("maatregelenGepland", 0), total.get("maatregelenStopgezet", 0))


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
class Organisation:
    """An organisation of the graph (organisaties.rq): a partner, a lead, a municipality's administration."""

    iri: str
    name: str
    kind: str  # IRI of its partnertype concept; "" for an administration
    kind_label: str
    kind_label_en: str
    website: str  # foaf:homepage, only where a source gives the organisation's own site
    territory: str  # for an administration: the IRI of the municipality it governs
    measures: int

    @property
    def official_entry(self) -> str:
        """An administration's IRI in an official register (LBLOD), the entry to reach it; else ""."""
        return self.iri if self.territory and self.iri.startswith(OFFICIAL_REGISTERS) else ""


# Registers whose entries for an administration are the official ones (the LBLOD organisation portal).
OFFICIAL_REGISTERS = ("http://data.lblod.info/id/bestuurseenheden/",)


@dataclass(frozen=True)
class Reach:
    """One way to reach whoever can tell more about a practice; never a person."""

    kind: str  # "contact": the measure's role and mailbox; "website": an organisation's own site;
    #            "entry": an administration's official entry
    name: str  # the contact role, or the organisation's name
    href: str  # mailto:…, the website or the entry; "" for a role given without a mailbox
    organisation: str = ""  # IRI of the organisation ("" for a contact role)
    role: str = ""  # "lead" or "partner" for an organisation


@dataclass(frozen=True)
class Practice:
    """A measure to learn from, whom to ask (a role, never a person), how to reach them, sources."""

    iri: str
    title: str
    nis: str
    municipality: str
    contact_role: str
    email: str
    sources: tuple[str, ...]
    origin: str = "peer"  # why it is shown: "peer", "province" (same province) or "centre" (a centre city)
    good_practice: bool = False
    title_en: str = ""
    status: str = ""  # code of the status concept (lopend, afgerond, gepland, stopgezet)
    reach: tuple[Reach, ...] = ()

    @property
    def reachable(self) -> bool:
        return bool(self.reach)


@dataclass(frozen=True)
class MeasureRef:
    iri: str
    title: str
    recorded_nis: str
    recorded_name: str
    good_practice: bool
    title_en: str = ""
    status: str = ""


@dataclass(frozen=True)
class KindRow:
    kind: KindCoverage
    own: int  # measures of this kind in the municipality (predecessors included)
    peers_with_kind: int
    peers_with_measures: int
    gap: bool
    examples: tuple[Practice, ...] = ()
    peers_doing: tuple[tuple[str, str], ...] = ()  # (NIS, name) of peers with a measure of this kind
    partners: tuple[PartnerSuggestion, ...] = ()  # whom municipalities worked with on this kind

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
    # fewer than MIN_PEERS peers have data: no "most"; `suggestions` come from the province and
    # the centre cities instead, each example labelled with its origin
    thin: bool = False
    gaps: list[KindRow] = field(default_factory=list)
    groups: tuple[str, ...] = ()  # the peer groups of data/peers.csv; empty: compared in its province
    province_nis: str = ""
    province_en: str = ""
    suggestions: list[KindRow] = field(default_factory=list)
    min_peers: int = 0  # the rule's minimum (MIN_PEERS), published with every comparison

    @property
    def peers_with_data(self) -> int:
        return sum(1 for _, _, n in self.peers if n)

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

    @cached_property
    def organisations(self) -> dict[str, Organisation]:
        """Every organisation by IRI (organisaties.rq)."""
        rows = run_query(self.store, self.cfg, "organisaties")
        return {r["organisatie"]: Organisation(
            r["organisatie"], r.get("naam", _tail(r["organisatie"])), r.get("soort", ""),
            r.get("soortNaam", ""), r.get("soortNaamEn", ""), r.get("website", ""),
            r.get("werkingsgebied", ""), r["maatregelen"]) for r in rows}

    def compare(self, nis: str) -> Comparison:
        """Municipality `nis` (today's code or a predecessor's) against its peers, computed once."""
        cache = self.__dict__.setdefault("_compared", {})
        if nis not in cache:
            cache[nis] = _compare(self, nis)
        return cache[nis]

    def comparison_digest(self, nis: str) -> str:
        """sha256 of `compare(nis)`'s whole value (its repr names every field of every part), computed
        once: what a municipality page and vergelijking/<nis>.json are keyed by across releases, so
        an unchanged comparison is copied from the release before instead of drawn again."""
        cache = self.__dict__.setdefault("_digests", {})
        if nis not in cache:
            # the parts comparisons share (kind rows, partners, kinds) are hashed once, not per municipality
            parts = self.__dict__.setdefault("_part_digests", {})
            cache[nis] = _encoded(self.compare(nis), parts)
        return cache[nis]

    def kind(self, code: str) -> KindCoverage:
        """A measure kind by its code; InputError listing the codes when there is none."""
        found = self.coverage.kind(code)
        if found is None:
            codes = ", ".join(k.code for k in self.coverage.kinds)
            raise InputError(Text(f"onbekende soort maatregel {code!r}", f"unknown measure kind {code!r}"),
                             hint=Text(f"kies uit: {codes}", f"choose from: {codes}"))
        return found

    def practice(self, r: dict[str, Any], origin: str = "peer") -> Practice:
        """A row of voorbeelden.rq as a Practice, with the ways to reach someone about it; made
        once per row and origin (many comparisons show the same practice)."""
        cache = self.__dict__.setdefault("_practices", {})
        key = (id(r), origin)  # the row is kept beside it: its identity is not reused
        if key not in cache:
            cache[key] = (r, _practice(r, self.names, origin, self.organisations))
        return cache[key][1]

    def practice_of(self, measure: str) -> Practice | None:
        """One measure as a Practice (its contact, lead, partners, sources), None if it has no kind."""
        rows = self.__dict__.setdefault("_by_measure", {})
        if not rows:
            rows.update({r["maatregel"]: r for found in self.practices.values() for r in found})
        return self.practice(rows[measure]) if measure in rows else None

    def practices_of(self, kind: KindCoverage) -> list[Practice]:
        """Every recorded practice of a kind: those with a way to reach someone first, then good practices."""
        return _reachable_first([self.practice(r) for r in self.practices.get(kind.iri, [])])

    def partners_of(self, kind: KindCoverage) -> tuple[PartnerSuggestion, ...]:
        """`partners(kind)` as the one tuple every kind row of that kind holds: a page draws the
        partners to call of a tuple once (lod.pages.exchange.top_partners), not once per row."""
        cache = self.__dict__.setdefault("_partner_tuples", {})
        if kind.iri not in cache:
            cache[kind.iri] = tuple(self.partners(kind))
        return cache[kind.iri]

    def partners(self, kind: KindCoverage) -> list[PartnerSuggestion]:
        """Partners for one kind (every comparison asks for them): those of every kind come from one
        query without ?soort bound, cut by kind (its rows are grouped and ordered by ?soort first),
        a third of the time of one query per kind."""
        if "_partners" not in self.__dict__:
            rows = self._grouped("partners-per-soort", "soort")
            self.__dict__["_partners"] = {soort: _partners_from(found, self.organisations)
                                          for soort, found in rows.items()}
        return self.__dict__["_partners"].get(kind.iri, [])


def _encoded(value: Any, parts: dict[int, tuple[Any, str]]) -> str:
    """A value as text that names every field of every part, like its repr, except that a frozen
    dataclass stands as the sha256 of its own text, kept in `parts` by identity (with the part, so
    the identity is not reused): a part many comparisons share is encoded once."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return repr(value)
    if kind is list or kind is tuple:
        inner = ",".join([_encoded(v, parts) for v in value])
        return "[" + inner + "]" if kind is list else "(" + inner + ")"
    if kind is dict:
        return "{" + ",".join([_encoded(k, parts) + ":" + _encoded(v, parts) for k, v in value.items()]) + "}"
    shape = _SHAPES.get(kind)
    if shape is None:
        if not is_dataclass(value) or isinstance(value, type):
            return repr(value)
        shape = _SHAPES[kind] = (tuple((f.name, _PLAIN.fullmatch(str(f.type)) is not None)
                                       for f in fields(value)),
                                 kind.__dataclass_params__.frozen)  # type: ignore[attr-defined]
    found = parts.get(id(value))
    if found is not None:
        return found[1]
    names, frozen = shape
    text = kind.__qualname__ + "(" + ",".join(
        [name + "=" + (repr(getattr(value, name)) if plain else _encoded(getattr(value, name), parts))
         for name, plain in names]) + ")"
    digest = hashlib.sha256(text.encode()).hexdigest()
    if frozen:
        parts[id(value)] = (value, digest)
    return digest


# A dataclass: (field name, whether its declared type holds only plain values) per field, and
# whether it is frozen. A field of plain values (str, int, tuples and lists of them) is its repr, made in C.
_SHAPES: dict[type, tuple[tuple[tuple[str, bool], ...], bool]] = {}
_PLAIN = re.compile(r"(?:str|int|bool|float|None|tuple|list|\[|\]|,|\.\.\.|\||\s)+")


def _reach(r: dict[str, Any], organisations: dict[str, Organisation]) -> tuple[Reach, ...]:
    """How to reach whoever can tell more: the measure's contact (role, mailbox), else or also the
    lead's and partners' own websites, and an administration's official entry. Nothing invented:
    an organisation without a known website or entry adds nothing."""
    found = []
    if r.get("contactrol") or r.get("email"):
        email = r.get("email", "")
        found.append(Reach("contact", r.get("contactrol", "") or email, f"mailto:{email}" if email else ""))
    involved = [(r["trekker"], "lead")] if r.get("trekker") else []
    involved += [(iri, "partner") for iri in sorted(r.get("partners", "").split())]
    for iri, role in involved:
        org = organisations.get(iri)
        if org is None:
            continue
        if org.website:
            found.append(Reach("website", org.name, org.website, iri, role))
        elif org.official_entry:
            found.append(Reach("entry", org.name, org.official_entry, iri, role))
    return tuple(found)


def _practice(r: dict[str, Any], names: dict[str, str], origin: str,
              organisations: dict[str, Organisation]) -> Practice:
    return Practice(r["maatregel"], r.get("titel", _tail(r["maatregel"])), r["nis"],
                    names.get(r["nis"], r["nis"]), r.get("contactrol", ""), r.get("email", ""),
                    tuple(sorted(r.get("bronnen", "").split())), origin, bool(r.get("goedePraktijk")),
                    r.get("titelEn", ""), _tail(r.get("status", "")) if r.get("status") else "",
                    _reach(r, organisations))


def _reachable_first(practices: list[Practice]) -> list[Practice]:
    """Practices with a way to reach someone first (a page about whom to call leads with those),
    then good practices; otherwise the query's order (stable sort)."""
    return sorted(practices, key=lambda p: (not p.reachable, not p.good_practice))


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


def _is_most(having: int, with_data: int) -> bool:
    """The rule of data/peers.md: more than half of at least MIN_PEERS peers with data.

    >>> _is_most(2, 3), _is_most(1, 2), _is_most(2, 4), _is_most(3, 4)
    (True, False, False, True)
    """
    return with_data >= MIN_PEERS and having * 2 > with_data


# Kinds suggested when peers are too few, at most: the rest is in the table of all kinds.
MAX_SUGGESTIONS = 5


def _suggestions(data: Exchange, nis: str, province: str, own: dict[str, int]) -> list[KindRow]:
    """Too few peers with data: the kinds it lacks that municipalities of its province or the centre
    cities have, most common first, each example labelled with where it comes from. Municipalities
    that get the same answer (same province, same kinds, outside the pool) share one list."""
    cov = data.coverage
    measures = {r.nis: r.measures for r in cov.rows}
    in_province = {r.nis for r in cov.rows if r.province == province and r.nis != nis and r.measures}
    centres = {c for c in data.groups.get(CENTRE_CITIES, set()) if c != nis and measures.get(c, 0)}
    pool = frozenset(in_province | centres)
    key = (province, frozenset(own), pool)
    cache = data.__dict__.setdefault("_suggested", {})
    if key not in cache:
        cache[key] = _suggest(data, frozenset(in_province), pool, own)
    return cache[key]


def _suggest(data: Exchange, in_province: frozenset[str], pool: frozenset[str],
             own: dict[str, int]) -> list[KindRow]:
    cov, names = data.coverage, data.names
    rows = []
    for kind in cov.kinds:
        if kind.iri in own:
            continue
        doing = tuple(sorted(((p, names.get(p, p)) for p in pool if kind.iri in data.kinds_of.get(p, {})),
                             key=lambda item: (item[0] not in in_province, item[1])))
        if not doing:
            continue
        examples = [data.practice(r, "province" if r["nis"] in in_province else "centre")
                    for r in data.practices.get(kind.iri, []) if r["nis"] in pool]
        examples.sort(key=lambda p: (p.origin != "province", not p.reachable, not p.good_practice))
        rows.append(KindRow(kind, 0, len(doing), len(pool), False, tuple(examples), doing,
                            data.partners_of(kind)))
    rows.sort(key=lambda r: -r.peers_with_kind)  # stable: the coverage's order among equals
    return rows[:MAX_SUGGESTIONS]


def _kind_rows(data: Exchange, with_measures: tuple[str, ...], own: dict[str, int]) -> list[KindRow]:
    """Every kind against the peers with data; the same peers and own kinds give the same rows, so
    municipalities alike (a province's municipalities without measures) share them."""
    key = (with_measures, tuple(sorted(own.items())))
    cache = data.__dict__.setdefault("_kind_rows", {})
    if key in cache:
        return cache[key]
    names = data.names
    rows = []
    for kind in data.coverage.kinds:
        doing = tuple((p, names.get(p, p)) for p in with_measures if kind.iri in data.kinds_of.get(p, {}))
        having = len(doing)
        gap = kind.iri not in own and _is_most(having, len(with_measures))
        examples: tuple[Practice, ...] = ()
        partners: tuple[PartnerSuggestion, ...] = ()
        if gap:  # what the peers doing it did: reachable ones first, then good practices
            peer_set = set(with_measures)
            examples = tuple(_reachable_first([data.practice(r) for r in data.practices.get(kind.iri, [])
                                               if r["nis"] in peer_set]))
            partners = data.partners_of(kind)
        rows.append(KindRow(kind, own.get(kind.iri, 0), having, len(with_measures), gap, examples,
                            doing, partners))
    cache[key] = rows
    return rows


def _compare(data: Exchange, asked: str) -> Comparison:
    nis = _resolve(data, asked)
    names, cov = data.names, data.coverage
    iri = territory_iri(nis).value
    criterion, peers = peers_of(nis, cov, data.groups)
    measures = {r.nis: r.measures for r in cov.rows}
    with_measures = [p for p in peers if measures.get(p, 0) > 0]
    thin = len(with_measures) < MIN_PEERS
    own = data.kinds_of.get(nis, {})
    rows = _kind_rows(data, tuple(with_measures), own)
    by_kind: dict[str, list[MeasureRef]] = defaultdict(list)
    codes = {k.iri: k.code for k in cov.kinds}
    for r in data.measures.get(iri, []):
        by_kind[codes.get(r["soort"], _tail(r["soort"]))].append(MeasureRef(
            r["maatregel"], r.get("titel", _tail(r["maatregel"])), r["plaatsNis"],
            r.get("plaatsNaam", r["plaatsNis"]), bool(r.get("goedePraktijk", False)),
            r.get("titelEn", ""), _tail(r["status"]) if r.get("status") else ""))
    row = next(r for r in cov.rows if r.nis == nis)
    label = {k.code: k.label for k in cov.kinds}
    return Comparison(
        nis, names[nis], cov.province(row.province).name, criterion,
        [(p, names.get(p, p), measures.get(p, 0)) for p in peers], data.history.get(iri, []),
        dict(sorted(by_kind.items(), key=lambda item: label.get(item[0], item[0]))), rows,
        asked if asked != nis else "", thin, [r for r in rows if r.gap],
        tuple(sorted(g for g, members in data.groups.items() if nis in members)), row.province,
        cov.province(row.province).name_en,
        _suggestions(data, nis, row.province, own) if thin else [], MIN_PEERS)


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
    website: str = ""  # the organisation's own site, where the project knows it


def kind_iri(cfg: Config, kind: str) -> NamedNode:
    """A kind given as code ('vorming') or IRI."""
    return NamedNode(kind) if "://" in kind else concept_iri(cfg, "maatregeltype", kind)


def partner_suggestions(store: Store, cfg: Config, kind: str,
                        organisations: dict[str, Organisation] | None = None) -> list[PartnerSuggestion]:
    """Partners per role for one kind of measure, most often used first (partners-per-soort.rq),
    with each one's website from `organisations` (organisaties.rq) when given."""
    rows = run_query(store, cfg, "partners-per-soort", soort=kind_iri(cfg, kind))
    return _partners_from(rows, organisations)


def _partners_from(rows: list[dict[str, Any]],
                   organisations: dict[str, Organisation] | None) -> list[PartnerSuggestion]:
    """Rows of partners-per-soort.rq as PartnerSuggestions."""
    sites = {iri: o.website for iri, o in (organisations or {}).items()}
    return [PartnerSuggestion(r["partner"], r.get("naam", _tail(r["partner"])),
                              r.get("partnertypeNaam") or _tail(r.get("partnertype", "")),
                              _tail(r["rol"]), r.get("rolNaam") or _tail(r["rol"]),
                              r["maatregelen"], r["gemeenten"],
                              tuple(sorted(r.get("gemeentenNis", "").split())),
                              r.get("partnertypeNaamEn", ""), r.get("rolNaamEn", ""),
                              sites.get(r["partner"], ""))
            for r in rows]
