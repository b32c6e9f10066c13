"""The project's own SVG maps and charts: well-formed, one shape per municipality, honest colours."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lod.config import Config
from lod.errors import InputError
from lod.pages import svgmap

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def points() -> dict[str, svgmap.Point]:
    return svgmap.read_points(Config().data_dir / "gemeenten-punten.csv")


def test_points_cover_todays_285_municipalities_inside_flanders(points):
    assert len(points) == 285
    assert points["71072"].name == "Hasselt" and "71022" not in points  # after the 2025 merger
    for p in points.values():
        assert 50.68 <= p.lat <= 51.51 and 2.54 <= p.lon <= 5.92, p


@pytest.mark.parametrize("count, fill", [(0, "#f5f5f5"), (1, "#4e91c9"), (2, "#1f5c99"), (3, "#1f5c99"),
                                         (4, "#0a2a4f"), (40, "#0a2a4f")])
def test_colour_classes(count, fill):
    assert svgmap.colour(count) == fill


def _centre(path) -> tuple[float, float]:
    xy = [tuple(map(float, v.split(","))) for v in re.findall(r"-?\d+\.\d,-?\d+\.\d", path.get("d"))]
    return sum(x for x, _ in xy) / len(xy), sum(y for _, y in xy) / len(xy)


def test_cell_map_draws_every_municipality_linked_and_coloured(points):
    svg = svgmap.cell_map({"44021": 7, "24062": 1}, points, href=lambda nis: f"/doc/gemeente/{nis}")
    root = ET.fromstring(svg)
    cells = root.findall(f".//{SVG}path")
    assert len(cells) == 285
    by_nis = {c.get("data-nis"): c for c in cells}
    assert by_nis["44021"].get("fill") == "#0a2a4f" and by_nis["24062"].get("fill") == "#4e91c9"
    assert by_nis["11001"].get("fill") == "#f5f5f5"
    assert by_nis["44021"].find(f"{SVG}title").text == "Gent: 7 maatregelen"
    hrefs = [a.get("href") for a in root.findall(f".//{SVG}a")]
    assert "/doc/gemeente/44021" in hrefs and len(hrefs) == 285
    # Oostende lies west of Gent, Gent west of Leuven; Turnhout north of Leuven
    x = {n: _centre(by_nis[n]) for n in ("35013", "44021", "24062", "13040")}
    assert x["35013"][0] < x["44021"][0] < x["24062"][0] and x["13040"][1] < x["24062"][1]
    assert "Statbel" in svg and "geen maatregel (283)" in svg


def test_cells_do_not_overlap_and_stay_near_their_point(points):
    frame = svgmap._Frame()
    xy = {nis: frame.xy(p.lon, p.lat) for nis, p in points.items()}
    cells = svgmap._cells(xy)
    for nis, poly in cells.items():
        px, py = xy[nis]
        assert len(poly) >= 3
        for vx, vy in poly:
            assert math.hypot(vx - px, vy - py) <= svgmap._CELL_RADIUS + 1e-6
            # no vertex of a cell is closer to another municipality's point than to its own
            nearest = min(math.hypot(vx - qx, vy - qy) for qx, qy in xy.values())
            assert math.hypot(vx - px, vy - py) <= nearest + 1e-6


def test_choropleth_from_a_geometry_file_given_by_path(reference):
    geometry = reference / "geo" / "flemish-municipalities-2025.geojson"
    svg = svgmap.choropleth({"44021": 2}, geometry, href=lambda nis: f"/g/{nis}")
    root = ET.fromstring(svg)
    paths = root.findall(f".//{SVG}path")
    assert len(paths) == 285
    gent = next(p for p in paths if p.get("data-nis") == "44021")
    assert gent.get("fill") == "#1f5c99" and gent.get("fill-rule") == "evenodd"
    baarle = next(p for p in paths if p.get("data-nis") == "13002")
    assert baarle.get("d").count("M") == 12  # 10 parts, two with a Baarle-Nassau hole
    coords = [float(v) for p in paths for v in re.findall(r"-?\d+\.\d", p.get("d"))]
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert min(coords) >= 0 and max(coords) <= width and height > 300


def test_bar_chart_bars_are_proportional():
    svg = svgmap.bar_chart([("Limburg", 3, 39), ("Antwerpen", 21, 21)])
    rects = ET.fromstring(svg).findall(f"{SVG}rect")
    widths = [float(r.get("width")) for r in rects[:4]]
    assert widths[0] / (widths[0] + widths[1]) == pytest.approx(3 / 42, abs=1e-3)  # 0.1 px rounding
    assert widths[2] == pytest.approx(widths[3])
    assert widths[0] + widths[1] == pytest.approx(widths[2] * 2, abs=0.2)


def test_english_texts(points):
    svg = svgmap.cell_map({"44021": 1}, points, lang="en")
    assert "Gent: 1 measure<" in svg and "no measure (284)" in svg and "Statistics Belgium" in svg
    assert "with measures" in svgmap.bar_chart([("Limburg", 3, 35)], lang="en")


def test_missing_points_file_is_reported(tmp_path: Path):
    with pytest.raises(InputError, match="gemeenten-punten.csv: bestand ontbreekt"):
        svgmap.read_points(tmp_path / "gemeenten-punten.csv")
