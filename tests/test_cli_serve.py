"""`lod serve` option parsing: --store URL with --graph and --store-kind reach RemoteStore (no server)."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

import lod.web.app
from lod.cli import cli
from lod.store.remote import RemoteStore


@pytest.fixture
def served(monkeypatch) -> dict[str, Any]:
    """What serve would run: the store handed to create_app; uvicorn is not started."""
    seen: dict[str, Any] = {}

    def create_app(cfg, store, release_dir=None):
        seen.update(store=store, release_dir=release_dir)
        return "app"

    monkeypatch.setattr(lod.web.app, "create_app", create_app)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    # serve asks the store once before it starts (tests/test_cli_errors.py: an unreachable one stops it)
    monkeypatch.setattr(RemoteStore, "release_graph", lambda self: seen.setdefault("probed", self.graph))
    return seen


def serve(*args: str):
    return CliRunner().invoke(cli, ["--quiet", "serve", *args])


def test_graph_and_store_kind_reach_the_remote_store(served):
    result = serve("--store", "http://localhost:8890/sparql", "--graph", "https://example.org/g",
                   "--store-kind", "virtuoso", "--port", "8123")
    assert result.exit_code == 0, result.output
    store = served["store"]
    assert isinstance(store, RemoteStore)
    assert store.graph == "https://example.org/g"
    assert store.endpoints.kind == "virtuoso"
    assert store.endpoints.update == "http://localhost:8890/sparql-auth"  # Virtuoso's own URLs
    assert served["release_dir"] is None and served["port"] == 8123
    assert served["probed"] == "https://example.org/g"  # asked before the server started


def test_without_options_the_graph_is_the_dataset_iri_on_a_generic_store(served):
    result = serve("--store", "http://localhost:7878/query")
    assert result.exit_code == 0, result.output
    assert served["store"].graph == "https://w3id.org/veilig-uitgaan/id/dataset/maatregelen"
    assert served["store"].endpoints.kind == "generic"


def test_an_unknown_store_kind_is_a_usage_error(served):
    result = serve("--store", "http://localhost:8890/sparql", "--store-kind", "blazegraph")
    assert result.exit_code == 2
    assert "blazegraph" in result.output and "virtuoso" in result.output
    assert "store" not in served


def test_graph_without_store_is_a_usage_error(served, tmp_path):
    result = serve("--release", str(tmp_path), "--graph", "https://example.org/g")
    assert result.exit_code == 2
    assert "--store" in result.output
    assert "store" not in served
