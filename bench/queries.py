"""Six researcher queries, timed in process (pyoxigraph) and over HTTP (any SPARQL 1.1 endpoint).

The queries use only SPARQL 1.1 that pyoxigraph, Virtuoso and rdflib all answer, with their
prefixes written out (Virtuoso and rdflib do not know the server's predeclared ones). Each
engine's row count per query is kept, so the comparison also checks that they agree.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from typing import Any

import requests

PREFIXES = """PREFIX vu: <https://w3id.org/veilig-uitgaan/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

QUERIES: dict[str, str] = {
    "per kind per province": """
SELECT ?provincie ?soort (COUNT(DISTINCT ?m) AS ?maatregelen) WHERE {
  ?m a vu:Maatregel ; dct:type ?soort ; vu:huidigeGemeente ?g .
  ?g vu:provincie ?provincie .
} GROUP BY ?provincie ?soort ORDER BY ?provincie ?soort""",
    "today's municipality incl. predecessors": """
SELECT ?m ?titel ?plaats ?plaatsNaam WHERE {
  ?vandaag vu:nisCode "46030" .
  ?m dct:spatial ?plaats ; dct:title ?titel .
  ?plaats dct:isReplacedBy* ?vandaag ; skos:prefLabel ?plaatsNaam .
} ORDER BY ?m""",
    "partners per kind": """
SELECT ?soort ?partner ?rol (COUNT(DISTINCT ?m) AS ?maatregelen) WHERE {
  ?m a vu:Maatregel ; dct:type ?soort ; prov:qualifiedAssociation ?a .
  ?a prov:agent ?partner ; prov:hadRole ?rol .
} GROUP BY ?soort ?partner ?rol ORDER BY ?soort DESC(?maatregelen) ?partner ?rol""",
    "good practices with contacts": """
SELECT ?m ?titel ?gemeente ?rol ?mailbox WHERE {
  ?m vu:goedePraktijk "true"^^xsd:boolean ; dct:title ?titel ; vu:huidigeGemeente ?g ;
     schema:contactPoint ?c .
  ?g skos:prefLabel ?gemeente .
  ?c schema:contactType ?rol .
  OPTIONAL { ?c schema:email ?mailbox }
  FILTER(LANG(?titel) = "nl")
} ORDER BY ?m""",
    "text search": """
SELECT ?m ?titel WHERE {
  ?m a vu:Maatregel ; dct:title ?titel .
  FILTER(CONTAINS(LCASE(STR(?titel)), "angela"))
} ORDER BY ?m""",
    "coverage": """
SELECT (COUNT(DISTINCT ?g) AS ?gemeenten) (COUNT(DISTINCT ?met) AS ?metMaatregelen)
       (COUNT(DISTINCT ?m) AS ?maatregelen) WHERE {
  ?g a vu:Gemeente .
  FILTER NOT EXISTS { ?g vu:geldigTot ?einde }
  OPTIONAL { ?m a vu:Maatregel ; vu:huidigeGemeente ?g . BIND(?g AS ?met) }
}""",
}


def full(query: str) -> str:
    return PREFIXES + query


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds (nearest rank), with the number of runs."""
    ordered = sorted(samples)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    return {"p50_ms": round(rank(0.5) * 1000, 2), "p95_ms": round(rank(0.95) * 1000, 2),
            "mean_ms": round(statistics.mean(ordered) * 1000, 2), "runs": len(ordered)}


def time_queries(run: Callable[[str], int], *, runs: int, budget_s: float,
                 stop_after_timeout: bool = False) -> dict[str, Any]:
    """Each query once cold, then `runs` times warm, fewer if a query uses up its share of the budget.

    With `stop_after_timeout`, a query that times out ends the series: a server that keeps working
    on an abandoned query (rdflib-endpoint) would slow every later query down.
    """
    results: dict[str, Any] = {}
    share = budget_s / len(QUERIES)
    stopped = None
    for name, query in QUERIES.items():
        if stopped:
            results[name] = {"error": f"not run: the endpoint was still busy with '{stopped}'"}
            continue
        text = full(query)
        start = time.perf_counter()
        try:
            rows = run(text)  # warm-up; also the row count
        except Exception as exc:  # an engine that cannot answer is reported, not fatal
            results[name] = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
            if stop_after_timeout and "imeout" in type(exc).__name__ + str(exc):
                stopped = name
            continue
        samples = [time.perf_counter() - start]
        for _ in range(runs):
            if sum(samples) > share:
                break
            start = time.perf_counter()
            run(text)
            samples.append(time.perf_counter() - start)
        timed = samples[1:] or samples
        # cold: the first run (the result cache, if any, empty); p50/p95 over the runs after it
        results[name] = {"rows": rows, "cold_ms": round(samples[0] * 1000, 2), **percentiles(timed)}
        states = getattr(run, "cache_states", None)
        if states:  # what the server's X-Cache said: cold a miss, warm hits (lod serve)
            results[name]["cold_cache"] = states[-len(samples)]
            results[name]["warm_cache"] = "/".join(sorted(set(states[-len(samples) + 1:]))) or None
    return results


def pyoxigraph_runner(store: Any) -> Callable[[str], int]:
    """In process, on the release's store (the release is its one named graph, read as the default
    graph as `lod serve` reads it); results are consumed to the last row."""
    def run(query: str) -> int:
        return sum(1 for _ in store.query(query, use_default_graph_as_union=True))
    return run


def http_runner(endpoint: str, *, timeout: float = 120, session: requests.Session | None = None,
                headers: dict[str, str] | None = None) -> Callable[[str], int]:
    """SPARQL 1.1 Protocol (POST form), JSON results parsed, as a researcher's client would."""
    http = session or requests.Session()
    states: list[str] = []

    def run(query: str) -> int:
        answer = http.post(endpoint, data={"query": query}, timeout=timeout,
                           headers={"Accept": "application/sparql-results+json", **(headers or {})})
        answer.raise_for_status()
        if "x-cache" in answer.headers:
            states.append(answer.headers["x-cache"])
        return len(answer.json()["results"]["bindings"])
    run.cache_states = states  # type: ignore[attr-defined]
    return run
