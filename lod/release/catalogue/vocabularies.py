"""The controlled values the catalogue uses, each with the scheme it belongs to and its labels.

The official vocabulary shapes (DCAT-AP 3.0.1 and 2.1.1 `mdr-vocabularies.shape.ttl`) check a value
by `skos:inScheme` of its table, a fact they expect from the authority tables the shapes import
from the network. The catalogue states that fact itself for every value it uses, with the label
the authority publishes, as the Flemish metadata catalogue does in its own records (concepts with
`skos:inScheme` and `skos:prefLabel`, Informatievlaanderen/metadata-geonetwork). So a validator
without the tables reaches the same verdict as one with them, and the catalogue stays readable on
its own. Facts only: IRIs, schemes, labels; sources in README.md ("The catalogue").

>>> concept_quads(FILE_TYPES["ttl"])[0].object.value
'http://www.w3.org/2004/02/skos/core#Concept'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from lod.terms import DCT, RDF, SKOS

EU = "http://publications.europa.eu/resource/authority/"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"
BELGIF_THEME = "http://vocab.belgif.be/auth/datatheme"
GDI_TREFWOORDEN = "https://metadata.vlaanderen.be/id/GDI-Vlaanderen-Trefwoorden"


@dataclass(frozen=True)
class Scheme:
    iri: str
    title: str  # English title, as the maintainer names the table


@dataclass(frozen=True)
class Concept:
    iri: str
    scheme: Scheme
    labels: tuple[tuple[str, str], ...]  # (language, label)
    classes: tuple[NamedNode, ...] = ()  # what DCAT-AP expects the value to be besides a concept
    matches: tuple[str, ...] = ()  # the same concept in another table (skos:exactMatch)

    @property
    def node(self) -> NamedNode:
        return NamedNode(self.iri)


def _eu(table: str, title: str) -> Scheme:
    return Scheme(EU + table, title)


FILE_TYPE = _eu("file-type", "File type")
LANGUAGE = _eu("language", "Language")
ACCESS_RIGHT = _eu("access-right", "Access right")
FREQUENCY = _eu("frequency", "Frequency")
DATA_THEME = _eu("data-theme", "Data theme")
ATU = _eu("atu", "Administrative territorial unit")
PLANNED_AVAILABILITY = _eu("planned-availability", "Planned availability")
LICENCE = _eu("licence", "Licence")
PUBLISHER_TYPE = Scheme(ADMS_PUBLISHER_TYPE + "1.0", "Publisher Type")
LICENCE_TYPE = Scheme(ADMS_LICENCE_TYPE + "1.0", "Licence Type")
BELGIAN_THEME = Scheme(BELGIF_THEME, "Data themes (Belgium)")
FLEMISH_STATUS = Scheme(GDI_TREFWOORDEN, "GDI-Vlaanderen Trefwoorden")


def _c(scheme: Scheme, code: str, en: str, nl: str, *classes: NamedNode,
       matches: tuple[str, ...] = ()) -> Concept:
    return Concept(f"{scheme.iri}/{code}", scheme, (("en", en), ("nl", nl)), classes, matches)


FILE_TYPES = {  # dump syntax -> EU file type
    "ttl": _c(FILE_TYPE, "RDF_TURTLE", "RDF Turtle", "RDF Turtle", DCT.MediaTypeOrExtent),
    "nt": _c(FILE_TYPE, "RDF_N_TRIPLES", "RDF N-Triples", "RDF N-Triples", DCT.MediaTypeOrExtent),
    "jsonld": _c(FILE_TYPE, "JSON_LD", "JSON-LD", "JSON-LD", DCT.MediaTypeOrExtent),
}
DUTCH = _c(LANGUAGE, "NLD", "Dutch", "Nederlands", DCT.LinguisticSystem)
PUBLIC = _c(ACCESS_RIGHT, "PUBLIC", "public", "publiek", DCT.RightsStatement)
IRREGULAR = _c(FREQUENCY, "IRREG", "irregular", "onregelmatig", DCT.Frequency)
FLANDERS = _c(ATU, "BEL_CGG_VLA", "Flemish Region", "Vlaams Gewest", DCT.Location)
STABLE = _c(PLANNED_AVAILABILITY, "STABLE", "stable", "stabiel")
EU_THEMES = (
    _c(DATA_THEME, "JUST", "Justice, legal system and public safety",
       "Justitie, rechtsstelsel en openbare veiligheid"),
    _c(DATA_THEME, "SOCI", "Population and society", "Bevolking en samenleving"),
)
# DCAT-AP-VL: "de Belgische thema codelijst, welke 1 op 1 mapbaar is naar de Europese".
BELGIAN_THEMES = tuple(
    _c(BELGIAN_THEME, theme.iri.rsplit("/", 1)[1], dict(theme.labels)["en"], dict(theme.labels)["nl"],
       matches=(theme.iri,)) for theme in EU_THEMES)
# mdcat:statuut: what the Flemish metadata catalogue indexes as open data (metadata-geonetwork).
OPEN_DATA = _c(FLEMISH_STATUS, "VLOPENDATA", "Vlaamse Open data", "Vlaamse Open data")
OPEN_DATA_SERVICE = _c(FLEMISH_STATUS, "VLOPENDATASERVICE", "Vlaamse Open data Service",
                       "Vlaamse Open data Service")

# The type IRIs live under publishertype/, their scheme is publishertype/1.0.
PUBLISHER_TYPES = {ADMS_PUBLISHER_TYPE + code: Concept(ADMS_PUBLISHER_TYPE + code, PUBLISHER_TYPE,
                                                        (("en", en), ("nl", nl)))
                   for code, en, nl in (
    ("Academia-ScientificOrganisation", "Academia/Scientific organisation",
     "Academische of wetenschappelijke organisatie"),
    ("Company", "Company", "Bedrijf"),
    ("IndustryConsortium", "Industry consortium", "Industrieconsortium"),
    ("LocalAuthority", "Local authority", "Lokaal bestuur"),
    ("NationalAuthority", "National authority", "Nationale overheid"),
    ("NonGovernmentalOrganisation", "Non-governmental organisation", "Niet-gouvernementele organisatie"),
    ("NonProfitOrganisation", "Non-profit organisation", "Organisatie zonder winstoogmerk"),
    ("PrivateIndividual(s)", "Private individual(s)", "Privépersoon of -personen"),
    ("RegionalAuthority", "Regional authority", "Regionale overheid"),
    ("StandardisationBody", "Standardisation body", "Standaardisatie-instelling"),
    ("SupraNationalAuthority", "Supra-national authority", "Supranationale overheid"),
)}

ATTRIBUTION = Concept(ADMS_LICENCE_TYPE + "Attribution", LICENCE_TYPE,
                      (("en", "Attribution"), ("nl", "Naamsvermelding")))
PUBLIC_DOMAIN = Concept(ADMS_LICENCE_TYPE + "PublicDomain", LICENCE_TYPE,
                        (("en", "Public domain"), ("nl", "Werk in het publiek domein")))


@dataclass(frozen=True)
class Licence:
    """A licence as the catalogue names it: the EU licence table's concept where there is one
    (data.europa.eu's MQA scores `dct:license` from that table), linked to the licence's own IRI."""

    iri: str
    labels: tuple[tuple[str, str], ...]
    kind: Concept  # ADMS licence type
    matches: tuple[str, ...] = ()
    in_eu_table: bool = True


_CC_BY = "http://creativecommons.org/licenses/by/4.0/"
_CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
_VL_CC0 = "https://data.vlaanderen.be/id/licentie/creative-commons-zero-verklaring/v1.0"
_VL_GRATIS = "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"
# Known licence IRIs (as configured or written in the spreadsheet) -> how the catalogue names them.
LICENCES: dict[str, Licence] = {}
for _names, _licence in (
    ((_CC_BY, _CC_BY.rstrip("/"), "https://creativecommons.org/licenses/by/4.0/", EU + "licence/CC_BY_4_0"),
     Licence(EU + "licence/CC_BY_4_0", (("en", "Creative Commons Attribution 4.0 International"),
                                        ("nl", "Creative Commons Naamsvermelding 4.0 Internationaal")),
             ATTRIBUTION, (_CC_BY,))),
    ((_CC0, _CC0.rstrip("/"), "https://creativecommons.org/publicdomain/zero/1.0/", EU + "licence/CC0"),
     Licence(EU + "licence/CC0", (("en", "Creative Commons CC0 1.0 Universal"),
                                  ("nl", "Creative Commons CC0 1.0 Universeel")), PUBLIC_DOMAIN, (_CC0,))),
    ((_VL_CC0,), Licence(_VL_CC0, (("nl", "Creative Commons Zero verklaring"),
                                   ("en", "Creative Commons Zero declaration")), PUBLIC_DOMAIN, (_CC0,),
                         in_eu_table=False)),
    ((_VL_GRATIS,), Licence(_VL_GRATIS, (("nl", "Modellicentie Gratis Hergebruik"),
                                         ("en", "Model licence for free reuse")), ATTRIBUTION,
                            in_eu_table=False)),
):
    for _name in _names:
        LICENCES[_name] = _licence


def licence(iri: str) -> Licence:
    """How the catalogue names the licence `iri`; an unknown one stays itself (outside the EU table).

    >>> licence("http://creativecommons.org/licenses/by/4.0/").iri
    'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0'
    """
    return LICENCES.get(iri) or Licence(iri, (), ATTRIBUTION, in_eu_table=False)


def concept_quads(concept: Concept) -> list[Quad]:
    """The concept, its scheme, its labels and the classes DCAT-AP expects it to have."""
    node = concept.node
    quads = [Quad(node, RDF.type, SKOS.Concept)]
    quads += [Quad(node, RDF.type, c) for c in concept.classes]
    quads.append(Quad(node, SKOS.inScheme, NamedNode(concept.scheme.iri)))
    quads += [Quad(node, SKOS.prefLabel, Literal(text, language=lang)) for lang, text in concept.labels]
    quads += [Quad(node, SKOS.exactMatch, NamedNode(m)) for m in concept.matches]
    quads += scheme_quads(concept.scheme)
    return quads


def scheme_quads(scheme: Scheme) -> list[Quad]:
    node = NamedNode(scheme.iri)
    return [Quad(node, RDF.type, SKOS.ConceptScheme),
            Quad(node, DCT.title, Literal(scheme.title, language="en"))]


def licence_quads(found: Licence) -> Iterator[Quad]:
    """The licence document: typed, labelled, its ADMS type, in the EU table where it is."""
    node = NamedNode(found.iri)
    yield Quad(node, RDF.type, DCT.LicenseDocument)
    yield Quad(node, DCT.type, found.kind.node)
    yield from concept_quads(found.kind)
    for lang, text in found.labels:
        yield Quad(node, DCT.title, Literal(text, language=lang))
    for match in found.matches:
        yield Quad(node, SKOS.exactMatch, NamedNode(match))
    if found.in_eu_table:
        yield Quad(node, RDF.type, SKOS.Concept)
        yield Quad(node, SKOS.inScheme, NamedNode(LICENCE.iri))
        yield from scheme_quads(LICENCE)
        for lang, text in found.labels:
            yield Quad(node, SKOS.prefLabel, Literal(text, language=lang))


__all__ = [name for name in dir() if name.isupper() and not name.startswith("_")] + [
    "Concept", "Licence", "Scheme", "concept_quads", "licence", "licence_quads", "scheme_quads"]
