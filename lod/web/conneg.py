"""Content negotiation: Accept with q-values, ?format= and file suffixes to one media type, or None.

Pure functions; the one place media types and their aliases are named.
"""

from __future__ import annotations

from dataclasses import dataclass

from lod.text import LANGS

HTML = "text/html"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"

DOCUMENT_TYPES = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
SUFFIXES = {".html": HTML, ".ttl": TURTLE, ".jsonld": JSONLD, ".nt": NTRIPLES, ".rdf": RDFXML}
SUFFIX_OF = {media: suffix for suffix, media in SUFFIXES.items()}

# Other names clients use for the same thing (SPARQLWrapper, browsers, older tools).
ALIASES: dict[str, tuple[str, ...]] = {
    SPARQL_JSON: ("application/json", "text/javascript", "application/javascript"),
    SPARQL_XML: ("application/xml", "text/xml"),
    TURTLE: ("application/x-turtle", "text/n3", "application/turtle"),
    NTRIPLES: ("text/plain",),
    JSONLD: ("application/json", "application/x-json+ld"),
    RDFXML: ("application/xml", "text/xml"),
    HTML: ("application/xhtml+xml",),
    CSV: (),
    TSV: (),
}

# ?format= / SPARQLWrapper's format, output and results values, per kind of answer.
_RESULT_NAMES = {"json": SPARQL_JSON, "srj": SPARQL_JSON, "xml": SPARQL_XML, "srx": SPARQL_XML,
                 "csv": CSV, "tsv": TSV}
_GRAPH_NAMES = {"turtle": TURTLE, "ttl": TURTLE, "n3": TURTLE, "nt": NTRIPLES, "ntriples": NTRIPLES,
                "n-triples": NTRIPLES, "json-ld": JSONLD, "jsonld": JSONLD, "json": JSONLD,
                "rdf": RDFXML, "rdf+xml": RDFXML, "xml": RDFXML, "rdfxml": RDFXML, "html": HTML}


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 type/*, 1 */*), 0 for none."""
        main, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == main and self.subtype == "*":
            return 2
        return 3 if (self.type, self.subtype) == (main, sub) else 0


def parse_accept(header: str | None) -> list[Range]:
    """The well-formed ranges of an Accept header; malformed entries are dropped.

    >>> parse_accept("text/turtle;q=0.5, garbage, */*;q=0.1")
    [Range(type='text', subtype='turtle', q=0.5), Range(type='*', subtype='*', q=0.1)]
    """
    ranges = []
    for entry in (header or "").split(","):
        media, *params = [part.strip() for part in entry.split(";")]
        main, slash, sub = media.lower().partition("/")
        if not slash or not main or not sub or " " in media or (main == "*" and sub != "*"):
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if 0.0 <= q <= 1.0:
            ranges.append(Range(main, sub, q))
    return ranges


def negotiate(accept: str | None, offers: tuple[str, ...] | list[str]) -> str | None:
    """The offer the client prefers (ties: the server's order), None when nothing is acceptable.

    No usable Accept header means anything goes: the first offer.
    >>> negotiate("text/html;q=0.9, text/turtle", (HTML, TURTLE))
    'text/turtle'
    >>> negotiate("image/png", (HTML, TURTLE)) is None
    True
    """
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        q = 0.0
        for name in (offer, *ALIASES.get(offer, ())):
            # The most specific range naming this type decides its quality.
            matching = [(r.matches(name), r.q) for r in ranges if r.matches(name)]
            if matching:
                q = max(q, max(matching)[1])
        if q > best_q:
            best, best_q = offer, q
    return best


def from_format(value: str | None, offers: tuple[str, ...] | list[str]) -> str | None:
    """A ?format= value (a short name or a media type) to one of the offers, or None."""
    if not value:
        return None
    value = value.strip().lower()
    for offer in offers:
        if value == offer or value in ALIASES.get(offer, ()):
            return offer
    for names in (_RESULT_NAMES, _GRAPH_NAMES):
        if names.get(value) in offers:
            return names[value]
    return None


def split_suffix(path: str) -> tuple[str, str | None]:
    """'maatregel/x.ttl' -> ('maatregel/x', 'text/turtle'); no known suffix -> (path, None)."""
    for suffix, media in SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], media
    return path, None


def preferred_language(accept_language: str | None, offered: tuple[str, ...] = LANGS) -> str:
    """'en-GB,en;q=0.9,nl;q=0.5' -> 'en'; Dutch unless the client prefers another offered language."""
    best, best_q = offered[0], 0.0
    for entry in (accept_language or "").split(","):
        tag, *params = [part.strip() for part in entry.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        lang = tag.lower().split("-")[0]
        if lang in offered and q > best_q:
            best, best_q = lang, q
    return best


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether a client takes gzip content coding. No header counts as no (rapper sends none and
    cannot decode; RFC 9110 §12.5.3 allows either reading), `gzip;q=0` as no, `*` as yes.

    >>> [accepts_gzip(h) for h in ("br, gzip;q=0.8", "identity", None, "*, gzip;q=0", "*")]
    [True, False, False, False, True]
    """
    codings: dict[str, float] = {}
    for entry in (accept_encoding or "").split(","):
        coding, *params = [part.strip() for part in entry.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding:
            codings[coding.lower()] = q
    for name in ("gzip", "x-gzip"):
        if name in codings:
            return codings[name] > 0
    return codings.get("*", 0.0) > 0
