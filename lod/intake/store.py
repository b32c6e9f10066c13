"""The intake's append-only store: what was submitted, what the editors decided, who did what.

    intake/
      tokens.jsonl                 tokens issued and revoked (hashes only; lod/intake/tokens.py)
      audit.jsonl                  every action, one JSON line each, never rewritten
      inzendingen/<receipt>/       one submission, written once: the file as sent (bestand.csv or
        bestand.xlsx) and inzending.json (time, municipality, token id, file name, SHA-256,
        size, the measures and the check's report)
      besluiten/<receipt>.json     the editors' decision on it, created once: accepted or rejected
      aanvaard/aanvaard-<nis>.csv  the accepted rows of one municipality: a source of every build

A submission is assembled in `inzendingen/.tmp-<receipt>/` and renamed into place when complete,
so a process killed at any moment leaves either nothing or the whole submission (the temporary
folder is invisible to every listing and swept later). Nothing in `inzendingen/` or `besluiten/`
is ever changed or removed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from lod.config import Config
from lod.errors import Problem
from lod.files import append_line, create_once, read_lines, sync_dir
from lod.intake.tokens import Token, Tokens
from lod.sources.upload import Upload
from lod.text import Text

# The day of a submission is the day in Flanders: a sheet sent at 00:30 is sent that day.
LOCAL = ZoneInfo("Europe/Brussels")
SUBMISSIONS, DECISIONS, ACCEPTED, AUDIT = "inzendingen", "besluiten", "aanvaard", "audit.jsonl"
RECORD = "inzending.json"
DEBRIS_SECONDS = 3600  # a temporary folder this old belongs to a submission that was cut short


def utc_now() -> datetime:
    return datetime.now(UTC)


def problem_record(problem: Problem) -> dict[str, Any]:
    """A report line in both languages, as the store keeps it (the value as the report shows it)."""
    return {"file": problem.file, "row": problem.row, "column": problem.column, "value": problem.shown,
            "severity": problem.severity, "code": problem.code,
            "message": {"nl": problem.message.nl, "en": problem.message.en},
            "hint": {"nl": problem.hint.nl, "en": problem.hint.en} if problem.hint else None}


def problem_of(record: dict[str, Any]) -> Problem:
    hint = record.get("hint")
    return Problem(Text(record["message"]["nl"], record["message"]["en"]), file=record["file"],
                   row=record["row"], column=record["column"], value=record["value"],
                   hint=Text(hint["nl"], hint["en"]) if hint else None, severity=record["severity"],
                   code=record["code"])


@dataclass(frozen=True)
class Submission:
    """One stored submission (what inzending.json says)."""

    receipt: str
    received: datetime
    nis_code: str
    token_id: str
    label: str  # the file name as sent, a label only
    sha256: str
    size: int
    suffix: str  # ".csv" or ".xlsx": what the bytes are
    measures: list[str]
    problems: list[Problem] = field(default_factory=list)  # the check's warnings (errors are refused)

    @property
    def reported_on(self) -> date:
        """gemeld_op of its rows: the day it was received, in Flanders."""
        return self.received.astimezone(LOCAL).date()

    def record(self) -> dict[str, Any]:
        return {"receipt": self.receipt, "received": self.received.isoformat(), "nis_code": self.nis_code,
                "token_id": self.token_id, "file": self.label, "sha256": self.sha256, "size": self.size,
                "suffix": self.suffix, "measures": self.measures,
                "report": [problem_record(p) for p in self.problems]}

    @classmethod
    def of(cls, record: dict[str, Any]) -> Submission:
        return cls(record["receipt"], datetime.fromisoformat(record["received"]), record["nis_code"],
                   record["token_id"], record["file"], record["sha256"], record["size"], record["suffix"],
                   list(record["measures"]), [problem_of(p) for p in record["report"]])


@dataclass(frozen=True)
class Decision:
    receipt: str
    decision: str  # "accepted" or "rejected"
    at: datetime
    by: str
    why: str | None = None
    measures: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)  # ids that replaced an accepted row


def editor() -> str:
    """Who runs a command on the editors' side: the account name (for the audit log)."""
    try:
        return os.getlogin()
    except OSError:
        import getpass

        return getpass.getuser()


class IntakeStore:
    """The store under `cfg.intake_dir`. `clock` gives the time (a test sets it)."""

    def __init__(self, cfg: Config, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.cfg, self.root, self.clock = cfg, cfg.intake_dir, clock
        self.tokens = Tokens(self.root)
        self.accepted_dir = cfg.accepted_dir

    # --- the audit log ------------------------------------------------------------------------

    def audit(self, action: str, **detail: Any) -> None:
        """One line in the audit log: when, what, and the details (never a token's secret)."""
        append_line(self.root / AUDIT, {"at": self.clock().isoformat(), "action": action, **detail})

    def audit_log(self) -> list[dict[str, Any]]:
        return read_lines(self.root / AUDIT)

    # --- submissions --------------------------------------------------------------------------

    def store_submission(self, upload: Upload, token: Token, measures: list[str],
                         problems: list[Problem]) -> Submission:
        """Store a checked submission whole (file and record) and log it; return it with its receipt."""
        received = self.clock()
        receipt = f"{received:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"
        submission = Submission(receipt, received, token.nis_code, token.id, upload.label, upload.sha256,
                                len(upload.data), upload.suffix, measures, problems)
        folder = self.root / SUBMISSIONS
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".tmp-{receipt}"
        tmp.mkdir()
        try:
            record = json.dumps(submission.record(), ensure_ascii=False, indent=1).encode()
            for name, data in ((f"bestand{upload.suffix}", upload.data), (RECORD, record)):
                with (tmp / name).open("xb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
            sync_dir(tmp)
            os.rename(tmp, folder / receipt)  # the submission appears whole, or not at all
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        sync_dir(folder)
        self.audit("submitted", receipt=receipt, nis_code=token.nis_code, token_id=token.id,
                   file=upload.label, sha256=upload.sha256, measures=measures)
        return submission

    def submissions(self) -> list[Submission]:
        folder = self.root / SUBMISSIONS
        if not folder.is_dir():
            return []
        return [self.submission(p.name) for p in sorted(folder.iterdir())
                if not p.name.startswith(".") and (p / RECORD).is_file()]

    def submission(self, receipt: str) -> Submission:
        """The submission with this receipt; KeyError when there is none (the id is never a path)."""
        if not receipt.replace("-", "").isalnum():
            raise KeyError(receipt)
        path = self.root / SUBMISSIONS / receipt / RECORD
        if not path.is_file():
            raise KeyError(receipt)
        return Submission.of(json.loads(path.read_text(encoding="utf-8")))

    def file_of(self, submission: Submission) -> Upload:
        data = (self.root / SUBMISSIONS / submission.receipt / f"bestand{submission.suffix}").read_bytes()
        return Upload(data, submission.label)

    def sweep(self, *, older_than: float = DEBRIS_SECONDS) -> list[str]:
        """Remove the temporary folders of submissions that were cut short (never a stored one)."""
        folder = self.root / SUBMISSIONS
        removed = []
        if folder.is_dir():
            for path in folder.glob(".tmp-*"):
                if time.time() - path.stat().st_mtime > older_than:
                    shutil.rmtree(path, ignore_errors=True)
                    removed.append(path.name)
        return removed

    # --- decisions ----------------------------------------------------------------------------

    def decision(self, receipt: str) -> Decision | None:
        path = self.root / DECISIONS / f"{receipt}.json"
        if not path.is_file():
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
        return Decision(record["receipt"], record["decision"], datetime.fromisoformat(record["at"]),
                        record["by"], record.get("why"), record.get("measures", []),
                        record.get("updates", []))

    def decide(self, decision: Decision) -> Decision:
        """Record a decision once; FileExistsError if the submission was decided already."""
        record = {"receipt": decision.receipt, "decision": decision.decision, "at": decision.at.isoformat(),
                  "by": decision.by, "why": decision.why, "measures": decision.measures,
                  "updates": decision.updates}
        create_once(self.root / DECISIONS / f"{decision.receipt}.json",
                    json.dumps(record, ensure_ascii=False, indent=1).encode())
        self.audit(decision.decision, receipt=decision.receipt, by=decision.by, why=decision.why,
                   measures=decision.measures, updates=decision.updates)
        return decision


__all__ = ["Decision", "IntakeStore", "LOCAL", "Submission", "editor", "problem_of", "problem_record",
           "utc_now"]
