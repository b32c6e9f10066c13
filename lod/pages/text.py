"""The words on the pages, Dutch and English: interface texts and labels of borrowed properties.

The project's own `vu:` properties take their labels from the vocabulary in the store; the
labels here are for the standard terms (DCTERMS, PROV, SKOS, …) that carry no Dutch label.
"""

from __future__ import annotations

from lod.terms import PREFIXES
from lod.text import Text

# The interface words, one table per language, picked like every Text: UI.pick(lang)["home"].
UI: Text[dict[str, str]] = Text(
    nl={
        "skip": "Naar de inhoud", "home": "Start", "query": "Zoeken met SPARQL", "switch": "English",
        "switch_lang": "en", "measures": "Maatregelen", "no_measures": "Geen maatregelen geregistreerd.",
        "properties": "Gegevens", "formats": "Deze gegevens in andere formaten", "iri": "Identificator",
        "withdrawn": "Deze maatregel is ingetrokken", "reason": "Reden",
        "counts": "In cijfers", "count_measures": "maatregelen",
        "count_municipalities": "gemeenten met maatregelen", "count_organisations": "organisaties",
        "count_triples": "tripels", "downloads": "Downloads", "catalogue": "Catalogus en beschrijvingen",
        "endpoint": "SPARQL-endpoint", "intro": "Wat Vlaamse gemeenten doen tegen seksueel geweld in het "
        "uitgaansleven, als Linked Open Data: elke maatregel, gemeente, partner en code heeft een eigen "
        "adres (URI) en een pagina.",
        "query_intro": "Stel een SPARQL-query op, of kies een voorbeeld, en klik op Uitvoeren. "
        "De standaardgraaf bevat alle gegevens.", "examples": "Voorbeeldquery", "query_label": "SPARQL-query",
        "run": "Uitvoeren", "results": "Resultaat", "example_all": "Alle maatregelen met hun titel",
        "licence": "Licentie", "data_licence": "Gegevens onder", "vocabulary": "Woordenschat",
        "not_found": "Niet gevonden", "gone": "Verdwenen", "error": "Fout",
        "static_query": "De SPARQL-endpoint draait bij de server (`lod serve`), niet op deze statische site.",
        "yes": "ja", "no": "nee", "void": "VoID-beschrijving van de dataset",
        "all_measures": "Alle maatregelen",
        "by_municipality": "Per gemeente (na de fusies van 2025)", "codelists": "Codelijsten",
        "predecessors": "Maatregelen van voorgangers (vóór een fusie) staan mee in deze lijst.",
        "partners": "partners (met hun rol)", "role": "rol", "provenance": "Herkomst",
        "search": "Zoeken", "search_label": "Zoek een maatregel", "search_placeholder": "Zoek maatregelen",
        "search_landmark": "Zoeken in de maatregelen", "download_csv": "Downloaden als CSV",
        "check": "Bestand controleren",
    },
    en={
        "skip": "Skip to content", "home": "Home", "query": "Query with SPARQL", "switch": "Nederlands",
        "switch_lang": "nl", "measures": "Measures", "no_measures": "No measures recorded.",
        "properties": "Data", "formats": "This data in other formats", "iri": "Identifier",
        "withdrawn": "This measure has been withdrawn", "reason": "Reason",
        "counts": "In numbers", "count_measures": "measures",
        "count_municipalities": "municipalities with measures", "count_organisations": "organisations",
        "count_triples": "triples", "downloads": "Downloads", "catalogue": "Catalogue and descriptions",
        "endpoint": "SPARQL endpoint", "intro": "What Flemish municipalities do against sexual violence in "
        "nightlife, as Linked Open Data: every measure, municipality, partner and code has its own address "
        "(URI) and a page.",
        "query_intro": "Write a SPARQL query, or pick an example, and press Run. The default graph holds all "
        "the data.", "examples": "Example query", "query_label": "SPARQL query",
        "run": "Run", "results": "Result", "example_all": "All measures with their title",
        "licence": "Licence", "data_licence": "Data under", "vocabulary": "Vocabulary",
        "not_found": "Not found", "gone": "Gone", "error": "Error",
        "static_query": "The SPARQL endpoint runs with the server (`lod serve`), not on this static site.",
        "yes": "yes", "no": "no", "void": "VoID description of the dataset", "all_measures": "All measures",
        "by_municipality": "By municipality (after the 2025 mergers)", "codelists": "Code lists",
        "predecessors": "Measures of predecessors (before a merger) are included in this list.",
        "partners": "partners (with their role)", "role": "role", "provenance": "Provenance",
        "search": "Search", "search_label": "Search for a measure", "search_placeholder": "Search measures",
        "search_landmark": "Search the measures", "download_csv": "Download as CSV",
        "check": "Check a file",
    },
)

_P = PREFIXES
PROPERTY_LABELS: dict[str, Text[str]] = {
    _P["rdf"] + "type": Text("soort resource", "resource type"),
    _P["dct"] + "identifier": Text("identificator", "identifier"),
    _P["dct"] + "type": Text("soort", "kind"),  # of a measure, of an organisation, …
    _P["dct"] + "spatial": Text("gemeente (zoals geregistreerd)", "municipality (as recorded)"),
    _P["dct"] + "audience": Text("doelgroep", "target group"),
    _P["dct"] + "temporal": Text("periode", "period"),
    _P["dct"] + "source": Text("bron", "source"),
    _P["dct"] + "license": Text("licentie", "licence"),
    _P["dct"] + "modified": Text("gewijzigd op", "modified"),
    _P["dct"] + "isReplacedBy": Text("opgegaan in", "merged into"),
    _P["dct"] + "replaces": Text("vervangt", "replaces"),
    _P["dct"] + "date": Text("datum", "date"),
    _P["adms"] + "status": Text("status", "status"),
    _P["adms"] + "identifier": Text("identificator", "identifier"),
    _P["dcat"] + "startDate": Text("begin", "start"),
    _P["dcat"] + "endDate": Text("einde", "end"),
    _P["prov"] + "wasAssociatedWith": Text("betrokken organisaties", "organisations involved"),
    _P["prov"] + "qualifiedAssociation": Text("rol van partners", "partner roles"),
    _P["prov"] + "agent": Text("organisatie", "organisation"),
    _P["prov"] + "hadRole": Text("rol", "role"),
    _P["prov"] + "wasAttributedTo": Text("gemeld door", "reported by"),
    _P["prov"] + "wasDerivedFrom": Text("afgeleid van", "derived from"),
    _P["rdf"] + "value": Text("waarde", "value"),
    _P["schema"] + "contactPoint": Text("contact", "contact"),
    _P["schema"] + "contactType": Text("rol", "role"),
    _P["schema"] + "email": Text("e-mail", "email"),
    _P["skos"] + "prefLabel": Text("naam", "name"),
    _P["skos"] + "altLabel": Text("andere naam", "alternative name"),
    _P["skos"] + "definition": Text("definitie", "definition"),
    _P["skos"] + "notation": Text("code", "code"),
    _P["skos"] + "inScheme": Text("codelijst", "code list"),
    _P["skos"] + "exactMatch": Text("zelfde als", "same as"),
    _P["skos"] + "broader": Text("ruimer", "broader"),
    _P["rdfs"] + "label": Text("label", "label"),
    _P["foaf"] + "homepage": Text("website", "website"),
    _P["org"] + "classification": Text("classificatie", "classification"),
    _P["besluit"] + "werkingsgebied": Text("werkingsgebied", "area"),
    _P["foaf"] + "name": Text("naam", "name"),
    _P["skos"] + "topConceptOf": Text("topbegrip van", "top concept of"),
    _P["skos"] + "hasTopConcept": Text("topbegrip", "top concept"),
    _P["rdfs"] + "isDefinedBy": Text("gedefinieerd in", "defined by"),
    _P["rdfs"] + "domain": Text("domein", "domain"),
    _P["rdfs"] + "range": Text("bereik", "range"),
    _P["rdfs"] + "subClassOf": Text("subklasse van", "subclass of"),
    _P["rdfs"] + "subPropertyOf": Text("subeigenschap van", "subproperty of"),
    _P["rdfs"] + "comment": Text("toelichting", "comment"),
    _P["dct"] + "issued": Text("uitgegeven op", "issued"),
    _P["dct"] + "language": Text("taal", "language"),
    _P["dct"] + "publisher": Text("uitgever", "publisher"),
    _P["dct"] + "creator": Text("maker", "creator"),
    _P["dct"] + "format": Text("bestandsformaat", "file format"),
    _P["dct"] + "conformsTo": Text("volgt", "conforms to"),
    _P["dct"] + "accrualPeriodicity": Text("frequentie van bijwerken", "update frequency"),
    _P["dcat"] + "contactPoint": Text("contactpunt", "contact point"),
    _P["dcat"] + "dataset": Text("dataset", "dataset"),
    _P["dcat"] + "service": Text("dienst", "service"),
    _P["dcat"] + "distribution": Text("distributie", "distribution"),
    _P["dcat"] + "downloadURL": Text("downloadadres", "download URL"),
    _P["dcat"] + "accessURL": Text("toegangsadres", "access URL"),
    _P["dcat"] + "mediaType": Text("mediatype", "media type"),
    _P["dcat"] + "byteSize": Text("grootte (bytes)", "size (bytes)"),
    _P["dcat"] + "endpointURL": Text("endpoint", "endpoint"),
    _P["dcat"] + "endpointDescription": Text("beschrijving van de endpoint", "endpoint description"),
    _P["dcat"] + "servesDataset": Text("biedt dataset aan", "serves dataset"),
    _P["dcat"] + "keyword": Text("trefwoord", "keyword"),
    _P["dcat"] + "theme": Text("thema", "theme"),
    _P["dcat"] + "landingPage": Text("webpagina", "landing page"),
    _P["vcard"] + "fn": Text("naam", "name"),
    _P["vcard"] + "hasEmail": Text("e-mail", "email"),
    _P["spdx"] + "checksum": Text("controlegetal", "checksum"),
}

# Properties people look for first come first; the rest follow alphabetically by IRI.
PROPERTY_ORDER: dict[str, int] = {iri: i for i, iri in enumerate([
    _P["dct"] + "identifier", _P["skos"] + "prefLabel", _P["skos"] + "notation", _P["skos"] + "definition",
    _P["dct"] + "type", _P["adms"] + "status", _P["dct"] + "spatial", _P["dct"] + "temporal",
    _P["dct"] + "audience", _P["prov"] + "wasAssociatedWith", _P["prov"] + "qualifiedAssociation",
    _P["dct"] + "isReplacedBy", _P["dct"] + "replaces", _P["dct"] + "source",
    _P["dcat"] + "startDate", _P["dcat"] + "endDate",  # a period reads from its start
])}

# A measure page reads top-down like a description (prefixed names; vu: is the configured vocabulary):
# what, in which state and when, where, for whom, with whom, how often and with what money, what came
# of it and whom to ask. The lead is shown apart from the partners, and each partner with its role.
MEASURE_ORDER = [
    "dct:type", "vu:specifiekSGG", "vu:goedePraktijk", "adms:status", "dct:temporal", "dct:spatial",
    "vu:huidigeGemeente", "vu:omgeving", "dct:audience", "vu:trekker", "prov:wasAssociatedWith",
    "vu:evenement", "vu:herhaling", "vu:budgetklasse", "vu:financiering", "vu:output", "vu:evaluatie",
    "vu:evaluatierapport", "schema:contactPoint", "dct:source",
]
# Where the record comes from: last, in a block of its own.
MEASURE_PROVENANCE = ["dct:identifier", "prov:wasAttributedTo", "dct:modified", "prov:wasDerivedFrom",
                      "dct:license"]
