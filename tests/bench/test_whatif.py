"""bench/whatif.py: the proposed explain() index gives the same Problems as lod.validate.report."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # bench/ is a directory of the checkout, not an installed package

from bench.generate import generate  # noqa: E402
from bench.whatif import apply_explain_index  # noqa: E402
from lod.config import Config  # noqa: E402
from lod.graph.codelists import code_index, shapes_text  # noqa: E402
from lod.graph.measures import field_predicates, origins  # noqa: E402
from lod.records.columns import read_measure_table  # noqa: E402
from lod.records.measures import parse_measures  # noqa: E402
from lod.records.partners import load_organisations  # noqa: E402
from lod.records.territory import load_municipalities  # noqa: E402
from lod.validate import report  # noqa: E402
from lod.validate.shacl import validate_graph  # noqa: E402


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
