"""SVG maps and bar charts of Flanders, drawn by the project: no tiles, no scripts, no other hosts.

Two maps: a cell map (Voronoi cells cut to a disc) from the project's own points
(data/gemeenten-punten.csv, one per municipality) that works on a fresh machine, and a choropleth
when a GeoJSON file of the 285 municipalities is given by path (e.g. Statbel's boundaries). Both
colour a municipality by its number of measures and draw the province borders.

A map is drawn for one of two uses. Inline in a page (`standalone=False`): an SVG group of links,
each named ("Genk: 0 measures") and showing that name on hover and on keyboard focus, with the
legend left to the page (`legend_items`, readable on a phone); no role="img", which would make
285 links the children of an image. As a file (`standalone=True`, kaart.svg): an image with its
own title, style and legend.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from lod.errors import InputError
from lod.sources.csv import read_reference
from lod.text import Text

# Equirectangular projection around 51° N: one degree of longitude is cos(51°) of one of latitude,
# close enough for a region 0.8° high.
_COS_LAT = math.cos(math.radians(51.0))
_LON_MIN, _LON_MAX, _LAT_MIN, _LAT_MAX = 2.50, 5.95, 50.66, 51.53

# Classes of "number of measures"; sequential blues, near-white for none. "None" and "1 measure"
# differ by 3.1:1 (WCAG 1.4.11 asks 3:1 for adjacent colours that carry meaning); the darker classes
# differ by 2:1 from their neighbour and are also told apart by the name on hover and focus.
CLASSES: tuple[tuple[int, int | None, str], ...] = (
    (0, 0, "#f5f5f5"), (1, 1, "#4e91c9"), (2, 3, "#1f5c99"), (4, None, "#0a2a4f"))
CELL_STROKE = "#9aa1a9"  # the outline of a municipality: visible on the near-white of "none"

TEXT = Text(
    nl={"classes": ("geen maatregel", "1 maatregel", "2–3 maatregelen", "4 of meer"),
        "one": "maatregel", "many": "maatregelen", "map": "Maatregelen per gemeente",
        "borders": "provinciegrens",
        "chart": "Gemeenten met en zonder maatregelen per provincie",
        "bars": ("met maatregelen", "zonder maatregelen"),
        "attribution": "Gemeentegrenzen/punten: Statbel (Algemene Directie Statistiek), statistische "
                       "sectoren 2021, via Sciensano bemaps (CC BY 4.0); fusies 2025 toegepast."},
    en={"classes": ("no measure", "1 measure", "2–3 measures", "4 or more"),
        "one": "measure", "many": "measures", "map": "Measures per municipality",
        "borders": "province border",
        "chart": "Municipalities with and without measures per province",
        "bars": ("with measures", "without measures"),
        "attribution": "Municipality boundaries/points: Statbel (Statistics Belgium), statistical "
                       "sectors 2021, via Sciensano bemaps (CC BY 4.0); 2025 mergers applied."},
)


@dataclass(frozen=True)
class Point:
    nis: str
    name: str
    lat: float
    lon: float


def read_points(path: Path) -> dict[str, Point]:
    """The project's municipality points (columns nis, gemeente, breedte, lengte), keyed by NIS code."""
    rows = read_reference(path, ["nis", "gemeente", "breedte", "lengte"])
    try:
        return {row["nis"]: Point(row["nis"], row["gemeente"], float(row["breedte"]), float(row["lengte"]))
                for _, row in rows}
    except ValueError as exc:
        raise InputError(Text(f"coördinaat is geen getal: {exc}", f"coordinate is not a number: {exc}"),
                         file=path) from exc


def colour(count: int) -> str:
    """The fill for a municipality with `count` measures.

    >>> colour(0), colour(5)
    ('#f5f5f5', '#0a2a4f')
    """
    for low, high, fill in CLASSES:
        if _in_class(count, low, high):
            return fill
    return CLASSES[-1][2]


def _in_class(count: int, low: int, high: int | None) -> bool:
    """Whether `count` measures fall in the class from `low` to `high` (None: no upper bound)."""
    return count >= low and (high is None or count <= high)


class _Frame:
    """Maps lon/lat onto an SVG canvas `width` wide, leaving room for the legend below."""

    def __init__(self, width: float = 800.0) -> None:
        self.scale = width / ((_LON_MAX - _LON_MIN) * _COS_LAT)
        self.width = width
        self.height = (_LAT_MAX - _LAT_MIN) * self.scale

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - _LON_MIN) * _COS_LAT * self.scale, (_LAT_MAX - lat) * self.scale)


def _label(name: str, count: int, lang: str) -> str:
    return f"{name}: {count} {TEXT.pick(lang)['one' if count == 1 else 'many']}"


def legend_items(counts: Mapping[str, int], lang: str) -> list[tuple[str, str, int]]:
    """(colour, label, municipalities in that class) per class, for a legend drawn by the page.

    >>> legend_items({"a": 0, "b": 1, "c": 1}, "en")[:2]
    [('#f5f5f5', 'no measure', 1), ('#4e91c9', '1 measure', 2)]
    """
    return [(fill, text, sum(1 for c in counts.values() if _in_class(c, low, high)))
            for (low, high, fill), text in zip(CLASSES, TEXT.pick(lang)["classes"], strict=True)]


def _legend(y: float, counts: Mapping[str, int], lang: str) -> list[str]:
    parts, x = [], 10.0
    for fill, text, n in legend_items(counts, lang):
        parts.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="14" height="14" fill="{fill}" stroke="#555"/>'
                     f'<text x="{x + 20:.0f}" y="{y + 12:.0f}">{escape(text)} ({n})</text>')
        x += 190
    attribution = escape(TEXT.pick(lang)["attribution"])
    parts.append(f'<text x="10" y="{y + 34:.0f}" class="bron">{attribution}</text>')
    return parts


def _svg(frame: _Frame, body: list[str], title: str, counts: Mapping[str, int], lang: str,
         standalone: bool) -> str:
    if standalone:
        height = frame.height + 50
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width:.0f} {height:.0f}" '
                f'role="img" aria-labelledby="kaart-titel" class="kaart" font-family="sans-serif" '
                f'font-size="12"><title id="kaart-titel">{escape(title)}</title>'
                '<style>a:hover path{stroke:#000;stroke-width:2}.bron{font-size:10px;fill:#555}'
                '.name{visibility:hidden;font-size:20px;font-weight:700;paint-order:stroke;stroke:#fff;'
                'stroke-width:5px}a:hover .name,a:focus .name{visibility:visible}'
                '.borders{fill:none;stroke:#1d1d1f;stroke-width:1.6;pointer-events:none}</style>')
        return "".join([head, *body, *_legend(frame.height + 8, counts, lang), "</svg>"])
    # inline: a named group of links, styled by the page's stylesheet, legend drawn by the page
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width:.0f} {frame.height:.0f}" '
            f'role="group" aria-label="{escape(title)}" class="kaart" font-family="sans-serif" '
            f'font-size="12" focusable="false">')
    return "".join([head, *body, "</svg>"])


def _link(target: str | None, label: str, shape: str) -> str:
    """A municipality's shape as a named link whose name shows on hover and focus (top left, at sea)."""
    if not target:
        return shape
    return (f'<a href="{escape(target)}" aria-label="{escape(label)}">{shape}'
            f'<text class="name" x="12" y="28" aria-hidden="true">{escape(label)}</text></a>')


def _border_path(segments: Iterable[tuple[tuple[float, float], tuple[float, float]]]) -> str:
    d = " ".join(f"M{a[0]:.1f},{a[1]:.1f} L{b[0]:.1f},{b[1]:.1f}" for a, b in segments)
    return f'<path class="borders" d="{d}" aria-hidden="true"/>' if d else ""


_CELL_RADIUS = 20.0  # px: a cell never reaches further than this from its point
_CELL_SIDES = 20


def _clip(poly: list[tuple[float, float]], p: tuple[float, float],
          q: tuple[float, float]) -> list[tuple[float, float]]:
    """The part of a convex polygon closer to p than to q (Sutherland-Hodgman, one half-plane)."""
    nx, ny = q[0] - p[0], q[1] - p[1]
    c = (nx * (p[0] + q[0]) + ny * (p[1] + q[1])) / 2

    def inside(v: tuple[float, float]) -> bool:
        return nx * v[0] + ny * v[1] <= c

    out: list[tuple[float, float]] = []
    for i, cur in enumerate(poly):
        prev = poly[i - 1]
        if inside(cur) != inside(prev):
            d = nx * (cur[0] - prev[0]) + ny * (cur[1] - prev[1])
            s = (c - nx * prev[0] - ny * prev[1]) / d
            out.append((prev[0] + s * (cur[0] - prev[0]), prev[1] + s * (cur[1] - prev[1])))
        if inside(cur):
            out.append(cur)
    return out


def _cells(xy: Mapping[str, tuple[float, float]]) -> dict[str, list[tuple[float, float]]]:
    """Voronoi cells cut to a disc around each point: a mosaic that reads as a map of Flanders."""
    disc = [(_CELL_RADIUS * math.cos(2 * math.pi * k / _CELL_SIDES),
             _CELL_RADIUS * math.sin(2 * math.pi * k / _CELL_SIDES)) for k in range(_CELL_SIDES)]
    cells = {}
    for nis, p in xy.items():
        poly = [(p[0] + dx, p[1] + dy) for dx, dy in disc]
        for other, q in xy.items():
            if other != nis and abs(q[0] - p[0]) < 2 * _CELL_RADIUS and abs(q[1] - p[1]) < 2 * _CELL_RADIUS:
                poly = _clip(poly, p, q)
        cells[nis] = poly
    return cells


def _cell_borders(xy: Mapping[str, tuple[float, float]], cells: Mapping[str, list[tuple[float, float]]],
                  province: Mapping[str, str]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The edges of cells that face a municipality of another province, or nothing (the outline).

    An edge of cell A lies on the bisector of A and its neighbour B when both ends are as far from
    B's point as from A's; with no such B it is part of the disc, the outline of Flanders."""
    found = []
    for nis, poly in cells.items():
        p = xy[nis]
        near = [o for o, q in xy.items() if o != nis and abs(q[0] - p[0]) < 2 * _CELL_RADIUS
                and abs(q[1] - p[1]) < 2 * _CELL_RADIUS]
        for i, u in enumerate(poly):
            v = poly[(i + 1) % len(poly)]
            facing = None
            for other in near:
                q = xy[other]
                if all(abs(math.dist(w, p) - math.dist(w, q)) < 1e-6 * _CELL_RADIUS + 1e-9 for w in (u, v)):
                    facing = other
                    break
            if facing is None or (province.get(facing) != province.get(nis) and nis < facing):
                found.append((u, v))
    return found


_XY = tuple[float, float]


@lru_cache(maxsize=8)
def _mosaic(xy: tuple[tuple[str, _XY], ...], provinces: tuple[tuple[str, str], ...] | None
            ) -> tuple[dict[str, list[_XY]], list[tuple[_XY, _XY]]]:
    """The cells and the province borders of a set of points: the same geometry for every map of a
    build (the landing page's, the exchange page's, in both languages) and for every build of the
    same municipalities, so it is computed once. Read only: the maps share what it returns."""
    points = dict(xy)
    cells = _cells(points)
    return cells, (_cell_borders(points, cells, dict(provinces)) if provinces else [])


def cell_map(counts: Mapping[str, int], points: Mapping[str, Point], *,
             href: Callable[[str], str | None] | None = None, lang: str = "nl",
             provinces: Mapping[str, str] | None = None, standalone: bool = True) -> str:
    """A cell per municipality around its point, coloured by its number of measures, linked to its page;
    `provinces` (NIS -> province) adds the province borders.

    Needs only the project's points (data/gemeenten-punten.csv), no boundaries.

    >>> svg = cell_map({"44021": 3}, {"44021": Point("44021", "Gent", 51.05, 3.72)})
    >>> 'fill="#1f5c99"' in svg and "Gent: 3 maatregelen" in svg
    True
    """
    frame = _Frame()
    xy = {nis: frame.xy(p.lon, p.lat) for nis, p in sorted(points.items())}
    cells, borders = _mosaic(tuple(xy.items()), tuple(sorted(provinces.items())) if provinces else None)
    body = []
    for nis, poly in cells.items():
        n = counts.get(nis, 0)
        label = _label(points[nis].name, n, lang)
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in poly) + " Z"
        cell = (f'<path d="{d}" fill="{colour(n)}" stroke="{CELL_STROKE}" stroke-width="0.6" '
                f'data-nis="{nis}"><title>{escape(label)}</title></path>')
        body.append(_link(href(nis) if href else None, label, cell))
    if provinces:  # on top of the cells; the names shown on focus lie at sea, clear of them
        body.append(_border_path(borders))
    return _svg(frame, body, TEXT.pick(lang)["map"], {nis: counts.get(nis, 0) for nis in points},
                lang, standalone)


def _rings(geometry: dict) -> Iterable[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def choropleth(counts: Mapping[str, int], geojson: Path, *, href: Callable[[str], str | None] | None = None,
               lang: str = "nl", provinces: Mapping[str, str] | None = None, standalone: bool = True) -> str:
    """Municipality polygons from a GeoJSON file (property `nis_code`), coloured by measures; with
    `provinces`, the borders between provinces and the outline (neighbours share their vertices)."""
    frame = _Frame()
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    body, seen = [], {}
    owners: dict[tuple[tuple[float, float], tuple[float, float]], set[str]] = {}
    for feature in sorted(features, key=lambda f: str(f["properties"]["nis_code"])):
        nis = str(feature["properties"]["nis_code"])
        name = str(feature["properties"].get("name_nl", nis))
        n = counts.get(nis, 0)
        seen[nis] = n
        rings = [[frame.xy(lon, lat) for lon, lat in ring] for ring in _rings(feature["geometry"])]
        d = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z" for ring in rings)
        for ring in rings:
            for a, b in zip(ring, ring[1:], strict=False):
                key = (min(a, b), max(a, b))
                owners.setdefault(key, set()).add(nis)
        label = _label(name, n, lang)
        # evenodd keeps the Baarle-Nassau enclaves as holes, whatever the ring orientation.
        path = (f'<path d="{d}" fill="{colour(n)}" fill-rule="evenodd" stroke="{CELL_STROKE}" '
                f'stroke-width="0.5" data-nis="{nis}"><title>{escape(label)}</title></path>')
        body.append(_link(href(nis) if href else None, label, path))
    if provinces:
        body.append(_border_path(seg for seg, who in owners.items()
                                 if len(who) == 1 or len({provinces.get(w) for w in who}) > 1))
    return _svg(frame, body, TEXT.pick(lang)["map"], seen, lang, standalone)


def bar_chart(rows: Iterable[tuple[str, int, int]], *, lang: str = "nl") -> str:
    """Horizontal stacked bars per province: (name, municipalities with, without measures).

    >>> "Limburg" in bar_chart([("Limburg", 3, 35)], lang="en")
    True
    """
    rows, title, labels = list(rows), TEXT.pick(lang)["chart"], TEXT.pick(lang)["bars"]
    total_max = max((a + b for _, a, b in rows), default=1) or 1
    left, bar_w, row_h = 170, 520, 28
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 {len(rows) * row_h + 50}" '
           f'role="img" aria-labelledby="grafiek-titel" class="grafiek" font-family="sans-serif" '
           f'font-size="13"><title id="grafiek-titel">{escape(title)}</title>']
    for i, (label, with_n, without_n) in enumerate(rows):
        y = 10 + i * row_h
        w1 = bar_w * with_n / total_max
        w2 = bar_w * without_n / total_max
        out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
                   f'<rect x="{left}" y="{y}" width="{w1:.1f}" height="20" fill="#08519c">'
                   f'<title>{escape(label)}: {with_n} {labels[0]}</title></rect>'
                   f'<rect x="{left + w1:.1f}" y="{y}" width="{w2:.1f}" height="20" fill="#e3e3e3">'
                   f'<title>{escape(label)}: {without_n} {labels[1]}</title></rect>'
                   f'<text x="{left + w1 + w2 + 6:.1f}" y="{y + 15}">{with_n} / {with_n + without_n}</text>')
    y = 10 + len(rows) * row_h + 8
    out.append(f'<rect x="{left}" y="{y}" width="14" height="14" fill="#08519c"/>'
               f'<text x="{left + 20}" y="{y + 12}">{escape(labels[0])}</text>'
               f'<rect x="{left + 200}" y="{y}" width="14" height="14" fill="#e3e3e3" stroke="#999"/>'
               f'<text x="{left + 220}" y="{y + 12}">{escape(labels[1])}</text></svg>')
    return "".join(out)
