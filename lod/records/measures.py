"""Rows of the measures spreadsheet -> typed Measure records, with every problem of the file at once.

Each Measure keeps the Cell each field came from (`cells`), so a finding further down the
pipeline still points at file, row and column. Nothing here stops at the first problem. The cells
with more than one value (codes, partners, outputs, the lead) are parsed in `measure_cells.py`.

Who checks what (README, "Who checks what"): this stage reads one cell at a time, by its column's
format and the reference tables (code lists, municipalities on the start date, organisations), and
reports a cell it cannot read; that cell never reaches the graph. Every rule about the record as
a whole (a required value, at most one, the end after the start, a completed measure has an end)
is a shape in shapes/*.ttl, reported at its cell by lod.validate.report. The few rules the graph
cannot see are here too: duplicate ids, the publication consent, personal contact data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lod.errors import Problem, Severity, quoted
from lod.records.columns import (
    BY_FIELD,
    COLUMNS,
    KINDS,
    MAX_CHARS,
    SAMPLE_ID,
    Column,
    column_fields,
    licence_iri,
    sample_row,
)
from lod.records.measure_cells import (
    Lead,
    MunicipalityResolver,
    OrganisationResolver,
    Output,
    Partner,
    code_lookup,
    parse_code,
    parse_lead,
    parse_output,
    parse_partner,
)
from lod.sources.cells import (
    CellError,
    PartialDate,
    check_text,
    looks_personal,
    parse_bool,
    parse_date,
    parse_day,
    parse_email,
    parse_url,
    personal_addresses,
    split_list,
)
from lod.sources.table import Cell, Table
from lod.text import Text


@dataclass
class Measure:
    """One measure as the editor recorded it; fields hold codes and slugs, never IRIs."""

    measure_id: str
    title: str | None  # None: the shapes report the empty cell
    reported_on: PartialDate | None
    municipality: Any = None  # records.territory.Municipality
    other_municipalities: list[Any] = field(default_factory=list)
    current_municipalities: list[Any] = field(default_factory=list)  # after mergers, de-duplicated
    title_en: str | None = None
    description: str | None = None
    kinds: list[str] = field(default_factory=list)
    sgg_specific: bool | None = None
    good_practice: bool | None = None
    settings: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    lead: Lead | None = None
    partners: list[Partner] = field(default_factory=list)
    event: str | None = None
    status: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    recurrence: str | None = None
    budget_class: str | None = None
    funding: list[str] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    evaluation: str | None = None
    evaluation_reports: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    contact_role: str | None = None
    contact_email: str | None = None
    # an organisation slug, "redactie" (the project itself) or a records.territory.Municipality
    # (a municipality that submitted the measure through the intake service)
    reported_by: Any = "redactie"
    publication_consent: bool = True
    licence: str | None = None
    withdrawn: str | None = None  # the reason; the measure is published as a tombstone
    cells: dict[str, Cell] = field(default_factory=dict)  # field name -> the cell it came from
    row: int = 0
    file: str = ""


# Fields a withdrawn row still needs: the tombstone keeps identifier, title and date.
TOMBSTONE_FIELDS = ("measure_id", "title", "reported_on", "withdrawn")
# Required cells the graph cannot hold, so no shape can ask for them: the id makes the measure's
# IRI, the consent decides whether the row is published at all. Every other required cell is the
# shapes' sh:minCount (Column.required says the same; tests/test_rules.py checks).
KEYS = ("measure_id", "publication_consent")


def parse_measures(
    table: Table,
    *,
    codes: Mapping[str, Mapping[str, str]],
    municipalities: MunicipalityResolver,
    organisations: OrganisationResolver,
    ids: dict[str, Cell] | None = None,
) -> tuple[list[Measure], list[Problem]]:
    """Every row of `table` as a Measure, and every problem in the whole file.

    `codes` maps a scheme name to {lowercased code or Dutch label: code}
    (lod.graph.codelists.code_index). Rows with errors are left out of the list; warnings keep them.
    `ids` holds the maatregel_id cells already seen (in earlier files of one build), filled as rows
    are read. A file that lacks a required column gives that one problem, its cells' problems,
    and no measures: the shapes would otherwise repeat the missing column on every row.

    >>> from pathlib import Path
    >>> from lod.config import Config
    >>> from lod.graph.codelists import code_index
    >>> from lod.records.partners import load_organisations
    >>> from lod.records.territory import load_municipalities
    >>> from lod.sources.table import Cell
    >>> row = {"maatregel_id": "T-1", "gemeente": "Gent", "titel": "Servicepunt",
    ...        "beschrijving": "Praat met ons.", "soorten": "veilige ruimte", "specifiek_sgg": "ja",
    ...        "omgevingen": "stadsfestival", "doelgroepen": "slachtoffers", "trekker": "Stad Gent",
    ...        "status": "lopend", "startdatum": "15/07/2022", "bronnen": "https://stad.gent/",
    ...        "contactrol": "preventiedienst", "contactmailbox": "preventie@stad.gent",
    ...        "gemeld_door": "redactie", "gemeld_op": "2026-11-27", "toestemming_publicatie": "ja",
    ...        "licentie": "CC BY 4.0"}
    >>> rows = [row, {**row, "maatregel_id": "T-2", "gemeente": "Mechlen"}]  # a typo on row 3
    >>> table = Table(Path("maatregelen.csv"), list(row), [
    ...     {column: Cell(text, "maatregelen.csv", n, column) for column, text in r.items()}
    ...     for n, r in enumerate(rows, start=2)])
    >>> cfg = Config()
    >>> measures, problems = parse_measures(
    ...     table, codes=code_index(cfg), municipalities=load_municipalities(cfg.data_dir),
    ...     organisations=load_organisations(cfg.data_dir / "organisaties.csv"))
    >>> [(m.measure_id, m.municipality.nis_code, m.kinds, m.start.iso()) for m in measures]
    [('T-1', '44021', ['veilige-ruimte'], '2022-07-15')]
    >>> [(p.file, p.row, p.column, p.value, p.severity) for p in problems]
    [('maatregelen.csv', 3, 'gemeente', 'Mechlen', 'error')]
    """
    problems: list[Problem] = []
    columns = column_fields(table, problems)
    complete = not any(p.code == "missing-column" for p in problems)
    lookup = code_lookup(codes)
    seen: dict[str, Cell] = {} if ids is None else ids
    measures: list[Measure] = []
    for raw in table.rows:
        cells = {f: raw[h] for f, h in columns.items() if h in raw and not raw[h].empty}
        row = next(iter(raw.values())).row if raw else 0
        if "measure_id" in cells and cells["measure_id"].value.strip() == SAMPLE_ID:
            problems.extend(_sample(cells, table.path.name, row))
            continue
        parser = RowParser(cells, table.path.name, row, lookup, municipalities, organisations, set(columns))
        measure = parser.measure()
        problems.extend(parser.problems)
        if "measure_id" in cells:
            cell = cells["measure_id"]
            first = seen.setdefault(cell.value.strip(), cell)
            if first is not cell:
                problems.append(_duplicate_id(cell, first))
                continue
        if measure is None or parser.failed or not complete:
            continue
        if not measure.publication_consent:
            problems.append(Problem(
                Text("geen toestemming voor publicatie: de rij wordt niet gepubliceerd",
                     "no consent to publish: the row is left out"),
                file=table.path.name, row=row, column=BY_FIELD["publication_consent"].header,
                value=cells["publication_consent"].value, severity="warning", code="no-consent",
                hint=Text("zet 'ja' als het bestuur instemt met open publicatie",
                          "write 'ja' once the government agrees to open publication")))
            continue
        measures.append(measure)
    return measures, problems


def _duplicate_id(cell: Cell, first: Cell) -> Problem:
    """An id already used, in this file or an earlier one: the graph would merge the two measures."""
    measure_id = cell.value.strip()
    return Problem(
        Text(f"maatregel_id '{measure_id}' staat al in {first.file}, rij {first.row}",
             f"maatregel_id '{measure_id}' is already in {first.file}, row {first.row}"),
        file=cell.file, row=cell.row, column=cell.column, value=measure_id, code="duplicate-id",
        hint=Text("geef elke maatregel een eigen id, ook over bestanden heen",
                  "give each measure its own id, across files too"))


def _sample(cells: dict[str, Cell], file: str, row: int) -> list[Problem]:
    """The template's example row is never read; a warning when it was changed (a real measure?)."""
    example = sample_row()
    if all(cell.value.strip() == example[BY_FIELD[name].header] for name, cell in cells.items()):
        return []
    return [Problem(
        Text(f"rij {row} is de voorbeeldrij van het sjabloon (maatregel_id '{SAMPLE_ID}') en wordt niet "
             "gelezen, ook al werd ze aangepast",
             f"row {row} is the template's example row (maatregel_id '{SAMPLE_ID}') and is not read, "
             "although it was changed"),
        file=file, row=row, column=cells["measure_id"].column, value=SAMPLE_ID, severity="warning",
        code="sample-row",
        hint=Text("geef de maatregel een eigen maatregel_id, zoals 44021-2024-001",
                  "give the measure its own maatregel_id, such as 44021-2024-001"))]


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class RowParser:
    """Parses one row's cells by the column table, collecting problems instead of raising."""

    def __init__(self, cells: dict[str, Cell], file: str, row: int, lookup: dict[str, dict[str, str]],
                 municipalities: MunicipalityResolver, organisations: OrganisationResolver,
                 present: set[str] | None = None) -> None:
        self.cells, self.file, self.row, self.lookup = cells, file, row, lookup
        self.municipalities, self.organisations = municipalities, organisations
        self.problems: list[Problem] = []
        self.on: date | None = None
        self.present = present  # fields with a column: a missing column is reported once, not per row

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def problem(self, name: str, code: str, message: Text[str], hint: Text[str] | None = None,
                severity: Severity = "error", value: str | None = None) -> None:
        cell = self.cells.get(name)
        self.problems.append(Problem(
            message, file=self.file, row=self.row, column=cell.column if cell else BY_FIELD[name].header,
            value=cell.value if cell and value is None else value, hint=hint, severity=severity, code=code))

    def get(self, name: str) -> Any:
        """The parsed value of a field (a list for list columns), None when empty or wrong."""
        column = BY_FIELD[name]
        cell = self.cells.get(name)
        if cell is None:
            if name in KEYS and (self.present is None or name in self.present):
                self.problem(name, "missing-required",
                             Text(f"de verplichte cel '{column.header}' is leeg",
                                  f"the required cell '{column.header}' is empty"),
                             Text(f"vul in: {column.meaning.nl} ({KINDS[column.kind]})",
                                  f"fill in: {column.meaning.en}"), value="")
            return [] if column.many else None
        limit = MAX_CHARS[column.header]
        if len(cell.value) > limit:
            self.problem(name, "too-long",
                         Text(f"de cel bevat {len(cell.value):,} tekens; hoogstens {limit:,} in "
                              f"'{column.header}'".replace(",", "."),
                              f"the cell holds {len(cell.value):,} characters; at most {limit:,} in "
                              f"'{column.header}'"),
                         Text("kort de tekst in (een bron of rapport kan via een webadres in 'bronnen')",
                              "shorten the text (a source or report can be linked in 'bronnen')"))
            return [] if column.many else None
        try:
            check_text(cell.value)
            items = split_list(cell.value) if column.many else [cell.value.strip()]
            parse = getattr(self, f"_{column.kind}")
            values = [parse(item, column) for item in items]
        except CellError as exc:  # a municipality or organisation that is not known is one too
            self.problems.append(exc.at(cell))
            return [] if column.many else None
        return values if column.many else values[0]

    # --- one method per kind in columns.KINDS -------------------------------------------------

    def _id(self, text: str, column: Column) -> str:
        if not _ID.match(text):
            raise CellError("bad-id", Text(f"ongeldige id {quoted(text)}", f"invalid id {quoted(text)}"),
                            Text("gebruik letters, cijfers, '-', '_' of '.', zoals 44021-2022-001",
                                 "use letters, digits, '-', '_' or '.', like 44021-2022-001"))
        return text

    def _text(self, text: str, column: Column) -> str:
        value = check_text(text)
        if found := personal_addresses(value):
            # A free text is published whole or not at all: the editor takes the address out.
            raise CellError("personal-address",
                            Text(f"de tekst bevat een persoonlijk e-mailadres ({found[0]}), dat niet "
                                 "gepubliceerd mag worden",
                                 f"the text holds a personal e-mail address ({found[0]}), which may not "
                                 "be published"),
                            Text("haal het adres uit de tekst; een gedeelde mailbox van een functie hoort in "
                                 "'contactmailbox'",
                                 "take the address out of the text; a role's shared mailbox goes in "
                                 "'contactmailbox'"))
        return value

    def _role(self, text: str, column: Column) -> str | None:
        value = check_text(text)
        if looks_personal(value):
            self.problem("contact_role", "personal-contact",
                         Text(f"'{value}' lijkt een persoonsnaam en wordt niet gepubliceerd",
                              f"'{value}' looks like a person's name and is not published"),
                         Text("geef een functie, zoals preventiecoördinator",
                              "give a role, such as preventiecoördinator"),
                         severity="warning")
            return None
        return value

    def _bool(self, text: str, column: Column) -> bool:
        return parse_bool(text)

    def _date(self, text: str, column: Column) -> PartialDate:
        return parse_date(text)

    def _day(self, text: str, column: Column) -> PartialDate:
        return parse_day(text)

    def _url(self, text: str, column: Column) -> str:
        return parse_url(text)

    def _email(self, text: str, column: Column) -> str | None:
        email = parse_email(text)
        if looks_personal(email):
            self.problem("contact_email", "personal-contact",
                         Text(f"'{email}' lijkt een persoonlijk adres en wordt niet gepubliceerd",
                              f"'{email}' looks like a personal address and is not published"),
                         Text("geef een gedeelde mailbox van een functie of dienst, zoals "
                              "preventie@gemeente.be",
                              "give a shared mailbox of a role or service, such as preventie@gemeente.be"),
                         severity="warning")
            return None
        return email

    def _code(self, text: str, column: Column) -> str:
        assert column.scheme is not None
        return parse_code(text, column.scheme, self.lookup)

    def _municipality(self, text: str, column: Column) -> Any:
        return self.municipalities.resolve(check_text(text), on=self.on)

    def _reporter(self, text: str, column: Column) -> Any:
        """'redactie', an organisation, or a municipality (its NIS code, 'Stad X', 'Gemeente X'):
        the reporter as the lead is read, but without a date (a report names who, not when)."""
        value = check_text(text)
        if value.lower() == "redactie":
            return "redactie"
        lead = parse_lead(value, None, self.organisations, self.municipalities)
        return lead.organisation or lead.municipality

    def _licence(self, text: str, column: Column) -> str:
        iri = licence_iri(check_text(text))
        if iri is None:
            raise CellError("unknown-licence",
                            Text(f"onbekende licentie {quoted(text)}", f"unknown licence {quoted(text)}"),
                            Text("schrijf 'CC BY 4.0', 'CC0' of 'Modellicentie Gratis Hergebruik'",
                                 "write 'CC BY 4.0', 'CC0' or 'Modellicentie Gratis Hergebruik'"))
        return iri

    def _output(self, text: str, column: Column) -> Output:
        return parse_output(text)

    def _partner(self, text: str, column: Column) -> Partner:
        return parse_partner(text, self.lookup, self.organisations)

    def _lead(self, text: str, column: Column) -> Lead:
        return parse_lead(text, self.on, self.organisations, self.municipalities)

    # --- the whole row --------------------------------------------------------------------------

    def measure(self) -> Measure | None:
        """The row as a Measure (a tombstone when withdrawn), None without an id to name it by."""
        if "withdrawn" in self.cells:
            values = {name: self.get(name) for name in TOMBSTONE_FIELDS}
            if values["measure_id"] is None:
                return None
            return Measure(**values, cells=dict(self.cells), row=self.row, file=self.file)
        start = self.get("start")
        self.on = start.first_day() if start else None  # names and codes are read on the start date
        values = {c.field: self.get(c.field) for c in COLUMNS if c.field != "start"}
        values["start"] = start
        if values["measure_id"] is None:
            return None
        places = [p for p in [values["municipality"], *values["other_municipalities"]] if p is not None]
        current = list(dict.fromkeys(self.municipalities.current(p) for p in places))
        return Measure(**values, current_municipalities=current, cells=dict(self.cells), row=self.row,
                       file=self.file)


# Lead, Partner and Output live in measure_cells.py; graph/measures.py imports them from here.
__all__ = ["Lead", "Measure", "MunicipalityResolver", "OrganisationResolver", "Output", "Partner",
           "KEYS", "RowParser", "TOMBSTONE_FIELDS", "code_lookup", "parse_measures"]
