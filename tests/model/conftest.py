"""The shapes graph, parsed once per session for pySHACL (rdflib is only used where pySHACL needs it)."""

from __future__ import annotations

import pytest
import rdflib

from lod.config import Config
from lod.graph.codelists import shapes_text


@pytest.fixture(scope="session")
def cfg() -> Config:
    return Config()


@pytest.fixture(scope="session")
def shapes_graph(cfg: Config) -> rdflib.Graph:
    return rdflib.Graph().parse(data=shapes_text(cfg), format="turtle")
