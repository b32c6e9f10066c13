"""The shapes graph as both engines see it: SHACL paths and lists, stable names for blank-node
shapes, and the filling of a rule's sh:message.

Blank-node shapes (`sh:property [ … ]`) are given stable IRIs derived from their named parent and
content (`skolemize_shapes`), so findings name their source shape the same way in both engines
and the report has no blank nodes.
"""

from __future__ import annotations

import functools
import hashlib
import re

import pyoxigraph as ox

from lod.terms import RDF, SH, shape_part_iri

Term = ox.NamedNode | ox.BlankNode | ox.Literal
# A SHACL path: a predicate, or ("inverse"|"zeroOrMore"|"oneOrMore"|"zeroOrOne", path),
# or ("sequence"|"alternative", (path, …)).
Path = ox.NamedNode | tuple


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
        found = objects(store, node, SH[f"{kind}Path"])
        if found:
            if kind == "alternative":
                return ("alternative", tuple(read_path(store, i) for i in read_list(store, found[0]) or []))
            return (kind, read_path(store, found[0]))
    if isinstance(node, ox.NamedNode):
        return node
    raise ValueError(f"not a SHACL path: {node}")


def read_list(store: ox.Store, node: Term) -> list[Term] | None:
    """The members of an RDF list, or None if `node` is not a list."""
    items: list[Term] = []
    while node != RDF.nil:
        first = objects(store, node, RDF.first)
        if not first:
            return None
        items.append(first[0])
        node = objects(store, node, RDF.rest)[0]
    return items


# Where a blank node is itself a shape (not a list cell or a path).
_SHAPE_LINKS = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)


def skolemize_shapes(shapes_turtle: str) -> list[ox.Quad]:
    """Parse the shapes and give every blank-node shape a stable IRI (parent IRI, path, content digest)."""
    return list(_skolemized(shapes_turtle))


# A process validates many graphs against the same few shape texts (the check server's uploads,
# the example corpus: 190 graphs). A parse gives the remaining blank nodes (list cells) new labels
# each time, so the quads are kept per text: the same quads each time, which also lets the pySHACL
# adapter find its rdflib copy of them (keyed on their N-Triples) instead of parsing it again.
@functools.lru_cache(maxsize=4)
def _skolemized(shapes_turtle: str) -> tuple[ox.Quad, ...]:
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
            paths = objects(store, node, SH.path)
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

    return tuple(ox.Quad(swap(q.subject), q.predicate, swap(q.object)) for q in quads)


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


def fill_message(text: str, env: dict) -> str:
    """{?var} and {$var} in an sh:message replaced by the bound value (an IRI as is, a literal as text)."""
    def value(match: re.Match) -> str:
        term = env.get(match.group(1))
        return term.value if term is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, text)


def objects(store: ox.Store, subject: Term, predicate: ox.NamedNode) -> list[Term]:
    return [q.object for q in store.quads_for_pattern(subject, predicate, None)]


__all__ = ["Path", "Term", "fill_message", "objects", "path_text", "read_list", "read_path",
           "skolemize_shapes"]
