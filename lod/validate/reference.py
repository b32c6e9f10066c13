"""pySHACL, the reference engine, behind one adapter: the only module of `lod` that imports rdflib.

Both graphs cross to rdflib as N-Triples (the lossless bridge); rdflib's process-wide settings are
changed for the run and restored after it.
"""

from __future__ import annotations

import dataclasses
import logging
import re

import pyoxigraph as ox

from lod.terms import SH
from lod.validate.findings import Finding, read_findings
from lod.validate.shapes import fill_message, objects


def ntriples(data: list[ox.Quad] | ox.Store) -> bytes:
    if isinstance(data, ox.Store):
        return data.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in data),
                        format=ox.RdfFormat.N_TRIPLES)


def run_pyshacl(data: list[ox.Quad] | ox.Store, shapes: list[ox.Quad]) -> list[Finding]:
    """pySHACL on rdflib copies of both graphs (N-Triples is the lossless bridge)."""
    import pyshacl
    import rdflib
    import rdflib.plugins.sparql.processor

    # rdflib would rewrite lexical forms ("01"^^xsd:integer -> "1"), so findings would name other values.
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)  # ill-typed literals are findings, not noise
    processor = rdflib.plugins.sparql.processor.SPARQLProcessor
    run_query = processor.query
    processor.query = _prepared(run_query)
    try:
        data_graph = rdflib.Graph().parse(data=ntriples(data).decode(), format="nt")
        shapes_graph = _shapes_graph(ntriples(shapes))
        _conforms, results, _text = pyshacl.validate(data_graph, shacl_graph=shapes_graph, inference="none",
                                                     advanced=True, allow_warnings=True)
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
        term_log.setLevel(level)
        processor.query = run_query
    report = ox.Store()
    report.load(results.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    shapes_store = _store(shapes)
    return [_with_shape_messages(f, shapes_store) for f in read_findings(report)]


def _with_shape_messages(finding: Finding, shapes: ox.Store) -> Finding:
    """pySHACL fills in a SPARQL rule's message but drops its language tag, keeping one language:
    give the finding every language of the shape's sh:message, filled in the same way."""
    if set(finding.messages) - {""} or finding.constraint_component != SH.SPARQLConstraintComponent:
        return finding
    env = {"this": finding.focus_node, "value": finding.value,
           "path": finding.result_path if isinstance(finding.result_path, ox.NamedNode) else None}
    texts = {m.language or "": fill_message(m.value, env)
             for m in objects(shapes, finding.source_shape, SH.message) if isinstance(m, ox.Literal)}
    if not texts:
        return finding
    return dataclasses.replace(finding, messages=texts)


# The shapes as rdflib graphs, by their N-Triples: a process validates many graphs against the same
# few shapes (the example corpus: 190 graphs), and rdflib's parse of them was a third of each run.
# pySHACL reads the shapes graph and never changes it.
_SHAPES_GRAPHS: dict[bytes, object] = {}


def _shapes_graph(text: bytes):
    import rdflib

    graph = _SHAPES_GRAPHS.get(text)
    if graph is None:
        if len(_SHAPES_GRAPHS) >= 4:  # a few shape sets per process at most; never grow without bound
            _SHAPES_GRAPHS.clear()
        graph = _SHAPES_GRAPHS[text] = rdflib.Graph().parse(data=text.decode(), format="nt")
    return graph


# Parsed SPARQL of the shapes, shared by every pySHACL run in this process (few, fixed texts).
_PREPARED: dict = {}


def _prepared(run_query):
    """SPARQLProcessor.query that parses each query text once, as rdflib's prepareQuery would.

    pySHACL passes the same sh:select text for every focus node (with $this as an initial binding)
    and rdflib parses it anew each time: about 0.1 s a parse, over an hour for 10,000 measures.
    A prepared query gives the same answers; only the parsing is shared.
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    def query(self, query, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(query, str):
            key = (_canonical(query), base, tuple(sorted((initNs or {}).items())))
            if key not in _PREPARED:
                _PREPARED[key] = translateQuery(parseQuery(query), base, initNs)
            query = _PREPARED[key]
        return run_query(self, query, initBindings, initNs, base, DEBUG)

    return query


_PREFIX = re.compile(r"\s*PREFIX\s+([^\s:]*):\s*<[^>]*>", re.IGNORECASE)


def _canonical(query: str) -> str:
    """The query with its leading PREFIX lines sorted: pySHACL writes a shape's sh:prefixes in
    another order on each run (from a set), and distinct prefixes mean the same in any order, so
    without this every validation parsed every query again."""
    declarations, rest = [], query
    while found := _PREFIX.match(rest):
        declarations.append(found)
        rest = rest[found.end():]
    names = [d.group(1) for d in declarations]
    if len(set(names)) < len(names):  # a prefix declared twice: the last one wins, order matters
        return query
    return "\n".join(sorted(d.group(0).strip() for d in declarations)) + rest


def _store(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store


__all__ = ["run_pyshacl", "ntriples"]
