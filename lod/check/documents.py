"""Documents as clients get them: content negotiation on a sample of URIs, CORS, the JSON-LD
context where the dumps say it is, and each dump of the catalogue by its download URL.

The matrix: `/id/…` answers 303 to `/doc/…`; `/doc/…` answers each RDF syntax and HTML by Accept
(q-values included), by suffix, 406 when nothing fits, and 304 for its ETag. A static host cannot
negotiate: there the suffixed files must be there and parse, and the rest is not applicable.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator

import requests
from pyoxigraph import NamedNode

from lod.check.deployment import Deployment, parses
from lod.check.report import Outcome, failed, inapplicable, passed, verdict
from lod.layout import CONTEXT
from lod.terms import DCAT, RDF, SPDX, VOID
from lod.web.conneg import HTML, JSONLD, NTRIPLES, RDFXML, SUFFIX_OF, TURTLE

# Accept header -> the media type the document must come in (None: 406).
MATRIX = [
    (TURTLE, TURTLE), (JSONLD, JSONLD), (NTRIPLES, NTRIPLES), (RDFXML, RDFXML), (HTML, HTML),
    ("text/turtle;q=0.4, application/ld+json;q=0.8", JSONLD), ("text/*;q=0.5, application/rdf+xml", RDFXML),
    ("image/png", None),
]
GZIP = "application/gzip"


def _media(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def samples(site: Deployment) -> list[str]:
    """Canonical IRIs to try: up to `sample` things of each class under the release's /id/."""
    if site.endpoint is None:
        return []
    rows = site.select(
        "SELECT ?c ?s WHERE { ?s a ?c FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"" + site.base + "id/\") "
        "&& !CONTAINS(STR(?s), \"#\")) } ORDER BY ?c ?s")
    chosen: dict[str, list[str]] = {}
    for row in rows:
        picked = chosen.setdefault(row["c"], [])
        if len(picked) < site.options.sample and row["s"] not in picked:
            picked.append(row["s"])
    return sorted({iri for picked in chosen.values() for iri in picked})


class NegotiationCheck:
    name = "negotiation"

    def run(self, site: Deployment) -> Iterator[Outcome]:
        iris = samples(site)
        if not iris:
            yield inapplicable("negotiation.sample", "geen SPARQL-endpoint om URI's te kiezen",
                               "no SPARQL endpoint to pick URIs from")
            return
        for iri in iris:
            yield from self._one(site, iri)

    def _one(self, site: Deployment, iri: str) -> Iterator[Outcome]:
        test = "negotiation." + iri[len(site.base):].replace("/", "_")
        problems: list[str] = []
        try:
            redirect = site.get(site.here(iri), headers={"Accept": TURTLE})
            doc = redirect.headers.get("Location", "")
            if redirect.status_code != 303 or "/doc/" not in doc:
                problems.append(f"/id/ answered {redirect.status_code} {doc!r}, not 303 to /doc/")
                doc = site.here(iri.replace("/id/", "/doc/", 1))
            for accept, want in MATRIX:
                response = site.get(doc, headers={"Accept": accept})
                if want is None:
                    if response.status_code != 406:
                        problems.append(f"Accept {accept}: {response.status_code}, not 406")
                    continue
                media = _media(response)
                if response.status_code not in (200, 410) or media != want:
                    problems.append(f"Accept {accept}: {response.status_code} {media}, not {want}")
                elif want != HTML and not any(t.subject == NamedNode(iri) for t in
                                              parses(response.content, want, doc) or []):
                    problems.append(f"Accept {accept}: the {want} does not describe <{iri}>")
            for media, suffix in SUFFIX_OF.items():
                response = site.get(doc + suffix)
                if response.status_code not in (200, 410) or _media(response) != media:
                    problems.append(f"{suffix}: {response.status_code} {_media(response)}, not {media}")
            first = site.get(doc, headers={"Accept": TURTLE})
            etag = first.headers.get("ETag")
            again = site.get(doc, headers={"Accept": TURTLE, "If-None-Match": etag or '"none"'})
            if not etag or again.status_code != 304:
                problems.append(f"ETag {etag!r}: If-None-Match gave {again.status_code}, not 304")
        except requests.RequestException as exc:
            problems.append(f"no answer: {exc}")
        detail = "; ".join(problems)
        yield verdict(test, (f"wijkt af: {detail}", detail) if problems else None,
                      (f"{len(MATRIX)} Accept-headers, {len(SUFFIX_OF)} suffixen, 303 en 304 zoals verwacht",
                       f"{len(MATRIX)} Accept headers, {len(SUFFIX_OF)} suffixes, 303 and 304 as expected"))


class CorsCheck:
    name = "cors"

    def run(self, site: Deployment) -> Iterator[Outcome]:
        origin = "https://client.example"
        if site.endpoint is None:
            yield inapplicable("cors.preflight", "geen SPARQL-endpoint", "no SPARQL endpoint")
        else:
            response = site.request("OPTIONS", site.endpoint, headers={
                "Origin": origin, "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type"})
            allowed = response.headers.get("Access-Control-Allow-Origin")
            methods = response.headers.get("Access-Control-Allow-Methods", "")
            ok = response.status_code in (200, 204) and allowed in ("*", origin) and "POST" in methods
            detail = f"{response.status_code}, Allow-Origin {allowed!r}, Allow-Methods {methods!r}"
            refused = (f"voorcontrole geweigerd: {detail}", f"preflight refused: {detail}")
            yield verdict("cors.preflight", None if ok else refused,
                          (f"voorcontrole voor POST toegestaan ({detail})",
                           f"preflight for POST allowed ({detail})"))
        response = site.get(site.url, headers={"Origin": origin})
        allowed = response.headers.get("Access-Control-Allow-Origin")
        missing = (f"geen Access-Control-Allow-Origin op {site.url}",
                   f"no Access-Control-Allow-Origin on {site.url}")
        yield verdict("cors.simple", None if allowed in ("*", origin) else missing,
                      (f"Access-Control-Allow-Origin: {allowed}", f"Access-Control-Allow-Origin: {allowed}"))


class ContextCheck:
    name = "context"

    def run(self, site: Deployment) -> Iterator[Outcome]:
        url = site.here(site.base + CONTEXT)
        response = site.get(url, headers={"Accept": JSONLD})
        try:
            ok = response.status_code == 200 and "@context" in json.loads(response.content)
        except ValueError:
            ok = False
        status = response.status_code
        missing = (f"{url}: {status}, geen JSON-LD-context", f"{url}: {status}, no JSON-LD context")
        yield verdict("context.jsonld", None if ok else missing,
                      (f"{url} is de JSON-LD-context", f"{url} is the JSON-LD context"))


class DumpCheck:
    """Each distribution of the catalogue by its download URL: the file (size, SHA-256) as the
    catalogue says, and its RDF readable by a client asking for the distribution's media type."""

    name = "dumps"

    def run(self, site: Deployment) -> Iterator[Outcome]:
        catalogue = site.catalogue
        if catalogue is None:
            yield failed("dumps.catalogue", "geen catalogus gevonden (/catalogus, catalogus.ttl)",
                         "no catalogue found (/catalogus, catalogus.ttl)")
            return
        found = False
        for quad in catalogue.quads_for_pattern(None, RDF.type, DCAT.Distribution):
            dist = quad.subject
            urls = [q.object.value for q in catalogue.quads_for_pattern(dist, DCAT.downloadURL, None)]
            if not urls:
                continue
            found = True
            yield self._one(site, catalogue, dist, urls[0])
        if not found:
            yield failed("dumps.distributions", "de catalogus heeft geen downloadbare distributies",
                         "the catalogue has no downloadable distribution")
        for quad in (site.void.quads_for_pattern(None, VOID.dataDump, None) if site.void else ()):
            response = site.request("HEAD", site.here(quad.object.value))
            yield verdict("dumps.void." + quad.object.value.rsplit("/", 1)[-1],
                          None if response.status_code == 200 else (
                              f"void:dataDump {quad.object.value}: {response.status_code}",
                              f"void:dataDump {quad.object.value}: {response.status_code}"),
                          ("void:dataDump bereikbaar", "void:dataDump reachable"))

    def _one(self, site: Deployment, catalogue, dist, url: str) -> Outcome:
        name = url.rsplit("/", 1)[-1]
        values = {p: [q.object.value for q in catalogue.quads_for_pattern(dist, p, None)]
                  for p in (DCAT.mediaType, DCAT.compressFormat, DCAT.byteSize)}
        media = (values[DCAT.mediaType] or [""])[0].removeprefix("http://www.iana.org/assignments/media-types/")
        compressed = bool(values[DCAT.compressFormat])
        sums = [q.object.value for s in catalogue.quads_for_pattern(dist, SPDX.checksum, None)
                for q in catalogue.quads_for_pattern(s.object, SPDX.checksumValue, None)]
        problems: list[str] = []
        here = site.here(url)
        try:
            # The file itself: what a download of the URL saves.
            file = site.get(here, headers={"Accept": "*/*", "Accept-Encoding": "identity"}, stream=True)
            raw = _body(file)
            if file.status_code != 200:
                problems.append(f"download: {file.status_code}")
            else:
                size = values[DCAT.byteSize]
                if size and int(size[0]) != len(raw):
                    problems.append(f"dcat:byteSize {size[0]}, the file has {len(raw)} bytes")
                if sums and hashlib.sha256(raw).hexdigest() not in sums:
                    problems.append("spdx:checksum is not the SHA-256 of the file")
            # The RDF, as rapper or rdflib ask for it (and as Comunica does, with gzip).
            for coding in ("identity", "gzip"):
                answer = site.get(here, headers={"Accept": media, "Accept-Encoding": coding}, stream=True)
                body, served = _body(answer), _media(answer)
                if served == GZIP and compressed:
                    body = _gunzip(body)
                elif served != media:
                    problems.append(f"Accept {media} ({coding}): served as {served or '(none)'}")
                    continue
                if body is None or parses(body, media, here) is None:
                    encoding = answer.headers.get("Content-Encoding", "none")
                    problems.append(f"Accept {media} ({coding}): served as {served} with Content-Encoding "
                                    f"{encoding}, but the body is not {media}")
        except requests.RequestException as exc:
            problems.append(f"no answer: {exc}")
        detail = "; ".join(problems)
        return verdict(f"dumps.{name}", (f"wijkt af: {detail}", detail) if problems else None,
                       (f"{name}: bestand zoals de catalogus zegt, leesbaar als {media}",
                        f"{name}: the file as the catalogue says, readable as {media}"))


def _body(response: requests.Response) -> bytes:
    """The body as sent, its Content-Encoding undone (and nothing else)."""
    raw = response.raw.read(decode_content=False)
    coding = response.headers.get("Content-Encoding", "").lower()
    if coding in ("gzip", "x-gzip"):
        return _gunzip(raw) or b""
    if coding == "deflate":
        return zlib.decompress(raw)
    return raw


def _gunzip(data: bytes) -> bytes | None:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError):
        return None


__all__ = ["ContextCheck", "CorsCheck", "DumpCheck", "MATRIX", "NegotiationCheck", "samples", "passed"]
