"""`make bench`: generate, build, validate, query and load-test; write bench/results/ and the README table.

    .venv/bin/python -m bench [--sizes 50k,250k,1M] [--sparql-size 1M] [--quick] [--work DIR]

Steps (each bounded in time, the whole under 15 minutes on 2 cores):
1. calibrate triples per row, generate a sheet per size (bench/generate.py);
2. `lod build` per size in a child process: wall time, CPU time, peak RSS, stages (bench/build_bench.py);
   the floor: plain Python writing the same N-Triples lines to disk;
3. validation: the fast engine against pySHACL on the same graph, findings compared (bench/validation.py);
4. SPARQL p50/p95 of six researcher queries: pyoxigraph in process, `lod serve`, Virtuoso and
   rdflib-endpoint over HTTP, on the same dump (bench/queries.py, bench/virtuoso.py);
5. `wrk` on loopback: dereferencing (/doc pages and .ttl) and SPARQL (bench/load.py);
6. bench/results/<date>.json, bench/results/latest.md and the table in bench/README.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report
from bench.build_bench import edit_one_row, run_build
from bench.generate import generate
from bench.load import lod_serve, rdflib_endpoint, run_wrk, settle, sparql_paths, wrk_available
from bench.queries import full, http_runner, pyoxigraph_runner, time_queries
from bench.validation import compare
from bench.virtuoso import Virtuoso, available
from lod.store.embedded import memory_copy

ROOT = Path(__file__).resolve().parents[1]
RESERVE_S = 60  # kept back from the budget for the steps after the last build (floor, report)


def triples(size: str) -> int:
    """'50k' -> 50000, '1M' -> 1000000."""
    unit = {"k": 1_000, "M": 1_000_000}.get(size[-1], 1)
    return int(float(size.rstrip("kM")) * unit)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    import pyoxigraph
    import pyshacl
    import rdflib

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return {"nproc": os.cpu_count(), "memory_gb": round(mem / 1024 / 1024, 1), "cpu": cpu,
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "rdflib": rdflib.__version__, "pyshacl": pyshacl.__version__, "kernel": platform.release(),
            "loadavg_at_start": os.getloadavg()}


def calibrate(work: Path) -> tuple[int, float]:
    """(fixed triples, triples per row): the graph of 0 and of 600 generated rows, without validation."""
    from bench.validation import sheet_graph

    counts = []
    for rows in (1, 601):
        counts.append(len(sheet_graph(generate(rows, work / f"calibrate-{rows}.csv", seed=99))))
    per_row = (counts[1] - counts[0]) / 600
    return round(counts[0] - per_row), per_row


def floor_ntriples(dump: Path, work: Path) -> dict[str, Any]:
    """The floor for serialising: the dump's lines, already strings, written to disk by plain Python."""
    lines = dump.read_text(encoding="utf-8").splitlines(keepends=True)
    target = work / "floor.nt"
    start = time.perf_counter()
    with target.open("w", encoding="utf-8") as f:
        f.writelines(lines)
    seconds = time.perf_counter() - start
    target.unlink()
    return {"triples": len(lines), "seconds": round(seconds, 3), "mb": round(dump.stat().st_size / 2**20, 1)}


def sample_paths(release: Path, n: int = 500) -> list[str]:
    """/doc paths of measures and municipalities, from the release's N-Triples dump."""
    nt = release / "dumps" / "veilig-uitgaan.nt"
    measures, towns = set(), set()
    with nt.open(encoding="utf-8") as f:
        for line in f:
            s = line.split(" ", 1)[0]
            if "/id/maatregel/" in s and "#" not in s:
                measures.add(s[s.index("/id/") + 4:-1])
            elif "data.vlaanderen.be/id/gemeente/" in s:
                towns.add("gemeente/" + s.rsplit("/", 1)[1][:-1])
    rnd = random.Random(5)
    chosen = rnd.sample(sorted(measures), min(n, len(measures))) + sorted(towns)[:50]
    return [f"/doc/{p}" for p in chosen]


def page_paths(release: Path) -> list[str]:
    """Every /doc page of the release in both languages (from its manifest), in a fixed shuffled
    order: a run that requests fewer than these asks each page once, so each is a first request."""
    files = json.loads((release / "manifest.json").read_text(encoding="utf-8"))["files"]
    docs = [f["path"][:-len(".html")] for f in files if f["path"].startswith("doc/")
            and f["path"].endswith(".html") and not f["path"].endswith(".en.html")]
    paths = [f"/{d}" for d in docs] + [f"/{d}?lang=en" for d in docs]
    random.Random(7).shuffle(paths)
    return paths


def html_load(server, release: Path, work: Path, seconds: int) -> dict[str, Any]:
    """HTML at 32 connections (issue 17's goal): every page once (first requests), then the
    sample of 550 pages after a warm-up pass (cached)."""
    out: dict[str, Any] = {}
    pages = page_paths(release)
    if not pages:  # built without its static pages (--pages-sizes): no first request to send from files
        return {"lod serve: /doc HTML, first requests (c32)": {"error": "the release holds no pages"}}
    out["lod serve: /doc HTML, first requests (c32)"] = run_wrk(
        server.base, pages, work, accept="text/html", seconds=seconds, connections=32,
        server_pid=server.pid)
    sample = sample_paths(release)
    run_wrk(server.base, sample, work, accept="text/html", seconds=2, connections=32)  # warm-up
    settle(server.base + sample[0])
    out["lod serve: /doc HTML, cached (c32)"] = run_wrk(server.base, sample, work, accept="text/html",
                                                        seconds=seconds, connections=32,
                                                        server_pid=server.pid)
    return out


def sparql(release: Path, work: Path, budget_s: float, quick: bool) -> dict[str, Any]:
    """The six queries on every engine, and wrk on each HTTP endpoint."""
    import pyoxigraph

    runs = 5 if quick else 15
    dump = release / "dumps" / "veilig-uitgaan.nt"
    out: dict[str, Any] = {"triples_in_dump": sum(1 for _ in dump.open(encoding="utf-8")), "engines": {}}
    engines, load = out["engines"], {}
    lookups = [full(f"SELECT ?p ?o WHERE {{ <https://w3id.org/veilig-uitgaan/id/{p[5:]}> ?p ?o }}")
               for p in sample_paths(release, 200)[:200]]

    log("SPARQL in process (pyoxigraph: the release's read-only store, then its copy in memory)")
    store = pyoxigraph.Store.read_only(str(release / "store"))
    engines["pyoxigraph in process, store on disk"] = time_queries(pyoxigraph_runner(store), runs=runs,
                                                                   budget_s=budget_s)
    graph = next(iter(store.named_graphs()))
    # what `lod serve`'s workers answer from (lod/store/embedded.py, query_in_memory)
    copy = memory_copy(str(release / "store"), graph, quads=len(store))
    del store
    engines["pyoxigraph in process, in memory"] = time_queries(pyoxigraph_runner(copy), runs=runs,
                                                               budget_s=budget_s)
    del copy

    log("lod serve: SPARQL over HTTP and wrk")
    with lod_serve(release, work / "lod-serve.log") as server:
        engines["lod serve (HTTP)"] = time_queries(http_runner(server.base + "/sparql"), runs=runs,
                                                   budget_s=budget_s)
        if wrk_available():
            paths, secs = sample_paths(release), 4 if quick else 6
            probe = server.base + paths[0] + ".ttl"
            # HTML last: uvicorn finishes the slow pages wrk abandons, which would weigh on a later run.
            runs_ = (("lod serve: /doc .ttl", [p + ".ttl" for p in paths], "*/*"),
                     ("lod serve: SPARQL lookup", sparql_paths("/sparql", lookups),
                      "application/sparql-results+json"),
                     ("lod serve: /doc HTML", paths, "text/html"))
            for label, targets, accept in runs_:
                settle(probe)
                load[label] = run_wrk(server.base, targets, work, accept=accept, seconds=secs,
                                      server_pid=server.pid)
            settle(probe)
            load.update(html_load(server, release, work, secs))

    if available():
        log("Virtuoso: bulk load of the same dump, then the queries and wrk")
        virtuoso = Virtuoso(work / "virtuoso")
        try:
            virtuoso.start()
            out["virtuoso_load_s"] = round(virtuoso.bulk_load(dump), 2)
            engines["Virtuoso (HTTP)"] = time_queries(http_runner(virtuoso.endpoint), runs=runs,
                                                      budget_s=budget_s)
            if wrk_available():
                load["Virtuoso: SPARQL lookup"] = run_wrk(
                    f"http://127.0.0.1:{virtuoso.http_port}", sparql_paths("/sparql", lookups), work,
                    accept="application/sparql-results+json", seconds=4 if quick else 6)
        except Exception as exc:  # reported in the results, the rest of the bench goes on
            engines["Virtuoso (HTTP)"] = {"error": f"{type(exc).__name__}: {str(exc)[:500]}"}
        finally:
            virtuoso.stop()
    else:
        engines["Virtuoso (HTTP)"] = {"error": "virtuoso-opensource is not installed"}

    log("rdflib-endpoint: parses the same dump into rdflib, then the queries")
    start = time.perf_counter()
    try:
        with rdflib_endpoint(dump, work / "rdflib-endpoint.log") as server:
            out["rdflib_endpoint_start_s"] = round(time.perf_counter() - start, 2)
            # a peer for scale only (no goal compares with it): two runs, a short timeout
            answers = engines["rdflib-endpoint (HTTP)"] = time_queries(
                http_runner(server.base + "/", timeout=budget_s / 4), runs=2, budget_s=budget_s / 2,
                stop_after_timeout=True)
            if wrk_available() and not any("error" in a for a in answers.values()):
                load["rdflib-endpoint: SPARQL lookup"] = run_wrk(
                    server.base, sparql_paths("/", lookups), work, accept="application/sparql-results+json",
                    seconds=4)
    except Exception as exc:
        engines["rdflib-endpoint (HTTP)"] = {"error": f"{type(exc).__name__}: {str(exc)[:500]}"}
    out["load"] = load
    return out


def do_sparql(results: dict[str, Any], releases: dict[str, Path], size: str, work: Path,
              args: argparse.Namespace) -> None:
    results["sparql_size"] = size
    # the release being served now: the one-row rebuild follows it into the same --out, and a
    # release that is no longer current keeps its files but not its store
    release = (releases[size] / "current").resolve()
    results["sparql"] = sparql(release, work, budget_s=40 if args.quick else 60, quick=args.quick)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50k,250k,1M", help="comma-separated: 50k, 250k, 1M")
    parser.add_argument("--sparql-size", default="250k", help="the size whose dump every engine serves")
    parser.add_argument("--pyshacl-sizes", default="50k",
                        help="sizes pySHACL runs at (the others are extrapolated, linearly)")
    parser.add_argument("--pages-sizes", default="50k,250k,1M",
                        help="sizes whose build writes the static pages (the others skip that stage)")
    parser.add_argument("--budget", type=float, default=840, help="seconds for the whole run")
    parser.add_argument("--quick", action="store_true", help="fewer runs, shorter wrk (a smoke test)")
    parser.add_argument("--work", type=Path, default=None, help="scratch directory (default: a temp dir)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    began = time.perf_counter()
    work = args.work or Path(tempfile.mkdtemp(prefix="lod-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                               "machine": machine(), "build": {}, "validation": {}}
    deadline = began + args.budget
    try:
        fixed, per_row = calibrate(work)
        results["calibration"] = {"fixed_triples": fixed, "triples_per_row": round(per_row, 2)}
        log(f"calibrated: {fixed} fixed triples + {per_row:.1f} per row")
        sheets, releases = {}, {}
        for size in sizes:
            rows = max(1, round((triples(size) - fixed) / per_row))
            sheets[size] = generate(rows, work / f"maatregelen-{size}.csv", seed=1)
            log(f"generated {size}: {rows} rows")
        page_sizes = {x.strip() for x in args.pages_sizes.split(",")}
        py_sizes = {x.strip() for x in args.pyshacl_sizes.split(",")}
        sparql_size = args.sparql_size if args.sparql_size in sizes else sizes[0]
        # The largest build goes last, bounded by what is left of the budget.
        order = sorted(sizes, key=triples)
        for size in order:
            left = deadline - time.perf_counter()
            if size == order[-1] and size != sparql_size:
                do_sparql(results, releases, sparql_size, work, args)
                left = deadline - time.perf_counter()
            note = "" if size in page_sizes else " (without static pages)"
            log(f"lod build {size}{note}, {left:.0f} s left")
            out = work / f"out-{size}"
            label = size
            built = results["build"][label] = run_build(sheets[size], out, pages=size in page_sizes,
                                                        timeout=max(60.0, left - 20))
            built["rows"] = round((triples(size) - fixed) / per_row)
            if "error" in built:
                continue
            releases[size] = out  # its --out: `current` names the release of this size
            # The same sheet with one row edited, built into the same --out: what follows a release.
            # Left out when what is left of the budget would not also hold a full build of this size
            # and the steps after it (a rebuild takes at most as long as the build).
            left = deadline - time.perf_counter()
            after = RESERVE_S if size == order[-1] else RESERVE_S + built["wall_s"] * 4
            if left < built["wall_s"] + after:
                log(f"one-row rebuild {size} left out: {left:.0f} s left of the budget")
                results.setdefault("rebuild", {})[label] = {"error": f"left out: {left:.0f} s of budget left"}
            else:
                log(f"lod build {size}, one row edited, following the release ({left:.0f} s left)")
                edited = edit_one_row(sheets[size], work / f"edited-{size}")
                results.setdefault("rebuild", {})[label] = run_build(edited, out, pages=size in page_sizes,
                                                                     timeout=max(60.0, left - after))
            if size in py_sizes or size == order[0]:
                log(f"validation {size}: fast{' and pySHACL' if size in py_sizes else ''}, same graph")
                (work / f"val-{size}").mkdir(exist_ok=True)
                results["validation"][size] = compare(sheets[size], work / f"val-{size}",
                                                      pyshacl=size in py_sizes, timeout=420)
            else:  # the build's own validate stage is the fast engine on this graph
                results["validation"][size] = {"fast": {"triples": built["triples"], "from": "lod build",
                                                        "seconds": built["parts"].get("validate")}}
        if "sparql" not in results and sparql_size in releases:
            do_sparql(results, releases, sparql_size, work, args)
        report.extrapolate_pyshacl(results)
        biggest = max(releases, key=triples)
        results["floor"] = floor_ntriples(releases[biggest] / "current" / "dumps" / "veilig-uitgaan.nt", work)
    except Exception as exc:  # whatever was measured is still written, with what stopped the run
        import traceback

        results["error"] = "".join(traceback.format_exception_only(exc)).strip()[-2000:]
        log(f"stopped: {results['error']}")
    finally:
        results["total_s"] = round(time.perf_counter() - began, 1)
        results["machine"]["loadavg_at_end"] = os.getloadavg()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    paths = report.write(results, args.results, ROOT / "bench" / "README.md")
    log(f"done in {results['total_s']} s: {', '.join(str(p) for p in paths)}")
    print(json.dumps({"total_s": results["total_s"], "files": [str(p) for p in paths]}))


if __name__ == "__main__":
    main()
