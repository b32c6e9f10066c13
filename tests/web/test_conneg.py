"""Accept parsing and negotiation, table-driven, garbage included."""

import pytest

from lod.web.conneg import (
    DOCUMENT_TYPES,
    HTML,
    JSONLD,
    NTRIPLES,
    RDFXML,
    SPARQL_JSON,
    SPARQL_XML,
    TURTLE,
    from_format,
    negotiate,
    parse_accept,
    preferred_language,
    split_suffix,
)

RESULTS = (SPARQL_JSON, SPARQL_XML, "text/csv", "text/tab-separated-values")

DOCUMENT_CASES = [
    (None, HTML),
    ("", HTML),
    ("*/*", HTML),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", HTML),
    ("text/turtle", TURTLE),
    ("application/ld+json", JSONLD),
    ("application/n-triples", NTRIPLES),
    ("application/rdf+xml", RDFXML),
    ("text/html;q=0.5, text/turtle;q=0.9", TURTLE),
    ("text/*;q=0.9, application/ld+json", JSONLD),
    ("text/*", HTML),
    ("application/json", JSONLD),
    ("text/plain", NTRIPLES),
    ("TEXT/TURTLE", TURTLE),
    ("text/turtle;q=0, */*;q=0.1", HTML),
    ("image/png", None),
    ("image/png, application/pdf;q=0.9", None),
    ("text/turtle;q=0", None),
    ("garbage", HTML),
    (";;;,,,", HTML),
    ("text/turtle;q=abc", HTML),
    ("text/turtle;q=7", HTML),
    ("*/turtle", HTML),
    ("text/turtle; charset=utf-8; q=0.8, application/ld+json; q=0.7", TURTLE),
]


@pytest.mark.parametrize(("accept", "expected"), DOCUMENT_CASES)
def test_documents_negotiate_as_clients_expect(accept, expected):
    assert negotiate(accept, DOCUMENT_TYPES) == expected


@pytest.mark.parametrize(("accept", "expected"), [
    ("application/sparql-results+json,application/json,text/javascript,application/javascript", SPARQL_JSON),
    ("application/sparql-results+xml", SPARQL_XML),
    ("application/xml", SPARQL_XML),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml", SPARQL_XML),
    ("text/turtle", None),
])
def test_results_negotiate_with_sparqlwrapper_headers(accept, expected):
    assert negotiate(accept, RESULTS) == expected


@pytest.mark.parametrize(("value", "offers", "expected"), [
    ("json", RESULTS, SPARQL_JSON), ("xml", RESULTS, SPARQL_XML), ("csv", RESULTS, "text/csv"),
    ("turtle", DOCUMENT_TYPES, TURTLE), ("json-ld", DOCUMENT_TYPES, JSONLD), ("xml", DOCUMENT_TYPES, RDFXML),
    ("rdf+xml", DOCUMENT_TYPES, RDFXML), ("n3", DOCUMENT_TYPES, TURTLE),
    ("text/turtle", DOCUMENT_TYPES, TURTLE),
    ("nonsense", DOCUMENT_TYPES, None), ("", RESULTS, None), (None, RESULTS, None),
])
def test_format_parameter(value, offers, expected):
    assert from_format(value, offers) == expected


def test_malformed_ranges_are_dropped():
    assert [r.type + "/" + r.subtype for r in parse_accept("a, text/html;q=x, b/c d, text/turtle")] == [
        "text/turtle"]


@pytest.mark.parametrize(("path", "expected"), [
    ("maatregel/x.ttl", ("maatregel/x", TURTLE)), ("maatregel/x.jsonld", ("maatregel/x", JSONLD)),
    ("maatregel/x.rdf", ("maatregel/x", RDFXML)), ("maatregel/x", ("maatregel/x", None)),
    ("maatregel/x.pdf", ("maatregel/x.pdf", None)),
])
def test_suffixes(path, expected):
    assert split_suffix(path) == expected


@pytest.mark.parametrize(("header", "expected"), [
    (None, "nl"), ("en", "en"), ("en-GB,en;q=0.9", "en"), ("nl-BE,en;q=0.5", "nl"),
    ("fr, en;q=0.8, nl;q=0.9", "nl"), ("fr", "nl"), ("en;q=abc", "nl"),
])
def test_language(header, expected):
    assert preferred_language(header) == expected
