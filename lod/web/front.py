"""The pages and documents a release holds, answered before routing: plain ASGI in front of the app.

A request for a file the build already wrote (`/doc/…` in a format the release holds, or a static
page by its file name such as `/index.html`) needs no route, no store and no rendering: its bytes,
its ETag (the manifest's hash) and its headers are known. Starlette's routing and its middleware
stack cost about as much CPU per request as the rest together (issue 17), so such a request is
answered here, with every header the full stack gives it (the app's CORS and gzip settings,
Vary, ETag and 304, Content-Security-Policy, Link and Content-Location, 410 for a withdrawn
measure; tests/web/test_front.py compares both answers header by header). Anything else (another
method, a path the manifest does not hold, a format it has no file of, a request behind a proxy's
root path) goes on to the app unchanged.

The file is found through ReleaseFiles (lod/web/release_files.py): only manifest paths, each
resolved inside the release folder, so nothing a caller sends reads outside it. File bytes and
their gzip (made once, level 6) are kept in a byte-bounded LRU: a release never changes.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from lod.config import Config
from lod.pages.links import PAGE_SUFFIX
from lod.pages.site import Site
from lod.web.cache import RenderCache, Rendered
from lod.web.conneg import DOCUMENT_TYPES, HTML, SUFFIX_OF
from lod.web.release_files import ReleaseFiles
from lod.web.resources import CSP, RDF_SUFFIX, chosen_lang, document_type, etag_matches, held_document

# The app's CORS policy (lod/web/app.py passes the same to CORSMiddleware) and its gzip threshold.
EXPOSED_HEADERS = ("X-Result-Truncated", "X-Cache", "Link", "ETag", "Content-Location")
GZIP_MINIMUM = 500
_CORS = [(b"access-control-allow-origin", b"*"),
         (b"access-control-expose-headers", ", ".join(EXPOSED_HEADERS).encode("latin-1"))]
_WANTED = {b"accept", b"accept-language", b"accept-encoding", b"if-none-match", b"origin"}


@lru_cache(maxsize=64)
def _base_url(scheme: str, host: bytes | None, server: tuple[str, int] | None) -> str:
    """What Starlette's `request.base_url` is for a request at the root (no root_path)."""
    headers = [(b"host", host)] if host is not None else []
    return str(Request({"type": "http", "scheme": scheme, "server": server, "path": "/", "root_path": "",
                        "query_string": b"", "headers": headers}).base_url)


def _server(scope: Scope) -> tuple[str, int] | None:
    server = scope.get("server")  # a tuple from uvicorn, a list from some test clients
    return None if server is None else (server[0], server[1])


class _Entry:
    """A release file as a finished representation and, once a client asked for it, its gzip."""

    __slots__ = ("key", "rendered", "zipped")

    def __init__(self, key: tuple[str, str, int], rendered: Rendered) -> None:
        self.key, self.rendered, self.zipped = key, rendered, None

    @property
    def body(self) -> bytes:
        return self.rendered.body


class _Files(RenderCache):
    """The files sent lately, bounded by their bytes and those of their gzip."""

    def _cost(self, value: _Entry) -> int:  # type: ignore[override]
        return len(value.body) + len(value.zipped or b"")


class ReleaseFront:
    """ASGI middleware: GET/HEAD of what the release holds, answered from its files."""

    def __init__(self, app: ASGIApp, cfg: Config, site: Site, files: ReleaseFiles,
                 cache_bytes: int = 64 * 1024 * 1024) -> None:
        self.app, self.cfg, self.site, self.files = app, cfg, site, files
        self.cache = _Files(cache_bytes)  # (manifest path, media type, status) -> _Entry
        self._withdrawn: frozenset[str] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or not len(self.files)
                or scope.get("root_path")):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.endswith("/") or not (path.startswith("/doc/") or path.endswith(".html")):
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, bytes] = {}
        host = None
        for name, value in scope["headers"]:
            if name in _WANTED:
                headers.setdefault(name, value)  # the first of a repeated header, as Starlette reads it
            elif name == b"host" and host is None:
                host = value
        answer = await self._answer(scope, path, headers, host)
        if answer is None:
            await self.app(scope, receive, send)
            return
        await self._send(send, answer, headers)

    async def _answer(self, scope: Scope, path: str, headers: dict[bytes, bytes],
                      host: bytes | None) -> tuple[_Entry, list[tuple[bytes, bytes]]] | None:
        """(the file, its headers before gzip and CORS), None to leave the request to the app."""
        if not path.startswith("/doc/"):  # a static page by its file name (/index.html, /data.en.html)
            entry = self._file(path[1:], HTML, 200)
            return None if entry is None else (entry, self._headers(entry.rendered, []))
        query = scope.get("query_string", b"")
        params = dict(parse_qsl(query.decode("latin-1"), keep_blank_values=True)) if query else {}
        held = held_document(self.files, path[len("/doc/"):])
        if held is None:
            return None
        doc_path, suffix_type, lang = held
        media_type = suffix_type or document_type(params.get("format"), _text(headers.get(b"accept")))
        if media_type is None:
            return None  # 406: the app lists the formats
        lang = lang or chosen_lang(params.get("lang"), _text(headers.get(b"accept-language")))
        suffix = PAGE_SUFFIX.pick(lang) if media_type == HTML else RDF_SUFFIX.get(media_type)
        if suffix is None:
            return None  # RDF/XML: rendered by the app
        if self._withdrawn is None:  # one query, the first time, off the event loop
            self._withdrawn = await run_in_threadpool(lambda: self.site.withdrawn)
        subject = self.site.subject_of(doc_path)
        status = 410 if subject in self._withdrawn else 200
        entry = self._file(doc_path + suffix, media_type, status)
        if entry is None:
            return None
        root = (self.cfg.public_base.rstrip("/") + "/" if self.cfg.public_base
                else _base_url(scope.get("scheme", "http"), host, _server(scope)))
        link = ", ".join([f'<{subject}>; rel="canonical"',
                          *(f'<{root}{doc_path}{SUFFIX_OF[t]}>; rel="alternate"; type="{t}"'
                            for t in DOCUMENT_TYPES)])
        extra = [(b"link", link.encode("latin-1"))]
        if not suffix_type:
            extra.append((b"content-location", f"{root}{doc_path}{SUFFIX_OF[media_type]}".encode("latin-1")))
        return entry, self._headers(entry.rendered, extra)

    def _file(self, rel: str, media_type: str, status: int) -> _Entry | None:
        if rel not in self.files:
            return None
        key = (rel, media_type, status)
        found = self.cache.get(key)
        if found is None:
            rendered = self.files.rendered(rel, media_type, status)
            if rendered is None:
                return None
            found = self.cache.put(key, _Entry(key, rendered))
        return found

    @staticmethod
    def _headers(rendered: Rendered, extra: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        """ETag, Vary and the document's own headers, in the order respond_rendered gives them."""
        headers = [(b"etag", rendered.etag.encode("latin-1")), (b"vary", b"Accept, Accept-Language"), *extra]
        if rendered.media_type == HTML:
            headers.append((b"content-security-policy", CSP.encode("latin-1")))
        return headers

    async def _send(self, send: Send, answer: tuple[_Entry, list[tuple[bytes, bytes]]],
                    headers: dict[bytes, bytes]) -> None:
        """As the app's stack sends it: 304 when the client has it; gzip (and Vary: Accept-Encoding)
        from GZIP_MINIMUM bytes when Accept-Encoding names gzip; CORS headers when there is an
        Origin, and Vary: Origin always (CORSMiddleware with every origin allowed)."""
        entry, out = answer
        rendered = entry.rendered
        tags = headers.get(b"if-none-match")
        body, vary, coded = rendered.body, b", Origin", False
        if rendered.status == 200 and etag_matches(_text(tags), rendered.etag):
            status, body = 304, b""
        else:
            status = rendered.status
            if len(body) >= GZIP_MINIMUM:
                vary = b", Accept-Encoding, Origin"
                if b"gzip" in headers.get(b"accept-encoding", b""):
                    body, coded = self._gzipped(entry), True
        out = [(name, value + vary) if name == b"vary" else (name, value) for name, value in out]
        if status != 304:
            charset = "; charset=utf-8" if rendered.media_type.startswith("text/") else ""
            out += [(b"content-length", str(len(body)).encode()),
                    (b"content-type", (rendered.media_type + charset).encode("latin-1"))]
            if coded:
                out.append((b"content-encoding", b"gzip"))
        if b"origin" in headers:
            out += _CORS
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": body})

    def _gzipped(self, entry: _Entry) -> bytes:
        if entry.zipped is None:
            entry.zipped = gzip.compress(entry.body, compresslevel=6, mtime=0)
            self.cache.put(entry.key, entry)  # counted again, with its gzip
        return entry.zipped


def _text(header: bytes | None) -> str | None:
    return None if header is None else header.decode("latin-1")


__all__ = ["EXPOSED_HEADERS", "GZIP_MINIMUM", "ReleaseFront"]
