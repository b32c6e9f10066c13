"""A municipality's submission, checked as the instant check does and then some:

1. the sheet is read within the upload's bounds (413 too large, 422 unreadable);
2. every row is for the token's municipality, or for one that merged into it (403 otherwise,
   naming the rows), and no row takes the id of another municipality's measure (403);
3. `gemeld_door` becomes the municipality and `gemeld_op` the day of the submission, whatever
   the sheet said: the provenance is the intake's to state;
4. the build's own check, with publication consent required on every row (422 with the report);
5. a valid submission is stored whole, with a receipt (201).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lod.build import Reference, check_tables, configured_sources
from lod.config import Config
from lod.errors import InputError, Problem
from lod.intake.store import LOCAL, IntakeStore, Submission
from lod.intake.tokens import Token
from lod.records.columns import BY_FIELD, is_known_header, match_header, read_measure_table
from lod.records.territory import Municipalities, Municipality
from lod.sources.cells import CellError, parse_date
from lod.sources.table import Cell, Table
from lod.sources.upload import Upload, UploadLimits, read_upload
from lod.text import Text


@dataclass
class Outcome:
    """What a submission came to: an HTTP status, the report and, when stored, the submission."""

    status: int
    problems: list[Problem] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    submission: Submission | None = None


def submit(store: IntakeStore, upload: Upload, token: Token, *, reference: Reference,
           limits: UploadLimits) -> Outcome:
    """Check `upload` for the municipality of `token` and store it when it passes."""
    cfg = store.cfg
    try:
        table = read_upload(upload, limits, known=is_known_header)
    except InputError as exc:
        status = 413 if exc.problem.code == "upload-too-large" else 422
        store.audit("refused", token_id=token.id, nis_code=token.nis_code, status=status,
                    code=exc.problem.code)
        return Outcome(status, [exc.problem])
    towns = reference.municipalities
    foreign = other_municipalities(table, towns[token.nis_code], towns) + taken_ids(cfg, table, token, towns)
    if foreign:
        store.audit("refused", token_id=token.id, nis_code=token.nis_code, status=403,
                    rows=sorted({p.row for p in foreign if p.row}))
        return Outcome(403, foreign)
    today = store.clock().astimezone(LOCAL).date()
    checked = check_tables([with_provenance(table, token.nis_code, today)], config=cfg, reference=reference)
    problems = [_consent_required(p) if p.code == "no-consent" else p for p in checked.problems]
    measures = sorted(m.measure_id for m in checked.measures)
    if any(p.severity == "error" for p in problems):
        store.audit("refused", token_id=token.id, nis_code=token.nis_code, status=422,
                    errors=sum(p.severity == "error" for p in problems))
        return Outcome(422, problems)
    submission = store.store_submission(upload, token, measures, problems)
    return Outcome(201, problems, measures, submission)


def _consent_required(problem: Problem) -> Problem:
    """A row without consent is left out of a build; a submission must have consent on every row."""
    return Problem(
        Text("een ingediende maatregel moet toestemming voor publicatie hebben",
             "a submitted measure must have consent to publish"),
        file=problem.file, row=problem.row, column=problem.column, value=problem.value,
        code="consent-required",
        hint=Text("zet 'ja' in toestemming_publicatie als het bestuur instemt, of laat de rij weg",
                  "write 'ja' in toestemming_publicatie once the government agrees, or leave the row out"))


def municipality_of(row: dict[str, Cell], headers: dict[str, str],
                    towns: Municipalities) -> Municipality | None:
    """The row's municipality as the build reads it (on its start date), None when it cannot be
    read: the check then reports that cell."""
    cell = row.get(headers.get("municipality", ""))
    if cell is None or cell.empty:
        return None
    on = None
    start = row.get(headers.get("start", ""))
    if start is not None and not start.empty:
        try:
            on = parse_date(start.value).first_day()
        except CellError:
            on = None
    try:
        return towns.resolve(cell.value, on=on)
    except CellError:
        return None


def field_headers(table: Table) -> dict[str, str]:
    """field -> header as written, for the columns this module reads."""
    found: dict[str, str] = {}
    for header in table.headers:
        column = match_header(header)
        if column is not None:
            found.setdefault(column.field, header)
    return found


def other_municipalities(table: Table, town: Municipality, towns: Municipalities) -> list[Problem]:
    """A problem for each row whose municipality is not `town` (nor merged into it)."""
    headers = field_headers(table)
    problems = []
    for row in table.rows:
        found = municipality_of(row, headers, towns)
        if found is not None and towns.current(found) != town:
            cell = row[headers["municipality"]]
            problems.append(Problem(
                Text(f"deze rij is voor {found.name} ({found.nis_code}); de toegangscode is voor {town.name} "
                     f"({town.nis_code})",
                     f"this row is for {found.name} ({found.nis_code}); the access code is for {town.name} "
                     f"({town.nis_code})"),
                file=cell.file, row=cell.row, column=cell.column, value=cell.value, code="other-municipality",
                hint=Text("dien alleen maatregelen van uw eigen gemeente in; een andere gemeente dient "
                          "met haar eigen code in", "submit only your own municipality's measures; "
                          "another municipality submits with its own code")))
    return problems


def taken_ids(cfg: Config, table: Table, token: Token, towns: Municipalities) -> list[Problem]:
    """A problem for each row whose maatregel_id is already another municipality's measure (in
    the editors' sheets or an accepted submission): an update may only come from its own."""
    headers = field_headers(table)
    owners = measure_owners(cfg, towns)
    town = towns[token.nis_code]
    problems = []
    for row in table.rows:
        cell = row.get(headers.get("measure_id", ""))
        if cell is None or cell.empty:
            continue
        owner = owners.get(cell.value.strip())
        if owner is not None and owner != town.nis_code:
            measure, other = cell.value.strip(), f"{towns[owner].name} ({owner})"
            problems.append(Problem(
                Text(f"maatregel_id '{measure}' is al een maatregel van {other}",
                     f"maatregel_id '{measure}' is already a measure of {other}"),
                file=cell.file, row=cell.row, column=cell.column, value=cell.value, code="taken-id",
                hint=Text("geef de maatregel een eigen id, bv. beginnend met uw NIS-code",
                          "give the measure its own id, e.g. starting with your NIS code")))
    return problems


def measure_owners(cfg: Config, towns: Municipalities) -> dict[str, str]:
    """maatregel_id -> today's NIS code of the municipality it belongs to, over the editors' sheets
    and the accepted sheets (a sheet that cannot be read is the build's to report, not ours)."""
    owners: dict[str, str] = {}
    for path in configured_sources(cfg):
        try:
            table = read_measure_table(path)
        except (InputError, OSError):
            continue
        headers = field_headers(table)
        for row in table.rows:
            cell = row.get(headers.get("measure_id", ""))
            found = municipality_of(row, headers, towns)
            if cell is not None and not cell.empty and found is not None:
                owners.setdefault(cell.value.strip(), towns.current(found).nis_code)
    return owners


def with_provenance(table: Table, nis_code: str, day: date) -> Table:
    """The table with `gemeld_door` = the municipality and `gemeld_op` = `day` on every row."""
    headers = list(table.headers)
    found = field_headers(table)
    values = {"reported_by": nis_code, "reported_on": day.isoformat()}
    for name in values:
        if name not in found:
            found[name] = BY_FIELD[name].header
            headers.append(found[name])
    rows = []
    for row in table.rows:
        first = next(iter(row.values()))
        rows.append({**row, **{found[name]: Cell(value, first.file, first.row, found[name])
                               for name, value in values.items()}})
    return Table(table.path, headers, rows)


__all__ = ["Outcome", "field_headers", "measure_owners", "municipality_of", "other_municipalities", "submit",
           "taken_ids", "with_provenance"]
