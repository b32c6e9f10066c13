"""bench/queries.py percentiles, bench/load.py's reading of wrk, bench/report.py's README block."""

from __future__ import annotations

from pathlib import Path

from bench.load import _ms
from bench.queries import percentiles
from bench.report import BEGIN, END, extrapolate_pyshacl, write


def test_percentiles_are_nearest_rank_in_milliseconds() -> None:
    samples = [i / 1000 for i in range(1, 101)]  # 1..100 ms
    p = percentiles(samples)
    assert (p["p50_ms"], p["p95_ms"], p["runs"]) == (50.0, 95.0, 100)
    assert percentiles([0.004])["p95_ms"] == 4.0


def test_wrk_durations() -> None:
    assert _ms("850.00us") == 0.85
    assert _ms("12.5ms") == 12.5
    assert _ms("1.20s") == 1200.0


def test_pyshacl_is_extrapolated_linearly_from_the_largest_run() -> None:
    results = {"validation": {
        "50k": {"fast": {"triples": 50_000, "seconds": 1.0}, "pyshacl": {"triples": 50_000, "seconds": 20.0}},
        "1M": {"fast": {"triples": 1_000_000, "seconds": 10.0}}}}
    extrapolate_pyshacl(results)
    assert results["validation"]["1M"]["pyshacl_extrapolated"] == {"seconds": 400.0, "from": "50k"}
    assert results["validation"]["1M"]["speedup_extrapolated"] == 40.0
    assert "pyshacl_extrapolated" not in results["validation"]["50k"]


def test_write_replaces_only_the_block_between_the_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Bench\n\nbefore\n{BEGIN}\nold table\n{END}\nafter\n", encoding="utf-8")
    results = {"date": "2026-11-27T06:00:00+00:00", "total_s": 1.0, "build": {}, "validation": {},
               "machine": {"nproc": 2, "memory_gb": 1.0, "cpu": "x", "python": "3.11", "pyoxigraph": "0.5",
                           "rdflib": "7", "pyshacl": "0.4", "loadavg_at_start": [0.1, 0.1, 0.1],
                           "loadavg_at_end": [0.2, 0.2, 0.2]}}
    written = write(results, tmp_path / "results", readme)
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text
    assert text.startswith("# Bench\n\nbefore\n") and text.endswith(f"{END}\nafter\n")
    assert "2 cores" in text
    assert (tmp_path / "results" / "2026-11-27T06-00-00.json").exists()
    assert readme in written
