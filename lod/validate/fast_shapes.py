"""What the fast engine works with: a shape as read from the shapes graph, a focus pattern, the
SPARQL expressions for single-value tests, and SHACL-SPARQL rules (sh:select),
which are run nearly as written rather than compiled.

The constraint compilers that turn Core constraints into queries are in fast.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from lod.errors import ConfigError
from lod.terms import RDFS, SH
from lod.validate.shapes import Path, Term, path_text, read_path

# Predicates a shape may carry that do not validate anything.
INERT = {"name", "description", "order", "group", "defaultValue", "message", "severity", "deactivated",
         "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "property",
         "flags"}
CONSTRAINTS = {"class", "datatype", "nodeKind", "minCount", "maxCount", "in", "hasValue", "pattern",
               "languageIn", "uniqueLang", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
               "minLength", "maxLength", "node", "or", "and", "not", "xone", "equals", "disjoint",
               "lessThan", "lessThanOrEquals", "sparql"}
COMPARE = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
NODE_KINDS = {
    "IRI": "isIRI(?value)", "BlankNode": "isBlank(?value)", "Literal": "isLiteral(?value)",
    "BlankNodeOrIRI": "(isBlank(?value) || isIRI(?value))",
    "BlankNodeOrLiteral": "(isBlank(?value) || isLiteral(?value))",
    "IRIOrLiteral": "(isIRI(?value) || isLiteral(?value))",
}
_XSD = "http://www.w3.org/2001/XMLSchema#"
# A literal of these datatypes is well-formed when the cast to it succeeds (rdflib: ill_typed).
# Like pySHACL (rdflib), other datatypes (xsd:gYear …) are not checked for well-formedness.
_CASTABLE = {"integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time", "duration"}


class UnsupportedShape(ConfigError):
    """A SHACL construct the fast engine does not implement (use engine='pyshacl' for it)."""


@dataclass
class Shape:
    node: ox.NamedNode
    path: Path | None
    params: dict[str, list[Term]]
    severity: ox.NamedNode = SH.Violation
    messages: dict[str, str] = field(default_factory=dict)
    deactivated: bool = False
    children: list[ox.NamedNode] = field(default_factory=list)


@dataclass(frozen=True)
class Focus:
    """A SPARQL group pattern that binds ?FOCUS to every focus node, once."""

    text: str

    def bind(self, var: str) -> str:
        return self.text.replace("?FOCUS", var)


def component_name(name: str) -> str:
    """minInclusive -> MinInclusiveConstraintComponent."""
    return f"{name[0].upper()}{name[1:]}ConstraintComponent"


def datatype_test(dt: Term) -> str:
    if dt == RDFS.Literal:
        return "isLiteral(?value)"
    test = f"isLiteral(?value) && datatype(?value) = {dt}"
    local = dt.value[len(_XSD):] if dt.value.startswith(_XSD) else ""
    if local in _CASTABLE:
        test += f" && COALESCE(isLiteral({dt}(str(?value))), false)"
    return test


def sparql_rows(data: ox.Store, shapes: ox.Store, shape: Shape, focus: Focus,
                constraint: Term) -> list[tuple]:
    """sh:sparql with sh:select: $this joined with the focus pattern, $PATH replaced by the path."""
    def one(name: str) -> list[Term]:
        return [q.object for q in shapes.quads_for_pattern(constraint, SH[name], None)]

    if any(v.value == "true" for v in one("deactivated")):
        return []
    if one("ask") or not one("select"):
        raise UnsupportedShape(f"shape {shape.node}: only sh:sparql with sh:select is supported")
    text = one("select")[0].value
    if len(re.findall(r"(?i)\bSELECT\b", text)) > 1 or "$shapesGraph" in text:
        raise UnsupportedShape(f"shape {shape.node}: sh:select with a subquery or $shapesGraph")
    prefixes = ""
    for ontology in one("prefixes"):
        for decl in shapes.quads_for_pattern(ontology, SH.declare, None):
            prefix = next(shapes.quads_for_pattern(decl.object, SH.prefix, None)).object.value
            ns = next(shapes.quads_for_pattern(decl.object, SH.namespace, None)).object.value
            prefixes += f"PREFIX {prefix}: <{ns}>\n"
    text = text.replace("$this", "?this").replace("$currentShape", str(shape.node))
    if "$PATH" in text:
        if shape.path is None:
            raise UnsupportedShape(f"shape {shape.node}: $PATH in a node shape")
        text = text.replace("$PATH", path_text(shape.path))
    head = re.search(r"(?is)\bSELECT\b(\s+(?:DISTINCT|REDUCED)\b)?(.*?)(\bWHERE\b\s*\{|\{)", text)
    if head is None:
        raise UnsupportedShape(f"shape {shape.node}: cannot read the sh:select query")
    projection = head.group(2)
    if "*" not in projection and not re.search(r"\?this\b", projection):
        projection = " ?this " + projection
    text = (text[:head.start()] + f"SELECT{head.group(1) or ''}{projection}{head.group(3)} "
            + focus.bind("?this") + " " + text[head.end():])
    messages = {m.language or "": m.value for m in one("message")} or None
    found, seen = [], set()
    solutions = data.query(prefixes + text)
    variables = solutions.variables
    for r in solutions:
        bindings = {v.value: r[v] for v in variables if r[v] is not None}
        if "failure" in bindings:
            raise UnsupportedShape(f"shape {shape.node}: the SPARQL constraint reported ?failure")
        this = bindings.get("this")
        value = bindings.get("value", this if shape.path is None else None)
        path = read_path(shapes, bindings["path"]) if "path" in bindings else shape.path
        key = tuple(sorted((k, str(v)) for k, v in bindings.items()))
        if key not in seen:
            seen.add(key)
            found.append((this, value, SH.SPARQLConstraintComponent, path, bindings, messages))
    return found
