"""DCAT-AP 3: the catalogue, the dataset, a distribution per dump file and the SPARQL service.

Controlled values are the EU authority tables (file types, themes, access rights, languages,
frequencies) and IANA media types. Every resource the shapes expect a class for is typed here
(`dct:LicenseDocument`, `dct:MediaType`, …), so the catalogue stands on its own for a validator.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Quad

from lod.release.catalogue.base import CatalogueInfo, DumpFile, lit, typed
from lod.terms import (
    DCAT,
    DCT,
    FOAF,
    SKOS,
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

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
# syntax -> (EU file type, IANA media type, label)
SYNTAXES: dict[str, tuple[str, str, str]] = {
    "ttl": ("RDF_TURTLE", "text/turtle", "Turtle"),
    "nt": ("RDF_N_TRIPLES", "application/n-triples", "N-Triples"),
    "jsonld": ("JSON_LD", "application/ld+json", "JSON-LD"),
}
GZIP = NamedNode(IANA + "application/gzip")
# EU authority concepts with their English preferred labels (as published by the Publications Office).
THEMES = {"JUST": "Justice, legal system and public safety", "SOCI": "Population and society"}
PUBLIC = NamedNode(EU + "access-right/PUBLIC")
DUTCH = NamedNode(EU + "language/NLD")
FLANDERS = NamedNode(EU + "atu/BEL_CGG_VLA")
IRREGULAR = NamedNode(EU + "frequency/IRREG")
SHA256 = SPDX.checksumAlgorithm_sha256
SPARQL_PROTOCOL = NamedNode("https://www.w3.org/TR/sparql11-protocol/")
KEYWORDS = {
    "nl": ("seksueel geweld", "uitgaansleven", "preventie", "gemeenten", "nachtleven"),
    "en": ("sexual violence", "nightlife", "prevention", "municipalities"),
}


def contact_iri(info: CatalogueInfo) -> NamedNode:
    return part_iri(catalogue_iri(info.cfg), "contact")


def file_type(syntax: str) -> NamedNode:
    return NamedNode(f"{EU}file-type/{SYNTAXES[syntax][0]}")


def media_type(syntax: str) -> NamedNode:
    return NamedNode(IANA + SYNTAXES[syntax][1])


def distribution_title(dump: DumpFile) -> str:
    label = SYNTAXES[dump.syntax][2]
    return f"{label} (gzip)" if dump.compressed else label


class DcatAp3:
    """DCAT-AP 3.0.1: what a European portal harvests."""

    name = "dcat-ap-3"

    def triples(self, info: CatalogueInfo) -> Iterator[Quad]:
        cfg = info.cfg
        catalogue, dataset, service = catalogue_iri(cfg), info.dataset, data_service_iri(cfg)
        publisher, contact, licence = publisher_iri(cfg), contact_iri(info), NamedNode(cfg.licence)
        issued = lit(cfg.issued.isoformat(), XSD.date)
        modified = lit(info.modified or cfg.issued.isoformat(), XSD.date)
        site = release_url(cfg, "")  # the release's landing page, served at the base

        yield from typed(catalogue, DCAT.Catalog)
        yield Quad(catalogue, DCT.title, lit(f"Catalogus {cfg.publisher_name}", lang="nl"))
        yield Quad(catalogue, DCT.title, lit(f"Catalogue {cfg.publisher_name}", lang="en"))
        yield Quad(catalogue, DCT.description, lit(
            f"Open data van {cfg.publisher_name}: {cfg.dataset_title_nl.lower()}.", lang="nl"))
        yield Quad(catalogue, DCT.description, lit(
            f"Open data from {cfg.publisher_name}: {cfg.dataset_title_en.lower()}.", lang="en"))
        yield Quad(catalogue, DCT.publisher, publisher)
        yield Quad(catalogue, DCT.license, licence)
        yield Quad(catalogue, DCT.language, DUTCH)
        yield Quad(catalogue, DCT.issued, issued)
        yield Quad(catalogue, DCT.modified, modified)
        yield Quad(catalogue, FOAF.homepage, site)
        yield Quad(catalogue, DCAT.dataset, dataset)
        yield Quad(catalogue, DCAT.service, service)

        yield from typed(publisher, FOAF.Agent)
        yield Quad(publisher, FOAF.name, lit(cfg.publisher_name, lang="nl"))
        yield Quad(publisher, FOAF.homepage, NamedNode(cfg.publisher_homepage))

        yield from typed(contact, VCARD.Kind, VCARD.Organization)
        yield Quad(contact, VCARD.fn, lit(cfg.publisher_name))
        yield Quad(contact, VCARD.hasEmail, NamedNode(f"mailto:{cfg.contact_email}"))

        yield from typed(dataset, DCAT.Dataset)
        yield Quad(dataset, DCT.title, lit(cfg.dataset_title_nl, lang="nl"))
        yield Quad(dataset, DCT.title, lit(cfg.dataset_title_en, lang="en"))
        yield Quad(dataset, DCT.description, lit(
            "Wat Vlaamse steden en gemeenten doen tegen seksueel geweld in het uitgaansleven: "
            "maatregelen, partners, gemeenten (met de fusies van 2019 en 2025) en bronnen.", lang="nl"))
        yield Quad(dataset, DCT.description, lit(
            "What Flemish cities and municipalities do against sexual violence in nightlife: "
            "measures, partners, municipalities (with the 2019 and 2025 mergers) and sources.", lang="en"))
        yield Quad(dataset, DCT.publisher, publisher)
        yield Quad(dataset, DCAT.contactPoint, contact)
        yield Quad(dataset, DCT.issued, issued)
        yield Quad(dataset, DCT.modified, modified)
        yield Quad(dataset, DCT.accessRights, PUBLIC)
        yield Quad(dataset, DCT.language, DUTCH)
        yield Quad(dataset, DCT.spatial, FLANDERS)
        yield Quad(dataset, DCT.accrualPeriodicity, IRREGULAR)
        yield Quad(dataset, DCAT.landingPage, site)
        for lang, words in KEYWORDS.items():
            for word in words:
                yield Quad(dataset, DCAT.keyword, lit(word, lang=lang))
        for code in THEMES:
            yield Quad(dataset, DCAT.theme, NamedNode(f"{EU}data-theme/{code}"))
        for dump in info.dumps:
            yield Quad(dataset, DCAT.distribution, distribution_iri(cfg, dump.name))
            yield from self.distribution(info, dump)

        yield from typed(service, DCAT.DataService)
        yield Quad(service, DCT.title, lit(f"SPARQL-endpoint {cfg.publisher_name}", lang="nl"))
        yield Quad(service, DCT.title, lit(f"SPARQL endpoint {cfg.publisher_name}", lang="en"))
        yield Quad(service, DCAT.endpointURL, sparql_endpoint(cfg))
        # A SPARQL endpoint answers a GET without query with its Service Description.
        yield Quad(service, DCAT.endpointDescription, sparql_endpoint(cfg))
        yield Quad(service, DCAT.servesDataset, dataset)
        yield Quad(service, DCT.publisher, publisher)
        yield Quad(service, DCAT.contactPoint, contact)
        yield Quad(service, DCT.license, licence)
        yield Quad(service, DCT.conformsTo, SPARQL_PROTOCOL)

        yield from self.authority_terms(info)

    def distribution(self, info: CatalogueInfo, dump: DumpFile) -> Iterator[Quad]:
        cfg = info.cfg
        dist = distribution_iri(cfg, dump.name)
        url = release_url(cfg, f"dumps/{dump.name}")
        checksum = part_iri(dist, "checksum")
        yield from typed(dist, DCAT.Distribution)
        yield Quad(dist, DCT.title, lit(distribution_title(dump), lang="nl"))
        yield Quad(dist, DCAT.accessURL, url)
        yield Quad(dist, DCAT.downloadURL, url)
        yield Quad(dist, DCAT.mediaType, media_type(dump.syntax))
        yield Quad(dist, DCT.format, file_type(dump.syntax))
        if dump.compressed:
            yield Quad(dist, DCAT.compressFormat, GZIP)
        yield Quad(dist, DCT.license, NamedNode(cfg.licence))
        yield Quad(dist, DCT.issued, lit(cfg.issued.isoformat(), XSD.date))
        # DCAT-AP 3 requires this type; stores (pyoxigraph, Virtuoso) read it back as xsd:integer
        # (oxigraph issue #526), so the store and pages show the same number as xsd:integer.
        yield Quad(dist, DCAT.byteSize, lit(str(dump.size), XSD.nonNegativeInteger))
        yield Quad(dist, SPDX.checksum, checksum)
        yield from typed(checksum, SPDX.Checksum)
        yield Quad(checksum, SPDX.algorithm, SHA256)
        yield Quad(checksum, SPDX.checksumValue, lit(dump.sha256, XSD.hexBinary))

    def authority_terms(self, info: CatalogueInfo) -> Iterator[Quad]:
        """Type the external values as DCAT-AP 3 expects (its shapes check classes, not IRIs)."""
        cfg = info.cfg
        yield from typed(NamedNode(cfg.licence), DCT.LicenseDocument)
        yield from typed(NamedNode(cfg.publisher_homepage), FOAF.Document)
        yield from typed(release_url(cfg, ""), FOAF.Document)
        yield from typed(PUBLIC, DCT.RightsStatement)
        yield from typed(DUTCH, DCT.LinguisticSystem)
        yield from typed(FLANDERS, DCT.Location)
        yield from typed(IRREGULAR, DCT.Frequency)
        yield from typed(SHA256, SPDX.ChecksumAlgorithm)
        yield from typed(SPARQL_PROTOCOL, DCT.Standard)
        for code, label in THEMES.items():
            theme = NamedNode(f"{EU}data-theme/{code}")
            yield from typed(theme, SKOS.Concept)
            yield Quad(theme, SKOS.prefLabel, lit(label, lang="en"))
        for syntax in sorted({d.syntax for d in info.dumps}):
            yield from typed(media_type(syntax), DCT.MediaType)
            yield from typed(file_type(syntax), DCT.MediaTypeOrExtent)
        if any(d.compressed for d in info.dumps):
            yield from typed(GZIP, DCT.MediaType)
