"""The embedded store: pyoxigraph on disk next to the release, queried in worker processes.

pyoxigraph cannot cancel a running query, so user queries run in worker processes, each with its
own read-only handle on the store. At the timeout the worker is killed and replaced: the query
really stops, and the other workers keep answering meanwhile. Queries for pages (`select`,
`describe`, `count`) are fixed and bounded; they run in-process on a read-only handle.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import Quad, Store

from lod.errors import QueryError, QueryTimeout, StoreError
from lod.layout import CURRENT, STORE
from lod.store.base import QueryAnswer, Term
from lod.store.memory import answer, check_form, describe, select_rows, syntax_message


def build_store(path: Path, quads: Iterable[Quad]) -> Path:
    """Bulk-load quads into a new on-disk store at `path` (which must not hold a store yet)."""
    path = Path(path)
    if path.exists() and any(path.iterdir()):
        raise StoreError(f"store directory is not empty: {path}")
    path.mkdir(parents=True, exist_ok=True)
    store = Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    store.optimize()
    del store  # releases the RocksDB lock so read-only handles can open it
    return path


def _execute(store: Store, prefixes: dict[str, str], task: tuple) -> Any:
    """Run one task in a worker; returns picklable data only."""
    kind, query, arg, limit = task
    if kind == "select":
        return select_rows(store, query, bindings=arg, prefixes=prefixes)
    return answer(store, query, arg, limit, prefixes)


def _worker_main(path: str, conn: Connection, prefixes: dict[str, str]) -> None:
    store = Store.read_only(path)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", _execute(store, prefixes, task))
        except SyntaxError as exc:
            reply = ("syntax", syntax_message(task[1], exc))
        except QueryError as exc:
            reply = ("syntax", str(exc))
        except Exception as exc:  # a query error at run time (e.g. a bad regex) is the client's
            reply = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(reply)


def _worker_entry() -> None:
    """`python -c` entry of a worker: argv holds the socket fd, the store path and the prefixes."""
    fd, path, prefixes = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    _worker_main(path, Connection(fd), prefixes)


class _Worker:
    """A fresh interpreter (not multiprocessing's spawn, which re-runs the caller's __main__)."""

    def __init__(self, path: str, prefixes: dict[str, str]) -> None:
        ours, theirs = socket.socketpair()
        # The worker imports `lod` from where this process found it (a checkout, a wheel, a venv).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        code = "from lod.store.embedded import _worker_entry; _worker_entry()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(theirs.fileno()), path, json.dumps(prefixes)],
            pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class _WorkerPool:
    """A fixed number of worker processes; a worker past its deadline is killed and replaced."""

    def __init__(self, path: str, size: int, prefixes: dict[str, str]) -> None:
        self._path, self._prefixes = path, prefixes
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self.in_flight = 0  # tasks sent to a worker and not yet answered or stopped
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._path, self._prefixes)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop()
        with self._lock:
            self._workers.discard(worker)
        return self._start()

    def call(self, task: tuple, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"alle querywerkers bezet na {timeout:g} s (all query workers busy)") from None
        with self._lock:
            self.in_flight += 1
        try:
            worker.conn.send(task)
            if not worker.conn.poll(max(deadline - time.monotonic(), 0.0)):
                worker = self._replace(worker)
                raise QueryTimeout(
                    f"query gestopt na {timeout:g} s (query stopped at the {timeout:g} s time limit)")
            status, payload = worker.conn.recv()
        except (EOFError, OSError) as exc:
            worker = self._replace(worker)
            raise StoreError(f"querywerker gestopt (query worker died): {exc}") from exc
        finally:
            with self._lock:
                self.in_flight -= 1
            self._idle.put(worker)
        if status == "syntax":
            raise QueryError(payload)
        if status == "error":
            raise QueryError(f"query mislukt (query failed): {payload}")
        return payload

    def close(self) -> None:
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.stop()


class EmbeddedStore:
    """A release's store on disk: user queries in killable workers, page queries in-process."""

    def __init__(self, path: Path, *, workers: int = 2, prefixes: dict[str, str] | None = None) -> None:
        self.path = Path(path)
        self.prefixes = dict(prefixes or {})
        try:
            self._store = Store.read_only(str(self.path))
        except OSError as exc:
            raise StoreError(f"kan store niet openen (cannot open store) {self.path}: {exc}") from exc
        self._pool = _WorkerPool(str(self.path), max(workers, 2), self.prefixes)

    def run_query(self, query: str, *, media_type: str, timeout: float, limit: int) -> QueryAnswer:
        """Run a user's read-only query in a worker, stopped at `timeout`, cut at `limit` results."""
        form = check_form(query, media_type)
        body, truncated = self._pool.call(("run", query, media_type, limit), timeout)
        return QueryAnswer(body=body, media_type=media_type, form=form, truncated=truncated)

    def select(self, query: str, *, bindings: dict[str, Term] | None = None,
               timeout: float | None = None) -> list[dict[str, Term]]:
        """Rows of variable -> term; with a timeout the query runs in a killable worker."""
        if timeout is not None:
            return self._pool.call(("select", query, bindings, None), timeout)
        try:
            return select_rows(self._store, query, bindings=bindings, prefixes=self.prefixes)
        except SyntaxError as exc:
            raise QueryError(syntax_message(query, exc)) from exc

    def describe(self, iri: str) -> list[Quad]:
        """The resource's triples and those of its hash parts (`iri#…`), in a stable order."""
        return describe(self._store, iri)

    def count(self) -> int:
        return len(self._store)

    def in_flight(self) -> int:
        """User queries running in workers right now (for tests and monitoring)."""
        return self._pool.in_flight

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def find_release(path: Path) -> Path:
    """A release directory from `dist/` (its `current`), `dist/current` or `dist/releases/<id>`."""
    path = Path(path)
    for candidate in (path / CURRENT, path):
        if (candidate / STORE).is_dir():
            return candidate.resolve()
    raise StoreError(f"geen release met een store gevonden in {path} (no release with a store found); "
                     "bouw er een met `lod build` of geef --release DIR")


def open_store(path: Path, *, workers: int = 2, prefixes: dict[str, str] | None = None) -> EmbeddedStore:
    """Open a release's store read-only; `workers` (>= 2) processes answer user queries."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"geen store gevonden (no store found): {path}; bouw eerst een release: `lod build`")
    return EmbeddedStore(path, workers=workers, prefixes=prefixes)


def open_release(path: Path, *, workers: int = 2, prefixes: dict[str, str] | None = None) -> EmbeddedStore:
    """The store of a release: `dist/` (its current release), `dist/current` or `dist/releases/<id>`."""
    return open_store(find_release(path) / STORE, workers=workers, prefixes=prefixes)


__all__ = ["build_store", "open_release", "open_store", "find_release", "EmbeddedStore"]
