"""A release's files over HTTP: the dumps (compressed ones negotiated), the JSON-LD context, the rest.

A compressed dump (`veilig-uitgaan.ttl.gz`) is a gzip file of an RDF document, as the catalogue
says (`dcat:mediaType` the RDF type, `dcat:compressFormat` application/gzip). It is served as what
the client asks for:
- a client that asks for its RDF type (rapper, rdflib's `Graph().parse(url)`, Comunica: their
  Accept headers name RDF types) gets the document: `Content-Type: text/turtle` with
  `Content-Encoding: gzip` (the stored bytes) when its Accept-Encoding takes gzip, decompressed
  otherwise (rdflib sends `Accept-Encoding: identity`, rapper none);
- anyone else (a browser, curl, wget: `*/*`) gets the file as it is, `application/gzip`, so a
  download saved as .ttl.gz is a gzip file and its SHA-256 is the catalogue's.
`Vary: Accept, Accept-Encoding` tells caches so.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse

from lod.web.conneg import JSONLD, SUFFIXES, accepts_gzip, negotiate

GZIP = "application/gzip"
TEXT_TYPES = {"text/turtle", "application/n-triples", "text/plain"}
NOT_HERE = "Niet in deze release (not in this release)."


def media_type_of(name: str) -> str | None:
    """The RDF media type of a dump's name, compressed or not; None when it is no RDF syntax.

    >>> media_type_of("veilig-uitgaan.nt.gz"), media_type_of("SHA256SUMS")
    ('application/n-triples', None)
    """
    return SUFFIXES.get(Path(name.removesuffix(".gz")).suffix)


def _typed(media_type: str) -> str:
    return media_type + ("; charset=utf-8" if media_type in TEXT_TYPES else "")


def _inflated(path: Path) -> Iterator[bytes]:
    with gzip.open(path, "rb") as fh:
        while chunk := fh.read(1 << 16):
            yield chunk


def dump_route(folder: Path):
    """/dumps/{name}: a file of the release's dumps folder (never a path outside it)."""

    async def handler(request: Request) -> Response:
        name = request.path_params["name"]
        path = folder / name
        if "/" in name or name.startswith(".") or not path.is_file():
            return PlainTextResponse(NOT_HERE, status_code=404)
        rdf = media_type_of(name)
        if not name.endswith(".gz"):
            return FileResponse(path, media_type=_typed(rdf or "text/plain"))
        vary = {"Vary": "Accept, Accept-Encoding"}
        chosen = negotiate(request.headers.get("accept"), (GZIP, rdf)) if rdf else GZIP
        if chosen is None:
            return PlainTextResponse(f"Beschikbaar (available): {GZIP}, {rdf}", status_code=406, headers=vary)
        if chosen == GZIP:
            return FileResponse(path, media_type=GZIP, headers=vary)
        if accepts_gzip(request.headers.get("accept-encoding")):
            return FileResponse(path, media_type=_typed(chosen), headers={**vary, "Content-Encoding": "gzip"})
        return StreamingResponse(_inflated(path), media_type=_typed(chosen), headers=vary)

    return handler


def file_route(path: Path, media_type: str | None = None):
    """One file of the release, served as it is."""

    async def handler(request: Request) -> Response:
        if not path.is_file():
            return PlainTextResponse(NOT_HERE, status_code=404)
        return FileResponse(path, media_type=media_type)

    return handler


def context_route(path: Path):
    """{base}ns/context.jsonld: the JSON-LD context the dumps are compacted with."""
    return file_route(path, JSONLD)


__all__ = ["context_route", "dump_route", "file_route", "media_type_of"]
