"""The comparisons' JSON: the bytes json.dumps(asdict(...)) writes, from an encoder that shares work."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date

import pytest

from lod.config import Config
from lod.insight.exchange import Exchange
from lod.insight.formats import IndentedJson, comparison_encoder, comparison_json
from lod.store.memory import MemoryStore


def _reference(value: object) -> str:
    return json.dumps(asdict(value), ensure_ascii=False, indent=1, sort_keys=True, default=str)


@dataclass(frozen=True)
class Leaf:
    name: str
    share: float
    when: date
    flag: bool | None = None


@dataclass(frozen=True)
class Tree:
    leaves: tuple[Leaf, ...]
    by_code: dict[str, list[Leaf]]
    counts: dict[int, int] = field(default_factory=dict)
    empty: list[str] = field(default_factory=list)
    nested: dict[str, dict[str, str]] = field(default_factory=dict)


def test_every_kind_of_value_is_written_as_json_dumps_writes_it():
    a = Leaf('é "quoted"\n\\ ☃', 0.1, date(2026, 3, 1), True)
    b = Leaf("", 1e-7, date(2025, 1, 2), None)
    tree = Tree((a, b, a), {"z": [b], "a": [], "m": [a, b]}, {3: 1, -1: 2}, [], {"x": {}, "b": {"k": "v"}})
    encoder = IndentedJson(shared=(Leaf,))
    assert encoder.dumps(tree) == _reference(tree)
    assert encoder.dumps(tree) == _reference(tree)  # the second time from what it kept
    assert encoder.dumps(a) == _reference(a)  # a kept leaf at another indentation
    once = IndentedJson(repeated=(Leaf,))  # kept within one dumps: `a` twice in the tree
    assert once.dumps(tree) == _reference(tree)
    assert once.dumps(Tree((b, a), {}, {})) == _reference(Tree((b, a), {}, {}))  # not the ids of before


@pytest.fixture(scope="module")
def exchange(exchange_graph) -> Exchange:
    cfg = Config()
    return Exchange(MemoryStore(exchange_graph(cfg)), cfg)


def test_every_comparison_of_a_graph_is_the_bytes_asdict_and_json_dumps_give(exchange):
    encoder = comparison_encoder()
    rows = exchange.coverage.rows
    assert rows and any(k.partners for r in rows for k in exchange.compare(r.nis).kinds)  # shared ones
    for row in rows:
        cmp = exchange.compare(row.nis)
        assert comparison_json(cmp, encoder) == _reference(cmp) + "\n"
        assert comparison_json(cmp) == _reference(cmp) + "\n"
