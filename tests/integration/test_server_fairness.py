"""A real server under abuse: two runaway queries and an abandoned one beside 50 cheap queries.

Every cheap query is answered while both runaways provably still run (the store shows them as
long queries, their clients have no answer yet); the abandoned runaway, whose client hung up, is
stopped at once; the runaways end in the documented 503; a query past the memory cap ends in its
own 503 and the server answers on. How fast the cheap queries are is measured in bench/fairness.py
and written in bench/README.md, not asserted here.
"""

from __future__ import annotations

import socket
import threading
from urllib.parse import quote, urlsplit

import pytest
import requests

from tests.integration.server_fixture import serve_small_release
from tests.store.test_embedded import wait_until
from tests.store.test_pool import CHEAP, HUNGRY, RUNAWAY


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve_small_release(tmp_path_factory.mktemp("fair"), query_timeout=6.0, query_workers=4,
                             long_queries=2, long_query_seconds=0.5, query_per_client=8,
                             query_memory_mb=256) as running:
        yield running


def abandon(url: str, query: str, running) -> None:
    """Send a query over a raw connection and, once it runs, hang up without reading the answer."""
    parts = urlsplit(url)
    body = f"query={quote(query)}".encode()
    head = (f"POST /sparql HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Length: {len(body)}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n\r\n")
    with socket.create_connection((parts.hostname, parts.port)) as conn:
        conn.sendall(head.encode() + body)
        wait_until(running, "the abandoned query runs in a worker")


def test_cheap_queries_are_answered_beside_two_runaways_and_an_abandoned_one(served):
    store, endpoint = served.store, served.url + "sparql"
    answers: dict[int, requests.Response] = {}

    def runaway(n: int) -> None:
        answers[n] = requests.post(endpoint, data={"query": RUNAWAY}, timeout=120)

    threads = [threading.Thread(target=runaway, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    wait_until(lambda: store.long_running() == 2, "both runaways run as long queries")
    abandon(served.url, RUNAWAY, lambda: store.in_flight() == 3)
    wait_until(lambda: store.stopped().get("cancelled") == 1, "the abandoned runaway was stopped")

    with requests.Session() as http:
        cheap = [http.get(endpoint, params={"query": CHEAP}, headers={"Accept": "application/json"},
                          timeout=60) for _ in range(50)]
    # Fifty answers while both runaways still run and their clients have had nothing back.
    assert store.long_running() == 2 and answers == {}
    assert [(r.status_code, r.json()["boolean"]) for r in cheap] == [(200, True)] * 50

    for thread in threads:
        thread.join(120)
    for response in answers.values():
        assert response.status_code == 503 and "gestopt na 6 s" in response.text
        assert response.headers["Retry-After"]
    assert store.stopped() == {"cancelled": 1, "timeout": 2} and store.in_flight() == 0


def test_a_memory_runaway_is_capped_and_the_server_answers_on(served):
    response = requests.post(served.url + "sparql", data={"query": HUNGRY}, timeout=120)
    assert response.status_code == 503 and "256 MB" in response.text
    assert store_answers(served)


def store_answers(served) -> bool:
    response = requests.get(served.url + "sparql", params={"query": CHEAP}, timeout=60)
    return response.status_code == 200 and response.json()["boolean"] is True


def test_one_client_has_a_bounded_number_of_queries(tmp_path):
    """A third concurrent query of one address is 429 with Retry-After while its two others run."""
    limits = {"query_timeout": 1.5, "query_per_client": 2, "long_query_seconds": 30}
    with serve_small_release(tmp_path, **limits) as running:
        results: list[requests.Response] = []
        threads = [threading.Thread(target=lambda: results.append(requests.post(
            running.url + "sparql", data={"query": RUNAWAY}, timeout=60))) for _ in range(2)]
        for thread in threads:
            thread.start()
        wait_until(lambda: running.store.in_flight() == 2, "two queries of this client run")
        third = requests.get(running.url + "sparql", params={"query": CHEAP}, timeout=60)
        assert third.status_code == 429 and third.headers["Retry-After"]
        assert running.store.in_flight() == 2
        for thread in threads:
            thread.join(60)
        assert [r.status_code for r in results] == [503, 503]
        assert store_answers(running)
