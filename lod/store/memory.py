"""The one in-memory adapter: a pyoxigraph Store seen through the `Store` protocol of base.py.

The build renders its pages and exchange files from it, tests query it, and the embedded store's
workers answer user queries with the same `answer` and `describe` functions, so a query or a
document reads the same whether it comes from memory, from disk or over HTTP.

>>> import pyoxigraph as ox
>>> graph = ox.Store()
>>> graph.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
>>> store = MemoryStore(graph)
>>> store.select("SELECT ?o WHERE { ?s ?p ?o }")[0]["o"].value
'x'
>>> store.run_query("ASK { ?s ?p ?o }", media_type="text/csv", timeout=1, limit=10).body
b'_askResult\\r\\ntrue\\r\\n'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryBoolean, QuerySolutions, RdfFormat, Variable, parse
from pyoxigraph import Store as Graph

from lod.errors import QueryError
from lod.layout import CATALOGUE_FILES
from lod.store.base import (
    DEFAULT_DATASET,
    Cancellation,
    Dataset,
    QueryAnswer,
    QueryForm,
    Term,
    media_types,
    query_form,
)
from lod.store.results import serialize_boolean, serialize_graph, serialize_solutions


def syntax_message(query: str, error: SyntaxError) -> str:
    """pyoxigraph's 'error at 3:14: …' plus the offending line and a caret, for people."""
    message = str(error).splitlines()[0]
    if "Prefix not found" in message:
        message = message.split(": expected")[0] + ": onbekend prefix (unknown prefix), zie PREFIX"
    elif len(message) > 160:
        message = message[:160] + "…"
    try:
        where = message.split("error at ", 1)[1].split(":", 2)
        line_no, col = int(where[0]), int(where[1])
        line = query.splitlines()[line_no - 1]
        return f"SPARQL-syntaxfout (syntax error): {message}\n{line}\n{' ' * max(col - 1, 0)}^"
    except (IndexError, ValueError):
        return f"SPARQL-syntaxfout (syntax error): {message}"


def dataset_options(dataset: Dataset, graph: NamedNode | None) -> dict[str, Any]:
    """pyoxigraph's `default_graph`/`named_graphs` for a dataset over the release's graph: the named
    graph `graph` (the embedded store), or the store's default graph when `graph` is None.

    >>> g = NamedNode("http://e/g")
    >>> dataset_options(Dataset(default=False, named=True), g)["named_graphs"]
    [<NamedNode value=http://e/g>]
    """
    if graph is None:
        if dataset.named or not dataset.default:
            raise QueryError("deze store heeft geen benoemde graaf (this store has no named graph)")
        return {}
    return {"default_graph": graph if dataset.default else DefaultGraph(),
            "named_graphs": [graph] if dataset.named else []}


def select_rows(graph: Graph, query: str, *, bindings: dict[str, Term] | None = None,
                prefixes: dict[str, str] | None = None,
                default_graph: NamedNode | None = None) -> list[dict[str, Term]]:
    """Rows of variable -> term; unbound variables are left out of a row. `default_graph`: the named
    graph that holds the release (the embedded store), else the store's default graph."""
    subs = {Variable(k): v for k, v in (bindings or {}).items()}
    dataset = {"default_graph": default_graph} if default_graph is not None else {}
    result = graph.query(query, prefixes=prefixes, substitutions=subs, **dataset)
    names = [v.value for v in result.variables]
    # a solution iterated gives its terms in the order of `names` (None where unbound): half the
    # time of looking each one up by name, which the search index's 257k rows at 250k triples paid
    return [{n: term for n, term in zip(names, row, strict=True) if term is not None} for row in result]


def describe(graph: Graph, iri: str, *, in_graph: NamedNode | None = None) -> list[Quad]:
    """The resource's triples and those of its hash parts (`iri#…`), sorted: one order everywhere.
    A text that is no IRI (`a b`, `%00`) describes nothing: an empty list, so the page is a 404.

    >>> describe(Graph(), "http://e/a b")
    []
    """
    try:
        subject = NamedNode(iri)
    except ValueError:
        return []
    where = in_graph if in_graph is not None else DefaultGraph()
    own = list(graph.quads_for_pattern(subject, None, None, where))
    prefix = iri + "#"
    parts = sorted({o.value for q in own if type(o := q.object) is NamedNode and o.value.startswith(prefix)})
    # Sorted subject by subject: the resource (a prefix of each part's IRI) first, then its parts
    # in the order of their IRIs, each one's triples by predicate and object. The order of one sort
    # by (subject, predicate, object), without the subject in the key of every triple.
    blocks = [own, *(list(graph.quads_for_pattern(NamedNode(part), None, None, where)) for part in parts)]
    if in_graph is not None:  # the document's triples, wherever the store keeps them
        blocks = [[Quad(q.subject, q.predicate, q.object) for q in block] for block in blocks]
    return [q for block in blocks for q in sorted(block, key=_predicate_object)]


def _predicate_object(quad: Quad) -> tuple[str, str]:
    return quad.predicate.value, str(quad.object)


def answer(graph: Graph, query: str, media_type: str, limit: int,
           prefixes: dict[str, str] | None = None, *, base_iri: str | None = None,
           dataset: dict[str, Any] | None = None) -> tuple[bytes, bool]:
    """A query's result serialised in `media_type`, cut at `limit` results: (body, truncated).
    `dataset`: the `dataset_options` of the request."""
    result = graph.query(query, prefixes=prefixes, base_iri=base_iri, **(dataset or {}))
    if isinstance(result, QueryBoolean):
        return serialize_boolean(bool(result), media_type), False
    if isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == limit:
                return serialize_solutions(names, rows, media_type, truncated_at=limit), True
            rows.append([solution[n] for n in names])
        return serialize_solutions(names, rows, media_type), False
    triples = []
    for triple in result:
        if len(triples) == limit:
            return serialize_graph(triples, media_type, prefixes), True
        triples.append(triple)
    return serialize_graph(triples, media_type, prefixes), False


def storable(quads: Iterable[Quad]) -> list[Quad]:
    """The quads a triple store gives back as they are, in their order. Oxigraph (and Virtuoso)
    store some typed literals by value: "1024"^^xsd:nonNegativeInteger comes back as xsd:integer
    (oxigraph issue #526, virtuoso-opensource issue #193). Such a triple is left out of a store
    rather than served changed; the documents about it come from the files (lod.pages.site).

    >>> from pyoxigraph import Literal
    >>> n = NamedNode("http://e/a")
    >>> xsd = "http://www.w3.org/2001/XMLSchema#"
    >>> size = Literal("1", datatype=NamedNode(xsd + "nonNegativeInteger"))
    >>> plain = Literal("2", datatype=NamedNode(xsd + "decimal"))
    >>> [q.object.value for q in storable([Quad(n, n, size), Quad(n, n, plain)])]
    ['2']
    """
    quads = list(dict.fromkeys(quads))
    probe = Graph()
    probe.extend(quads)
    kept = set(probe)
    return [q for q in quads if q in kept]


def stored_description(release: Path) -> list[Quad]:
    """The description's quads that the store of the release at `release` holds beside its data:
    those of its catalogue files that a store gives back unchanged (what lod build added to its
    store, read back from the files it wrote them to)."""
    return storable(q for name in CATALOGUE_FILES if (release / name).is_file()
                    for q in parse(path=str(release / name), format=RdfFormat.TURTLE))


def check_form(query: str, media_type: str) -> QueryForm:
    """The query's form, refusing updates and a media type the form cannot be answered in."""
    form = query_form(query)
    if form == "UPDATE":
        raise QueryError("Updates zijn niet toegestaan (updates are not allowed): read-only endpoint")
    if media_type not in media_types(form):
        raise QueryError(f"{form} cannot be answered as {media_type}")
    return form  # type: ignore[return-value]


class MemoryStore:
    """A pyoxigraph Store in this process. Queries run to the end: pyoxigraph cannot cancel one, so
    this adapter is for graphs the caller built and queries it trusts (the build, tests, the CLI);
    the server's `EmbeddedStore` runs user queries in killable workers instead."""

    graph_name = None  # the release is the store's default graph

    def __init__(self, graph: Graph, *, prefixes: dict[str, str] | None = None) -> None:
        self.graph = graph
        self.prefixes = dict(prefixes or {})

    def run_query(self, query: str, *, media_type: str, timeout: float, limit: int,
                  base_iri: str | None = None, dataset: Dataset = DEFAULT_DATASET,
                  cancel: Cancellation | None = None) -> QueryAnswer:
        form = check_form(query, media_type)
        try:
            body, truncated = answer(self.graph, query, media_type, limit, self.prefixes, base_iri=base_iri,
                                     dataset=dataset_options(dataset, None))
        except SyntaxError as exc:
            raise QueryError(syntax_message(query, exc)) from exc
        return QueryAnswer(body=body, media_type=media_type, form=form, truncated=truncated)

    def select(self, query: str, *, bindings: dict[str, Term] | None = None,
               timeout: float | None = None) -> list[dict[str, Term]]:
        return select_rows(self.graph, query, bindings=bindings, prefixes=self.prefixes)

    def describe(self, iri: str) -> list[Quad]:
        return describe(self.graph, iri)

    def count(self) -> int:
        return len(self.graph)

    def close(self) -> None:
        return None


__all__ = ["MemoryStore", "answer", "check_form", "dataset_options", "describe", "select_rows", "storable",
           "stored_description", "syntax_message"]
