"""create_app(cfg, store) -> the ASGI app: SPARQL endpoint, dereferenceable URIs, pages, files.

A factory without module state; every concern is its own module (sparql, resources, conneg).
Routes:
  /                     landing page            /query, GET /sparql (browser)   query page
  /sparql               SPARQL 1.1 Protocol     /id/…  303 → /doc/…             /doc/…  documents
  /ns                   the vocabulary          /.well-known/void, /catalogus   catalogue files
  /ns/context.jsonld    the JSON-LD context     /dumps/…  dumps (lod/web/files.py: .gz negotiated)
  /ontology/… …         release files           /static/…                       page assets
  /controle             the instant check of an uploaded sheet (lod/web/sheet_check.py)
  /versies, /impact     versions, impact        /versies/<id>/…, /ldes/…        earlier versions, the feed
Documents and static pages the release holds are sent from its files, with the manifest's hash as
ETag (lod/web/release_files.py); what it does not hold (the landing page, the exchange pages, other
formats) is rendered once per request shape (lod/web/cache.py): a release never changes.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from lod.config import Config
from lod.insight.named import named_queries
from lod.insight.search import search_data
from lod.layout import (
    CATALOGUE,
    CATALOGUE_FILES,
    CONTEXT,
    DUMPS,
    SEARCH,
    SEARCH_LIBRARY,
    SEARCH_PAGE,
    SERVED_FILES,
    SERVED_FOLDERS,
    VOCABULARY_HTML,
    VOCABULARY_TTL,
    VOID,
)
from lod.pages.landing import exchange_page, render_landing, render_query_page
from lod.pages.links import Links
from lod.pages.search import render_search_page
from lod.pages.site import STATIC, Site
from lod.release.search import search_files
from lod.release.site import FRAME_PAGES
from lod.store.base import Store
from lod.web.cache import RenderCache, Rendered
from lod.web.conneg import HTML
from lod.web.files import context_route, dump_route, file_route
from lod.web.front import EXPOSED_HEADERS, GZIP_MINIMUM, ReleaseFront
from lod.web.history import History
from lod.web.release_files import ReleaseFiles
from lod.web.resources import Resources, cache_key, public_root, request_lang, respond, respond_rendered
from lod.web.sheet_check import SheetCheck
from lod.web.sparql import SparqlEndpoint


def create_app(cfg: Config, store: Store, *, release_dir: Path | None = None) -> Starlette:
    """The web app over one store; `release_dir` adds the release's files (dumps, catalogue, ontology).

    >>> import pyoxigraph as ox
    >>> from starlette.testclient import TestClient
    >>> from lod.store.memory import MemoryStore
    >>> graph = ox.Store()
    >>> measure = ox.NamedNode("https://w3id.org/veilig-uitgaan/id/maatregel/44021-2022-001")
    >>> graph.add(ox.Quad(measure, ox.NamedNode("http://purl.org/dc/terms/title"),
    ...                   ox.Literal("Gentse Feesten", language="nl")))
    >>> client = TestClient(create_app(Config(), MemoryStore(graph)))
    >>> client.get("/sparql", params={"query": "SELECT ?title WHERE { ?m ?p ?title }"},
    ...            headers={"Accept": "text/csv"}).text
    'title\\r\\nGentse Feesten\\r\\n'
    >>> answer = client.get("/id/maatregel/44021-2022-001", follow_redirects=False)
    >>> answer.status_code, answer.headers["location"]
    (303, 'http://testserver/doc/maatregel/44021-2022-001')
    >>> print(client.get(answer.headers["location"], headers={"Accept": "text/turtle"}).text)
    @prefix dct: <http://purl.org/dc/terms/> .
    <https://w3id.org/veilig-uitgaan/id/maatregel/44021-2022-001> dct:title "Gentse Feesten"@nl .
    <BLANKLINE>
    """
    site = Site(store, cfg, described=catalogue_quads(release_dir))
    site.load_reference()  # read at the start: no request reads a file outside the release
    cache = RenderCache()  # rendered pages of this release, shared by every HTML route
    release_files = ReleaseFiles(release_dir)  # the pages and documents the build wrote, by the manifest
    resources = Resources(cfg, site, release_dir, cache, release_files)

    def links(request: Request, page: str) -> Links:
        return Links(site, lang=request_lang(request), page=page, root=public_root(cfg, request))

    async def landing(request: Request) -> Response:
        key = cache_key(request, "landing")
        found = cache.get(key)
        if found is None:
            html = await run_in_threadpool(render_landing, site, links(request, ""), release_dir)
            found = cache.put(key, Rendered.of(html.encode(), HTML))
        return respond_rendered(request, found)

    def frame_page(path: str):
        """/data, /organisaties, /toegankelijkheid: rendered once per request shape."""
        render = FRAME_PAGES[path]

        async def handler(request: Request) -> Response:
            key = cache_key(request, path)
            found = cache.get(key)
            if found is None:
                html = await run_in_threadpool(render, site, links(request, path), release_dir)
                found = cache.put(key, Rendered.of(html.encode(), HTML))
            return respond_rendered(request, found)

        return handler

    async def query_page(request: Request) -> Response:
        """/query, /query?query=…, /query/<name>: the editor, filled with the query asked for."""
        name = request.path_params.get("name", "")
        if name and name not in {q.name for q in named_queries(cfg) if q.graph == "data"}:
            return resources.error_page(request, 404, "not_found",
                                        f"Niet gevonden (not found): /query/{name}")
        page = f"query/{name}" if name else "query"
        html = render_query_page(site, links(request, page), public_root(cfg, request) + "sparql", name=name,
                                 text=request.query_params.get("query", "")[: cfg.max_body_bytes])
        return respond(request, html.encode(), HTML)

    async def exchange(request: Request) -> Response:
        """/uitwisseling/…: the exchange pages (lod/pages/exchange.py), rendered once per request shape."""
        key = cache_key(request, "exchange")
        found = cache.get(key)
        if found is not None:
            return respond_rendered(request, found)
        path = "uitwisseling/" + (request.path_params.get("path", "").strip("/") or "index")
        page_links = links(request, path)
        html = await run_in_threadpool(exchange_page, site, path.removesuffix(".html"), page_links)
        if html is None:
            return resources.error_page(request, 404, "not_found", f"Niet gevonden (not found): /{path}")
        return respond_rendered(request, cache.put(key, Rendered.of(html.encode(), HTML)))

    search_bytes: dict[str, bytes] = {}
    search_indexes: dict[str, dict] = {}  # per language: what the page counts its facets from

    def searched() -> dict[str, bytes]:
        """zoeken/'s data files, built from the store once (the same bytes as the release's), and the
        release's own copy of the library, so the page and its library come from one release."""
        if not search_bytes:
            data = search_data(store, cfg)  # one reading of the store for the files and the page
            files = search_files(store, cfg, data)
            own = release_dir / SEARCH_LIBRARY if release_dir is not None else None
            if own is not None and own.is_file():
                files[SEARCH_LIBRARY] = own.read_bytes()
            search_indexes.update({lang: index for lang, (index, _choices) in data.items()})
            search_bytes.update(files)
        return search_bytes

    async def search_page(request: Request) -> Response:
        """/zoeken (also /zoeken/ and /zoeken/index): the search page, drawn once per request shape."""
        key = cache_key(request, "search")
        found = cache.get(key)
        if found is None:
            files = await run_in_threadpool(searched)
            page_links = links(request, SEARCH_PAGE)
            html = await run_in_threadpool(render_search_page, site, page_links,
                                           library=SEARCH_LIBRARY in files,
                                           index=search_indexes[page_links.lang])
            found = cache.put(key, Rendered.of(html.encode(), HTML))
        return respond_rendered(request, found)

    async def search_file(request: Request) -> Response:
        files = await run_in_threadpool(searched)
        body = files.get(f"{SEARCH}/{request.path_params['name']}")
        if body is None:
            return resources.error_page(request, 404, "not_found",
                                        f"Niet gevonden (not found): {request.url.path}")
        return respond(request, body, "text/javascript")

    sparql = SparqlEndpoint(cfg, store, release_dir, query_page)
    history = History(cfg, site, release_dir, resources.error_page)
    routes = [
        Route("/versies", history.page),
        Route("/impact", history.impact),
        Route("/versies/{version}/{path:path}", history.version_file),
        Route("/versies/{version}", history.version_file),
        Route("/ldes/{path:path}", history.feed),
        Route("/", landing),
        Route("/query", query_page),
        Route("/query/{name}", query_page),
        *SheetCheck(cfg, site).routes(),  # /controle: the instant check of an uploaded sheet
        *(Route(f"/{path}", frame_page(path)) for path in FRAME_PAGES),
        Route("/uitwisseling", exchange),
        Route("/uitwisseling/{path:path}", exchange),
        *(Route(path, search_page) for path in (f"/{SEARCH}", f"/{SEARCH}/", f"/{SEARCH_PAGE}")),
        Route(f"/{SEARCH}/{{name}}", search_file),
        Route("/sparql", sparql.handle, methods=["GET", "POST", "OPTIONS"], name="sparql"),
        Route("/id/{path:path}", resources.identifier),
        Route("/doc/{path:path}", resources.document),
        Route("/ns", resources.file_document(VOCABULARY_TTL, VOCABULARY_HTML, title="vocabulary")),
        Route("/.well-known/void", resources.file_document(VOID, title="void")),
        Route("/catalogus", resources.file_document(CATALOGUE, title="catalogue")),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    if release_dir is not None:
        routes.append(Route(f"/{CONTEXT}", context_route(release_dir / CONTEXT)))
        routes.append(Route(f"/{DUMPS}/{{name}}", dump_route(release_dir / DUMPS)))
        for name in SERVED_FILES:  # as they are: the static site's own links point at them
            routes.append(Route(f"/{name}", file_route(release_dir / name)))
        for folder in SERVED_FOLDERS:
            if (release_dir / folder).is_dir():
                routes.append(Mount(f"/{folder}", StaticFiles(directory=release_dir / folder), name=folder))
    middleware = [
        # First: what the release holds is answered from its files, with the headers the rest gives.
        Middleware(ReleaseFront, cfg=cfg, site=site, files=release_files),
        Middleware(TrailingSlash),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                   allow_headers=["*"], expose_headers=list(EXPOSED_HEADERS), max_age=86400),
        Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM),
        Middleware(ReleasePages, files=release_files),
    ]
    return Starlette(routes=routes, middleware=middleware)


class TrailingSlash:
    """/uitwisseling/ and /doc/gemeente/71016/ lead to the page without the slash (308, query kept):
    people and other sites add one, and a static host serves uitwisseling/ as its index too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        slashed = len(path) > 1 and path.endswith("/") and not path.startswith("/static/")
        if scope["type"] == "http" and slashed:
            target = path.rstrip("/") or "/"
            query = scope.get("query_string", b"").decode("latin-1")
            response = RedirectResponse(target + (f"?{query}" if query else ""), status_code=308)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class ReleasePages:
    """GET/HEAD of a static page by its file name (/index.html, /data.en.html, /zoeken/index.html,
    /uitwisseling/partners/x.html): the release's file, before any route. The static site's relative
    links lead there from the pages /doc/… sends from the release. /doc/… itself is left to its
    route, which negotiates and adds Link, Content-Location and 410 for a withdrawn measure.
    ReleaseFront answers these before the stack; this is what answers when it steps aside."""

    def __init__(self, app: ASGIApp, files: ReleaseFiles) -> None:
        self.app, self.files = app, files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        rel = path[1:]
        if (path.endswith(".html") and not rel.startswith("doc/") and rel in self.files
                and scope.get("method") in ("GET", "HEAD")):
            rendered = self.files.rendered(rel, HTML)
            if rendered is not None:
                response = respond_rendered(Request(scope, receive), rendered)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def catalogue_quads(release_dir: Path | None) -> list[Quad]:
    """The catalogue files' triples as written: the documents about the catalogue's resources show
    them exactly (a store changes some typed literals: lod.release.catalogue.storable)."""
    if release_dir is None:
        return []
    return [q for name in CATALOGUE_FILES if (release_dir / name).is_file()
            for q in parse(path=str(release_dir / name), format=RdfFormat.TURTLE)]
