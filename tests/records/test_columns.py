"""The column table: tolerant header matching, and the README documents exactly these columns."""

import re
from pathlib import Path

import pytest

from lod.records.columns import BY_FIELD, COLUMNS, KINDS, KINDS_EN, MAX_CHARS, match_header, nearest_header
from lod.records.measures import Measure

ROOT = Path(__file__).resolve().parents[2]  # the checkout


def readme_columns() -> dict[str, list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The measures spreadsheet", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\| `([a-z_]+)` \|(.*)\|$", line)
        if m:
            rows[m[1]] = [cell.strip() for cell in m[2].split(" | ")]
    return rows


def test_readme_documents_every_column_and_no_stale_one() -> None:
    documented = readme_columns()
    assert list(documented) == [c.header for c in COLUMNS]
    for column in COLUMNS:
        required, _format, example, meaning = documented[column.header]
        assert required == ("yes" if column.required else "no"), column.header
        assert example == f"`{column.example}`", column.header
        assert meaning, column.header


def test_every_kind_is_said_in_both_languages_and_every_column_has_a_bound() -> None:
    assert set(KINDS_EN) == set(KINDS)
    assert list(MAX_CHARS) == [c.header for c in COLUMNS]
    assert all(len(c.example) <= MAX_CHARS[c.header] for c in COLUMNS)


def test_readme_states_the_bound_of_every_column() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("**Bounds.**", 1)[1].split("\n\n", 1)[0]
    stated = dict(re.findall(r"`([a-z_]+)` (\d[\d,]*)", section))
    assert {k: int(v.replace(",", "")) for k, v in stated.items()} == MAX_CHARS


def test_columns_are_well_formed() -> None:
    fields = {f.name for f in Measure.__dataclass_fields__.values()}
    assert len({c.header for c in COLUMNS}) == len(COLUMNS) == len(BY_FIELD)
    for column in COLUMNS:
        assert column.field in fields, column.field
        assert column.kind in KINDS, column.kind
        assert (column.kind == "code") == (column.scheme is not None and column.field != "partners")
        assert column.nl and column.en and column.example


@pytest.mark.parametrize(("header", "expected"), [
    ("maatregel_id", "maatregel_id"), ("Maatregel ID", "maatregel_id"), ("measure_id", "maatregel_id"),
    ("Start datum", "startdatum"), ("start_date", "startdatum"), ("STARTDATUM", "startdatum"),
    ("Toestemming-publicatie", "toestemming_publicatie"), ("publication_consent", "toestemming_publicatie"),
    ("municipality_nis", "gemeente"), ("Gemeente", "gemeente"), ("Bronnen", "bronnen"),
    ("source_urls", "bronnen"), ("Évaluatie", "evaluatie"), ("Specifiek SGG", "specifiek_sgg"),
    ("lead_organisation", "trekker"), ("title_nl", "titel"), ("Titel EN", "titel_en"),
])
def test_tolerant_header_matching(header: str, expected: str) -> None:
    column = match_header(header)
    assert column is not None and column.header == expected


@pytest.mark.parametrize(("header", "near"), [
    ("Beschrijvng", "beschrijving"), ("startdatun", "startdatum"), ("doelgroepn", "doelgroepen"),
])
def test_nearest_header(header: str, near: str) -> None:
    assert match_header(header) is None
    assert nearest_header(header) == near


def test_nothing_near_gibberish() -> None:
    assert nearest_header("qqqqqqqq") is None
