"""DCAT-AP 3: the catalogue, its record of the dataset, a distribution per dump file, the SPARQL service.

Controlled values come from the EU authority tables (file types, themes, access rights, languages,
frequencies, planned availability, licences), ADMS (publisher and licence types) and IANA (media
types); each is stated with its scheme (lod/release/catalogue/vocabularies.py). Every resource the
shapes expect a class for is typed here (`dct:LicenseDocument`, `dct:MediaType`, …), so the
catalogue stands on its own for a validator. Dates are `xsd:dateTime` (DCAT-AP 3 and 2.1.1 accept
them, Metadata-DCAT requires them). Where DCAT-AP 2.1.1 conflicts with 3 (byte size datatype,
checksum algorithm), `cfg.catalogue_profile` decides (README, "The catalogue").
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

import lod.release.catalogue.vocabularies as cv
from lod.errors import ConfigError
from lod.release.catalogue.base import CatalogueInfo, DumpFile, bilingual, lit, typed
from lod.terms import (
    DCAT,
    DCATAP,
    DCT,
    FOAF,
    RDFS,
    SPDX,
    VCARD,
    XSD,
    catalogue_iri,
    data_service_iri,
    distribution_iri,
    part_iri,
    publisher_iri,
    release_url,
    sparql_endpoint,
)

IANA = "http://www.iana.org/assignments/media-types/"
# syntax -> (IANA media type, label)
SYNTAXES: dict[str, tuple[str, str]] = {
    "ttl": ("text/turtle", "Turtle"),
    "nt": ("application/n-triples", "N-Triples"),
    "jsonld": ("application/ld+json", "JSON-LD"),
}
GZIP = NamedNode(IANA + "application/gzip")
SPARQL_PROTOCOL = NamedNode("https://www.w3.org/TR/sparql11-protocol/")
# The European profile's choices where 2.1.1 and 3 conflict: checksum algorithm, byteSize datatype.
# SHA-1 and xsd:decimal are what DCAT-AP 2.1.1's shapes require (sh:hasValue, sh:datatype).
CHECKSUM = {"dcat-ap-3": (SPDX.checksumAlgorithm_sha256, XSD.nonNegativeInteger),
            "dcat-ap-2.1.1": (SPDX.checksumAlgorithm_sha1, XSD.decimal)}
KEYWORDS = {
    "nl": ("seksueel geweld", "uitgaansleven", "preventie", "gemeenten", "nachtleven"),
    "en": ("sexual violence", "nightlife", "prevention", "municipalities"),
}
SERVICE_KEYWORDS = {"nl": ("SPARQL", "linked open data", "seksueel geweld", "uitgaansleven"),
                    "en": ("SPARQL", "linked open data", "sexual violence", "nightlife")}


def contact_iri(info: CatalogueInfo) -> NamedNode:
    return part_iri(catalogue_iri(info.cfg), "contact")


def record_iri(info: CatalogueInfo) -> NamedNode:
    """The catalogue record of the dataset, inside the catalogue's document."""
    return part_iri(catalogue_iri(info.cfg), "record-" + info.dataset.value.rsplit("/", 1)[1])


def rights_iri(info: CatalogueInfo) -> NamedNode:
    return part_iri(info.dataset, "rechten")


def file_type(syntax: str) -> NamedNode:
    return cv.FILE_TYPES[syntax].node


def media_type(syntax: str) -> NamedNode:
    return NamedNode(IANA + SYNTAXES[syntax][0])


def distribution_title(dump: DumpFile) -> str:
    label = SYNTAXES[dump.syntax][1]
    return f"{label} (gzip)" if dump.compressed else label


def when(day: str) -> Literal:
    """A day as xsd:dateTime, midnight with no time zone (the data knows days, not hours)."""
    return Literal(f"{day}T00:00:00", datatype=XSD.dateTime)


def resource(iri: NamedNode) -> Quad:
    """`iri a rdfs:Resource`: what RDFS entails for every IRI, stated because the Flemish shapes check
    `sh:class rdfs:Resource` on URLs and a harvester validates without inference."""
    return Quad(iri, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), RDFS.Resource)


def publisher_type(info: CatalogueInfo) -> cv.Concept:
    found = cv.PUBLISHER_TYPES.get(info.cfg.publisher_type)
    if found is None:
        raise ConfigError(f"publisher_type {info.cfg.publisher_type!r} is not an ADMS publisher type; "
                          f"known: {', '.join(sorted(cv.PUBLISHER_TYPES))}")
    return found


class DcatAp3:
    """DCAT-AP 3.0.1: what a European portal harvests."""

    name = "dcat-ap-3"

    def triples(self, info: CatalogueInfo) -> Iterator[Quad]:
        cfg = info.cfg
        catalogue, dataset, service = catalogue_iri(cfg), info.dataset, data_service_iri(cfg)
        publisher, contact = publisher_iri(cfg), contact_iri(info)
        data_licence = cv.licence(cfg.licence)
        issued = when(cfg.issued.isoformat())
        modified = when(info.modified if _is_day(info.modified) else cfg.issued.isoformat())
        site = release_url(cfg, "")  # the release's landing page, served at the base

        yield from typed(catalogue, DCAT.Catalog)
        yield from bilingual(
            catalogue, DCT.title,
            f"Catalogus {cfg.publisher_name}",
            f"Catalogue {cfg.publisher_name}")
        yield from bilingual(
            catalogue, DCT.description,
            f"Open data van {cfg.publisher_name}: {cfg.dataset_title_nl.lower()}.",
            f"Open data from {cfg.publisher_name}: {cfg.dataset_title_en.lower()}.")
        yield Quad(catalogue, DCT.publisher, publisher)
        yield Quad(catalogue, DCT.license, NamedNode(cv.licence(cfg.catalogue_licence).iri))
        yield Quad(catalogue, DCT.language, cv.DUTCH.node)
        yield Quad(catalogue, DCT.spatial, cv.FLANDERS.node)
        yield Quad(catalogue, DCT.issued, issued)
        yield Quad(catalogue, DCT.modified, issued)
        yield Quad(catalogue, FOAF.homepage, site)
        for scheme in (cv.DATA_THEME, cv.BELGIAN_THEME):
            yield Quad(catalogue, DCAT.themeTaxonomy, NamedNode(scheme.iri))
        yield Quad(catalogue, DCAT.dataset, dataset)
        yield Quad(catalogue, DCAT.service, service)
        yield Quad(catalogue, DCAT.record, record_iri(info))

        record = record_iri(info)
        yield from typed(record, DCAT.CatalogRecord)
        yield Quad(record, FOAF.primaryTopic, dataset)
        yield Quad(record, DCT.issued, issued)  # the record changes with each release
        yield Quad(record, DCT.modified, issued)

        yield from typed(publisher, FOAF.Agent)
        yield Quad(publisher, FOAF.name, lit(cfg.publisher_name, lang="nl"))
        yield Quad(publisher, FOAF.homepage, NamedNode(cfg.publisher_homepage))
        yield Quad(publisher, DCT.type, publisher_type(info).node)

        yield from typed(contact, VCARD.Kind, VCARD.Organization)
        yield Quad(contact, VCARD.fn, lit(cfg.publisher_name))
        yield Quad(contact, VCARD.hasEmail, NamedNode(f"mailto:{cfg.contact_email}"))

        yield from typed(dataset, DCAT.Dataset, DCAT.Resource)
        yield from bilingual(dataset, DCT.title, cfg.dataset_title_nl, cfg.dataset_title_en)
        yield from bilingual(
            dataset, DCT.description,
            "Wat Vlaamse steden en gemeenten doen tegen seksueel geweld in het uitgaansleven: "
            "maatregelen, partners, gemeenten (met de fusies van 2019 en 2025) en bronnen.",
            "What Flemish cities and municipalities do against sexual violence in nightlife: "
            "measures, partners, municipalities (with the 2019 and 2025 mergers) and sources.")
        yield Quad(dataset, DCT.publisher, publisher)
        yield Quad(dataset, DCAT.contactPoint, contact)
        yield Quad(dataset, DCT.issued, issued)
        yield Quad(dataset, DCT.modified, modified)
        yield Quad(dataset, DCT.accessRights, cv.PUBLIC.node)
        yield Quad(dataset, DCT.language, cv.DUTCH.node)
        yield Quad(dataset, DCT.spatial, cv.FLANDERS.node)
        yield from self.temporal(info)
        yield Quad(dataset, DCT.accrualPeriodicity, cv.IRREGULAR.node)
        yield Quad(dataset, DCAT.landingPage, site)
        for lang, words in KEYWORDS.items():
            for word in words:
                yield Quad(dataset, DCAT.keyword, lit(word, lang=lang))
        for theme in cv.EU_THEMES:
            yield Quad(dataset, DCAT.theme, theme.node)
        for dump in info.dumps:
            yield Quad(dataset, DCAT.distribution, distribution_iri(cfg, dump.name))
            yield from self.distribution(info, dump)
        rights = rights_iri(info)
        yield from typed(rights, DCT.RightsStatement)
        attribution = f"Vermeld de bron: {cfg.publisher_name} ({site.value})."
        yield from bilingual(
            rights, RDFS.label,
            f"Hergebruik toegestaan onder de licentie van de distributie. "
            f"{attribution}",
            f"Reuse is allowed under the distribution's licence. "
            f"Attribute the source: {cfg.publisher_name} ({site.value}).")

        yield from typed(service, DCAT.DataService, DCAT.Resource)
        yield from bilingual(
            service, DCT.title,
            f"SPARQL-endpoint {cfg.publisher_name}",
            f"SPARQL endpoint {cfg.publisher_name}")
        yield from bilingual(
            service, DCT.description,
            "SPARQL 1.1-endpoint met de maatregelen en hun beschrijving (alleen lezen).",
            "SPARQL 1.1 endpoint holding the measures and their description (read-only).")
        yield Quad(service, DCAT.endpointURL, sparql_endpoint(cfg))
        # A SPARQL endpoint answers a GET without query with its Service Description.
        yield Quad(service, DCAT.endpointDescription, sparql_endpoint(cfg))
        yield Quad(service, DCAT.servesDataset, dataset)
        yield Quad(service, DCT.publisher, publisher)
        yield Quad(service, DCAT.contactPoint, contact)
        yield Quad(service, DCT.license, NamedNode(data_licence.iri))
        yield Quad(service, DCT.accessRights, cv.PUBLIC.node)
        yield Quad(service, DCT.conformsTo, SPARQL_PROTOCOL)
        for lang, words in SERVICE_KEYWORDS.items():
            for word in words:
                yield Quad(service, DCAT.keyword, lit(word, lang=lang))
        for theme in cv.EU_THEMES:
            yield Quad(service, DCAT.theme, theme.node)

        yield from self.authority_terms(info)

    def temporal(self, info: CatalogueInfo) -> Iterator[Quad]:
        """The period the measures cover: the earliest start, and the latest end once all ended."""
        start, end = info.period
        if start is None:
            return
        period = part_iri(info.dataset, "periode")
        yield Quad(info.dataset, DCT.temporal, period)
        yield from typed(period, DCT.PeriodOfTime)
        yield Quad(period, DCAT.startDate, start)
        if end is not None:
            yield Quad(period, DCAT.endDate, end)

    def distribution(self, info: CatalogueInfo, dump: DumpFile) -> Iterator[Quad]:
        cfg = info.cfg
        dist = distribution_iri(cfg, dump.name)
        url = release_url(cfg, f"dumps/{dump.name}")
        checksum = part_iri(dist, "checksum")
        algorithm, size_type = CHECKSUM[cfg.catalogue_profile]
        label = distribution_title(dump)
        packed_nl, packed_en = ((", gecomprimeerd met gzip", ", compressed with gzip") if dump.compressed
                                else ("", ""))
        yield from typed(dist, DCAT.Distribution)
        yield from bilingual(dist, DCT.title, label, label)
        yield from bilingual(
            dist, DCT.description,
            f"De volledige dataset als {SYNTAXES[dump.syntax][1]}{packed_nl}: één bestand per release.",
            f"The whole dataset as {SYNTAXES[dump.syntax][1]}{packed_en}: one file per release.")
        yield Quad(dist, DCAT.accessURL, url)
        yield Quad(dist, DCAT.downloadURL, url)
        yield Quad(dist, DCAT.mediaType, media_type(dump.syntax))
        yield Quad(dist, DCT.format, file_type(dump.syntax))
        if dump.compressed:
            yield Quad(dist, DCAT.compressFormat, GZIP)
        yield Quad(dist, DCT.license, NamedNode(cv.licence(cfg.licence).iri))
        yield Quad(dist, DCT.rights, rights_iri(info))
        yield Quad(dist, DCATAP.availability, cv.STABLE.node)
        yield Quad(dist, DCT.issued, when(cfg.issued.isoformat()))
        yield Quad(dist, DCAT.byteSize, lit(str(dump.size), size_type))
        digest = dump.sha1 if algorithm == SPDX.checksumAlgorithm_sha1 else dump.sha256
        if digest is None:
            raise ValueError(f"{dump.name}: no {algorithm.value.rsplit('_', 1)[1]} digest for the checksum")
        yield Quad(dist, SPDX.checksum, checksum)
        yield from typed(checksum, SPDX.Checksum)
        yield Quad(checksum, SPDX.algorithm, algorithm)
        yield Quad(checksum, SPDX.checksumValue, lit(digest, XSD.hexBinary))

    def authority_terms(self, info: CatalogueInfo) -> Iterator[Quad]:
        """The external values with their schemes and the classes DCAT-AP 3 checks."""
        cfg = info.cfg
        yield from cv.licence_quads(cv.licence(cfg.licence))
        yield from cv.licence_quads(cv.licence(cfg.catalogue_licence))
        yield from typed(NamedNode(cfg.publisher_homepage), FOAF.Document)
        yield from typed(release_url(cfg, ""), FOAF.Document)
        for concept in (cv.DUTCH, cv.PUBLIC, cv.IRREGULAR, cv.FLANDERS, cv.STABLE, *cv.EU_THEMES,
                        publisher_type(info)):
            yield from cv.concept_quads(concept)
        for scheme in (cv.DATA_THEME, cv.BELGIAN_THEME):
            yield from cv.scheme_quads(scheme)
        algorithm = CHECKSUM[cfg.catalogue_profile][0]
        yield from typed(algorithm, SPDX.ChecksumAlgorithm)
        yield from typed(SPARQL_PROTOCOL, DCT.Standard)
        yield Quad(SPARQL_PROTOCOL, DCT.title, lit("SPARQL 1.1 Protocol", lang="en"))
        for syntax in sorted({d.syntax for d in info.dumps}):
            yield from typed(media_type(syntax), DCT.MediaType)
            yield from cv.concept_quads(cv.FILE_TYPES[syntax])
        if any(d.compressed for d in info.dumps):
            yield from typed(GZIP, DCT.MediaType)


def _is_day(text: str | None) -> bool:
    return bool(text) and len(text) == 10 and text[4] == "-" and text[7] == "-"


__all__ = ["DcatAp3", "CHECKSUM", "SYNTAXES", "contact_iri", "file_type", "media_type", "record_iri",
           "resource", "rights_iri", "when"]
