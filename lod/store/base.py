"""What the server needs from a store, embedded (pyoxigraph on disk) or remote (a SPARQL endpoint).

Both backends implement `Store`; `web/` only ever sees this protocol, so the web front and the
store scale separately (`lod serve --store URL`). A backend must:

- `run_query`: answer a user's query serialised in `media_type` (one of `media_types(form)`),
  cut at `limit` results (`QueryAnswer.truncated`), raise `QueryError` for a syntax error or an
  update, `QueryTimeout` when stopped at `timeout` seconds (the query must really stop);
- `select`: rows for the pages, values bound as substitutions, never spliced into the text;
- `describe`: the resource's own triples plus those of its hash-IRI parts;
- `count`, `close`.
`query_form` (below) tells a query's form from its text without running it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol

from pyoxigraph import BlankNode, NamedNode, Quad
from pyoxigraph import Literal as RdfLiteral

from lod.errors import QueryError

Term = NamedNode | BlankNode | RdfLiteral

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

# Media types per query form, the first one being the default.
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
# The prologue: whitespace, comments, PREFIX p: <iri> and BASE <iri> (comments cannot hide in IRIs here).
_PROLOGUE = re.compile(r"\s+|\#[^\n]*|(?i:PREFIX)\s*[^\s:<]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>")


def query_form(query: str) -> QueryForm | Literal["UPDATE"]:
    """The form of a SPARQL request: the first keyword after the prologue; updates say "UPDATE".

    >>> query_form("PREFIX ex: <http://e/#select> # ASK?\\n  construct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    >>> query_form("INSERT DATA { <a:s> <a:p> <a:o> }")
    'UPDATE'
    """
    pos = 0
    while (match := _PROLOGUE.match(query, pos)) and match.end() > pos:
        pos = match.end()
    word = re.match(r"[A-Za-z]+", query[pos:])
    keyword = word.group(0).upper() if word else ""
    if keyword in _FORMS:
        return keyword  # type: ignore[return-value]
    if keyword in _UPDATE_WORDS:
        return "UPDATE"
    shown = query[pos:pos + 30].strip() or "(leeg)"
    raise QueryError(
        f"Geen SPARQL-query: verwacht SELECT, ASK, CONSTRUCT of DESCRIBE, maar gevonden: {shown!r} "
        f"(not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE)"
    )


def media_types(form: str) -> tuple[str, ...]:
    """The media types a query form can be answered in, the default first."""
    return GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES


@dataclass(frozen=True)
class QueryAnswer:
    """A query's result, already serialised in the media type the client negotiated."""

    body: bytes
    media_type: str
    form: QueryForm
    truncated: bool = False  # the result cap cut it short (the server says so in a header)


class Store(Protocol):
    def run_query(self, query: str, *, media_type: str, timeout: float, limit: int) -> QueryAnswer:
        """Run a read-only SPARQL query; raise QueryError (bad/update query) or QueryTimeout."""
        ...

    def select(self, query: str, *, bindings: dict[str, Term] | None = None,
               timeout: float | None = None) -> list[dict[str, Term]]:
        """SELECT for pages: rows of variable -> term, values bound, never spliced into the text."""
        ...

    def describe(self, iri: str) -> list[Quad]:
        """The resource's own triples plus those of its hash-IRI parts (`iri#…`)."""
        ...

    def count(self) -> int:
        """Number of triples in the default graph."""
        ...

    def close(self) -> None: ...
