"""What the server needs from a store, embedded (pyoxigraph on disk) or remote (a SPARQL endpoint).

Both backends implement `Store`; `web/` only ever sees this protocol, so the web front and the
store scale separately (`lod serve --store URL`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from pyoxigraph import BlankNode, NamedNode, Quad
from pyoxigraph import Literal as RdfLiteral

Term = NamedNode | BlankNode | RdfLiteral

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]


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
