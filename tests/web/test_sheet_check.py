"""/controle: the instant check on the public server. The build's report for an uploaded sheet,
as a page and as JSON; bounded; nothing stored; a name never a path."""

from __future__ import annotations

import asyncio
import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from lod.config import Config
from lod.web.app import create_app
from lod.web.uploads import Busy, CheckGate
from tests.conftest import zip_bomb

ROOT = Path(__file__).resolve().parents[2]  # the checkout
SHEETS = ROOT / "tests" / "data" / "spreadsheets"
BROKEN = (SHEETS / "bad-dates.csv").read_bytes()
VALID = (SHEETS / "valid-semicolon-utf8.csv").read_bytes()
JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def checker(store, release_dir, small_data, tmp_path_factory) -> TestClient:
    cfg = Config(data_dir=small_data, max_upload_bytes=200_000, max_upload_rows=100,
                 intake_dir=tmp_path_factory.mktemp("never-written"))
    return TestClient(create_app(cfg, store, release_dir=release_dir))


def test_the_page_offers_a_form_in_both_languages(checker):
    page = checker.get("/controle")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    assert 'name="bestand"' in page.text and "Controleer een bestand" in page.text
    assert "Check a file of measures" in checker.get("/controle?lang=en").text
    assert checker.head("/controle").status_code == 200
    assert "Content-Security-Policy" in page.headers and page.headers["cache-control"] == "no-store"


def test_a_broken_sheet_gets_the_builds_report_with_row_and_column(checker):
    answer = checker.post("/controle", files={"bestand": ("bad-dates.csv", BROKEN, "text/csv")}, headers=JSON)
    assert answer.status_code == 200
    report = answer.json()
    assert (report["file"], report["ok"], report["measures"]) == ("bad-dates.csv", False, 0)
    where = {(p["row"], p["column"], p["code"]) for p in report["problems"] if p["severity"] == "error"}
    assert (2, "startdatum", "bad-date") in where and (3, "startdatum", "bad-date") in where
    first = next(p for p in report["problems"] if p["row"] == 2)
    assert first["value"] == "31/02/2023" and first["hint"] and first["message"]


def test_the_page_shows_the_report_as_a_table(checker):
    page = checker.post("/controle?lang=en", files={"bestand": ("bad-dates.csv", BROKEN, "text/csv")})
    assert page.status_code == 200
    cells = '<td class="row">2</td><td class="column">startdatum</td><td><code>31/02/2023</code></td>'
    assert cells in page.text
    assert "the date does not exist" in page.text


def test_a_valid_sheet_says_how_many_measures_would_be_published(checker):
    report = checker.post("/controle", content=VALID, headers={**JSON, "Content-Type": "text/csv"},
                          params={"naam": "m.csv"}).json()
    assert (report["ok"], report["measures"], report["errors"], report["file"]) == (True, 2, 0, "m.csv")


def test_nothing_is_stored(checker, release_dir, small_data, tmp_path):
    before = {p: p.stat().st_mtime_ns for p in [*release_dir.rglob("*"), *small_data.rglob("*")]}
    os.chdir(tmp_path)
    try:
        checker.post("/controle", files={"bestand": ("x.csv", VALID, "text/csv")}, headers=JSON)
    finally:
        os.chdir(ROOT)
    assert list(tmp_path.iterdir()) == []
    assert {p: p.stat().st_mtime_ns for p in [*release_dir.rglob("*"), *small_data.rglob("*")]} == before


def test_a_file_name_never_becomes_a_path(checker):
    report = checker.post("/controle", files={"bestand": ("../../../etc/passwd", BROKEN, "text/csv")},
                          headers=JSON).json()
    assert report["file"] == "passwd" and all(p["file"] == "passwd" for p in report["problems"])


def test_uploads_are_bounded(checker):
    large = checker.post("/controle", content=b"x" * 200_001, headers={**JSON, "Content-Type": "text/csv"})
    assert large.status_code == 413 and large.json()["problems"][0]["code"] == "upload-too-large"

    def chunks():  # no Content-Length: refused while it streams in
        for _ in range(100):
            yield b"x" * 10_000

    streamed = checker.post("/controle", content=chunks(), headers={**JSON, "Content-Type": "text/csv"})
    assert streamed.status_code == 413
    rows = VALID.split(b"\n", 1)[0] + b"\n" + b"".join(b"x-%d;;\n" % n for n in range(150))
    many = checker.post("/controle", content=rows, headers={**JSON, "Content-Type": "text/csv"}).json()
    assert [p["code"] for p in many["problems"]] == ["too-many-rows"]
    not_a_sheet = checker.post("/controle", content=b"{}", headers={"Content-Type": "application/json"})
    assert not_a_sheet.status_code == 415
    assert checker.post("/controle", data={"a": "b"}, files={}, headers=JSON).status_code in (400, 415)


def test_a_zip_bomb_is_refused(checker):
    bomb = zip_bomb("xl/media/bomb.bin", 64)
    report = checker.post("/controle", files={"bestand": ("bomb.xlsx", bomb)}, headers=JSON).json()
    assert [p["code"] for p in report["problems"]] == ["archive-too-large"]


def test_the_template_is_offered_for_download(checker):
    answer = checker.get("/controle/sjabloon.xlsx?lang=en")
    assert answer.status_code == 200 and "measures-template.xlsx" in answer.headers["content-disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    assert book["maatregelen"]["A2"].value == "voorbeeld"


def test_the_gate_lets_a_few_checks_run_and_turns_the_rest_away():
    async def scenario() -> list[str]:
        gate, events = CheckGate(at_once=1, waiting=1), []
        release = asyncio.Event()

        async def check(name: str) -> None:
            try:
                async with gate.slot():
                    events.append(f"{name} runs")
                    await release.wait()
            except Busy:
                events.append(f"{name} busy")

        first = asyncio.create_task(check("a"))
        await asyncio.sleep(0)
        second = asyncio.create_task(check("b"))  # waits for a's slot
        await asyncio.sleep(0)
        await check("c")  # the queue is full: turned away at once
        release.set()
        await asyncio.gather(first, second)
        return events

    assert asyncio.run(scenario()) == ["a runs", "c busy", "b runs"]


def test_a_busy_check_answers_503_with_retry_after(store, release_dir, small_data, monkeypatch):
    async def busy(self):
        raise Busy
        yield  # pragma: no cover - an async generator that never yields

    from contextlib import asynccontextmanager

    monkeypatch.setattr(CheckGate, "slot", asynccontextmanager(busy))
    client = TestClient(create_app(Config(data_dir=small_data), store, release_dir=release_dir))
    answer = client.post("/controle", files={"bestand": ("x.csv", VALID)}, headers=JSON)
    assert answer.status_code == 503 and answer.headers["retry-after"] == "5"


def test_the_public_server_does_not_load_the_intake(tmp_path: Path):
    """The check imports nothing of lod.intake: the public server has no way to write submissions."""
    import subprocess
    import sys

    code = ("import sys, lod.web.app, lod.web.sheet_check; "
            "print(sorted(m for m in sys.modules if m.startswith('lod.intake')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stdout.strip() == "[]"
