"""The impact figures are made over the lines of versies.nt whose predicate an impact query names."""

from __future__ import annotations

import pytest
from rdflib import URIRef, Variable
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from lod.config import Config
from lod.insight.impact import impact_predicates, impact_queries

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _predicates(node, found: set) -> None:
    """Every predicate of every triple pattern of a query's algebra, a path's IRIs one by one."""
    if isinstance(node, CompValue):
        for value in node.values():
            _predicates(value, found)
        if "triples" in node:
            for _, predicate, _ in node["triples"]:
                found.add(predicate)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _predicates(item, found)


def _iris(predicate) -> list:
    if isinstance(predicate, PropertyPath):  # a sequence, alternative, inverse, … of IRIs
        parts = getattr(predicate, "args", None) or [getattr(predicate, "arg", None) or predicate.path]
        return [iri for part in parts for iri in _iris(part)]
    return [predicate]


@pytest.mark.parametrize("cfg", [Config(), Config(base_uri="https://data.example.org/vu/")],
                         ids=["default", "rebased"])
def test_every_predicate_of_the_impact_queries_is_kept(cfg):
    queries = impact_queries(cfg)
    assert len(queries) == 7
    kept = impact_predicates(cfg)
    for q in queries:
        found: set = set()
        _predicates(prepareQuery(q.text).algebra, found)
        iris = [iri for predicate in found for iri in _iris(predicate)]
        assert iris, q.name
        assert not [p for p in iris if isinstance(p, Variable)], f"{q.name}: a variable predicate"
        assert all(isinstance(p, URIRef) for p in iris), q.name
        missing = {str(p) for p in iris} - {t.decode()[1:-1] for t in kept}
        assert not missing, (q.name, missing)
    assert f"<{RDF_TYPE}>".encode() in kept


def test_a_damaged_versions_graph_is_refused_not_cut(tmp_path):
    """Only triples with a predicate no impact query names are left out: a line that is no triple
    reaches the parser, which refuses the file."""
    from lod.insight.impact import load_versions_graph

    path = tmp_path / "versies.nt"
    kept = '<http://e/v> <http://purl.org/dc/terms/isVersionOf> <http://e/m> .\n'
    dropped = '<http://e/v> <http://purl.org/dc/terms/title> "t" .\n'
    path.write_text(kept + dropped, encoding="utf-8")
    assert len(load_versions_graph(path, Config())) == 1 and len(load_versions_graph(path)) == 2
    path.write_text(kept + "kapot\n" + dropped, encoding="utf-8")
    with pytest.raises(SyntaxError):
        load_versions_graph(path, Config())
