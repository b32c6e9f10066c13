"""Results -> bench/results/<date>.json, bench/results/latest.md and the table in bench/README.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
GOALS = {"build_1m_s": 15.0, "build_1m_mb": 1024.0, "validation_speedup": 10.0, "deref_rps": 1000.0}


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
                      "against the release before, adds one member to the feed and draws only the pages "
                      "whose inputs changed (the others are copied, `cache/pages.tsv`).", "",
                      "| size | full build wall s | one-row rebuild wall s | pages full / rebuild s | "
                      "versions+feed s | changes |", "|---|---|---|---|---|---|"]
            for size, b in rebuilt.items():
                full = builds.get(size, {})
                pages = (f"{_f(full.get('stages', {}).get('pages'))} / {_f(b['stages'].get('pages'))}"
                         if b["stages"].get("pages") is not None else "skipped")
                changed = ", ".join(f"{n} {k}" for k, n in b.get("changes", {}).items() if n) or "none"
                lines.append(f"| {size} | {_f(full.get('wall_s'))} | {_f(b['wall_s'])} | {pages} | "
                             f"{_f(b['stages'].get('versions+feed'))} | {changed} |")
            lines.append("")
        later = ("pages", "exchange files", "store", "publish")
        core = {size: sum(v or 0 for k, v in b["stages"].items() if k not in later)
                for size, b in builds.items()}
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
                  f"({sp['triples_in_dump']} triples), p50 / p95 ms (rows)", "",
                  "| engine | " + " | ".join(names) + " |", "|---" * (1 + len(names)) + "|"]
        for engine, qs in engines.items():
            if "error" in qs:
                lines.append(f"| {engine} | {qs['error'][:100]} |" + " |" * (len(names) - 1))
                continue
            cells = []
            for n in names:
                q = qs.get(n, {})
                cells.append(q.get("error", "")[:40] if "error" in q else
                             f"{_f(q.get('p50_ms'), 1)} / {_f(q.get('p95_ms'), 1)} ({q.get('rows')})")
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
                      "| target | req/s | p50 ms | p99 ms | connections | seconds | errors |",
                      "|---|---|---|---|---|---|---|"]
            for name, w in load.items():
                lines.append(f"| {name} | {_f(w.get('requests_per_s'), 1)} | {_f(w.get('p50_ms'))} | "
                             f"{_f(w.get('p99_ms'))} | {w.get('connections')} | {w.get('seconds')} | "
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
