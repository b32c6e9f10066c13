"""The words on the pages, Dutch and English: interface texts and labels of borrowed properties.

The project's own `vu:` properties take their labels from the vocabulary in the store; the
labels here are for the standard terms (DCTERMS, PROV, SKOS, …) that carry no Dutch label.
"""

from __future__ import annotations

from lod.terms import PREFIXES
from lod.text import Text

# The interface words, Dutch and English side by side; picked like every Text: UI.pick(lang)["home"].
_WORDS: dict[str, tuple[str, str]] = {
    "skip": ("Naar de inhoud", "Skip to content"),
    "check": ("Bestand controleren", "Check a file"),
    "menu_check": ("Bestand controleren", "Check a file"),
    "search": ("Zoeken", "Search"),
    "menu_search": ("Zoeken", "Search"),
    "search_label": ("Zoek een maatregel", "Search for a measure"),
    "search_placeholder": ("Zoek maatregelen", "Search measures"),
    "search_landmark": ("Zoeken in de maatregelen", "Search the measures"),
    "download_csv": ("Downloaden als CSV", "Download as CSV"),
    "municipality_in": ("Gemeente in de provincie", "Municipality in the province of"),
    "official_entry": ("Officiële fiche van dit bestuur", "Official entry of this administration"),
    "partner": ("partner", "partner"),
    "home": ("Start", "Home"),
    "query": ("Zoeken met SPARQL", "Query with SPARQL"),
    "switch": ("English", "Nederlands"),
    "switch_lang": ("en", "nl"),
    "measures": ("Maatregelen", "Measures"),
    "no_measures": ("Geen maatregelen geregistreerd.", "No measures recorded."),
    "properties": ("Gegevens", "Data"),
    "formats": ("Deze gegevens in andere formaten", "This data in other formats"),
    "iri": ("Identificator", "Identifier"),
    "withdrawn": ("Deze maatregel is ingetrokken", "This measure has been withdrawn"),
    "reason": ("Reden", "Reason"),
    "counts": ("In cijfers", "In numbers"),
    "count_measures": ("maatregelen", "measures"),
    "count_municipalities": ("gemeenten met maatregelen", "municipalities with measures"),
    "count_organisations": ("organisaties", "organisations"),
    "count_triples": ("tripels", "triples"),
    "downloads": ("Downloads", "Downloads"),
    "catalogue": ("Catalogus en beschrijvingen", "Catalogue and descriptions"),
    "endpoint": ("SPARQL-endpoint", "SPARQL endpoint"),
    "intro": (
        "Wat Vlaamse steden en gemeenten doen tegen seksueel geweld in het uitgaansleven: welke "
        "maatregelen lopen, wat vergelijkbare gemeenten doen, met welke partners, en wie u daarover "
        "kunt contacteren.",
        "What Flemish cities and municipalities do against sexual violence in nightlife: which "
        "measures run, what comparable municipalities do, with which partners, and whom you can "
        "contact about them."),
    "data_intro": (
        "Alle gegevens zijn open (Linked Open Data): elke maatregel, gemeente, organisatie en code "
        "heeft een eigen webadres (URI) en een pagina. Hier vindt u de downloads, de beschrijvingen "
        "voor catalogi, de woordenschat en het SPARQL-endpoint.",
        "All the data is open (Linked Open Data): every measure, municipality, organisation and code "
        "has its own web address (URI) and a page. Here are the downloads, the descriptions for "
        "catalogues, the vocabulary and the SPARQL endpoint."),
    "menu": ("Hoofdmenu", "Main menu"),
    "crumbs": ("Kruimelpad", "Breadcrumbs"),
    "menu_home": ("Start", "Home"),
    "menu_exchange": ("Vergelijk gemeenten", "Compare municipalities"),
    "menu_organisations": ("Organisaties", "Organisations"),
    "menu_data": ("Data en ontwikkelaars", "Data and developers"),
    "menu_accessibility": ("Toegankelijkheid", "Accessibility"),
    "publisher": ("Uitgever", "Publisher"),
    "contact": ("Contact", "Contact"),
    "released": ("Versie van", "Release of"),
    "help_title": ("Hulp na seksueel geweld", "Help after sexual violence"),
    "help_intro": (
        "Bent u zelf slachtoffer, of iemand die u kent? U staat er niet alleen voor.",
        "Are you a victim yourself, or is someone you know? You do not have to face it alone."),
    "help_call": ("Bel", "Call"),
    "help_line": ("de hulplijn 1712", "the helpline 1712"),
    "help_centres": (
        "Zorgcentra na Seksueel Geweld",
        "Sexual Assault Care Centres (Zorgcentra na Seksueel Geweld)"),
    "source": ("bron", "source"),
    "data_title": ("Data en ontwikkelaars", "Data and developers"),
    "organisations_title": ("Organisaties", "Organisations"),
    "accessibility_title": ("Toegankelijkheidsverklaring", "Accessibility statement"),
    "further": ("Verder", "More"),
    "org_lead": ("trekker", "lead"),
    "org_administrations": ("Lokale besturen", "Local governments"),
    "org_kind": ("Soort organisatie", "Kind of organisation"),
    "org_reach": ("Hoe bereikt u", "How to reach"),
    "org_website": ("Website", "Website"),
    "org_no_website": (
        "De gegevens kennen nog geen website of contactadres van deze organisatie. Ze werd genoemd in:",
        "The data knows no website or contact address of this organisation yet. It was named in:"),
    "org_work": ("Wat deed deze organisatie?", "What did it do?"),
    "org_roles": ("In de rol van", "In the role of"),
    "org_kinds": ("Soorten maatregelen", "Kinds of measures"),
    "org_places": ("In de gemeenten", "In the municipalities"),
    "org_count": ("maatregelen", "measures"),
    "org_intro": (
        "De organisaties waarmee gemeenten samenwerken aan maatregelen tegen seksueel geweld in het "
        "uitgaansleven, per soort. Bij elke organisatie: wat ze deed, waar, en hoe u ze bereikt.",
        "The organisations municipalities work with on measures against sexual violence in nightlife, "
        "by kind. For each: what it did, where, and how to reach it."),
    "good_practice": ("goede praktijk", "good practice"),
    "story_where": ("Waar", "Where"),
    "story_recorded": ("geregistreerd in", "recorded in"),
    "story_when": ("Wanneer", "When"),
    "story_lead": ("Wie trekt het", "Who leads it"),
    "story_event": ("Evenement", "Event"),
    "story_audience": ("Voor wie", "For whom"),
    "story_settings": ("Waar in het uitgaansleven", "Where in nightlife"),
    "story_sgg": (
        "Specifiek over seksueel grensoverschrijdend gedrag",
        "Specifically about sexually transgressive behaviour"),
    "story_sgg_yes": ("ja", "yes"),
    "story_sgg_no": (
        "nee, breder (bv. veilig uitgaan in het algemeen)",
        "no, broader (e.g. safe nightlife in general)"),
    "story_money": ("Budget en financiering", "Budget and funding"),
    "story_partners": ("Met wie", "With whom"),
    "story_results": ("Resultaten", "Results"),
    "story_evaluation": ("Evaluatie", "Evaluation"),
    "story_report": ("Evaluatierapport", "Evaluation report"),
    "story_contact": ("Wie kan er meer over vertellen?", "Who can tell you more?"),
    "story_no_contact": (
        "De gegevens noemen nog geen contact voor deze maatregel.",
        "The data names no contact for this measure yet."),
    "glossary": ("Begrippen op deze pagina", "Terms on this page"),
    "data_block": ("Gegevens, herkomst en formaten", "Data, provenance and formats"),
    "no_downloads": ("Deze site heeft geen downloads.", "This site has no downloads."),
    "vocabulary_link": (
        "De woordenschat vu: (klassen, eigenschappen, codelijsten)",
        "The vocabulary vu: (classes, properties, code lists)"),
    "queries_title": ("De vragen achter de cijfers", "The queries behind the figures"),
    "queries_intro": (
        "Elk cijfer op deze site is het antwoord op een van deze SPARQL-query's; voer ze zelf uit op "
        "het endpoint of op een download.",
        "Every figure on this site is the answer to one of these SPARQL queries; run them yourself on "
        "the endpoint or on a download."),
    "further_exchange": (
        "Elke gemeente naast vergelijkbare gemeenten: wat ze al doen, met welke partners, en wie u "
        "kunt contacteren.",
        "Every municipality beside comparable ones: what they already do, with which partners, and "
        "whom to contact."),
    "further_organisations": (
        "De partners van de gemeenten per soort organisatie: wat ze deden, waar, en hoe u ze bereikt.",
        "The municipalities' partners by kind of organisation: what they did, where, and how to reach "
        "them."),
    "further_data": (
        "Alle gegevens als open data, voor wie ermee verder wil: downloads, woordenschat en codelijsten.",
        "All the data as open data, for whoever wants to build on it: downloads, vocabulary and code lists."),
    "query_intro": (
        "Stel een SPARQL-query op, of kies een voorbeeld, en klik op Uitvoeren. De standaardgraaf "
        "bevat alle gegevens.",
        "Write a SPARQL query, or pick an example, and press Run. The default graph holds all the data."),
    "examples": ("Voorbeeldquery", "Example query"),
    "query_label": ("SPARQL-query", "SPARQL query"),
    "run": ("Uitvoeren", "Run"),
    "results": ("Resultaat", "Result"),
    "example_all": ("Alle maatregelen met hun titel", "All measures with their title"),
    "licence": ("Licentie", "Licence"),
    "data_licence": ("Gegevens onder", "Data under"),
    "vocabulary": ("Woordenschat", "Vocabulary"),
    "not_found": ("Niet gevonden", "Not found"),
    "gone": ("Verdwenen", "Gone"),
    "error": ("Fout", "Error"),
    "static_query": (
        "De SPARQL-endpoint draait bij de server (`lod serve`), niet op deze statische site.",
        "The SPARQL endpoint runs with the server (`lod serve`), not on this static site."),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "void": ("VoID-beschrijving van de dataset", "VoID description of the dataset"),
    "all_measures": ("Alle maatregelen", "All measures"),
    "by_municipality": ("Per gemeente (na de fusies van 2025)", "By municipality (after the 2025 mergers)"),
    "codelists": ("Codelijsten", "Code lists"),
    "predecessors": (
        "Maatregelen van voorgangers (vóór een fusie) staan mee in deze lijst.",
        "Measures of predecessors (before a merger) are included in this list."),
    "partners": ("partners (met hun rol)", "partners (with their role)"),
    "role": ("rol", "role"),
    "provenance": ("Herkomst", "Provenance"),
    "versions": ("Versies", "Versions"),
    "versions_intro": (
        "Elke release is een versie: wat er veranderde, de vroegere versies zoals ze waren, de "
        "wijzigingenstroom (LDES) en de impact van de kennisdeling door de tijd.",
        "Every release is a version: what changed, the earlier versions as they were, the change "
        "feed (LDES) and the impact of knowledge sharing over time."),
    "versions_page": ("Versies en wat er veranderde", "Versions and what changed"),
    "impact_page": ("Impact van de kennisdeling", "Impact of knowledge sharing"),
    "feed": ("Wijzigingenstroom (LDES)", "Change feed (LDES)"),
}
UI: Text[dict[str, str]] = Text(nl={k: v[0] for k, v in _WORDS.items()},
                                en={k: v[1] for k, v in _WORDS.items()})

_P = PREFIXES
PROPERTY_LABELS: dict[str, Text[str]] = {
    _P["rdf"] + "type": Text("soort resource", "resource type"),
    _P["dct"] + "identifier": Text("identificator", "identifier"),
    _P["dct"] + "type": Text("soort", "kind"),  # of a measure, of an organisation, …
    _P["dct"] + "spatial": Text("gebied (zoals geregistreerd)", "area (as recorded)"),
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
    _P["skos"] + "scopeNote": Text("toelichting", "scope note"),
    _P["skos"] + "editorialNote": Text("redactionele noot", "editorial note"),
    _P["skos"] + "example": Text("voorbeeld", "example"),
    _P["skos"] + "historyNote": Text("geschiedenis", "history note"),
    _P["skos"] + "changeNote": Text("wijziging", "change note"),
    _P["skos"] + "notation": Text("code", "code"),
    _P["skos"] + "inScheme": Text("codelijst", "code list"),
    _P["skos"] + "exactMatch": Text("zelfde als", "same as"),
    _P["skos"] + "broader": Text("ruimer", "broader"),
    _P["rdfs"] + "label": Text("label", "label"),
    _P["foaf"] + "homepage": Text("website", "website"),
    _P["org"] + "classification": Text("classificatie", "classification"),
    _P["org"] + "originalOrganization": Text("vóór de fusie", "before the merger"),  # of an organisatie:Fusie
    _P["org"] + "resultingOrganization": Text("na de fusie", "after the merger"),
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
