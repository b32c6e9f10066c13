"""bench/generate.py: synthetic spreadsheets parse through the real ingest without a problem, pass the
shapes, and have the distribution the generator promises (counted against data/maatregelen.csv)."""

from __future__ import annotations

import csv
import re
import statistics
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from bench.generate import Generator, _codes, generate, load_places, load_profile
from lod.build import check
from lod.config import Config
from lod.graph.codelists import code_index
from lod.records.columns import read_measure_table
from lod.records.measures import parse_measures
from lod.records.partners import load_organisations
from lod.records.territory import load_municipalities

ROWS = 3000


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(ROWS, tmp_path_factory.mktemp("gen") / "maatregelen.csv", seed=7)


@pytest.fixture(scope="module")
def rows(sheet: Path) -> list[dict[str, str]]:
    with sheet.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def items(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def test_parses_with_no_problem_through_the_real_ingest(sheet: Path) -> None:
    cfg = Config()
    measures, problems = parse_measures(
        read_measure_table(sheet), codes=code_index(cfg), municipalities=load_municipalities(cfg.data_dir),
        organisations=load_organisations(cfg.data_dir / "organisaties.csv"))
    assert problems == []
    assert len(measures) == ROWS
    assert len({m.measure_id for m in measures}) == ROWS


def test_small_sheet_passes_the_shapes(tmp_path: Path) -> None:
    checked = check([generate(150, tmp_path / "klein.csv", seed=3)], config=Config())
    assert checked.errors == []
    assert len(checked.measures) == 150


def test_same_seed_same_bytes_other_seed_other_rows(tmp_path: Path) -> None:
    a, b, c = (generate(200, tmp_path / f"{n}.csv", seed=s) for n, s in (("a", 1), ("b", 1), ("c", 2)))
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_every_current_municipality_and_some_former_ones(rows: list[dict[str, str]]) -> None:
    places = {p.nis: p for p in load_places()}
    current = {nis for nis, p in places.items() if p.end is None}
    used = Counter(r["gemeente"] for r in rows)
    assert len(current) == 285
    assert current <= set(used)
    former = [r for r in rows if places[r["gemeente"]].end is not None]
    assert 0.03 * ROWS < len(former) < 0.08 * ROWS
    for r in former:  # recorded while the municipality existed
        year = int(r["startdatum"][:4])
        place = places[r["gemeente"]]
        assert place.start.year <= year <= place.end.year
        assert date.fromisoformat(r["startdatum"] + "-01-01"[len(r["startdatum"]) - 4:]) <= place.end


def test_kinds_follow_the_real_rows(rows: list[dict[str, str]]) -> None:
    real = load_profile().rows
    per_row_real = statistics.mean(len(items(r["soorten"])) for r in real)
    per_row = statistics.mean(len(items(r["soorten"])) for r in rows)
    assert abs(per_row - per_row_real) / per_row_real < 0.15
    uses = Counter(k for r in rows for k in items(r["soorten"]))
    assert set(uses) == set(_codes("maatregeltype"))  # every code occurs, only codes occur
    real_uses = Counter(k for r in real for k in items(r["soorten"]))
    top_real = real_uses.most_common(1)[0][0]
    assert uses[top_real] > statistics.median(uses.values())
    unused_real = [k for k in uses if k not in real_uses]
    if unused_real:
        assert max(uses[k] for k in unused_real) < uses[top_real]


def test_partners_are_known_organisations_weighted_by_real_use(rows: list[dict[str, str]]) -> None:
    cfg = Config()
    with (cfg.data_dir / "organisaties.csv").open(encoding="utf-8") as f:
        names = {r["naam"] for r in csv.DictReader(f)}
    used = Counter(re.sub(r"\s*\([^()]*\)$", "", p) for r in rows for p in items(r["partners"]))
    assert set(used) <= names
    real_rows = load_profile().rows
    real = Counter(re.sub(r"\s*\([^()]*\)$", "", p) for r in real_rows for p in items(r["partners"]))
    often, never = real.most_common(1)[0][0], [n for n in names if n not in real]
    assert used[often] > max(used[n] for n in never)
    real_share = sum(1 for r in load_profile().rows if r["partners"]) / len(load_profile().rows)
    share = sum(1 for r in rows if r["partners"]) / len(rows)
    assert abs(share - real_share) < 0.12


def test_text_lengths_follow_the_real_rows(rows: list[dict[str, str]]) -> None:
    real = load_profile().rows
    for header in ("titel", "beschrijving"):
        real_mean = statistics.mean(len(r[header]) for r in real)
        mean = statistics.mean(len(r[header]) for r in rows)
        assert abs(mean - real_mean) / real_mean < 0.15, header
        assert max(len(r[header]) for r in rows) <= 1.25 * max(len(r[header]) for r in real) + 20


def test_generator_is_a_pure_function_of_its_seed() -> None:
    assert Generator(5).rows(50) == Generator(5).rows(50)
