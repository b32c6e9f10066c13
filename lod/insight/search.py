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

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

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
    """The labels, municipalities and measures of one store, each read with one query."""

    def __init__(self, store: Store, cfg: Config, *, with_measures: bool = True) -> None:
        self.cfg = cfg
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
        self.measures: dict[str, dict[str, dict[str, list[Any]]]] = defaultdict(lambda: defaultdict(dict))
        # Each measure's triples and its hash parts' by `describe`, not by a query joining every
        # measure with every triple: a row of a result costs a dict of terms (at 1M triples 9.6 s
        # for 989k rows, bench/README.md), a described quad much less.
        for row in store.select(_MEASURES.format(vu=cfg.vocab_ns)) if with_measures else ():
            parts = self.measures[row["m"].value]
            for quad in store.describe(row["m"].value):
                parts[quad.subject.value].setdefault(quad.predicate.value, []).append(quad.object)

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


def _record(graph: _Graph, iri: str, parts: dict[str, dict[str, list[Any]]], lang: str,
            facets: dict[str, dict[str, str]]) -> dict[str, Any]:
    cfg, vu, dct, prov = graph.cfg, graph.cfg.vocab_ns, _P["dct"], _P["prov"]
    own = parts[iri]

    def iris(predicate: str, where: dict[str, list[Any]] = own) -> list[str]:
        return sorted({v.value for v in where.get(predicate, []) if isinstance(v, NamedNode)})

    def coded(facet: str, predicate: str) -> list[str]:
        codes = []
        for value in iris(predicate):
            codes.append(_code(value))
            facets[facet].setdefault(_code(value), graph.label(value, lang))
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
        facets["gemeente"].setdefault(place["nis"], place["naam"])
    provinces = sorted({graph.towns[t].province for t in today
                        if t in graph.towns and graph.towns[t].province})
    for province in provinces:
        facets["provincie"].setdefault(_code(province), graph.label(province, lang))
    period = next(iter(iris(dct + "temporal")), None)
    period_part = parts.get(period, {}) if period else {}
    start = _text(period_part.get(_P["dcat"] + "startDate", []), lang)
    end = _text(period_part.get(_P["dcat"] + "endDate", []), lang)
    year = start[:4] if start else ""
    if year:
        facets["startjaar"].setdefault(year, year)
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
        facets[facet].setdefault(flags[facet], YES_NO[flags[facet]].pick(lang))
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
    return _search_records(_Graph(store, cfg), cfg, lang)


def _search_records(graph: _Graph, cfg: Config, lang: str) -> dict[str, Any]:
    facets: dict[str, dict[str, str]] = {name: {} for name in FACETS}
    records = [_record(graph, iri, parts, lang, facets) for iri, parts in graph.measures.items()]
    records.sort(key=lambda r: r["id"])
    return {"taal": lang, "records": records,
            "facets": [{"veld": name, "naam": FACET_LABELS[name].pick(lang),
                        "waarden": dict(sorted(facets[name].items(), key=lambda kv: _facet_order(name, kv)))}
                       for name in FACETS]}


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
    graph = _Graph(store, cfg)
    return {lang: (_search_records(graph, cfg, lang), _municipality_choices(graph, lang)) for lang in LANGS}


__all__ = ["FACETS", "FACET_LABELS", "municipality_choices", "search_data", "search_records"]
