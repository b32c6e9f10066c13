"""Municipalities, provinces and mergers as triples (docs/rdf-model.md, "Municipalities").

Choices, and why:
- The territory is the Adressenregister IRI `https://data.vlaanderen.be/id/gemeente/{NIS}`, typed
  `prov:Location` because the LBLOD Bestuurseenheid shape wants its `besluit:werkingsgebied` to be one.
- `skos:exactMatch` to belgif REFNIS: `refnis2025/{NIS}` for codes valid now, plus `refnis2019/{NIS}`
  when the territory did not change in 2025; `refnis2019/{NIS}` for codes that ended on 2024-12-31;
  `refnis1995/{NIS}` for the codes that ended on 2018-12-31 (they are not in refnis2019). Antwerpen
  11002 kept its code but gained Borsbeek, so `refnis2019/11002` (and LBLOD's 2022 werkingsgebied)
  is the smaller, older territory: `skos:narrowMatch`, not `skos:exactMatch`.
- The administrative unit is LBLOD's `besluit:Bestuurseenheid` IRI where the mapping knows it, else one
  minted under `{base}id/bestuurseenheid/{NIS}` (terms.bestuurseenheid_iri): the 2022 LBLOD snapshot
  links werkingsgebieden to NIS codes but does not say which of the units sharing one is the gemeente.
- A merger is one `organisatie:Fusie` per resulting code and date (`{base}id/fusie/2025-46030`); its
  original and resulting organisations are the units (Antwerpen's unit is both in 2025).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from lod.config import Config
from lod.records.territory import Municipalities, Municipality
from lod.terms import (
    BESLUIT,
    CLASSIFICATIE_GEMEENTE,
    DCT,
    ORG,
    ORGANISATIE,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    bestuurseenheid_iri,
    merger_iri,
    province_iri,
    refnis_iri,
    territory_iri,
    vocab,
)

MERGER_2025 = date(2025, 1, 1)


def _nl(text: str) -> Literal:
    return Literal(text, language="nl")


def _date(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def unit_node(m: Municipality, cfg: Config) -> NamedNode:
    """The municipality as an organisation (the lead of a measure)."""
    return bestuurseenheid_iri(cfg, m.nis_code, m.lblod_bestuurseenheid)


def _refnis_links(m: Municipality, towns: Municipalities) -> Iterator[tuple[NamedNode, NamedNode]]:
    # a code that existed before 2025 and absorbed another (only Antwerpen 11002): its older
    # concepts describe a smaller territory
    grew_in_2025 = m.valid_from < MERGER_2025 and any(
        link.new_nis == m.nis_code and link.old_nis != m.nis_code and link.date == MERGER_2025
        for link in towns.mergers)
    if m.valid_to is None:
        yield SKOS.exactMatch, refnis_iri(m.nis_code, 2025)
        if m.valid_from < MERGER_2025:
            yield (SKOS.narrowMatch if grew_in_2025 else SKOS.exactMatch), refnis_iri(m.nis_code, 2019)
    elif m.valid_to >= date(2019, 1, 1):
        yield SKOS.exactMatch, refnis_iri(m.nis_code, 2019)
    else:
        yield SKOS.exactMatch, refnis_iri(m.nis_code, 1995)
    if m.lblod_werkingsgebied:
        yield (SKOS.narrowMatch if grew_in_2025 else SKOS.exactMatch), NamedNode(m.lblod_werkingsgebied)


def territory_quads(municipalities: Municipalities, cfg: Config) -> Iterator[Quad]:
    """Every territory, administrative unit, province and merger, in a stable order."""
    vu = vocab(cfg)
    for province in sorted(municipalities.provinces.values(), key=lambda p: p.nis_code):
        p = province_iri(province.nis_code)
        yield Quad(p, RDF.type, PROV.Location)
        yield Quad(p, RDF.type, DCT.Location)
        yield Quad(p, SKOS.prefLabel, _nl(province.name))
        yield Quad(p, SKOS.prefLabel, Literal(province.name_en, language="en"))
        yield Quad(p, RDFS.label, _nl(province.name))
        yield Quad(p, vu.nisCode, Literal(province.nis_code))
        yield Quad(p, SKOS.exactMatch, refnis_iri(province.nis_code, 2025))
    yield Quad(CLASSIFICATIE_GEMEENTE, RDF.type, SKOS.Concept)
    yield Quad(CLASSIFICATIE_GEMEENTE, SKOS.prefLabel, _nl("Gemeente"))
    for m in municipalities:
        t = territory_iri(m.nis_code)
        yield Quad(t, RDF.type, PROV.Location)
        yield Quad(t, RDF.type, DCT.Location)
        yield Quad(t, RDF.type, vu.Gemeente)
        yield Quad(t, SKOS.prefLabel, _nl(m.name))
        yield Quad(t, RDFS.label, _nl(m.name))
        yield Quad(t, vu.nisCode, Literal(m.nis_code))
        yield Quad(t, vu.provincie, province_iri(m.province_nis))
        yield Quad(t, vu.geldigVanaf, _date(m.valid_from))
        if m.valid_to:
            yield Quad(t, vu.geldigTot, _date(m.valid_to))
        if m.replaced_by:
            successor = territory_iri(m.replaced_by)
            yield Quad(t, DCT.isReplacedBy, successor)
            yield Quad(successor, DCT.replaces, t)
        for predicate, target in _refnis_links(m, municipalities):
            yield Quad(t, predicate, target)
        unit = unit_node(m, cfg)
        yield Quad(unit, RDF.type, BESLUIT.Bestuurseenheid)
        yield Quad(unit, SKOS.prefLabel, _nl(f"Gemeente {m.name}"))
        yield Quad(unit, ORG.classification, CLASSIFICATIE_GEMEENTE)
        yield Quad(unit, BESLUIT.werkingsgebied, t)
    yield from merger_quads(municipalities, cfg)


def merger_quads(municipalities: Municipalities, cfg: Config) -> Iterator[Quad]:
    """One organisatie:Fusie per resulting municipality and date."""
    groups: dict[tuple[date, str], list[str]] = {}
    for link in municipalities.mergers:
        groups.setdefault((link.date, link.new_nis), []).append(link.old_nis)
    for (day, new_nis), olds in sorted(groups.items()):
        new = municipalities[new_nis]
        event = merger_iri(cfg, day.year, new_nis)
        names = ", ".join(municipalities[o].name for o in sorted(olds))
        yield Quad(event, RDF.type, ORGANISATIE.Fusie)
        yield Quad(event, RDFS.label, _nl(f"Fusie van {names} tot {new.name} ({day.year})"))
        yield Quad(event, DCT.date, _date(day))
        for old_nis in sorted(olds):
            old_unit = unit_node(municipalities[old_nis], cfg)
            yield Quad(event, ORG.originalOrganization, old_unit)
            yield Quad(old_unit, ORG.changedBy, event)
        new_unit = unit_node(new, cfg)
        yield Quad(event, ORG.resultingOrganization, new_unit)
        yield Quad(new_unit, ORG.resultedFrom, event)


__all__ = ["territory_quads", "merger_quads", "unit_node"]
