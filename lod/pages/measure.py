"""The data rows of a measure page in a reader's order, each partner with its role, provenance apart.

`measure_rows(site, own, links, parts)` is called by `pages.site.Site.render` for measures; it needs
of the Site only what `RowSource` names (site.py imports this module, not the other way round).
"""

from __future__ import annotations

from typing import Any, Protocol

from pyoxigraph import Quad

from lod.config import Config
from lod.pages.links import Links
from lod.pages.text import MEASURE_ORDER, MEASURE_PROVENANCE, UI
from lod.terms import PREFIXES, prefixes

RDF_TYPE = PREFIXES["rdf"] + "type"
PROV, DCT = PREFIXES["prov"], PREFIXES["dct"]

Rows = list[dict[str, Any]]


def _roles(parts: dict[str, list[Quad]]) -> dict[str, list[Any]]:
    """Agent IRI -> its roles, from the measure's prov:Association parts (prov:agent, prov:hadRole)."""
    roles: dict[str, list[Any]] = {}
    for quads in parts.values():
        agents = [q.object.value for q in quads if q.predicate.value == PROV + "agent"]
        for q in quads:
            if q.predicate.value == PROV + "hadRole":
                for agent in agents:
                    roles.setdefault(agent, []).append(q.object)
    return roles


class RowSource(Protocol):
    """What measure_rows uses of pages.site.Site."""

    cfg: Config

    def property_rows(self, quads: list[Quad], links: Links, parts: dict[str, list[Quad]],
                      skip: tuple[str, ...] = ...) -> Rows: ...

    def value_of(self, term: Any, links: Links, parts: dict[str, list[Quad]]) -> dict[str, Any]: ...


def measure_rows(site: RowSource, own: list[Quad], links: Links,
                 parts: dict[str, list[Quad]]) -> tuple[Rows, Rows]:
    """(data rows in pagetext.MEASURE_ORDER, provenance rows in pagetext.MEASURE_PROVENANCE).

    Title and description are the page's heading and lead, so they are no rows; the qualified
    associations become each partner's role; the lead (vu:trekker) has its own row and is not
    repeated among the partners. Properties in neither list follow the data rows.
    """
    names = prefixes(site.cfg)
    iri = {n: names[n.split(":")[0]] + n.split(":")[1] for n in MEASURE_ORDER + MEASURE_PROVENANCE}
    vu = site.cfg.vocab_ns
    lead = {q.object.value for q in own if q.predicate.value == vu + "trekker"}
    kept = [q for q in own
            if not (q.predicate.value == PROV + "wasAssociatedWith" and q.object.value in lead)]
    skip = (RDF_TYPE, DCT + "title", DCT + "description", PROV + "qualifiedAssociation",
            vu + "intrekkingsreden")
    rows = site.property_rows(kept, links, parts, skip=skip)
    roles = _roles(parts)
    for row in rows:
        if row["iri"] == PROV + "wasAssociatedWith":
            row["label"] = UI.pick(links.lang)["partners"]
            for value in row["values"]:
                value["roles"] = [site.value_of(r, links, {}) for r in roles.get(value.get("iri_text"), [])]
    place = {iri[n]: i for i, n in enumerate(MEASURE_ORDER)}
    back = {iri[n]: i for i, n in enumerate(MEASURE_PROVENANCE)}
    data = [r for r in rows if r["iri"] not in back]
    data.sort(key=lambda r: place.get(r["iri"], len(place)))  # stable: the rest keep their order
    return data, sorted((r for r in rows if r["iri"] in back), key=lambda r: back[r["iri"]])


__all__ = ["measure_rows"]
