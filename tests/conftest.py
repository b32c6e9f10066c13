"""Fixtures every stage's tests share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.graph.codelists import load_model

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def exchange_graph() -> Callable[[Config], ox.Store]:
    """`exchange_graph(cfg)`: a fresh graph of tests/data/exchange-graph.ttl plus the code lists
    (13 of today's municipalities; see the module docstring of tests/insight/test_exchange.py)."""

    def make(cfg: Config) -> ox.Store:
        graph = ox.Store()
        graph.load(path=str(DATA / "exchange-graph.ttl"), format=ox.RdfFormat.TURTLE)
        graph.extend(load_model(cfg))
        return graph

    return make
