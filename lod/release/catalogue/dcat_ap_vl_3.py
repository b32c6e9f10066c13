"""DCAT-AP Vlaanderen 3 (erkende standaard 2026-02-12): DCAT-AP 3 plus what Flanders requires.

Composes DCAT-AP 3 and adds, never changes: `dct:identifier` on every catalogue resource, a
contact point on the catalogue, access rights and a publisher on the data service, `dct:Agent`
for the publisher and `skos:Concept` for the code-list values the Flemish shapes check by class.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Quad

from lod.release.catalogue.base import CatalogueInfo, lit, typed
from lod.release.catalogue.dcat_ap_3 import (
    PUBLIC,
    SYNTAXES,
    DcatAp3,
    contact_iri,
    file_type,
)
from lod.terms import (
    DCAT,
    DCT,
    SKOS,
    catalogue_iri,
    data_service_iri,
    distribution_iri,
    publisher_iri,
)


class DcatApVl3:
    """DCAT-AP Vlaanderen 3: harvestable by the Vlaams Open Data Portaal."""

    name = "dcat-ap-vl-3"

    def triples(self, info: CatalogueInfo) -> Iterator[Quad]:
        yield from DcatAp3().triples(info)
        cfg = info.cfg
        catalogue, dataset, service = catalogue_iri(cfg), info.dataset, data_service_iri(cfg)
        publisher = publisher_iri(cfg)

        yield Quad(catalogue, DCT.identifier, lit("catalogus"))
        yield Quad(catalogue, DCAT.contactPoint, contact_iri(info))
        yield Quad(dataset, DCT.identifier, lit("maatregelen"))
        yield Quad(service, DCT.identifier, lit("sparql"))
        yield Quad(service, DCT.accessRights, PUBLIC)
        yield from typed(publisher, DCT.Agent)
        for dump in info.dumps:
            yield Quad(distribution_iri(cfg, dump.name), DCT.identifier, lit(dump.name))

        # DCAT-AP-VL checks access rights and file types as skos:Concept; DCAT-AP 3 then wants
        # a prefLabel on every concept. Labels as the EU Publications Office publishes them.
        yield from typed(PUBLIC, SKOS.Concept)
        yield Quad(PUBLIC, SKOS.prefLabel, lit("public", lang="en"))
        yield Quad(PUBLIC, SKOS.prefLabel, lit("publiek", lang="nl"))
        for syntax in sorted({d.syntax for d in info.dumps}):
            yield from typed(file_type(syntax), SKOS.Concept)
            yield Quad(file_type(syntax), SKOS.prefLabel, lit(SYNTAXES[syntax][2], lang="en"))
