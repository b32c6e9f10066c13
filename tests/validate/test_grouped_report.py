"""The report at any size (lod/validate/report.py): the terminal gets one group per rule with its
count and a few cells; the files get every finding, as text and as JSON."""

from __future__ import annotations

import json

from lod.errors import Problem
from lod.text import Text
from lod.validate.report import format_report, grouped_report, report_json

OUTPUTS = Text("Aanbevolen: geef minstens één output", "Recommended: give at least one output")
MUNICIPALITY = Text("onbekende gemeente", "unknown municipality")


def many() -> list[Problem]:
    """30 002 warnings of two rules and 5 errors of a third, as a large sheet gives."""
    found = [Problem(OUTPUTS, file="m.csv", row=r, column="outputs", severity="warning", code="outputs")
             for r in range(2, 20_002)]
    found += [Problem(OUTPUTS, file="m.csv", row=r, column="evaluatie", severity="warning",
                      code="evaluatie", hint=Text("vul de kolom in", "fill in the column"))
              for r in range(10_002, 0, -1)]
    found += [Problem(MUNICIPALITY, file="m.csv", row=r, column="gemeente", value=f"Gent{r}",
                      code="unknown-municipality") for r in (7, 3, 5, 11, 2)]
    return found


def test_the_terminal_shows_each_rule_once_with_its_count_and_three_cells():
    text = grouped_report(many(), "nl")
    lines = text.splitlines()
    assert len(lines) == 3 * (1 + 3 + 1)  # a header, three cells and "… en N meer" per rule
    headers = [line for line in lines if not line.startswith("    ")]
    assert headers == [
        "5 × fout unknown-municipality (kolom gemeente): onbekende gemeente",  # errors first
        "20000 × waarschuwing outputs (kolom outputs): Aanbevolen: geef minstens één output",
        "10002 × waarschuwing evaluatie (kolom evaluatie): Aanbevolen: geef minstens één output. "
        "Oplossing: vul de kolom in.",
    ]
    # the first cells of each rule in sheet order, values shown
    assert lines[1:5] == ["    m.csv, rij 2, kolom gemeente: 'Gent2'",
                          "    m.csv, rij 3, kolom gemeente: 'Gent3'",
                          "    m.csv, rij 5, kolom gemeente: 'Gent5'", "    … en 2 meer"]
    assert lines[11:15] == ["    m.csv, rij 1, kolom evaluatie", "    m.csv, rij 2, kolom evaluatie",
                            "    m.csv, rij 3, kolom evaluatie", "    … en 9999 meer"]


def test_a_rule_with_few_findings_lists_them_all_without_more():
    few = many()[-5:][:2]
    assert grouped_report(few, "en").splitlines() == [
        "2 × error unknown-municipality (column gemeente): unknown municipality",
        "    m.csv, row 3, column gemeente: 'Gent3'", "    m.csv, row 7, column gemeente: 'Gent7'"]


def test_the_files_hold_every_finding_as_text_and_as_json():
    problems = many()
    text = format_report(problems, "nl").splitlines()
    data = json.loads(report_json(problems))
    assert len(text) == len(problems) + 1 and len(data["findings"]) == len(problems)
    assert (data["errors"], data["warnings"]) == (5, 30_002)
    assert data["rules"] == [
        {"severity": "error", "code": "unknown-municipality", "column": "gemeente", "count": 5},
        {"severity": "warning", "code": "outputs", "column": "outputs", "count": 20_000},
        {"severity": "warning", "code": "evaluatie", "column": "evaluatie", "count": 10_002}]
    first = data["findings"][0]  # the text's order: by file and row, errors before warnings
    assert first == {"severity": "warning", "code": "evaluatie", "file": "m.csv", "row": 1,
                     "column": "evaluatie", "value": None,
                     "message": {"nl": OUTPUTS.nl, "en": OUTPUTS.en},
                     "hint": {"nl": "vul de kolom in", "en": "fill in the column"}}
    assert text[0] == "m.csv, rij 1, kolom evaluatie (waarschuwing): Aanbevolen: geef minstens één output. " \
                      "Oplossing: vul de kolom in."
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert [f["value"] for f in errors] == ["Gent2", "Gent3", "Gent5", "Gent7", "Gent11"]
