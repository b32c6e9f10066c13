"""What the editors do with submissions: list them, show one (with the difference each update
makes), accept it or reject it with a reason. Every decision is kept and logged.

Accepting writes the submission's rows, with `gemeld_door` the municipality and `gemeld_op` the
day it was received, into `aanvaard/aanvaard-<nis>.csv`: a sheet of the editors' data of its own,
read by every default `lod build` (lod.build.configured_sources). A measure submitted again (the same
maatregel_id) replaces its accepted row: `lod intake show` lists what changes before that.
A measure that the editors keep in their own sheets (`measures`) is not overwritten from a
submission: accepting refuses and names the row, so an editor makes the change there.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from lod.config import Config
from lod.errors import InputError
from lod.files import write_atomic
from lod.intake.store import Decision, IntakeStore, Submission
from lod.intake.submit import field_headers, with_provenance
from lod.records.columns import COLUMNS, is_known_header, read_measure_table
from lod.sources.table import Table
from lod.sources.upload import UploadLimits, read_upload
from lod.text import Text

STATUS = Text({"new": "nieuw", "accepted": "aanvaard", "rejected": "geweigerd"},
              {"new": "new", "accepted": "accepted", "rejected": "rejected"})


@dataclass(frozen=True)
class Change:
    """What accepting does to one measure: add it, or update the row it replaces (column by column)."""

    measure_id: str
    kind: str  # "new", "update" (of an accepted row) or "kept-by-editors" (in the editors' sheets)
    where: str | None = None  # the sheet and row it replaces or conflicts with
    differences: list[tuple[str, str, str]] = field(default_factory=list)  # (column, before, after)


def accepted_sheet(cfg: Config, nis_code: str) -> Path:
    """The sheet of one municipality's accepted rows; its name is the file a report and a measure's
    provenance (prov:wasDerivedFrom …/bron/aanvaard-<nis>.csv#rij-N) name."""
    return cfg.accepted_dir / f"aanvaard-{nis_code}.csv"


def sheet_rows(table: Table) -> list[dict[str, str]]:
    """A table's rows as an accepted sheet keeps them: every README column, the cells' text."""
    headers = field_headers(table)
    return [{c.header: (row[headers[c.field]].value.strip() if headers.get(c.field) in row else "")
             for c in COLUMNS} for row in table.rows]


def sheet_bytes(rows: list[dict[str, str]]) -> bytes:
    """An accepted sheet: UTF-8, ';', every column of the README in its order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerows([[row.get(c.header, "") for c in COLUMNS] for row in rows])
    return buffer.getvalue().encode("utf-8")


def read_sheet(path: Path) -> list[dict[str, str]]:
    """The rows of an accepted sheet (written by this module), [] when there is none yet."""
    if not path.is_file():
        return []
    return sheet_rows(read_measure_table(path))


def submitted_rows(store: IntakeStore, submission: Submission) -> list[dict[str, str]]:
    """The submission's rows as they will be accepted: read again from the stored file, with the
    municipality and the day of the submission as who reported them and when."""
    table = read_upload(store.file_of(submission), UploadLimits.of(store.cfg), known=is_known_header)
    return sheet_rows(with_provenance(table, submission.nis_code, submission.reported_on))


def _editors_rows(cfg: Config) -> dict[str, tuple[str, int, dict[str, str]]]:
    """maatregel_id -> (file, row, cells) of the editors' own sheets."""
    found: dict[str, tuple[str, int, dict[str, str]]] = {}
    for path in cfg.measures:
        try:
            table = read_measure_table(path)
        except (InputError, OSError):
            continue
        for raw, row in zip(table.rows, sheet_rows(table), strict=True):
            if row["maatregel_id"]:
                found.setdefault(row["maatregel_id"], (path.name, next(iter(raw.values())).row, row))
    return found


def changes(store: IntakeStore, submission: Submission) -> list[Change]:
    """Per measure of the submission: new, an update of its accepted row (with the differences),
    or a row the editors keep in their own sheets (with the differences too)."""
    accepted_path = accepted_sheet(store.cfg, submission.nis_code)
    accepted = {row["maatregel_id"]: (n, row) for n, row in enumerate(read_sheet(accepted_path), start=2)}
    editors = _editors_rows(store.cfg)
    out = []
    for row in submitted_rows(store, submission):
        measure_id = row["maatregel_id"]
        if measure_id in editors:
            file, number, before = editors[measure_id]
            out.append(Change(measure_id, "kept-by-editors", f"{file}, rij {number}",
                              _differences(before, row)))
        elif measure_id in accepted:
            number, before = accepted[measure_id]
            out.append(Change(measure_id, "update", f"{accepted_path.name}, rij {number}",
                              _differences(before, row)))
        else:
            out.append(Change(measure_id, "new"))
    return out


def _differences(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    return [(c.header, before.get(c.header, ""), after.get(c.header, "")) for c in COLUMNS
            if before.get(c.header, "") != after.get(c.header, "")]


class ReviewError(InputError):
    """A decision that cannot be taken (already decided, unknown receipt, a row the editors keep)."""


def _open(store: IntakeStore, receipt: str) -> Submission:
    try:
        submission = store.submission(receipt)
    except KeyError:
        raise ReviewError(Text(f"geen inzending met ontvangstnummer {receipt!r}",
                               f"no submission with receipt {receipt!r}"),
                          hint=Text("'lod intake list' toont de ontvangstnummers",
                                    "'lod intake list' shows the receipts")) from None
    decided = store.decision(receipt)
    if decided is not None:
        word = STATUS.pick("nl")[decided.decision]
        day = f"{decided.at:%Y-%m-%d}"
        raise ReviewError(Text(f"inzending {receipt} is al {word} op {day} door {decided.by}",
                               f"submission {receipt} was already {decided.decision} on {day} "
                               f"by {decided.by}"))
    return submission


def accept(store: IntakeStore, receipt: str, *, by: str) -> Decision:
    """Add the submission's rows to `aanvaard/aanvaard-<nis>.csv` (an update replaces its row), then
    record the decision. Written in that order, so a repeated accept after a crash writes the same sheet."""
    submission = _open(store, receipt)
    found = changes(store, submission)
    kept = [c for c in found if c.kind == "kept-by-editors"]
    if kept:
        listed = "; ".join(f"{c.measure_id} ({c.where})" for c in kept)
        raise ReviewError(Text(f"de redactie houdt deze maatregelen zelf bij: {listed}",
                               f"the editors keep these measures themselves: {listed}"),
                          hint=Text("neem de wijziging over in dat blad (lod intake show toont ze) of haal "
                                    "die rij daar weg, en aanvaard dan opnieuw",
                                    "copy the change into that sheet (lod intake show lists it) or remove "
                                    "that row there, then accept again"))
    path = accepted_sheet(store.cfg, submission.nis_code)
    rows = {row["maatregel_id"]: row for row in read_sheet(path)}
    for row in submitted_rows(store, submission):
        rows[row["maatregel_id"]] = row  # an update takes the place of the accepted row
    write_atomic(path, sheet_bytes(list(rows.values())))
    return store.decide(Decision(receipt, "accepted", store.clock(), by, None, submission.measures,
                                 [c.measure_id for c in found if c.kind == "update"]))


def reject(store: IntakeStore, receipt: str, *, why: str, by: str) -> Decision:
    """Record that the submission is not taken, with the reason; it stays in the store."""
    _open(store, receipt)
    if not why.strip():
        raise ReviewError(Text("geef een reden (--why)", "give a reason (--why)"))
    return store.decide(Decision(receipt, "rejected", store.clock(), by, why.strip()))


def status(store: IntakeStore, submission: Submission) -> str:
    decided = store.decision(submission.receipt)
    return decided.decision if decided else "new"


__all__ = ["Change", "ReviewError", "STATUS", "accept", "accepted_sheet", "changes", "read_sheet", "reject",
           "sheet_bytes", "sheet_rows", "status", "submitted_rows"]
