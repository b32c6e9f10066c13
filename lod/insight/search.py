"""What people search: every measure as one record per language, and every municipality since 2019.

`search_records(store, cfg, lang)` reads the graph (labels, municipalities, then each measure
described) and gives one plain record per published measure, with what a search result card shows
(title, where, kind, period, partners, contact) and the facet values (codes, with their labels in
`facets`). Texts are in the reader's language, falling back to Dutch; the other language's title
and description are kept as extra search text, so "Angela" and "Vraag naar Angela" find the same
measure either way. A measure is found under the municipality it was recorded in, under today's
municipality and under every predecessor of today's (Kruibeke leads to Beveren-Kruibeke-Zwijndrecht).

`municipality_choices(store, cfg, lang)` lists every municipality code valid since 2019 with its
name and, for one that merged, today's municipality: what the landing page's picker offers.

Both are plain data (lists and dicts of strings); lod/release/search.py writes them as the search
index of a release and the server sends the same bytes.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from pyoxigraph import Literal, NamedNode

from lod.config import Config
from lod.store.base import Store
from lod.terms import ADRESSENREGISTER_GEMEENTE, PREFIXES
from lod.text import LANGS, Text

# The facets of the search page, in the order shown; each is a field of a record holding codes.
FACETS = ("provincie", "gemeente", "soort", "doelgroep", "omgeving", "status", "startjaar",
          "goedePraktijk", "specifiekSGG")
FACET_LABELS = {
    "provincie": Text("Provincie", "Province"),
    "gemeente": Text("Gemeente", "Municipality"),
    "soort": Text("Soort maatregel", "Kind of measure"),
    "doelgroep": Text("Doelgroep", "Target group"),
    "omgeving": Text("Omgeving", "Setting"),
    "status": Text("Status", "Status"),
    "startjaar": Text("Startjaar", "Start year"),
    "goedePraktijk": Text("Goede praktijk", "Good practice"),
    "specifiekSGG": Text("Specifiek over seksueel grensoverschrijdend gedrag",
                         "Specifically about sexually transgressive behaviour"),
}
YES_NO = {"ja": Text("ja", "yes"), "nee": Text("nee", "no")}
# The picker offers every code still valid on this day: the municipalities the 2019 mergers ended
# (their last day) and every one since.
SINCE = "2018-12-31"

_P = {p: PREFIXES[p] for p in ("rdf", "rdfs", "skos", "dct", "prov", "dcat", "foaf")}
_SCHEMA = "https://schema.org/"
_LABELS = (f"PREFIX skos: <{_P['skos']}> PREFIX rdfs: <{_P['rdfs']}> PREFIX foaf: <{_P['foaf']}>\n"
           "SELECT ?s ?l WHERE { ?s skos:prefLabel|rdfs:label|foaf:name ?l }")


_MEASURES = "SELECT ?m WHERE {{ ?m a <{vu}Maatregel> }}"  # the published ones (a withdrawn one is not)


def _municipality_query(cfg: Config) -> str:
    vu = cfg.vocab_ns
    return (f"SELECT ?g ?nis ?province ?until ?next WHERE {{ ?g a <{vu}Gemeente> ; <{vu}nisCode> ?nis . "
            f"OPTIONAL {{ ?g <{vu}provincie> ?province }} OPTIONAL {{ ?g <{vu}geldigTot> ?until }} "
            f"OPTIONAL {{ ?g <{_P['dct']}isReplacedBy> ?next }} }}")


@dataclass(frozen=True)
class _Town:
    iri: str
    nis: str
    province: str  # IRI, or ""
    until: str  # xsd:date of the last day, or "" while valid
    successors: tuple[str, ...]


class _Graph:
    """The labels, municipalities and measures of one store, each read with one query; a measure's
    triples are described when a record asks for them (`parts`), so a record taken from the release
    before costs no reading."""

    def __init__(self, store: Store, cfg: Config, *, with_measures: bool = True) -> None:
        self.store, self.cfg = store, cfg
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        for row in store.select(_LABELS):
            lit = row["l"]
            if isinstance(lit, Literal):
                self.labels[row["s"].value].setdefault(lit.language or "", lit.value)
        successors: dict[str, set[str]] = defaultdict(set)
        rows: dict[str, dict[str, str]] = {}
        for row in store.select(_municipality_query(cfg)):
            iri = row["g"].value
            found = rows.setdefault(iri, {"nis": row["nis"].value, "province": "", "until": ""})
            for key in ("province", "until"):
                if row.get(key) is not None:
                    found[key] = row[key].value
            if row.get("next") is not None:
                successors[iri].add(row["next"].value)
        self.towns = {iri: _Town(iri, r["nis"], r["province"], r["until"], tuple(sorted(successors[iri])))
                      for iri, r in rows.items()}
        self.predecessors: dict[str, set[str]] = defaultdict(set)
        for iri in self.towns:
            for today in self.today(iri):
                if today != iri:
                    self.predecessors[today].add(iri)
        self._parts: dict[str, dict[str, dict[str, list[Any]]]] = {}
        self.measures = ([row["m"].value for row in store.select(_MEASURES.format(vu=cfg.vocab_ns))]
                         if with_measures else [])

    def parts(self, measure: str) -> dict[str, dict[str, list[Any]]]:
        """A measure's triples and its hash parts', by subject and predicate. By `describe`, not by a
        query joining every measure with every triple: a row of a result costs a dict of terms (at
        1M triples 9.6 s for 989k rows, bench/README.md), a described quad much less. Kept: each
        language's record reads them."""
        parts = self._parts.get(measure)
        if parts is None:
            parts = self._parts[measure] = defaultdict(dict)
            for quad in self.store.describe(measure):
                parts[quad.subject.value].setdefault(quad.predicate.value, []).append(quad.object)
        return parts

    @cached_property
    def towns_digest(self) -> str:
        """sha256 of the municipalities (codes, provinces, end dates, mergers), which records read
        beside their measures' triples and the labels."""
        return hashlib.sha256(repr(sorted(self.towns.values(), key=lambda t: t.iri)).encode()).hexdigest()

    def label(self, iri: str, lang: str) -> str:
        found = self.labels.get(iri, {})
        return (found.get(lang) or found.get(LANGS[0]) or found.get("")
                or next(iter(found.values()), None) or iri.rstrip("/").rsplit("/", 1)[-1])

    def today(self, iri: str) -> list[str]:
        """Today's municipalities of a code: itself while valid, else its successors' (mergers chain)."""
        seen, todo, found = set(), [iri], []
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            town = self.towns.get(current)
            if town is None or not town.successors:
                found.append(current)
            else:
                todo.extend(town.successors)
        return sorted(found)

    def place(self, iri: str, lang: str) -> dict[str, str]:
        town = self.towns.get(iri)
        nis = town.nis if town else iri.rsplit("/", 1)[-1]
        return {"nis": nis, "naam": self.label(iri, lang), "pad": f"doc/gemeente/{nis}"}


def _text(values: list[Any], lang: str) -> str:
    """The literal in `lang`, else the Dutch one, else any ("" when there is none)."""
    literals = [v for v in values if isinstance(v, Literal)]
    for wanted in (lang, LANGS[0]):
        for lit in literals:
            if lit.language == wanted:
                return lit.value
    return literals[0].value if literals else ""


def _other(values: list[Any], shown: str) -> str:
    """The texts not shown (the other language), as extra words to find the measure by."""
    return " ".join(sorted({v.value for v in values if isinstance(v, Literal) and v.value != shown}))


def _code(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _path(cfg: Config, iri: str) -> str | None:
    if iri.startswith(ADRESSENREGISTER_GEMEENTE):
        return "doc/gemeente/" + iri[len(ADRESSENREGISTER_GEMEENTE):]
    if iri.startswith(cfg.id_base) and "#" not in iri:
        return "doc/" + iri[len(cfg.id_base):]
    return None


class _Facets:
    """The facets' values, code -> label, as the records give them; `clashed`: some code was given
    two labels (the first one is kept, so the labels then depend on the records' order)."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, str]] = {name: {} for name in FACETS}
        self.clashed = False

    def add(self, facet: str, code: str, label: str) -> None:
        if self.values[facet].setdefault(code, label) != label:
            self.clashed = True

    def add_record(self, record: dict[str, Any], labels: dict[str, dict[str, str]]) -> bool:
        """The values of a record made before, each with the label `labels` (its index's facets)
        gives its code; False, adding nothing, when one has none there."""
        found = []
        for facet in FACETS:
            codes, known = record.get(facet), labels.get(facet)
            if not isinstance(codes, list) or not isinstance(known, dict):
                return False
            for code in codes:
                if not isinstance(code, str) or not isinstance(known.get(code), str):
                    return False
                found.append((facet, code, known[code]))
        for facet, code, label in found:
            self.add(facet, code, label)
        return True


def _record(graph: _Graph, iri: str, parts: dict[str, dict[str, list[Any]]], lang: str,
            facets: _Facets) -> dict[str, Any]:
    cfg, vu, dct, prov = graph.cfg, graph.cfg.vocab_ns, _P["dct"], _P["prov"]
    own = parts[iri]

    def iris(predicate: str, where: dict[str, list[Any]] = own) -> list[str]:
        return sorted({v.value for v in where.get(predicate, []) if isinstance(v, NamedNode)})

    def coded(facet: str, predicate: str) -> list[str]:
        codes = []
        for value in iris(predicate):
            codes.append(_code(value))
            facets.add(facet, _code(value), graph.label(value, lang))
        return codes

    title = _text(own.get(dct + "title", []), lang)
    description = _text(own.get(dct + "description", []), lang)
    today = iris(vu + "huidigeGemeente")
    recorded = iris(dct + "spatial")
    places = [graph.place(t, lang) for t in today]
    origins = [graph.place(r, lang) for r in recorded if r not in today]
    # Every name the measure is known by: where it was recorded, today's municipality and its predecessors.
    known = set(today) | set(recorded) | {p for t in today for p in graph.predecessors.get(t, ())}
    for place in places:
        facets.add("gemeente", place["nis"], place["naam"])
    provinces = sorted({graph.towns[t].province for t in today
                        if t in graph.towns and graph.towns[t].province})
    for province in provinces:
        facets.add("provincie", _code(province), graph.label(province, lang))
    period = next(iter(iris(dct + "temporal")), None)
    period_part = parts.get(period, {}) if period else {}
    start = _text(period_part.get(_P["dcat"] + "startDate", []), lang)
    end = _text(period_part.get(_P["dcat"] + "endDate", []), lang)
    year = start[:4] if start else ""
    if year:
        facets.add("startjaar", year, year)
    lead = [{"naam": graph.label(graph_unit, lang), "pad": _path(cfg, graph_unit)}
            for graph_unit in iris(vu + "trekker")]
    partners = []
    for association in iris(prov + "qualifiedAssociation"):
        part = parts.get(association, {})
        for agent in iris(prov + "agent", part):
            roles = [graph.label(r, lang) for r in iris(prov + "hadRole", part)]
            partners.append({"naam": graph.label(agent, lang), "pad": _path(cfg, agent),
                             "rol": ", ".join(roles)})
    partners.sort(key=lambda p: (p["naam"].casefold(), p["rol"]))
    contact: dict[str, str] = {}
    for point in iris(_SCHEMA + "contactPoint"):
        part = parts.get(point, {})
        role = _text(part.get(_SCHEMA + "contactType", []), lang)
        email = _text(part.get(_SCHEMA + "email", []), lang)
        if role:
            contact["rol"] = role
        if email:
            contact["email"] = email.removeprefix("mailto:")
    flags = {}
    for facet, predicate in (("goedePraktijk", vu + "goedePraktijk"), ("specifiekSGG", vu + "specifiekSGG")):
        value = next((v.value for v in own.get(predicate, []) if isinstance(v, Literal)), "false")
        flags[facet] = "ja" if value in ("true", "1") else "nee"
        facets.add(facet, flags[facet], YES_NO[flags[facet]].pick(lang))
    record: dict[str, Any] = {
        "id": _text(own.get(dct + "identifier", []), lang) or _code(iri),
        "pad": _path(cfg, iri),
        "titel": title,
        "beschrijving": description,
        "gemeenten": places,
        "geregistreerd": origins,
        "periode": {"start": start, "einde": end},
        "trekker": lead,
        "partners": partners,
        "contact": contact,
        "evenement": _text(own.get(vu + "evenement", []), lang),
        "soort": coded("soort", dct + "type"),
        "doelgroep": coded("doelgroep", dct + "audience"),
        "omgeving": coded("omgeving", vu + "omgeving"),
        "status": coded("status", PREFIXES["adms"] + "status"),
        "provincie": [_code(p) for p in provinces],
        "gemeente": [p["nis"] for p in places],
        "startjaar": [year] if year else [],
        "goedePraktijk": [flags["goedePraktijk"]],
        "specifiekSGG": [flags["specifiekSGG"]],
        # Extra words to find it by, never shown: the other language, every name of its places.
        "zoektekst": " ".join(filter(None, [
            _other(own.get(dct + "title", []), title),
            _other(own.get(dct + "description", []), description),
            " ".join(sorted({graph.label(k, language) for k in known for language in LANGS})),
            " ".join(sorted({graph.towns[k].nis for k in known if k in graph.towns}))])),
    }
    return record


def search_records(store: Store, cfg: Config, lang: str) -> dict[str, Any]:
    """The search index of a release in `lang`: records (sorted by id), facet names and value labels.

    >>> import pyoxigraph as ox
    >>> from lod.store.memory import MemoryStore
    >>> index = search_records(MemoryStore(ox.Store()), Config(), "en")
    >>> index["records"], index["facets"][0]
    ([], {'veld': 'provincie', 'naam': 'Province', 'waarden': {}})
    """
    return _search_records(_Graph(store, cfg), cfg, lang)[0]


def _search_records(graph: _Graph, cfg: Config, lang: str,
                    reused: Callable[[str], dict[str, Any] | None] | None = None,
                    labels: dict[str, dict[str, str]] | None = None) -> tuple[dict[str, Any], bool]:
    """The index in `lang`, and whether a facet code was given two labels. `reused(iri)`: the
    record of the release before when it still holds, its codes labelled by `labels`."""
    facets = _Facets()
    records = []
    for iri in graph.measures:
        record = reused(iri) if reused is not None else None
        if record is None or not facets.add_record(record, labels or {}):
            record = _record(graph, iri, graph.parts(iri), lang, facets)
        records.append(record)
    records.sort(key=lambda r: r["id"])
    return {"taal": lang, "records": records,
            "facets": [{"veld": name, "naam": FACET_LABELS[name].pick(lang),
                        "waarden": dict(sorted(facets.values[name].items(),
                                               key=lambda kv: _facet_order(name, kv)))}
                       for name in FACETS]}, facets.clashed


def _facet_order(facet: str, item: tuple[str, str]) -> tuple[Any, ...]:
    code, label = item
    if facet == "startjaar":
        return (-int(code),) if code.isdigit() else (0, code)
    if facet in ("goedePraktijk", "specifiekSGG"):
        return (code != "ja",)
    return (label.casefold(), code)


def municipality_choices(store: Store, cfg: Config, lang: str) -> list[dict[str, str]]:
    """Every municipality code valid on or after 2019-01-01: name, NIS code, province, and today's
    municipality for a code that ended (a merger). Sorted by name, then code.

    >>> import pyoxigraph as ox
    >>> from lod.store.memory import MemoryStore
    >>> municipality_choices(MemoryStore(ox.Store()), Config(), "nl")
    []
    """
    return _municipality_choices(_Graph(store, cfg, with_measures=False), lang)


def _municipality_choices(graph: _Graph, lang: str) -> list[dict[str, str]]:
    choices = []
    for town in graph.towns.values():
        if town.until and town.until < SINCE:
            continue
        today = [graph.place(t, lang) for t in graph.today(town.iri) if t != town.iri]
        choice = {"nis": town.nis, "naam": graph.label(town.iri, lang),
                  "provincie": graph.label(town.province, lang) if town.province else "",
                  "pad": f"doc/gemeente/{today[0]['nis'] if today else town.nis}"}
        if today:
            choice["nu"] = " / ".join(f"{t['naam']} ({t['nis']})" for t in today)
        choices.append(choice)
    return sorted(choices, key=lambda c: (c["naam"].casefold(), c["nis"]))


def search_data(store: Store, cfg: Config) -> dict[str, tuple[dict[str, Any], list[dict[str, str]]]]:
    """Per language, the search index and the municipality choices, from one reading of the store
    (each reading is a scan of every label and measure: at 250k triples 3 s, done six times before).

    >>> import pyoxigraph as ox
    >>> from lod.store.memory import MemoryStore
    >>> search_data(MemoryStore(ox.Store()), Config())["en"][1]
    []
    """
    return search_data_after(store, cfg, software="", earlier=None).data


@dataclass(frozen=True)
class EarlierIndex:
    """The search index of the release before, for a build that follows it (lod/release/search.py)."""

    key: str  # what its records were made under (`Made.key` then)
    labels: dict[str, dict[str, str]]  # the labels its records read (`Made.labels` then)
    indexes: dict[str, Any]  # per language, the index as that release published it
    changed: frozenset[str]  # the subjects whose triples were added or removed since (IRIs)


class Made(NamedTuple):
    """What `search_data_after` made: the files' data, the key its records were made under (None
    when there is nothing to reuse in the build after) and the labels they read."""

    data: dict[str, tuple[dict[str, Any], list[dict[str, str]]]]
    key: str | None
    labels: dict[str, dict[str, str]]


def search_data_after(store: Store, cfg: Config, *, software: str, earlier: EarlierIndex | None) -> Made:
    """`search_data`, made after the release `earlier` describes: a record is a function of its
    measure's triples (and its hash parts'), of the labels of what they name and of the
    municipalities (names, provinces, mergers) under `software` (the code and settings). So under
    the same key (`software` and the municipalities) a measure keeps its record of then unless its
    triples changed or a label it reads did; only those are described and recorded again.

    The key is None when a facet code was given two labels: the label shown then depends on the
    order the records were made in, so the index is made whole, in that order, and not reused."""
    graph = _Graph(store, cfg)
    key = hashlib.sha256(f"{software}\0{graph.towns_digest}".encode()).hexdigest()
    stale = _stale(graph, earlier) if earlier is not None and earlier.key == key else None
    data, clashed = {}, False
    for lang in LANGS:
        reused, labels = _reusable(cfg, earlier, stale, lang)
        index, clashed_here = _search_records(graph, cfg, lang, reused, labels)
        if clashed_here and reused is not None:  # the labels shown follow the order: made whole
            index, clashed_here = _search_records(graph, cfg, lang)
        clashed |= clashed_here
        data[lang] = (index, _municipality_choices(graph, lang))
    return Made(data, None if clashed else key, {s: dict(found) for s, found in graph.labels.items()})


def _stale(graph: _Graph, earlier: EarlierIndex) -> set[str] | None:
    """The measures whose records of `earlier` may not hold: those whose triples or hash parts'
    changed, and those naming something whose label changed, or a municipality whose province's
    or predecessor's label did (a record shows today's municipality's province and is found by
    its predecessors' names). None, nothing holds, when `earlier` names a subject that is no IRI."""
    stale = {iri.split("#", 1)[0] for iri in earlier.changed}  # a hash part's change is its measure's
    named = {iri for iri in graph.labels.keys() | earlier.labels.keys()
             if graph.labels.get(iri, {}) != earlier.labels.get(iri, {})}
    named |= {town.iri for town in graph.towns.values() if town.province in named}
    named |= {today for iri in list(named) if iri in graph.towns for today in graph.today(iri)}
    if named:
        try:  # written by pyoxigraph, which refuses a text that is no IRI: nothing else enters the query
            values = " ".join(str(NamedNode(iri)) for iri in sorted(named))
        except (ValueError, TypeError):
            return None
        for row in graph.store.select(f"SELECT DISTINCT ?s WHERE {{ VALUES ?o {{ {values} }} ?s ?p ?o }}"):
            stale.add(row["s"].value.split("#", 1)[0])
    return stale


def _reusable(cfg: Config, earlier: EarlierIndex | None, stale: set[str] | None, lang: str
              ) -> tuple[Callable[[str], dict[str, Any] | None] | None, dict[str, dict[str, str]] | None]:
    """The records of `earlier` in `lang` that still hold, by measure IRI, and its facets' labels;
    (None, None) when nothing of it holds (`stale` None) or it is not an index of this shape."""
    if earlier is None or stale is None:
        return None, None
    try:
        index = earlier.indexes[lang]
        records = {r["pad"]: r for r in index["records"]
                   if isinstance(r, dict) and isinstance(r.get("pad"), str)}
        labels = {f["veld"]: f["waarden"] for f in index["facets"]}
    except (KeyError, TypeError):
        return None, None

    def reused(iri: str) -> dict[str, Any] | None:
        pad = _path(cfg, iri)
        return None if iri in stale or pad is None else records.get(pad)

    return reused, labels


__all__ = ["EarlierIndex", "FACETS", "FACET_LABELS", "Made", "municipality_choices", "search_data",
           "search_data_after", "search_records"]
