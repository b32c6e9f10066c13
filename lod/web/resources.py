"""Dereferencing: /id/… → 303 → /doc/…, content negotiation, ETag/304, 404/410, base-URI mapping.

The release's base (`cfg.base_uri`, e.g. https://w3id.org/veilig-uitgaan/) may differ from where
the server runs: an incoming path is read relative to the server's root (`cfg.public_base`, else
the request's own base URL) and mapped onto the base; links in HTML point back at the server.
RDF keeps the canonical IRIs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pyoxigraph import parse
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from lod.config import Config
from lod.pages.links import PAGE_SUFFIX, Links
from lod.pages.site import Document, Site, document_rdf
from lod.pages.text import UI
from lod.store.results import serialize_graph
from lod.terms import prefixes
from lod.text import LANGS
from lod.web.cache import RenderCache, Rendered
from lod.web.conneg import (
    DOCUMENT_TYPES,
    HTML,
    SUFFIX_OF,
    from_format,
    negotiate,
    preferred_language,
    split_suffix,
)
from lod.web.release_files import ReleaseFiles

# Inline styles are allowed (the exchange fragments carry theirs); scripts only from this host.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
RDF_SUFFIX = {"text/turtle": ".ttl", "application/ld+json": ".jsonld", "application/n-triples": ".nt"}


def public_root(cfg: Config, request: Request) -> str:
    """Where this server is reached, ending in '/': the configured public base or the request's."""
    return cfg.public_base.rstrip("/") + "/" if cfg.public_base else str(request.base_url)


# Each client sends the same Accept and Accept-Language on every request, so their readings are kept;
# a header longer than this (no browser sends one) is read each time instead of being kept.
_KEPT_HEADER = 1024


@lru_cache(maxsize=512)
def _accepted_type(accept: str | None) -> str | None:
    return negotiate(accept, DOCUMENT_TYPES)


@lru_cache(maxsize=512)
def _accepted_lang(accept_language: str | None) -> str:
    return preferred_language(accept_language)


def document_type(asked: str | None, accept: str | None) -> str | None:
    """The document type of a request: ?format= when given (an unknown value is None, so 406 lists
    the formats, as for Accept), else the Accept header. For the routes and the front alike."""
    if asked:
        return from_format(asked, DOCUMENT_TYPES)
    if accept is not None and len(accept) > _KEPT_HEADER:
        return negotiate(accept, DOCUMENT_TYPES)
    return _accepted_type(accept)


def chosen_lang(asked: str | None, accept_language: str | None) -> str:
    """The language of a request: ?lang= when it names one, else Accept-Language."""
    if asked in LANGS:
        return asked
    if accept_language is not None and len(accept_language) > _KEPT_HEADER:
        return preferred_language(accept_language)
    return _accepted_lang(accept_language)


def request_lang(request: Request) -> str:
    return chosen_lang(request.query_params.get("lang"), request.headers.get("accept-language"))


def respond(request: Request, body: bytes, media_type: str, *, status: int = 200,
            headers: dict[str, str] | None = None) -> Response:
    """A response with an ETag; 304 when the client already has this representation."""
    return respond_rendered(request, Rendered.of(body, media_type, status, headers))


def respond_rendered(request: Request, rendered: Rendered) -> Response:
    """`respond` for a representation whose ETag is already known (from the RenderCache)."""
    media_type, status = rendered.media_type, rendered.status
    headers = {"ETag": rendered.etag, "Vary": "Accept, Accept-Language", **rendered.headers}
    if media_type == HTML:
        headers["Content-Security-Policy"] = CSP
    if status == 200 and etag_matches(request.headers.get("if-none-match"), rendered.etag):
        return Response(status_code=304, headers=headers)
    charset = "; charset=utf-8" if media_type.startswith("text/") or media_type == HTML else ""
    return Response(rendered.body, status_code=status, media_type=media_type + charset, headers=headers)


def cache_key(request: Request, route: str) -> tuple[str, ...]:
    """What a document's bytes depend on: path, ?format=, Accept, language and the server's root."""
    return (route, request.url.path, request.query_params.get("format") or "",
            request.headers.get("accept") or "", request_lang(request),
            str(request.base_url))


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match names this representation (weak comparison, as for GET)."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag.removeprefix("W/") in tags


def _negotiate(request: Request) -> str | None:
    return document_type(request.query_params.get("format"), request.headers.get("accept"))


def not_acceptable(offers: tuple[str, ...] | list[str]) -> Response:
    names = [o + (f" (?format={SUFFIX_OF[o][1:]})" if o in SUFFIX_OF else "") for o in offers]
    return PlainTextResponse("Geen van de gevraagde formaten is beschikbaar (not acceptable). Beschikbaar: "
                             + ", ".join(names), status_code=406)


def page_suffix(path: str) -> tuple[str, str | None, str | None]:
    """'maatregel/x.en.html' -> ('maatregel/x', HTML, 'en'), 'maatregel/x.html' -> (…, HTML, 'nl'),
    'maatregel/x.ttl' -> (…, 'text/turtle', None): a page's file name says its language, as the
    static site's links (and its language switch) do."""
    for lang in LANGS:
        if path.endswith(PAGE_SUFFIX.pick(lang)) and lang != LANGS[0]:
            return path[: -len(PAGE_SUFFIX.pick(lang))], HTML, lang
    path, media_type = split_suffix(path)
    return path, media_type, LANGS[0] if media_type == HTML else None


def held_document(files: ReleaseFiles, path: str) -> tuple[str, str | None, str | None] | None:
    """(document path, media type of the suffix, language of the file name) when the release's
    manifest holds the page of the document at /doc/`path`, read as `document` reads it: the path
    itself first (an IRI may end in '.ttl'), then without its suffix. The one reading of a /doc
    path, for the routes and for the front that answers before them."""
    if f"doc/{path}.html" in files:
        return f"doc/{path}", None, None
    bare, suffix_type, lang = page_suffix(path)
    if suffix_type and f"doc/{bare}.html" in files:
        return f"doc/{bare}", suffix_type, lang
    return None


class Resources:
    """The /id, /doc and file-backed document routes of one release."""

    def __init__(self, cfg: Config, site: Site, release_dir: Path | None,
                 cache: RenderCache | None = None, files: ReleaseFiles | None = None) -> None:
        self.cfg, self.site, self.release_dir = cfg, site, release_dir
        self.cache = cache if cache is not None else RenderCache()
        self.files = files if files is not None else ReleaseFiles(release_dir)

    def links(self, request: Request, page: str, lang: str | None = None) -> Links:
        return Links(self.site, lang=lang or request_lang(request), page=page,
                     root=public_root(self.cfg, request))

    def error_page(self, request: Request, status: int, title_key: str, message: str) -> Response:
        media_type = negotiate(request.headers.get("accept"), (HTML, "text/plain"))
        if media_type != HTML:
            return PlainTextResponse(message, status_code=status)
        links = self.links(request, request.url.path.lstrip("/"))
        html = self.site.page("error.html", links, title=UI.pick(links.lang)[title_key], message=message,
                              reason=None)
        return respond(request, html.encode(), HTML, status=status)

    async def identifier(self, request: Request) -> Response:
        """/id/{path}: 303 See Other to the document about the thing (if there is one)."""
        path = request.path_params["path"]
        doc = await run_in_threadpool(self.site.document, f"doc/{path}")
        if doc is None:
            return self.error_page(request, 404, "not_found",
                                   f"Onbekende identificator (unknown identifier): /id/{path}")
        target = public_root(self.cfg, request) + f"doc/{path}"
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})

    async def document(self, request: Request) -> Response:
        """/doc/{path}[.suffix]: the document, in the negotiated format (rendered once per release)."""
        key = cache_key(request, "doc")
        cached = self.cache.get(key)
        if cached is not None:
            return respond_rendered(request, cached)
        path = request.path_params["path"]
        held = held_document(self.files, path)
        if held is not None:  # the release wrote this document: no store, no rendering
            answer = await self._send_held(request, key, *held)
            if answer is not None:
                return answer
        suffix_type, lang = None, None
        doc = await run_in_threadpool(self.site.document, f"doc/{path}")
        if doc is None:  # not an IRI that itself ends in '.ttl' (a distribution): read the suffix
            path, suffix_type, lang = page_suffix(path)
            doc = await run_in_threadpool(self.site.document, f"doc/{path}") if suffix_type else None
        if doc is None:
            return self.error_page(request, 404, "not_found", f"Niet gevonden (not found): /doc/{path}")
        media_type = suffix_type or _negotiate(request)
        if media_type is None:
            return not_acceptable(DOCUMENT_TYPES)
        lang = lang or request_lang(request)
        headers = self._headers(request, doc.path, doc.subject, media_type, suffix_type)
        status = 410 if doc.withdrawn else 200
        rendered = self._from_file(doc, media_type, lang, status, headers)
        if rendered is None:
            body = await run_in_threadpool(self._body, request, doc, media_type, lang)
            rendered = Rendered.of(body, media_type, status, headers)
        return respond_rendered(request, self.cache.put(key, rendered))

    async def _send_held(self, request: Request, key: tuple[str, ...], doc_path: str,
                         suffix_type: str | None, lang: str | None) -> Response | None:
        """The document from its file, with the headers rendering gives; None when the release has
        no file of the negotiated format (RDF/XML: rendered)."""
        media_type = suffix_type or _negotiate(request)
        if media_type is None:
            return not_acceptable(DOCUMENT_TYPES)
        lang = lang or request_lang(request)
        suffix = PAGE_SUFFIX.pick(lang) if media_type == HTML else RDF_SUFFIX.get(media_type)
        if suffix is None or doc_path + suffix not in self.files:
            return None
        subject = self.site.subject_of(doc_path)
        withdrawn = await run_in_threadpool(lambda: self.site.withdrawn)  # one query, then kept
        status = 410 if subject in withdrawn else 200
        headers = self._headers(request, doc_path, subject, media_type, suffix_type)
        rendered = self.files.rendered(doc_path + suffix, media_type, status, headers)
        if rendered is None:
            return None
        return respond_rendered(request, self.cache.put(key, rendered))

    def _headers(self, request: Request, doc_path: str, subject: str, media_type: str,
                 suffix_type: str | None) -> dict[str, str]:
        """Link to the thing and each format; Content-Location when the format was negotiated."""
        root = public_root(self.cfg, request)
        alternates = [f'<{root}{doc_path}{SUFFIX_OF[t]}>; rel="alternate"; type="{t}"'
                      for t in DOCUMENT_TYPES]
        headers = {"Link": ", ".join([f'<{subject}>; rel="canonical"', *alternates])}
        if not suffix_type:
            headers["Content-Location"] = f"{root}{doc_path}{SUFFIX_OF[media_type]}"
        return headers

    def _from_file(self, doc: Document, media_type: str, lang: str, status: int,
                   headers: dict[str, str]) -> Rendered | None:
        """The release's own file of this representation (the static site's page in `lang`, or its
        .ttl/.jsonld/.nt), None when the release holds none (then it is rendered)."""
        suffix = PAGE_SUFFIX.pick(lang) if media_type == HTML else RDF_SUFFIX.get(media_type)
        return self.files.rendered(doc.path + suffix, media_type, status, headers) if suffix else None

    def _body(self, request: Request, doc: Document, media_type: str, lang: str) -> bytes:
        if media_type == HTML:
            return self.site.render(doc, self.links(request, doc.path, lang)).encode()
        if media_type in RDF_SUFFIX:
            return document_rdf(doc, RDF_SUFFIX[media_type], self.cfg)
        return serialize_graph([q.triple for q in doc.quads], media_type, prefixes(self.cfg))

    def file_document(self, name: str, html_name: str | None = None, *, title: str = "catalogue"):
        """A route serving a release file (void.ttl, catalogus.ttl, ontology/vu.ttl) in any RDF syntax."""

        async def handler(request: Request) -> Response:
            path = self.release_dir / name if self.release_dir else None
            if path is None or not path.is_file():
                return self.error_page(request, 404, "not_found",
                                       f"Niet in deze release (not in this release): {name}")
            html_path = self.release_dir / html_name if html_name else None
            media_type = _negotiate(request)
            if media_type is None:
                return not_acceptable(DOCUMENT_TYPES)
            if media_type == HTML and html_path and html_path.is_file():
                # To the page itself (303, as /id → /doc), so its relative links resolve.
                return RedirectResponse(public_root(self.cfg, request) + html_name, status_code=303,
                                        headers={"Vary": "Accept"})
            if media_type == HTML:  # no documentation page in the release: one drawn from the triples
                quads = list(parse(path=str(path)))
                links = self.links(request, request.url.path.lstrip("/"))
                words = UI.pick(links.lang)
                html = await run_in_threadpool(self.site.render_graph, words[title], quads, links)
                return respond(request, html.encode(), HTML)
            if media_type == "text/turtle":
                return respond(request, path.read_bytes(), media_type)
            triples = [q.triple for q in parse(path=str(path))]
            return respond(request, serialize_graph(triples, media_type, prefixes(self.cfg)), media_type)

        return handler

