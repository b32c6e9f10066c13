"""The data rows of a measure page in a reader's order, each partner with its role, provenance apart.

`measure_rows(site, own, links, parts)` is called by `pages.site.Site.render` for measures; it needs
of the Site only what `RowSource` names (site.py imports this module, not the other way round).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from markupsafe import Markup, escape
from pyoxigraph import Quad

from lod.config import Config
from lod.pages.links import Links
from lod.pages.text import MEASURE_ORDER, MEASURE_PROVENANCE, UI
from lod.terms import PREFIXES, prefixes
from lod.text import Text

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




# Terms explained where they appear on a measure page (DOMAIN-NOTES: SGG, ZSG and GAS are the
# notes' own abbreviations; the definitions are theirs, paraphrased).
GLOSSARY: dict[str, Text[str]] = {
    "SGG": Text("seksueel grensoverschrijdend gedrag",
                "sexually transgressive behaviour (seksueel grensoverschrijdend gedrag)"),
    "ZSG": Text("Zorgcentrum na Seksueel Geweld: dag en nacht medische, psychologische en forensische zorg, "
                "met aangifte ter plaatse", "Sexual Assault Care Centre (Zorgcentrum na Seksueel Geweld): "
                "medical, psychological and forensic care day and night, where victims can also report"),
    "GAS": Text("gemeentelijke administratieve sanctie: een boete die de gemeente zelf oplegt",
                "municipal administrative sanction (gemeentelijke administratieve sanctie): a fine the "
                "municipality itself imposes"),
}


def explained_terms(*texts: str) -> list[tuple[str, str]]:
    """The glossary terms that occur (as a word) in any of `texts`, with their explanation keys.

    >>> [t for t, _ in explained_terms("Een taskforce SGG", "geen GASthuis")]
    ['SGG']
    """
    found = []
    for term in GLOSSARY:
        if any(re.search(rf"\b{term}\b", text or "") for text in texts):
            found.append((term, term))
    return found


def mark_terms(text: str, lang: str) -> Markup:
    """`text` escaped, each glossary term as <abbr> with its explanation (a title and the glossary)."""
    out = escape(text)
    for term, explanation in GLOSSARY.items():
        out = Markup(re.sub(rf"\b{term}\b", f'<abbr title="{escape(explanation.pick(lang))}">{term}</abbr>',
                            str(out)))
    return Markup(out)


def _first(own: list[Quad], iri: str) -> Any:
    return next((q.object for q in own if q.predicate.value == iri), None)


def _objects_by_predicate(own: list[Quad]) -> dict[str, list[Any]]:
    """Each predicate's objects, in the order of `own`: a measure's story asks for twenty of them,
    and a scan of its triples for each cost 2.4 s of the pages at 250k (bench/README.md)."""
    found: dict[str, list[Any]] = {}
    for q in own:
        found.setdefault(q.predicate.value, []).append(q.object)
    return found


def period_text(parts: dict[str, list[Quad]], own: list[Quad], lang: str) -> str:
    """The period in words: "sinds 2022", "2022–2023", "2022" (start and end the same)."""
    period = _first(own, DCT + "temporal")
    quads = parts.get(period.value, []) if period is not None else []
    dcat = PREFIXES["dcat"]
    start = next((q.object.value for q in quads if q.predicate.value == dcat + "startDate"), "")
    end = next((q.object.value for q in quads if q.predicate.value == dcat + "endDate"), "")
    if start and end:
        return start if start == end else f"{start} – {end}"
    if start:
        return Text(f"sinds {start}", f"since {start}").pick(lang)
    return Text(f"tot {end}", f"until {end}").pick(lang) if end else ""


def measure_story(site: RowSource, own: list[Quad], links: Links,
                  parts: dict[str, list[Quad]]) -> dict[str, Any]:
    """What a measure page tells, in reading order: what (kinds), where, who leads, with whom (each
    partner's role), when and how often, for whom and in which settings, results, evaluation,
    money, sources. Values come as `value_of` dicts (text, href, lang)."""
    vu = site.cfg.vocab_ns
    by_predicate = _objects_by_predicate(own)

    def objects(iri: str) -> list[Any]:
        return by_predicate.get(iri, [])

    def first(iri: str) -> Any:
        return next(iter(objects(iri)), None)

    def values(iri: str) -> list[dict[str, Any]]:
        return [site.value_of(o, links, {}) for o in objects(iri)]

    lead = {o.value for o in objects(vu + "trekker")}
    roles = _roles(parts)
    partners = [dict(site.value_of(o, links, {}),
                     roles=[site.value_of(r, links, {}) for r in roles.get(o.value, [])])
                for o in objects(PROV + "wasAssociatedWith") if o.value not in lead]
    outputs = [site.value_of(o, links, parts) for o in objects(vu + "output")]
    recorded = {o.value for o in objects(DCT + "spatial")}
    today = {o.value for o in objects(vu + "huidigeGemeente")}
    status = first(PREFIXES["adms"] + "status")
    sgg = first(vu + "specifiekSGG")
    good = first(vu + "goedePraktijk")
    return {
        "kinds": values(DCT + "type"),
        "status": site.value_of(status, links, {}) if status is not None else None,
        "status_code": status.value.rsplit("/", 1)[-1] if status is not None else "",
        "period": period_text(parts, own, links.lang), "recurrence": values(vu + "herhaling"),
        "where": values(vu + "huidigeGemeente"),
        "recorded": [v for v in values(DCT + "spatial") if recorded - today],
        "lead": values(vu + "trekker"), "partners": partners, "event": values(vu + "evenement"),
        "audience": values(DCT + "audience"), "settings": values(vu + "omgeving"),
        "sgg": None if sgg is None else sgg.value in ("true", "1"),
        "good_practice": good is not None and good.value in ("true", "1"),
        "outputs": outputs, "evaluation": values(vu + "evaluatie"), "report": values(vu + "evaluatierapport"),
        "budget": values(vu + "budgetklasse"), "funding": values(vu + "financiering"),
        "sources": [o.value for o in objects(DCT + "source")],
    }


__all__ = ["GLOSSARY", "explained_terms", "mark_terms", "measure_rows", "measure_story", "period_text"]
