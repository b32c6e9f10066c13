"""HTML documentation of the vocabulary and the code lists, generated from their Turtle.

Like pyLODE or Widoco: one page for `vu:` (overview, classes, properties with the standard term
each refines, an anchor per term) and one page per code list (a table of its codes). Dutch
first, English next to it. The Turtle and the JSON-LD context are written alongside, so a
release's ontology/ folder is complete on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from lod.config import Config
from lod.graph.codelists import CODELIST_NAMES, codelist_quads, vocabulary_quads
from lod.pages.env import environment
from lod.terms import DCT, OWL, RDF, RDFS, SKOS, prefixes
from lod.text import LANGS, Text


@dataclass
class Link:
    iri: str
    label: str  # prefixed name where a prefix is known


@dataclass
class Term:
    local: str
    iri: str
    kind: str  # "class" or "property"
    label: Text[str]
    definition: Text[str]
    note: Text[str]
    types: list[Link] = field(default_factory=list)
    supers: list[Link] = field(default_factory=list)
    domain: list[Link] = field(default_factory=list)
    range: list[Link] = field(default_factory=list)


@dataclass
class Concept:
    notation: str
    iri: str
    label: Text[str]
    definition: Text[str]
    note: Text[str]


@dataclass
class CodeList:
    name: str
    iri: str
    label: Text[str]
    definition: Text[str]
    note: Text[str]
    concepts: list[Concept]


def _store(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def _text(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> Text[str]:
    """The Dutch and English literal of `predicate`; either may be empty."""
    found = {q.object.language: q.object.value for q in store.quads_for_pattern(subject, predicate, None)
             if isinstance(q.object, ox.Literal) and q.object.language in LANGS}
    return Text(found.get("nl", ""), found.get("en", ""))


def _objects(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> list[ox.NamedNode]:
    return sorted((q.object for q in store.quads_for_pattern(subject, predicate, None)
                   if isinstance(q.object, ox.NamedNode)), key=lambda n: n.value)


def _link(node: ox.NamedNode, names: dict[str, str]) -> Link:
    # Longest namespace first, so vu: wins over a namespace that is its prefix.
    for prefix, ns in sorted(names.items(), key=lambda kv: -len(kv[1])):
        if node.value.startswith(ns) and len(node.value) > len(ns):
            return Link(node.value, f"{prefix}:{node.value[len(ns):]}")
    return Link(node.value, node.value)


def vocabulary_terms(cfg: Config) -> tuple[dict[str, str], list[Term]]:
    """The ontology header (title, version, licence, ...) and every term of `vu:`, sorted by name."""
    store = _store(vocabulary_quads(cfg))
    names = prefixes(cfg)
    ontology = ox.NamedNode(cfg.vocab_ns.rstrip("#"))

    def first(predicate: ox.NamedNode) -> str:
        return next((q.object.value for q in store.quads_for_pattern(ontology, predicate, None)), "")

    header = {
        "iri": ontology.value, "namespace": cfg.vocab_ns,
        "title_nl": _text(store, ontology, DCT.title).nl, "title_en": _text(store, ontology, DCT.title).en,
        "description_nl": _text(store, ontology, DCT.description).nl,
        "description_en": _text(store, ontology, DCT.description).en,
        "version": first(OWL.versionInfo), "licence": first(DCT.license),
    }
    terms = []
    for quad in store.quads_for_pattern(None, RDFS.isDefinedBy, ontology):
        subject = quad.subject
        types = _objects(store, subject, RDF.type)
        kind = "class" if OWL.Class in types else "property"
        supers = _objects(store, subject, RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf)
        terms.append(Term(
            local=subject.value[len(cfg.vocab_ns):], iri=subject.value, kind=kind,
            label=_text(store, subject, RDFS.label), definition=_text(store, subject, SKOS.definition),
            note=_text(store, subject, SKOS.editorialNote),
            types=[_link(t, names) for t in types], supers=[_link(s, names) for s in supers],
            domain=[_link(d, names) for d in _objects(store, subject, RDFS.domain)],
            range=[_link(r, names) for r in _objects(store, subject, RDFS.range)],
        ))
    # Classes start with a capital: sort them first, then properties, each alphabetically.
    return header, sorted(terms, key=lambda t: (t.kind != "class", t.local.lower()))


def code_list(cfg: Config, name: str) -> CodeList:
    """One code list and its codes, in reading order (see _concept_order)."""
    store = _store(codelist_quads(cfg, name))
    scheme = ox.NamedNode(f"{cfg.id_base}conceptscheme/{name}")
    concepts = []
    for quad in store.quads_for_pattern(None, SKOS.inScheme, scheme):
        concept = quad.subject
        notation = next(q.object.value for q in store.quads_for_pattern(concept, SKOS.notation, None))
        concepts.append(Concept(notation, concept.value, _text(store, concept, SKOS.prefLabel),
                                _text(store, concept, SKOS.definition),
                                _text(store, concept, SKOS.scopeNote)))
    return CodeList(name, scheme.value, _text(store, scheme, SKOS.prefLabel),
                    _text(store, scheme, SKOS.definition), _text(store, scheme, SKOS.scopeNote),
                    sorted(concepts, key=_concept_order(concepts)))


def _concept_order(concepts: list[Concept]) -> Callable[[Concept], tuple]:
    """Numeric codes (budget classes) by their lower bound, the others by their Dutch label."""
    if all(c.notation[:1].isdigit() for c in concepts):
        return lambda c: (int(c.notation.split("-")[0]), c.notation)
    return lambda c: (c.label.nl.lower(), c.notation)


def render_vocabulary(cfg: Config) -> tuple[str, dict[str, str]]:
    """The vocabulary page (vu.html) and one page per code list, by name (codelists/<name>.html).

    >>> from lod.config import Config
    >>> page, lists = render_vocabulary(Config())
    >>> "Maatregel" in page, sorted(lists)[:2]
    (True, ['budgetklasse', 'doelgroep'])
    """
    env = environment()
    header, terms = vocabulary_terms(cfg)
    lists = [code_list(cfg, name) for name in CODELIST_NAMES]
    names = prefixes(cfg)
    used = sorted({link.label.split(":")[0] for t in terms for link in t.supers + t.domain + t.range + t.types
                   if ":" in link.label and not link.label.startswith("http")} | {"vu"})
    page = env.get_template("vocabulary.html").render(
        header=header, classes=[t for t in terms if t.kind == "class"],
        properties=[t for t in terms if t.kind == "property"], lists=lists,
        prefixes=[(p, names[p]) for p in used])
    return page, {codes.name: env.get_template("vocabulary_codelist.html").render(codes=codes, header=header)
                  for codes in lists}


__all__ = ["code_list", "render_vocabulary", "vocabulary_terms"]
