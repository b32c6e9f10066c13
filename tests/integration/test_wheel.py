"""lod as a user gets it: the built wheel, installed like any Python tool, in a folder outside the checkout.

Once per run: `uv build --wheel` of this checkout, then `pipx install` of that wheel (uv as pipx's
backend, for speed) into a PIPX_HOME under the test's temporary folder. Then, in a new folder and
with no environment variable but PATH and HOME: `lod init`, the editors fill in the template,
`lod validate`, `lod build`, `lod serve` (a page, a document and a query answered) and `lod compare`.
`uvx --from <wheel> lod` runs the same wheel without installing it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook

from tests.conftest import free_port, once_per_run

ROOT = Path(__file__).resolve().parents[2]  # the checkout
SHEET = ROOT / "tests" / "data" / "spreadsheets" / "valid-semicolon-utf8.csv"
TOOLS = Path(sys.executable).parent  # uv, uvx and pipx of the test extra
BASE = "https://data.voorbeeld.be/veilig-uitgaan/"
# uv's own download cache (the installs above get a HOME of their own, but share what uv fetched).
UV_CACHE = os.environ.get("UV_CACHE_DIR") or str(Path.home() / ".cache" / "uv")


def installer_env(**extra: str) -> dict[str, str]:
    """The installers get this machine's environment (its certificates, index and cache settings),
    never a LOD_* setting or the test's virtualenv; only lod itself runs with none (`run`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOD_", "VIRTUAL_ENV", "PYTHON"))}
    # UV_SYSTEM_CERTS: uv trusts the system's certificates, as pip does, also where no SSL_CERT_FILE is set.
    env.update(PATH=f"{TOOLS}:/usr/bin:/bin", UV_CACHE_DIR=UV_CACHE, UV_SYSTEM_CERTS="1", **extra)
    return env


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(TOOLS)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: it is in the test extra (pip install -e '.[test]')")
    return found


def _build_wheel(out: Path) -> str:
    subprocess.run([_tool("uv"), "build", "--wheel", "--quiet", "--out-dir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    (built,) = out.glob("veilig_uitgaan-*.whl")
    return str(built)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Built once per run (`once_per_run`), not by each xdist worker its tests land on."""
    return Path(once_per_run(tmp_path_factory, worker_id, "wheel", _build_wheel))


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pipx install <wheel>`: the folder of the `lod` command, in a virtualenv outside the checkout."""
    home = tmp_path_factory.mktemp("pipx")
    env = installer_env(PIPX_HOME=str(home / "pipx"), PIPX_BIN_DIR=str(home / "bin"),
                        PIPX_MAN_DIR=str(home / "man"))
    done = subprocess.run([_tool("pipx"), "install", "--backend", "uv", str(wheel)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return home / "bin"


def run(bin_dir: Path, *args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`lod ARGS` in `cwd` with no environment but PATH (the installed command first) and HOME."""
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(["lod", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def fill_in(template: Path, rows_from: Path) -> int:
    """What an editor does: rows under the template's own header, from row 3 (row 2 is its example)."""
    book = load_workbook(template)
    sheet = book["maatregelen"]
    header = [cell.value for cell in sheet[1]]
    rows = list(csv.DictReader(io.StringIO(rows_from.read_text(encoding="utf-8")), delimiter=";"))
    for number, row in enumerate(rows, start=3):
        for column, name in enumerate(header, start=1):
            sheet.cell(number, column, row.get(name) or None)
    book.save(template)
    return len(rows)


def test_the_installed_wheel_starts_builds_serves_and_compares_a_publication(installed, tmp_path):
    work = tmp_path / "werk"
    work.mkdir()
    assert not work.resolve().is_relative_to(ROOT)

    # The installed lod is not the checkout's, and reads its model from its own package data.
    python = next((installed.parent / "pipx" / "venvs").glob("*")) / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import lod, lod.config; print(lod.__file__); "
                            "print(lod.config.shipped('shapes'))"], cwd=work, capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin"}, check=True).stdout.split()
    assert all(not Path(p).is_relative_to(ROOT) for p in where), where
    assert where[1].endswith("lod/share/shapes")

    started = run(installed, "init", "publicatie", "--base-uri", BASE, "--publisher", "Stad Voorbeeld",
                  "--homepage", "https://www.voorbeeld.be/", "--contact", "opendata@voorbeeld.be", cwd=work)
    assert started.returncode == 0, started.stderr
    publication = work / "publicatie"
    assert sorted(p.name for p in publication.iterdir()) == [
        ".gitignore", "README.md", "lod.toml", "maatregelen.xlsx", "organisaties.csv"]
    assert fill_in(publication / "maatregelen.xlsx", SHEET) == 2

    checked = run(installed, "validate", cwd=publication)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("OK: 2 maatregelen")

    built = run(installed, "build", cwd=publication)
    assert built.returncode == 0, built.stderr
    assert (publication / "dist" / "current" / "manifest.json").is_file()
    assert (publication / "dist" / "last-build-report.txt").is_file()

    compared = run(installed, "compare", "44021", cwd=publication)
    assert compared.returncode == 0, compared.stderr
    assert compared.stdout.startswith("Gent (44021)") and "Servicepunt Gentse Feesten" in compared.stdout

    port = free_port()
    server = subprocess.Popen(["lod", "-q", "serve", "--port", str(port)], cwd=publication,
                              env={"PATH": f"{installed}:/usr/bin:/bin", "HOME": str(publication)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # 60 s
            assert server.poll() is None, server.stderr.read()
            try:
                requests.get(url + "/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        landing = requests.get(url + "/", timeout=30)
        assert landing.status_code == 200 and "Servicepunt Gentse Feesten" in landing.text
        page = requests.get(url + "/doc/maatregel/T-002", headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "Servicepunt Gentse Feesten" in page.text
        assert requests.get(url + "/uitwisseling", timeout=30).status_code == 200
        query = "SELECT ?m WHERE { ?m a vu:Maatregel } ORDER BY ?m"
        answer = requests.get(url + "/sparql", params={"query": query},
                              headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200, answer.text
        measures = [b["m"]["value"] for b in json.loads(answer.text)["results"]["bindings"]]
        assert measures == [f"{BASE}id/maatregel/T-001", f"{BASE}id/maatregel/T-002"]  # lod.toml's base
    finally:
        server.terminate()
        server.wait(30)


def test_uvx_runs_the_wheel_without_installing_it(wheel, tmp_path):
    env = installer_env()
    done = subprocess.run([_tool("uvx"), "--from", str(wheel), "lod", "init", "probeer"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "probeer" / "lod.toml").is_file()
