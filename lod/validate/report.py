"""Findings in words an editor understands: which file, row and column, what is wrong, how to fix it.

The graph stage keeps, for every subject it wrote, the spreadsheet cell behind each predicate
(`origins`); a finding on `…/maatregel/X#periode` belongs to the row of `…/maatregel/X`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from lod.errors import Problem
from lod.sources.table import Cell
from lod.terms import SH
from lod.text import Text
from lod.validate.findings import Finding

# What went wrong when a shape has no sh:message of its own, per constraint component (nl, en).
_WHAT = {
    "MinCount": Text("er ontbreekt een waarde", "a value is missing"),
    "MaxCount": Text("er staan te veel waarden", "there are too many values"),
    "Datatype": Text("de waarde heeft niet de juiste vorm", "the value does not have the right form"),
    "In": Text("de waarde is geen toegelaten code", "the value is not an allowed code"),
    "Class": Text("de waarde verwijst naar iets onbekends", "the value refers to something unknown"),
    "Pattern": Text("de waarde heeft niet de juiste vorm", "the value does not have the right form"),
    "LanguageIn": Text("de tekst heeft een taal die niet toegelaten is",
                       "the text has a language that is not allowed"),
    "UniqueLang": Text("er staat meer dan één tekst in dezelfde taal",
                       "there is more than one text in the same language"),
    "NodeKind": Text("de waarde is van de verkeerde soort", "the value is of the wrong kind"),
    "LessThan": Text("de waarde ligt niet voor de andere waarde", "the value is not before the other value"),
    "LessThanOrEquals": Text("de waarde ligt na de andere waarde", "the value is after the other value"),
    "HasValue": Text("een verplichte waarde ontbreekt", "a required value is missing"),
}
# How to fix it, per component; {column} is the column header.
_HINT = {
    "MinCount": Text("vul de kolom {column} in", "fill in the column {column}"),
    "MaxCount": Text("laat één waarde staan in de kolom {column}", "keep one value in the column {column}"),
    "Datatype": Text("schrijf de waarde in de kolom {column} in de vorm die de melding noemt",
                     "write the value in the column {column} in the form the message names"),
    "In": Text("kies een code (of de Nederlandse naam) uit de codelijst in ontology/codelists/",
               "choose a code (or its Dutch name) from the code list in ontology/codelists/"),
    "Class": Text("gebruik een NIS-code, organisatie of code die in de referentielijsten staat",
                  "use a NIS code, organisation or code that is in the reference lists"),
    "Pattern": Text("verbeter de schrijfwijze van de waarde in de kolom {column}",
                    "correct how the value in the column {column} is written"),
    "UniqueLang": Text("houd één tekst per taal", "keep one text per language"),
    "LanguageIn": Text("gebruik de kolommen voor Nederlands of Engels",
                       "use the columns for Dutch or English"),
}
_DEFAULT_HINT = Text("verbeter de waarde in de rij zoals hierboven beschreven en bouw opnieuw",
                     "correct the value in the row as described and build again")


def explain(findings: Iterable[Finding], *, origins: dict[str, dict[str, Cell]],
            columns: dict[str, str]) -> list[Problem]:
    """One Problem per finding, placed at its spreadsheet cell where the graph knows it.

    The origins are indexed once, so this is linear in findings plus cells (at 1M triples almost
    every finding is a 'recommended' warning, hundreds of thousands of them).

    >>> m = "https://w3id.org/veilig-uitgaan/id/maatregel/X"
    >>> title, end = "http://purl.org/dc/terms/title", "http://www.w3.org/ns/dcat#endDate"
    >>> cells = {m: {title: Cell("", "maatregelen.csv", 14, "titel_nl")},
    ...          f"{m}#periode": {end: Cell("2021", "maatregelen.csv", 14, "einddatum")}}
    >>> findings = [
    ...     Finding(ox.NamedNode(m), ox.NamedNode(title), None, ox.NamedNode("urn:s"),
    ...             SH.MinCountConstraintComponent, SH.Violation, {"nl": "Geef een titel."}),
    ...     Finding(ox.NamedNode(f"{m}#periode"), ox.NamedNode(end), ox.Literal("2021"),
    ...             ox.NamedNode("urn:t"), SH.LessThanOrEqualsConstraintComponent, SH.Warning, {})]
    >>> problems = explain(findings, origins=cells, columns={title: "titel_nl"})
    >>> for p in problems:
    ...     print(p.file, p.row, p.column, repr(p.value), p.severity)
    maatregelen.csv 14 titel_nl None error
    maatregelen.csv 14 einddatum '2021' warning
    >>> print(format_report(problems, "nl"))
    maatregelen.csv, rij 14, kolom titel_nl: Geef een titel. Oplossing: vul de kolom titel_nl in.
    maatregelen.csv, rij 14, kolom einddatum (waarschuwing): '2021' — de waarde ligt na de andere waarde. ...
    1 fout, 1 waarschuwing.
    """
    where = _Where(origins)
    problems: dict[tuple, Problem] = {}
    for finding in findings:
        problem = _explain(finding, where, columns)
        problems.setdefault((problem.file, problem.row, problem.column, problem.value, problem.message.nl,
                             problem.severity), problem)
    return sorted(problems.values(), key=_order)


def _explain(finding: Finding, where: _Where, columns: dict[str, str]) -> Problem:
    component = finding.constraint_component.value.removeprefix(SH.iri).removesuffix("ConstraintComponent")
    focus = _text(finding.focus_node) or ""
    predicate = _predicate(finding.result_path)
    cell = where.cell(focus, predicate)
    row_cell = cell or where.any_cell(focus)
    # The measures' column of the predicate, for a measure's row only (an organisation's dct:type
    # is no 'soorten' cell).
    column = cell.column if cell is not None else columns.get(predicate) if predicate and row_cell else None
    # A node shape's rule names the focus itself as its value: that says nothing to an editor.
    graph_value = _text(finding.value) if finding.value != finding.focus_node else None
    value = cell.value if cell is not None and not cell.empty else graph_value
    what = _WHAT.get(component, Text("de gegevens kloppen niet", "the data is not right"))
    message = Text(finding.messages.get("nl") or finding.messages.get("") or what.nl,
                   finding.messages.get("en") or finding.messages.get("") or what.en)
    if row_cell is None:  # not from a spreadsheet row: name the resource itself
        message = Text(f"{focus}: ", f"{focus}: ") + message
    hint: Text[str] | None = _HINT.get(component, _DEFAULT_HINT)
    if "{column}" in hint.nl and not column:
        hint = _DEFAULT_HINT
    if component == "SPARQL" and finding.messages:  # the rule's own message says what to do
        hint = None
    return Problem(
        message, file=row_cell.file if row_cell else None, row=row_cell.row if row_cell else None,
        column=column, value=value,
        hint=hint and Text(hint.nl.format(column=column), hint.en.format(column=column)),
        severity="error" if finding.severity == SH.Violation else "warning",
        code=_local(finding.source_shape.value))


def _predicate(path) -> str | None:
    """The predicate that names the column: the path itself, or the last step of a sequence."""
    if isinstance(path, ox.NamedNode):
        return path.value
    if isinstance(path, tuple) and path[0] == "sequence":
        return _predicate(path[1][-1])
    return None


def _owners(focus: str) -> list[str]:
    """The focus and, for a nested hash IRI (…/maatregel/X#periode), its parent."""
    return [focus, focus.split("#", 1)[0]] if "#" in focus else [focus]


class _Where:
    """The origins indexed for lookup: the hash-IRI parts (…/X#periode) of each resource, once."""

    def __init__(self, origins: dict[str, dict[str, Cell]]) -> None:
        self.origins = origins
        self.parts: dict[str, list[str]] = {}
        for subject in sorted(origins):  # sorted: the first part holding the predicate wins, as always
            if "#" in subject:
                self.parts.setdefault(subject.split("#", 1)[0], []).append(subject)

    def cell(self, focus: str, predicate: str | None) -> Cell | None:
        if predicate is None:
            return None
        owners = _owners(focus)
        for subject in owners:
            if predicate in self.origins.get(subject, {}):
                return self.origins[subject][predicate]
        # A path through a nested resource (…/X#periode): its cell sits on the part.
        for subject in self.parts.get(owners[-1], ()):
            if predicate in self.origins[subject]:
                return self.origins[subject][predicate]
        return None

    def any_cell(self, focus: str) -> Cell | None:
        for subject in reversed(_owners(focus)):
            cells = self.origins.get(subject)
            if cells:
                return min(cells.values(), key=lambda c: (c.row, c.column))
        return None


def _text(term) -> str | None:
    if term is None:
        return None
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _order(p: Problem) -> tuple:
    return (p.file is None, p.file or "", p.row or 0, p.severity != "error", p.column or "", p.message.nl,
            p.value or "")


_COUNTS = Text({"error": ("fout", "fouten"), "warning": ("waarschuwing", "waarschuwingen")},
               {"error": ("error", "errors"), "warning": ("warning", "warnings")})


def format_report(problems: Iterable[Problem], lang: str = "nl") -> str:
    """The text the CLI prints: one line per problem (Problem.line), by file and row, then the counts."""
    problems = sorted(problems, key=_order)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    counts = _COUNTS.pick(lang)
    total = f"{errors} {counts['error'][errors != 1]}, {warnings} {counts['warning'][warnings != 1]}."
    return "\n".join([*(p.line(lang) for p in problems), total])


def _rule(p: Problem) -> tuple[bool, str, str]:
    """A problem's rule for grouping: errors first, then its code (else its message), its column."""
    return (p.severity != "error", p.code or p.message.nl, p.column or "")


def grouped_report(problems: Iterable[Problem], lang: str = "nl", *, examples: int = 3) -> str:
    """The terminal's view of any number of problems: one group per rule (code and column), the
    largest first within errors and within warnings, each with its count, what it says and how to
    fix it, and where its first `examples` are; the full list is for a file (`format_report`).

    >>> from lod.text import Text
    >>> rows = [Problem(Text("Aanbevolen: geef outputs", "Recommended: give outputs"), file="m.csv",
    ...                 row=r, column="outputs", severity="warning", code="outputs") for r in (2, 3, 5, 9)]
    >>> print(grouped_report(rows, "en", examples=2))
    4 × warning outputs (column outputs): Recommended: give outputs
        m.csv, row 2, column outputs
        m.csv, row 3, column outputs
        … and 2 more
    """
    groups: dict[tuple[bool, str, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault(_rule(p), []).append(p)
    words, counts = _GROUP_WORDS.pick(lang), _COUNTS.pick(lang)
    lines = []
    for key in sorted(groups, key=lambda k: (k[0], -len(groups[k]), k[1], k[2])):
        found = sorted(groups[key], key=_order)
        first = found[0]
        column = f" ({words['column']} {first.column})" if first.column else ""
        what = first.message.pick(lang)
        if first.hint:
            what = f"{what.rstrip('.')}. {words['fix']}: {first.hint.pick(lang).rstrip('.')}."
        lines.append(f"{len(found)} × {counts[first.severity][0]} {first.code or '-'}{column}: {what}")
        for p in found[:examples]:
            where = p.where(lang) or "-"
            lines.append(f"    {where}: '{p.shown}'" if p.value else f"    {where}")
        if len(found) > examples:
            lines.append(f"    … {words['more'].format(len(found) - examples)}")
    return "\n".join(lines)


_GROUP_WORDS = Text({"column": "kolom", "fix": "Oplossing", "more": "en {} meer"},
                    {"column": "column", "fix": "Fix", "more": "and {} more"})


def report_json(problems: Iterable[Problem]) -> bytes:
    """Every problem, machine-readable: the counts per rule and each finding with its cell, in
    both languages (the same order as `format_report`)."""
    problems = sorted(problems, key=_order)
    rules: dict[tuple[bool, str, str], int] = {}
    for p in problems:
        rules[_rule(p)] = rules.get(_rule(p), 0) + 1
    data = {
        "errors": sum(p.severity == "error" for p in problems),
        "warnings": sum(p.severity != "error" for p in problems),
        "rules": [{"severity": "warning" if k[0] else "error", "code": k[1], "column": k[2] or None,
                   "count": n} for k, n in sorted(rules.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0]))],
        "findings": [{"severity": p.severity, "code": p.code or None, "file": p.file, "row": p.row,
                      "column": p.column, "value": p.value,
                      "message": {"nl": p.message.nl, "en": p.message.en},
                      "hint": {"nl": p.hint.nl, "en": p.hint.en} if p.hint else None} for p in problems],
    }
    # Compact: a large sheet has tens of thousands of findings.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
