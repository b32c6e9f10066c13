"""Organisation pages and the list of all organisations by kind.

An organisation page says what kind of organisation it is, in which roles and kinds of measure it
worked, in which municipalities, and how to reach it: its own website where the project knows one
(data/organisaties.csv gives one only where a source shows the organisation's own site), else the
source it was read in. Nothing is invented.
"""

from __future__ import annotations

from typing import Any, Protocol

from lod.config import Config
from lod.insight.exchange import Exchange
from lod.pages.links import Links
from lod.pages.text import UI
from lod.store.base import Store
from lod.terms import PREFIXES
from lod.text import Text

_PROLOGUE = "\n".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in ("dct", "prov", "skos"))


class OrganisationSource(Protocol):
    """What these pages need of pages.site.Site."""

    store: Store
    cfg: Config
    exchange: Exchange

    def label(self, iri: str, lang: str) -> str | None: ...

    def label_in(self, iri: str, lang: str) -> tuple[str | None, str]: ...

    def page(self, template: str, links: Links, **context: Any) -> str: ...


def organisation_work(site: OrganisationSource, iri: str, lang: str) -> list[dict[str, Any]]:
    """The measures an organisation leads or takes part in, each with its role(s), kinds and municipality."""
    rows = work_rows(site).get(iri, [])
    by_measure: dict[str, dict[str, Any]] = {}
    for r in rows:
        m = r["m"].value
        item = by_measure.setdefault(m, {"iri": m, "title": None, "lang": "", "lead": False, "roles": set(),
                                         "kinds": set(), "places": set()})
        item["lead"] |= "lead" in r and r["lead"] is not None
        for key, name in (("role", "roles"), ("kind", "kinds"), ("place", "places")):
            if r.get(key) is not None:
                item[name].add(r[key].value)
    items = []
    for item in by_measure.values():
        item["title"], item["lang"] = site.label_in(item["iri"], lang)
        item["title"] = item["title"] or item["iri"]
        item["roles"] = sorted(site.label(x, lang) or x for x in item["roles"])
        item["kinds"] = sorted(site.label(x, lang) or x for x in item["kinds"])
        item["places"] = sorted(item["places"])
        items.append(item)
    return sorted(items, key=lambda i: i["title"].casefold())


def work_rows(site: OrganisationSource) -> dict[str, list[dict[str, Any]]]:
    """Every organisation's (measure, lead, role, kind, place) rows, by organisation: one query for
    all organisation pages, read once per Exchange (one query per page was 7% of the pages stage)."""
    cache = site.exchange.__dict__  # the Exchange's own caches are kept this way (a release never changes)
    if "_organisation_work" not in cache:
        vu = site.cfg.vocab_ns
        rows = site.store.select(
            f"""{_PROLOGUE}
SELECT ?o ?m ?lead ?role ?kind ?place WHERE {{
  {{ ?m <{vu}trekker> ?o BIND(true AS ?lead) }}
  UNION {{ ?m prov:wasAssociatedWith ?o FILTER NOT EXISTS {{ ?m <{vu}trekker> ?o }}
           OPTIONAL {{ ?m prov:qualifiedAssociation ?a . ?a prov:agent ?o ; prov:hadRole ?role }} }}
  ?m a <{vu}Maatregel> .
  OPTIONAL {{ ?m dct:type ?kind }}
  OPTIONAL {{ ?m <{vu}huidigeGemeente> ?place }}
}}""")
        grouped: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            grouped.setdefault(r["o"].value, []).append(r)
        cache["_organisation_work"] = grouped
    return cache["_organisation_work"]


def organisation_context(site: OrganisationSource, iri: str, links: Links) -> dict[str, Any]:
    """The organisation page's own parts: kind, reach, work by role and kind, municipalities."""
    lang = links.lang
    org = site.exchange.organisations.get(iri)
    work = organisation_work(site, iri, lang)
    places = sorted({p for w in work for p in w["places"]},
                    key=lambda p: (site.label(p, lang) or p).casefold())
    kinds = sorted({k for w in work for k in w["kinds"]})
    roles = sorted({r for w in work for r in w["roles"]} | ({UI.pick(lang)["org_lead"]} if any(
        w["lead"] for w in work) else set()))
    sources = [r["b"].value for r in site.store.select(
        f"SELECT ?b WHERE {{ <{iri}> <{PREFIXES['dct']}source> ?b }}")]
    return {"org": org, "org_kind": Text(org.kind_label, org.kind_label_en).pick(lang) if org else "",
            "work": work, "places": [(site.label(p, lang) or p, links.iri(p)) for p in places],
            "work_kinds": kinds, "work_roles": roles, "org_sources": sorted(sources)}


def organisation_groups(site: OrganisationSource, lang: str) -> list[tuple[str, list[Any]]]:
    """Every organisation that takes part in a measure or has a kind, grouped by kind of organisation
    (in the page's language), the municipalities' own administrations last."""
    groups: dict[str, list[Any]] = {}
    admin = UI.pick(lang)["org_administrations"]
    for org in site.exchange.organisations.values():
        if not org.kind and not org.measures:
            continue  # e.g. the publisher, which only reports
        label = Text(org.kind_label, org.kind_label_en).pick(lang) or admin
        groups.setdefault(label, []).append(org)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == admin, kv[0].casefold()))
    return [(label, sorted(orgs, key=lambda o: o.name.casefold())) for label, orgs in ordered]


def render_organisations(site: OrganisationSource, links: Links) -> str:
    """The page that lists all organisations by kind (organisaties.html; /organisaties on the server)."""
    t = UI.pick(links.lang)
    return site.page("organisations.html", links, title=t["organisations_title"],
                     crumbs=[(t["organisations_title"], None)], groups=organisation_groups(site, links.lang))


__all__ = ["organisation_context", "organisation_groups", "organisation_work", "render_organisations",
           "work_rows"]
