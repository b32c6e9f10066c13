"""Reading Statbel REFNIS (txt, zip, xlsx), deriving the Flemish table and diffing it."""

import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from lod.errors import InputError
from lod.sources.refnis import (
    REFNIS_COLUMNS,
    fetch_refnis,
    flemish_municipalities,
    merge_table,
    parse_refnis,
    read_municipality_table,
    write_municipality_table,
)

ROOT = Path(__file__).resolve().parents[2]  # the checkout

TABLE = ROOT / "data" / "gemeenten.csv"
PROVINCES = {"10000": "Antwerpen", "20001": "Vlaams-Brabant", "30000": "West-Vlaanderen",
             "40000": "Oost-Vlaanderen", "70000": "Limburg"}


def _statbel_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else "31/12/9999"


def refnis_records(rows):
    """REFNIS rows (as Statbel writes them) for the municipalities `rows`, plus non-Flemish noise."""
    out = [REFNIS_COLUMNS,
           ["1", "01000", "", "Belgien", "Belgique", "België", "01/01/1970", "31/12/9999"],
           ["2", "02000", "01000", "Flämische Region", "Région flamande", "Vlaams Gewest", "01/01/1970",
            "31/12/9999"],
           ["2", "04000", "01000", "Region Brüssel", "Région de Bruxelles", "Brussels Gewest", "01/01/1970",
            "31/12/9999"],
           ["3", "21000", "04000", "Brüssel", "Bruxelles", "Brussel", "01/01/1970", "31/12/9999"],
           ["5", "21004", "21000", "Brüssel", "Bruxelles", "Brussel", "01/01/1970", "31/12/9999"]]
    for code, name in PROVINCES.items():
        out.append(["3", code, "02000", name, name, f"Provincie {name}", "01/01/1970", "31/12/9999"])
    arrondissements = {r["arrondissement_nis"]: r["provincie_nis"] for r in rows}
    for arr, prov in sorted(arrondissements.items()):
        out.append(["4", arr, prov, f"Bezirk {arr}", f"Arrondissement {arr}", f"Arrondissement {arr}",
                    "01/01/1970", "31/12/9999"])
    for r in rows:
        name = "Hove (Antwerpen)" if r["nis_code"] == "11021" else r["naam"]
        out.append(["5", r["nis_code"], r["arrondissement_nis"], name, name, name,
                    _statbel_date(r["geldig_vanaf"]), _statbel_date(r["geldig_tot"])])
    # a code that ended before 2018-12-31 is left out of the table
    out.append(["5", "12999", "12000", "Oud", "Oud", "Oud", "01/01/1970", "31/12/1976"])
    return out


def refnis_text(rows) -> bytes:
    return "\n".join("|".join(r) for r in refnis_records(rows)).encode("utf-8")


FACTS = ["nis_code", "naam", "provincie_nis", "arrondissement_nis", "geldig_vanaf", "geldig_tot"]


@pytest.fixture(scope="module")
def current():
    return read_municipality_table(TABLE)


def test_derived_table_has_the_facts_of_the_shipped_one(current):
    derived = flemish_municipalities(parse_refnis(refnis_text(current), "TU_COM_REFNIS.txt"))
    assert len(derived) == 327 and "21004" not in derived and "12999" not in derived
    assert derived["11021"]["naam"] == "Hove"  # Statbel's long label shortened
    assert [{k: derived[r["nis_code"]][k] for k in FACTS} for r in current] == [
        {k: r[k] for k in FACTS} for r in current]
    assert merge_table(derived, current).changes == []


def test_zip_and_xlsx_variants_read_the_same(current):
    text = refnis_text(current)
    expected = parse_refnis(text, "TU_COM_REFNIS.txt")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("TU_COM_REFNIS.txt", text)
    assert parse_refnis(buffer.getvalue(), "TU_COM_REFNIS-20250101.zip") == expected
    book = openpyxl.Workbook()
    for record in refnis_records(current):
        book.active.append(record)
    xlsx = io.BytesIO()
    book.save(xlsx)
    assert parse_refnis(xlsx.getvalue(), "TU_COM_REFNIS.xlsx") == expected
    assert parse_refnis(text.decode().encode("cp1252"), "refnis.txt") == expected


def test_changes_are_classified(current):
    rows = [dict(r) for r in current]
    by_code = {r["nis_code"]: r for r in rows}
    by_code["11001"]["naam"] = "Aartselaar-Nieuw"             # renamed
    by_code["11004"]["geldig_tot"] = "2030-12-31"             # ended, successor unknown
    by_code["11007"]["geldig_tot"] = ""                        # Borsbeek valid again
    by_code["11005"]["provincie_nis"] = "20001"                # province (arrondissement keeps it apart)
    by_code["11005"]["arrondissement_nis"] = "23000"
    rows.append({**by_code["11001"], "nis_code": "11099", "naam": "Nieuwgem", "geldig_vanaf": "2031-01-01",
                 "geldig_tot": ""})
    rows = [r for r in rows if r["nis_code"] != "11008"]      # Brasschaat missing from the source
    derived = flemish_municipalities(parse_refnis(refnis_text(rows), "x.txt"))
    refresh = merge_table(derived, current)
    kinds = {(c.kind, c.nis_code) for c in refresh.changes}
    assert kinds == {("renamed", "11001"), ("ended", "11004"), ("no-successor", "11004"),
                     ("changed", "11007"), ("successor", "11007"), ("province", "11005"),
                     ("changed", "11005"), ("added", "11099"), ("missing", "11008")}
    new = {r["nis_code"]: r for r in refresh.rows}
    assert new["11008"] == {r["nis_code"]: r for r in current}["11008"]  # kept, not dropped
    assert new["11007"]["opgevolgd_door"] == ""
    assert new["45068"]["lblod_bestuurseenheid"].startswith("http://data.lblod.info/")  # LBLOD kept
    lines = refresh.lines("nl")
    assert "11001 nieuwe naam: Aartselaar -> Aartselaar-Nieuw" in lines
    assert "11001 renamed: Aartselaar -> Aartselaar-Nieuw" in refresh.lines("en")


def test_bad_input_is_refused_with_a_reason(tmp_path):
    with pytest.raises(InputError, match="niet gevonden"):
        fetch_refnis(tmp_path / "nope.txt")
    bad = tmp_path / "bad.txt"
    bad.write_text("a|b|c\n1|2|3\n", encoding="utf-8")
    with pytest.raises(InputError, match="LVL_REFNIS"):
        fetch_refnis(bad)
    wrong_date = tmp_path / "date.txt"
    header = "|".join(REFNIS_COLUMNS)
    wrong_date.write_text(f"{header}\n5|11001|11000|A|A|A|1970|31/12/9999\n", encoding="utf-8")
    with pytest.raises(InputError, match="datum") as err:
        fetch_refnis(wrong_date)
    assert err.value.text("en") == "date.txt: invalid date '1970' in REFNIS. Fix: expected DD/MM/YYYY."


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path, current):
    target = tmp_path / "gemeenten.csv"
    write_municipality_table(current, target)
    assert target.read_bytes() == TABLE.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["gemeenten.csv"]
