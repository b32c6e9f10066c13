"""The embedded store: pyoxigraph on disk next to the release, queried in worker processes.

The release's triples sit in one named graph, the dataset IRI (`build_store(..., graph=)`), so a
request may name it as its default graph, as a named graph or as both (SPARQL 1.1 Protocol §2.1.4).

pyoxigraph cannot cancel a running query, so user queries run in worker processes, and a query is
stopped by killing its worker and starting another. The workers are forked from one process, the
zygote, which holds what they answer from: a copy of the release in memory (`in_memory`), read from
the release's N-Triples dump and catalogue files beside the store, shared by every worker and
never copied again (RocksDB's read path makes the same queries 3-7x slower, bench/README.md); or,
without `in_memory`, nothing: each worker opens the store on disk. The pool is fair to quick
queries whatever runs beside them:

- a query still running after `long_query_seconds` becomes a long query; at most `long_queries`
  run at once, so the other workers are always free for quick ones within about that many
  seconds; one long query too many is stopped (StoreBusy, 503 with Retry-After);
- at `timeout` a query is stopped (QueryTimeout); when its client goes away (`cancel`), at once;
- a query may use `memory_mb` of memory beyond the release's copy (RLIMIT_DATA: what a query allocates, not
  the mapped store files); a query that needs more ends in QueryOutOfMemory and the worker is replaced;
- at most `queue` requests wait for a worker, none longer than `wait_seconds` (StoreBusy);
- unless `network` (SERVICE endpoints are allowed), a worker cannot open a network socket at all
  (lod/store/sandbox.py): no query reaches another host, even one the SERVICE check missed.
A replaced worker is forked at once and joins the pool when it says it is ready.
Queries for pages (`select`, `describe`, `count`) are fixed and bounded; they run in-process on a
read-only handle.
"""

from __future__ import annotations

import contextlib
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
from multiprocessing.reduction import recv_handle, send_handle
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, Store

from lod.config import Config
from lod.errors import (
    QueryCancelled,
    QueryError,
    QueryOutOfMemory,
    QueryTimeout,
    StoreBusy,
    StoreError,
)
from lod.layout import CURRENT, NTRIPLES_DUMP, STORE
from lod.store.base import DEFAULT_DATASET, Cancellation, Dataset, QueryAnswer, Term
from lod.store.grammar import read_query
from lod.store.memory import (
    answer,
    check_form,
    dataset_options,
    describe,
    select_rows,
    stored_description,
    syntax_message,
)
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
    in_memory: bool = Config.query_in_memory
    network: bool = False  # workers may open network sockets: only when SERVICE endpoints are allowed

    @classmethod
    def of(cls, cfg: Config, **changes: Any) -> WorkerLimits:
        values = dict(workers=cfg.query_workers, long_queries=cfg.long_query_slots,
                      long_query_seconds=cfg.long_query_seconds, queue=cfg.query_queue,
                      wait_seconds=cfg.query_wait_seconds, memory_mb=cfg.query_memory_mb,
                      in_memory=cfg.query_in_memory, network=bool(cfg.service_allowed))
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


def memory_copy(path: str, graph: NamedNode, *, quads: int) -> Store:
    """The store at `path` in memory: `release_copy` when it holds the store's `quads` (lod build
    filled the store from the same files), else the store's own quads copied (4.6 s at 250k
    triples, against 1.2 s)."""
    copy = release_copy(Path(path).parent, graph)
    if copy is None or len(copy) != quads:
        copy = Store()
        copy.bulk_extend(Store.read_only(path).quads_for_pattern(None, None, None, None))
    return copy


def release_copy(release: Path, graph: NamedNode) -> Store | None:
    """The release's quads in memory, parsed by pyoxigraph from its N-Triples dump and catalogue
    files into `graph`, as lod build put them in its store; None when the dump is missing or unreadable."""
    dump, copy = release / NTRIPLES_DUMP, Store()
    try:
        copy.load(path=str(dump), format=RdfFormat.N_TRIPLES, to_graph=graph)
        copy.extend(Quad(q.subject, q.predicate, q.object, graph) for q in stored_description(release))
    except (OSError, SyntaxError):
        return None
    return copy


def _data_in_use() -> int:
    """Bytes of this process's data segment (what RLIMIT_DATA counts); 0 where /proc is absent."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            line = next(line for line in status if line.startswith("VmData:"))
        return int(line.split()[1]) << 10
    except (OSError, StopIteration, ValueError):
        return 0


def _zygote_main(conn: Connection, spec: dict) -> None:
    """The process the workers are forked from, once it holds what they answer from.

    Forked, the workers share the release's copy in memory: a page of it is copied only when a
    process writes to it (a query does, to the reference counts of what it reads, so a worker's first
    queries are slower and a busy worker comes to hold part of the copy itself, bench/README.md),
    and a worker that replaces a killed one is ready in milliseconds instead of parsing the release.
    The store on disk is opened by each worker after the fork (RocksDB's threads do not survive
    one). This process runs no thread of its own, so forking it is safe. A worker it forked is reaped
    only when the pool asks for its exit code: until then its pid cannot go to another process, so
    the pool's kill can never reach one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle: it stops us
    guarded = not spec["network"] and forbid_network()
    graph = NamedNode(spec["graph"])
    shared = memory_copy(spec["path"], graph, quads=spec["quads"]) if spec["in_memory"] else None
    conn.send(("ready", guarded))
    while True:
        try:
            request = conn.recv()
            if request[0] == "fork":
                fd = recv_handle(conn)
                try:
                    pid = os.fork()
                except OSError:  # no process to be had now (a limit): the pool tries again later
                    os.close(fd)
                    conn.send(-1)
                    continue
                if pid == 0:  # the worker: it never returns into this loop
                    code = 1
                    try:
                        conn.close()
                        store = shared if shared is not None else Store.read_only(spec["path"])
                        _serve_queries(Connection(fd), spec, store, guarded)
                        code = 0
                    finally:
                        os._exit(code)
                os.close(fd)
                conn.send(pid)
            elif request[0] == "reap":
                conn.send(_reap(request[1]))
        except (EOFError, OSError):  # the pool is gone; each worker ends when its own connection does
            return


def _reap(pid: int, wait: float = 5.0) -> int | None:
    """The exit code of worker `pid` (minus the signal that ended it), or None if it still runs."""
    deadline = time.monotonic() + wait
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            return None
        time.sleep(0.005)


def _serve_queries(conn: Connection, spec: dict, store: Store, guarded: bool) -> None:
    # A query's budget comes on top of the release's copy: the limit is set once the copy is there.
    limit = _data_in_use() + (spec["memory_mb"] << 20)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
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


def _zygote_entry() -> None:
    """`python -c` entry of the zygote: argv holds the socket fd and the pool's spec (JSON)."""
    _zygote_main(Connection(int(sys.argv[1])), json.loads(sys.argv[2]))


def _ready(conn: Connection, timeout: float) -> bool | None:
    """What a starting process says (`("ready", guarded)`) within `timeout`: whether it forbade
    itself the network; None when it said nothing else, died or took too long."""
    try:
        if not conn.poll(timeout):
            return None
        word, guarded = conn.recv()
    except (EOFError, OSError, ValueError, TypeError):
        return None
    return bool(guarded) if word == "ready" else None


class _Zygote:
    """A fresh interpreter (not multiprocessing's spawn, which re-runs the caller's __main__) that
    loads what the workers answer from and forks them (`_zygote_main`). Its requests are made one
    at a time: threads of the pool share its connection."""

    guarded = False  # it forbade itself, and so its workers, the network (lod/store/sandbox.py)

    def __init__(self, spec: dict) -> None:
        ours, theirs = socket.socketpair()
        # The zygote imports `lod` from where this process found it (a checkout, a wheel, a venv).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        code = "from lod.store.embedded import _zygote_entry; _zygote_entry()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(theirs.fileno()), json.dumps(spec)],
            pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())
        self._lock = threading.Lock()

    def wait_ready(self, timeout: float) -> bool:
        guarded = _ready(self.conn, timeout)
        self.guarded = bool(guarded)
        return guarded is not None

    def fork(self) -> tuple[int, Connection]:
        """A new worker: its pid and the pool's end of its connection. OSError when the zygote is gone."""
        ours, theirs = socket.socketpair()
        try:
            with self._lock:
                try:
                    self.conn.send(("fork",))
                    send_handle(self.conn, theirs.fileno(), self.process.pid)
                    pid: int = self.conn.recv()
                except EOFError as exc:
                    raise OSError("the query workers' zygote is gone") from exc
            if pid < 0:
                raise OSError("the query workers' zygote could not fork")
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        return pid, Connection(ours.detach())

    def reap(self, pid: int) -> int | None:
        """Worker `pid`'s exit code once it has ended (None: still running, or the zygote is gone)."""
        with self._lock:
            try:
                self.conn.send(("reap", pid))
                return self.conn.recv()  # type: ignore[no-any-return]
            except (EOFError, OSError):
                return None

    def exit_code(self) -> int | None:
        return self.process.poll()

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()


class _Worker:
    """A process forked by the zygote, answering one task at a time on its connection."""

    def __init__(self, zygote: _Zygote) -> None:
        self.zygote = zygote
        self.pid, self.conn = zygote.fork()
        self.guarded = False  # it forbade itself the network: inherited from the zygote, said when ready
        self._stopping = threading.Lock()
        self._stopped = False
        self._reaped = False
        self._code: int | None = None

    def wait_ready(self, timeout: float) -> bool:
        guarded = _ready(self.conn, timeout)
        self.guarded = bool(guarded)
        return guarded is not None

    def kill(self) -> None:
        """Stop the process now; safe from any thread (the event loop cancels with it). Its pid is
        still its own until the zygote reaps it, which only `exit_code` asks for."""
        if not self._reaped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def exit_code(self) -> int | None:
        if not self._reaped:
            self._code = self.zygote.reap(self.pid)
            self._reaped = self._code is not None
        return self._code

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
        self._restart = threading.Lock()
        self._zygote = _Zygote(spec)
        if not self._zygote.wait_ready(STARTUP_SECONDS):
            code = self._zygote.exit_code()
            self._zygote.stop()
            raise StoreError(f"querywerkers starten niet (query workers do not start; exit {code}): "
                             f"{spec['path']}")
        started = []
        for _ in range(limits.workers):
            try:
                worker = self._spawn()
            except OSError as exc:
                self.close()
                raise StoreError(f"querywerker start niet (query worker does not start): {exc}") from exc
            started.append(worker)
            if not worker.wait_ready(STARTUP_SECONDS):
                code = worker.exit_code()
                self.close()
                raise StoreError(f"querywerker start niet (query worker does not start; exit {code}): "
                                 f"{spec['path']}")
        with self._cond:
            self._idle.extend(started)
        if not spec["network"] and not self._zygote.guarded:
            log.warning("query workers could not forbid themselves the network (seccomp needs Linux on "
                        "x86-64 or arm64): SERVICE is refused by reading the query only")

    def _spawn(self) -> _Worker:
        """A worker forked from the zygote, in milliseconds; OSError when the zygote is gone."""
        worker = _Worker(self._zygote)
        with self._cond:
            self._workers.add(worker)
        return worker

    def _spawn_anew(self, zygote: _Zygote) -> _Worker:
        """A worker from a new zygote, when `zygote` died (killed from outside): seconds, as at the start."""
        with self._restart:  # one thread starts the new zygote; the others use it
            with self._cond:
                if self._closed:
                    raise OSError("the pool is closed")
            if self._zygote is zygote and zygote.exit_code() is not None:  # alive, it only failed a fork
                zygote.stop()
                self._zygote = _Zygote(self._spec)
                if not self._zygote.wait_ready(STARTUP_SECONDS):
                    raise OSError("a new zygote did not start")
            with self._cond:
                if self._closed:  # closed while it started: close() may have stopped the old one
                    self._zygote.stop()
                    raise OSError("the pool is closed")
        return self._spawn()

    def _replace(self, worker: _Worker) -> None:
        """Stop `worker` and start another, which joins the idle workers once it is ready."""
        worker.stop()
        with self._cond:
            self._workers.discard(worker)
            if self._closed:
                return
        zygote = self._zygote
        try:
            fresh: _Worker | None = self._spawn()
        except OSError:
            fresh = None

        def join(fresh: _Worker | None) -> None:
            try:
                fresh = fresh or self._spawn_anew(zygote)
            except OSError:
                fresh = None
            ready = fresh is not None and fresh.wait_ready(STARTUP_SECONDS)
            with self._cond:
                if ready and not self._closed:
                    self._idle.append(fresh)  # type: ignore[arg-type]
                    self._cond.notify()
                    return
                self._workers.discard(fresh)  # type: ignore[arg-type]
                closing = self._closed  # the pool closed while it started: nothing went wrong
            if not closing:
                log.error("a replacement query worker did not start; the pool has one worker less")
            if fresh is not None:
                fresh.stop()

        threading.Thread(target=join, args=(fresh,), daemon=True, name="lod-worker-start").start()

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
        with self._restart:  # not while another thread puts a new zygote in its place
            self._zygote.stop()


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
                "quads": len(self._store) if self.limits.in_memory else None,  # to check the copy by
                "memory_mb": self.limits.memory_mb, "in_memory": self.limits.in_memory,
                "network": self.limits.network}
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
