"""The municipality table against the shared reference, and the resolver the ingest relies on."""

import csv
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from lod.errors import InputError, LodError
from lod.records.territory import MunicipalityError, load_municipalities, normalise_name
from lod.sources.table import Cell

ROOT = Path(__file__).resolve().parents[2]  # the checkout

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def towns():
    return load_municipalities(DATA)


@pytest.fixture(scope="module")
def municipalities(reference) -> Path:
    """The reference folder's municipalities/: the facts data/gemeenten.csv must agree with."""
    return reference / "municipalities"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_table_has_the_same_facts_as_the_reference_but_is_the_projects_own(towns, municipalities):
    ref = {r["nis_code"]: r for r in _rows(municipalities / "flemish-municipalities.csv")}
    assert len(towns) == len(ref) == 327
    for m in towns:
        r = ref[m.nis_code]
        assert (m.name, m.province_nis, m.valid_from.isoformat()) == (
            r["name_nl"], r["province_nis"], r["valid_from"])
        assert (m.valid_to.isoformat() if m.valid_to else "") == r["valid_to"]
        assert (m.replaced_by or "") == r["replaced_by"]
    assert (DATA / "gemeenten.csv").read_bytes() != (
        municipalities / "flemish-municipalities.csv").read_bytes()


# The counts per province of the reference folder's municipalities/SOURCES.md
COUNTS = {
    date(2018, 12, 31): {"10000": 70, "20001": 65, "30000": 64, "40000": 65, "70000": 44},
    date(2019, 1, 1): {"10000": 69, "20001": 65, "30000": 64, "40000": 60, "70000": 42},
    date(2024, 12, 31): {"10000": 69, "20001": 65, "30000": 64, "40000": 60, "70000": 42},
    date(2025, 1, 1): {"10000": 67, "20001": 63, "30000": 62, "40000": 55, "70000": 38},
    date(2026, 11, 27): {"10000": 67, "20001": 63, "30000": 62, "40000": 55, "70000": 38},
}


@pytest.mark.parametrize("day", sorted(COUNTS))
def test_counts_per_province(towns, day):
    counts = Counter(m.province_nis for m in towns.valid_on(day))
    assert dict(counts) == COUNTS[day]
    assert sum(counts.values()) == {2018: 308, 2019: 300, 2024: 300}.get(day.year, 285)


def test_every_merger_link_resolves_both_ways(towns, municipalities):
    links = _rows(municipalities / "mergers.csv")
    assert len(links) == len(towns.mergers) == 43
    for link in links:
        old, new = towns[link["old_nis_code"]], towns[link["new_nis_code"]]
        day = date.fromisoformat(link["effective_date"])
        assert towns.current(old).nis_code == towns.current(new).nis_code
        # old -> new: the old code leads to the new one on the merger date
        assert new.valid_on(day)
        if old is not new:
            assert old.replaced_by == new.nis_code and old.valid_to < day
            # new -> old: the new code lists the old one among its predecessors
            assert old in towns.predecessors(new)
            assert towns.resolve(old.nis_code, on=date(day.year - 1, 6, 1)) is old
            with pytest.raises(MunicipalityError) as err:
                towns.resolve(old.nis_code, on=day)
            message = err.value.problem.message
            assert new.nis_code in message.nl and new.nis_code in message.en
    assert {(m.date, m.old_nis, m.new_nis) for m in towns.mergers} == {
        (date.fromisoformat(r["effective_date"]), r["old_nis_code"], r["new_nis_code"]) for r in links}


def test_borsbeek_merges_into_antwerpen_which_keeps_11002(towns):
    antwerpen, borsbeek = towns["11002"], towns["11007"]
    assert antwerpen.valid_to is None and antwerpen.valid_from == date(1970, 1, 1)
    assert borsbeek.replaced_by == "11002" and borsbeek.valid_to == date(2024, 12, 31)
    assert towns.predecessors(antwerpen) == [borsbeek]
    assert towns.resolve("11002", on=date(2020, 1, 1)) is towns.resolve("11002", on=date(2025, 6, 1))
    assert towns.current(borsbeek) is antwerpen


def test_zwijndrecht_changes_province(towns):
    zwijndrecht = towns["11056"]
    successor = towns.current(zwijndrecht)
    assert zwijndrecht.province_nis == "10000"
    assert (successor.nis_code, successor.province_nis) == ("46030", "40000")


def test_hasselt_same_name_new_code(towns):
    assert towns.resolve("Hasselt", on=date(2024, 12, 31)).nis_code == "71022"
    assert towns.resolve("hasselt", on=date(2025, 1, 1)).nis_code == "71072"
    assert towns.current(towns["71022"]).nis_code == "71072"
    with pytest.raises(MunicipalityError) as err:
        towns.resolve("Hasselt")
    assert err.value.code == "ambiguous-municipality"
    assert {"71022", "71072"} <= {s.split("(")[1][:5] for s in err.value.suggestions}


@pytest.mark.parametrize("text, code", [
    ("St.-Niklaas", "46021"), ("Sint Niklaas", "46021"), ("SINT-NIKLAAS", "46021"),
    ("Stad Gent", "44021"), ("Gemeente Zele", "42028"), ("  Gent ", "44021"),
    ("Herk-de-Stad", "71024"), ("Stad Herk de Stad", "71024"), ("De Pinte", "44012"),
    ("Hove (Antwerpen)", "11021"), ("44021", "44021"), ("'s-Gravenwezel", None),
])
def test_resolve_tolerates_usual_spellings(towns, text, code):
    if code is None:
        with pytest.raises(MunicipalityError):
            towns.resolve(text)
    else:
        assert towns.resolve(text).nis_code == code


def test_resolve_on_a_date_picks_the_code_valid_then(towns):
    assert towns.resolve("Deinze", on=date(2018, 6, 1)).nis_code == "44011"
    assert towns.resolve("Deinze", on=date(2019, 6, 1)).nis_code == "44083"
    kruibeke = towns.resolve("Kruibeke", on=date(2023, 5, 1))
    assert kruibeke.nis_code == "46013"
    assert towns.current(kruibeke).name == "Beveren-Kruibeke-Zwijndrecht"


def test_name_not_valid_on_the_date_names_its_successor(towns):
    with pytest.raises(MunicipalityError) as err:
        towns.resolve("Kruibeke", on=date(2025, 3, 1))
    assert err.value.code == "municipality-not-valid"
    message = err.value.problem.message
    assert "2024-12-31" in message.nl and "Beveren-Kruibeke-Zwijndrecht" in message.nl
    assert "merged into" in message.en
    assert err.value.suggestions == ["Beveren-Kruibeke-Zwijndrecht (46030, 2025-01-01...)"]


def test_code_before_it_existed_names_its_predecessors(towns):
    with pytest.raises(MunicipalityError) as err:
        towns.resolve("46030", on=date(2022, 1, 1))
    assert "bestond niet op 2022-01-01" in err.value.problem.message.nl
    assert {s[:8] for s in err.value.suggestions} == {"Zwijndre", "Beveren ", "Kruibeke"}


def test_unknown_inputs_get_suggestions_and_a_message_in_both_languages(towns):
    with pytest.raises(MunicipalityError) as err:
        towns.resolve("Gentt")
    assert isinstance(err.value, LodError)
    assert err.value.suggestions[0].startswith("Gent (44021")
    assert err.value.text("nl").startswith(
        "Onbekende gemeente 'Gentt'. Oplossing: Gebruik de NIS-code of de officiële naam: Gent (44021")
    assert err.value.text("en").startswith(
        "Unknown municipality 'Gentt'. Fix: Use the NIS code or the official name: Gent (44021")
    with pytest.raises(MunicipalityError) as err:
        towns.resolve("44022")
    assert "44022" in str(err.value) and any("44021" in s for s in err.value.suggestions)
    with pytest.raises(MunicipalityError):
        towns.resolve("21004")  # Brussel is not a Flemish municipality


def test_error_becomes_a_problem_at_a_cell(towns):
    with pytest.raises(MunicipalityError) as err:
        towns.resolve("Gentt")
    problem = err.value.at(Cell("Gentt; Gent", "maatregelen.csv", 14, "gemeente"))
    assert (problem.file, problem.row, problem.column) == ("maatregelen.csv", 14, "gemeente")
    assert problem.value == "Gentt"  # the item that failed, not the whole cell
    assert "Gent (44021" in problem.hint.pick("nl") and problem.code == "unknown-municipality"


def test_normalise_name_keeps_names_apart():
    names = [m.name for m in load_municipalities(DATA)]
    keys = Counter(normalise_name(n) for n in set(names))
    assert max(keys.values()) == 1


def test_lblod_werkingsgebied_coverage(towns):
    covered = {m.nis_code for m in towns if m.lblod_werkingsgebied}
    # the 2022 snapshot knows exactly the 300 codes valid in 2019-2024; OSLO-NOTES §2 adds Pajottegem
    assert len(covered) == 301
    assert covered == {m.nis_code for m in towns.valid_on(date(2022, 1, 1))} | {"23106"}
    assert len(towns.provinces) == 5
    assert towns.provinces["20001"].name == "Vlaams-Brabant"


def _copy(tmp_path: Path) -> Path:
    for name in ("gemeenten.csv", "provincies.csv", "fusies.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def test_broken_tables_are_refused_with_file_row_and_column(tmp_path):
    data = _copy(tmp_path)
    text = (data / "gemeenten.csv").read_text(encoding="utf-8")
    (data / "gemeenten.csv").write_text(text.replace("11007,Borsbeek,10000,11000,1970-01-01,2024-12-31,11002",
                                                     "11007,Borsbeek,10000,11000,1970-01-01,2024-12-31,99999"),
                                        encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_municipalities(data)
    assert err.value.problem.column == "opgevolgd_door" and err.value.problem.row == 6
    broken = text.replace("Aartselaar,10000,11000,1970-01-01", "Aartselaar,10000,11000,01/01/1970")
    (data / "gemeenten.csv").write_text(broken, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_municipalities(data)
    assert (err.value.problem.row, err.value.problem.column) == (2, "geldig_vanaf")


def test_an_ended_code_without_a_successor_is_a_problem_for_the_build(tmp_path, towns):
    """Today's municipality is only well defined when every ended code names its successor; a table
    refreshed from REFNIS may lack one for a while (refresh-municipalities says so), a build may not."""
    assert towns.problems == []
    data = _copy(tmp_path)
    text = (data / "gemeenten.csv").read_text(encoding="utf-8")
    (data / "gemeenten.csv").write_text(text.replace("11007,Borsbeek,10000,11000,1970-01-01,2024-12-31,11002",
                                                     "11007,Borsbeek,10000,11000,1970-01-01,2024-12-31,"),
                                        encoding="utf-8")
    found = load_municipalities(data).problems
    assert [(p.file, p.row, p.column, p.severity) for p in found] == [("gemeenten.csv", 6, "opgevolgd_door",
                                                                      "error")]
    assert "11007" in found[0].message.en


def test_todays_municipality_of_every_code_is_a_current_one(towns):
    current = {m.nis_code for m in towns if m.is_current}
    assert len(current) == 285
    assert {towns.current(m).nis_code for m in towns} == current
