"""The query workers are fair: quick queries are answered while long ones run, a long query too
many and a request past the queue are refused, a query whose client left is stopped at once, and
a query that needs more memory than a worker may use ends with that error and a new worker.

No timing is asserted (speed is measured in bench/): each test checks an order of events the
store shows (`in_flight`, `long_running`, `waiting`, `stopped`) while the slow queries provably
still run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pyoxigraph import parse

from lod.config import Config
from lod.errors import QueryCancelled, QueryOutOfMemory, QueryTimeout, StoreBusy
from lod.store.base import Cancellation
from lod.store.embedded import WorkerLimits, build_store, open_store
from lod.terms import dataset_iri, prefixes
from tests.store.test_embedded import wait_until

DATA = Path(__file__).parent.parent / "data" / "serve-small-release.ttl"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# Sorting a cross product keeps every row: memory grows by about a gigabyte a second.
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g ?c ?f ?i"
CHEAP = "ASK { ?m a vu:Maatregel }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pool") / "store"
    build_store(path, parse(path=str(DATA)), graph=dataset_iri(Config()))
    return path


def cheap(store) -> bytes:
    return store.run_query(CHEAP, media_type="text/csv", timeout=30, limit=5).body


class Background:
    """A query in a thread; `outcome` is its answer or its error once it ends."""

    def __init__(self, store, query: str, *, timeout: float, cancel: Cancellation | None = None) -> None:
        self.outcome: object = None
        self.done = threading.Event()

        def run() -> None:
            try:
                self.outcome = store.run_query(query, media_type="text/csv", timeout=timeout, limit=5,
                                               cancel=cancel)
            except Exception as exc:  # the outcome is what the test looks at
                self.outcome = exc
            self.done.set()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()


def test_quick_queries_are_answered_while_two_runaways_hold_the_long_lane(store_dir):
    # A cheap query that took over long_query_seconds would count as long and be refused (the lane
    # is full): 1 s leaves room for a loaded machine (0.3 s failed at load 8, the two runaways
    # holding both cores). The runaways are stopped by their clients once the twenty cheap ones are
    # answered: waiting for a timeout would burn both cores for seconds more (timeouts have
    # their own tests, here and in test_embedded.py).
    limits = WorkerLimits(workers=3, long_queries=2, long_query_seconds=1.0)
    with open_store(store_dir, prefixes=prefixes(Config()), limits=limits) as store:
        cancels = [Cancellation() for _ in range(2)]
        runaways = [Background(store, RUNAWAY, timeout=600, cancel=cancel) for cancel in cancels]
        wait_until(lambda: store.long_running() == 2, "both runaways became long queries")
        answers = [cheap(store) for _ in range(20)]
        # All answered while both runaways still run, with no outcome yet.
        assert store.long_running() == 2 and not any(r.done.is_set() for r in runaways)
        assert answers == [b"_askResult\r\ntrue\r\n"] * 20
        for cancel in cancels:
            cancel.cancel()
        for runaway in runaways:
            runaway.thread.join(60)  # a runaway that was not stopped would run for 600 s
            assert isinstance(runaway.outcome, QueryCancelled)
        assert store.stopped() == {"cancelled": 2} and store.in_flight() == 0 and store.long_running() == 0


def test_one_long_query_too_many_is_stopped_as_busy(store_dir):
    limits = WorkerLimits(workers=3, long_queries=1, long_query_seconds=1.0)  # the cheap one stays short
    with open_store(store_dir, prefixes=prefixes(Config()), limits=limits) as store:
        cancel = Cancellation()
        first = Background(store, RUNAWAY, timeout=30, cancel=cancel)
        wait_until(lambda: store.long_running() == 1, "the first runaway became a long query")
        with pytest.raises(StoreBusy, match="lange queries") as refused:
            store.run_query(RUNAWAY, media_type="text/csv", timeout=30, limit=5)
        assert refused.value.retry_after >= 1
        assert store.long_running() == 1 and not first.done.is_set()  # the first one runs on
        assert cheap(store).endswith(b"true\r\n")
        cancel.cancel()
        first.thread.join(30)
        assert isinstance(first.outcome, QueryCancelled)


def test_a_query_whose_client_left_is_stopped_at_once(store_dir):
    limits = WorkerLimits(workers=2, long_queries=1)
    with open_store(store_dir, prefixes=prefixes(Config()), limits=limits) as store:
        cancel = Cancellation()
        abandoned = Background(store, RUNAWAY, timeout=600, cancel=cancel)
        wait_until(lambda: store.in_flight() == 1, "the runaway reached a worker")
        cancel.cancel()
        abandoned.thread.join(60)  # a query that was not stopped would run for 600 s
        assert isinstance(abandoned.outcome, QueryCancelled)
        assert store.stopped() == {"cancelled": 1} and store.in_flight() == 0
        wait_until(lambda: cheap(store).endswith(b"true\r\n"), "a worker answers again")


def test_the_queue_is_bounded_and_a_waiting_request_is_answered_when_a_worker_frees(store_dir):
    limits = WorkerLimits(workers=2, long_queries=1, long_query_seconds=30, queue=1, wait_seconds=60)
    with open_store(store_dir, prefixes=prefixes(Config()), limits=limits) as store:
        busy = [Background(store, RUNAWAY, timeout=1) for _ in range(2)]
        wait_until(lambda: store.in_flight() == 2, "both workers run a runaway")
        queued = Background(store, CHEAP, timeout=30)
        wait_until(lambda: store.waiting() == 1, "the cheap query waits for a worker")
        with pytest.raises(StoreBusy, match="wachten al"):
            cheap(store)  # one more than the queue holds: refused at once
        queued.thread.join(60)
        assert queued.outcome.body.endswith(b"true\r\n")  # answered once a runaway was stopped
        assert all(isinstance(b.outcome, QueryTimeout) for b in busy if b.done.wait(60))


def test_a_query_past_the_memory_cap_ends_clearly_and_its_worker_is_replaced(store_dir):
    limits = WorkerLimits(workers=2, long_queries=1, memory_mb=256)
    with open_store(store_dir, prefixes=prefixes(Config()), limits=limits) as store:
        with pytest.raises(QueryOutOfMemory, match="256 MB"):
            store.run_query(HUNGRY, media_type="text/csv", timeout=600, limit=5)
        assert store.stopped() == {"memory": 1} and store.in_flight() == 0
        wait_until(lambda: cheap(store).endswith(b"true\r\n"), "the replaced worker answers")


def test_closing_while_a_replacement_worker_starts_is_no_error(store_dir, caplog):
    """A stopped query's worker is replaced in the background; closing the store meanwhile (a
    server shutting down) must not report a worker that failed to start."""
    limits = WorkerLimits(workers=2, long_queries=1)
    store = open_store(store_dir, prefixes=prefixes(Config()), limits=limits)
    cancel = Cancellation()
    abandoned = Background(store, RUNAWAY, timeout=600, cancel=cancel)
    wait_until(lambda: store.in_flight() == 1, "the runaway reached a worker")
    cancel.cancel()  # its worker is killed and a replacement starts
    abandoned.thread.join(60)
    store.close()
    wait_until(lambda: not any(t.name == "lod-worker-start" for t in threading.enumerate()),
               "the replacement's start ended")
    assert isinstance(abandoned.outcome, QueryCancelled)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []
