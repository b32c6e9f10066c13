"""The fast path: SHACL shapes compiled to SPARQL, one query per constraint over all focus nodes at once.

Focus nodes are never looped over in Python: a shape's focus set is a SPARQL group pattern binding
`?FOCUS` (its targets, or the value nodes of the shape that nests it), and every constraint is one
query that returns the violating (focus, value) pairs. Nested shapes (sh:node, sh:or, sh:and,
sh:not, sh:xone) are answered by computing the set of value nodes that fail the nested shape, once.
Anything outside the supported subset raises UnsupportedShape naming it; nothing passes silently.
"""

from __future__ import annotations

import itertools

import pyoxigraph as ox

from lod.terms import OWL, RDF, RDFS, SH
from lod.validate.fast_shapes import (
    COMPARE,
    CONSTRAINTS,
    INERT,
    NODE_KINDS,
    Focus,
    Shape,
    UnsupportedShape,
    component_name,
    datatype_test,
    sparql_rows,
)
from lod.validate.findings import Finding
from lod.validate.shapes import Path, Term, fill_message, path_text, read_list, read_path

__all__ = ["Engine", "UnsupportedShape", "run_shapes", "SCAN_FROM"]

# From this many focus nodes on, a property shape's constraints are asked of every subject with
# the path, and the rows are kept for the focus nodes in Python. The join of the focus pattern with
# the path is a nested loop of index lookups in pyoxigraph, about 4x the scan of the path alone (1M
# triples: 0.16 s against 0.04 s per constraint, bench/README.md); below it, the lookups are cheap
# and a path that many other subjects use is not scanned for a few focus nodes.
SCAN_FROM = 256


class Engine:
    def __init__(self, data: ox.Store, shapes: ox.Store, *, scan_from: int | None = None) -> None:
        self.data, self.shapes = data, shapes
        self.scan_from = SCAN_FROM if scan_from is None else scan_from
        self.cache: dict[ox.NamedNode, Shape] = {}
        self.failing_cache: dict[tuple[ox.NamedNode, str], frozenset[Term]] = {}
        self.focus_cache: dict[str, frozenset[Term]] = {}
        self.names = itertools.count()

    def has(self, quad: ox.Quad) -> bool:
        return quad in self.shapes

    def var(self) -> str:
        return f"?_v{next(self.names)}"

    def focus_nodes(self, focus: Focus) -> frozenset[Term]:
        """The focus nodes themselves, asked once per focus pattern."""
        if focus.text not in self.focus_cache:
            rows = self.data.query(f"SELECT DISTINCT ?FOCUS WHERE {{ {focus.text} }}")
            self.focus_cache[focus.text] = frozenset(r[0] for r in rows)
        return self.focus_cache[focus.text]

    def scanned(self, shape: Shape, focus: Focus) -> frozenset[Term] | None:
        """The focus nodes when `shape`'s constraints are better asked of the whole path (SCAN_FROM),
        else None (ask them joined with the focus pattern)."""
        if shape.path is None:
            return None
        nodes = self.focus_nodes(focus)
        return nodes if len(nodes) >= self.scan_from else None

    # --- reading shapes -------------------------------------------------------------------------

    def shape(self, node: Term) -> Shape:
        if not isinstance(node, ox.NamedNode):
            raise UnsupportedShape(f"shape {node} is a literal or unnamed node")
        if node not in self.cache:
            params: dict[str, list[Term]] = {}
            for q in self.shapes.quads_for_pattern(node, None, None):
                if q.predicate.value.startswith(SH.iri):
                    params.setdefault(q.predicate.value[len(SH.iri):], []).append(q.object)
            unknown = sorted(set(params) - INERT - CONSTRAINTS)
            if unknown:
                raise UnsupportedShape(f"shape {node}: sh:{', sh:'.join(unknown)} is not supported by the "
                                       "fast validator")
            paths = params.get("path", [])
            shape = Shape(node, read_path(self.shapes, paths[0]) if paths else None, params)
            shape.severity = params.get("severity", [SH.Violation])[0]
            shape.deactivated = any(v.value == "true" for v in params.get("deactivated", []))
            shape.messages = {m.language or "": m.value for m in params.get("message", [])}
            shape.children = params.get("property", [])
            self.cache[node] = shape
        return self.cache[node]

    def top_shapes(self) -> list[tuple[Shape, Focus]]:
        """Shapes with targets (explicit, or implicit: a shape that is also a class)."""
        nodes = set()
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            nodes |= {q.subject for q in self.shapes.quads_for_pattern(None, SH[kind], None)}
        for cls in (RDFS.Class, OWL.Class):
            nodes |= {q.subject for q in self.shapes.quads_for_pattern(None, RDF.type, cls)
                      if self.has(ox.Quad(q.subject, RDF.type, SH.NodeShape))}
        return [(self.shape(n), self.targets(self.shape(n))) for n in sorted(nodes, key=str)]

    def targets(self, shape: Shape) -> Focus:
        parts = []
        classes = list(shape.params.get("targetClass", []))
        if self.has(ox.Quad(shape.node, RDF.type, RDFS.Class)) or self.has(
                ox.Quad(shape.node, RDF.type, OWL.Class)):
            classes.append(shape.node)
        for cls in classes:
            subclasses = self.subclasses(cls)
            if " " not in subclasses:  # no subclasses: each instance once
                parts.append(f"?FOCUS a {subclasses} .")
            else:
                parts.append(f"VALUES {(c := self.var())} {{ {subclasses} }} ?FOCUS a {c} .")
        if shape.params.get("targetNode"):
            parts.append(f"VALUES ?FOCUS {{ {' '.join(map(str, shape.params['targetNode']))} }}")
        for p in shape.params.get("targetSubjectsOf", []):
            parts.append(f"?FOCUS {p} {self.var()} .")
        for p in shape.params.get("targetObjectsOf", []):
            parts.append(f"{self.var()} {p} ?FOCUS .")
        if len(parts) == 1 and parts[0].startswith(("?FOCUS a ", "VALUES ?FOCUS")):  # each node once
            return Focus(parts[0])
        union = " UNION ".join(f"{{ {p} }}" for p in parts)
        return Focus(f"{{ SELECT DISTINCT ?FOCUS WHERE {{ {union} }} }}")

    def subclasses(self, cls: Term) -> str:
        """The class and its rdfs:subClassOf descendants in the data graph, as VALUES terms."""
        found = {str(r["c"]) for r in self.data.query(
            f"SELECT DISTINCT ?c WHERE {{ ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* {cls} }}")}
        return " ".join(sorted(found | {str(cls)}))

    # --- evaluating -----------------------------------------------------------------------------

    def triples(self, subject: str, path: Path, obj: str) -> str:
        """`subject path obj` as triple patterns: sequences become joins, which pyoxigraph runs
        from the bound end (as a property path it may scan the whole graph)."""
        if isinstance(path, tuple) and path[0] == "sequence":
            links = [subject] + [self.var() for _ in path[1][1:]] + [obj]
            return " ".join(self.triples(links[i], step, links[i + 1]) for i, step in enumerate(path[1]))
        return f"{subject} {path_text(path)} {obj} ."

    def values(self, shape: Shape, focus: Focus) -> str:
        """A pattern binding ?this (a focus node) and ?value (each of its value nodes)."""
        if shape.path is None:
            return f"{focus.bind('?this')} BIND(?this AS ?value)"
        return f"{focus.bind('?this')} {self.triples('?this', shape.path, '?value')}"

    def value_focus(self, shape: Shape, focus: Focus) -> Focus:
        """The value nodes of `shape` as the focus of a shape nested in it."""
        if shape.path is None:
            return focus
        v = self.var()
        step = self.triples(v, shape.path, "?FOCUS")
        return Focus(f"{{ SELECT DISTINCT ?FOCUS WHERE {{ {focus.bind(v)} {step} }} }}")

    def evaluate(self, shape: Shape, focus: Focus) -> list[Finding]:
        """Every finding of `shape` and of the property shapes inside it, as pySHACL reports them."""
        if shape.deactivated:
            return []
        found = [self.finding(shape, *row) for row in self.violations(shape, focus)]
        nested = self.value_focus(shape, focus)
        for child in shape.children:
            found += self.evaluate(self.shape(child), nested)
        return found

    def failing(self, shape: Shape, focus: Focus) -> frozenset[Term]:
        """The focus nodes that do not conform to `shape` (any severity counts)."""
        key = (shape.node, focus.text)
        if key not in self.failing_cache:
            bad: set[Term] = set()
            if not shape.deactivated:
                bad = {row[0] for row in self.violations(shape, focus)}
                nested = self.value_focus(shape, focus)
                for child in shape.children:
                    child_bad = self.failing(self.shape(child), nested)
                    bad |= child_bad if shape.path is None else self.having(shape, focus, child_bad)
            self.failing_cache[key] = frozenset(bad)
        return self.failing_cache[key]

    def having(self, shape: Shape, focus: Focus, nodes: frozenset[Term] | set[Term]) -> set[Term]:
        """The focus nodes with a value node among `nodes`."""
        return {this for this, _ in self.pairs_with(shape, focus, nodes)}

    def pairs_with(self, shape: Shape, focus: Focus, nodes) -> list[tuple[Term, Term]]:
        if not nodes:
            return []
        values = " ".join(sorted(str(n) for n in nodes))
        scanned = self.scanned(shape, focus)
        vals = self.pattern(shape, focus, scanned)
        query = f"SELECT DISTINCT ?this ?value WHERE {{ VALUES ?value {{ {values} }} {vals} }}"
        return [(r["this"], r["value"]) for r in self.select_for(query, scanned)]

    def select(self, query: str) -> list[ox.QuerySolution]:
        return list(self.data.query(query))

    def select_for(self, query: str, nodes: frozenset[Term] | None) -> list[ox.QuerySolution]:
        """`select`, keeping the rows whose ?this is among `nodes` (all rows when None)."""
        rows = self.select(query)
        return rows if nodes is None else [r for r in rows if r["this"] in nodes]

    def pattern(self, shape: Shape, focus: Focus, nodes: frozenset[Term] | None) -> str:
        """`values(shape, focus)`, or only the path (every subject) when the focus is filtered in Python."""
        return self.values(shape, focus) if nodes is None else self.triples("?this", shape.path, "?value")

    def violations(self, shape: Shape, focus: Focus):
        """(focus, value, component, path, bindings, messages) for each violated constraint."""
        p, vals = shape.params, self.values(shape, focus)
        nodes = self.scanned(shape, focus)
        rows = []

        # Every value-level constraint in one scan of (focus, value): a flag per constraint.
        checks: list[tuple[str, str]] = []
        for cls in p.get("class", []):
            classes = self.subclasses(cls)
            test = (f"EXISTS {{ ?value a {classes} }}" if " " not in classes
                    else f"EXISTS {{ VALUES {(c := self.var())} {{ {classes} }} ?value a {c} }}")
            checks.append(("ClassConstraintComponent", f"!{test}"))
        for dt in p.get("datatype", []):
            checks.append(("DatatypeConstraintComponent", f"!({datatype_test(dt)})"))
        for kind in p.get("nodeKind", []):
            checks.append(("NodeKindConstraintComponent", f"!{NODE_KINDS[kind.value[len(SH.iri):]]}"))
        for name, op in COMPARE.items():
            for bound in p.get(name, []):
                checks.append((component_name(name), f"!COALESCE(?value {op} {bound}, false)"))
        for name, op in (("minLength", ">="), ("maxLength", "<=")):
            for bound in p.get(name, []):
                length = f"COALESCE(STRLEN(STR(?value)) {op} {bound.value}, false)"
                checks.append((component_name(name), f"isBlank(?value) || !{length}"))
        for pattern in p.get("pattern", []):
            flags = p.get("flags", [ox.Literal("")])[0]
            regex = f"regex(str(?value), {ox.Literal(pattern.value)}, {ox.Literal(flags.value)})"
            checks.append(("PatternConstraintComponent", f"isBlank(?value) || !{regex}"))
        for langs in p.get("languageIn", []):
            tests = " || ".join(f'langMatches(lang(?value), {ox.Literal(t.value)})'
                                for t in read_list(self.shapes, langs) or [])
            checks.append(("LanguageInConstraintComponent", f"!(isLiteral(?value) && ({tests or 'false'}))"))
        for members in p.get("in", []):  # sameTerm: "01"^^xsd:integer is not 1 here
            allowed = " || ".join(f"sameTerm(?value, {t})" for t in read_list(self.shapes, members) or [])
            checks.append(("InConstraintComponent", f"!({allowed or 'false'})"))
        if checks:
            flags = [self.var() for _ in checks]
            named = list(zip(checks, flags, strict=True))
            binds = " ".join(f"BIND(COALESCE({test}, false) AS {flag})" for (_, test), flag in named)
            query = (f"SELECT DISTINCT ?this ?value {' '.join(flags)} WHERE {{ "
                     f"{self.pattern(shape, focus, nodes)} {binds} FILTER({' || '.join(flags)}) }}")
            for r in self.select_for(query, nodes):
                rows += [(r["this"], r["value"], component) for (component, _), flag in named
                         if r[flag[1:]].value == "true"]
        if shape.path is not None:
            rows += self.cardinality(shape, focus, nodes)
            rows += self.property_pairs(shape, focus, nodes)
        for value in p.get("hasValue", []):
            if shape.path is None:  # pySHACL names no value here
                query = f"SELECT ?this WHERE {{ {vals} FILTER(!sameTerm(?value, {value})) }}"
                rows.extend((r["this"], None, "HasValueConstraintComponent") for r in self.select(query))
            elif nodes is not None:
                query = f"SELECT DISTINCT ?this WHERE {{ {self.triples('?this', shape.path, str(value))} }}"
                having = {r["this"] for r in self.select(query)}
                rows.extend((this, None, "HasValueConstraintComponent") for this in nodes - having)
            else:
                query = (f"SELECT ?this WHERE {{ {focus.bind('?this')} "
                         f"MINUS {{ {self.triples('?this', shape.path, str(value))} }} }}")
                rows.extend((r["this"], None, "HasValueConstraintComponent") for r in self.select(query))
        rows += self.logical(shape, focus)
        found = [(this, value, SH[component], shape.path, None, None) for this, value, component in rows]
        for constraint in p.get("sparql", []):
            found += self.sparql(shape, focus, constraint)
        return found

    def cardinality(self, shape: Shape, focus: Focus, nodes: frozenset[Term] | None = None) -> list[tuple]:
        p, rows = shape.params, []
        this = focus.bind("?this")
        mins = [int(b.value) for b in p.get("minCount", []) if int(b.value) > 0]
        maxes = [int(b.value) for b in p.get("maxCount", [])]
        values = self.triples("?this", shape.path, "?v")
        if nodes is not None and (mins or maxes) and max(mins, default=0) <= 1:
            # focus nodes without a value: an anti-join; too many values: counted for every subject
            # of the path, only those above the bound come back
            if mins:
                query = f"SELECT ?this WHERE {{ {this} MINUS {{ {values} }} }}"
                rows.extend((r["this"], None, "MinCountConstraintComponent") for r in self.select(query))
            if maxes:
                query = (f"SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {values} }} GROUP BY ?this "
                         f"HAVING (COUNT(DISTINCT ?v) > {min(maxes)})")
                for r in self.select_for(query, nodes):
                    n = int(r["n"].value)
                    rows += [(r["this"], None, "MaxCountConstraintComponent") for bound in maxes if n > bound]
        elif mins and maxes or any(n > 1 for n in mins + maxes):
            # both bounds, or bounds above 1: count every focus node's values once
            low, high = max(mins, default=0), min(maxes, default=None)
            having = " || ".join([f"COUNT(DISTINCT ?v) < {low}"] * bool(mins)
                                 + [f"COUNT(DISTINCT ?v) > {high}"] * (high is not None))
            query = (f"SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {this} OPTIONAL {{ {values} }} }} "
                     f"GROUP BY ?this HAVING ({having})")
            for r in self.select(query):
                n = int(r["n"].value)
                rows += [(r["this"], None, "MinCountConstraintComponent") for bound in mins if n < bound]
                rows += [(r["this"], None, "MaxCountConstraintComponent") for bound in maxes if n > bound]
        elif mins:  # minCount 1 alone: an anti-join
            query = f"SELECT ?this WHERE {{ {this} MINUS {{ {values} }} }}"
            rows.extend((r["this"], None, "MinCountConstraintComponent") for r in self.select(query))
        elif maxes:  # maxCount 0 or 1 alone: a self-join on the index beats grouping every focus node
            a, b = self.triples("?this", shape.path, "?a"), self.triples("?this", shape.path, "?b")
            query = (f"SELECT DISTINCT ?this WHERE {{ {this} {a} }}" if max(maxes) == 0 else
                     f"SELECT DISTINCT ?this WHERE {{ {this} {a} {b} FILTER(!sameTerm(?a, ?b)) }}")
            rows.extend((r["this"], None, "MaxCountConstraintComponent") for r in self.select(query))
        if any(v.value == "true" for v in p.get("uniqueLang", [])):
            a, b = self.triples("?this", shape.path, "?a"), self.triples("?this", shape.path, "?b")
            query = (f"SELECT DISTINCT ?this ?lang WHERE {{ {this if nodes is None else ''} {a} {b} "
                     "FILTER(!sameTerm(?a, ?b) && lang(?a) != '' && lang(?a) = lang(?b)) "
                     "BIND(lang(?a) AS ?lang) }")
            rows.extend((r["this"], None, "UniqueLangConstraintComponent")
                        for r in self.select_for(query, nodes))
        return rows

    def property_pairs(self, shape: Shape, focus: Focus, nodes: frozenset[Term] | None = None) -> list[tuple]:
        p, vals, rows = shape.params, self.pattern(shape, focus, nodes), []
        for other in p.get("equals", []):
            mine = self.triples("?this", shape.path, "?value")
            theirs = f"{focus.bind('?this') if nodes is None else ''} ?this {other} ?value"
            query = (f"SELECT DISTINCT ?this ?value WHERE {{ {{ {vals} MINUS {{ ?this {other} ?value }} }}"
                     f" UNION {{ {theirs} MINUS {{ {mine} }} }} }}")
            rows.extend((r["this"], r["value"], "EqualsConstraintComponent")
                        for r in self.select_for(query, nodes))
        for other in p.get("disjoint", []):
            query = f"SELECT DISTINCT ?this ?value WHERE {{ {vals} ?this {other} ?value }}"
            rows.extend((r["this"], r["value"], "DisjointConstraintComponent")
                        for r in self.select_for(query, nodes))
        for name, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other in p.get(name, []):
                query = (f"SELECT DISTINCT ?this ?value WHERE {{ {vals} ?this {other} ?o "
                         f"FILTER(!COALESCE(?value {op} ?o, false)) }}")
                component = component_name(name)
                rows.extend((r["this"], r["value"], component) for r in self.select_for(query, nodes))
        return rows

    def logical(self, shape: Shape, focus: Focus) -> list[tuple]:
        """sh:node, sh:not, sh:and, sh:or, sh:xone: via the sets of value nodes failing each shape."""
        p, rows = shape.params, []
        nested = self.value_focus(shape, focus)
        for node in p.get("node", []):
            bad = self.failing(self.shape(node), nested)
            rows += [(t, v, "NodeConstraintComponent") for t, v in self.pairs_with(shape, focus, bad)]
        lists = [(k, read_list(self.shapes, m) or []) for k in ("or", "and", "xone") for m in p.get(k, [])]
        lists += [("not", [m]) for m in p.get("not", [])]
        for kind, members in lists:
            bads = [self.failing(self.shape(m), nested) for m in members]
            if kind in ("and", "or"):
                combine = set.union if kind == "and" else set.intersection
                bad = combine(*map(set, bads)) if bads else set()
                rows += [(t, v, f"{kind.capitalize()}ConstraintComponent")
                         for t, v in self.pairs_with(shape, focus, bad)]
                continue
            scanned = self.scanned(shape, focus)
            pairs = [(r["this"], r["value"]) for r in self.select_for(
                f"SELECT DISTINCT ?this ?value WHERE {{ {self.pattern(shape, focus, scanned)} }}", scanned)]
            for this, value in pairs:
                passed = sum(value not in b for b in bads)
                if (kind == "not" and passed) or (kind == "xone" and passed != 1):
                    rows.append((this, value, f"{kind.capitalize()}ConstraintComponent"))
        return rows

    def sparql(self, shape: Shape, focus: Focus, constraint: Term) -> list[tuple]:
        return sparql_rows(self.data, self.shapes, shape, focus, constraint)

    def finding(self, shape: Shape, this, value, component, path, bindings, messages) -> Finding:
        env = {"this": this, **({"value": value} if value is not None else {}), **(bindings or {})}
        texts = {lang: fill_message(text, env) for lang, text in (messages or shape.messages).items()}
        return Finding(this, path, value, shape.node, component, shape.severity, texts)


def run_shapes(data: ox.Store, shape_quads: list[ox.Quad], *, scan_from: int | None = None) -> list[Finding]:
    """Every finding of the shapes (already skolemized) over `data`; `scan_from`: see SCAN_FROM."""
    shapes = ox.Store()
    shapes.extend(shape_quads)
    engine = Engine(data, shapes, scan_from=scan_from)
    findings: set[Finding] = set()
    for shape, focus in engine.top_shapes():
        # a shape without focus nodes has no result (SHACL 2.1.3): one ASK instead of its every
        # constraint's query, which a small graph (an upload, one example) mostly is
        if engine.data.query(f"ASK {{ {focus.bind('?this')} }}"):
            findings.update(engine.evaluate(shape, focus))
    return list(findings)
