"""Every namespace and every IRI the project mints. Nothing else builds IRIs.

Official namespaces differ in http/https (besluit: http; organisatie: https): compare exactly.
"""

from __future__ import annotations

import re
import unicodedata

from pyoxigraph import NamedNode

from lod.config import Config


class Namespace:
    """`DCT.title` or `DCT["title"]` gives the NamedNode of a term."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        # Kept as an attribute, so the next `DCT.title` is a plain lookup: the feed asks for the same
        # few terms once per quad (0.6 s of a 250k build went to making them again).
        term = NamedNode(self.iri + name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)

    def __str__(self) -> str:
        return self.iri


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
REGORG = Namespace("http://www.w3.org/ns/regorg#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
M8G = Namespace("http://data.europa.eu/m8g/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")  # http, as LBLOD
MANDAAT = Namespace("http://data.vlaanderen.be/ns/mandaat#")  # http
ORGANISATIE = Namespace("https://data.vlaanderen.be/ns/organisatie#")  # https
GENERIEK = Namespace("https://data.vlaanderen.be/ns/generiek#")
MDCAT = Namespace("https://data.vlaanderen.be/ns/metadata-dcat#")
EXT = Namespace("http://mu.semte.ch/vocabularies/ext/")
EARL = Namespace("http://www.w3.org/ns/earl#")
LDES = Namespace("https://w3id.org/ldes#")
TREE = Namespace("https://w3id.org/tree#")
# The checks of `lod check` (lod/check/): the tool's own names, the same for every deployment.
CHECK = Namespace("https://w3id.org/veilig-uitgaan/check#")
SPARQL_PROTOCOL_TESTS = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"
AS = Namespace("https://www.w3.org/ns/activitystreams#")  # the feed's tombstones

# Official identifiers the project links to and never mints.
ADRESSENREGISTER_GEMEENTE = "https://data.vlaanderen.be/id/gemeente/"
PROVINCIE = "https://data.vlaanderen.be/id/provincie/"
BELGIF_AUTH = "http://vocab.belgif.be/auth/"  # belgif's authority tables (REFNIS, themes, …)
BELGIF_REFNIS_1995 = "http://vocab.belgif.be/auth/refnis1995/"
BELGIF_REFNIS_2019 = "http://vocab.belgif.be/auth/refnis2019/"
BELGIF_REFNIS_2025 = "http://vocab.belgif.be/auth/refnis2025/"
LBLOD_BESTUURSEENHEID = "http://data.lblod.info/id/bestuurseenheden/"
LBLOD_WERKINGSGEBIED = "http://data.lblod.info/id/werkingsgebieden/"
KBO_ONDERNEMING = "https://data.vlaanderen.be/id/onderneming/"
CLASSIFICATIE_GEMEENTE = NamedNode(
    "http://data.vlaanderen.be/id/concept/BestuurseenheidClassificatieCode/5ab0e9b8a3b2ca7c5e000001"
)
CLASSIFICATIE_PROVINCIE = NamedNode(
    "http://data.vlaanderen.be/id/concept/BestuurseenheidClassificatieCode/5ab0e9b8a3b2ca7c5e000000"
)

# The default base the Turtle files in ontology/ and shapes/ are written with;
# `rebase` maps them onto a configured base.
DEFAULT_BASE = "https://w3id.org/veilig-uitgaan/"

PREFIXES: dict[str, str] = {
    "rdf": RDF.iri, "rdfs": RDFS.iri, "xsd": XSD.iri, "owl": OWL.iri, "skos": SKOS.iri,
    "dct": DCT.iri, "dcat": DCAT.iri, "prov": PROV.iri, "org": ORG.iri, "regorg": REGORG.iri,
    "adms": ADMS.iri, "foaf": FOAF.iri, "vcard": VCARD.iri, "schema": SCHEMA.iri, "sh": SH.iri,
    "void": VOID.iri, "sd": SD.iri, "spdx": SPDX.iri, "locn": LOCN.iri, "m8g": M8G.iri, "dcatap": DCATAP.iri,
    "besluit": BESLUIT.iri, "mandaat": MANDAAT.iri, "organisatie": ORGANISATIE.iri,
    "generiek": GENERIEK.iri, "mdcat": MDCAT.iri,
}


def prefixes(cfg: Config) -> dict[str, str]:
    """All prefixes, the project's own `vu:` included, for serialisers and SPARQL."""
    return {"vu": cfg.vocab_ns, **PREFIXES}


def vocab(cfg: Config) -> Namespace:
    """The project vocabulary `vu:` under the configured base."""
    return Namespace(cfg.vocab_ns)


def rebase(text: str, cfg: Config) -> str:
    """Rewrite IRIs written under DEFAULT_BASE (ontology, shapes, code lists) onto cfg.base_uri."""
    return text if cfg.base_uri == DEFAULT_BASE else text.replace(DEFAULT_BASE, cfg.base_uri)


def slugify(text: str) -> str:
    """A stable, readable IRI segment: 'Plan International België' -> 'plan-international-belgie'.

    >>> slugify("Plan International België")
    'plan-international-belgie'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def measure_iri(cfg: Config, measure_id: str) -> NamedNode:
    return NamedNode(f"{cfg.id_base}maatregel/{measure_id}")


def organisation_iri(cfg: Config, slug: str) -> NamedNode:
    return NamedNode(f"{cfg.id_base}organisatie/{slug}")


def organisation_identifier_iri(cfg: Config, slug: str, scheme: str) -> NamedNode:
    """An organisation's registered identifier (e.g. its KBO number) as a hash IRI: no blank nodes."""
    return NamedNode(f"{cfg.id_base}organisatie/{slug}#{scheme}")


def scheme_iri(cfg: Config, scheme: str) -> NamedNode:
    return NamedNode(f"{cfg.id_base}conceptscheme/{scheme}")


def concept_iri(cfg: Config, scheme: str, code: str) -> NamedNode:
    return NamedNode(f"{cfg.id_base}concept/{scheme}/{code}")


def dataset_iri(cfg: Config, name: str = "maatregelen") -> NamedNode:
    return NamedNode(f"{cfg.id_base}dataset/{name}")


def catalogue_iri(cfg: Config) -> NamedNode:
    return NamedNode(f"{cfg.id_base}catalogus")


def territory_iri(nis_code: str) -> NamedNode:
    """The Adressenregister municipality: derivable from the NIS code, so anyone can join on it."""
    return NamedNode(f"{ADRESSENREGISTER_GEMEENTE}{nis_code}")


def refnis_iri(nis_code: str, edition: int) -> NamedNode:
    """belgif REFNIS concept; 2025 for codes valid now, 2019 for codes that ended in 2024, 1995 in 2018."""
    base = {1995: BELGIF_REFNIS_1995, 2019: BELGIF_REFNIS_2019, 2025: BELGIF_REFNIS_2025}[edition]
    return NamedNode(f"{base}{nis_code}")


def province_iri(nis_code: str) -> NamedNode:
    return NamedNode(f"{PROVINCIE}{nis_code}")


def bestuurseenheid_iri(cfg: Config, nis_code: str, lblod_iri: str | None = None) -> NamedNode:
    """A municipality as administrative unit: LBLOD's IRI where the mapping knows it.

    Otherwise one is minted under the project's base, because the 2022 LBLOD mapping cannot tell
    the gemeente from the OCMW sharing a werkingsgebied and has no unit for codes made in 2025.
    """
    return NamedNode(lblod_iri) if lblod_iri else NamedNode(f"{cfg.id_base}bestuurseenheid/{nis_code}")


def merger_iri(cfg: Config, year: int, new_nis_code: str) -> NamedNode:
    """A merger (organisatie:Fusie), named by its year and the resulting code: fusie/2025-46030."""
    return NamedNode(f"{cfg.id_base}fusie/{year}-{new_nis_code}")


def source_row_iri(cfg: Config, file_name: str, row: int) -> NamedNode:
    """The spreadsheet row a resource was derived from (prov:wasDerivedFrom)."""
    return NamedNode(f"{cfg.doc_base}bron/{file_name}#rij-{row}")


def doc_iri(cfg: Config, id_iri: str) -> str:
    """/id/x -> /doc/x (the document about a thing)."""
    if not id_iri.startswith(cfg.id_base):
        raise ValueError(f"not a project identifier: {id_iri}")
    return cfg.doc_base + id_iri[len(cfg.id_base):]


# --- the release's own description (release/catalogue) ---------------------------------------


def part_iri(parent: NamedNode, fragment: str) -> NamedNode:
    """A resource nested in another, as a hash IRI (no blank nodes): <…/x#checksum>."""
    return NamedNode(f"{parent.value}#{fragment}")


def release_url(cfg: Config, path: str) -> NamedNode:
    """Where a release file is published: the release root is served at the base."""
    return NamedNode(f"{cfg.base_uri}{path}")


def distribution_iri(cfg: Config, file_name: str) -> NamedNode:
    return NamedNode(f"{cfg.id_base}dataset/maatregelen/distributie/{file_name}")


def data_service_iri(cfg: Config) -> NamedNode:
    """The SPARQL service, as dcat:DataService and sd:Service."""
    return NamedNode(f"{cfg.id_base}dataservice/sparql")


def sparql_endpoint(cfg: Config) -> NamedNode:
    return NamedNode(f"{cfg.base_uri}sparql")


def publisher_iri(cfg: Config) -> NamedNode:
    return organisation_iri(cfg, slugify(cfg.publisher_name))


def shape_part_iri(parent_iri: str, part: str) -> NamedNode:
    """A stable IRI for a blank-node shape inside `parent_iri` (validation reports have no blank nodes)."""
    return NamedNode(f"{parent_iri}-{part}")


def validation_report_iri(cfg: Config) -> NamedNode:
    """The sh:ValidationReport of a release (validation-report.ttl)."""
    return NamedNode(f"{cfg.doc_base}validatierapport")


def staging_graph_iri(graph: str, release_id: str) -> NamedNode:
    """Where `lod push` loads a release before swapping it into `graph` (docs/stores.md)."""
    return NamedNode(f"{graph}-staging-{release_id}")


def push_record_graph_iri(graph: str) -> NamedNode:
    """Where `lod push` records which release `graph` holds (dct:hasVersion, void:triples)."""
    return NamedNode(f"{graph}-meta")


def release_graph_iri(graph: str, release_id: str) -> NamedNode:
    """A release's own graph, where `lod push` swaps by pointer (Virtuoso; docs/stores.md)."""
    return NamedNode(f"{graph}-release-{release_id}")
