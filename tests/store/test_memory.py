"""describe: a resource's triples and its hash parts', in the one order every document shows them."""

from __future__ import annotations

import random

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from lod.store.memory import describe

X = "http://e/X"
# Subjects whose IRIs begin one another: parts (X#…) and others that are no parts (X-c, X/b, X0).
SUBJECTS = [X, X + "#a", X + "#a2", X + "#b", X + "#é", X + "-c", X + "/b", X + "0", "http://e/Y"]
PREDICATES = ["http://e/p", "http://e/p2", "http://e/p-", "http://e/p/q", "http://e/a",
              "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"]
OBJECTS = [*(NamedNode(s) for s in SUBJECTS), Literal("a"), Literal("a", language="nl"), Literal("Z"),
           Literal('q"uote \\ é'), Literal("1", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))]


def _reference(quads: list[Quad], iri: str) -> list[Quad]:
    """What describe means: the resource's triples, and those of each part it links to, in one sort
    by (subject, predicate, object as N-Triples writes it)."""
    parts = {q.object.value for q in quads if q.subject.value == iri and isinstance(q.object, NamedNode)
             and q.object.value.startswith(iri + "#")}
    found = [Quad(q.subject, q.predicate, q.object) for q in quads if q.subject.value in {iri, *parts}]
    return sorted(set(found), key=lambda q: (q.subject.value, q.predicate.value, str(q.object)))


@pytest.mark.parametrize("seed", range(12))
def test_describe_gives_the_triples_of_the_resource_and_its_parts_in_one_sorted_order(seed):
    rnd = random.Random(seed)
    quads = [Quad(NamedNode(rnd.choice(SUBJECTS)), NamedNode(rnd.choice(PREDICATES)), rnd.choice(OBJECTS))
             for _ in range(rnd.randint(5, 120))]
    graph = NamedNode("http://e/graph")
    default, named = Store(), Store()
    default.extend(quads)
    named.extend(Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    for iri in (X, X + "#a", "http://e/Y"):
        expected = _reference(quads, iri)
        assert describe(default, iri) == expected
        assert describe(named, iri, in_graph=graph) == expected
    assert describe(default, "http://e/nothing") == []
