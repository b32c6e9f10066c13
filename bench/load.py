"""Servers on loopback and `wrk` against them: requests/s and latency percentiles, bounded in time.

`wrk` (Debian package wrk) rotates over a list of paths with a small Lua script, so a run
touches many documents instead of one cached answer.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests

from bench.virtuoso import free_port

ROOT = Path(__file__).resolve().parents[1]
LUA = """local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept"] = "%s"})
end
"""


class Server:
    """A child process serving HTTP on a free loopback port, stopped on exit."""

    def __init__(self, argv: list[str], port: int, ready_path: str, log: Path,
                 env: dict[str, str] | None = None) -> None:
        self.argv, self.port, self.ready_path, self.log = argv, port, ready_path, log
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                            env=self.env)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.argv[0]} stopped: {self.log.read_text(errors='replace')[-1500:]}")
            try:
                requests.get(self.base + self.ready_path, timeout=5)
                return self
            except requests.RequestException:
                time.sleep(0.25)
        raise RuntimeError(f"{' '.join(self.argv)} did not answer in time")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


# wrk's connections all come from 127.0.0.1, but stand for as many clients: the per-address bound
# (query_per_client, 4) would refuse most of them (429), so it is raised to the connection count.
LOAD_CLIENT_QUERIES = "32"


def lod_serve(release: Path, log: Path) -> Server:
    port = free_port()
    lod = str(Path(sys.executable).parent / "lod")
    return Server([lod, "--quiet", "serve", "--release", str(release), "--host", "127.0.0.1",
                   "--port", str(port)], port, "/sparql", log,
                  env={"LOD_QUERY_PER_CLIENT": LOAD_CLIENT_QUERIES})


def rdflib_endpoint(dump: Path, log: Path) -> Server:
    port = free_port()
    exe = str(Path(sys.executable).parent / "rdflib-endpoint")
    return Server([exe, "serve", str(dump), "--host", "127.0.0.1", "--port", str(port)], port, "/", log)


def settle(url: str, *, fast_s: float = 0.2, wait_s: float = 60) -> None:
    """Wait until the server has worked off the backlog of a load run (uvicorn finishes every
    request wrk abandoned), so that the next run does not measure the previous one."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        start = time.monotonic()
        try:
            requests.get(url, timeout=wait_s)
        except requests.RequestException:
            pass
        if time.monotonic() - start < fast_s:
            return
        time.sleep(0.5)


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        return float("nan")
    return float(m[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m[2]]


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of a process and every process below it, from /proc: what a
    server spent, which a busy machine inflates far less than its wall-clock figures."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent and p not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(times.get(p, 0.0) for p in tree)


def run_wrk(base: str, paths: list[str], work: Path, *, accept: str = "*/*", seconds: int = 8,
            connections: int = 16, threads: int = 2, server_pid: int | None = None) -> dict[str, Any]:
    """wrk for `seconds` on the paths in turn; requests/s, p50/p99 (ms), non-2xx/3xx count and,
    given the server's pid, its CPU milliseconds per request answered."""
    script = work / f"wrk-{os.getpid()}-{time.monotonic_ns()}.lua"
    listed = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script.write_text(LUA % (listed, accept), encoding="utf-8")
    cpu_before = cpu_seconds(server_pid) if server_pid else None
    done = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
                           "--timeout", "10s", "--latency", "-s", str(script), base],
                          capture_output=True, text=True, timeout=seconds + 60)
    out = done.stdout
    result: dict[str, Any] = {"seconds": seconds, "connections": connections, "threads": threads,
                              "paths": len(paths)}
    if m := re.search(r"(\d+) requests in", out):
        result["requests"] = int(m[1])
        if cpu_before is not None and result["requests"]:
            # Requests wrk abandoned at its end still cost the server: this counts the run only.
            result["server_cpu_ms_per_request"] = round(
                (cpu_seconds(server_pid) - cpu_before) * 1000 / result["requests"], 3)
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["requests_per_s"] = round(float(m[1]), 1)
    for label, key in (("50%", "p50_ms"), ("99%", "p99_ms")):
        if m := re.search(rf"^\s+{re.escape(label)}\s+(\S+)", out, re.M):
            result[key] = round(_ms(m[1]), 2)
    result["loadavg"] = round(os.getloadavg()[0], 1)
    result["errors"] = int(m[1]) if (m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)) else 0
    if m := re.search(r"Socket errors: (.*)", out):
        result["socket_errors"] = m[1].strip()
    if "requests_per_s" not in result:
        result["error"] = (out + done.stderr)[-800:]
    return result


def sparql_paths(endpoint_path: str, queries: list[str]) -> list[str]:
    return [f"{endpoint_path}?query={quote(q)}" for q in queries]
