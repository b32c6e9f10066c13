"""The impact of knowledge sharing over time, asked of the versions graph (versies.nt).

"We bekijken achteraf wat de impact van de kennisdeling is": per release, and per start year of the
measures themselves, how many of today's municipalities act, per province and per kind; which
municipalities started acting since the previous release and since the covenant began; which kinds
spread. Every figure is the answer of one published query (`queries/impact-*.rq`, `# graph:
versies`), run here on the versions graph and written as it comes: `impact.json` keeps each
query's name and rows, `impact.csv` the same rows one per line, so a researcher loads versies.nt
into any SPARQL store, runs the .rq file and gets the same numbers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import RdfFormat, Store

from lod.config import Config
from lod.insight.named import NamedQuery, _value, named_queries

# The covenant on sexual violence in nightlife started in 2023: "since the covenant" counts from it.
COVENANT_START = 2023


@dataclass(frozen=True)
class Figure:
    """One figure of the series: its query and the rows it gave."""

    query: NamedQuery
    rows: list[dict[str, Any]]

    @property
    def name(self) -> str:
        return self.query.name


def impact_queries(cfg: Config) -> list[NamedQuery]:
    """The published queries over the versions graph."""
    return [q for q in named_queries(cfg) if q.graph == "versies"]


def impact_predicates(cfg: Config) -> frozenset[bytes]:
    """Every IRI the impact queries name, written out or as a prefixed name, and rdf:type (`a`), as
    N-Triples terms: a superset of the predicates they match, for none of them has a variable or
    negated predicate (tests/insight/test_impact.py parses them to hold them to it)."""
    names = {_RDF_TYPE}
    for q in impact_queries(cfg):
        declared = dict(_PREFIX.findall(q.text))
        names |= set(_IRI.findall(q.text))
        names |= {declared[p] + local for p, local in _PREFIXED.findall(q.text) if p in declared}
    return frozenset(f"<{name}>".encode() for name in names)


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PREFIX = re.compile(r"PREFIX\s+([\w-]*):\s*<([^>\s]*)>", re.IGNORECASE)
_IRI = re.compile(r"<([^<>\s]+)>")
_PREFIXED = re.compile(r"(?<![\w?$:])([\w-]*):([\w-]+(?:\.[\w-]+)*)")


def load_versions_graph(path: Path, cfg: Config | None = None) -> Store:
    """versies.nt in a store. With `cfg`, only the lines whose predicate an impact query names: the
    same answers to those queries from a third of the file (each member carries every triple of
    its measure, and loading them was most of the impact stage)."""
    store = Store()
    if cfg is None:
        store.bulk_load(path=str(path), format=RdfFormat.N_TRIPLES)
        return store
    wanted = impact_predicates(cfg)
    with path.open("rb") as lines:  # a line is '<subject> <predicate> object .': no space in an IRI
        store.bulk_load(b"".join(line for line in lines if _kept(line, wanted)), format=RdfFormat.N_TRIPLES)
    return store


def _kept(line: bytes, wanted: frozenset[bytes]) -> bool:
    """Whether a line's predicate is `wanted`; a line that is no triple is kept, so that the parser
    says what is wrong with the file rather than the figures leaving it out."""
    parts = line.split(b" ", 2)
    return parts[1] in wanted if len(parts) == 3 and parts[1].startswith(b"<") else bool(line.strip())


def impact_series(store: Store, cfg: Config) -> list[Figure]:
    """Every impact figure: each query's rows, plain values (IRIs as text, integers as int)."""
    figures = []
    for q in impact_queries(cfg):
        result = store.query(q.text)
        names = list(result.variables)
        rows = [{v.value: _value(sol[v]) for v in names if sol[v] is not None} for sol in result]
        figures.append(Figure(q, rows))
    return figures


def started_since(figures: list[Figure]) -> dict[str, list[dict[str, Any]]]:
    """From `impact-gemeenten`: the municipalities that started acting since the previous release
    (no measure at it) and since the covenant began (first measure starting in COVENANT_START or later)."""
    rows = next((f.rows for f in figures if f.name == "impact-gemeenten"), [])
    return {
        "previous_release": [r for r in rows if r.get("inVorigeVersie") is False],
        "covenant": [r for r in rows if int(r.get("eersteJaar", 0)) >= COVENANT_START],
    }


def impact_json(figures: list[Figure]) -> bytes:
    doc = {
        "covenant_start": COVENANT_START,
        "figures": {
            f.name: {
                "query": f"queries/{f.name}.rq",
                "title": {"nl": f.query.title_nl, "en": f.query.title_en},
                "rows": f.rows,
            }
            for f in figures
        },
    }
    return (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def impact_csv(figures: list[Figure]) -> bytes:
    """One line per row of every figure: figure, then the columns of all figures (empty where a
    figure has no such column)."""
    columns: list[str] = []
    for f in figures:
        for row in f.rows:
            columns += [c for c in row if c not in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figuur", *columns])
    for f in figures:
        for row in f.rows:
            writer.writerow([f.name, *(_cell(row.get(c)) for c in columns)])
    return out.getvalue().encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


__all__ = [
    "COVENANT_START",
    "Figure",
    "impact_csv",
    "impact_json",
    "impact_predicates",
    "impact_queries",
    "impact_series",
    "load_versions_graph",
    "started_since",
]
