"""Versions and the change feed in the catalogue (lod/release/history.py writes what this describes).

- The dataset is the work over time: `dcat:version` (the current version's id), `dcat:hasVersion`
  each release's version, `dcat:hasCurrentVersion` the newest. Each version is a `dcat:Dataset`
  (DCAT-AP 3: dcat:hasVersion ranges over datasets) with `dct:isVersionOf` the dataset, its
  `dcat:version`, `dct:issued`, `dcat:previousVersion` and ADMS's `adms:prev`/`adms:next`, and its
  landing page under the versioned path `{base}versies/<id>/`.
- The versions graph (`versies.nt`) is a distribution of the dataset, like the dumps.
- The LDES is a `dcat:DataService` serving the dataset, `dct:conformsTo` the LDES and TREE
  specifications, its endpoint the feed's root `{base}ldes/index.trig`.

With the Flemish profile's additions for each (identifier, `mdcat:statuut`, Belgian themes,
`rdfs:Resource` on URLs), so the catalogue passes DCAT-AP 3, Metadata-DCAT and DCAT-AP-VL 3 as before.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Quad

import lod.release.catalogue.vocabularies as cv
from lod.layout import FEED_ROOT, VERSIONS_GRAPH
from lod.release.catalogue.base import CatalogueInfo, bilingual, lit, typed
from lod.release.catalogue.dcat_ap_3 import (
    CHECKSUM,
    IANA,
    KEYWORDS,
    contact_iri,
    media_type,
    resource,
    rights_iri,
    when,
)
from lod.terms import (
    ADMS,
    DCAT,
    DCATAP,
    DCT,
    FOAF,
    MDCAT,
    SPDX,
    XSD,
    catalogue_iri,
    dataset_iri,
    distribution_iri,
    part_iri,
    publisher_iri,
    release_url,
)

LDES_SPECIFICATION = NamedNode("https://w3id.org/ldes/specification")
TREE_SPECIFICATION = NamedNode("https://w3id.org/tree/specification")
TRIG = NamedNode(IANA + "application/trig")


def version_iri(info: CatalogueInfo, vid: str) -> NamedNode:
    return NamedNode(f"{dataset_iri(info.cfg).value}/versie/{vid}")


def feed_service_iri(info: CatalogueInfo) -> NamedNode:
    return NamedNode(f"{info.cfg.id_base}dataservice/ldes")


class Versions:
    """The dataset's versions, the versions graph and the LDES feed."""

    name = "versions"

    def triples(self, info: CatalogueInfo) -> Iterator[Quad]:
        if not info.versions:
            return
        cfg = info.cfg
        dataset, publisher = info.dataset, publisher_iri(cfg)
        ids = [vid for vid, _ in info.versions]
        yield Quad(dataset, DCAT.version, lit(ids[-1]))
        yield Quad(dataset, DCAT.hasCurrentVersion, version_iri(info, ids[-1]))
        for n, (vid, day) in enumerate(info.versions):
            node = version_iri(info, vid)
            page = release_url(cfg, f"versies/{vid}/")
            yield Quad(dataset, DCAT.hasVersion, node)
            yield from typed(node, DCAT.Dataset)
            yield Quad(node, DCT.isVersionOf, dataset)
            yield Quad(node, DCAT.version, lit(vid))
            yield Quad(node, DCT.identifier, lit(f"maatregelen-{vid}"))
            yield from bilingual(
                node, DCT.title,
                f"{cfg.dataset_title_nl} (versie {vid})",
                f"{cfg.dataset_title_en} (version {vid})")
            yield from bilingual(
                node, DCT.description,
                f"De dataset zoals gepubliceerd op {day}; de bestanden staan onder {page.value}.",
                f"The dataset as published on {day}; its files are under {page.value}.")
            yield Quad(node, DCT.issued, when(day))
            yield Quad(node, DCT.publisher, publisher)
            # What every version shares with the dataset: access, language, area, period, keywords, themes.
            yield Quad(node, DCT.accessRights, cv.PUBLIC.node)
            yield Quad(node, DCT.language, cv.DUTCH.node)
            yield Quad(node, DCT.spatial, cv.FLANDERS.node)
            if info.period[0] is not None:
                yield Quad(node, DCT.temporal, part_iri(dataset, "periode"))
            for lang, words in KEYWORDS.items():
                for word in words:
                    yield Quad(node, DCAT.keyword, lit(word, lang=lang))
            for theme in (*cv.EU_THEMES, *cv.BELGIAN_THEMES):
                yield Quad(node, DCAT.theme, theme.node)
            yield Quad(node, MDCAT.statuut, cv.OPEN_DATA.node)
            yield Quad(node, DCAT.contactPoint, contact_iri(info))
            yield Quad(node, DCAT.landingPage, page)
            yield from typed(page, FOAF.Document)
            yield resource(page)
            if n:
                before = version_iri(info, ids[n - 1])
                yield Quad(node, DCAT.previousVersion, before)
                yield Quad(node, ADMS.prev, before)
            if n + 1 < len(ids):
                yield Quad(node, ADMS.next, version_iri(info, ids[n + 1]))
        if info.versions_graph is not None:
            yield from self.versions_graph(info)
        yield from self.feed(info)

    def versions_graph(self, info: CatalogueInfo) -> Iterator[Quad]:
        cfg, dump = info.cfg, info.versions_graph
        dist = distribution_iri(cfg, VERSIONS_GRAPH)
        url = release_url(cfg, VERSIONS_GRAPH)
        algorithm, size_type = CHECKSUM[cfg.catalogue_profile]
        digest = dump.sha1 if algorithm.value.endswith("sha1") else dump.sha256
        checksum = part_iri(dist, "checksum")
        yield Quad(info.dataset, DCAT.distribution, dist)
        yield from typed(dist, DCAT.Distribution)
        yield Quad(dist, DCT.identifier, lit(VERSIONS_GRAPH))
        yield from bilingual(dist, DCT.title, "Versies (N-Triples)", "Versions (N-Triples)")
        yield from bilingual(
            dist, DCT.description,
            "Elke versie van elke maatregel, elke release als versie van de dataset, met de gemeenten, "
            "provincies en soorten die ze noemen: de graaf die de impactquery's bevragen.",
            "Every version of every measure, each release as a version of the dataset, with the "
            "municipalities, provinces and kinds they name: the graph the impact queries ask.")
        yield Quad(dist, DCAT.accessURL, url)
        yield Quad(dist, DCAT.downloadURL, url)
        yield resource(url)
        yield Quad(dist, DCAT.mediaType, media_type("nt"))
        yield Quad(dist, DCT.format, cv.FILE_TYPES["nt"].node)
        yield Quad(dist, DCT.license, NamedNode(cv.licence(cfg.licence).iri))
        yield Quad(dist, DCT.rights, rights_iri(info))
        yield Quad(dist, DCATAP.availability, cv.STABLE.node)
        yield Quad(dist, DCT.issued, when(cfg.issued.isoformat()))
        yield Quad(dist, DCAT.byteSize, lit(str(dump.size), size_type))
        yield Quad(dist, SPDX.checksum, checksum)
        yield from typed(checksum, SPDX.Checksum)
        yield Quad(checksum, SPDX.algorithm, algorithm)
        yield Quad(checksum, SPDX.checksumValue, lit(digest, XSD.hexBinary))
        yield from typed(media_type("nt"), DCT.MediaType)
        yield from cv.concept_quads(cv.FILE_TYPES["nt"])

    def feed(self, info: CatalogueInfo) -> Iterator[Quad]:
        """The LDES as a data service: what the SPARQL service states, with the specifications."""
        cfg = info.cfg
        service, dataset = feed_service_iri(info), info.dataset
        root = release_url(cfg, FEED_ROOT)
        yield Quad(catalogue_iri(cfg), DCAT.service, service)
        yield from typed(service, DCAT.DataService, DCAT.Resource)
        yield Quad(service, DCT.identifier, lit("ldes"))
        yield from bilingual(
            service, DCT.title,
            f"Wijzigingenstroom (LDES) {cfg.publisher_name}",
            f"Change feed (LDES) {cfg.publisher_name}")
        yield from bilingual(
            service, DCT.description,
            "Linked Data Event Stream van de maatregelen: een versie per toegevoegde, gewijzigde of "
            "ingetrokken maatregel, per release in TREE-fragmenten die nooit meer wijzigen (TriG, "
            "statische bestanden).",
            "Linked Data Event Stream of the measures: a version per measure added, changed or "
            "withdrawn, "
            "per release in TREE fragments that never change again (TriG, static files).")
        yield Quad(service, DCAT.endpointURL, root)
        yield Quad(service, DCAT.endpointDescription, root)  # the root describes the stream itself
        yield resource(root)
        yield Quad(service, DCAT.servesDataset, dataset)
        yield Quad(service, DCT.publisher, publisher_iri(cfg))
        yield Quad(service, DCAT.contactPoint, contact_iri(info))
        yield Quad(service, DCT.license, NamedNode(cv.licence(cfg.licence).iri))
        yield Quad(service, DCT.accessRights, cv.PUBLIC.node)
        for spec, title in (
            (LDES_SPECIFICATION, "Linked Data Event Streams"),
            (TREE_SPECIFICATION, "The TREE hypermedia specification"),
        ):
            yield Quad(service, DCT.conformsTo, spec)
            yield from typed(spec, DCT.Standard)
            yield Quad(spec, DCT.title, lit(title, lang="en"))
        for lang, words in {
            "nl": ("LDES", "wijzigingen", "seksueel geweld", "uitgaansleven"),
            "en": ("LDES", "changes", "sexual violence", "nightlife"),
        }.items():
            for word in words:
                yield Quad(service, DCAT.keyword, lit(word, lang=lang))
        for theme in (*cv.EU_THEMES, *cv.BELGIAN_THEMES):
            yield Quad(service, DCAT.theme, theme.node)
        yield Quad(service, MDCAT.statuut, cv.OPEN_DATA_SERVICE.node)
        yield from typed(TRIG, DCT.MediaType)


__all__ = ["Versions", "LDES_SPECIFICATION", "TREE_SPECIFICATION", "feed_service_iri", "version_iri"]
