"""The intake service over HTTP: a valid token stores the sheet whole with a receipt; every other
case is refused with its status, nothing stored, and the audit log says so without a secret."""

from __future__ import annotations

import asyncio
import hashlib
import json
import tracemalloc

import httpx

from lod.intake.app import create_intake_app
from tests.conftest import zip_bomb
from tests.intake.conftest import RECEIVED, row, sheet


def stored(intake) -> list:
    return intake.store.submissions()


def test_a_valid_token_stores_the_sheet_whole_and_gives_a_receipt(intake):
    token = intake.token("12025")
    data = sheet(row())
    answer = intake.submit(data, token)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    (submission,) = stored(intake)
    assert body["receipt"] == submission.receipt
    assert answer.headers["location"] == f"inzending/{submission.receipt}"
    assert (body["municipality"], body["measures"]) == ({"nis_code": "12025", "name": "Mechelen"},
                                                          ["12025-2026-001"])
    assert intake.store.file_of(submission).data == data
    assert submission.sha256 == hashlib.sha256(data).hexdigest() == body["sha256"]
    assert (submission.received, submission.nis_code, submission.label) == (
        RECEIVED, "12025", "maatregelen.csv")
    assert body["report"]["ok"] and body["report"]["warnings"] == len(submission.problems) > 0
    (logged,) = [r for r in intake.store.audit_log() if r["action"] == "submitted"]
    assert logged["receipt"] == submission.receipt and logged["sha256"] == submission.sha256
    status = intake.client.get(f"/inzending/{submission.receipt}",
                               headers={"Authorization": f"Bearer {token}"})
    assert status.json()["status"] == "new"


def test_a_browser_submits_with_the_form(intake):
    token = intake.token("12025")
    page = intake.client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'name="token"' in page.text and 'type="password"' in page.text
    answer = intake.client.post("/inzending", data={"token": token},
                                files={"bestand": ("Mechelen.csv", sheet(row()), "text/csv")},
                                headers={"Accept": "text/html"})
    assert answer.status_code == 201
    (submission,) = stored(intake)
    assert submission.receipt in answer.text and submission.label == "Mechelen.csv"


def test_a_wrong_missing_revoked_or_expired_token_is_401_and_nothing_is_stored(intake):
    token = intake.token("12025")
    wrong = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for presented in (wrong, "vu_000000000000_" + "x" * 43, "geheim"):
        answer = intake.submit(sheet(row()), presented)
        assert answer.status_code == 401 and answer.headers["www-authenticate"].startswith("Bearer")
    no_header = intake.client.post("/inzending", content=sheet(row()), headers={"Content-Type": "text/csv"})
    assert no_header.status_code == 401
    form = intake.client.post("/inzending", data={"token": wrong}, files={"bestand": ("m.csv", sheet(row()))})
    assert form.status_code == 401
    intake.store.tokens.revoke(token.split("_")[1], now=RECEIVED)
    assert intake.submit(sheet(row()), token).status_code == 401
    expired = intake.store.tokens.issue("12025", days=1, now=RECEIVED.replace(year=2025))[0]
    assert intake.submit(sheet(row()), expired).json()["error"] == "token-expired"
    assert stored(intake) == []
    log = (intake.cfg.intake_dir / "audit.jsonl").read_text()
    assert log.count('"unauthorised"') == 7 and wrong.split("_", 2)[2] not in log and token not in log


def test_rows_of_another_municipality_are_403_and_nothing_is_stored(intake):
    token = intake.token("12025")
    answer = intake.submit(sheet(row(), row("44021-2026-009", "Gent")), token)
    assert answer.status_code == 403
    (problem,) = answer.json()["report"]["problems"]
    assert (problem["row"], problem["column"], problem["code"]) == (3, "gemeente", "other-municipality")
    assert "Gent (44021)" in problem["message"] and stored(intake) == []


def test_a_merged_municipality_submits_the_rows_of_its_predecessors(intake):
    """Beveren-Kruibeke-Zwijndrecht (46030, since 2025) submits a 2022 measure recorded in Kruibeke."""
    token = intake.token("46030")
    old = row("46013-2022-009", "46013").replace("Stad Mechelen", "Gemeente Kruibeke")
    old = old.replace("2026-03", "2022")
    answer = intake.submit(sheet(old), token)
    assert answer.status_code == 201, answer.text


def test_an_id_of_another_municipalitys_measure_is_403(intake):
    """Mechelen cannot overwrite Gent's measure by taking its maatregel_id."""
    answer = intake.submit(sheet(row("44021-2022-001")), intake.token("12025"))
    assert answer.status_code == 403
    assert [p["code"] for p in answer.json()["report"]["problems"]] == ["taken-id"]


def test_an_oversized_upload_is_413_before_it_is_read(intake):
    token = intake.token("12025")
    large = intake.submit(b"x" * 100_001, token)
    assert large.status_code == 413 and large.json()["error"] == "upload-too-large"

    def chunks():
        for _ in range(20):
            yield b"x" * 10_000

    streamed = intake.client.post("/inzending", content=chunks(),
                                  headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"})
    assert streamed.status_code == 413 and stored(intake) == []


def test_a_zip_bomb_is_refused_with_memory_bounded(intake):
    data = zip_bomb("xl/worksheets/sheet1.xml", 90)
    assert len(data) < 100_000  # 90 MB unpacked, under the 100 kB upload bound
    token = intake.token("12025")
    tracemalloc.start()
    try:
        answer = intake.submit(data, token, name="bom.xlsx", **{"Content-Type": "application/octet-stream"})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert answer.status_code == 422
    assert [p["code"] for p in answer.json()["report"]["problems"]] == ["archive-too-large"]
    assert peak < 10_000_000, peak
    assert stored(intake) == []


def test_an_invalid_sheet_is_422_with_the_report(intake):
    answer = intake.submit(sheet(row().replace("2026-03", "31/02/2026")), intake.token("12025"))
    assert answer.status_code == 422
    problems = answer.json()["report"]["problems"]
    assert [(p["row"], p["column"], p["code"]) for p in problems if p["severity"] == "error"] == [
        (2, "startdatum", "bad-date")]
    assert stored(intake) == []


def test_publication_consent_is_required_on_every_row(intake):
    answer = intake.submit(sheet(row(), row("12025-2026-002", consent="nee")), intake.token("12025"))
    assert answer.status_code == 422
    errors = [(p["row"], p["column"], p["code"]) for p in answer.json()["report"]["problems"]
              if p["severity"] == "error"]
    assert errors == [(3, "toestemming_publicatie", "consent-required")]


def test_gemeld_door_and_gemeld_op_are_the_intakes_to_say(intake):
    """Whatever the sheet says, the reporter is the token's municipality and the date the day of
    the submission in Flanders (00:30 on 2 December there, 23:30 UTC on the 1st)."""
    data = (sheet(row()).decode().replace("licentie\n", "licentie;gemeld_door;gemeld_op\n", 1)
            .replace("CC BY 4.0\n", "CC BY 4.0;sensoa;1999-01-01\n")).encode()
    assert intake.submit(data, intake.token("12025")).status_code == 201
    from lod.intake.review import submitted_rows

    (accepted,) = submitted_rows(intake.store, stored(intake)[0])
    assert (accepted["gemeld_door"], accepted["gemeld_op"]) == ("12025", "2026-12-02")


def test_a_receipt_is_only_told_to_its_municipality(intake):
    mechelen, gent = intake.token("12025"), intake.token("44021")
    receipt = intake.submit(sheet(row()), mechelen).json()["receipt"]
    other = intake.client.get(f"/inzending/{receipt}", headers={"Authorization": f"Bearer {gent}"})
    assert other.status_code == 404
    assert intake.client.get("/inzending/..%2F..%2Ftokens.jsonl",
                             headers={"Authorization": f"Bearer {mechelen}"}).status_code == 404
    assert intake.client.get(f"/inzending/{receipt}").status_code == 401


def test_32_concurrent_submissions_are_all_stored_none_lost_or_mixed(intake, small_reference):
    """Sixteen sheets from Mechelen and sixteen from Gent at once, each with its own title: every
    one is stored, with its own bytes, under its own municipality and receipt."""
    tokens = {"12025": intake.token("12025"), "44021": intake.token("44021")}
    sent = {}
    for n in range(32):
        nis = "12025" if n % 2 else "44021"
        data = sheet(row(f"{nis}-2026-{n:03d}", nis, f"Maatregel nummer {n}").replace(
            "Stad Mechelen", "Stad Mechelen" if nis == "12025" else "Stad Gent"))
        sent[n] = (nis, data)
    app = create_intake_app(intake.cfg, reference=small_reference, clock=lambda: RECEIVED)
    transport = httpx.ASGITransport(app=app)

    async def send_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            return await asyncio.gather(*(
                client.post("/inzending", content=data, params={"naam": f"sheet-{n}.csv"},
                            headers={"Authorization": f"Bearer {tokens[nis]}", "Content-Type": "text/csv"})
                for n, (nis, data) in sent.items()))

    answers = asyncio.run(send_all())
    assert [a.status_code for a in answers] == [201] * 32, [a.text[:200] for a in answers]
    submissions = {s.label: s for s in stored(intake)}
    assert len(submissions) == 32 and len({s.receipt for s in submissions.values()}) == 32
    for n, (nis, data) in sent.items():
        found = submissions[f"sheet-{n}.csv"]
        assert (found.nis_code, found.measures) == (nis, [f"{nis}-2026-{n:03d}"])
        assert intake.store.file_of(found).data == data
    logged = [json.loads(line) for line in (intake.cfg.intake_dir / "audit.jsonl").read_text().splitlines()]
    assert sorted(r["receipt"] for r in logged if r["action"] == "submitted") == sorted(
        s.receipt for s in submissions.values())
