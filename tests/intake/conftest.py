"""Fixtures of the intake tests: a store of its own per test, the small data, a fixed clock, sheets.

`intake(tmp_path)` gives a Config whose intake_dir and editors' sheet are the test's own; the
reference data (municipalities, code lists, shapes) of the small data is loaded once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from lod.build import Reference, load_reference
from lod.config import Config
from lod.intake.app import create_intake_app
from lod.intake.store import IntakeStore

HEADER = ("maatregel_id;gemeente;titel;beschrijving;soorten;specifiek_sgg;omgevingen;doelgroepen;trekker;"
          "status;startdatum;bronnen;contactrol;toestemming_publicatie;licentie")
# One measure of Gent the editors keep themselves (their own sheet, `measures`).
EDITORS = (HEADER + ";gemeld_door;gemeld_op\n"
           "44021-2022-001;44021;Gentse Feesten;Een servicepunt op de Gentse Feesten.;veilige-ruimte;ja;"
           "stadsfestival;slachtoffers;Stad Gent;lopend;2022;https://stad.gent/feesten;preventiedienst;ja;"
           "CC BY 4.0;redactie;2026-11-27\n")
RECEIVED = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 December in Flanders


def sheet(*rows: str) -> bytes:
    return (HEADER + "\n" + "".join(r + "\n" for r in rows)).encode("utf-8")


def row(measure_id: str = "12025-2026-001", town: str = "12025", title: str = "Veilig uitgaan in Mechelen",
        consent: str = "ja") -> str:
    return (f"{measure_id};{town};{title};Vijftien cafés doen mee aan een vorming.;vorming;ja;cafe;"
            f"horecapersoneel;Stad Mechelen;lopend;2026-03;https://www.mechelen.be/veilig;preventiedienst;"
            f"{consent};CC BY 4.0")


@dataclass
class Intake:
    cfg: Config
    store: IntakeStore
    client: TestClient
    token: Callable[[str], str]  # nis -> a fresh token's text

    def submit(self, data: bytes, token: str, name: str = "maatregelen.csv", **headers: str):
        return self.client.post("/inzending", content=data, params={"naam": name},
                                headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv",
                                         **headers})


@pytest.fixture(scope="session")
def small_reference(small_data: Path) -> Reference:
    return load_reference(Config(data_dir=small_data))


@pytest.fixture
def intake(tmp_path: Path, small_data: Path, small_reference: Reference) -> Intake:
    editors = tmp_path / "maatregelen.csv"
    editors.write_text(EDITORS, encoding="utf-8")
    cfg = Config(data_dir=small_data, intake_dir=tmp_path / "intake", measures=(editors,),
                 max_upload_bytes=100_000, max_upload_rows=200, checks_waiting=64,
                 release_date=datetime(2026, 12, 5).date())
    store = IntakeStore(cfg, clock=lambda: RECEIVED)
    client = TestClient(create_intake_app(cfg, clock=lambda: RECEIVED, reference=small_reference))

    def token(nis: str) -> str:
        return store.tokens.issue(nis, days=30, now=RECEIVED)[0]

    return Intake(cfg, store, client, token)
