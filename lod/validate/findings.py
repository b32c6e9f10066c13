"""What validation found: one Finding per sh:ValidationResult, the Validation outcome, and the
sh:ValidationReport read and written without blank nodes (byte-reproducible)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from lod.terms import RDF, SH
from lod.validate.shapes import Path, Term, objects, path_text, read_path

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


def read_findings(report: ox.Store) -> list[Finding]:
    """The findings of an sh:ValidationReport held in `report`."""
    findings = []
    # Only the report's own results: pySHACL also types the nested sh:detail results of sh:node.
    for q in report.quads_for_pattern(None, SH.result, None):
        node = q.object

        def one(p, node=node):
            found = objects(report, node, p)
            return found[0] if found else None

        path = one(SH.resultPath)
        messages = {}
        for m in objects(report, node, SH.resultMessage):
            messages[m.language or ""] = m.value
        findings.append(Finding(
            focus_node=one(SH.focusNode), result_path=read_path(report, path) if path else None,
            value=one(SH.value), source_shape=one(SH.sourceShape),
            constraint_component=one(SH.sourceConstraintComponent), severity=one(SH.resultSeverity),
            messages=messages))
    return findings


__all__ = ["Finding", "SEVERITIES", "Validation", "read_findings"]
