"""VoID: the dataset's statistics, its dumps, its SPARQL endpoint and its links to other datasets.

Served as void.ttl in the release and at /.well-known/void. The linked datasets (the
Adressenregister, LBLOD, belgif) are described by their URI space, so a crawler can tell which
links lead where without dereferencing anything.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Quad

from lod.release.catalogue.base import LINK_TARGETS, CatalogueInfo, bilingual, lit, typed
from lod.terms import (
    DCT,
    FOAF,
    VOID,
    dataset_iri,
    part_iri,
    prefixes,
    release_url,
    slugify,
    sparql_endpoint,
)


def _local(iri: str, known: dict[str, str]) -> str:
    """A readable, unique fragment for a class or predicate: 'prov-location', 'dct-location'."""
    for prefix, ns in known.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}-{slugify(iri[len(ns):])}"
    return slugify(iri)


class Void:
    """A void:Dataset with triples, entities, class partitions, linksets, dumps and vocabularies."""

    name = "void"

    def triples(self, info: CatalogueInfo) -> Iterator[Quad]:
        cfg = info.cfg
        dataset = info.dataset
        known = prefixes(cfg)
        yield from typed(dataset, VOID.Dataset)
        yield from bilingual(dataset, DCT.title, cfg.dataset_title_nl, cfg.dataset_title_en)
        yield Quad(dataset, DCT.license, NamedNode(cfg.licence))
        yield Quad(dataset, FOAF.homepage, NamedNode(cfg.publisher_homepage))
        yield Quad(dataset, VOID.sparqlEndpoint, sparql_endpoint(cfg))
        yield Quad(dataset, VOID.uriSpace, lit(cfg.id_base))
        yield Quad(dataset, VOID.triples, lit(info.triples))
        yield Quad(dataset, VOID.entities, lit(info.entities))
        yield Quad(dataset, VOID.classes, lit(len(info.classes)))
        yield Quad(dataset, VOID.properties, lit(info.properties))
        for dump in info.dumps:
            yield Quad(dataset, VOID.dataDump, release_url(cfg, f"dumps/{dump.name}"))
        for ns in info.vocabularies:
            yield Quad(dataset, VOID.vocabulary, NamedNode(ns))
        for cls, count in info.classes:
            partition = part_iri(dataset, f"klasse-{_local(cls, known)}")
            yield Quad(dataset, VOID.classPartition, partition)
            yield Quad(partition, VOID["class"], NamedNode(cls))
            yield Quad(partition, VOID.entities, lit(count))

        targets_used = sorted({ls.target for ls in info.linksets})
        for name in targets_used:
            linked = LINK_TARGETS[name]
            target = dataset_iri(cfg, name)
            yield from typed(target, VOID.Dataset)
            yield Quad(target, DCT.title, lit(linked.title, lang="nl"))
            yield Quad(target, VOID.uriSpace, lit(linked.uri_space))
            yield Quad(target, FOAF.homepage, NamedNode(linked.homepage))
        for linkset in info.linksets:
            node = part_iri(dataset, f"links-{linkset.target}-{_local(linkset.predicate, known)}")
            yield from typed(node, VOID.Linkset)
            yield Quad(dataset, VOID.subset, node)
            yield Quad(node, VOID.subjectsTarget, dataset)
            yield Quad(node, VOID.objectsTarget, dataset_iri(cfg, linkset.target))
            yield Quad(node, VOID.linkPredicate, NamedNode(linkset.predicate))
            yield Quad(node, VOID.triples, lit(linkset.triples))
