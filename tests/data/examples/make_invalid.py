# ruff: noqa: E501  (a table of one-line updates reads better unwrapped)
"""Write invalid/<shape>__<component>.ttl: each breaks exactly one constraint of shapes/.

Each example is a valid example (valid/*.ttl) with one small SPARQL Update applied, so the
difference is easy to read; the update is written into the file's header. Run it after changing
the valid examples or the shapes, and commit the output:

    .venv/bin/python tests/data/examples/make_invalid.py

tests/model/test_examples.py checks that every file fails with exactly its constraint, and that
every constraint of shapes/ has a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import rdflib

HERE = Path(__file__).parent
PREFIXES = {
    "vu": "https://w3id.org/veilig-uitgaan/ns#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "adms": "http://www.w3.org/ns/adms#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "besluit": "http://data.vlaanderen.be/ns/besluit#",
    "c": "https://w3id.org/veilig-uitgaan/id/concept/",
    "m": "https://w3id.org/veilig-uitgaan/id/maatregel/",
    "g": "https://w3id.org/veilig-uitgaan/id/maatregel/44021-2022-001#",
    "k": "https://w3id.org/veilig-uitgaan/id/maatregel/46013-2022-001#",
    "o": "https://w3id.org/veilig-uitgaan/id/organisatie/",
    "be": "https://w3id.org/veilig-uitgaan/id/bestuurseenheid/",
    "gem": "https://data.vlaanderen.be/id/gemeente/",
    "ds": "https://w3id.org/veilig-uitgaan/id/dataset/",
    "vb": "https://w3id.org/veilig-uitgaan/id/concept/voorbeeld/",
    "vs": "https://w3id.org/veilig-uitgaan/id/conceptscheme/",
}
GENT = "gentse-feesten.ttl"
KRUIBEKE = "kruibeke-gemerged.ttl"
MODEL = "model-fragment.ttl"
CATALOGUE = "catalogus.ttl"
M = "m:44021-2022-001"
GEM = "gem:44021"
ANTWERPEN = ("gem:11002 a vu:Gemeente ; skos:prefLabel 'Antwerpen'@nl ; vu:nisCode '11002' ; "
             "vu:provincie <https://data.vlaanderen.be/id/provincie/10000> ; vu:geldigVanaf '1970-01-01'^^xsd:date . ")


def ins(triples: str) -> str:
    return f"INSERT DATA {{ {triples} }}"


def dele(triples: str) -> str:
    return f"DELETE DATA {{ {triples} }}"


def swap(old: str, new: str) -> str:
    return f"{dele(old)} ; {ins(new)}"


# name -> (valid example it starts from, SPARQL Update that breaks exactly that constraint)
CASES: dict[str, tuple[str, str]] = {
    # --- a measure
    "maatregel-identificator__minCount": (GENT, dele(f"{M} dct:identifier '44021-2022-001'")),
    "maatregel-identificator__maxCount": (GENT, ins(f"{M} dct:identifier '44021-2022-002'")),
    "maatregel-identificator__datatype": (GENT, swap(f"{M} dct:identifier '44021-2022-001'",
                                                     f"{M} dct:identifier '44021-2022-001'@nl")),
    "maatregel-identificator__pattern": (GENT, swap(f"{M} dct:identifier '44021-2022-001'",
                                                    f"{M} dct:identifier '44021 2022 001'")),
    "maatregel-titel__languageIn": (GENT, ins(f"{M} dct:title 'Fêtes de Gand'@fr")),
    "maatregel-titel__uniqueLang": (GENT, ins(f"{M} dct:title 'Tweede titel'@nl")),
    "maatregel-titel-nl__sparql": (GENT, "DELETE { ?m dct:title ?t } WHERE { BIND(" + M +
                                   " AS ?m) ?m dct:title ?t FILTER(LANG(?t) = 'nl') }"),
    "maatregel-titel-en__sparql": (GENT, "DELETE { ?m dct:title ?t } WHERE { BIND(" + M +
                                   " AS ?m) ?m dct:title ?t FILTER(LANG(?t) = 'en') }"),
    "maatregel-beschrijving__languageIn": (GENT, ins(f"{M} dct:description 'Une description.'@fr")),
    "maatregel-beschrijving__uniqueLang": (GENT, ins(f"{M} dct:description 'Nog een beschrijving.'@nl")),
    "maatregel-beschrijving-nl__sparql": (GENT, "DELETE { ?m dct:description ?d } WHERE { BIND(" + M +
                                          " AS ?m) ?m dct:description ?d } ; " +
                                          ins(f"{M} dct:description 'Awareness and training.'@en")),
    "maatregel-type__minCount": (GENT, f"DELETE WHERE {{ {M} dct:type ?t }}"),
    "maatregel-type__in": (GENT, ins(f"{M} dct:type c:omgeving\\/club")),
    "maatregel-specifiek-sgg__minCount": (GENT, dele(f"{M} vu:specifiekSGG true")),
    "maatregel-specifiek-sgg__maxCount": (GENT, ins(f"{M} vu:specifiekSGG false")),
    "maatregel-specifiek-sgg__datatype": (GENT, swap(f"{M} vu:specifiekSGG true", f"{M} vu:specifiekSGG 'ja'")),
    "maatregel-goede-praktijk__maxCount": (GENT, ins(f"{M} vu:goedePraktijk false")),
    "maatregel-goede-praktijk__datatype": (GENT, swap(f"{M} vu:goedePraktijk true", f"{M} vu:goedePraktijk 'ja'")),
    "maatregel-gemeente__minCount": (GENT, dele(f"{M} dct:spatial {GEM}")),
    "maatregel-gemeente__class": (GENT, ins(f"{M} dct:spatial gem:99999")),
    "maatregel-huidige-gemeente__class": (GENT, ins(f"{M} vu:huidigeGemeente gem:99999")),
    "maatregel-omgeving__minCount": (GENT, f"DELETE WHERE {{ {M} vu:omgeving ?o }}"),
    "maatregel-omgeving__in": (GENT, ins(f"{M} vu:omgeving c:maatregeltype\\/vorming")),
    "maatregel-doelgroep__minCount": (GENT, f"DELETE WHERE {{ {M} dct:audience ?o }}"),
    "maatregel-doelgroep__in": (GENT, ins(f"{M} dct:audience c:doelgroep\\/iedereen")),
    "maatregel-evenement__maxCount": (GENT, ins(f"{M} vu:evenement 'Gentse Jazz'")),
    "maatregel-evenement__datatype": (GENT, swap(f"{M} vu:evenement 'Gentse Feesten'",
                                                 f"{M} vu:evenement 'Gentse Feesten'@nl")),
    "maatregel-status__minCount": (GENT, dele(f"{M} adms:status c:status\\/lopend")),
    "maatregel-status__maxCount": (GENT, ins(f"{M} adms:status c:status\\/gepland")),
    "maatregel-status__in": (GENT, swap(f"{M} adms:status c:status\\/lopend", f"{M} adms:status c:herhaling\\/jaarlijks")),
    "maatregel-periode__maxCount": (GENT, ins(f"{M} dct:temporal g:periode2 . g:periode2 a dct:PeriodOfTime")),
    "maatregel-periode__class": (GENT, dele("g:periode a dct:PeriodOfTime")),
    "maatregel-startdatum__minCount": (GENT, dele("g:periode dcat:startDate '2022-07-15'^^xsd:date")),
    "maatregel-startdatum__maxCount": (GENT, ins("g:periode dcat:startDate '2022-07-16'^^xsd:date")),
    "maatregel-einddatum__maxCount": (GENT, ins("g:periode dcat:endDate '2022-07-24'^^xsd:date , "
                                                "'2022-07-25'^^xsd:date")),
    "maatregel-herhaling__maxCount": (GENT, ins(f"{M} vu:herhaling c:herhaling\\/eenmalig")),
    "maatregel-herhaling__in": (GENT, swap(f"{M} vu:herhaling c:herhaling\\/jaarlijks", f"{M} vu:herhaling c:status\\/lopend")),
    "maatregel-budgetklasse__maxCount": (GENT, ins(f"{M} vu:budgetklasse c:budgetklasse\\/0-5000")),
    "maatregel-budgetklasse__in": (GENT, swap(f"{M} vu:budgetklasse c:budgetklasse\\/50000-250000",
                                              f"{M} vu:budgetklasse c:budgetklasse\\/100000")),
    "maatregel-financiering__in": (GENT, ins(f"{M} vu:financiering c:partnertype\\/overheid")),
    "maatregel-trekker__minCount": (GENT, dele(f"{M} vu:trekker be:44021")),
    "maatregel-trekker__maxCount": (GENT, ins(f"{M} vu:trekker o:sensoa")),
    "maatregel-betrokkenen__nodeKind": (GENT, ins(f"{M} prov:wasAssociatedWith 'Stad Gent'")),
    "maatregel-rol__class": (GENT, dele("g:rol-sensoa a prov:Association")),
    "maatregel-output__class": (GENT, dele("g:output-1 a vu:Output")),
    "maatregel-output-aanbevolen__minCount": (GENT, dele(f"{M} vu:output g:output-1")),
    "maatregel-evaluatie__maxCount": (GENT, ins(f"{M} vu:evaluatie 'Ook geëvalueerd in 2023.'@nl")),
    "maatregel-evaluatie__datatype": (GENT, "DELETE { ?m vu:evaluatie ?e } INSERT { ?m vu:evaluatie ?s } WHERE { "
                                      f"BIND({M} AS ?m) ?m vu:evaluatie ?e BIND(STR(?e) AS ?s) }}"),
    "maatregel-evaluatie-aanbevolen__sparql": (GENT, f"DELETE WHERE {{ {M} vu:evaluatie ?e }}"),
    "maatregel-evaluatierapport__nodeKind": (GENT, ins(f"{M} vu:evaluatierapport 'rapport.pdf'")),
    "maatregel-bron__minCount": (GENT, f"DELETE WHERE {{ {M} dct:source ?s }}"),
    "maatregel-bron__nodeKind": (GENT, ins(f"{M} dct:source 'https://stad.gent/'")),
    "maatregel-bron__pattern": (GENT, ins(f"{M} dct:source <urn:isbn:9789012345678>")),
    "maatregel-contact__maxCount": (GENT, ins(f"{M} schema:contactPoint g:contact2 . g:contact2 a schema:ContactPoint ; "
                                              "schema:contactType 'onthaal'@nl")),
    "maatregel-contact__class": (GENT, dele("g:contact a schema:ContactPoint")),
    "maatregel-contact-aanbevolen__minCount": (GENT, dele(f"{M} schema:contactPoint g:contact")),
    "maatregel-licentie__minCount": (GENT, f"DELETE WHERE {{ {M} dct:license ?l }}"),
    "maatregel-licentie__maxCount": (GENT, ins(f"{M} dct:license <http://creativecommons.org/publicdomain/zero/1.0/>")),
    "maatregel-licentie__nodeKind": (GENT, "DELETE WHERE { " + M + " dct:license ?l } ; " +
                                     ins(f"{M} dct:license 'CC BY 4.0'")),
    "maatregel-gemeld-door__minCount": (GENT, dele(f"{M} prov:wasAttributedTo o:vvsg")),
    "maatregel-gemeld-door__nodeKind": (GENT, ins(f"{M} prov:wasAttributedTo 'VVSG'")),
    "maatregel-gewijzigd__minCount": (GENT, dele(f"{M} dct:modified '2024-05-01'^^xsd:date")),
    "maatregel-gewijzigd__maxCount": (GENT, ins(f"{M} dct:modified '2024-06-01'^^xsd:date")),
    "maatregel-gewijzigd__datatype": (GENT, swap(f"{M} dct:modified '2024-05-01'^^xsd:date",
                                                 f"{M} dct:modified '1 mei 2024'")),
    "maatregel-afgeleid-van__minCount": (GENT, f"DELETE WHERE {{ {M} prov:wasDerivedFrom ?r }}"),
    "maatregel-afgeleid-van__nodeKind": (GENT, ins(f"{M} prov:wasDerivedFrom 'maatregelen.csv rij 2'")),
    "periode-datumtype__sparql": (GENT, swap("g:periode dcat:startDate '2022-07-15'^^xsd:date",
                                             "g:periode dcat:startDate '15 juli 2022'")),
    "einddatum-na-startdatum__sparql": (GENT, ins("g:periode dcat:endDate '2022-07-01'^^xsd:date")),
    "afgerond-vereist-einddatum__sparql": (GENT, swap(f"{M} adms:status c:status\\/lopend",
                                                      f"{M} adms:status c:status\\/afgerond")),
    "gemeente-geldig-op-startdatum__sparql": (GENT, swap("g:periode dcat:startDate '2022-07-15'^^xsd:date",
                                                         "g:periode dcat:startDate '1965'^^xsd:gYear")),
    "huidige-gemeente-afgeleid__sparql": (GENT, dele(f"{M} vu:huidigeGemeente {GEM}")),
    "huidige-gemeente-bestaat__sparql": (GENT, ins(f"{GEM} vu:geldigTot '2030-12-31'^^xsd:date")),
    "trekker-betrokken__sparql": (GENT, dele(f"{M} prov:wasAssociatedWith be:44021")),
    "trekker-beschreven__sparql": (GENT, swap(f"{M} vu:trekker be:44021 . {M} prov:wasAssociatedWith be:44021",
                                              f"{M} vu:trekker be:99999 . {M} prov:wasAssociatedWith be:99999")),
    # --- parts of a measure
    "associatie-agent__minCount": (GENT, dele("g:rol-sensoa prov:agent o:sensoa")),
    "associatie-agent__maxCount": (GENT, ins("g:rol-sensoa prov:agent o:vvsg")),
    "associatie-agent__nodeKind": (GENT, swap("g:rol-sensoa prov:agent o:sensoa", "g:rol-sensoa prov:agent 'Sensoa'")),
    "associatie-rol__minCount": (GENT, dele("g:rol-sensoa prov:hadRole c:partnerrol\\/expertise")),
    "associatie-rol__maxCount": (GENT, ins("g:rol-sensoa prov:hadRole c:partnerrol\\/partner")),
    "associatie-rol__in": (GENT, swap("g:rol-sensoa prov:hadRole c:partnerrol\\/expertise",
                                      "g:rol-sensoa prov:hadRole c:partnertype\\/expertisecentrum")),
    "output-indicator__minCount": (GENT, dele("g:output-1 vu:indicator 'meldingen ontvangen'@nl")),
    "output-indicator__datatype": (GENT, swap("g:output-1 vu:indicator 'meldingen ontvangen'@nl",
                                              "g:output-1 vu:indicator 'meldingen ontvangen'")),
    "output-indicator__uniqueLang": (GENT, ins("g:output-1 vu:indicator 'meldingen'@nl")),
    "output-waarde__minCount": (GENT, dele("g:output-1 rdf:value 45")),
    "output-waarde__maxCount": (GENT, ins("g:output-1 rdf:value 46")),
    "output-waarde-getal__sparql": (GENT, swap("g:output-1 rdf:value 45", "g:output-1 rdf:value 'veel'")),
    "output-referentieperiode__maxCount": (GENT, ins("g:output-1 vu:referentieperiode '2023'")),
    "output-referentieperiode__datatype": (GENT, swap("g:output-1 vu:referentieperiode '2022'",
                                                      "g:output-1 vu:referentieperiode 2022")),
    "contact-functie__datatype": (GENT, "DELETE WHERE { g:contact schema:contactType ?t } ; " +
                                  ins("g:contact schema:contactType 'preventiecoördinator'")),
    "contact-email__maxCount": (GENT, ins("g:contact schema:email 'info@example.org'")),
    "contact-email__datatype": (GENT, swap("g:contact schema:email 'preventie@example.org'",
                                           "g:contact schema:email 'preventie@example.org'@nl")),
    "contact-email__pattern": (GENT, swap("g:contact schema:email 'preventie@example.org'",
                                          "g:contact schema:email 'preventie at example.org'")),
    # --- withdrawn measures
    "ingetrokken-identificator__minCount": (KRUIBEKE, dele("m:46013-2021-009 dct:identifier '46013-2021-009'")),
    "ingetrokken-identificator__maxCount": (KRUIBEKE, ins("m:46013-2021-009 dct:identifier '46013-2021-010'")),
    "ingetrokken-identificator__datatype": (KRUIBEKE, swap("m:46013-2021-009 dct:identifier '46013-2021-009'",
                                                           "m:46013-2021-009 dct:identifier 46013")),
    "ingetrokken-titel__minCount": (KRUIBEKE, "DELETE WHERE { m:46013-2021-009 dct:title ?t }"),
    "ingetrokken-titel__datatype": (KRUIBEKE, ins("m:46013-2021-009 dct:title 'Zonder taal'")),
    "ingetrokken-reden__minCount": (KRUIBEKE, "DELETE WHERE { m:46013-2021-009 vu:intrekkingsreden ?r }"),
    "ingetrokken-reden__datatype": (KRUIBEKE, ins("m:46013-2021-009 vu:intrekkingsreden 'dubbel'")),
    "ingetrokken-gewijzigd__minCount": (KRUIBEKE, "DELETE WHERE { m:46013-2021-009 dct:modified ?d }"),
    "ingetrokken-gewijzigd__maxCount": (KRUIBEKE, ins("m:46013-2021-009 dct:modified '2023-03-01'^^xsd:date")),
    "ingetrokken-gewijzigd__datatype": (KRUIBEKE, "DELETE WHERE { m:46013-2021-009 dct:modified ?d } ; " +
                                        ins("m:46013-2021-009 dct:modified '2023-02'^^xsd:gYearMonth")),
    # --- municipalities
    "gemeente-nis__minCount": (GENT, dele(f"{GEM} vu:nisCode '44021'")),
    "gemeente-nis__datatype": (GENT, swap(f"{GEM} vu:nisCode '44021'", f"{GEM} vu:nisCode '44021'@nl")),
    "gemeente-nis__pattern": (GENT, ins(ANTWERPEN.replace("11002", "1100") + " gem:1100 vu:geldigTot '1976-12-31'^^xsd:date")),
    "gemeente-naam__minCount": (GENT, dele(f"{GEM} skos:prefLabel 'Gent'@nl")),
    "gemeente-naam__datatype": (GENT, swap(f"{GEM} skos:prefLabel 'Gent'@nl", f"{GEM} skos:prefLabel 'Gent'")),
    "gemeente-naam__uniqueLang": (GENT, ins(f"{GEM} skos:prefLabel 'Stad Gent'@nl")),
    "gemeente-geldig-vanaf__minCount": (GENT, dele(f"{GEM} vu:geldigVanaf '1970-01-01'^^xsd:date")),
    "gemeente-geldig-vanaf__maxCount": (GENT, ins(f"{GEM} vu:geldigVanaf '1977-01-01'^^xsd:date")),
    "gemeente-geldig-vanaf__datatype": (GENT, swap(f"{GEM} vu:geldigVanaf '1970-01-01'^^xsd:date",
                                                   f"{GEM} vu:geldigVanaf '1970-01-01'")),
    "gemeente-geldig-tot__maxCount": (KRUIBEKE, ins("gem:46013 vu:geldigTot '2025-06-30'^^xsd:date")),
    "gemeente-geldig-tot__datatype": (KRUIBEKE, swap("gem:46013 vu:geldigTot '2024-12-31'^^xsd:date",
                                                     "gem:46013 vu:geldigTot '2024-12-31'")),
    "gemeente-provincie__minCount": (GENT, f"DELETE WHERE {{ {GEM} vu:provincie ?p }}"),
    "gemeente-provincie__maxCount": (GENT, ins(f"{GEM} vu:provincie <https://data.vlaanderen.be/id/provincie/10000>")),
    "gemeente-provincie__nodeKind": (GENT, "DELETE WHERE { " + GEM + " vu:provincie ?p } ; " +
                                     ins(f"{GEM} vu:provincie 'Oost-Vlaanderen'")),
    "gemeente-opvolger__class": (GENT, ins(f"{GEM} dct:isReplacedBy gem:99999")),
    "gemeente-iri-nis__sparql": (GENT, ins(ANTWERPEN.replace("gem:11002", "gem:11003"))),
    "gemeente-geldigheid__sparql": (GENT, ins(ANTWERPEN + " gem:11002 vu:geldigTot '1960-12-31'^^xsd:date")),
    # --- organisations and administrative units
    "organisatie-naam__minCount": (GENT, dele("o:vvsg skos:prefLabel 'VVSG'@nl")),
    "organisatie-naam__datatype": (GENT, swap("o:vvsg skos:prefLabel 'VVSG'@nl", "o:vvsg skos:prefLabel 'VVSG'")),
    "organisatie-naam__uniqueLang": (GENT, ins("o:vvsg skos:prefLabel 'Vereniging van Vlaamse Steden en Gemeenten'@nl")),
    "organisatie-type__maxCount": (GENT, ins("o:vvsg dct:type c:partnertype\\/overheid")),
    "organisatie-type__in": (GENT, swap("o:vvsg dct:type c:partnertype\\/koepel-lokaal", "o:vvsg dct:type c:partnertype\\/koepel")),
    "organisatie-homepage__maxCount": (GENT, ins("o:sensoa foaf:homepage <https://www.seksuelevorming.be/>")),
    "organisatie-homepage__nodeKind": (GENT, ins("o:vvsg foaf:homepage 'https://www.vvsg.be/'")),
    "organisatie-homepage__pattern": (GENT, ins("o:vvsg foaf:homepage <ftp://ftp.vvsg.be/>")),
    "organisatie-identificator__class": (GENT, ins("o:vvsg adms:identifier <https://w3id.org/veilig-uitgaan/id/organisatie/vvsg#kbo>")),
    "kbo-notatie__minCount": (GENT, "DELETE { ?i skos:notation ?n } WHERE { ?i a adms:Identifier ; skos:notation ?n }"),
    "kbo-notatie__maxCount": (GENT, "INSERT { ?i skos:notation '0234567873' } WHERE { ?i a adms:Identifier }"),
    "kbo-notatie__datatype": (GENT, "DELETE { ?i skos:notation ?n } INSERT { ?i skos:notation '0432109858'@nl } "
                              "WHERE { ?i a adms:Identifier ; skos:notation ?n }"),
    "kbo-notatie__pattern": (GENT, "DELETE { ?i skos:notation ?n } INSERT { ?i skos:notation '0432.109.858' } "
                             "WHERE { ?i a adms:Identifier ; skos:notation ?n }"),
    "kbo-controlegetal__sparql": (GENT, "DELETE { ?i skos:notation ?n } INSERT { ?i skos:notation '0432109859' } "
                                  "WHERE { ?i a adms:Identifier ; skos:notation ?n }"),
    "bestuurseenheid-naam__minCount": (GENT, "DELETE WHERE { be:44021 skos:prefLabel ?l }"),
    "bestuurseenheid-naam__maxCount": (GENT, ins("be:44021 skos:prefLabel 'Stad Gent'@nl")),
    "bestuurseenheid-classificatie__minCount": (GENT, "DELETE WHERE { be:44021 org:classification ?c }"),
    "bestuurseenheid-classificatie__maxCount": (GENT, ins("be:44021 org:classification <http://data.vlaanderen.be/id/"
                                                          "concept/BestuurseenheidClassificatieCode/5ab0e9b8a3b2ca7c5e000002>")),
    "bestuurseenheid-classificatie__nodeKind": (GENT, "DELETE WHERE { be:44021 org:classification ?c } ; " +
                                                ins("be:44021 org:classification 'Gemeente'")),
    "bestuurseenheid-werkingsgebied__minCount": (GENT, "DELETE WHERE { be:44021 besluit:werkingsgebied ?w }"),
    "bestuurseenheid-werkingsgebied__maxCount": (GENT, ins("be:44021 besluit:werkingsgebied <http://data.lblod.info/id/"
                                                           "werkingsgebieden/gent> . <http://data.lblod.info/id/"
                                                           "werkingsgebieden/gent> a prov:Location")),
    "bestuurseenheid-werkingsgebied__class": (GENT, "DELETE WHERE { be:44021 besluit:werkingsgebied ?w } ; " +
                                              ins("be:44021 besluit:werkingsgebied <http://data.lblod.info/id/"
                                                  "werkingsgebieden/gent>")),
    # --- the model
    "term-label__sparql": (MODEL, dele("vu:Voorbeeld rdfs:label 'Example'@en")),
    "term-definitie__sparql": (MODEL, dele("vu:Voorbeeld skos:definition 'A class to test the model\\'s shapes.'@en")),
    "term-gedefinieerd-door__sparql": (MODEL, dele("vu:Voorbeeld rdfs:isDefinedBy <https://w3id.org/veilig-uitgaan/ns>")),
    "term-superterm__sparql": (MODEL, dele("vu:Voorbeeld rdfs:subClassOf prov:Entity")),
    "concept-label__sparql": (MODEL, dele("vb:een skos:prefLabel 'One'@en")),
    "concept-definitie__sparql": (MODEL, dele("vb:een skos:definition 'De eerste code.'@nl")),
    "concept-notatie__sparql": (MODEL, swap("vb:een skos:notation 'een'", "vb:een skos:notation 'EEN'")),
    "concept-in-schema__sparql": (MODEL, dele("vb:een skos:topConceptOf vs:voorbeeld")),
    "schema-topconcept__sparql": (MODEL, ins("vs:leeg a skos:ConceptScheme ; skos:prefLabel 'Leeg'@nl , 'Empty'@en")),
    # --- the catalogue
    "catalogus-titel__minCount": (CATALOGUE, "DELETE { ?c dct:title ?t } WHERE { ?c a dcat:Catalog ; dct:title ?t }"),
    "catalogus-titel__datatype": (CATALOGUE, "INSERT { ?c dct:title 'Catalogus' } WHERE { ?c a dcat:Catalog }"),
    "catalogus-titel__uniqueLang": (CATALOGUE, "INSERT { ?c dct:title 'Tweede titel'@nl } WHERE { ?c a dcat:Catalog }"),
    "catalogus-uitgever__minCount": (CATALOGUE, "DELETE { ?c dct:publisher ?p } WHERE { ?c a dcat:Catalog ; dct:publisher ?p }"),
    "catalogus-uitgever__maxCount": (CATALOGUE, "INSERT { ?c dct:publisher o:vvsg } WHERE { ?c a dcat:Catalog }"),
    "catalogus-uitgever__nodeKind": (CATALOGUE, "DELETE { ?c dct:publisher ?p } INSERT { ?c dct:publisher 'Veilig Uitgaan' } "
                                     "WHERE { ?c a dcat:Catalog ; dct:publisher ?p }"),
    "catalogus-dataset__minCount": (CATALOGUE, "DELETE { ?c dcat:dataset ?d } WHERE { ?c a dcat:Catalog ; dcat:dataset ?d }"),
    "catalogus-dataset__class": (CATALOGUE, "INSERT { ?c dcat:dataset ds:andere } WHERE { ?c a dcat:Catalog }"),
    "dataset-titel__minCount": (CATALOGUE, "DELETE { ?d dct:title ?t } WHERE { ?d a dcat:Dataset ; dct:title ?t }"),
    "dataset-titel__datatype": (CATALOGUE, "INSERT { ?d dct:title 'Maatregelen' } WHERE { ?d a dcat:Dataset }"),
    "dataset-titel__uniqueLang": (CATALOGUE, "INSERT { ?d dct:title 'Maatregelen'@nl } WHERE { ?d a dcat:Dataset }"),
    "dataset-beschrijving__minCount": (CATALOGUE, "DELETE { ?d dct:description ?t } WHERE { ?d a dcat:Dataset ; dct:description ?t }"),
    "dataset-beschrijving__datatype": (CATALOGUE, "INSERT { ?d dct:description 'Maatregelen' } WHERE { ?d a dcat:Dataset }"),
    "dataset-beschrijving__uniqueLang": (CATALOGUE, "INSERT { ?d dct:description 'Nog een.'@nl } WHERE { ?d a dcat:Dataset }"),
    "dataset-uitgever__minCount": (CATALOGUE, "DELETE { ?d dct:publisher ?p } WHERE { ?d a dcat:Dataset ; dct:publisher ?p }"),
    "dataset-uitgever__maxCount": (CATALOGUE, "INSERT { ?d dct:publisher o:vvsg } WHERE { ?d a dcat:Dataset }"),
    "dataset-uitgever__nodeKind": (CATALOGUE, "DELETE { ?d dct:publisher ?p } INSERT { ?d dct:publisher 'VVSG' } "
                                   "WHERE { ?d a dcat:Dataset ; dct:publisher ?p }"),
    "dataset-distributie__minCount": (CATALOGUE, "DELETE { ?d dcat:distribution ?x } WHERE { ?d a dcat:Dataset ; dcat:distribution ?x }"),
    "dataset-distributie__class": (CATALOGUE, "INSERT { ?d dcat:distribution ds:x } WHERE { ?d a dcat:Dataset }"),
    "dataset-contact__minCount": (CATALOGUE, "DELETE { ?d dcat:contactPoint ?x } WHERE { ?d a dcat:Dataset ; dcat:contactPoint ?x }"),
    "distributie-toegang__minCount": (CATALOGUE, "DELETE { ?d dcat:accessURL ?x } WHERE { ?d a dcat:Distribution ; dcat:accessURL ?x }"),
    "distributie-toegang__nodeKind": (CATALOGUE, "INSERT { ?d dcat:accessURL 'dumps/veilig-uitgaan.ttl' } "
                                      "WHERE { ?d a dcat:Distribution }"),
    "distributie-download__nodeKind": (CATALOGUE, "INSERT { ?d dcat:downloadURL 'dumps/veilig-uitgaan.ttl' } "
                                       "WHERE { ?d a dcat:Distribution }"),
    "distributie-licentie__minCount": (CATALOGUE, "DELETE { ?d dct:license ?x } WHERE { ?d a dcat:Distribution ; dct:license ?x }"),
    "distributie-licentie__maxCount": (CATALOGUE, "INSERT { ?d dct:license <http://creativecommons.org/publicdomain/"
                                       "zero/1.0/> } WHERE { ?d a dcat:Distribution }"),
    "distributie-licentie__nodeKind": (CATALOGUE, "DELETE { ?d dct:license ?x } INSERT { ?d dct:license 'CC BY 4.0' } "
                                       "WHERE { ?d a dcat:Distribution ; dct:license ?x }"),
    "distributie-mediatype__maxCount": (CATALOGUE, "INSERT { ?d dcat:mediaType <https://www.iana.org/assignments/"
                                        "media-types/application/n-triples> } WHERE { ?d a dcat:Distribution }"),
    "distributie-mediatype__nodeKind": (CATALOGUE, "DELETE { ?d dcat:mediaType ?x } INSERT { ?d dcat:mediaType "
                                        "'https://www.iana.org/assignments/media-types/text/turtle' } "
                                        "WHERE { ?d a dcat:Distribution ; dcat:mediaType ?x }"),
    "distributie-mediatype__pattern": (CATALOGUE, "DELETE { ?d dcat:mediaType ?x } INSERT { ?d dcat:mediaType "
                                       "<http://example.org/turtle> } WHERE { ?d a dcat:Distribution ; dcat:mediaType ?x }"),
    "dataservice-titel__minCount": (CATALOGUE, "DELETE { ?s dct:title ?t } WHERE { ?s a dcat:DataService ; dct:title ?t }"),
    "dataservice-titel__datatype": (CATALOGUE, "INSERT { ?s dct:title 'SPARQL' } WHERE { ?s a dcat:DataService }"),
    "dataservice-endpoint__minCount": (CATALOGUE, "DELETE { ?s dcat:endpointURL ?e } WHERE { ?s a dcat:DataService ; dcat:endpointURL ?e }"),
    "dataservice-endpoint__nodeKind": (CATALOGUE, "INSERT { ?s dcat:endpointURL '/sparql' } WHERE { ?s a dcat:DataService }"),
}


def prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def make(name: str, base: str, update: str) -> str:
    store = ox.Store()
    store.load(path=HERE / "valid" / base, format=ox.RdfFormat.TURTLE)
    store.update(prologue() + update)
    # rdflib writes sorted Turtle, so a file diffs cleanly when the valid example changes.
    graph = rdflib.Graph().parse(data=ox.serialize(store, format=ox.RdfFormat.N_TRIPLES), format="nt")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    body = graph.serialize(format="turtle")
    shape, component = name.split("__")
    header = (f"# Invalid: breaks only vush:{shape} (sh:{component}).\n"
              f"# Made by make_invalid.py from valid/{base} with:\n"
              + "".join(f"#   {line}\n" for line in re.split(r" ; (?=INSERT|DELETE)", update)))
    return header + body


def main() -> None:
    out = HERE / "invalid"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.ttl"):
        old.unlink()
    for name, (base, update) in CASES.items():
        (out / f"{name}.ttl").write_text(make(name, base, update), encoding="utf-8")
    print(f"{len(CASES)} invalid examples in {out}")


if __name__ == "__main__":
    main()
