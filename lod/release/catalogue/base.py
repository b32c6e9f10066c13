"""What every catalogue profile builds on: the facts about a release, gathered once
(`statistics`), and the small helpers the profiles write triples with."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from pyoxigraph import Literal, NamedNode, Quad, Store

from lod.config import Config
from lod.terms import (
    ADRESSENREGISTER_GEMEENTE,
    BELGIF_REFNIS_2019,
    BELGIF_REFNIS_2025,
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
    linksets: tuple[Linkset, ...] = ()
    vocabularies: tuple[str, ...] = ()
    modified: str | None = None  # newest dct:modified of a measure (xsd:date lexical form)
    extra: dict = field(default_factory=dict)

    @property
    def dataset(self) -> NamedNode:
        return dataset_iri(self.cfg)


class Profile(Protocol):
    name: str

    def triples(self, info: CatalogueInfo) -> Iterator[Quad]: ...


# Namespaces of the datasets this one links to (VoID linksets), by short name.
LINK_TARGETS: dict[str, tuple[str, ...]] = {
    "adressenregister": (ADRESSENREGISTER_GEMEENTE,),
    "lblod": (LBLOD_BESTUURSEENHEID,),
    "belgif": (BELGIF_REFNIS_2019, BELGIF_REFNIS_2025),
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
    namespaces = sorted({_namespace(p) for p, in ((r["p"].value,) for r in store.query(
        "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"))} | {_namespace(c) for c, _ in classes})
    return CatalogueInfo(
        cfg=cfg,
        dumps=tuple(sorted(dumps, key=lambda d: d.name)),
        triples=scalar("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        entities=scalar("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"),
        classes=classes,
        properties=scalar("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
        linksets=tuple(linksets),
        vocabularies=tuple(ns for ns in namespaces if ns),
        modified=modified,
    )


def _linksets(store: Store) -> list[Linkset]:
    """Links per target and predicate, from one scan of the graph (one query per target scanned
    it once each: 3 full scans at 1M triples)."""
    cases = ""
    for n, namespaces in enumerate(LINK_TARGETS.values()):
        test = " || ".join(f'STRSTARTS(?os, "{ns}")' for ns in namespaces)
        # A target's own resources linking into it are not links to it (first namespace: its own).
        cases += f'IF(({test}) && !STRSTARTS(STR(?s), "{namespaces[0]}"), {n}, '
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


def typed(s: NamedNode, *classes: NamedNode) -> Iterator[Quad]:
    for c in classes:
        yield Quad(s, RDF.type, c)


__all__ = ["CatalogueInfo", "DumpFile", "LINK_TARGETS", "Linkset", "Profile", "lit", "newest_modified",
           "quad", "statistics", "typed"]
