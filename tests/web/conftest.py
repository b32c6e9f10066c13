"""Fixtures of the web tests: a small release (tests/data/serve-small-release.ttl) and its app."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import parse
from starlette.testclient import TestClient

from lod.config import Config
from lod.layout import MANIFEST
from lod.release.site import write_pages
from lod.release.write import manifest_bytes, manifest_entries
from lod.store.embedded import EmbeddedStore, WorkerLimits, build_store, open_store
from lod.terms import dataset_iri, prefixes
from lod.web.app import create_app

TWO = WorkerLimits(workers=2, long_queries=1)  # two query workers: enough for these tests

DATA = Path(__file__).parent.parent / "data" / "serve-small-release.ttl"


@pytest.fixture(scope="session")
def release_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release directory with a store, a dump and a catalogue file, as `lod build` lays it out."""
    root = tmp_path_factory.mktemp("release")
    build_store(root / "store", parse(path=str(DATA)), graph=dataset_iri(Config()))
    (root / "dumps").mkdir()
    (root / "dumps" / "veilig-uitgaan.ttl").write_bytes(DATA.read_bytes())
    (root / "dumps" / "veilig-uitgaan.ttl.gz").write_bytes(gzip.compress(DATA.read_bytes(), mtime=0))
    (root / "ns").mkdir()
    (root / "ns" / "context.jsonld").write_bytes((Config().ontology_dir / "context.jsonld").read_bytes())
    (root / "ontology").mkdir()
    (root / "ontology" / "vu.ttl").write_bytes((Config().ontology_dir / "vu.ttl").read_bytes())
    (root / "void.ttl").write_text(
        "<https://w3id.org/veilig-uitgaan/id/dataset/maatregelen> a <http://rdfs.org/ns/void#Dataset> .\n")
    return root


@pytest.fixture(scope="session")
def store(release_dir: Path) -> Iterator[EmbeddedStore]:
    with open_store(release_dir / "store", prefixes=prefixes(Config()), limits=TWO) as opened:
        yield opened


@pytest.fixture
def client(store: EmbeddedStore, release_dir: Path) -> TestClient:
    return TestClient(create_app(Config(query_timeout=20), store, release_dir=release_dir))


@pytest.fixture(scope="session")
def paged_release(release_dir: Path, store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web tests' release with the static site `lod build` writes, and its manifest."""
    root = tmp_path_factory.mktemp("paged-release")
    for name in ("dumps", "ns", "ontology"):
        shutil.copytree(release_dir / name, root / name)
    shutil.copy(release_dir / "void.ttl", root / "void.ttl")
    write_pages(store, Config(), root)
    (root / MANIFEST).write_bytes(manifest_bytes(manifest_entries(root)))
    (root / "store").symlink_to(release_dir / "store")  # outside the manifest, as in a release
    return root
