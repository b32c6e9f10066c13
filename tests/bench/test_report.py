"""bench/queries.py percentiles, bench/load.py's reading of wrk, bench/report.py's README block."""

from __future__ import annotations

from pathlib import Path

from bench.load import _ms
from bench.queries import percentiles
from bench.report import BEGIN, END, extrapolate_pyshacl, goals, write


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


def test_the_goals_table_marks_each_goal_of_issue_17_met_or_not_with_its_numbers() -> None:
    stages = {"reference data": 0.1, "read+parse": 3.0, "map+load graph": 4.0, "validate": 5.0, "dumps": 2.0,
              "catalogue+summary": 0.5, "pages": 10.0, "exchange files": 2.0, "store": 3.0, "publish": 1.0,
              "report files": 0.4}
    query = {"rows": 1, "cold_ms": 30.0, "p50_ms": 1.0, "warm_cache": "hit"}
    first = {"requests_per_s": 2500.0, "server_cpu_ms_per_request": 0.25}
    results = {
        "total_s": 1000.0,
        "build": {"50k": {"triples": 50_000, "wall_s": 2.0, "peak_rss_mb": 100, "stages": stages},
                  "1M": {"triples": 1_000_000, "wall_s": 31.0, "cpu_s": 30.0, "peak_rss_mb": 900,
                         "stages": stages, "stages_cpu": stages, "warnings": 38_000}},
        "sparql": {"engines": {"lod serve (HTTP)": {"a": query, "b": {**query, "cold_ms": 50.0}},
                               "Virtuoso (HTTP)": {"a": {"rows": 1, "p50_ms": 20.0},
                                                   "b": {"rows": 1, "p50_ms": 20.0}}},
                   "load": {"lod serve: /doc HTML, first requests (c32)": first,
                            "lod serve: /doc HTML, cached (c32)": {"requests_per_s": 3000.0}}}}
    rows = {line.split(" | ")[0].lstrip("| "): line for line in goals(results) if line.startswith("| ")}
    assert "31.00 s wall, 30.00 s CPU" in rows["whole `lod build` at 1M (1000000 triples)"]
    assert rows["whole `lod build` at 1M (1000000 triples)"].endswith("**not met** |")
    assert rows["peak RSS at 1M"].endswith("**met** |") and "900 MB" in rows["peak RSS at 1M"]
    core = rows["core at 1M (read, map, validate, dumps, catalogue)"]
    assert "14.60 s wall" in core and core.endswith("**met** |")  # pages, store, … not in the core
    assert "report files 0.40 s" in rows[next(k for k in rows if k.startswith("report"))]
    html = rows["HTML first requests, 32 connections"]
    assert "2500.0 req/s first, 3000.0 req/s cached" in html and "0.250 ms/request first" in html
    assert html.endswith("**met** |")
    cold = rows[next(k for k in rows if k.startswith("SPARQL cold"))]
    assert "b 50.0 vs 20.0 ms (2.5×)" in cold and cold.endswith("**not met** |")  # 50 > 2 × 20
    assert rows[next(k for k in rows if k.startswith("SPARQL warm"))].endswith("**met** |")
    assert rows["`make bench` run time"].endswith("**not met** |")


def test_a_goal_without_its_measurement_is_marked_not_met_and_says_why() -> None:
    hit = {"rows": 1, "cold_ms": 1.0, "p50_ms": 0.5, "warm_cache": "hit"}
    results = {"sparql": {"engines": {"lod serve (HTTP)": {"a": hit, "b": hit},
                                      "Virtuoso (HTTP)": {"error": "virtuoso-opensource is not installed"}},
                          "load": {}}}
    rows = [line for line in goals(results) if line.startswith("| ")]
    for start in ("| HTML first", "| SPARQL cold", "| SPARQL warm"):
        row = next(line for line in rows if line.startswith(start))
        assert "not measured" in row and row.endswith("**not met** |"), row
    assert "virtuoso-opensource is not installed" in next(r for r in rows if r.startswith("| SPARQL cold"))
    # warm answers that were no cache hits do not meet the warm goal, however fast
    peer = {"a": {"rows": 1, "p50_ms": 9.0}, "b": {"rows": 1, "p50_ms": 9.0}}
    results["sparql"]["engines"] = {"lod serve (HTTP)": {"a": hit, "b": {**hit, "warm_cache": "miss"}},
                                    "Virtuoso (HTTP)": peer}
    warm = next(line for line in goals(results) if line.startswith("| SPARQL warm"))
    assert "(X-Cache miss)" in warm and warm.endswith("**not met** |")


def test_a_skipped_stage_means_the_whole_build_goal_is_not_met() -> None:
    stages = {"validate": 1.0, "pages": None}
    results = {"build": {"1M": {"triples": 1_000_000, "wall_s": 5.0, "peak_rss_mb": 10, "stages": stages}}}
    whole = next(line for line in goals(results) if "whole" in line)
    assert "(pages skipped)" in whole and whole.endswith("**not met** |")
