"""Results -> bench/results/<date>.json, bench/results/latest.md and the table in bench/README.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
GOALS = {"build_1m_s": 15.0, "build_1m_mb": 1024.0, "validation_speedup": 10.0, "deref_rps": 1000.0,
         "whole_1m_s": 30.0, "html_first_rps": 2000.0, "cold_factor": 2.0, "bench_s": 900.0}
# The stages of the core of a build (issue 17): read, map, validate, dumps, catalogue.
CORE = ("reference data", "read+parse", "map+load graph", "validate", "dumps", "catalogue+summary")
HTML_FIRST = "lod serve: /doc HTML, first requests (c32)"
HTML_CACHED = "lod serve: /doc HTML, cached (c32)"
LOD_HTTP, VIRTUOSO = "lod serve (HTTP)", "Virtuoso (HTTP)"


def extrapolate_pyshacl(results: dict[str, Any]) -> None:
    """pySHACL at sizes it did not run at: linear in triples from the largest size it ran at."""
    runs = {s: v["pyshacl"] for s, v in results["validation"].items() if "seconds" in v.get("pyshacl", {})}
    if not runs:
        return
    largest = max(runs, key=lambda s: runs[s]["triples"])
    per_triple = runs[largest]["seconds"] / runs[largest]["triples"]
    for v in results["validation"].values():
        if "pyshacl" not in v and "seconds" in v.get("fast", {}):
            estimate = per_triple * v["fast"]["triples"]
            v["pyshacl_extrapolated"] = {"seconds": round(estimate, 1), "from": largest}
            v["speedup_extrapolated"] = round(estimate / max(v["fast"]["seconds"], 1e-6), 1)


def _f(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _met(ok: bool | None) -> str:
    return "–" if ok is None else ("**met**" if ok else "**not met**")


def goals(r: dict[str, Any]) -> list[str]:
    """Issue 17's goals, each marked met or not met with the numbers of this run."""
    rows: list[tuple[str, str, str, bool | None]] = []
    big = max(r.get("build", {}), key=lambda s: r["build"][s].get("triples", 0), default=None)
    b = r["build"].get(big, {}) if big else {}
    stages = b.get("stages", {})
    if "stages" in b:
        skipped = [k for k, v in stages.items() if v is None]
        note = f" ({', '.join(skipped)} skipped)" if skipped else ""
        rows.append((f"whole `lod build` at {big} ({b['triples']} triples)",
                     f"≤ {GOALS['whole_1m_s']:g} s wall",
                     f"{_f(b['wall_s'])} s wall, {_f(b.get('cpu_s'))} s CPU{note}",
                     b["wall_s"] <= GOALS["whole_1m_s"] and not skipped))
        rows.append((f"peak RSS at {big}", f"≤ {GOALS['build_1m_mb']:g} MB", f"{_f(b['peak_rss_mb'], 0)} MB",
                     b["peak_rss_mb"] <= GOALS["build_1m_mb"]))
        core = sum(stages.get(k) or 0 for k in CORE)
        core_cpu = sum(b.get("stages_cpu", {}).get(k) or 0 for k in CORE)
        rows.append((f"core at {big} (read, map, validate, dumps, catalogue)", f"≤ {GOALS['build_1m_s']:g} s",
                     f"{_f(core)} s wall, {_f(core_cpu)} s CPU", core <= GOALS["build_1m_s"]))
        report = stages.get("report files")
        rows.append(("report: grouped on the terminal, every finding in .txt and .json; validation "
                     "timed without the printing", "own stage",
                     f"validate {_f(stages.get('validate'))} s, report files {_f(report)} s, "
                     f"{b.get('warnings', '–')} warnings", report is not None))
    load = r.get("sparql", {}).get("load", {})
    first, cached = load.get(HTML_FIRST, {}), load.get(HTML_CACHED, {})
    rps = first.get("requests_per_s")
    cpu = "; server CPU {} ms/request first, {} cached; load average {}".format(
        _f(first.get("server_cpu_ms_per_request"), 3), _f(cached.get("server_cpu_ms_per_request"), 3),
        _f(first.get("loadavg"), 1)) if first else ""
    rows.append(("HTML first requests, 32 connections", f"≥ {GOALS['html_first_rps']:g} req/s",
                 (f"{_f(rps, 1)} req/s first, {_f(cached.get('requests_per_s'), 1)} req/s cached{cpu}"
                  if rps is not None else "not measured (" + (first.get("error") or "no wrk run")[:80] + ")"),
                 rps is not None and rps >= GOALS["html_first_rps"]))
    engines = r.get("sparql", {}).get("engines", {})
    ours, peer = engines.get(LOD_HTTP, {}), engines.get(VIRTUOSO, {})
    asked = [] if "error" in ours else list(ours)
    names = [n for n in asked if "cold_ms" in ours[n] and "p50_ms" in peer.get(n, {})]
    why = peer.get("error") or ours.get("error") or ", ".join(
        f"{n}: {(ours[n].get('error') or peer.get(n, {}).get('error') or '?')[:60]}"
        for n in asked if n not in names) or "no SPARQL step"
    missing = None if asked and names == asked else f"not measured: {why[:160]}"
    cold = {n: (ours[n]["cold_ms"], peer[n]["p50_ms"]) for n in names}
    warm = {n: (ours[n]["p50_ms"], peer[n]["p50_ms"]) for n in names}
    hits = {n: ours[n].get("warm_cache") for n in names}
    rows.append(("SPARQL cold (first run, result cache empty) vs Virtuoso p50, each of the six",
                 f"≤ {GOALS['cold_factor']:g}×", missing or "; ".join(
                     f"{n} {_f(a, 1)} vs {_f(v, 1)} ms ({a / v:.1f}×)" for n, (a, v) in cold.items()),
                 not missing and all(a <= GOALS["cold_factor"] * v for a, v in cold.values())))
    rows.append(("SPARQL warm (p50 of the runs after the first: result cache hits) vs Virtuoso p50, "
                 "each of the six", "faster", missing or "; ".join(
                     f"{n} {_f(a, 1)} vs {_f(v, 1)} ms{'' if hits[n] == 'hit' else f' (X-Cache {hits[n]})'}"
                     for n, (a, v) in warm.items()),
                 not missing and all(a < v and hits[n] == "hit" for n, (a, v) in warm.items())))
    if "total_s" in r:
        rows.append(("`make bench` run time", f"≤ {GOALS['bench_s'] / 60:g} min", f"{_f(r['total_s'], 0)} s",
                     r["total_s"] <= GOALS["bench_s"]))
    if not rows:
        return []
    return ["### Goals of issue 17", "", "| goal | target | measured | |", "|---|---|---|---|",
            *(f"| {goal} | {target} | {measured} | {_met(ok)} |" for goal, target, measured, ok in rows), ""]


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [f"Run of {r['date']}, {r.get('total_s', '?')} s in all. Machine: {m['nproc']} cores "
             f"({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}, pyoxigraph {m['pyoxigraph']}, "
             f"rdflib {m['rdflib']}, pySHACL {m['pyshacl']}; load average at start "
             f"{', '.join(f'{x:.1f}' for x in m['loadavg_at_start'])}, at end "
             f"{', '.join(f'{x:.1f}' for x in m.get('loadavg_at_end', []))} (other jobs shared the machine "
             "when it is above 2).", ""]
    if r.get("error"):
        lines += [f"**The run stopped early:** {r['error']}", ""]
    lines += goals(r)
    cal = r.get("calibration", {})
    if cal:
        lines += [f"Sizes: {cal['fixed_triples']} fixed triples (model, municipalities, organisations) + "
                  f"{cal['triples_per_row']} per spreadsheet row.", ""]
    builds = {k: v for k, v in r.get("build", {}).items() if "stages" in v}
    for size, b in r.get("build", {}).items():
        if "error" in b:
            done = ", ".join(f"{k} {_f(v)}" for k, v in b.get("stages_done", {}).items())
            inside = ", ".join(f"{k} {_f(v)}" for k, v in b.get("parts", {}).items())
            lines += [f"**`lod build` {size} ({b.get('rows', '?')} rows): {b['error']}.** "
                      f"Stages finished (s): {done or 'none'}; inside: {inside or '–'}; "
                      f"peak RSS {_f(b.get('peak_rss_mb'), 0)} MB.", ""]
    if builds:
        stages = list(next(iter(builds.values()))["stages"])
        lines += ["### `lod build` (seconds per stage, wall clock; CPU seconds in the JSON)", "",
                  "| size | rows | triples | wall s | CPU s | peak RSS MB | " + " | ".join(stages) + " |",
                  "|---" * (6 + len(stages)) + "|"]
        for size, b in builds.items():
            cells = [_f(b["stages"].get(k)) if b["stages"].get(k) is not None else "skipped" for k in stages]
            lines.append(f"| {size} | {b.get('rows', '–')} | {b['triples']} | {_f(b['wall_s'])} | "
                         f"{_f(b.get('cpu_s'))} | {_f(b['peak_rss_mb'], 0)} | " + " | ".join(cells) + " |")
        lines += ["", "Inside the stages (s): " + "; ".join(
            f"**{size}** " + ", ".join(f"{k} {_f(v)}" for k, v in b["parts"].items())
            for size, b in builds.items()), ""]
        rebuilt = {k: v for k, v in r.get("rebuild", {}).items() if "stages" in v}
        if rebuilt:
            lines += ["### One row edited: the build that follows a release, beside the full build", "",
                      "The same sheet with one row's title changed, built into the same `--out`: it diffs "
                      "against the release before, adds one member to the feed and draws only the pages, "
                      "comparison files and exchange pages whose inputs changed (the others are linked "
                      "from the release before: `cache/pages.tsv`, `cache/exchange.tsv`).", "",
                      "| size | full build wall s | full build CPU s | one-row rebuild wall s | "
                      "one-row rebuild CPU s | pages full / rebuild s | exchange files full / rebuild s | "
                      "versions+feed s | changes |", "|---|---|---|---|---|---|---|---|---|"]
            for size, b in rebuilt.items():
                full = builds.get(size, {})

                def side_by_side(stage: str, full: dict = full, b: dict = b) -> str:
                    if b["stages"].get(stage) is None:
                        return "skipped"
                    return f"{_f(full.get('stages', {}).get(stage))} / {_f(b['stages'].get(stage))}"

                changed = ", ".join(f"{n} {k}" for k, n in b.get("changes", {}).items() if n) or "none"
                lines.append(f"| {size} | {_f(full.get('wall_s'))} | {_f(full.get('cpu_s'))} | "
                             f"{_f(b['wall_s'])} | {_f(b.get('cpu_s'))} | {side_by_side('pages')} | "
                             f"{side_by_side('exchange files')} | "
                             f"{_f(b['stages'].get('versions+feed'))} | {changed} |")
            lines.append("")
        core = {size: sum(b["stages"].get(k) or 0 for k in CORE) for size, b in builds.items()}
        lines += ["Build up to the catalogue (read, map, validate, dumps, catalogue; without pages, "
                  "exchange files, store and publish): " +
                  ", ".join(f"{s} {_f(v)} s" for s, v in core.items()) + f" (goal at 1M: ≤ "
                  f"{GOALS['build_1m_s']:g} s, peak < {GOALS['build_1m_mb']:g} MB).", ""]
    floor = r.get("floor")
    if floor:
        lines += [f"Floor: plain Python writes the same {floor['triples']} N-Triples lines "
                  f"({floor['mb']} MB) "
                  f"in {_f(floor['seconds'])} s.", ""]
    val = r.get("validation", {})
    if val:
        lines += ["### Validation: fast engine against pySHACL (same graph, same shapes)", "",
                  "| size | triples | fast s | fast MB | pySHACL s | pySHACL MB | speedup | findings "
                  "| identical |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for size, v in val.items():
            fast, ref = v.get("fast", {}), v.get("pyshacl", {})
            ext = v.get("pyshacl_extrapolated")
            ref_s = _f(ref.get("seconds")) if "seconds" in ref else (
                f"~{ext['seconds']} (extrapolated from {ext['from']})" if ext else ref.get("error", "–")[:60])
            speed = v.get("speedup") or (
                f"~{v['speedup_extrapolated']}" if "speedup_extrapolated" in v else None)
            lines.append(f"| {size} | {fast.get('triples', '–')} | {_f(fast.get('seconds'))} | "
                         f"{_f(fast.get('peak_rss_mb'), 0)} | {ref_s} | {_f(ref.get('peak_rss_mb'), 0)} | "
                         f"{_f(speed)} | {fast.get('findings', fast.get('error', '–'))} | "
                         f"{_f(v.get('identical'))} |")
        lines.append("")
    sp = r.get("sparql")
    if sp:
        engines = sp["engines"]
        names = list(next((e for e in engines.values() if "error" not in e), {}).keys()) or []
        lines += [f"### SPARQL: six researcher queries on the {r['sparql_size']} dump "
                  f"({sp['triples_in_dump']} triples), ms: cold (first run) / p50 / p95 of the runs "
                  "after it (rows)", "",
                  "| engine | " + " | ".join(names) + " |", "|---" * (1 + len(names)) + "|"]
        for engine, qs in engines.items():
            if "error" in qs:
                lines.append(f"| {engine} | {qs['error'][:100]} |" + " |" * (len(names) - 1))
                continue
            cells = []
            for n in names:
                q = qs.get(n, {})
                cells.append(q.get("error", "")[:40] if "error" in q else
                             " / ".join(_f(q.get(k), 1) for k in ("cold_ms", "p50_ms", "p95_ms"))
                             + f" ({q.get('rows')})")
            lines.append(f"| {engine} | " + " | ".join(cells) + " |")
        extra = []
        if "virtuoso_load_s" in sp:
            extra.append(f"Virtuoso bulk load {sp['virtuoso_load_s']} s")
        if "rdflib_endpoint_start_s" in sp:
            extra.append(f"rdflib-endpoint start (parse) {sp['rdflib_endpoint_start_s']} s")
        lines += ["", "; ".join(extra) + ("." if extra else ""), ""]
        load = sp.get("load", {})
        if load:
            lines += ["### HTTP load (wrk on loopback)", "",
                      "| target | req/s | p50 ms | p99 ms | server CPU ms/request | load average | "
                      "connections | seconds | errors |",
                      "|---|---|---|---|---|---|---|---|---|"]
            for name, w in load.items():
                lines.append(f"| {name} | {_f(w.get('requests_per_s'), 1)} | {_f(w.get('p50_ms'))} | "
                             f"{_f(w.get('p99_ms'))} | {_f(w.get('server_cpu_ms_per_request'), 3)} | "
                             f"{_f(w.get('loadavg'), 1)} | {w.get('connections')} | {w.get('seconds')} | "
                             f"{w.get('errors', '–')}{' ' + w['error'][:80] if 'error' in w else ''} |")
            lines.append("")
    return "\n".join(lines)


def write(results: dict[str, Any], results_dir: Path, readme: Path) -> list[Path]:
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = results["date"][:19].replace(":", "-")
    as_json = results_dir / f"{stamp}.json"
    as_json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    table = markdown(results)
    latest = results_dir / "latest.md"
    latest.write_text(f"# Benchmark results\n\n{table}\n", encoding="utf-8")
    written = [as_json, latest]
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            readme.write_text(f"{head}{BEGIN}\n{table}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
            written.append(readme)
    return written
