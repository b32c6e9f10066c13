"""The summary for people: numbers from SPARQL, merged municipalities under today's one."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.insight.summary import summarise
from lod.release.site import write_summary
from lod.store.memory import MemoryStore

DATA = Path(__file__).resolve().parent.parent / "data" / "summary-merged-municipality.ttl"
CFG = Config()


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    graph = ox.Store()
    graph.load(path=str(DATA), format=ox.RdfFormat.TURTLE)
    return MemoryStore(graph)


def table(summary, name, label):
    return {row[label]: int(row["maatregelen"]) for row in summary.tables[name]}


def test_counts_per_province_kind_and_year(store):
    summary = summarise(store, CFG)
    assert summary.measures == 3
    assert table(summary, "per_provincie", "provincie") == {"Oost-Vlaanderen": 3}
    assert table(summary, "per_soort", "soort") == {"Vorming en training": 2,
                                                    "Codewoord / discrete hulpvraag": 2}
    assert table(summary, "per_jaar", "jaar") == {"2019": 1, "2022": 2}


def test_a_merged_municipality_counts_under_todays_municipality(store):
    summary = summarise(store, CFG)
    assert table(summary, "gemeenten_met_maatregelen", "gemeente") == {
        "Gent": 2, "Beveren-Kruibeke-Zwijndrecht": 1}
    without = [row["gemeente"] for row in summary.tables["gemeenten_zonder_maatregelen"]]
    assert without == ["Antwerpen"]  # Kruibeke no longer exists, so it is in neither list


def test_summary_files_carry_the_queries_that_reproduce_them(store, tmp_path):
    json_path, md_path, _ = write_summary(store, CFG, tmp_path)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["maatregelen"] == 3
    rerun = store.graph.query(data["queries"]["per_provincie"])
    assert [(r["provincie"].value, r["maatregelen"].value) for r in rerun] == [("Oost-Vlaanderen", "3")]
    text = md_path.read_text(encoding="utf-8")
    assert "| Gent | 2 |" in text and "Antwerpen" in text


def test_the_english_summary_has_the_same_numbers_with_english_labels(store, tmp_path):
    paths = write_summary(store, CFG, tmp_path)
    assert [p.name for p in paths] == ["summary.json", "summary.md", "summary.en.md"]
    nl = paths[1].read_text(encoding="utf-8")
    en = paths[2].read_text(encoding="utf-8")
    assert "## Measures per kind" in en and "| kind | measures |" in en
    assert "Maatregelen per soort" not in en and "Vorming en training" not in en
    kinds_en = {line for line in en.splitlines() if line.startswith("| ") and line.endswith(" 2 |")}
    assert "| Gent | 2 |" in kinds_en and "| Training | 2 |" in kinds_en
    assert "| Codewoord / discrete hulpvraag | 2 |" in kinds_en  # no English label: the Dutch one
    assert "3 measures; 2 municipalities with and 1 without" in en
    assert "| Vorming en training | 2 |" in nl and "Measures" not in nl
    assert en.count("\n| ") == nl.count("\n| ")  # every row of the Dutch tables, no more
