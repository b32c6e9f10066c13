"""The SPARQL 1.1 Protocol endpoint at /sparql: query via GET, POST form or POST sparql-query.

The default graph is the whole release (every triple sits in the default graph; there are no
named graphs), so `default-graph-uri`/`named-graph-uri` are refused with an explanation.
Updates are refused (403). A query is stopped at `cfg.query_timeout` (503) and cut at
`cfg.result_limit` results (`X-Result-Truncated` header; a `note` in SPARQL JSON).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from pyoxigraph import NamedNode, Quad, parse
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from lod.config import Config
from lod.errors import QueryError, QueryTimeout, StoreError
from lod.store.base import GRAPH_TYPES, Store, media_types, query_form
from lod.store.results import serialize_graph
from lod.terms import SD, prefixes
from lod.web.conneg import HTML, from_format, negotiate
from lod.web.resources import public_root

FORMAT_PARAMS = ("format", "output", "results")  # SPARQLWrapper sends these next to Accept
TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples"}


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing more than `limit` bytes before reading them all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise BodyTooLarge
    return bytes(body)


def media_header(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in TEXT_TYPES else media_type


class SparqlEndpoint:
    """Answers /sparql; `query_page` renders the editor when a browser asks without a query."""

    def __init__(self, cfg: Config, store: Store, release_dir: Path | None, query_page) -> None:
        self.cfg, self.store, self.release_dir, self.query_page = cfg, store, release_dir, query_page

    async def handle(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS"})
        try:
            params = await self._params(request)
        except BodyTooLarge:
            return PlainTextResponse(
                f"Verzoek te groot (request body too large): maximum {self.cfg.max_body_bytes} bytes.",
                status_code=413)
        except QueryError as exc:
            return PlainTextResponse(str(exc), status_code=415)
        if "update" in params:
            return _refuse_update()
        queries = params.get("query", [])
        if len(queries) > 1:
            return PlainTextResponse("Geef precies één query (exactly one query parameter).", status_code=400)
        if any(params.get(k) for k in ("default-graph-uri", "named-graph-uri")):
            return PlainTextResponse(
                "default-graph-uri en named-graph-uri worden niet ondersteund: de standaardgraaf bevat alle "
                "gegevens (not supported: the default graph holds all the data).", status_code=400)
        if not queries:
            return await self.describe_service(request, params)
        return await self._answer(request, queries[0], params)

    async def _params(self, request: Request) -> dict[str, list[str]]:
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        if request.method != "POST":
            return params
        body = await read_body(request, self.cfg.max_body_bytes)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            params.setdefault("query", []).append(body.decode("utf-8", "replace"))
        elif content_type == "application/sparql-update":
            params["update"] = [body.decode("utf-8", "replace")]
        else:
            raise QueryError(
                f"Onbekend Content-Type {content_type or '(geen)'}: gebruik application/sparql-query of "
                "application/x-www-form-urlencoded (unsupported media type)")
        return params

    def _choose(self, request: Request, params: dict[str, list[str]], offers: tuple[str, ...]) -> str | None:
        for name in FORMAT_PARAMS:
            for value in params.get(name, []):
                chosen = from_format(value, offers)
                if chosen:
                    return chosen
        return negotiate(request.headers.get("accept"), offers)

    async def _answer(self, request: Request, query: str, params: dict[str, list[str]]) -> Response:
        try:
            form = query_form(query)
        except QueryError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        if form == "UPDATE":
            return _refuse_update()
        offers = media_types(form)
        media_type = self._choose(request, params, offers)
        if media_type is None:
            return _not_acceptable(offers)
        try:
            answer = await run_in_threadpool(
                self.store.run_query, query, media_type=media_type, timeout=self.cfg.query_timeout,
                limit=self.cfg.result_limit)
        except QueryError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        except QueryTimeout as exc:
            return PlainTextResponse(f"{exc}. Maak de query specifieker (make the query more selective).",
                                     status_code=503, headers={"Retry-After": "5"})
        except StoreError as exc:
            return PlainTextResponse(str(exc), status_code=500)
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["X-Result-Truncated"] = str(self.cfg.result_limit)
        return Response(answer.body, media_type=media_header(answer.media_type), headers=headers)

    async def describe_service(self, request: Request, params: dict[str, list[str]]) -> Response:
        """GET /sparql without a query: the Service Description, or the query page for browsers."""
        media_type = self._choose(request, params, (*GRAPH_TYPES, HTML))
        if media_type == HTML or (media_type is None and "html" in request.headers.get("accept", "")):
            return await self.query_page(request)
        if media_type is None:
            return _not_acceptable(GRAPH_TYPES)
        body = serialize_graph(self.service_description(request), media_type, prefixes(self.cfg))
        return Response(body, media_type=media_header(media_type), headers={"Vary": "Accept"})

    def service_description(self, request: Request) -> list:
        path = self.release_dir / "service-description.ttl" if self.release_dir else None
        if path and path.is_file():
            return [q.triple for q in parse(path=str(path))]
        endpoint = NamedNode(public_root(self.cfg, request) + "sparql")
        rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        triples = [Quad(endpoint, rdf_type, SD.Service), Quad(endpoint, SD.endpoint, endpoint),
                   Quad(endpoint, SD.supportedLanguage, SD.SPARQL11Query)]
        for media_type in (*media_types("SELECT"), *GRAPH_TYPES):
            triples.append(Quad(endpoint, SD.resultFormat, NamedNode(_FORMAT_IRIS[media_type])))
        dataset = NamedNode(endpoint.value + "#dataset")
        graph = NamedNode(endpoint.value + "#standaardgraaf")
        triples += [Quad(endpoint, SD.defaultDataset, dataset), Quad(dataset, rdf_type, SD.Dataset),
                    Quad(dataset, SD.defaultGraph, graph), Quad(graph, rdf_type, SD.Graph)]
        return [q.triple for q in triples]


_FORMAT_IRIS = {
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/ld+json": "http://www.w3.org/ns/formats/JSON-LD",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
}


def _refuse_update() -> Response:
    return PlainTextResponse("Dit endpoint is alleen-lezen: updates zijn niet toegestaan "
                             "(read-only endpoint: updates are not allowed).", status_code=403)


def _not_acceptable(offers: tuple[str, ...]) -> Response:
    return PlainTextResponse("Geen van de gevraagde formaten is beschikbaar (not acceptable). Beschikbaar: "
                             + ", ".join(offers), status_code=406)
