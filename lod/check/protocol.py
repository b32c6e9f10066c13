"""The SPARQL 1.1 Protocol, case by case, for a read-only endpoint with one graph.

The W3C suite (rdf-tests, sparql11/protocol/manifest.ttl) has 13 query cases and 7 negative query
cases that apply to a read-only endpoint. They are written for a store that loads the graphs
`http://kasei.us/2009/09/sparql/data/data{0..3}.rdf`; here the dataset parameters name the
endpoint's one graph instead (the graph of its Service Description's `sd:availableGraphs`), and
the expected results follow from that. The update cases become refusals: an update is a 4xx
whatever way it comes. The cases after them are this project's: the endpoint URL as base IRI,
another graph refused with 400, an empty POST, SERVICE refused when the description allows none.

`cases(graph)` gives the cases as data (request and what the response must be); `judge` says
whether a response is what a case expects. `tests/web/test_protocol.py` runs the same cases.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests
from pyoxigraph import QueryBoolean, QueryResultsFormat, parse_query_results

from lod.check.deployment import Deployment, parses
from lod.check.report import Outcome, inapplicable, verdict
from lod.store.base import GRAPH_TYPES, RESULT_TYPES
from lod.terms import SD, SPARQL_PROTOCOL_TESTS, VOID

BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
OTHER_GRAPH = "http://example.org/not-this-endpoints-graph"


@dataclass(frozen=True)
class Case:
    """One request and what its response must be.

    `expect`: "2xx" or "4xx"; `result`: "boolean", "tabular" or "rdf" (a 2xx's body), `boolean`:
    the ASK answer; `binding`: (variable, IRI relative to the endpoint URL) a SELECT must bind."""

    name: str
    method: str
    params: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    content_type: str | None = None
    expect: str = "2xx"
    result: str | None = None
    boolean: bool | None = None
    binding: tuple[str, str] | None = None
    w3c: bool = True  # adapted from the W3C case of the same name
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str | None:
        return SPARQL_PROTOCOL_TESTS + self.name if self.w3c else None


def cases(graph: str, *, federation: bool = False) -> list[Case]:
    """The cases for an endpoint whose one graph is `graph`; `federation`: SERVICE is allowed."""
    g = (("default-graph-uri", graph),)
    n = (("named-graph-uri", graph),)
    ask_any, ask_named = "ASK { ?s ?p ?o }", "ASK { GRAPH ?g { ?s ?p ?o } }"
    found = [
        Case("query_post_form", "POST", g, b"query=ASK%20%7B%7D", FORM, result="boolean", boolean=True),
        Case("query_dataset_default_graphs_get", "GET", (("query", ask_any), *g, *g), result="boolean",
             boolean=True),
        Case("query_dataset_default_graphs_post", "POST", g + g, ask_any.encode(), QUERY, result="boolean",
             boolean=True),
        Case("query_dataset_named_graphs_post", "POST", n, ask_named.encode(), QUERY, result="boolean",
             boolean=True),
        Case("query_dataset_named_graphs_get", "GET", (("query", ask_named), *n), result="boolean",
             boolean=True),
        Case("query_dataset_full", "POST", g + n, b"ASK { ?s ?p ?o GRAPH ?g { ?a ?b ?c } }", QUERY,
             result="boolean", boolean=True),
        Case("query_multiple_dataset", "POST", n, f"ASK FROM <{OTHER_GRAPH}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
             .encode(), QUERY, result="boolean", boolean=True),  # the protocol's dataset wins
        Case("query_get", "GET", (("query", "ASK {}"), *g), result="boolean", boolean=True),
        Case("query_content_type_select", "POST", g, b"SELECT (1 AS ?value) {}", QUERY, result="tabular"),
        Case("query_content_type_ask", "POST", g, b"ASK {}", QUERY, result="boolean", boolean=True),
        Case("query_content_type_describe", "POST", g, b"DESCRIBE <http://example.org/>", QUERY,
             result="rdf"),
        Case("query_content_type_construct", "POST", g, b"CONSTRUCT { <s> <p> 1 } WHERE {}", QUERY,
             result="rdf"),
        Case("query_post_direct", "POST", (), b"ASK {}", QUERY, result="boolean", boolean=True),
        Case("bad_query_method", "PUT", (("query", "ASK {}"),), expect="4xx"),
        Case("bad_multiple_queries", "GET", (("query", "ASK {}"), ("query", "SELECT * {}")), expect="4xx"),
        Case("bad_query_wrong_media_type", "POST", (), b"ASK {}", "text/plain", expect="4xx"),
        Case("bad_query_missing_form_type", "POST", (), b"query=ASK%20%7B%7D", None, expect="4xx"),
        Case("bad_query_missing_direct_type", "POST", (), b"ASK {}", None, expect="4xx"),
        Case("bad_query_non_utf8", "POST", (), "ASK {}".encode("utf-16"), QUERY + "; charset=UTF-16",
             expect="4xx"),
        Case("bad_query_syntax", "GET", (("query", "ASK {"),), expect="4xx"),
        # A read-only endpoint: every update case of the suite is a refusal.
        Case("bad_update_get", "GET", (("update", "CLEAR ALL"),), expect="4xx"),
        Case("update_post_form", "POST", (), b"update=CLEAR%20ALL", FORM, expect="4xx"),
        Case("update_post_direct", "POST", (), b"CLEAR ALL", "application/sparql-update", expect="4xx"),
        Case("update_in_query", "POST", (), b"DROP ALL", QUERY, expect="4xx", w3c=False),
        # This project's cases.
        Case("base_iri_is_the_endpoint", "GET", (("query", "SELECT (<relative> AS ?x) {}"),),
             result="tabular", binding=("x", "relative"), w3c=False),
        Case("named_graph_only_leaves_the_default_graph_empty", "GET", (("query", ask_any), *n),
             result="boolean", boolean=False, w3c=False),
        Case("other_default_graph_refused", "GET", (("query", "ASK {}"), ("default-graph-uri", OTHER_GRAPH)),
             expect="4xx", w3c=False),
        Case("other_named_graph_refused", "GET", (("query", "ASK {}"), ("named-graph-uri", OTHER_GRAPH)),
             expect="4xx", w3c=False),
        Case("from_other_graph_refused", "GET", (("query", f"ASK FROM <{OTHER_GRAPH}> {{}}"),),
             expect="4xx", w3c=False),
        Case("empty_post", "POST", (), b"", None, expect="4xx", w3c=False),
        Case("empty_form_post", "POST", (), b"", FORM, expect="4xx", w3c=False),
    ]
    if not federation:  # port 9 (discard) of the server itself: harmless even where it is called
        found.append(Case("service_refused", "GET",
                          (("query", "SELECT * { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }"),),
                          expect="4xx", w3c=False))
    return found


def judge(case: Case, status: int, media_type: str, body: bytes, endpoint: str) -> str | None:
    """None when the response is what `case` expects, else what is wrong (in English)."""
    if case.expect == "4xx":
        return None if 400 <= status < 500 else f"expected a 4xx, got {status}"
    if not 200 <= status < 400:
        return f"expected 2xx or 3xx, got {status}: {body[:200].decode('utf-8', 'replace')}"
    if case.result == "rdf":
        if media_type not in GRAPH_TYPES:
            return f"expected an RDF media type, got {media_type or '(none)'}"
        return None if parses(body, media_type, endpoint) is not None else f"the {media_type} does not parse"
    allowed = BOOLEAN_TYPES if case.result == "boolean" else RESULT_TYPES
    if media_type not in allowed:
        return f"expected one of {', '.join(allowed)}, got {media_type or '(none)'}"
    try:
        result = parse_query_results(body, format=QueryResultsFormat.from_media_type(media_type))
    except (SyntaxError, ValueError) as exc:
        return f"the {media_type} result does not parse: {exc}"
    if case.result == "boolean":
        if not isinstance(result, QueryBoolean):
            return "expected a boolean result"
        return None if case.boolean is None or bool(result) == case.boolean else \
            f"expected {str(case.boolean).lower()}, got {str(bool(result)).lower()}"
    rows = list(result)
    if case.binding:
        name, relative = case.binding
        want = urljoin(endpoint, relative)
        got = [row[name].value for row in rows if row[name] is not None]
        if got != [want]:
            return f"expected ?{name} = <{want}> (relative to the endpoint URL), got {got}"
    return None


def send(http: requests.Session, endpoint: str, case: Case, timeout: float) -> requests.Response:
    headers = dict(case.headers)
    if case.content_type:
        headers["Content-Type"] = case.content_type
    query = [(k, v) for k, v in case.params]
    return http.request(case.method, endpoint, params=query, data=case.body, headers=headers,
                        timeout=timeout, allow_redirects=True)


class ProtocolCheck:
    """The cases against the deployment's SPARQL endpoint."""

    name = "protocol"

    def run(self, site: Deployment) -> Iterator[Outcome]:
        if site.endpoint is None:
            yield inapplicable("protocol.endpoint", "geen SPARQL-endpoint hier (een statische host?)",
                               "no SPARQL endpoint at this deployment (a static host?)")
            return
        description = site.service_description
        # The graph a request may name: the description's, else the dataset VoID gives the endpoint.
        named = [q.object.value for q in description.quads_for_pattern(None, SD.name, None)]
        served = [q.subject.value for q in site.void.quads_for_pattern(None, VOID.sparqlEndpoint, None)] \
            if site.void else []
        graph = (named or served or [OTHER_GRAPH])[0]
        federation = any(description.quads_for_pattern(None, SD.feature, SD.BasicFederatedQuery))
        for case in cases(graph, federation=federation):
            try:
                response = send(site.http, site.endpoint, case, site.options.timeout)
                media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
                problem = judge(case, response.status_code, media_type, response.content, site.endpoint)
            except requests.RequestException as exc:
                problem = f"no answer: {exc}"
            yield verdict(f"protocol.{case.name}", (f"wijkt af: {problem}", problem) if problem else None,
                          ("zoals het protocol vraagt", "as the protocol requires"), case.source)


__all__ = ["Case", "ProtocolCheck", "cases", "judge"]
