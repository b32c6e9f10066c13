"""Run SHACL shapes over the graph: the fast SPARQL engine, or pySHACL as the reference.

Both engines see the same shapes graph: blank-node shapes (`sh:property [ … ]`) are first given
stable IRIs derived from their named parent and content (`skolemize_shapes`), so findings name
their source shape the same way in both engines and the report has no blank nodes.

>>> shapes = '''@prefix sh: <http://www.w3.org/ns/shacl#> .
... <http://ex/S> sh:targetNode <http://ex/a> ; sh:property [ sh:path <http://ex/p> ; sh:minCount 1 ] .'''
>>> validate_graph([], shapes).conforms
False
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from lod.terms import RDF, SH, shape_part_iri

Term = ox.NamedNode | ox.BlankNode | ox.Literal
# A SHACL path: a predicate, or ("inverse"|"zeroOrMore"|"oneOrMore"|"zeroOrOne", path),
# or ("sequence"|"alternative", (path, …)).
Path = ox.NamedNode | tuple

SEVERITIES = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}


@dataclass(frozen=True)
class Finding:
    """One validation result, as sh:ValidationResult says it."""

    focus_node: Term
    result_path: Path | None
    value: Term | None
    source_shape: ox.NamedNode
    constraint_component: ox.NamedNode
    severity: ox.NamedNode
    messages: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, ...]:
        """What the two engines must agree on, as sortable text."""
        return (str(self.focus_node), path_text(self.result_path) if self.result_path else "",
                str(self.constraint_component), str(self.source_shape), str(self.severity),
                str(self.value) if self.value is not None else "")

    @property
    def is_violation(self) -> bool:
        return self.severity == SH.Violation


@dataclass(frozen=True)
class Validation:
    """The outcome: conforms unless some finding is a sh:Violation (warnings do not block)."""

    findings: list[Finding]

    @property
    def conforms(self) -> bool:
        return not any(f.is_violation for f in self.findings)

    def report_quads(self, report_iri: ox.NamedNode) -> list[ox.Quad]:
        """The sh:ValidationReport, without blank nodes and sorted, so it is byte-reproducible.

        Results are `<report>#resultaat-N`, numbered in the findings' sorted order.
        """
        quads: list[ox.Quad] = []

        def add(s: ox.NamedNode, p: ox.NamedNode, o: Term) -> None:
            quads.append(ox.Quad(s, p, o))

        add(report_iri, RDF.type, SH.ValidationReport)
        add(report_iri, SH.conforms, ox.Literal("true" if self.conforms else "false",
                                                datatype=ox.NamedNode(_XSD_BOOLEAN)))
        counter = iter(range(1, 1_000_000_000))
        for n, finding in enumerate(sorted(self.findings, key=lambda f: f.key), start=1):
            node = ox.NamedNode(f"{report_iri.value}#resultaat-{n}")
            add(report_iri, SH.result, node)
            add(node, RDF.type, SH.ValidationResult)
            add(node, SH.focusNode, finding.focus_node)
            add(node, SH.sourceShape, finding.source_shape)
            add(node, SH.sourceConstraintComponent, finding.constraint_component)
            add(node, SH.resultSeverity, finding.severity)
            if finding.value is not None:
                add(node, SH.value, finding.value)
            if finding.result_path is not None:
                add(node, SH.resultPath, _path_node(finding.result_path, report_iri, counter, add))
            for lang, text in sorted(finding.messages.items()):
                add(node, SH.resultMessage, ox.Literal(text, language=lang) if lang else ox.Literal(text))
        return sorted(quads, key=str)


_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _path_node(path: Path, report_iri: ox.NamedNode, counter, add) -> ox.NamedNode:
    if isinstance(path, ox.NamedNode):
        return path
    def fresh() -> ox.NamedNode:
        return ox.NamedNode(f"{report_iri.value}#pad-{next(counter)}")

    kind, inner = path
    if kind in ("sequence", "alternative"):
        items = [_path_node(p, report_iri, counter, add) for p in inner]
        cells = [fresh() for _ in items]
        for i, (cell, item) in enumerate(zip(cells, items, strict=True)):
            add(cell, RDF.first, item)
            add(cell, RDF.rest, cells[i + 1] if i + 1 < len(cells) else RDF.nil)
        if kind == "sequence":
            return cells[0]
        node = fresh()
        add(node, SH.alternativePath, cells[0])
        return node
    node = fresh()
    add(node, SH[f"{kind}Path"], _path_node(inner, report_iri, counter, add))
    return node


_MODIFIERS = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}


def path_text(path: Path) -> str:
    """The SPARQL property-path text of a SHACL path."""
    if isinstance(path, ox.NamedNode):
        return str(path)
    kind, inner = path
    if kind == "inverse":
        return f"^({path_text(inner)})"
    if kind == "sequence":
        return "(" + "/".join(path_text(p) for p in inner) + ")"
    if kind == "alternative":
        return "(" + "|".join(path_text(p) for p in inner) + ")"
    return f"({path_text(inner)}){_MODIFIERS[kind]}"


def read_path(store: ox.Store, node: Term) -> Path:
    """A SHACL path node of `store` as a Path value."""
    # A report's own path nodes are IRIs (no blank nodes), so look at the structure, not the node kind.
    items = read_list(store, node) if node != RDF.nil else None
    if items is not None:
        return ("sequence", tuple(read_path(store, i) for i in items))
    for kind in ("inverse", "alternative", "zeroOrMore", "oneOrMore", "zeroOrOne"):
        objects = _objects(store, node, SH[f"{kind}Path"])
        if objects:
            if kind == "alternative":
                return ("alternative", tuple(read_path(store, i) for i in read_list(store, objects[0]) or []))
            return (kind, read_path(store, objects[0]))
    if isinstance(node, ox.NamedNode):
        return node
    raise ValueError(f"not a SHACL path: {node}")


def read_list(store: ox.Store, node: Term) -> list[Term] | None:
    """The members of an RDF list, or None if `node` is not a list."""
    items: list[Term] = []
    while node != RDF.nil:
        first = _objects(store, node, RDF.first)
        if not first:
            return None
        items.append(first[0])
        node = _objects(store, node, RDF.rest)[0]
    return items


def _objects(store: ox.Store, subject: Term, predicate: ox.NamedNode) -> list[Term]:
    return [q.object for q in store.quads_for_pattern(subject, predicate, None)]


# Where a blank node is itself a shape (not a list cell or a path).
_SHAPE_LINKS = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)


def skolemize_shapes(shapes_turtle: str) -> list[ox.Quad]:
    """Parse the shapes and give every blank-node shape a stable IRI (parent IRI, path, content digest)."""
    quads = list(ox.parse(shapes_turtle, format=ox.RdfFormat.TURTLE))
    store = ox.Store()
    store.extend(quads)
    parents: dict[ox.BlankNode, tuple[Term, str]] = {}
    for link in _SHAPE_LINKS:
        for q in store.quads_for_pattern(None, link, None):
            if isinstance(q.object, ox.BlankNode):
                parents.setdefault(q.object, (q.subject, _local(link.value)))
    for link in _SHAPE_LISTS:
        for q in store.quads_for_pattern(None, link, None):
            for i, member in enumerate(read_list(store, q.object) or [], start=1):
                if isinstance(member, ox.BlankNode):
                    parents.setdefault(member, (q.subject, f"{_local(link.value)}{i}"))
    for q in store.quads_for_pattern(None, SH.path, None):
        if isinstance(q.subject, ox.BlankNode):
            parents.setdefault(q.subject, (q.subject, "shape"))
    names: dict[ox.BlankNode, ox.NamedNode] = {}

    def name(node: ox.BlankNode) -> ox.NamedNode:
        if node not in names:
            parent, part = parents[node]
            anchor = name(parent) if isinstance(parent, ox.BlankNode) and parent != node else parent
            paths = _objects(store, node, SH.path)
            if paths:
                part = _local(paths[0].value) if isinstance(paths[0], ox.NamedNode) else "path"
            digest = hashlib.sha256(_canonical(store, node, set()).encode()).hexdigest()[:8]
            anchor_iri = anchor.value if isinstance(anchor, ox.NamedNode) else "urn:x-lod:shape"
            names[node] = shape_part_iri(anchor_iri, f"{part}-{digest}")
        return names[node]

    for blank in parents:
        name(blank)

    def swap(term):
        return names.get(term, term) if isinstance(term, ox.BlankNode) else term

    return [ox.Quad(swap(q.subject), q.predicate, swap(q.object)) for q in quads]


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or "node"


def _canonical(store: ox.Store, node: Term, seen: set) -> str:
    """A blank node's description with nested blank nodes spelt out, for a content digest."""
    if not isinstance(node, ox.BlankNode):
        return str(node)
    if node in seen:
        return "[cycle]"
    seen = seen | {node}
    lines = sorted(f"{q.predicate} {_canonical(store, q.object, seen)}"
                   for q in store.quads_for_pattern(node, None, None))
    return "[" + " ; ".join(lines) + "]"


def validate_graph(data: list[ox.Quad] | ox.Store, shapes_turtle: str, *, engine: str = "fast") -> Validation:
    """Validate `data` against the shapes; engine "fast" (SPARQL on pyoxigraph) or "pyshacl" (reference)."""
    shapes = skolemize_shapes(shapes_turtle)
    if engine == "fast":
        from lod.validate.fast import run_shapes  # fast.py imports Finding from here

        store = data if isinstance(data, ox.Store) else _store(data)
        return Validation(sorted(run_shapes(store, shapes), key=lambda f: f.key))
    if engine == "pyshacl":
        return Validation(sorted(_run_pyshacl(data, shapes), key=lambda f: f.key))
    raise ValueError(f"unknown validation engine {engine!r}: use 'fast' or 'pyshacl'")


def _store(quads: Iterable[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def _ntriples(data: list[ox.Quad] | ox.Store) -> bytes:
    if isinstance(data, ox.Store):
        return data.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in data),
                        format=ox.RdfFormat.N_TRIPLES)


def _run_pyshacl(data: list[ox.Quad] | ox.Store, shapes: list[ox.Quad]) -> list[Finding]:
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
        data_graph = rdflib.Graph().parse(data=_ntriples(data).decode(), format="nt")
        shapes_graph = rdflib.Graph().parse(data=_ntriples(shapes).decode(), format="nt")
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
             for m in _objects(shapes, finding.source_shape, SH.message) if isinstance(m, ox.Literal)}
    if not texts:
        return finding
    return dataclasses.replace(finding, messages=texts)


def fill_message(text: str, env: dict) -> str:
    """{?var} and {$var} in an sh:message replaced by the bound value (an IRI as is, a literal as text)."""
    def value(match: re.Match) -> str:
        term = env.get(match.group(1))
        return term.value if term is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, text)


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
            key = (query, base, tuple(sorted((initNs or {}).items())))
            if key not in _PREPARED:
                _PREPARED[key] = translateQuery(parseQuery(query), base, initNs)
            query = _PREPARED[key]
        return run_query(self, query, initBindings, initNs, base, DEBUG)

    return query


def read_findings(report: ox.Store) -> list[Finding]:
    """The findings of an sh:ValidationReport held in `report`."""
    findings = []
    # Only the report's own results: pySHACL also types the nested sh:detail results of sh:node.
    for q in report.quads_for_pattern(None, SH.result, None):
        node = q.object

        def one(p, node=node):
            objects = _objects(report, node, p)
            return objects[0] if objects else None

        path = one(SH.resultPath)
        messages = {}
        for m in _objects(report, node, SH.resultMessage):
            messages[m.language or ""] = m.value
        findings.append(Finding(
            focus_node=one(SH.focusNode), result_path=read_path(report, path) if path else None,
            value=one(SH.value), source_shape=one(SH.sourceShape),
            constraint_component=one(SH.sourceConstraintComponent), severity=one(SH.resultSeverity),
            messages=messages))
    return findings
