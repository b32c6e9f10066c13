"""Pages for people: one HTML page per resource (Jinja2), for the server and the static site alike.

`Site(store, cfg)` finds the document behind a path (`doc/maatregel/X`, `doc/gemeente/46030`) and
renders it; `Links` turns IRIs into hrefs, absolute for the server and relative for the static
site, so the same templates serve both (lod/release/site.py writes the static site).
The store is any `lod.store.base.Store` (in memory for the build, embedded or remote for the server).
"""

from __future__ import annotations

import contextlib
import hashlib
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

from lod.config import Config
from lod.errors import LodError
from lod.insight.exchange import Exchange
from lod.pages.env import environment
from lod.pages.exchange import exchange_links, map_points, render_comparison, render_reach
from lod.pages.frame import frame_key, page_frame, release_date, render_help
from lod.pages.links import Links
from lod.pages.measure import GLOSSARY, explained_terms, mark_terms, measure_rows, measure_story
from lod.pages.organisations import organisation_context, work_rows
from lod.pages.svgmap import Point
from lod.pages.text import PROPERTY_LABELS, PROPERTY_ORDER, UI
from lod.store.base import Store
from lod.terms import ADRESSENREGISTER_GEMEENTE, PREFIXES, prefixes, rebase
from lod.text import LANGS

STATIC = Path(__file__).parent / "static"  # the pages' stylesheet and script, served and copied as they are
# A page in English: index.en.html on the static site, ?lang=en on the server; Dutch has none.
RDF_SUFFIXES = {".ttl": RdfFormat.TURTLE, ".jsonld": RdfFormat.JSON_LD, ".nt": RdfFormat.N_TRIPLES}

RDF_TYPE = PREFIXES["rdf"] + "type"
_NAME_PROPERTIES = {PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label"}  # shown as the h1
PROLOGUE = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p in (
    "rdf", "rdfs", "skos", "dct", "prov", "org", "besluit", "foaf"))

# 1970-01-01 is where the REFNIS code list starts (data/README.md), not when a municipality began.
CODE_LIST_START = "1970-01-01"
# Labels kept for search and matching, not for reading (skos:hiddenLabel: misspellings, old forms).
_NOT_SHOWN = {PREFIXES["skos"] + "hiddenLabel"}

# The menu entry (lod/pages/frame.py MENU) each kind of page belongs to.
SECTIONS = {"landing.html": "home", "municipality.html": "exchange", "exchange_page.html": "exchange",
            "organisation.html": "organisations", "organisations.html": "organisations",
            "data.html": "data", "graph.html": "data", "concept.html": "data", "resource.html": "data",
            "query.html": "data", "search.html": "search"}

# What ties a measure ?m to the subject ?x of a page, per kind of page (VU: the vocabulary).
_MEASURES_OF = {
    "municipality": "{ ?m <VU:huidigeGemeente> ?x } UNION { ?m dct:spatial ?t . ?t dct:isReplacedBy* ?x }",
    "organisation": "{ ?m prov:wasAssociatedWith ?x } UNION { ?m <VU:trekker> ?x }",
    "concept": "?m ?p ?x . ?x a skos:Concept",
}


@dataclass(frozen=True)
class Document:
    """A document about one subject: its path under the site root and the triples it shows."""

    path: str  # "doc/maatregel/X", no suffix
    subject: str
    kind: str  # measure, municipality, organisation, concept, resource
    quads: list[Quad]
    withdrawn: bool = False

    @cached_property
    def ntriples(self) -> bytes:
        """Its triples as N-Triples: its .nt file and a part of its page key, made once for both."""
        return serialize([q.triple for q in self.quads], format=RdfFormat.N_TRIPLES)

    @cached_property
    def jsonld(self) -> bytes:
        """Its triples as JSON-LD: its .jsonld file and, made safe for <script>, its pages' block."""
        return serialize([q.triple for q in self.quads], format=RdfFormat.JSON_LD)

    @cached_property
    def embedded_jsonld(self) -> str:
        """The JSON-LD block of its pages (one text for both languages)."""
        return _script_safe(self.jsonld.decode())

    @cached_property
    def iris(self) -> list[str]:
        """The IRIs its triples use, sorted: its page key and its Turtle's prefixes read them."""
        return sorted({t.value for q in self.quads for t in (q.subject, q.predicate, q.object)
                       if isinstance(t, NamedNode)})


class Site:
    """Finds and renders documents; label lookups are cached (a release never changes)."""

    def __init__(self, store: Store, cfg: Config, *, described: Iterable[Quad] = ()) -> None:
        """`described`: the catalogue files' own quads. A store gives some typed literals back
        changed (lod.release.catalogue.storable), so documents about the catalogue's resources
        show these quads, exactly as the files have them, beside what the store holds."""
        self.store, self.cfg = store, cfg
        self._described: dict[str, list[Quad]] = {}
        for quad in described:
            self._described.setdefault(quad.subject.value, []).append(quad)
        self._labels: dict[str, dict[str, str]] | None = None
        self._units: dict[str, str] | None = None
        self._paths: list[str] | None = None
        self._measure_index: dict[str, dict[str, set[str]]] = {}
        self._comparisons: dict[tuple[str, str, str | None, str], Any] = {}
        self._help: dict[tuple[str, str | None, str], Markup] = {}
        self._frames: dict[tuple[Any, ...], dict[str, Any]] = {}  # frame_key -> the frame, drawn
        self._shared_kinds: dict[Any, Markup] = {}  # rendered suggestions shared by municipalities
        self._iri_facts: dict[str, bytes] = {}  # render_key's part for each IRI (Site._iri_fact)
        self._named: dict[tuple[str, str, str | None, str], dict[str, Any]] = {}  # value_of, per IRI

    @cached_property
    def exchange(self) -> Exchange:
        """Coverage and comparisons (lod/insight/exchange.py), queried once per site."""
        return Exchange(self.store, self.cfg)

    @cached_property
    def points(self) -> dict[str, Point]:
        """The coverage map's municipality points, read once per site."""
        return map_points(self.cfg)

    def load_reference(self) -> None:
        """Read now the reference tables pages need (peer groups, map points), so a server reads
        them once at its start, and a missing or broken table stops it there with a clear error
        instead of failing requests. The vocabulary's labels (ontology/vu.ttl) too."""
        _ = self.points, self.exchange.groups, self.vocabulary_labels

    def static_links(self, lang: str, page: str) -> Links:
        """Relative hrefs for a page of the static site."""
        return Links(self, lang=lang, page=page, root=None)

    # -- lookups ----------------------------------------------------------------------------
    def labels(self) -> dict[str, dict[str, str]]:
        if self._labels is None:
            rows = self.store.select(
                PROLOGUE + "\nSELECT ?s ?l WHERE { ?s skos:prefLabel|rdfs:label|dct:title|foaf:name ?l }")
            labels: dict[str, dict[str, str]] = {k: dict(v) for k, v in self.vocabulary_labels.items()}
            for row in rows:
                lit = row["l"]
                labels.setdefault(row["s"].value, {}).setdefault(lit.language or "", lit.value)
            self._labels = labels
        return self._labels

    @cached_property
    def vocabulary_labels(self) -> dict[str, dict[str, str]]:
        """Labels of the project's own terms from ontology/vu.ttl, for stores that do not hold them."""
        path = self.cfg.ontology_dir / "vu.ttl"
        labels: dict[str, dict[str, str]] = {}
        if path.is_file():
            for quad in parse(rebase(path.read_text(encoding="utf-8"), self.cfg), format=RdfFormat.TURTLE):
                if quad.predicate.value == PREFIXES["rdfs"] + "label" and isinstance(quad.object, Literal):
                    labels.setdefault(quad.subject.value, {})[quad.object.language or ""] = quad.object.value
        return labels

    def units(self) -> dict[str, str]:
        """Administrative unit IRI -> NIS code of its territory, so a lead links to its municipality."""
        if self._units is None:
            rows = self.store.select(PROLOGUE + "\nSELECT ?u ?t WHERE { ?u besluit:werkingsgebied ?t }")
            self._units = {r["u"].value: r["t"].value for r in rows}
        return self._units

    def label(self, iri: str, lang: str) -> str | None:
        return self.label_in(iri, lang)[0]

    def label_in(self, iri: str, lang: str) -> tuple[str | None, str]:
        """(label, its language tag or "") in `lang`, else Dutch, else any: the page marks a label in
        another language than its own with lang="…"."""
        found = self.labels().get(iri, {})
        for tag in (lang, "nl", ""):
            if found.get(tag):
                return found[tag], tag
        return next(((v, k) for k, v in found.items()), (None, ""))

    def path_of(self, iri: str) -> str | None:
        """The site path of the page about `iri`, if this site has one."""
        iri = self.units().get(iri, iri)
        if iri.startswith(ADRESSENREGISTER_GEMEENTE):
            return "doc/gemeente/" + iri[len(ADRESSENREGISTER_GEMEENTE):]
        if iri.startswith(self.cfg.id_base) and "#" not in iri:
            return "doc/" + iri[len(self.cfg.id_base):]
        return None

    def paths(self) -> list[str]:
        """The site path of every document this site has a page for, sorted; asked once (a build's
        pages and exchange files both count them), a new list each time."""
        if self._paths is None:
            self._paths = self._document_paths()
        return list(self._paths)

    def _document_paths(self) -> list[str]:
        """Every subject under the base and every municipality, by its page. The subjects are cut
        by their base here, not by a FILTER on each triple (at 1M triples 1.6 -> 1.0 s)."""
        base = self.cfg.id_base
        towns = self.store.select(f"SELECT ?s WHERE {{ ?s a <{self.cfg.vocab_ns}Gemeente> }}")
        subjects = {r["s"].value for r in self.store.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")
                    if isinstance(r["s"], NamedNode) and r["s"].value.startswith(base)}
        paths = {self.path_of(s) for s in subjects | {r["s"].value for r in towns}}
        return sorted(p for p in paths if p)

    def subject_of(self, path: str) -> str | None:
        """The IRI a document's site path ('doc/…' without suffix) is about, None for no such path."""
        rest = path.removeprefix("doc/")
        if rest == path or not rest or ".." in rest.split("/"):
            return None
        if rest.startswith("gemeente/"):
            return ADRESSENREGISTER_GEMEENTE + rest[len("gemeente/"):]
        return self.cfg.id_base + rest

    @cached_property
    def withdrawn(self) -> frozenset[str]:
        """The withdrawn measures (a document about one answers 410 Gone)."""
        rows = self.store.select(f"SELECT ?m WHERE {{ ?m a <{self.cfg.vocab_ns}IngetrokkenMaatregel> }}")
        return frozenset(r["m"].value for r in rows)

    def document(self, path: str) -> Document | None:
        """The document at a site path ('doc/…' without suffix), None when there is none."""
        subject = self.subject_of(path)
        if subject is None:
            return None
        rest = path.removeprefix("doc/")
        quads = self.store.describe(subject)
        if subject in self._described:  # the file's exact triples, and those of its hash parts
            own = self._described[subject]
            parts = sorted({q.object.value for q in own if isinstance(q.object, NamedNode)
                            and q.object.value.startswith(subject + "#")})
            extra = own + [q for part in parts for q in self._described.get(part, ())]
            quads = sorted(set(quads) | set(extra),
                           key=lambda q: (q.subject.value, q.predicate.value, str(q.object)))
        if not quads:
            return None
        types = {q.object.value for q in quads
                 if q.predicate.value == RDF_TYPE and q.subject.value == subject}
        vu = self.cfg.vocab_ns
        kind = ("measure" if types & {vu + "Maatregel", vu + "IngetrokkenMaatregel"}
                else "municipality" if vu + "Gemeente" in types
                else "organisation" if types & {PREFIXES["org"] + "Organization",
                                                PREFIXES["besluit"] + "Bestuurseenheid"}
                else "concept" if PREFIXES["skos"] + "Concept" in types else "resource")
        return Document(path=f"doc/{rest}", subject=subject, kind=kind, quads=quads,
                        withdrawn=vu + "IngetrokkenMaatregel" in types)

    def prepare(self, paths: Iterable[str]) -> None:
        """Compute now what the pages of many documents share: the templates, names, units, measures
        of each municipality, organisation and concept, the organisations' work, and the comparison
        of each municipality (which the exchange files use too). Processes forked after this
        inherit it all, instead of each computing it again (lod.release.site.write_pages)."""
        templates = environment()
        for name in templates.list_templates():  # compiled once, not in each process
            templates.get_template(name)
        # One query after the other: side by side in threads they saved 2 s of 36 at 1M and held
        # two result sets at once, +200 MB of peak memory (bench/README.md, tried twice).
        self.labels()
        self.units()
        for kind in _MEASURES_OF:
            self._measures_by(kind)
        work_rows(self)  # one query for all organisation pages, not one in each process
        for path in paths:
            if path.startswith("doc/gemeente/"):
                with contextlib.suppress(LodError):  # a code that ended before today's municipalities
                    self.exchange.comparison_digest(path.removeprefix("doc/gemeente/"))

    def measures_of(self, doc: Document, lang: str) -> list[dict[str, str]]:
        """Measures about a municipality (predecessors included), an organisation or a concept."""
        if doc.kind not in _MEASURES_OF:
            return []
        by_subject = self._measures_by(doc.kind)
        found = set(by_subject.get(doc.subject, ()))
        if doc.kind == "organisation":  # a municipality's unit leads measures as a Bestuurseenheid
            for unit, territory in self.units().items():
                if territory == doc.subject:
                    found |= by_subject.get(unit, set())
        items = []
        for m in found:
            title, tag = self.label_in(m, lang)
            items.append({"iri": m, "title": title or m, "lang": tag or None})
        return sorted(items, key=lambda item: (item["title"].casefold(), item["iri"]))

    def _measures_by(self, kind: str) -> dict[str, set[str]]:
        """Subject -> its measures, for every subject of a kind in one query (not one per page)."""
        if kind not in self._measure_index:
            vu = self.cfg.vocab_ns
            query = (f"{PROLOGUE}\nSELECT DISTINCT ?m ?x WHERE {{ {_MEASURES_OF[kind].replace('VU:', vu)} "
                     f". ?m a <{vu}Maatregel> }}")
            index: dict[str, set[str]] = {}
            for r in self.store.select(query):
                index.setdefault(r["x"].value, set()).add(r["m"].value)
            self._measure_index[kind] = index
        return self._measure_index[kind]

    def render_key(self, doc: Document, links: Iterable[Links], fingerprint: str) -> str:
        """What a document's files depend on, hashed: the software (`fingerprint`), its triples,
        the names and pages of every IRI they use, its list of measures, its comparison and the
        frame (the footer's release date, the help block), and what its kind of page shows of other
        subjects (tests/integration/test_rebuild.py edits each). The same key twice means the same bytes
        (lod/release/site.py reuses the earlier files); a release of another date draws every page
        again, since each page's footer names the date."""
        digest = hashlib.sha256(fingerprint.encode())
        digest.update(doc.ntriples)
        iris = doc.iris
        facts = self._iri_facts
        for iri in iris:
            if iri not in facts:
                facts[iri] = self._iri_fact(iri)
        digest.update(b"".join(map(facts.__getitem__, iris)))
        for link in links:
            digest.update(repr(self.measures_of(doc, link.lang)).encode())
        # the frame around every page: the release date in the footer, the help block's organisations
        digest.update(self.released.encode())
        for link in links:
            digest.update(str(self.help_block(link)).encode())
        # What a page of its kind shows of other subjects, beyond their names: a measure's ways to
        # reach someone (the organisations' sites); an organisation's work (its measures' kinds,
        # roles and places) and its sources.
        if doc.kind == "measure":
            digest.update(repr(self.exchange.practice_of(doc.subject)).encode())
        elif doc.kind == "organisation":
            for link in links:
                digest.update(repr(organisation_context(self, doc.subject, link)).encode())
        if doc.kind == "municipality":  # the comparison's data (its rendering follows from it)
            try:
                found = self.exchange.comparison_digest(doc.subject.rsplit("/", 1)[-1])
            except LodError:
                found = None
            digest.update(repr(found).encode())
        return digest.hexdigest()

    def _iri_fact(self, iri: str) -> bytes:
        """What a page shows of an IRI it uses: its name, its unit's territory and name, its page.
        The same for every page, so made once per IRI (most IRIs are used by many documents)."""
        unit, labels = self.units().get(iri), self.labels()
        fact = (iri, labels.get(iri), unit, labels.get(unit) if unit else None, self.path_of(iri))
        return repr(fact).encode()

    # -- rendering --------------------------------------------------------------------------
    def value_of(self, term: Any, links: Links, parts: dict[str, list[Quad]]) -> dict[str, Any]:
        if isinstance(term, Literal):
            text = term.value
            if term.datatype.value == PREFIXES["xsd"] + "boolean":
                text = UI.pick(links.lang)["yes" if text in ("true", "1") else "no"]
            elif term.datatype.value == PREFIXES["xsd"] + "dateTime" and text.endswith("T00:00:00"):
                text = text[:-9]  # a catalogue's dates are days: a midnight says nothing to a reader
            return {"text": text, "lang": term.language or None, "href": None}
        iri = term.value
        if iri.startswith("mailto:"):  # a mailbox: its address, as a link that writes to it
            return {"text": iri[len("mailto:"):], "href": iri, "lang": None}
        if iri in parts:
            rows = self.property_rows(parts[iri], links, parts)
            return {"text": None, "rows": rows, "href": None, "lang": None}
        # An IRI's name and href are the same on every page of a folder in a language: made once.
        key = (iri, links.lang, links.root, links.page.rpartition("/")[0])
        named = self._named.get(key)
        if named is None:
            text = self.label(self.units().get(iri, iri), links.lang) or self.label(iri, links.lang) or iri
            named = self._named[key] = {"text": text, "href": links.iri(iri), "lang": None, "iri_text": iri}
        return dict(named)  # a copy: a page adds to it (a partner's roles)

    def property_rows(self, quads: list[Quad], links: Links, parts: dict[str, list[Quad]],
              skip: tuple[str, ...] = (RDF_TYPE,)) -> list[dict[str, Any]]:
        by_predicate: dict[str, list[Any]] = {}
        valid_from = self.cfg.vocab_ns + "geldigVanaf"
        for quad in quads:
            predicate = quad.predicate.value  # each read of a term makes a new object: once
            if predicate in skip or predicate in _NOT_SHOWN:
                continue
            obj = quad.object
            if predicate == valid_from and obj.value == CODE_LIST_START:
                continue  # where Statbel's code list starts, not a date of any event
            by_predicate.setdefault(predicate, []).append(obj)
        rows = []
        for predicate in sorted(by_predicate, key=lambda p: (PROPERTY_ORDER.get(p, 99), p)):
            objects = by_predicate[predicate]
            literals = [o for o in objects if isinstance(o, Literal) and o.language]
            if literals:  # one language per property: the reader's, else Dutch
                chosen = ([o for o in literals if o.language == links.lang]
                          or [o for o in literals if o.language == LANGS[0]] or literals)
                objects = [o for o in objects if not (isinstance(o, Literal) and o.language)] + chosen
            label = (PROPERTY_LABELS[predicate].pick(links.lang) if predicate in PROPERTY_LABELS
                     else self.label(predicate, links.lang) or _local_name(predicate))
            rows.append({"label": label, "iri": predicate,
                         "values": [self.value_of(o, links, parts) for o in objects]})
        return rows

    def render(self, doc: Document, links: Links) -> str:
        own: list[Quad] = []
        parts: dict[str, list[Quad]] = {}
        for quad in doc.quads:
            subject = quad.subject.value
            if subject == doc.subject:
                own.append(quad)
            else:
                parts.setdefault(subject, []).append(quad)
        dct = PREFIXES["dct"]
        title = self.label(doc.subject, links.lang) or doc.subject
        descriptions = [q.object for q in own if q.predicate.value == dct + "description"]
        shown = next((d for d in descriptions if d.language == links.lang),
                     descriptions[0] if descriptions else None)
        description = shown.value if shown is not None else None
        why = self.cfg.vocab_ns + "intrekkingsreden"
        reason = next((q.object.value for q in own if q.predicate.value == why), None)
        provenance: list[dict[str, Any]] = []
        if doc.kind == "measure":
            rows, provenance = measure_rows(self, own, links, parts)
        else:
            rows = self.property_rows(own, links, parts, skip=(RDF_TYPE, dct + "title", dct + "description"))
        types = [self.value_of(q.object, links, {}) for q in own if q.predicate.value == RDF_TYPE]
        title_lang = self.label_in(doc.subject, links.lang)[1]
        context = {
            "doc": doc, "title": title, "title_lang": title_lang, "description": description,
            "reason": reason,
            "rows": [row for row in rows if not (  # a name row repeating the heading says nothing
                row["iri"] in _NAME_PROPERTIES and all(v["text"] == title for v in row["values"]))],
            "types": [v for v in types if v["text"] != v["iri_text"]],  # only the types with a name
            "provenance": provenance, "description_lang": shown.language if shown is not None else None,
            "measures": self.measures_of(doc, links.lang),
            "comparison": self.comparison(doc, links),
            "iri": doc.subject, "jsonld": doc.embedded_jsonld,
            "alternates": [(s, links.to(doc.path, asset=True) + s) for s in (".ttl", ".jsonld", ".nt")],
        }
        context.update(self._kind_context(doc, own, parts, links, title, description or ""))
        return self.page(f"{doc.kind}.html", links, **context)

    def _kind_context(self, doc: Document, own: list[Quad], parts: dict[str, list[Quad]], links: Links,
                      title: str, description: str) -> dict[str, Any]:
        """What a page of this kind shows beyond its data rows: a measure's story and contact, a
        municipality's province, an organisation's work and reach, and the breadcrumbs of each."""
        t = UI.pick(links.lang)
        xlinks = exchange_links(self.cfg, links)
        if doc.kind == "measure":
            story = measure_story(self, own, links, parts)
            practice = self.exchange.practice_of(doc.subject)
            glossary = {term: text.pick(links.lang) for term, text in GLOSSARY.items()}
            where = story["where"][0] if story["where"] else None
            crumbs = ([(t["menu_exchange"], links.to("uitwisseling/index"))]
                      + ([(where["text"], where["href"])] if where else []) + [(title, None)])
            return {"story": story, "contact": render_reach(practice, xlinks) if practice else None,
                    "glossary": glossary, "terms": explained_terms(title, description),
                    "mark_terms": lambda text: mark_terms(text, links.lang), "crumbs": crumbs}
        if doc.kind == "municipality":
            where = self.cfg.vocab_ns + "provincie"
            province = next((q.object.value for q in own if q.predicate.value == where), None)
            return {"province": self.label(province, links.lang) if province else None,
                    "province_href": None,
                    "crumbs": [(t["menu_exchange"], links.to("uitwisseling/index")), (title, None)]}
        if doc.kind == "organisation":
            return {**organisation_context(self, doc.subject, links),
                    "crumbs": [(t["menu_organisations"], links.to("organisaties")), (title, None)]}
        if doc.kind == "concept":
            scheme = next((q.object.value for q in own if q.predicate.value == PREFIXES["skos"] + "inScheme"),
                          None)
            crumbs: list[tuple[str, str | None]] = [(t["menu_data"], links.to("data"))]
            if scheme:
                crumbs.append((self.label(scheme, links.lang) or scheme, links.iri(scheme)))
            return {"crumbs": [*crumbs, (title, None)]}
        return {"crumbs": [(t["menu_data"], links.to("data")), (title, None)]}

    def render_graph(self, title: str, quads: list[Quad], links: Links) -> str:
        """A page for a whole file (vocabulary, VoID, catalogue): a section per subject, anchored by
        its fragment or last segment, so `/ns#Maatregel` lands on its term."""
        by_subject: dict[str, list[Quad]] = {}
        for quad in quads:
            by_subject.setdefault(quad.subject.value, []).append(quad)
        sections = [{"iri": s, "anchor": _local_name(s), "title": self.label(s, links.lang) or _local_name(s),
                     "rows": self.property_rows(by_subject[s], links, {})} for s in sorted(by_subject)]
        return self.page("graph.html", links, title=title, sections=sections, jsonld=None)

    def comparison(self, doc: Document, links: Links) -> Markup | None:
        """A municipality's comparison with its peers (lod/pages/exchange.py), else None."""
        ended = any(q.subject.value == doc.subject and q.predicate.value == self.cfg.vocab_ns + "geldigTot"
                    for q in doc.quads)
        if doc.kind != "municipality" or ended:  # an ended code: its own measures, and what it merged into
            return None
        # Same municipality, language and folder: same hrefs, so one rendering serves every page.
        key = (doc.subject, links.lang, links.root, links.page.rpartition("/")[0])
        if key not in self._comparisons:
            try:
                found = self.exchange.compare(doc.subject.rsplit("/", 1)[-1])
            except LodError:  # a code that ended before today's municipalities (e.g. 2018)
                found = None
            self._comparisons[key] = (None if found is None else render_comparison(
                found, exchange_links(self.cfg, links), self._shared_kinds))
        return self._comparisons[key]

    @cached_property
    def released(self) -> str:
        """The release date for the footer ("" when unknown), read once."""
        return release_date(self.store, self.cfg)

    def help_block(self, links: Links) -> Markup:
        """The footer's help block; the same hrefs for every page of a folder, so rendered once each."""
        key = (links.lang, links.root, links.page.rpartition("/")[0])
        if key not in self._help:
            self._help[key] = render_help(self, links)
        return self._help[key]

    def frame_for(self, links: Links, section: str) -> dict[str, Any]:
        """The frame around a page of this site drawn elsewhere (the sheet check)."""
        return page_frame(self, links, section, self.help_block(links), self.released)

    def page(self, template: str, links: Links, **context: Any) -> str:
        """Render any template with the shared context (language, texts, links, the frame).

        `section` names the menu entry the page belongs to (lod.pages.frame.MENU); by default the
        template's (SECTIONS). `crumbs` is a list of (label, href) after Start, the last one the page."""
        section = context.pop("section", SECTIONS.get(template, ""))
        key = frame_key(links, section, bool(context.get("search_page")))
        frame = self._frames.get(key)
        if frame is None:  # the same for every page of a folder (lod.pages.frame.frame_key)
            frame = self._frames[key] = page_frame(self, links, section, self.help_block(links),
                                                   self.released, search_page=key[-1])
        return environment().get_template(template).render(
            lang=links.lang, t=UI.pick(links.lang), links=links, static=links.root is None,
            dataset_title=self.cfg.dataset_title.pick(links.lang), frame=frame,
            jsonld=context.pop("jsonld", None), **context)


def embed_jsonld(quads: list[Quad]) -> str:
    """JSON-LD for a <script> element, as the serialiser writes it (one line: it is there for
    machines, and indenting it again was a tenth of drawing a measure page, bench/README.md)."""
    return _script_safe(serialize([q.triple for q in quads], format=RdfFormat.JSON_LD).decode())


def _script_safe(json_text: str) -> str:
    """JSON text with '<', '>' and '&' as JSON escapes, so '</script>' in a value cannot end the block."""
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def document_rdf(doc: Document, suffix: str, cfg: Config) -> bytes:
    """The document's triples as .ttl, .jsonld or .nt, with the canonical IRIs."""
    fmt = RDF_SUFFIXES[suffix]
    if fmt == RdfFormat.N_TRIPLES:
        return doc.ntriples
    if fmt == RdfFormat.JSON_LD:
        return doc.jsonld
    used = {p: ns for p, ns in prefixes(cfg).items() if _any_under(doc.iris, ns)}  # Turtle's own
    return serialize([q.triple for q in doc.quads], format=RdfFormat.TURTLE, prefixes=used)


def _any_under(iris: list[str], ns: str) -> bool:
    """Whether a sorted list holds an IRI that starts with `ns`: the first one not below it does."""
    i = bisect_left(iris, ns)
    return i < len(iris) and iris[i].startswith(ns)


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


__all__ = ["Document", "PROLOGUE", "RDF_SUFFIXES", "STATIC", "Site", "document_rdf", "embed_jsonld"]
