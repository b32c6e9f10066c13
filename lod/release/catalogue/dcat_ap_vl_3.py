"""DCAT-AP Vlaanderen 3 (erkende standaard 2026-02-12): DCAT-AP 3 plus what Flanders requires.

Composes DCAT-AP 3 and adds, never changes: `dct:identifier` on every catalogue resource, a
contact point on the catalogue, `dct:Agent` for the publisher, the Belgian data themes beside the
European ones, `mdcat:statuut` (open data), the record's metadata standard, and `rdfs:Resource`
on the URLs the Flemish shapes check by class (`sh:class rdfs:Resource`), so they pass without
inference. The same triples satisfy Metadata-DCAT 2022, which the Flemish metadata catalogue runs.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Quad

import lod.release.catalogue.vocabularies as cv
from lod.release.catalogue.base import CatalogueInfo, lit, typed
from lod.release.catalogue.dcat_ap_3 import DcatAp3, contact_iri, record_iri, resource
from lod.terms import (
    DCAT,
    DCT,
    FOAF,
    MDCAT,
    VCARD,
    catalogue_iri,
    data_service_iri,
    distribution_iri,
    publisher_iri,
    release_url,
    sparql_endpoint,
)

DCAT_AP_VL = NamedNode("https://data.vlaanderen.be/doc/applicatieprofiel/DCAT-AP-VL")
# Properties whose values the Flemish shapes check as `sh:class rdfs:Resource`.
URL_PROPERTIES = (DCAT.accessURL, DCAT.downloadURL, DCAT.landingPage, DCAT.endpointURL,
                  DCAT.endpointDescription, VCARD.hasEmail, FOAF.page)


class DcatApVl3:
    """DCAT-AP Vlaanderen 3: harvestable by the Vlaams Open Data Portaal."""

    name = "dcat-ap-vl-3"

    def triples(self, info: CatalogueInfo) -> Iterator[Quad]:
        european = list(DcatAp3().triples(info))
        yield from european
        cfg = info.cfg
        catalogue, dataset, service = catalogue_iri(cfg), info.dataset, data_service_iri(cfg)
        record = record_iri(info)

        yield Quad(catalogue, DCT.identifier, lit("catalogus"))
        yield Quad(catalogue, DCAT.contactPoint, contact_iri(info))
        yield Quad(dataset, DCT.identifier, lit("maatregelen"))
        yield Quad(service, DCT.identifier, lit("sparql"))
        yield Quad(record, DCT.identifier, lit("record-maatregelen"))
        yield Quad(record, DCT.conformsTo, DCAT_AP_VL)
        yield from typed(DCAT_AP_VL, DCT.Standard)
        yield Quad(DCAT_AP_VL, DCT.title, lit("DCAT-AP Vlaanderen", lang="nl"))
        yield from typed(publisher_iri(cfg), DCT.Agent)
        for dump in info.dumps:
            yield Quad(distribution_iri(cfg, dump.name), DCT.identifier, lit(dump.name))

        # "De Belgische thema codelijst, welke 1 op 1 mapbaar is naar de Europese" (usage note).
        for theme in cv.BELGIAN_THEMES:
            yield Quad(dataset, DCAT.theme, theme.node)
            yield Quad(service, DCAT.theme, theme.node)
            yield from cv.concept_quads(theme)
        yield Quad(dataset, MDCAT.statuut, cv.OPEN_DATA.node)
        yield Quad(service, MDCAT.statuut, cv.OPEN_DATA_SERVICE.node)
        yield from cv.concept_quads(cv.OPEN_DATA)
        yield from cv.concept_quads(cv.OPEN_DATA_SERVICE)

        urls = {q.object for q in european
                if q.predicate in URL_PROPERTIES and isinstance(q.object, NamedNode)}
        urls |= {release_url(cfg, ""), sparql_endpoint(cfg)}
        for url in sorted(urls, key=lambda n: n.value):
            yield resource(url)
