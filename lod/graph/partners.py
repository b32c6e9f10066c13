"""Partner organisations as triples (docs/rdf-model.md, "Organisations").

Each organisation gets its own stable IRI `{base}id/organisatie/{slug}`. Only an organisation with a
sourced KBO number is a `regorg:RegisteredOrganization` with an `adms:identifier` (a hash IRI under the
organisation, so there are no blank nodes), assigned by the KBO (`adms:schemaAgency "KBO"`). No
`owl:sameAs` to `https://data.vlaanderen.be/id/onderneming/…`: OSLO-NOTES could not verify whether
that IRI takes the number with or without dots.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from lod.config import Config
from lod.records.partners import Organisation, Organisations
from lod.terms import (
    ADMS,
    DCT,
    FOAF,
    ORG,
    RDF,
    RDFS,
    REGORG,
    SKOS,
    XSD,
    concept_iri,
    organisation_identifier_iri,
    organisation_iri,
)


def organisation_node(cfg: Config, org: Organisation) -> NamedNode:
    return organisation_iri(cfg, org.slug)


def organisation_quads(organisations: Organisations, cfg: Config) -> Iterator[Quad]:
    """Every partner organisation, in slug order."""
    for org in organisations:
        node = organisation_node(cfg, org)
        yield Quad(node, RDF.type, ORG.Organization)
        yield Quad(node, SKOS.prefLabel, Literal(org.name, language="nl"))
        yield Quad(node, RDFS.label, Literal(org.name, language="nl"))
        for alt in org.alt_names:
            yield Quad(node, SKOS.altLabel, Literal(alt, language="nl"))
        if org.partner_type:
            yield Quad(node, DCT.type, concept_iri(cfg, "partnertype", org.partner_type))
        if org.homepage:
            yield Quad(node, FOAF.homepage, NamedNode(org.homepage))
        if org.source:
            yield Quad(node, DCT.source, NamedNode(org.source))
        if org.kbo:
            identifier = organisation_identifier_iri(cfg, org.slug, "kbo")
            yield Quad(node, RDF.type, REGORG.RegisteredOrganization)
            yield Quad(node, REGORG.legalName, Literal(org.name, language="nl"))
            yield Quad(node, ADMS.identifier, identifier)
            yield Quad(node, REGORG.registration, identifier)
            yield Quad(identifier, RDF.type, ADMS.Identifier)
            yield Quad(identifier, SKOS.notation, Literal(org.kbo, datatype=XSD.string))
            yield Quad(identifier, ADMS.schemaAgency, Literal("KBO", language="nl"))


__all__ = ["organisation_node", "organisation_quads"]
