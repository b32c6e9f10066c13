"""How `lod serve` treats a cheap query while others abuse it (issue 15): the latencies the tests
only order (tests/integration/test_server_fairness.py), measured.

    .venv/bin/python -m bench.fairness [--release DIR] [--cheap 50]

On `lod serve` of the release with its default limits (4 workers, 2 long queries, 1 s, 10 s):
1. 50 cheap queries alone (the baseline);
2. the same 50 while two runaway cross products run and a third runaway's client has hung up;
3. a query that sorts a cross product (memory grows about 1 GB/s), with the default memory cap.
Prints the latencies (p50, p95, max) and what each runaway got, as JSON.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import requests

from bench.load import lod_serve

CHEAP = "ASK { ?m a <https://w3id.org/veilig-uitgaan/ns#Maatregel> }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g ?c ?f ?i"


def cheap_latencies(endpoint: str, n: int) -> list[float]:
    seconds = []
    with requests.Session() as http:
        for _ in range(n):
            start = time.perf_counter()
            response = http.get(endpoint, params={"query": CHEAP}, headers={"Accept": "application/json"},
                                timeout=120)
            seconds.append(time.perf_counter() - start)
            assert response.status_code == 200 and response.json()["boolean"] is True, response.text
    return seconds


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def abandon(url: str, query: str, after: float) -> None:
    """Send `query` over a raw connection and hang up `after` seconds later, reading nothing."""
    host, port = url.split("//", 1)[1].rstrip("/").split(":")
    body = f"query={quote(query)}".encode()
    head = (f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n\r\n")
    with socket.create_connection((host, int(port))) as conn:
        conn.sendall(head.encode() + body)
        time.sleep(after)


def watch_workers(server_pid: int, peak: dict[str, int], done: threading.Event) -> None:
    """The largest resident size any query worker of the server reaches, until `done`."""
    while not done.is_set():
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                status = dict(line.split(":\t", 1) for line in (proc / "status").read_text().splitlines()
                              if ":\t" in line)
            except OSError:
                continue
            if status.get("PPid", "").strip() == str(server_pid) and "VmRSS" in status:
                peak["kb"] = max(peak["kb"], int(status["VmRSS"].split()[0]))
        time.sleep(0.02)


def run(release: Path, cheap: int) -> dict:
    with tempfile.TemporaryDirectory() as work, lod_serve(release, Path(work) / "serve.log") as server:
        endpoint = server.base + "/sparql"
        cheap_latencies(endpoint, 5)  # warm: the workers' first queries open their caches
        alone = cheap_latencies(endpoint, cheap)
        runaways: dict[int, tuple[int, float, str]] = {}

        def runaway(n: int) -> None:
            start = time.perf_counter()
            response = requests.post(endpoint, data={"query": RUNAWAY}, timeout=120)
            runaways[n] = (response.status_code, round(time.perf_counter() - start, 2), response.text[:80])

        threads = [threading.Thread(target=runaway, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)  # both past the 1 s after which a query is a long one
        abandoned = threading.Thread(target=abandon, args=(server.base + "/", RUNAWAY, 0.5))
        abandoned.start()
        beside = cheap_latencies(endpoint, cheap)
        still_running = not runaways  # the runaways had no answer yet when the last cheap one came back
        abandoned.join()
        for thread in threads:
            thread.join()
        peak = {"kb": 0}
        done = threading.Event()
        watcher = threading.Thread(target=watch_workers, args=(server.process.pid, peak, done))
        watcher.start()
        start = time.perf_counter()
        hungry = requests.post(endpoint, data={"query": HUNGRY}, timeout=120)
        stopped_after = round(time.perf_counter() - start, 2)
        done.set()
        watcher.join()
        after = cheap_latencies(endpoint, 5)
    return {
        "cheap_alone": summary(alone),
        "cheap_beside_two_runaways_and_an_abandoned_one": summary(beside),
        "runaways_still_running_when_the_cheap_ones_were_done": still_running,
        "runaways": [{"status": s, "seconds": t, "answer": a} for s, t, a in runaways.values()],
        "memory_runaway": {"status": hungry.status_code, "seconds": stopped_after,
                           "largest_worker_mb": round(peak["kb"] / 1024), "answer": hungry.text[:120]},
        "cheap_after": summary(after),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", type=Path, default=None, help="a release (default: build data/)")
    parser.add_argument("--cheap", type=int, default=50)
    args = parser.parse_args()
    release = args.release
    if release is None:
        from lod.build import build
        from lod.config import Config

        out = Path(tempfile.mkdtemp(prefix="bench-fairness-"))
        build([Config().data_dir / "maatregelen.csv"], config=Config(), out=out)
        release = (out / "current").resolve()
    json.dump(run(release, args.cheap), sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
