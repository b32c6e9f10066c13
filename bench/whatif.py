"""What a proposed fix would change, measured in the bench's child only; lod/ itself is untouched.

`explain_index`: lod.validate.report._cell looks for the cell of a finding on a nested resource
(…/maatregel/X#periode) by sorting every subject of `origins` once per finding: O(findings x
subjects log subjects), minutes at 250k triples and far longer at 1M, where almost every finding
is a 'recommended' warning on a field the row left empty. The fix: index the hash-IRI parts by
their parent once per explain() call. Same Problems (checked in tests/bench/test_whatif.py).
The validation engineer has since made that change in lod/validate/report.py (2ee81a4), so
`make bench` no longer applies it (`--whatif-sizes 1M` still does, to compare).
"""

from __future__ import annotations

from typing import Any

PATCHES = ("explain_index",)


def apply_explain_index() -> None:
    from lod.validate import report

    original_explain = report.explain
    parts: dict[str, list[str]] = {}

    def cell(focus: str, predicate: str | None, origins: dict[str, dict[str, Any]]) -> Any:
        if predicate is None:
            return None
        owners = report._owners(focus)
        for subject in owners:
            if predicate in origins.get(subject, {}):
                return origins[subject][predicate]
        for subject in parts.get(owners[-1], ()):  # sorted, as the original's scan
            if predicate in origins[subject]:
                return origins[subject][predicate]
        return None

    def explain(findings: Any, *, origins: dict[str, dict[str, Any]], columns: dict[str, str]) -> Any:
        parts.clear()
        for subject in sorted(origins):
            if "#" in subject:
                parts.setdefault(subject.split("#", 1)[0], []).append(subject)
        return original_explain(findings, origins=origins, columns=columns)

    report._cell = cell
    report.explain = explain


def apply(names: list[str]) -> None:
    for name in names:
        {"explain_index": apply_explain_index}[name]()
