"""Time the fast SHACL engine against pySHACL on synthetic measures, with the project's shapes.

    .venv/bin/python bench/validate_bench.py --triples 1000000 [--skip-pyshacl] [--json out.json]

The data follows docs/rdf-model.md (a measure with its period, partner roles, output and contact,
plus the municipalities it points to); about 1 measure in 50 carries a planted error, so both
engines have findings to agree on. Prints the timings and whether the findings are identical.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lod.validate.engine import validate_graph  # noqa: E402

BASE = "https://w3id.org/veilig-uitgaan/"
VU, ID = f"{BASE}ns#", f"{BASE}id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT, DCAT, PROV = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#", "http://www.w3.org/ns/prov#"
ADMS, SCHEMA, ORG = "http://www.w3.org/ns/adms#", "https://schema.org/", "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KINDS = ["beleid", "sensibilisering", "vorming", "codewoord", "terreinteam", "veilige-ruimte", "spiking"]
SETTINGS = ["cafe", "club", "studentenbuurt", "stadsfestival", "muziekfestival", "fuif"]
GROUPS = ["uitgaanders", "jongeren", "studenten", "omstaanders", "horecapersoneel"]
STATUS = ["gepland", "lopend", "afgerond", "stopgezet"]
WORDS = "veilig uitgaan nacht festival grens respect melden hulp team opleiding affiche campagne".split()


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _date(year: int, month: int, day: int) -> ox.Literal:
    return ox.Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=_n(XSD + "date"))


def measure_quads(n_measures: int, seed: int = 1) -> list[ox.Quad]:
    """Measures as the graph stage writes them; every 50th has one planted error."""
    rnd = random.Random(seed)
    quads: list[ox.Quad] = []

    def add(s: str, p: str, o) -> None:
        quads.append(ox.Quad(_n(s), _n(p), o if not isinstance(o, str) else _n(o)))

    towns = [f"https://data.vlaanderen.be/id/gemeente/{11000 + i:05d}" for i in range(300)]
    for town in towns:
        add(town, RDF + "type", VU + "Gemeente")
        add(town, VU + "nisCode", ox.Literal(town[-5:]))
        add(town, SKOS + "prefLabel", ox.Literal(f"Gemeente {town[-5:]}", language="nl"))
        add(town, VU + "provincie", "https://data.vlaanderen.be/id/provincie/10000")
        add(town, VU + "geldigVanaf", _date(1977, 1, 1))
    partners = [f"{ID}organisatie/partner-{i}" for i in range(200)]
    for org in partners:
        add(org, RDF + "type", ORG + "Organization")
        add(org, SKOS + "prefLabel", ox.Literal(f"Partner {org[-3:]}", language="nl"))
    for i in range(n_measures):
        m = f"{ID}maatregel/{i:06d}"
        error = i % 50 == 7 and rnd.randrange(6)
        add(m, RDF + "type", VU + "Maatregel")
        add(m, DCT + "identifier", ox.Literal(f"{i:06d}" if error != 1 else f"{i} x"))
        text = " ".join(rnd.choices(WORDS, k=rnd.randrange(3, 9)))
        add(m, DCT + "title", ox.Literal(text, language="nl"))
        add(m, DCT + "title", ox.Literal(text + " (en)", language="en"))
        add(m, DCT + "description", ox.Literal(" ".join(rnd.choices(WORDS, k=40)), language="nl"))
        for kind in rnd.sample(KINDS, rnd.randrange(1, 3)):
            scheme = "maatregeltype" if error != 2 else "onbekend"
            add(m, DCT + "type", f"{ID}concept/{scheme}/{kind}")
        add(m, VU + "specifiekSGG", ox.Literal("true", datatype=_n(XSD + "boolean")))
        add(m, VU + "goedePraktijk", ox.Literal("false", datatype=_n(XSD + "boolean")))
        town = rnd.choice(towns)
        add(m, DCT + "spatial", town)
        add(m, VU + "huidigeGemeente", town)
        add(m, VU + "omgeving", f"{ID}concept/omgeving/{rnd.choice(SETTINGS)}")
        add(m, DCT + "audience", f"{ID}concept/doelgroep/{rnd.choice(GROUPS)}")
        if error != 3:
            add(m, ADMS + "status", f"{ID}concept/status/{rnd.choice(STATUS[:2])}")
        period = f"{m}#periode"
        add(m, DCT + "temporal", period)
        add(period, RDF + "type", DCT + "PeriodOfTime")
        year = rnd.randrange(2015, 2025)
        add(period, DCAT + "startDate", _date(year, rnd.randrange(1, 13), rnd.randrange(1, 29)))
        add(period, DCAT + "endDate", _date(year + (1 if error != 4 else -1), 12, 31))
        lead = rnd.choice(partners)
        add(m, VU + "trekker", lead)
        add(m, PROV + "wasAssociatedWith", lead)
        role = f"{m}#rol-1"
        add(m, PROV + "qualifiedAssociation", role)
        add(role, RDF + "type", PROV + "Association")
        add(role, PROV + "agent", lead)
        add(role, PROV + "hadRole", f"{ID}concept/partnerrol/trekker")
        output = f"{m}#output-1"
        add(m, VU + "output", output)
        add(output, RDF + "type", VU + "Output")
        add(output, VU + "indicator", ox.Literal("meldingen ontvangen", language="nl"))
        add(output, RDF + "value", ox.Literal(str(rnd.randrange(500)), datatype=_n(XSD + "integer")))
        add(m, VU + "evaluatie", ox.Literal("geëvalueerd met de partners", language="nl"))
        contact = f"{m}#contact"
        add(m, SCHEMA + "contactPoint", contact)
        add(contact, RDF + "type", SCHEMA + "ContactPoint")
        add(contact, SCHEMA + "contactType", ox.Literal("preventiecoördinator", language="nl"))
        add(contact, SCHEMA + "email", ox.Literal("preventie@stad.example"))
        add(m, DCT + "source", f"https://www.vvsg.be/bron/{i}")
        add(m, DCT + "license", "http://creativecommons.org/licenses/by/4.0/")
        add(m, PROV + "wasAttributedTo", f"{ID}organisatie/vvsg")
        add(m, DCT + "modified", _date(2024, 5, 1) if error != 5 else ox.Literal("gisteren"))
        add(m, PROV + "wasDerivedFrom", f"{BASE}doc/bron/maatregelen.csv#rij-{i + 2}")
    return quads


def shapes_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "shapes").glob("*.ttl")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--skip-pyshacl", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    per_measure = (len(measure_quads(20)) - len(measure_quads(10))) // 10
    quads = measure_quads(max(1, (args.triples - len(measure_quads(0))) // per_measure))
    shapes = shapes_text()
    result: dict = {"triples": len(quads)}
    start = time.perf_counter()
    store = ox.Store()
    store.bulk_extend(quads)
    result["load_store_s"] = round(time.perf_counter() - start, 2)
    # CPU seconds next to wall seconds: on a shared machine the wall clock measures the neighbours too.
    start, cpu = time.perf_counter(), time.process_time()
    fast = validate_graph(store, shapes, engine="fast")
    result["fast_s"] = round(time.perf_counter() - start, 2)
    result["fast_cpu_s"] = round(time.process_time() - cpu, 2)
    result["findings"] = len(fast.findings)
    if not args.skip_pyshacl:
        start, cpu = time.perf_counter(), time.process_time()
        reference = validate_graph(quads, shapes, engine="pyshacl")
        result["pyshacl_s"] = round(time.perf_counter() - start, 2)
        result["pyshacl_cpu_s"] = round(time.process_time() - cpu, 2)
        result["speedup"] = round(result["pyshacl_s"] / result["fast_s"], 1)
        result["speedup_cpu"] = round(result["pyshacl_cpu_s"] / result["fast_cpu_s"], 1)
        result["identical"] = {f.key for f in fast.findings} == {f.key for f in reference.findings}
        result["pyshacl_findings"] = len(reference.findings)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
