"""The published queries (queries/*.rq): read once, with the header every query file carries.

Each file starts with comment lines `# title-nl:`, `# title-en:`, `# answers:` and `# parameters:`
(a line starting with '#' and no key continues the previous field), and `# graph: versies` for the
queries over the versions graph (versies.nt, lod/release/history.py) instead of the data.
Every figure of the insight
stage is the answer of one of them, and the release publishes them, so a researcher reruns any
figure on the endpoint or a dump.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode

from lod.config import Config
from lod.store.base import Store
from lod.terms import XSD, rebase

QUERY_DIR = Path(__file__).parent / "queries"


@dataclass(frozen=True)
class NamedQuery:
    """One published query: its file name (without .rq), header fields and text under cfg's base."""

    name: str
    title_nl: str
    title_en: str
    answers: str
    parameters: str
    text: str
    graph: str = "data"  # which graph it asks: "data" (the endpoint's) or "versies" (versies.nt)


def _header(text: str) -> dict[str, str]:
    fields_: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*([a-z-]+):\s*(.*)", line)
        if m:
            key = m.group(1)
            fields_[key] = m.group(2).strip()
        elif key:
            fields_[key] += " " + line.lstrip("# ").strip()
    return fields_


def named_queries(cfg: Config) -> list[NamedQuery]:
    """The published queries, rebased onto cfg.base_uri, sorted by name.

    >>> from lod.config import Config
    >>> "dekking-totaal" in [q.name for q in named_queries(Config())]
    True
    """
    out = []
    for path in sorted(QUERY_DIR.glob("*.rq")):
        text = rebase(path.read_text(encoding="utf-8"), cfg)
        h = _header(text)
        out.append(NamedQuery(path.stem, h.get("title-nl", path.stem), h.get("title-en", path.stem),
                              h.get("answers", ""), h.get("parameters", "none"), text,
                              h.get("graph", "data")))
    return out


_INTEGERS = frozenset((XSD.integer, XSD.int, XSD.long))  # made once: _value is asked per cell
_BOOLEAN = XSD.boolean


def _value(term: Any) -> Any:
    if isinstance(term, Literal):
        datatype = term.datatype
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == _BOOLEAN:
            return term.value in ("true", "1")
        return term.value
    return getattr(term, "value", term)


def run_query(store: Store, cfg: Config, name: str, **bindings: NamedNode) -> list[dict[str, Any]]:
    """Run a named query with values bound, never spliced.

    Rows are dicts of plain Python values: IRIs as str, xsd:integer as int, xsd:boolean as bool.
    """
    text = next(q.text for q in named_queries(cfg) if q.name == name)
    rows = store.select(text, bindings=dict(bindings))
    return [{k: _value(v) for k, v in row.items() if v is not None} for row in rows]


__all__ = ["NamedQuery", "QUERY_DIR", "named_queries", "run_query"]
