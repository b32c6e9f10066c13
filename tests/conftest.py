"""Fixtures every stage's tests share, and the rules that keep the suite honest.

- `reference`: the shared reference folder (official shapes, reference tables, domain notes).
  It is not part of the project: its path comes from LOD_REFERENCE, default ../shared/reference
  beside the checkout; absent, the tests that need it are skipped (failed in CI).
- `program(name)`: an external program a test starts (.ci/programs names its Debian package);
  absent, the test is skipped with the install command (failed in CI).
- In CI (CI=true) no test may be skipped: the run fails and lists the skipped tests.
- `small_data`: data/ cut to a few municipalities, for builds of a two-row sheet.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import shutil
import socket
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, settings

from lod.config import Config
from lod.graph.codelists import load_model

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

# Property-based tests: a fixed budget of examples, the same ones on every run (derandomized), so
# CI is reproducible and bounded; HYPOTHESIS_PROFILE=deep searches far longer, by hand.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def zip_bomb(entry: str, unpacked_mb: int) -> bytes:
    """An .xlsx-looking archive whose `entry` unpacks to `unpacked_mb` MB of zeros (it compresses a
    thousandfold): what the upload bounds of the check and the intake must refuse unread."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(entry, "w") as member:
            for _ in range(unpacked_mb):
                member.write(bytes(1 << 20))
    return buffer.getvalue()


def once_per_run(factory: pytest.TempPathFactory, worker_id: str, name: str,
                 make: Callable[[Path], Any]) -> Any:
    """What `make(folder)` returns (a JSON value), made once per test run, not once per worker: under
    pytest-xdist the first worker to ask makes it in the run's shared temporary directory while the
    others wait on a lock, then every one reads the result. For what a test only reads (a release,
    a timeline of releases): building it costs seconds, and each worker would build it again."""
    if worker_id == "master":  # not distributed: the session is the run
        return json.loads(json.dumps(make(factory.mktemp(name))))
    shared = factory.getbasetemp().parent  # this run's directory, the same for every worker
    done = shared / f"{name}.json"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            folder = shared / name
            folder.mkdir()
            done.write_text(json.dumps(make(folder)), encoding="utf-8")
    return json.loads(done.read_text(encoding="utf-8"))


def missing(reason: str) -> None:
    """A test cannot run here: skipped on a developer's machine, a failure in CI (which installs all)."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: CI installs everything, so this is a failure, not a skip)",
                    pytrace=False)
    pytest.skip(reason)


# -- the reference folder ------------------------------------------------------------------------

@pytest.fixture(scope="session")
def reference() -> Path:
    """The shared reference folder: LOD_REFERENCE, default ../shared/reference beside the checkout."""
    folder = Path(os.environ.get("LOD_REFERENCE") or ROOT.parent / "shared" / "reference")
    if not folder.is_dir():
        missing(f"no reference folder at {folder}: set LOD_REFERENCE to the shared reference folder "
                "(default ../shared/reference beside the checkout)")
    return folder


# -- external programs ---------------------------------------------------------------------------

def debian_packages() -> dict[str, str]:
    """.ci/programs: program -> the Debian package that installs it (the list .ci/run installs)."""
    packages = {}
    for line in (ROOT / ".ci" / "programs").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, package = line.split()
            packages[name] = package
    return packages


def find_program(name: str) -> str:
    """The path of `name`, or skip (fail in CI) with the command that installs it."""
    packages = debian_packages()
    if name not in packages:
        raise KeyError(f"{name} is not in .ci/programs: add it with its Debian package, so CI installs it")
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed: apt-get install {packages[name]}")
    return found


@pytest.fixture(scope="session")
def program() -> Callable[[str], str]:
    """`program("rapper")`: the program's path; missing, the test is skipped with the install command."""
    return find_program


# -- no skip in CI -------------------------------------------------------------------------------

_skipped: list[tuple[str, str]] = []  # (test, reason), collected where the reports arrive


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr  # (file, line, "Skipped: reason") for a skip
    return (longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)).removeprefix("Skipped: ")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append((report.nodeid, _skip_reason(report)))


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.skipped:
        _skipped.append((report.nodeid, _skip_reason(report)))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    controller = not hasattr(session.config, "workerinput")  # under xdist, the process that reports
    if in_ci() and _skipped and controller and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if in_ci() and _skipped:
        terminalreporter.section("skipped in CI: every test must run here (the run fails)", red=True)
        for nodeid, reason in _skipped:
            terminalreporter.line(f"SKIPPED {nodeid}: {reason}")


# -- shared data ---------------------------------------------------------------------------------

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


# The municipalities the test spreadsheets name: Mechelen, Gent, and Kruibeke, which merged in 2025.
SMALL_DATA_TOWNS = {"12025", "44021", "46013"}
# The columns of data/ that hold a NIS code of a municipality, per file.
TOWN_COLUMNS = {"gemeenten.csv": ("nis_code", "opgevolgd_door"),
                "fusies.csv": ("oude_nis_code", "nieuwe_nis_code"),
                "gemeenten-punten.csv": ("nis",), "peers.csv": ("nis",)}


@pytest.fixture(scope="session")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ with only SMALL_DATA_TOWNS and the municipalities merged with them (rows as in data/):
    every rule of a build applies, and a release of a two-row sheet has 900 files instead of 2,900."""
    data = Config().data_dir
    with (data / "fusies.csv").open(encoding="utf-8", newline="") as fh:
        mergers = [(row["oude_nis_code"], row["nieuwe_nis_code"]) for row in csv.DictReader(fh)]
    towns = set(SMALL_DATA_TOWNS)
    while grown := ({b for a, b in mergers if a in towns} | {a for a, b in mergers if b in towns}) - towns:
        towns |= grown
    out = tmp_path_factory.mktemp("small-data")
    for source in sorted(data.glob("*.csv")):
        columns = TOWN_COLUMNS.get(source.name)
        if columns is None:
            shutil.copy(source, out / source.name)
            continue
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
        header = next(csv.reader(lines[:1]))
        keep = [header.index(c) for c in columns]
        kept = [line for line, row in zip(lines[1:], csv.reader(lines[1:]), strict=True)
                if all(not row[i] or row[i] in towns for i in keep)]
        (out / source.name).write_text("".join(lines[:1] + kept), encoding="utf-8")
    return out
