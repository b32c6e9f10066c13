"""The fast SHACL engine against pySHACL on the graph of a generated sheet, with the project's shapes.

Runs in a child process per engine, so that each one's time and peak memory are its own, and
compares the findings (focus node, path, value, shape, component, severity) as sets.

    .venv/bin/python -m bench.validation SHEET.csv fast|pyshacl KEYS_OUT.json
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def sheet_graph(sheet: Path) -> list[Any]:
    """The quads `lod build` validates for this sheet (the same steps as lod.build.check)."""
    from lod.config import Config
    from lod.graph.codelists import code_index, load_model
    from lod.graph.measures import measure_quads
    from lod.graph.partners import organisation_quads
    from lod.graph.territory import territory_quads
    from lod.records.columns import read_measure_table
    from lod.records.measures import parse_measures
    from lod.records.partners import load_organisations
    from lod.records.territory import load_municipalities

    cfg = Config()
    municipalities = load_municipalities(cfg.data_dir)
    organisations = load_organisations(cfg.organisations_table)
    measures, _ = parse_measures(read_measure_table(sheet), codes=code_index(cfg),
                                 municipalities=municipalities, organisations=organisations)
    return list(dict.fromkeys([*load_model(cfg), *territory_quads(municipalities, cfg),
                               *organisation_quads(organisations, cfg), *measure_quads(measures, cfg)]))


def child(sheet: Path, engine: str, keys_out: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    from lod.config import Config
    from lod.graph.codelists import shapes_text
    from lod.validate.engine import validate_graph

    quads = sheet_graph(sheet)
    shapes = shapes_text(Config())
    data: Any = quads
    if engine == "fast":  # the build hands the fast engine its store; loading it is the map stage's
        data = ox.Store()
        data.bulk_extend(quads)
    start = time.perf_counter()
    result = validate_graph(data, shapes, engine=engine)
    seconds = time.perf_counter() - start
    keys = sorted(json.dumps([str(k) for k in f.key]) for f in result.findings)
    keys_out.write_text("\n".join(keys), encoding="utf-8")
    violations = sum(1 for f in result.findings if f.is_violation)
    return {"engine": engine, "triples": len(quads), "seconds": round(seconds, 3),
            "findings": len(keys), "violations": violations}


def run_engine(sheet: Path, engine: str, keys_out: Path, *, timeout: float) -> dict[str, Any]:
    proc = subprocess.Popen([sys.executable, "-m", "bench.validation", str(sheet), engine, str(keys_out)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.perf_counter() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.waitpid(proc.pid, 0)
            return {"engine": engine, "error": f"more than {timeout:g} s"}
        time.sleep(0.05)
    out, err = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        return {"engine": engine, "error": err[-1500:]}
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 3)  # of the whole child, graph included
    return result


def compare(sheet: Path, work: Path, *, pyshacl: bool = True, timeout: float = 600) -> dict[str, Any]:
    """Both engines on the same graph; `identical` when their findings are the same set."""
    fast = run_engine(sheet, "fast", work / "fast.keys", timeout=timeout)
    result: dict[str, Any] = {"fast": fast}
    if pyshacl:
        ref = run_engine(sheet, "pyshacl", work / "pyshacl.keys", timeout=timeout)
        result["pyshacl"] = ref
        if "error" not in fast and "error" not in ref:
            a = set((work / "fast.keys").read_text().splitlines())
            b = set((work / "pyshacl.keys").read_text().splitlines())
            result["identical"] = a == b
            result["only_fast"], result["only_pyshacl"] = len(a - b), len(b - a)
            result["speedup"] = round(ref["seconds"] / max(fast["seconds"], 1e-6), 1)
    return result


if __name__ == "__main__":
    print(json.dumps(child(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))))
