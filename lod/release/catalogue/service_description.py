"""A SPARQL 1.1 Service Description of the endpoint: what it speaks and what it holds.

All data sits in the default graph (no named graphs), so the default dataset has one default
graph, described with its VoID triple count.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Quad

from lod.release.catalogue.base import CatalogueInfo, lit, typed
from lod.terms import DCT, SD, VOID, data_service_iri, part_iri, sparql_endpoint

FORMATS = "http://www.w3.org/ns/formats/"
# What the endpoint can answer in: SELECT/ASK results, and graphs for CONSTRUCT/DESCRIBE.
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


class ServiceDescription:
    """sd:Service with endpoint, language, result formats and the default dataset."""

    name = "service-description"

    def triples(self, info: CatalogueInfo) -> Iterator[Quad]:
        cfg = info.cfg
        service = data_service_iri(cfg)
        dataset = part_iri(service, "standaarddataset")
        graph = part_iri(service, "standaardgraaf")
        yield from typed(service, SD.Service)
        yield Quad(service, SD.endpoint, sparql_endpoint(cfg))
        yield Quad(service, SD.supportedLanguage, SD.SPARQL11Query)
        for name in RESULT_FORMATS:
            yield Quad(service, SD.resultFormat, NamedNode(FORMATS + name))
        yield Quad(service, SD.defaultDataset, dataset)
        yield from typed(dataset, SD.Dataset)
        yield Quad(dataset, SD.defaultGraph, graph)
        # The default graph is the published dataset: say so, with its size.
        yield Quad(dataset, DCT.source, info.dataset)
        yield from typed(graph, SD.Graph)
        yield Quad(graph, VOID.triples, lit(info.triples))
