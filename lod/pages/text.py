"""The words on the pages, Dutch and English: interface texts and labels of borrowed properties.

The project's own `vu:` properties take their labels from the vocabulary in the store; the
labels here are for the standard terms (DCTERMS, PROV, SKOS, …) that carry no Dutch label.
"""

from __future__ import annotations

from lod.terms import PREFIXES

UI: dict[str, dict[str, str]] = {
    "nl": {
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
    },
    "en": {
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
    },
}

_P = PREFIXES
PROPERTY_LABELS: dict[str, dict[str, str]] = {
    _P["rdf"] + "type": {"nl": "soort resource", "en": "resource type"},
    _P["dct"] + "identifier": {"nl": "identificator", "en": "identifier"},
    _P["dct"] + "type": {"nl": "soort", "en": "kind"},  # of a measure, of an organisation, …
    _P["dct"] + "spatial": {"nl": "gemeente (zoals geregistreerd)", "en": "municipality (as recorded)"},
    _P["dct"] + "audience": {"nl": "doelgroep", "en": "target group"},
    _P["dct"] + "temporal": {"nl": "periode", "en": "period"},
    _P["dct"] + "source": {"nl": "bron", "en": "source"},
    _P["dct"] + "license": {"nl": "licentie", "en": "licence"},
    _P["dct"] + "modified": {"nl": "gewijzigd op", "en": "modified"},
    _P["dct"] + "isReplacedBy": {"nl": "opgegaan in", "en": "merged into"},
    _P["dct"] + "replaces": {"nl": "vervangt", "en": "replaces"},
    _P["dct"] + "date": {"nl": "datum", "en": "date"},
    _P["adms"] + "status": {"nl": "status", "en": "status"},
    _P["adms"] + "identifier": {"nl": "identificator", "en": "identifier"},
    _P["dcat"] + "startDate": {"nl": "begin", "en": "start"},
    _P["dcat"] + "endDate": {"nl": "einde", "en": "end"},
    _P["prov"] + "wasAssociatedWith": {"nl": "betrokken organisaties", "en": "organisations involved"},
    _P["prov"] + "qualifiedAssociation": {"nl": "rol van partners", "en": "partner roles"},
    _P["prov"] + "agent": {"nl": "organisatie", "en": "organisation"},
    _P["prov"] + "hadRole": {"nl": "rol", "en": "role"},
    _P["prov"] + "wasAttributedTo": {"nl": "gemeld door", "en": "reported by"},
    _P["prov"] + "wasDerivedFrom": {"nl": "afgeleid van", "en": "derived from"},
    _P["rdf"] + "value": {"nl": "waarde", "en": "value"},
    _P["schema"] + "contactPoint": {"nl": "contact", "en": "contact"},
    _P["schema"] + "contactType": {"nl": "rol", "en": "role"},
    _P["schema"] + "email": {"nl": "e-mail", "en": "email"},
    _P["skos"] + "prefLabel": {"nl": "naam", "en": "name"},
    _P["skos"] + "altLabel": {"nl": "andere naam", "en": "alternative name"},
    _P["skos"] + "definition": {"nl": "definitie", "en": "definition"},
    _P["skos"] + "notation": {"nl": "code", "en": "code"},
    _P["skos"] + "inScheme": {"nl": "codelijst", "en": "code list"},
    _P["skos"] + "exactMatch": {"nl": "zelfde als", "en": "same as"},
    _P["skos"] + "broader": {"nl": "ruimer", "en": "broader"},
    _P["rdfs"] + "label": {"nl": "label", "en": "label"},
    _P["foaf"] + "homepage": {"nl": "website", "en": "website"},
    _P["org"] + "classification": {"nl": "classificatie", "en": "classification"},
    _P["besluit"] + "werkingsgebied": {"nl": "werkingsgebied", "en": "area"},
    _P["foaf"] + "name": {"nl": "naam", "en": "name"},
    _P["skos"] + "topConceptOf": {"nl": "topbegrip van", "en": "top concept of"},
    _P["skos"] + "hasTopConcept": {"nl": "topbegrip", "en": "top concept"},
    _P["rdfs"] + "isDefinedBy": {"nl": "gedefinieerd in", "en": "defined by"},
    _P["rdfs"] + "domain": {"nl": "domein", "en": "domain"},
    _P["rdfs"] + "range": {"nl": "bereik", "en": "range"},
    _P["rdfs"] + "subClassOf": {"nl": "subklasse van", "en": "subclass of"},
    _P["rdfs"] + "subPropertyOf": {"nl": "subeigenschap van", "en": "subproperty of"},
    _P["rdfs"] + "comment": {"nl": "toelichting", "en": "comment"},
    _P["dct"] + "issued": {"nl": "uitgegeven op", "en": "issued"},
    _P["dct"] + "language": {"nl": "taal", "en": "language"},
    _P["dct"] + "publisher": {"nl": "uitgever", "en": "publisher"},
    _P["dct"] + "creator": {"nl": "maker", "en": "creator"},
    _P["dct"] + "format": {"nl": "bestandsformaat", "en": "file format"},
    _P["dct"] + "conformsTo": {"nl": "volgt", "en": "conforms to"},
    _P["dct"] + "accrualPeriodicity": {"nl": "frequentie van bijwerken", "en": "update frequency"},
    _P["dcat"] + "contactPoint": {"nl": "contactpunt", "en": "contact point"},
    _P["dcat"] + "dataset": {"nl": "dataset", "en": "dataset"},
    _P["dcat"] + "service": {"nl": "dienst", "en": "service"},
    _P["dcat"] + "distribution": {"nl": "distributie", "en": "distribution"},
    _P["dcat"] + "downloadURL": {"nl": "downloadadres", "en": "download URL"},
    _P["dcat"] + "accessURL": {"nl": "toegangsadres", "en": "access URL"},
    _P["dcat"] + "mediaType": {"nl": "mediatype", "en": "media type"},
    _P["dcat"] + "byteSize": {"nl": "grootte (bytes)", "en": "size (bytes)"},
    _P["dcat"] + "endpointURL": {"nl": "endpoint", "en": "endpoint"},
    _P["dcat"] + "endpointDescription": {"nl": "beschrijving van de endpoint", "en": "endpoint description"},
    _P["dcat"] + "servesDataset": {"nl": "biedt dataset aan", "en": "serves dataset"},
    _P["dcat"] + "keyword": {"nl": "trefwoord", "en": "keyword"},
    _P["dcat"] + "theme": {"nl": "thema", "en": "theme"},
    _P["dcat"] + "landingPage": {"nl": "webpagina", "en": "landing page"},
    _P["vcard"] + "fn": {"nl": "naam", "en": "name"},
    _P["vcard"] + "hasEmail": {"nl": "e-mail", "en": "email"},
    _P["spdx"] + "checksum": {"nl": "controlegetal", "en": "checksum"},
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
