"""A throwaway Virtuoso (Debian virtuoso-opensource) on loopback: its own database in a directory.

Used by the benchmarks (a buffer pool sized for a million triples, the bulk loader ld_dir +
rdf_loader_run through isql-vt) and by the integration tests of `lod push` (small buffers,
restartable on the same database, SIGKILL for the fault test).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

VIRTUOSO = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"
GRAPH = "urn:bench:dump"
INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = {connections}
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
DirsAllowed = ., {db}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = {connections}
ServerThreads = {connections}
MaxKeepAlives = {connections}
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 1

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


def available() -> bool:
    return os.access(VIRTUOSO, os.X_OK) and os.access(ISQL, os.X_OK)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Virtuoso:
    """One virtuoso-t process on its own database in `directory`; restartable on that database.

    `buffers` sizes the buffer pool (8 KB pages): 170,000 holds a million triples in memory.
    """

    def __init__(self, directory: Path, *, buffers: int = 170_000, connections: int = 20) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.http_port, self.sql_port = free_port(), free_port()
        self.ini = directory / "virtuoso.ini"
        self.ini.write_text(INI.format(db=directory, sql_port=self.sql_port, http_port=self.http_port,
                                       buffers=buffers, dirty_buffers=buffers * 3 // 4,
                                       connections=connections))
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self, wait: float = 120.0) -> None:
        with (self.directory / "stdout.log").open("ab") as log:
            self.process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(self.ini)],
                                            cwd=self.directory, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t stopped at start:\n{self.log_tail()}")
            try:
                if requests.get(self.endpoint, timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"virtuoso-t did not answer on {self.endpoint} in {wait:g} s:\n{self.log_tail()}")

    def isql(self, script: str, timeout: float = 900) -> str:
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba"], input=script, text=True,
                              capture_output=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql-vt failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        return done.stdout

    def bulk_load(self, dump: Path, graph: str = GRAPH) -> float:
        """Load an N-Triples file with the bulk loader; the seconds it took (load + checkpoint)."""
        target = self.directory / "load" / dump.name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(dump, target)
        start = time.perf_counter()
        self.isql(f"ld_dir('{target.parent}', '{dump.name}', '{graph}');\n"
                  "rdf_loader_run();\ncheckpoint;\n"
                  "SELECT ll_file, ll_state, ll_error FROM DB.DBA.LOAD_LIST;\n")
        return time.perf_counter() - start

    def kill(self) -> None:
        """SIGKILL: what a crash or a pulled plug does; the database recovers from its log."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self) -> str:
        log = self.directory / "virtuoso.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-20:]) if log.exists() else ""
