"""ontology/context.jsonld: the JSON-LD dumps' context loses nothing and names every vu: term."""

from __future__ import annotations

import json
from pathlib import Path

import rdflib
from rdflib.compare import isomorphic

from lod.graph.codelists import context_path, load_model
from lod.terms import DEFAULT_BASE

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples" / "valid"


def _context(cfg) -> dict:
    return json.loads(context_path(cfg).read_text(encoding="utf-8"))["@context"]


def test_compacting_with_the_context_and_reading_back_gives_the_same_graph(cfg):
    context = _context(cfg)
    for example in sorted(EXAMPLES.glob("*.ttl")):
        graph = rdflib.Graph().parse(example, format="turtle")
        compact = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        assert isomorphic(graph, rdflib.Graph().parse(data=json.dumps(compact), format="json-ld")), example


def test_a_measure_compacts_to_the_short_dutch_terms(cfg):
    graph = rdflib.Graph().parse(EXAMPLES / "gentse-feesten.ttl", format="turtle")
    compact = json.loads(graph.serialize(format="json-ld", context=_context(cfg), auto_compact=True))
    measure = next(n for n in compact["@graph"] if n.get("@type") == "Maatregel")
    assert measure["titel"]["nl"].startswith("Gentse Feesten")
    assert measure["gemeente"] == ["https://data.vlaanderen.be/id/gemeente/44021"]  # @set: always a list
    assert measure["status"].endswith("/status/lopend")
    assert {"type", "doelgroep", "omgeving", "trekker", "periode", "bron", "gewijzigd"} <= set(measure)


def test_every_vu_term_has_a_short_name(cfg):
    context = _context(cfg)
    targets = {v if isinstance(v, str) else v["@id"] for v in context.values()
               if isinstance(v, str | dict) and (isinstance(v, str) or "@id" in v)}
    vocabulary = {q.subject.value for q in load_model(cfg)
                  if q.subject.value.startswith(f"{DEFAULT_BASE}ns#")}
    assert len(vocabulary) >= 23
    missing = {iri for iri in vocabulary if "vu:" + iri.split("#")[1] not in targets}
    assert missing == set()
