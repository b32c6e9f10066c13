"""What every catalogue profile builds on: the facts about a release, gathered once
(`statistics`), and the small helpers the profiles write triples with."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol

from pyoxigraph import Literal, NamedNode, Quad, Store

from lod.config import Config
from lod.terms import (
    ADRESSENREGISTER_GEMEENTE,
    BELGIF_AUTH,
    DCAT,
    DCT,
    LBLOD_BESTUURSEENHEID,
    RDF,
    XSD,
    dataset_iri,
)


@dataclass(frozen=True)
class DumpFile:
    """One downloadable file of the release."""

    name: str  # file name under dumps/, e.g. veilig-uitgaan.ttl.gz
    size: int
    sha256: str
    sha1: str | None = None  # only for the DCAT-AP 2.1.1 profile, whose shapes require SHA-1

    @property
    def syntax(self) -> str:
        """ttl, nt or jsonld (the content inside any compression)."""
        return self.name.removesuffix(".gz").rsplit(".", 1)[1]

    @property
    def compressed(self) -> bool:
        return self.name.endswith(".gz")


@dataclass(frozen=True)
class Linkset:
    """Links from this dataset into another one, by one predicate."""

    target: str  # short name: adressenregister, lblod, belgif
    predicate: str
    triples: int


@dataclass(frozen=True)
class CatalogueInfo:
    """Everything the profiles say about a release, gathered once."""

    cfg: Config
    dumps: tuple[DumpFile, ...] = ()
    triples: int = 0
    entities: int = 0  # distinct IRI subjects
    classes: tuple[tuple[str, int], ...] = ()  # class IRI, number of instances
    properties: int = 0
    predicates: tuple[str, ...] = ()  # the distinct predicates (their number is `properties`)
    linksets: tuple[Linkset, ...] = ()
    vocabularies: tuple[str, ...] = ()
    modified: str | None = None  # newest dct:modified of a measure (xsd:date lexical form)
    # The period the measures cover: earliest start, latest end (None while a measure runs on).
    period: tuple[Literal | None, Literal | None] = (None, None)
    # The dataset's versions, oldest first: (version id, release date) (lod/release/history.py).
    versions: tuple[tuple[str, str], ...] = ()
    versions_graph: DumpFile | None = None  # versies.nt, the versions graph
    extra: dict = field(default_factory=dict)

    @property
    def dataset(self) -> NamedNode:
        return dataset_iri(self.cfg)


class Profile(Protocol):
    name: str

    def triples(self, info: CatalogueInfo) -> Iterator[Quad]: ...


@dataclass(frozen=True)
class LinkTarget:
    """A dataset this one links to (a VoID linkset target), known by its URI space."""

    title: str
    uri_space: str
    homepage: str


# The datasets this one links to, by short name. A link is a triple whose object is in the URI space
# (belgif: every REFNIS edition, 1995, 2019 and 2025, and any other belgif table).
LINK_TARGETS: dict[str, LinkTarget] = {
    "adressenregister": LinkTarget("Adressenregister: gemeenten", ADRESSENREGISTER_GEMEENTE,
                                   "https://basisregisters.vlaanderen.be/"),
    "lblod": LinkTarget("LBLOD: bestuurseenheden", LBLOD_BESTUURSEENHEID, "https://lblod.github.io/"),
    "belgif": LinkTarget("belgif: REFNIS-codes en datathema's", BELGIF_AUTH, "https://www.belgif.be/"),
}


def statistics(store: Store, cfg: Config, dumps: Iterable[DumpFile] = ()) -> CatalogueInfo:
    """Count what VoID and the catalogue report, by SPARQL over the data graph."""

    def scalar(query: str) -> int:
        for row in store.query(query):
            return int(row[0].value)
        return 0

    classes = tuple(
        (row["c"].value, int(row["n"].value))
        for row in store.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
            "GROUP BY ?c ORDER BY ?c")
    )
    linksets = _linksets(store)
    modified = newest_modified(store, cfg)
    predicates = tuple(sorted(r["p"].value for r in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")))
    return CatalogueInfo(
        cfg=cfg,
        dumps=tuple(sorted(dumps, key=lambda d: d.name)),
        triples=scalar("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        entities=scalar("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"),
        classes=classes,
        properties=len(predicates),
        predicates=predicates,
        linksets=tuple(linksets),
        vocabularies=_vocabularies(predicates, classes),
        modified=modified,
        period=_period(store, cfg),
    )


def _vocabularies(predicates: Iterable[str], classes: Iterable[tuple[str, int]]) -> tuple[str, ...]:
    namespaces = {_namespace(p) for p in predicates} | {_namespace(c) for c, _ in classes}
    return tuple(sorted(ns for ns in namespaces if ns))


def with_description(data: CatalogueInfo, quads: Iterable[Quad], store: Store) -> CatalogueInfo:
    """`data`'s counts (of the graph in `store`) for the graph plus `quads`: what the endpoint holds
    once the description is added. Only the few added quads are looked at, never the whole graph."""
    added = [q for q in dict.fromkeys(quads) if q not in store]
    fresh = {q.subject for q in added if isinstance(q.subject, NamedNode)}
    fresh = {s for s in fresh if next(iter(store.quads_for_pattern(s, None, None)), None) is None}
    classes = dict(data.classes)
    for q in added:
        if q.predicate == RDF.type and isinstance(q.object, NamedNode):
            classes[q.object.value] = classes.get(q.object.value, 0) + 1
    links = {(ls.target, ls.predicate): ls.triples for ls in data.linksets}
    for q in added:
        if not isinstance(q.object, NamedNode):
            continue
        for name, target in LINK_TARGETS.items():
            space = target.uri_space
            if q.object.value.startswith(space) and not q.subject.value.startswith(space):
                links[(name, q.predicate.value)] = links.get((name, q.predicate.value), 0) + 1
    order = list(LINK_TARGETS)
    predicates = tuple(sorted(set(data.predicates) | {q.predicate.value for q in added}))
    return replace(
        data, triples=data.triples + len(added), entities=data.entities + len(fresh),
        classes=tuple(sorted(classes.items())), properties=len(predicates), predicates=predicates,
        linksets=tuple(Linkset(t, p, n) for (t, p), n in sorted(links.items(), key=lambda i: (
            order.index(i[0][0]), i[0][1]))),
        vocabularies=_vocabularies(predicates, classes.items()))


def _period(store: Store, cfg: Config) -> tuple[Literal | None, Literal | None]:
    """The days the measures cover: the first day of the earliest start, the last day of the latest
    end, as xsd:date (DCAT-AP 2.1.1 accepts no gYear); no end while a measure runs on. ISO forms of
    mixed precision compare as text: "2018-12" < "2019"."""
    query = ("SELECT ?start ?end WHERE { ?m a <" + cfg.vocab_ns + "Maatregel> ; <" + DCT.temporal.value
             + "> ?p . ?p <" + DCAT.startDate.value + "> ?start OPTIONAL { ?p <" + DCAT.endDate.value
             + "> ?end } }")
    rows = list(store.query(query))
    if not rows:
        return None, None
    start = min(r["start"].value for r in rows)
    ends = [r["end"].value if r["end"] is not None else None for r in rows]
    end = None if None in ends else max(ends)
    return _day(start, first=True), (_day(end, first=False) if end else None)


def _day(partial: str, *, first: bool) -> Literal:
    """'2019' -> 2019-01-01 (first) or 2019-12-31; '2019-02' -> 2019-02-01 or 2019-02-28."""
    year, month, day = (partial.split("-") + [None, None])[:3]
    if day is None:
        month = month or ("01" if first else "12")
        last = calendar.monthrange(int(year), int(month))[1]
        day = "01" if first else f"{last:02d}"
    return Literal(f"{year}-{month}-{day}", datatype=XSD.date)


def _linksets(store: Store) -> list[Linkset]:
    """Links per target and predicate, from one scan of the graph (one query per target scanned
    it once each: 3 full scans at 1M triples)."""
    cases = ""
    for n, target in enumerate(LINK_TARGETS.values()):
        # A target's own resources linking into it are not links to it.
        space = target.uri_space
        cases += f'IF(STRSTARTS(?os, "{space}") && !STRSTARTS(STR(?s), "{space}"), {n}, '
    query = ("SELECT ?t ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?o)) BIND(STR(?o) AS ?os) "
             f"BIND({cases}-1{')' * len(LINK_TARGETS)} AS ?t) FILTER(?t >= 0) }} GROUP BY ?t ?p")
    found = sorted((int(row["t"].value), row["p"].value, int(row["n"].value)) for row in store.query(query))
    targets = list(LINK_TARGETS)
    return [Linkset(targets[t], p, n) for t, p, n in found]


def newest_modified(store: Store, cfg: Config) -> str | None:
    """The newest dct:modified (reported on) of a measure, as an xsd:date lexical form."""
    query = ("SELECT (MAX(STR(?d)) AS ?m) WHERE { ?s a <" + cfg.vocab_ns + "Maatregel> ; "
             "<http://purl.org/dc/terms/modified> ?d }")
    for row in store.query(query):
        return row[0].value if row[0] is not None else None
    return None


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 0 else ""


def lit(value: str | int, datatype: NamedNode | None = None, lang: str | None = None) -> Literal:
    if isinstance(value, int):
        return Literal(str(value), datatype=datatype or XSD.integer)
    if lang:
        return Literal(value, language=lang)
    return Literal(value, datatype=datatype) if datatype else Literal(value)


def quad(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
    return Quad(s, p, o)


def bilingual(s: NamedNode, p: NamedNode, nl: str, en: str) -> Iterator[Quad]:
    """`p` of `s` in Dutch and in English: every title and description of the catalogue is both."""
    yield Quad(s, p, lit(nl, lang="nl"))
    yield Quad(s, p, lit(en, lang="en"))


def typed(s: NamedNode, *classes: NamedNode) -> Iterator[Quad]:
    for c in classes:
        yield Quad(s, RDF.type, c)


__all__ = ["CatalogueInfo", "DumpFile", "LINK_TARGETS", "LinkTarget", "Linkset", "Profile", "bilingual",
           "lit", "newest_modified", "quad", "statistics", "typed", "with_description"]
