"""`lod build` timed per stage, in a child process so that its peak memory is its own.

The child runs lod.build.build with a progress callback (the stages build reports) and wraps a
few functions build calls (the spreadsheet reader, the mapping, each dump serialiser) to split
the stages further; the wrappers only take the time. The parent reads the child's peak RSS from
os.wait4's resource usage.

    .venv/bin/python -m bench.build_bench SHEET.csv OUT_DIR [--no-pages]   # prints the timings as JSON
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# build's progress stages -> the names of the breakdown
STAGES = {"lezen": "reference data", "maatregelen": "read+parse", "graaf": "map+load graph",
          "validatie": "validate", "dumps": "dumps", "versies": "versions+feed",
          "catalogus": "catalogue+summary",
          "pagina's": "pages", "uitwisseling": "exchange files", "impact": "versions+impact pages",
          "store": "store", "publiceren": "publish", "rapport": "report files"}


def edit_one_row(sheet: Path, folder: Path) -> Path:
    """The same sheet with one row's title changed, under the same file name in `folder` (the rows'
    provenance names the file): what an editor does between two releases."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / sheet.name

    with sheet.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    rows[len(rows) // 2]["titel"] += " (gewijzigd)"
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


def _timed(module: Any, name: str, sink: dict[str, float], label: str | None = None) -> None:
    """Replace module.name by a wrapper that adds its run time to sink[label]."""
    original = getattr(module, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            key = label or name
            sink[key] = sink.get(key, 0.0) + time.perf_counter() - start
            print(json.dumps({"parts": sink}), file=sys.stderr, flush=True)

    setattr(module, name, wrapper)


def child(sheet: Path, out: Path, *, pages: bool = True) -> dict[str, Any]:
    import lod.build as build_module
    import lod.release.dumps as dumps
    from lod.config import Config

    parts: dict[str, float] = {}
    for name, label in (("read_measure_table", "read spreadsheet"), ("parse_measures", "parse records"),
                        ("validate_graph", "validate"), ("write_pages", "pages"),
                        ("build_store", "store"), ("explain", "explain findings")):
        _timed(build_module, name, parts, label)
    for name, label in (("canonical", "dump: sort"), ("turtle", "dump: turtle"),
                        ("ntriples", "dump: n-triples"), ("jsonld", "dump: json-ld"),
                        ("gzipped", "dump: gzip")):
        _timed(dumps, name, parts, label)
    if not pages:  # static pages grow faster than the data (see README): measured at the small size
        build_module.write_pages = lambda *args, **kwargs: []
    marks: list[tuple[str, float, float]] = []
    start, cpu = time.perf_counter(), time.process_time()

    def progress(stage: str, done: int | None, total: int | None) -> None:
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter() - start, time.process_time() - cpu))
            # streamed, so that a build stopped at the time limit still tells how far it got
            print(json.dumps({"mark": marks[-1], "parts": parts}), file=sys.stderr, flush=True)

    release = build_module.build([sheet], config=Config(), out=out, progress=progress,
                                 keep=1)
    changes = release.changes.counts() if release.changes is not None else {}
    total = time.perf_counter() - start
    marks.append(("end", total, time.process_time() - cpu))
    pairs = list(zip(marks, marks[1:], strict=False))
    stages = {STAGES.get(a[0], a[0]): round(b[1] - a[1], 3) for a, b in pairs}
    stages_cpu = {STAGES.get(a[0], a[0]): round(b[2] - a[2], 3) for a, b in pairs}
    if not pages:
        stages["pages"] = stages_cpu["pages"] = None
    return {"triples": release.triples, "total_s": round(total, 3), "stages": stages,
            "stages_cpu": stages_cpu,
            "parts": {k: round(v, 3) for k, v in parts.items()}, "warnings": len(release.warnings),
            "pages": pages, "version": release.version, "changes": changes}


def run_build(sheet: Path, out: Path, *, pages: bool = True,
              timeout: float = 900) -> dict[str, Any]:
    """Run the child; add wall time, CPU time and its peak RSS (MB). Past `timeout` the child is
    stopped and the result says which stages it finished (`error`, `stages_done`)."""
    start = time.perf_counter()
    argv = [sys.executable, "-m", "bench.build_bench", str(sheet), str(out)]
    argv += ([] if pages else ["--no-pages"])
    log = out.parent / f"{out.name}.stderr"
    out.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as err:
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                return _stopped(log, timeout, usage)
            time.sleep(0.05)
    wall = time.perf_counter() - start
    stdout, stderr = proc.stdout.read(), log.read_text()  # type: ignore[union-attr]
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:  # reported with how far it got; the rest of the bench goes on
        failed = _stopped(log, wall, usage)
        last = [line for line in stderr.splitlines() if line.strip()][-1:] or ["?"]
        failed["error"] = f"failed (exit {proc.returncode}) during '{failed.pop('running')}': {last[0][:300]}"
        return failed
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall_s"] = round(wall, 3)  # includes interpreter start and imports
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 3)  # less sensitive to a busy machine
    return result


def _stopped(log: Path, timeout: float, usage: Any) -> dict[str, Any]:
    marks, parts = [], {}
    for line in log.read_text().splitlines():
        if line.startswith(('{"mark"', '{"parts"')):
            record = json.loads(line)
            marks += [record["mark"]] if "mark" in record else []
            parts = record["parts"]
    done = {STAGES.get(a[0], a[0]): round(b[1] - a[1], 3) for a, b in zip(marks, marks[1:], strict=False)}
    running = STAGES.get(marks[-1][0], marks[-1][0]) if marks else "start"
    return {"running": running, "error": f"stopped at the {timeout:.0f} s limit during '{running}' "
                     f"(after {timeout - (marks[-1][1] if marks else 0):.0f} s in it)",
            "stages_done": done, "parts": {k: round(v, 3) for k, v in parts.items()},
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 3)}


if __name__ == "__main__":
    print(json.dumps(child(Path(sys.argv[1]), Path(sys.argv[2]), pages="--no-pages" not in sys.argv)))
