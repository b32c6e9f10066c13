"""Fixtures of the integration tests: a real Virtuoso on loopback and releases to push into it.

Every test under tests/integration/ is an integration test: it gets the `integration` marker here,
so `make test-fast` (`-m "not integration"`) leaves it out without each file having to say so.

`virtuoso` (session) and `fresh_virtuoso` (per test, for tests that kill it) start the Debian
`virtuoso-t +foreground` in a temporary directory with its own database and free ports on
127.0.0.1; `lod push` writes as dba with HTTP Digest (`dba`: LOD_STORE_USER/PASSWORD).
`oxigraph` (session) and `fresh_oxigraph` (per test) start the Oxigraph server of PyPI's `oxigraph`
(the test extra) the same way: `oxigraph serve --location DIR --bind 127.0.0.1:PORT`, no credentials.
`make_release(root, measures, edition)` writes a synthetic release (6 triples a measure);
`release` is the real one, built from data/ by lod.build once for the whole run (read it only).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

import bench.virtuoso
from lod.build import build
from lod.config import Config
from lod.store.embedded import build_store
from lod.store.remote import RemoteStore
from lod.terms import dataset_iri
from tests.conftest import free_port, once_per_run

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ID = "https://w3id.org/veilig-uitgaan/id/"
DCT = "http://purl.org/dc/terms/"
GEMEENTE = "https://data.vlaanderen.be/id/gemeente/"


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.integration)


class Virtuoso(bench.virtuoso.Virtuoso):
    """The benchmarks' Virtuoso with a small buffer pool; counts what a reader sees."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory, buffers=20_000, connections=10)

    def count(self, graph: str) -> int:
        """What a reader counts: through a new RemoteStore, which follows the push record."""
        return RemoteStore(self.endpoint, graph).count()


@pytest.fixture(scope="session")
def chromium(program: Callable[[str], str]) -> str:
    """The path of Debian's chromium, which the session's `browser` runs."""
    return program("chromium")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, program: Callable[[str], str]) -> Iterator[Virtuoso]:
    program("virtuoso-t")
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh_virtuoso(tmp_path: Path, program: Callable[[str], str]) -> Iterator[Virtuoso]:
    """A Virtuoso of its own, for a test that kills it."""
    program("virtuoso-t")
    server = Virtuoso(tmp_path / "virtuoso")
    server.start()
    yield server
    server.stop()


class Oxigraph:
    """An Oxigraph server (PyPI `oxigraph`, its own CLI) on loopback with its database in `directory`;
    restartable on the same database, killable with SIGKILL for the fault test."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @staticmethod
    def program() -> str:
        found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
        if found is None:
            pytest.fail("the oxigraph server is not installed: it is in the test extra "
                        "(pip install -e '.[test]')")
        return found

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.program(), "serve", "--location", str(self.directory), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(600):
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve stopped: {self.process.stderr.read().decode()}")
            try:
                requests.get(f"{self.endpoint}/query", params={"query": "ASK {}"}, timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph serve did not answer in 30 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown, as a crash or an OOM killer would stop it."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def count(self, graph: str) -> int:
        """What a reader counts: through a new RemoteStore, which follows the push record."""
        return RemoteStore(self.endpoint, graph, kind="oxigraph").count()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph") / "db")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh_oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    """An Oxigraph server of its own, for a test that kills it."""
    server = Oxigraph(tmp_path / "oxigraph")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def dba(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials the way an operator gives them: environment variables, never options."""
    monkeypatch.setenv("LOD_STORE_USER", "dba")
    monkeypatch.setenv("LOD_STORE_PASSWORD", "dba")


def synthetic_quads(measures: int, *, edition: str = "a") -> list[Quad]:
    """Measures shaped like the model's (hash-IRI parts, language tags, typed literals, escapes)."""
    quads = []
    for i in range(measures):
        m = NamedNode(f"{ID}maatregel/{i:05d}")
        period = NamedNode(f"{m.value}#periode")
        quads += [
            Quad(m, NamedNode(f"{DCT}identifier"), Literal(f"{i:05d}")),
            Quad(m, NamedNode(f"{DCT}title"), Literal(f"Maatregel {i} ({edition}) — “veilig” \\ \"uit\"",
                                                      language="nl")),
            Quad(m, NamedNode(f"{DCT}description"), Literal(f"regel 1\nregel 2\ttab {edition}")),
            Quad(m, NamedNode(f"{DCT}spatial"), NamedNode(f"{GEMEENTE}{44000 + i % 50}")),
            Quad(m, NamedNode(f"{DCT}temporal"), period),
            Quad(period, NamedNode("http://www.w3.org/ns/dcat#startDate"),
                 Literal("2022-07-15", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
        ]
    return quads


def write_release(root: Path, quads: list[Quad], *, with_store: bool = False) -> Path:
    """A release as lod/release/write.py lays it out (releases/<id>/dumps, manifest.json)."""
    nt = serialize(quads, format=RdfFormat.N_QUADS) or b""
    dump = b"".join(sorted(line + b"\n" for line in nt.splitlines() if line))
    release_id = hashlib.sha256(dump).hexdigest()[:16]
    directory = root / "releases" / release_id
    (directory / "dumps").mkdir(parents=True)
    (directory / "dumps" / "veilig-uitgaan.nt").write_bytes(dump)
    digest = hashlib.sha256(dump).hexdigest()
    files = [{"path": "dumps/veilig-uitgaan.nt", "size": len(dump), "sha256": digest}]
    (directory / "manifest.json").write_text(json.dumps({"files": files}), encoding="utf-8")
    if with_store:
        build_store(directory / "store", quads, graph=dataset_iri(Config()))
    return directory


@pytest.fixture
def make_release() -> Callable[..., Path]:
    """`make_release(root, measures, edition="a")`: a synthetic release of 6 triples a measure."""
    return lambda root, measures, edition="a": write_release(root, synthetic_quads(measures, edition=edition))


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The real release when the project's data exists (built by lod.build), else a synthetic one.

    Built once per run (`once_per_run`), not by each xdist worker: a build writes 3,000 files."""
    return Path(once_per_run(tmp_path_factory, worker_id, "release", lambda root: str(_real_release(root))))


def _real_release(root: Path) -> Path:
    data = ROOT / "data" / "maatregelen.csv"
    if data.is_file():
        build([data], config=Config(), out=root)
        return (root / "current").resolve()
    return write_release(root, synthetic_quads(300), with_store=True)


# -- the page checks: one Chromium per session, axe-core and the Nu Html Checker from npm ----------

NODE_MODULES = ROOT / "node_modules"  # `npm ci` (package.json, package-lock.json); .ci/run installs it


def npm_file(relative: str) -> Path:
    """A file of an npm package of package.json, or skip (fail in CI) saying how to install it."""
    from tests.conftest import missing

    path = NODE_MODULES / relative
    if not path.is_file():
        missing(f"{relative} is not installed: run `npm ci` in the checkout (package.json)")
    return path


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser build, which the accessibility test has Chromium evaluate in each page."""
    return npm_file("axe-core/axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu(program: Callable[[str], str]) -> list[str]:
    """The Nu Html Checker's command line: java (Debian openjdk) and vnu.jar (npm vnu-jar).

    Only the JVM's quick compiler (C1): a run of a few seconds ends before the optimising one pays
    back, and half the CPU goes (5.5-7.8 s -> 3.1-3.3 s user for the page kinds' 72 files)."""
    return [program("java"), "-XX:TieredStopAtLevel=1", "-jar", str(npm_file("vnu-jar/build/dist/vnu.jar"))]


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory, chromium: str, program: Callable[[str], str]):
    """One headless Chromium (selenium + Debian chromedriver) for the whole session, as a Flemish
    reader's (Accept-Language nl-BE); tests set the window size they need."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", "--window-size=1366,900", "--lang=nl-BE",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "nl-BE,nl"})
    driver = webdriver.Chrome(options=options, service=Service(program("chromedriver")))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the page tests save screenshots to be looked at: $LOD_SCREENSHOTS, else a temporary folder."""
    target = Path(os.environ.get("LOD_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture(scope="session")
def served_release(release: Path) -> Iterator[Any]:
    """The real release (the `release` fixture) served by uvicorn, for the page tests."""
    from tests.integration.server_fixture import serve_release

    with serve_release(release) as running:
        yield running
