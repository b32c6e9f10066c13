"""`lod intake serve` as an editor runs it: a real process on loopback, a token from `lod intake
token`, a municipality's sheet submitted with requests, the receipt listed by `lod intake list`;
the server's own log (uvicorn's access lines included) never holds the token's secret."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import free_port
from tests.intake.conftest import HEADER, row, sheet

ROOT = Path(__file__).resolve().parents[2]  # the checkout


def lod(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lod", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.fixture
def environment(tmp_path: Path, small_data: Path) -> dict[str, str]:
    editors = tmp_path / "maatregelen.csv"
    editors.write_text(HEADER + "\n", encoding="utf-8")
    return {**{k: v for k, v in os.environ.items() if not k.startswith("LOD_")},
            "LOD_INTAKE_DIR": str(tmp_path / "intake"), "LOD_DATA_DIR": str(small_data),
            "LOD_MEASURES": str(editors)}


def test_a_municipality_submits_to_the_running_service(environment, tmp_path):
    issued = lod(environment, "intake", "token", "12025")
    assert issued.returncode == 0, issued.stderr
    secret = issued.stdout.strip()
    assert secret.startswith("vu_") and "Mechelen" in issued.stderr
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "lod", "intake", "serve", "--port", str(port)],
                              env=environment, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(600):  # up to a minute on a loaded machine
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("lod intake serve did not start: " + (tmp_path / "server.log").read_text())
        data = sheet(row())
        answer = requests.post(url + "inzending", params={"naam": "maatregelen.csv"}, data=data, timeout=60,
                               headers={"Authorization": f"Bearer {secret}", "Content-Type": "text/csv"})
        assert answer.status_code == 201, answer.text
        receipt = answer.json()["receipt"]
        refused = requests.post(url + "inzending", data=data, timeout=60,
                                headers={"Authorization": "Bearer vu_000000000000_" + "x" * 43,
                                         "Content-Type": "text/csv"})
        assert refused.status_code == 401
        too_large = requests.post(url + "inzending", data=b"x" * 2_000_001, timeout=60,
                                  headers={"Authorization": f"Bearer {secret}", "Content-Type": "text/csv"})
        assert too_large.status_code == 413
        form = requests.post(url + "inzending", data={"token": secret}, timeout=60,
                             files={"bestand": ("Mechelen.csv", data, "text/csv")},
                             headers={"Accept": "text/html"})
        assert form.status_code == 201 and "ontvangstnummer" in form.text.lower()
    finally:
        server.terminate()
        server.wait(30)
        log.close()
    listed = lod(environment, "intake", "list")
    assert receipt in listed.stdout and listed.stdout.count("12025") == 2
    server_log = (tmp_path / "server.log").read_text()
    assert "POST /inzending" in server_log  # the access log is on, and still:
    assert secret.split("_", 2)[2] not in server_log
