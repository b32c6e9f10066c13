"""The embedded store: pyoxigraph on disk next to the release, queried in worker processes.

The release's triples sit in one named graph, the dataset IRI (`build_store(..., graph=)`), so a
request may name it as its default graph, as a named graph or as both (SPARQL 1.1 Protocol §2.1.4).

pyoxigraph cannot cancel a running query, so user queries run in worker processes, each with its
own read-only handle on the store, and a query is stopped by killing its worker and starting
another. The pool is fair to quick queries whatever runs beside them:

- a query still running after `long_query_seconds` becomes a long query; at most `long_queries`
  run at once, so the other workers are always free for quick ones within about that many
  seconds; one long query too many is stopped (StoreBusy, 503 with Retry-After);
- at `timeout` a query is stopped (QueryTimeout); when its client goes away (`cancel`), at once;
- each worker may use `memory_mb` of memory (RLIMIT_DATA: what a query allocates, not the mapped
  store files); a query that needs more ends in QueryOutOfMemory and the worker is replaced;
- at most `queue` requests wait for a worker, none longer than `wait_seconds` (StoreBusy);
- unless `network` (SERVICE endpoints are allowed), a worker cannot open a network socket at all
  (lod/store/sandbox.py): no query reaches another host, even one the SERVICE check missed.
A replaced worker is started in the background and joins the pool once it has opened the store.
Queries for pages (`select`, `describe`, `count`) are fixed and bounded; they run in-process on a
read-only handle.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, Store

from lod.config import Config
from lod.errors import (
    QueryCancelled,
    QueryError,
    QueryOutOfMemory,
    QueryTimeout,
    StoreBusy,
    StoreError,
)
from lod.layout import CURRENT, STORE
from lod.store.base import DEFAULT_DATASET, Cancellation, Dataset, QueryAnswer, Term
from lod.store.grammar import read_query
from lod.store.memory import answer, check_form, dataset_options, describe, select_rows, syntax_message
from lod.store.sandbox import forbid_network

log = logging.getLogger(__name__)
STARTUP_SECONDS = 60.0  # a worker that has not opened the store by then is given up
# How a worker that stopped answering died: these signals are what running out of memory gives
# (Rust aborts on a failed allocation; the kernel's OOM killer sends SIGKILL).
_OUT_OF_MEMORY = {-signal.SIGABRT, -signal.SIGKILL}


def build_store(path: Path, quads: Iterable[Quad], *, graph: NamedNode) -> Path:
    """Bulk-load quads into a new on-disk store at `path` (which must not hold a store yet), every
    triple in the named graph `graph` (the dataset IRI), whatever graph it came from."""
    path = Path(path)
    if path.exists() and any(path.iterdir()):
        raise StoreError(f"store directory is not empty: {path}")
    path.mkdir(parents=True, exist_ok=True)
    store = Store(str(path))
    store.bulk_extend(Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    store.flush()
    store.optimize()
    del store  # releases the RocksDB lock so read-only handles can open it
    return path


def patch_store(path: Path, previous: Path, *, remove: Iterable[Quad], add: Iterable[Quad],
                graph: NamedNode, expected: int) -> bool:
    """Make the store at `path` from the store of the release before, `previous`: `remove` taken
    out, `add` put in (both in any graph: each goes into `graph`). True when the result holds
    `expected` quads; otherwise nothing is left at `path` and the caller loads the store whole.

    The copy is a RocksDB checkpoint: on one file system its immutable files are hard links, so a
    release that changed one row costs milliseconds and a few kilobytes here, not a bulk load of
    every triple (10.7 s at 1M triples, bench/README.md). It is read from a read-only handle, which
    a server answering from `previous` does not block. It is not compacted again (`optimize` would
    rewrite every file, 1.9 s at 1M): the few new files are RocksDB's to merge as they grow."""
    path = Path(path)
    if path.exists():
        raise StoreError(f"store directory already exists: {path}")
    try:
        source = Store.read_only(str(previous))
        source.backup(str(path))
        del source
        store = Store(str(path))
        for quad in remove:
            store.remove(Quad(quad.subject, quad.predicate, quad.object, graph))
        store.extend(Quad(q.subject, q.predicate, q.object, graph) for q in add)
        store.flush()
        held = len(store)
        del store  # releases the RocksDB lock so read-only handles can open it
    except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged file as a RuntimeError
        log.warning("the store of %s could not be copied (%s); it is loaded whole", previous, exc)
        held = None
    if held != expected:
        if held is not None:  # the store before did not hold what its release says: load it whole
            log.warning("the store copied from %s holds %d quads, not %d; it is loaded whole",
                        previous, held, expected)
        shutil.rmtree(path, ignore_errors=True)
        return False
    return True


@dataclass(frozen=True)
class WorkerLimits:
    """What the pool allows; `WorkerLimits.of(cfg)` reads them from the configuration."""

    workers: int = Config.query_workers
    long_queries: int = Config().long_query_slots
    long_query_seconds: float = Config.long_query_seconds
    queue: int = Config.query_queue
    wait_seconds: float = Config.query_wait_seconds
    memory_mb: int = Config.query_memory_mb
    network: bool = False  # workers may open network sockets: only when SERVICE endpoints are allowed

    @classmethod
    def of(cls, cfg: Config, **changes: Any) -> WorkerLimits:
        values = dict(workers=cfg.query_workers, long_queries=cfg.long_query_slots,
                      long_query_seconds=cfg.long_query_seconds, queue=cfg.query_queue,
                      wait_seconds=cfg.query_wait_seconds, memory_mb=cfg.query_memory_mb,
                      network=bool(cfg.service_allowed))
        return cls(**{**values, **changes})


# --- the worker process ---------------------------------------------------------------------


def _execute(store: Store, spec: dict, task: tuple) -> Any:
    """Run one task in a worker; returns picklable data only."""
    kind, query, arg, limit, base_iri, dataset = task
    graph = NamedNode(spec["graph"])
    if kind == "select":
        return select_rows(store, query, bindings=arg, prefixes=spec["prefixes"], default_graph=graph)
    return answer(store, query, arg, limit, spec["prefixes"], base_iri=base_iri,
                  dataset=dataset_options(Dataset(**dataset), graph))


def _failure(query: str, exc: Exception) -> str:
    """A run-time error for the client. A query that calls a SERVICE gets no detail: the error of a
    remote endpoint can carry its response body, which must not reach the caller."""
    try:
        calls = read_query(query).services
    except QueryError:
        calls = ()
    if calls:
        return ("de query of een SERVICE-aanroep mislukte; het antwoord van de andere server wordt niet "
                "doorgegeven (the query or a SERVICE call failed; the other server's answer is not "
                "passed on)")
    text = (str(exc).splitlines() or [""])[0][:300]
    return f"{type(exc).__name__}: {text}"


def _worker_main(conn: Connection, spec: dict) -> None:
    limit = spec["memory_mb"] << 20
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    guarded = not spec["network"] and forbid_network()
    store = Store.read_only(spec["path"])
    conn.send(("ready", guarded))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", _execute(store, spec, task))
        except MemoryError:
            reply = ("memory", "")
        except SyntaxError as exc:
            reply = ("syntax", syntax_message(task[1], exc))
        except QueryError as exc:
            reply = ("syntax", str(exc))
        except Exception as exc:  # a query error at run time (e.g. a bad regex) is the client's
            reply = ("error", _failure(task[1], exc))
        conn.send(reply)


def _worker_entry() -> None:
    """`python -c` entry of a worker: argv holds the socket fd and the worker's spec (JSON)."""
    _worker_main(Connection(int(sys.argv[1])), json.loads(sys.argv[2]))


class _Worker:
    """A fresh interpreter (not multiprocessing's spawn, which re-runs the caller's __main__)."""

    guarded = False  # the worker forbade itself the network (lod/store/sandbox.py)

    def __init__(self, spec: dict) -> None:
        ours, theirs = socket.socketpair()
        # The worker imports `lod` from where this process found it (a checkout, a wheel, a venv).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        code = "from lod.store.embedded import _worker_entry; _worker_entry()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(theirs.fileno()), json.dumps(spec)],
            pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())
        self._stopping = threading.Lock()
        self._stopped = False

    def wait_ready(self, timeout: float) -> bool:
        try:
            if not self.conn.poll(timeout):
                return False
            word, self.guarded = self.conn.recv()
            return word == "ready"
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        """Stop the process now; safe from any thread (the event loop cancels with it)."""
        if self.process.poll() is None:
            try:
                self.process.kill()
            except ProcessLookupError:
                pass

    def exit_code(self) -> int | None:
        try:
            return self.process.wait(5)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        """Kill the process and close its connection, once: the pool's close() and a replacement
        thread may both stop the same worker, and a second close of the fd could close another file."""
        with self._stopping:
            if self._stopped:
                return
            self._stopped = True
        self.kill()
        self.exit_code()
        self.conn.close()


class _Call:
    """One query on one worker: a cancellation kills the worker only while the query runs there."""

    def __init__(self, worker: _Worker) -> None:
        self.worker, self.active = worker, True
        self._lock = threading.Lock()

    def stop(self) -> None:
        with self._lock:
            if self.active:
                self.worker.kill()

    def finish(self) -> None:
        with self._lock:
            self.active = False


class _WorkerPool:
    """Worker processes, at most `long_queries` of them on long queries; see the module docstring."""

    def __init__(self, spec: dict, limits: WorkerLimits) -> None:
        self._spec, self.limits = spec, limits
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._workers: set[_Worker] = set()
        self._waiting = 0
        self._long = 0
        self._closed = False
        self.in_flight = 0  # tasks sent to a worker and not yet answered or stopped
        self.stopped: Counter[str] = Counter()  # queries stopped, by reason
        started = [self._spawn() for _ in range(limits.workers)]
        for worker in started:
            if not worker.wait_ready(STARTUP_SECONDS):
                code = worker.exit_code() if worker.process.poll() is not None else None
                self.close()
                raise StoreError(f"querywerker start niet (query worker does not start; exit {code}): "
                                 f"{spec['path']}")
        with self._cond:
            self._idle.extend(started)
        if not spec["network"] and not all(w.guarded for w in started):
            log.warning("query workers could not forbid themselves the network (seccomp needs Linux on "
                        "x86-64 or arm64): SERVICE is refused by reading the query only")

    def _spawn(self) -> _Worker:
        worker = _Worker(self._spec)
        with self._cond:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Stop `worker` and start another, which joins the idle workers once it is ready."""
        worker.stop()
        with self._cond:
            self._workers.discard(worker)
            if self._closed:
                return
        fresh = self._spawn()

        def join() -> None:
            ready = fresh.wait_ready(STARTUP_SECONDS)
            with self._cond:
                if ready and not self._closed:
                    self._idle.append(fresh)
                    self._cond.notify()
                    return
                self._workers.discard(fresh)
                closing = self._closed  # the pool closed while it started: nothing went wrong
            if not closing:
                log.error("a replacement query worker did not start; the pool has one worker less")
            fresh.stop()

        threading.Thread(target=join, daemon=True, name="lod-worker-start").start()

    def _acquire(self, cancel: Cancellation | None) -> _Worker:
        limits = self.limits
        with self._cond:
            if not self._idle and self._waiting >= limits.queue:
                self.stopped["busy"] += 1
                raise StoreBusy(f"{limits.queue} verzoeken wachten al op een querywerker "
                                f"({limits.queue} requests are already waiting for a query worker)",
                                retry_after=max(1, round(limits.long_query_seconds)))
            self._waiting += 1
            if cancel is not None:
                cancel.on_cancel(self._wake)
            try:
                deadline = time.monotonic() + limits.wait_seconds
                while not self._idle:
                    if cancel is not None and cancel.cancelled:
                        self.stopped["cancelled"] += 1
                        raise QueryCancelled("de client is weg (the client went away)")
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._closed:
                        self.stopped["busy"] += 1
                        raise StoreBusy(f"geen querywerker vrij binnen {limits.wait_seconds:g} s "
                                        f"(no query worker free within {limits.wait_seconds:g} s)",
                                        retry_after=max(1, round(limits.wait_seconds)))
                    self._cond.wait(remaining)
                self.in_flight += 1
                return self._idle.pop()
            finally:
                self._waiting -= 1

    def _wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def call(self, task: tuple, timeout: float, cancel: Cancellation | None = None) -> Any:
        worker = self._acquire(cancel)
        call = _Call(worker)
        if cancel is not None:
            cancel.on_cancel(call.stop)
        long = healthy = False
        try:
            try:
                worker.conn.send(task)
            except (EOFError, OSError) as exc:
                raise self._death(worker, cancel) from exc
            started = time.monotonic()
            if not worker.conn.poll(min(self.limits.long_query_seconds, timeout)):
                with self._cond:
                    long = self._long < self.limits.long_queries and timeout > self.limits.long_query_seconds
                    self._long += long
                if not long and timeout > self.limits.long_query_seconds:
                    self.stopped["busy"] += 1
                    raise StoreBusy(
                        f"er lopen al {self.limits.long_queries} lange queries; deze is gestopt na "
                        f"{self.limits.long_query_seconds:g} s (already {self.limits.long_queries} long "
                        f"queries running; this one was stopped)",
                        retry_after=max(1, round(self.limits.long_query_seconds * 5)))
                if not long or not worker.conn.poll(max(timeout - (time.monotonic() - started), 0.0)):
                    self.stopped["timeout"] += 1
                    raise QueryTimeout(
                        f"query gestopt na {timeout:g} s (query stopped at the {timeout:g} s time limit)")
            try:
                status, payload = worker.conn.recv()
            except (EOFError, OSError) as exc:
                raise self._death(worker, cancel) from exc
            if status == "memory":
                raise self._out_of_memory()
            healthy = True
        finally:
            call.finish()
            with self._cond:
                self._long -= long
                self.in_flight -= 1
                if healthy:
                    self._idle.append(worker)
                    self._cond.notify()
            if not healthy:
                self._replace(worker)
        if status == "syntax":
            raise QueryError(payload)
        if status == "error":
            raise QueryError(f"query mislukt (query failed): {payload}")
        return payload

    def _death(self, worker: _Worker, cancel: Cancellation | None) -> Exception:
        """The error for a worker that stopped answering: cancelled, out of memory, or died."""
        if cancel is not None and cancel.cancelled:
            self.stopped["cancelled"] += 1
            return QueryCancelled("de client is weg; de query is gestopt (the client went away)")
        code = worker.exit_code()
        if code in _OUT_OF_MEMORY:
            return self._out_of_memory()
        return StoreError(f"querywerker gestopt (query worker died, exit {code})")

    def _out_of_memory(self) -> QueryOutOfMemory:
        self.stopped["memory"] += 1
        mb = self.limits.memory_mb
        return QueryOutOfMemory(
            f"query gestopt: ze had meer dan {mb} MB geheugen nodig; maak ze specifieker of beperk ze met "
            f"LIMIT (query stopped: it needed more than the {mb} MB a query may use; make it more selective)")

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers, self._workers, self._idle = list(self._workers), set(), []
            self._cond.notify_all()
        for worker in workers:
            worker.stop()


class EmbeddedStore:
    """A release's store on disk: user queries in killable workers, page queries in-process."""

    def __init__(self, path: Path, *, prefixes: dict[str, str] | None = None,
                 limits: WorkerLimits | None = None) -> None:
        self.path = Path(path)
        self.prefixes = dict(prefixes or {})
        self.limits = limits or WorkerLimits()
        try:
            self._store = Store.read_only(str(self.path))
        except OSError as exc:
            raise StoreError(f"kan store niet openen (cannot open store) {self.path}: {exc}") from exc
        graphs = list(self._store.named_graphs())
        if len(graphs) != 1:
            raise StoreError(f"de store {self.path} houdt {len(graphs)} benoemde grafen, niet de ene van de "
                             "release (holds no single release graph); bouw de release opnieuw: `lod build`")
        self._graph: NamedNode = graphs[0]  # type: ignore[assignment]
        self.graph_name = self._graph.value
        spec = {"path": str(self.path), "prefixes": self.prefixes, "graph": self.graph_name,
                "memory_mb": self.limits.memory_mb, "network": self.limits.network}
        self._pool = _WorkerPool(spec, self.limits)

    def run_query(self, query: str, *, media_type: str, timeout: float, limit: int,
                  base_iri: str | None = None, dataset: Dataset = DEFAULT_DATASET,
                  cancel: Cancellation | None = None) -> QueryAnswer:
        """Run a user's read-only query in a worker, stopped at `timeout` or when `cancel` is
        cancelled, cut at `limit` results."""
        form = check_form(query, media_type)
        task = ("run", query, media_type, limit, base_iri, asdict(dataset))
        body, truncated = self._pool.call(task, timeout, cancel)
        return QueryAnswer(body=body, media_type=media_type, form=form, truncated=truncated)

    def select(self, query: str, *, bindings: dict[str, Term] | None = None,
               timeout: float | None = None) -> list[dict[str, Term]]:
        """Rows of variable -> term; with a timeout the query runs in a killable worker."""
        if timeout is not None:
            return self._pool.call(("select", query, bindings, None, None, None), timeout)
        try:
            return select_rows(self._store, query, bindings=bindings, prefixes=self.prefixes,
                               default_graph=self._graph)
        except SyntaxError as exc:
            raise QueryError(syntax_message(query, exc)) from exc

    def describe(self, iri: str) -> list[Quad]:
        """The resource's triples and those of its hash parts (`iri#…`), in a stable order."""
        return describe(self._store, iri, in_graph=self._graph)

    def count(self) -> int:
        return len(self._store)

    def in_flight(self) -> int:
        """User queries running in workers right now (for tests and monitoring)."""
        return self._pool.in_flight

    def long_running(self) -> int:
        """Queries running past `long_query_seconds` right now."""
        return self._pool._long

    def waiting(self) -> int:
        """Requests waiting for a worker right now."""
        return self._pool._waiting

    def network_forbidden(self) -> bool:
        """Whether every worker now running has forbidden itself the network."""
        with self._pool._cond:
            workers = list(self._pool._workers)
        return bool(workers) and all(w.guarded for w in workers)

    def stopped(self) -> dict[str, int]:
        """Queries stopped so far, by reason: timeout, memory, cancelled, busy."""
        return dict(self._pool.stopped)

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


def open_store(path: Path, *, prefixes: dict[str, str] | None = None,
               limits: WorkerLimits | None = None) -> EmbeddedStore:
    """Open a release's store read-only; `limits.workers` (>= 2) processes answer user queries."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"geen store gevonden (no store found): {path}; bouw eerst een release: `lod build`")
    return EmbeddedStore(path, prefixes=prefixes, limits=limits)


def open_release(path: Path, *, prefixes: dict[str, str] | None = None,
                 limits: WorkerLimits | None = None) -> EmbeddedStore:
    """The store of a release: `dist/` (its current release), `dist/current` or `dist/releases/<id>`."""
    return open_store(find_release(path) / STORE, prefixes=prefixes, limits=limits)


__all__ = ["build_store", "patch_store", "open_release", "open_store", "find_release", "EmbeddedStore",
           "WorkerLimits"]
