"""The deployment `lod check` looks at: its URL, the release's base, its SPARQL endpoint if any.

A release names everything by its canonical base (`https://w3id.org/veilig-uitgaan/…`); the
deployment may run elsewhere (`http://127.0.0.1:8000/`, a static host). The base is read from the
release itself (`release.json`, else VoID's `void:uriSpace`), and a canonical IRI is mapped onto
the deployment's URL the way `lod serve --public-base` maps it back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from pyoxigraph import Quad, QueryResultsFormat, RdfFormat, parse, parse_query_results

from lod.layout import CATALOGUE, RELEASE_INFO, VOID
from lod.terms import SD
from lod.terms import VOID as VOID_NS

USER_AGENT = "lod-check (veilig-uitgaan)"
TURTLE = "text/turtle"


class Graph:
    """A document's triples as parsed, literals untouched: a pyoxigraph Store would retype some
    (xsd:nonNegativeInteger becomes xsd:integer), and the check must see what was served."""

    def __init__(self, quads: list[Quad]) -> None:
        self.quads = [Quad(q.subject, q.predicate, q.object) for q in quads]

    def quads_for_pattern(self, subject=None, predicate=None, obj=None) -> list[Quad]:
        return [q for q in self.quads if (subject is None or q.subject == subject)
                and (predicate is None or q.predicate == predicate) and (obj is None or q.object == obj)]

    def __iter__(self):
        return iter(self.quads)


@dataclass(frozen=True)
class CheckOptions:
    """What a run may do: shapes to validate the catalogue with, how many URIs and pages to try."""

    shapes: Path | None = None  # the folder of the official shapes (../shared/reference)
    profiles: tuple[str, ...] = ()  # the catalogue profiles to run (lod.validate.catalogue_profiles)
    sample: int = 3  # URIs per class for the content-negotiation matrix
    max_pages: int = 60  # HTML pages the link check reads
    timeout: float = 30.0


@dataclass
class Deployment:
    url: str  # root, ending in '/'
    options: CheckOptions = field(default_factory=CheckOptions)
    http: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/") + "/"
        self.http.headers["User-Agent"] = USER_AGENT

    # --- HTTP ---------------------------------------------------------------------------------

    def get(self, url: str, **options) -> requests.Response:
        options.setdefault("timeout", self.options.timeout)
        options.setdefault("allow_redirects", False)
        return self.http.get(url, **options)

    def request(self, method: str, url: str, **options) -> requests.Response:
        options.setdefault("timeout", self.options.timeout)
        options.setdefault("allow_redirects", False)
        return self.http.request(method, url, **options)

    def here(self, iri: str) -> str:
        """The URL at which this deployment serves a canonical IRI of the release."""
        return self.url + iri[len(self.base):] if iri.startswith(self.base) else iri

    def graph(self, url: str, *, follow: bool = False) -> Graph | None:
        """An RDF document of the deployment, asked for as Turtle (None when it is not there)."""
        try:
            response = self.get(url, headers={"Accept": TURTLE}, allow_redirects=follow)
        except requests.RequestException:
            return None
        if response.status_code != 200:
            return None
        quads = parses(response.content, response.headers.get("Content-Type", TURTLE).split(";")[0].strip(),
                       response.url)
        return None if quads is None else Graph(quads)

    # --- what the release says of itself --------------------------------------------------

    @cached_property
    def base(self) -> str:
        """The release's canonical base: release.json, else VoID's URI space less 'id/', else the URL."""
        try:
            response = self.get(self.url + RELEASE_INFO)
            if response.status_code == 200:
                return json.loads(response.content)["base_uri"]
        except (requests.RequestException, ValueError, KeyError, TypeError):
            pass
        for quad in self.void.quads_for_pattern(None, VOID_NS.uriSpace, None) if self.void else ():
            space = quad.object.value
            if space.endswith("/id/"):
                return space[:-3]
        return self.url

    @cached_property
    def void(self) -> Graph | None:
        return self.graph(self.url + ".well-known/void") or self.graph(self.url + VOID)

    @cached_property
    def catalogue(self) -> Graph | None:
        return self.graph(self.url + "catalogus") or self.graph(self.url + CATALOGUE)

    @cached_property
    def endpoint(self) -> str | None:
        """The SPARQL endpoint's URL on this deployment, when it answers with a Service Description."""
        claimed = [q.object.value for q in self.void.quads_for_pattern(None, VOID_NS.sparqlEndpoint, None)] \
            if self.void else []
        for candidate in [self.here(iri) for iri in claimed] + [self.url + "sparql"]:
            if urlsplit(candidate).netloc != urlsplit(self.url).netloc:
                continue  # an endpoint elsewhere is another deployment's
            description = self.graph(candidate)
            if description is not None and any(description.quads_for_pattern(None, None, SD.Service)):
                return candidate
        return None

    @cached_property
    def service_description(self) -> Graph | None:
        return self.graph(self.endpoint) if self.endpoint else None

    def select(self, query: str) -> list[dict[str, str]]:
        """Rows of a SELECT on the deployment's endpoint, values as strings."""
        response = self.http.post(self.endpoint, data={"query": query}, timeout=self.options.timeout,
                                  headers={"Accept": "application/sparql-results+json"})
        response.raise_for_status()
        rows = parse_query_results(response.content, format=QueryResultsFormat.JSON)
        names = [v.value for v in rows.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in rows]

    def count(self, query: str) -> int:
        rows = self.select(query)
        return int(rows[0]["n"]) if rows and "n" in rows[0] else 0


def absolute(base: str, link: str) -> str:
    return urljoin(base, link).split("#", 1)[0]


def parses(body: bytes, media_type: str, base: str) -> list[Quad] | None:
    """The triples of a body in an RDF media type, None when it does not parse as one."""
    fmt = RdfFormat.from_media_type(media_type)
    if fmt is None:
        return None
    try:
        return list(parse(body, format=fmt, base_iri=base))
    except (SyntaxError, ValueError):
        return None


__all__ = ["CheckOptions", "Deployment", "Graph", "absolute", "parses"]
