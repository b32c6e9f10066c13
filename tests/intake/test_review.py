"""The editors' side: show (an update as a difference), accept (the next build publishes the rows
with the municipality as reporter), reject (kept, with the reason), the audit log, and a process
killed in the middle of a submission or an acceptance, which leaves nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from lod.build import build, configured_sources
from lod.cli import cli
from lod.intake.app import create_intake_app
from lod.intake.review import ReviewError, accept, accepted_sheet, changes, read_sheet, reject
from lod.intake.store import IntakeStore, utc_now
from lod.intake.tokens import TokenRefused
from tests.intake.conftest import Intake, row, sheet

ROOT = Path(__file__).resolve().parents[2]  # the checkout
ID = "https://w3id.org/veilig-uitgaan/id/"


def submitted(intake, *rows: str, nis: str = "12025") -> str:
    answer = intake.submit(sheet(*rows), intake.token(nis))
    assert answer.status_code == 201, answer.text
    return answer.json()["receipt"]


def test_accepting_adds_the_rows_and_the_next_build_publishes_them_with_the_municipality(intake, tmp_path):
    receipt = submitted(intake, row())
    decision = accept(intake.store, receipt, by="redacteur")
    assert (decision.measures, decision.updates) == (["12025-2026-001"], [])
    assert configured_sources(intake.cfg) == [*intake.cfg.measures, accepted_sheet(intake.cfg, "12025")]
    release = build(configured_sources(intake.cfg), config=intake.cfg, out=tmp_path / "dist")
    graph = ox.Store()
    graph.load(path=str(release.path / "dumps" / "veilig-uitgaan.nt"), format=ox.RdfFormat.N_TRIPLES)
    measure = f"<{ID}maatregel/12025-2026-001>"
    rows = list(graph.query(f"SELECT ?who ?when ?title WHERE {{ {measure} "
                            "<http://www.w3.org/ns/prov#wasAttributedTo> ?who ; "
                            "<http://purl.org/dc/terms/modified> ?when ; "
                            "<http://purl.org/dc/terms/title> ?title }"))
    assert [(r["who"].value, r["when"].value, r["title"].value) for r in rows] == [
        (f"{ID}bestuurseenheid/12025", "2026-12-02", "Veilig uitgaan in Mechelen")]
    assert intake.store.decision(receipt).decision == "accepted"


def test_the_same_measure_submitted_again_is_an_update_shown_before_it_is_accepted(intake):
    first = submitted(intake, row())
    accept(intake.store, first, by="redacteur")
    second = submitted(intake, row(title="Veilig uitgaan in Mechelen, tweede editie"),
                       row("12025-2026-002", title="Nieuwe maatregel"))
    found = {c.measure_id: c for c in changes(intake.store, intake.store.submission(second))}
    assert found["12025-2026-002"].kind == "new"
    update = found["12025-2026-001"]
    assert (update.kind, update.where) == ("update", "aanvaard-12025.csv, rij 2")
    assert update.differences == [("titel", "Veilig uitgaan in Mechelen",
                                   "Veilig uitgaan in Mechelen, tweede editie")]
    decision = accept(intake.store, second, by="redacteur")
    assert decision.updates == ["12025-2026-001"]
    rows = read_sheet(accepted_sheet(intake.cfg, "12025"))
    assert [(r["maatregel_id"], r["titel"]) for r in rows] == [
        ("12025-2026-001", "Veilig uitgaan in Mechelen, tweede editie"),
        ("12025-2026-002", "Nieuwe maatregel")]


def test_rejecting_keeps_the_submission_and_the_reason(intake):
    receipt = submitted(intake, row())
    why = "dubbel met de melding van de politiezone"
    reject(intake.store, receipt, why=why, by="redacteur")
    decided = intake.store.decision(receipt)
    assert (decided.decision, decided.why, decided.by) == ("rejected", why, "redacteur")
    assert intake.store.submission(receipt).measures == ["12025-2026-001"]
    assert not accepted_sheet(intake.cfg, "12025").exists()
    with pytest.raises(ReviewError) as info:
        accept(intake.store, receipt, by="redacteur")
    assert "was already rejected on 2026-12-01 by redacteur" in info.value.text("en")
    token = intake.token("12025")
    status = intake.client.get(f"/inzending/{receipt}", headers={"Authorization": f"Bearer {token}"}).json()
    assert (status["status"], status["why"]) == ("rejected", "dubbel met de melding van de politiezone")


def test_a_measure_the_editors_keep_is_not_overwritten_by_accepting(intake):
    """Gent resubmits the measure the editors keep in their own sheet: shown, not accepted."""
    receipt = submitted(intake, row("44021-2022-001", "44021", "Gentse Feesten, nu met twee servicepunten")
                        .replace("Stad Mechelen", "Stad Gent"), nis="44021")
    (change,) = changes(intake.store, intake.store.submission(receipt))
    assert (change.kind, change.where) == ("kept-by-editors", "maatregelen.csv, rij 2")
    assert ("titel", "Gentse Feesten", "Gentse Feesten, nu met twee servicepunten") in change.differences
    with pytest.raises(ReviewError) as info:
        accept(intake.store, receipt, by="redacteur")
    assert "maatregelen.csv, rij 2" in info.value.text("en") and intake.store.decision(receipt) is None


def test_every_action_is_in_the_audit_log_and_no_secret(intake, small_reference):
    # The CLI issues tokens on the real clock, so the service that takes the submission runs on it
    # too (the fixture's fixed clock would judge the token as issued in its future).
    live = Intake(intake.cfg, intake.store,
                  TestClient(create_intake_app(intake.cfg, reference=small_reference, clock=utc_now)),
                  intake.token)
    runner = CliRunner()
    env = {"LOD_INTAKE_DIR": str(intake.cfg.intake_dir), "LOD_DATA_DIR": str(intake.cfg.data_dir),
           "LOD_MEASURES": str(intake.cfg.measures[0])}
    issued = runner.invoke(cli, ["intake", "token", "12025", "--days", "30"], env=env)
    assert issued.exit_code == 0, issued.output
    secret = issued.stdout.strip().splitlines()[-1]
    assert secret.startswith("vu_")
    receipt = live.submit(sheet(row()), secret).json()["receipt"]
    live.submit(sheet(row()), "vu_000000000000_" + "x" * 43)
    listed = runner.invoke(cli, ["intake", "list"], env=env)
    assert receipt in listed.stdout and "nieuw" in listed.stdout
    shown = runner.invoke(cli, ["intake", "show", receipt], env=env)
    assert "12025-2026-001: nieuw" in shown.stdout
    assert runner.invoke(cli, ["intake", "accept", receipt], env=env).exit_code == 0
    token_id = secret.split("_")[1]
    assert runner.invoke(cli, ["intake", "revoke", token_id], env=env).exit_code == 0
    with pytest.raises(TokenRefused):
        intake.store.tokens.verify(secret, now=utc_now())
    log = runner.invoke(cli, ["intake", "log"], env=env).stdout
    actions = [line.split('"action": "')[1].split('"')[0] for line in log.splitlines()]
    assert actions == ["token-issued", "submitted", "unauthorised", "accepted", "token-revoked"]
    assert secret.split("_", 2)[2] not in log
    for path in intake.cfg.intake_dir.rglob("*"):
        if path.is_file():
            assert secret.split("_", 2)[2].encode() not in path.read_bytes(), path


KILLED = """
import os, sys, time
from datetime import datetime, UTC
from pathlib import Path
import lod.files, lod.intake.store
from lod.config import Config
from lod.intake.app import create_intake_app
from lod.intake.store import IntakeStore, utc_now
from lod.sources.upload import Upload

cfg = Config(intake_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]))
store = IntakeStore(cfg)
token = store.tokens.issue("12025", days=30, now=datetime.now(UTC))[1]
real = os.fsync
calls = []

def fsync(fd):  # the process stops for good in the middle of its writing
    calls.append(fd)
    real(fd)
    if len(calls) == int(sys.argv[4]):
        Path(sys.argv[3]).write_text("now")
        time.sleep(600)

os.fsync = fsync
if sys.argv[5] == "submit":
    store.store_submission(Upload(b"maatregel_id\\n" * 50_000, "m.csv"), token, ["x"], [])
else:
    from lod.intake.review import accept
    accept(store, sys.argv[6], by="redacteur")
"""


def _kill_midway(intake, tmp_path, stop_at: int, *args: str) -> None:
    ready = tmp_path / f"ready-{stop_at}"
    process = subprocess.Popen([sys.executable, "-c", KILLED, str(intake.cfg.intake_dir),
                                str(intake.cfg.data_dir), str(ready), str(stop_at), *args], cwd=ROOT)
    for _ in range(1200):  # the writer reaches its stop within a minute on a loaded machine
        if ready.exists():
            break
        assert process.poll() is None, "the writer ended before it was stopped"
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("the writer never reached the point where it is stopped")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


# Where the writer is stopped: its fsyncs are of the file, the record, the temporary folder and,
# once that was renamed into place, the submissions folder.
@pytest.mark.parametrize("stop_at", [1, 2, 3])
def test_a_submission_killed_midway_leaves_nothing_half_written(intake, tmp_path, stop_at):
    _kill_midway(intake, tmp_path, stop_at, "submit")
    store = IntakeStore(intake.cfg)
    assert store.submissions() == []  # not stored: nothing to list, accept or half-read
    assert "submitted" not in [r["action"] for r in store.audit_log()]
    debris = list((intake.cfg.intake_dir / "inzendingen").iterdir())
    assert debris and all(p.name.startswith(".tmp-") for p in debris)
    assert store.sweep(older_than=0) == [p.name for p in debris]
    assert submitted(intake, row())  # and the store takes the next one


def test_a_submission_killed_after_it_was_renamed_into_place_is_whole(intake, tmp_path):
    _kill_midway(intake, tmp_path, 4, "submit")
    (found,) = IntakeStore(intake.cfg).submissions()
    assert intake.store.file_of(found).data == b"maatregel_id\n" * 50_000 and found.measures == ["x"]


def test_an_acceptance_killed_midway_leaves_the_accepted_sheet_whole(intake, tmp_path):
    first = submitted(intake, row())
    accept(intake.store, first, by="redacteur")
    before = accepted_sheet(intake.cfg, "12025").read_bytes()
    second = submitted(intake, row(title="Gewijzigde titel"))
    _kill_midway(intake, tmp_path, 1, "accept", second)  # stopped after the new sheet's bytes
    assert accepted_sheet(intake.cfg, "12025").read_bytes() == before  # the old sheet, whole
    assert intake.store.decision(second) is None
    accept(intake.store, second, by="redacteur")  # taken up again: the same sheet, once
    assert [r["titel"] for r in read_sheet(accepted_sheet(intake.cfg, "12025"))] == ["Gewijzigde titel"]
