"""The SPARQL 1.1 Protocol endpoint at /sparql: query via GET, POST form or POST sparql-query.

Read-only and public, so every request is bounded before anything runs:
- the request is read as SPARQL (lod/store/grammar.py), not searched for words: updates are
  refused (403); a SERVICE clause is refused (400) unless its endpoint is named in
  `service_allowed`, so by default no query makes the server contact another host;
- the release is one graph, the dataset IRI: `default-graph-uri`/`named-graph-uri` (and FROM /
  FROM NAMED) may name it, as the default graph, a named graph or both; any other graph is a 400;
- a relative IRI in a query is read against the endpoint's own URL (its base IRI);
- one client address has at most `query_per_client` queries running or waiting (429), the store
  bounds the rest (lod/store/embedded.py: long queries, queue, time and memory, 503), and a
  query whose client hangs up is stopped at once;
- results are cut at `result_limit` (`X-Result-Truncated`; a `note` in SPARQL JSON);
- over a published release (which never changes) a complete answer is kept in a result cache of
  `query_cache_mb`, keyed on the normalised query text (lod/store/grammar.py `normalised`), the
  result format, the dataset and the base IRI; `X-Cache: hit` or `miss` says which, `bypass` when
  the answer may not be kept (another store, `NOW()`/`RAND()`/`UUID()`/`STRUUID()`/`BNODE()`,
  `SERVICE`). Errors, timeouts and cut results are never kept.
`GET /sparql` without a query is the Service Description (or the query page, for a browser);
it says which graph the endpoint has and whether SERVICE is allowed, and to which endpoints.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter, OrderedDict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import parse_qsl

import anyio
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, parse
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response

from lod.config import Config
from lod.errors import QueryCancelled, QueryError, QueryOutOfMemory, QueryTimeout, StoreBusy, StoreError
from lod.layout import SERVICE_DESCRIPTION
from lod.store.base import DEFAULT_DATASET, GRAPH_TYPES, Cancellation, Dataset, Store, media_types
from lod.store.grammar import QueryText, normalised, read_query, tokens
from lod.store.results import serialize_graph
from lod.terms import RDF, RDFS, SD, data_service_iri, dataset_iri, prefixes
from lod.web.cache import RenderCache, Rendered
from lod.web.conneg import HTML, from_format, negotiate
from lod.web.resources import public_root

FORMAT_PARAMS = ("format", "output", "results")  # SPARQLWrapper sends these next to Accept
TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples"}
FORM = "application/x-www-form-urlencoded"
# Functions whose value differs per evaluation: a query that calls one is answered afresh each time.
VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})
CACHE_HEADER = "X-Cache"
REPEATED_REQUESTS = 4096  # requests remembered with the key of their answer (about 100 bytes each)


class Refused(Exception):
    """A request answered with an error status before anything runs."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.headers = status, headers or {}

    def response(self) -> Response:
        return PlainTextResponse(str(self), status_code=self.status, headers=self.headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing more than `limit` bytes before reading them all."""
    declared = request.headers.get("content-length")
    too_large = Refused(413, f"Verzoek te groot (request body too large): maximum {limit} bytes.")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    try:
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > limit:
                raise too_large
    except ClientDisconnect as exc:  # gone before its request was read: nothing to answer
        raise Refused(400, "De client is weg voor het verzoek gelezen was (client went away).") from exc
    return bytes(body)


def utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"{what} is geen UTF-8 (is not UTF-8: byte {exc.start}); SPARQL-verzoeken "
                           "zijn UTF-8 (SPARQL requests are UTF-8)") from exc


def media_header(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in TEXT_TYPES else media_type


class ClientSlots:
    """Queries per client address, running or waiting. Used from the event loop only (no lock)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active: Counter[str] = Counter()

    def take(self, client: str) -> None:
        if self.active[client] >= self.limit:
            raise Refused(429, f"Te veel gelijktijdige queries van dit adres: maximum {self.limit} (too many "
                               f"concurrent queries from this address); wacht op een antwoord (wait for one "
                               f"to answer)", {"Retry-After": "2"})
        self.active[client] += 1

    def give(self, client: str) -> None:
        self.active[client] -= 1
        if self.active[client] <= 0:
            del self.active[client]


async def until_disconnected(request: Request) -> None:
    """Return when the client has gone away (the body has been read by then)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


class SparqlEndpoint:
    """Answers /sparql; `query_page` renders the editor when a browser asks without a query."""

    def __init__(self, cfg: Config, store: Store, release_dir: Path | None, query_page) -> None:
        self.cfg, self.store, self.release_dir, self.query_page = cfg, store, release_dir, query_page
        self.graph = store.graph_name or dataset_iri(cfg).value  # the one graph the endpoint holds
        self.clients = ClientSlots(cfg.query_per_client)
        # Threads for queries of their own, so waiting queries never hold up the pages' threads.
        self.threads = anyio.CapacityLimiter(cfg.query_workers + cfg.query_queue)
        # Answers of a published release: its store is read-only and never changes while served
        # (`lod serve --store` has no release folder: another store may change, nothing is kept).
        # Keys are hashes, and each entry is counted with 512 bytes more, so that many tiny answers
        # to long queries stay within the budget too.
        cacheable = release_dir is not None and cfg.query_cache_mb > 0
        self.results = RenderCache(cfg.query_cache_mb * 1024 * 1024, entry_bytes=512) if cacheable else None
        # The same request again (byte for byte: query, parameters, Accept, base IRI) -> its answer's
        # key, so that a repeated query is answered without reading it three times (two thirds of
        # a hit's CPU). Only requests that were read and given a key are listed.
        self.repeated: OrderedDict[bytes, bytes] = OrderedDict()

    async def handle(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS"})
        try:
            params = await self._params(request)
            if "update" in params:
                return _refuse_update()
            queries = params.get("query", [])
            if len(queries) > 1:
                raise Refused(400, "Geef precies één query (exactly one query parameter).")
            if not queries:
                if request.method == "POST":
                    raise Refused(400, "Leeg verzoek: geen query (empty request: no query). Stuur "
                                       "query=… als formulier of de query als application/sparql-query.")
                return await self.describe_service(request, params)
            return await self._answer(request, queries[0], params)
        except Refused as refused:
            return refused.response()

    async def _params(self, request: Request) -> dict[str, list[str]]:
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        if request.method != "POST":
            return params
        body = await read_body(request, self.cfg.max_body_bytes)
        media, _, options = request.headers.get("content-type", "").partition(";")
        content_type = media.strip().lower()
        charset = next((value.strip().strip('"').lower() for key, _, value in
                        (part.partition("=") for part in options.split(";"))
                        if key.strip().lower() == "charset"), None)
        if charset not in (None, "utf-8", "utf8"):
            raise Refused(415, f"Tekenset {charset} wordt niet ondersteund: stuur UTF-8 (charset not "
                               "supported: send UTF-8)")
        if not body and content_type in ("", FORM, "application/sparql-query"):
            return params  # nothing in the body: the query, if any, is in the URL
        if content_type == FORM:
            try:
                pairs = parse_qsl(utf8(body, "De formulierdata (the form data)"), keep_blank_values=True,
                                  encoding="utf-8", errors="strict")
            except UnicodeDecodeError as exc:
                raise Refused(400, "Een formulierwaarde is geen UTF-8 (a form value is not UTF-8)") from exc
            for key, value in pairs:
                params.setdefault(key, []).append(value)
        elif content_type == "application/sparql-query":
            params.setdefault("query", []).append(utf8(body, "De query (the query)"))
        elif content_type == "application/sparql-update":
            params["update"] = [body.decode("utf-8", "replace")]
        else:
            raise Refused(415, f"Onbekend Content-Type {content_type or '(geen)'}: gebruik "
                               "application/sparql-query of application/x-www-form-urlencoded "
                               "(unsupported media type)")
        return params

    def _choose(self, request: Request, params: dict[str, list[str]], offers: tuple[str, ...]) -> str | None:
        for name in FORMAT_PARAMS:
            for value in params.get(name, []):
                chosen = from_format(value, offers)
                if chosen:
                    return chosen
        return negotiate(request.headers.get("accept"), offers)

    def endpoint_url(self, request: Request) -> str:
        """The URL of this endpoint as the client reached it: the base IRI of every query."""
        return public_root(self.cfg, request) + "sparql"

    def _read(self, request: Request, query: str) -> QueryText:
        try:
            text = read_query(query, base_iri=self.endpoint_url(request), prefixes=prefixes(self.cfg))
        except QueryError as exc:
            raise Refused(400, str(exc)) from exc
        for call in text.services:
            if call.iri is None or call.iri not in self.cfg.service_allowed:
                allowed = ", ".join(f"<{iri}>" for iri in self.cfg.service_allowed) or "geen (none)"
                named = f"<{call.iri}>" if call.iri else "een variabele (a variable)"
                raise Refused(400, f"SERVICE naar {named} is niet toegestaan: deze server roept geen andere "
                                   f"servers aan, behalve de toegelaten endpoints: {allowed} (SERVICE to "
                                   f"{named} is not allowed: this server calls no other server except the "
                                   f"allowed endpoints). Niets is verstuurd (nothing was sent).")
        return text

    def _dataset(self, params: dict[str, list[str]], text: QueryText) -> Dataset:
        """The request's dataset: protocol parameters win over FROM clauses (Protocol §2.1.4)."""
        defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        where = "default-graph-uri/named-graph-uri"
        if not defaults and not named:
            defaults, named, where = list(text.from_graphs), list(text.from_named), "FROM/FROM NAMED"
            if not defaults and not named:
                return DEFAULT_DATASET
        for iri in (*defaults, *named):
            if iri != self.graph:
                raise Refused(400, f"{where}: dit endpoint heeft één graaf, <{self.graph}>, met alle "
                                   f"gegevens; <{iri}> is die niet (this endpoint has one graph, "
                                   f"<{self.graph}>, holding all the data; <{iri}> is not it).")
        return Dataset(default=bool(defaults), named=bool(named))

    async def _answer(self, request: Request, query: str, params: dict[str, list[str]]) -> Response:
        exact = self._exact_key(request, query, params)
        if exact is not None and (known := self.repeated.get(exact)) is not None:
            if (kept := self.results.get(known)) is not None:
                self.repeated.move_to_end(exact)
                return self._hit(kept)
        text = self._read(request, query)
        if text.form == "UPDATE":
            return _refuse_update()
        dataset = self._dataset(params, text)
        offers = media_types(text.form)
        media_type = self._choose(request, params, offers)
        if media_type is None:
            return _not_acceptable(offers)
        base_iri = self.endpoint_url(request)
        key = self._cache_key(query, text, media_type, dataset, base_iri)
        if key is not None and (kept := self.results.get(key)) is not None:
            self._remember(exact, key)
            return self._hit(kept)
        client = request.client.host if request.client else "-"
        self.clients.take(client)
        try:
            run = partial(self.store.run_query, query, media_type=media_type, timeout=self.cfg.query_timeout,
                          limit=self.cfg.result_limit, base_iri=base_iri, dataset=dataset)
            answer = await self._run(request, run)
        except QueryError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        except StoreBusy as exc:
            return PlainTextResponse(f"{exc}. Probeer het zo opnieuw (try again shortly).", status_code=503,
                                     headers={"Retry-After": str(exc.retry_after)})
        except QueryTimeout as exc:
            return PlainTextResponse(f"{exc}. Maak de query specifieker (make the query more selective).",
                                     status_code=503, headers={"Retry-After": "5"})
        except QueryOutOfMemory as exc:
            return PlainTextResponse(str(exc), status_code=503)
        except QueryCancelled as exc:  # nobody reads this: the client is gone
            return PlainTextResponse(str(exc), status_code=503)
        except StoreError as exc:
            return PlainTextResponse(str(exc), status_code=500)
        finally:
            self.clients.give(client)
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["X-Result-Truncated"] = str(self.cfg.result_limit)
        elif key is not None:  # complete: the same query on this release always has this answer
            self.results.put(key, Rendered(answer.body, answer.media_type, 200, headers))
            self._remember(exact, key)
        state = "bypass" if key is None else "miss"
        return Response(answer.body, media_type=media_header(answer.media_type),
                        headers={**headers, CACHE_HEADER: state})

    @staticmethod
    def _hit(kept: Rendered) -> Response:
        return Response(kept.body, media_type=media_header(kept.media_type),
                        headers={**kept.headers, CACHE_HEADER: "hit"})

    def _exact_key(self, request: Request, query: str, params: dict[str, list[str]]) -> bytes | None:
        """Everything an answer's key is made of, as the request gave it, hashed."""
        if self.results is None:
            return None
        others = sorted((name, tuple(values)) for name, values in params.items() if name != "query")
        accept = request.headers.get("accept") or ""
        shape = "\0".join((query, repr(others), accept, self.endpoint_url(request)))
        return hashlib.sha256(shape.encode("utf-8", "surrogatepass")).digest()

    def _remember(self, exact: bytes | None, key: bytes) -> None:
        if exact is None:
            return
        self.repeated[exact] = key
        self.repeated.move_to_end(exact)
        while len(self.repeated) > REPEATED_REQUESTS:
            self.repeated.popitem(last=False)

    def _cache_key(self, query: str, text: QueryText, media_type: str, dataset: Dataset,
                   base_iri: str) -> bytes | None:
        """What a kept answer depends on, hashed; None when this answer may not be kept."""
        if self.results is None or text.services:
            return None
        if any(t.word() in VOLATILE for t in tokens(query) if t.kind == "word"):
            return None
        shape = "\0".join((normalised(query), media_type, str(dataset.default), str(dataset.named),
                           base_iri))
        return hashlib.sha256(shape.encode()).digest()

    async def _run(self, request: Request, run: Callable):
        """`run(cancel=…)` in a thread, cancelled the moment the client hangs up."""
        cancel = Cancellation()
        thread = anyio.to_thread.run_sync(partial(run, cancel=cancel), limiter=self.threads)
        work = asyncio.ensure_future(thread)
        gone = asyncio.ensure_future(until_disconnected(request))
        try:
            await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
        if not work.done():
            cancel.cancel()
        return await work

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
        """The release's Service Description and what this server adds to it: the graph a request
        may name, and whether (and where) SERVICE may go."""
        path = self.release_dir / SERVICE_DESCRIPTION if self.release_dir else None
        service = data_service_iri(self.cfg)
        triples = [q.triple for q in parse(path=str(path))] if path and path.is_file() else [
            Quad(service, RDF.type, SD.Service).triple,
            Quad(service, SD.endpoint, NamedNode(self.endpoint_url(request))).triple,
            Quad(service, SD.supportedLanguage, SD.SPARQL11Query).triple]
        graphs, named = BlankNode(), BlankNode()
        triples += [Quad(service, SD.availableGraphs, graphs).triple,
                    Quad(graphs, RDF.type, SD.GraphCollection).triple,
                    Quad(graphs, SD.namedGraph, named).triple, Quad(named, RDF.type, SD.NamedGraph).triple,
                    Quad(named, SD.name, NamedNode(self.graph)).triple]
        allowed = self.cfg.service_allowed
        if allowed:
            triples.append(Quad(service, SD.feature, SD.BasicFederatedQuery).triple)
            listed = ", ".join(allowed)
            notes = (f"SERVICE alleen naar: {listed}", f"SERVICE only to: {listed}")
        else:
            notes = ("SERVICE is niet toegestaan: deze server roept geen andere servers aan.",
                     "SERVICE is not allowed: this server calls no other server.")
        triples += [Quad(service, RDFS.comment, Literal(notes[0], language="nl")).triple,
                    Quad(service, RDFS.comment, Literal(notes[1], language="en")).triple]
        return triples


def _refuse_update() -> Response:
    return PlainTextResponse("Dit endpoint is alleen-lezen: updates zijn niet toegestaan "
                             "(read-only endpoint: updates are not allowed).", status_code=403)


def _not_acceptable(offers: tuple[str, ...]) -> Response:
    return PlainTextResponse("Geen van de gevraagde formaten is beschikbaar (not acceptable). Beschikbaar: "
                             + ", ".join(offers), status_code=406)
