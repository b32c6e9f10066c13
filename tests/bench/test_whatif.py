"""bench/whatif.py: the proposed explain() index gives the same Problems as lod.validate.report."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.generate import generate
from bench.whatif import apply_explain_index
from lod.config import Config
from lod.graph.codelists import code_index, shapes_text
from lod.graph.measures import field_predicates, origins
from lod.records.columns import read_measure_table
from lod.records.measures import parse_measures
from lod.records.partners import load_organisations
from lod.records.territory import load_municipalities
from lod.validate import report
from lod.validate.shacl import validate_graph


def test_indexed_explain_gives_the_same_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.validation import sheet_graph

    cfg = Config()
    sheet = generate(120, tmp_path / "m.csv", seed=11)
    measures, _ = parse_measures(read_measure_table(sheet), codes=code_index(cfg),
                                 municipalities=load_municipalities(cfg.data_dir),
                                 organisations=load_organisations(cfg.data_dir / "organisaties.csv"))
    store = ox.Store()
    store.bulk_extend(sheet_graph(sheet))
    findings = validate_graph(store, shapes_text(cfg)).findings
    where, columns = origins(measures, cfg), field_predicates(cfg)
    expected = report.explain(findings, origins=where, columns=columns)
    assert len(expected) > 50  # 'recommended' warnings on empty fields: the slow path is exercised
    monkeypatch.setattr(report, "_cell", report._cell)  # restored after the test
    monkeypatch.setattr(report, "explain", report.explain)
    apply_explain_index()
    assert report.explain(findings, origins=where, columns=columns) == expected
