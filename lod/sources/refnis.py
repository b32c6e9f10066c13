"""Statbel's REFNIS code list -> the project's municipality table (data/gemeenten.csv).

REFNIS (TU_COM_REFNIS) is pipe-separated text, also published as xlsx and zipped:
`LVL_REFNIS|CD_REFNIS|CD_SUP_REFNIS|TX_REFNIS_DE|TX_REFNIS_FR|TX_REFNIS_NL|DT_VLDT_START|DT_VLDT_END`.
A municipality's CD_SUP_REFNIS is its arrondissement, whose parent is the province, whose parent is
the region (02000 = Vlaams Gewest). REFNIS says nothing about mergers, so successors and the LBLOD
columns are kept from the current table; a code that ended without a known successor is reported.
© Statbel (Algemene Directie Statistiek - Statistics Belgium), CC BY 4.0.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from lod.errors import InputError
from lod.files import write_atomic
from lod.text import Text

# The columns of data/gemeenten.csv, in order (the refresh writes them, records/territory reads them).
MUNICIPALITY_COLUMNS = [
    "nis_code", "naam", "provincie_nis", "arrondissement_nis", "geldig_vanaf", "geldig_tot",
    "opgevolgd_door", "lblod_bestuurseenheid", "lblod_werkingsgebied",
]
REFNIS_COLUMNS = ["LVL_REFNIS", "CD_REFNIS", "CD_SUP_REFNIS", "TX_REFNIS_DE", "TX_REFNIS_FR",
                  "TX_REFNIS_NL", "DT_VLDT_START", "DT_VLDT_END"]
# Statbel's REFNIS open data (the 2025 file; see ../shared/reference/municipalities/SOURCES.md).
DEFAULT_REFNIS_URL = (
    "https://statbel.fgov.be/sites/default/files/files/opendata/REFNIS%20code/TU_COM_REFNIS-20250101.zip"
)
FLEMISH_REGION = "02000"
FIRST_DAY = date(2018, 12, 31)  # the table holds every code valid on this day or later
OPEN_END = date(9999, 12, 31)


@dataclass(frozen=True)
class RefnisRow:
    level: int
    code: str
    parent: str
    name_nl: str
    start: date
    end: date  # 9999-12-31 while valid


@dataclass(frozen=True)
class Change:
    kind: str  # added, ended, renamed, province, successor, changed, missing, no-successor
    nis_code: str
    old: str = ""
    new: str = ""


_LABELS = {
    "added": Text("nieuw", "added"), "ended": Text("beëindigd", "ended"),
    "renamed": Text("nieuwe naam", "renamed"), "province": Text("andere provincie", "province changed"),
    "successor": Text("andere opvolger", "successor changed"), "changed": Text("gewijzigd", "changed"),
    "missing": Text("niet in de bron, behouden", "not in the source, kept"),
    "no-successor": Text("beëindigd zonder bekende opvolger: vul opgevolgd_door en fusies.csv aan",
                         "ended without a known successor: fill in opgevolgd_door and fusies.csv"),
}


@dataclass
class Refresh:
    """The new table and what changed against the old one."""

    rows: list[dict[str, str]]
    changes: list[Change] = field(default_factory=list)
    written: bool = False

    def lines(self, lang: str = "nl") -> list[str]:
        out = [f"{c.nis_code} {_LABELS[c.kind].pick(lang)}: {c.old or '-'} -> {c.new or '-'}"
               if c.old or c.new else f"{c.nis_code} {_LABELS[c.kind].pick(lang)}" for c in self.changes]
        if not self.changes:
            out.append(Text("Geen wijzigingen.", "No changes.").pick(lang))
        return out


def _date(value: object, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(
        Text(f"ongeldige datum '{text}' in REFNIS",
             f"invalid date '{text}' in REFNIS"),
        file=where,
        hint=Text("verwacht DD/MM/JJJJ",
                  "expected DD/MM/YYYY"))


def _rows(records: list[list[object]], where: str) -> list[RefnisRow]:
    if not records:
        raise InputError(
            Text("leeg REFNIS-bestand",
                 "empty REFNIS file"),
            file=where)
    header = [str(h or "").strip().lstrip("\ufeff").upper() for h in records[0]]
    missing = [c for c in REFNIS_COLUMNS if c not in header]
    if missing:
        raise InputError(
            Text(f"geen REFNIS-bestand: kolommen {', '.join(missing)} ontbreken",
                 f"not a REFNIS file: columns {', '.join(missing)} are missing"),
            file=where, row=1,
            hint=Text("verwacht TU_COM_REFNIS (LVL_REFNIS|CD_REFNIS|…)",
                      "expected TU_COM_REFNIS (LVL_REFNIS|CD_REFNIS|…)"))
    col = {name: header.index(name) for name in REFNIS_COLUMNS}
    out = []
    for values in records[1:]:
        if not any(str(v or "").strip() for v in values):
            continue
        cells = {name: values[i] if i < len(values) else "" for name, i in col.items()}
        get = cells.get
        end = get("DT_VLDT_END")
        out.append(RefnisRow(
            level=int(str(get("LVL_REFNIS")).strip()), code=str(get("CD_REFNIS")).strip().zfill(5),
            parent=str(get("CD_SUP_REFNIS") or "").strip().zfill(5) if get("CD_SUP_REFNIS") else "",
            name_nl=str(get("TX_REFNIS_NL") or "").strip(), start=_date(get("DT_VLDT_START"), where),
            end=_date(end, where) if str(end or "").strip() else OPEN_END))
    return out


def _text_records(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    delimiter = "|" if "|" in text.splitlines()[0] else ("\t" if "\t" in text.splitlines()[0] else ";")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_records(data: bytes) -> list[list[object]]:
    import openpyxl  # only for the xlsx variant

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def parse_refnis(data: bytes, name: str) -> list[RefnisRow]:
    """REFNIS rows from the bytes of a .txt/.csv, .xlsx or .zip (holding one of those)."""
    if data[:2] == b"PK" and not name.lower().endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.namelist() if m.lower().endswith((".txt", ".csv", ".xlsx"))]
            if not members:
                raise InputError(
                    Text("geen REFNIS-bestand in het zip-archief",
                         "no REFNIS file in the zip archive"),
                    file=name)
            return parse_refnis(archive.read(members[0]), members[0])
    records = _xlsx_records(data) if name.lower().endswith(".xlsx") else _text_records(data)
    return _rows(records, name)


def fetch_refnis(source: str | Path, *, timeout: float = 60.0) -> list[RefnisRow]:
    """Read REFNIS from a local path or fetch it over HTTP(S) with requests."""
    text = str(source)
    if re.match(r"https?://", text):
        import requests  # only when fetching

        try:
            response = requests.get(text, timeout=timeout)
            response.raise_for_status()
        except requests.RequestException as exc:
            raise InputError(
                Text(f"REFNIS niet opgehaald: {exc}",
                     f"REFNIS not fetched: {exc}"),
                file=text,
                hint=Text("controleer de URL of geef een lokaal bestand met --source",
                          "check the URL or give a local file with --source")) from exc
        return parse_refnis(response.content, text.rsplit("/", 1)[-1].split("?")[0])
    path = Path(text)
    if not path.is_file():
        raise InputError(
            Text("REFNIS-bestand niet gevonden",
                 "REFNIS file not found"),
            file=path)
    return parse_refnis(path.read_bytes(), path.name)


def flemish_municipalities(rows: list[RefnisRow]) -> dict[str, dict[str, str]]:
    """Municipalities (level 5) under the Flemish region valid on 2018-12-31 or later, by NIS code."""
    latest: dict[str, RefnisRow] = {}
    first: dict[str, date] = {}
    for row in sorted(rows, key=lambda r: (r.code, r.start)):
        latest[row.code] = row  # the most recent row per code holds today's name and parent
        first.setdefault(row.code, row.start)
    out = {}
    for code, row in latest.items():
        if row.level != 5 or row.end < FIRST_DAY:
            continue
        arrondissement = latest.get(row.parent)
        province = latest.get(arrondissement.parent) if arrondissement else None
        if not province or province.parent != FLEMISH_REGION:
            continue
        out[code] = {
            "nis_code": code, "naam": re.sub(r"\s*\(.*\)\s*$", "", row.name_nl),  # 'Hove (Antwerpen)'
            "provincie_nis": province.code, "arrondissement_nis": row.parent,
            "geldig_vanaf": first[code].isoformat(),
            "geldig_tot": "" if row.end == OPEN_END else row.end.isoformat(),
        }
    return out


def read_municipality_table(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{c: (r.get(c) or "") for c in MUNICIPALITY_COLUMNS} for r in csv.DictReader(fh)]


def merge_table(derived: dict[str, dict[str, str]], current: list[dict[str, str]]) -> Refresh:
    """The REFNIS facts, with successors and LBLOD columns kept from the current table."""
    old = {r["nis_code"]: r for r in current}
    rows, changes = [], []
    for code in sorted(set(derived) | set(old)):
        before = old.get(code)
        if code not in derived:
            rows.append(before)
            changes.append(Change("missing", code, before["naam"]))
            continue
        row = {c: "" for c in MUNICIPALITY_COLUMNS} | derived[code]
        if before:
            for keep in ("opgevolgd_door", "lblod_bestuurseenheid", "lblod_werkingsgebied"):
                row[keep] = before[keep]
            if row["geldig_tot"] == "" and before["opgevolgd_door"]:
                row["opgevolgd_door"] = ""  # valid again: a successor no longer applies
                changes.append(Change("successor", code, before["opgevolgd_door"], ""))
        if before is None:
            changes.append(Change("added", code, "", f"{row['naam']} ({row['geldig_vanaf']})"))
        else:
            if before["naam"] != row["naam"]:
                changes.append(Change("renamed", code, before["naam"], row["naam"]))
            if before["geldig_tot"] != row["geldig_tot"]:
                kind = "ended" if row["geldig_tot"] else "changed"
                changes.append(Change(kind, code, before["geldig_tot"], row["geldig_tot"]))
            if before["provincie_nis"] != row["provincie_nis"]:
                changes.append(Change("province", code, before["provincie_nis"], row["provincie_nis"]))
            for name in ("arrondissement_nis", "geldig_vanaf"):
                if before[name] != row[name]:
                    changes.append(Change("changed", code, f"{name}={before[name]}", f"{name}={row[name]}"))
        if row["geldig_tot"] and not row["opgevolgd_door"] and row["geldig_tot"] > FIRST_DAY.isoformat():
            changes.append(Change("no-successor", code, row["naam"]))
        rows.append(row)
    return Refresh(rows, changes)


def write_municipality_table(rows: list[dict[str, str]], path: Path) -> None:
    """Write the table whole or not at all (lod.files.write_atomic)."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, MUNICIPALITY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, text.getvalue().encode("utf-8"))


def refresh_municipality_table(source: str | Path, table: Path, *, write: bool = True,
                               timeout: float = 60.0) -> Refresh:
    """Regenerate `table` (data/gemeenten.csv) from REFNIS at `source` (URL or path); report changes."""
    derived = flemish_municipalities(fetch_refnis(source, timeout=timeout))
    if not derived:
        raise InputError(
            Text("geen Vlaamse gemeenten gevonden in het REFNIS-bestand",
                 "no Flemish municipalities found in the REFNIS file"),
            file=str(source),
            hint=Text("is dit TU_COM_REFNIS met gewest 02000?",
                      "is this TU_COM_REFNIS with region 02000?"))
    refresh = merge_table(derived, read_municipality_table(table))
    if write and refresh.changes:
        write_municipality_table(refresh.rows, table)
        refresh.written = True
    return refresh


__all__ = ["DEFAULT_REFNIS_URL", "MUNICIPALITY_COLUMNS", "Change", "Refresh", "RefnisRow", "fetch_refnis",
           "flemish_municipalities", "merge_table", "parse_refnis", "read_municipality_table",
           "refresh_municipality_table", "write_municipality_table"]
