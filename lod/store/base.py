"""What the server needs from a store, embedded (pyoxigraph on disk) or remote (a SPARQL endpoint).

Both backends implement `Store`; `web/` only ever sees this protocol, so the web front and the
store scale separately (`lod serve --store URL`). A backend must:

- `run_query`: answer a user's query serialised in `media_type` (one of `media_types(form)`),
  cut at `limit` results (`QueryAnswer.truncated`), relative IRIs resolved against `base_iri`,
  over the `dataset` the request asked for; raise `QueryError` for a syntax error or an update,
  `QueryTimeout` when stopped at `timeout` seconds (the query must really stop), and stop the
  query when `cancel` is cancelled (its client went away);
- `select`: rows for the pages, values bound as substitutions, never spliced into the text;
- `describe`: the resource's own triples plus those of its hash-IRI parts;
- `count`, `close`.
`query_form` (lod/store/grammar.py) tells a query's form from its text without running it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pyoxigraph import BlankNode, NamedNode, Quad
from pyoxigraph import Literal as RdfLiteral

from lod.store.grammar import QueryForm, query_form

Term = NamedNode | BlankNode | RdfLiteral

# Media types per query form, the first one being the default.
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")

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


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of a query (SPARQL 1.1 §13): the store has one graph, the release, which is
    the default graph, a named graph, both or (with `default=False`) not the default graph."""

    default: bool = True
    named: bool = False


DEFAULT_DATASET = Dataset()


class Cancellation:
    """Set when the client of a query went away; the store stops what it runs for that query.

    >>> stopped = []
    >>> cancel = Cancellation()
    >>> cancel.on_cancel(lambda: stopped.append("worker"))
    >>> cancel.cancel(); cancel.cancel()
    >>> stopped, cancel.cancelled
    (['worker'], True)
    """

    def __init__(self) -> None:
        self.cancelled = False
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Call `callback` on cancellation (at once if already cancelled)."""
        with self._lock:
            if not self.cancelled:
                self._callbacks.append(callback)
                return
        callback()

    def cancel(self) -> None:
        with self._lock:
            if self.cancelled:
                return
            self.cancelled = True
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()


class Store(Protocol):
    graph_name: str | None  # the IRI of the graph holding the release; None: the store's default graph

    def run_query(self, query: str, *, media_type: str, timeout: float, limit: int,
                  base_iri: str | None = None, dataset: Dataset = DEFAULT_DATASET,
                  cancel: Cancellation | None = None) -> QueryAnswer:
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
        """Number of triples in the release's graph."""
        ...

    def close(self) -> None: ...


__all__ = ["Cancellation", "Dataset", "DEFAULT_DATASET", "GRAPH_TYPES", "QueryAnswer", "QueryForm",
           "RESULT_TYPES", "Store", "Term", "media_types", "query_form"]
