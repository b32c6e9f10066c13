"""What the deployment says of itself, checked against what it serves.

- counts: every number of the VoID and the Service Description (triples, entities, classes,
  properties, instances per class, links per linkset, the default graph's size) against the
  same count asked of the deployment's own endpoint;
- the catalogue as served (/catalogus, else catalogus.ttl) against the official profiles
  (lod/validate/catalogue_profiles.py: DCAT-AP 3.0.1 and 2.1.1, Metadata-DCAT, DCAT-AP-VL 3, in
  full), read from the folder given as `--catalogue-shapes` (the shared reference folder);
- the catalogue's triples as the endpoint answers them (CONSTRUCT) and as the dataset's document
  dereferences: the same triples as the file, typed literals included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import requests
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from lod.check.deployment import Deployment, Graph, parses
from lod.check.report import Outcome, failed, inapplicable, passed, verdict
from lod.store.memory import storable
from lod.terms import DCAT, RDF, SD, VOID
from lod.text import Text
from lod.validate.catalogue_profiles import check_catalogue_triples, load_shape_set

ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# The profiles a release of the default build meets (catalogue_profile = dcat-ap-3): DCAT-AP 2.1.1
# wants what DCAT-AP 3 forbids (SHA-1, xsd:decimal sizes), so it is run when asked (--profile).
DEFAULT_PROFILES = ("dcat-ap-3.0.1", "metadata-dcat-2022", "dcat-ap-vl-3")


def _number(store: Graph, subject, predicate) -> int | None:
    for quad in store.quads_for_pattern(subject, predicate, None):
        if isinstance(quad.object, Literal):
            try:
                return int(quad.object.value)
            except ValueError:
                return None
    return None


def _space(store: Graph, dataset) -> str | None:
    for quad in store.quads_for_pattern(dataset, VOID.uriSpace, None):
        return quad.object.value
    return None


class CountCheck:
    name = "counts"

    def run(self, site: Deployment) -> Iterator[Outcome]:
        if site.endpoint is None or site.void is None:
            yield inapplicable("counts.endpoint", "geen SPARQL-endpoint of VoID om te vergelijken",
                               "no SPARQL endpoint or VoID to compare")
            return
        void, claims = site.void, []
        for quad in void.quads_for_pattern(None, RDF.type, VOID.Dataset):
            dataset = quad.subject
            if _number(void, dataset, VOID.triples) is None:
                continue  # a target dataset, described by its URI space only
            name = dataset.value.rsplit("/", 1)[-1]
            claims += [
                (f"void.{name}.triples", _number(void, dataset, VOID.triples), ALL),
                (f"void.{name}.entities", _number(void, dataset, VOID.entities),
                 "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"),
                (f"void.{name}.classes", _number(void, dataset, VOID.classes),
                 "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) }"),
                (f"void.{name}.properties", _number(void, dataset, VOID.properties),
                 "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
            ]
            for part in void.quads_for_pattern(dataset, VOID.classPartition, None):
                for cls in void.quads_for_pattern(part.object, VOID["class"], None):
                    local = cls.object.value.rstrip("/#").rsplit("/", 1)[-1].replace("#", "-")
                    query = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls.object.value}> }}"
                    counted = _number(void, part.object, VOID.entities)
                    claims.append((f"void.{name}.class.{local}", counted, query))
        for quad in void.quads_for_pattern(None, RDF.type, VOID.Linkset):
            linkset = quad.subject
            predicates = [q.object.value for q in void.quads_for_pattern(linkset, VOID.linkPredicate, None)]
            targets = [q.object for q in void.quads_for_pattern(linkset, VOID.objectsTarget, None)]
            space = _space(void, targets[0]) if targets else None
            if not predicates or space is None:
                continue
            # Links from the dataset into the target: a target's own resources linking into it are not.
            query = (f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicates[0]}> ?o FILTER(isIRI(?o) && "
                     f"STRSTARTS(STR(?o), \"{space}\") && !STRSTARTS(STR(?s), \"{space}\")) }}")
            name = linkset.value.rsplit("#", 1)[-1]
            claims.append((f"void.linkset.{name}", _number(void, linkset, VOID.triples), query))
        description = site.service_description
        for quad in description.quads_for_pattern(None, SD.defaultGraph, None):
            claims.append(("sd.default_graph.triples", _number(description, quad.object, VOID.triples), ALL))
        for test, claimed, query in claims:
            if claimed is None:
                continue
            try:
                counted = site.count(query)
            except requests.RequestException as exc:
                yield failed(f"counts.{test}", f"de telling faalde: {exc}", f"the count failed: {exc}")
                continue
            yield verdict(f"counts.{test}", None if counted == claimed else (
                f"de beschrijving zegt {claimed}, het endpoint telt {counted}",
                f"the description says {claimed}, the endpoint counts {counted}"),
                (f"{claimed}, zoals het endpoint telt", f"{claimed}, as the endpoint counts"))


class CatalogueCheck:
    name = "catalogue"

    def run(self, site: Deployment) -> Iterator[Outcome]:
        catalogue = site.catalogue
        if catalogue is None:
            yield failed("catalogue.served", "geen catalogus op /catalogus of catalogus.ttl",
                         "no catalogue at /catalogus or catalogus.ttl")
            return
        if site.options.shapes is None:
            yield inapplicable("catalogue.shapes", "geen map met de officiële shapes (--catalogue-shapes)",
                               "no folder of official shapes given (--catalogue-shapes)")
        else:
            triples = serialize(list(catalogue), format=RdfFormat.N_TRIPLES)
            for name in site.options.profiles or DEFAULT_PROFILES:
                yield self._profile(triples, name, site.options.shapes)
        yield from self._served(site, catalogue)

    @staticmethod
    def _profile(triples: bytes, name: str, folder: Path) -> Outcome:
        """One official profile, in full (lod.validate.catalogue_profiles: files, corrections)."""
        test = f"catalogue.{name}"
        try:
            shapes = load_shape_set(name, folder)
        except FileNotFoundError as exc:
            return failed(test, f"shapes niet gevonden: {exc}", f"shapes not found: {exc}")
        outcome = check_catalogue_triples(triples, shapes)
        shown = "; ".join(str(f) for f in outcome.violations[:4])
        unread = f"; imports not read: {len(shapes.missing)}" if shapes.missing else ""
        found = (f"{len(outcome.violations)} schendingen van {outcome.profile}: {shown}",
                 f"{len(outcome.violations)} violations of {outcome.profile}: {shown}")
        return verdict(test, found if outcome.violations else None,
                       (f"conform {outcome.profile} ({len(outcome.warnings)} waarschuwingen{unread})",
                        f"conforms to {outcome.profile} ({len(outcome.warnings)} warnings{unread})"))

    def _served(self, site: Deployment, catalogue: Graph) -> Iterator[Outcome]:
        """The file's triples, answered by SPARQL and by dereferencing, must be the same."""
        wanted = {Quad(q.subject, q.predicate, q.object) for q in catalogue}
        subjects = sorted({q.subject.value for q in wanted if isinstance(q.subject, NamedNode)})
        if site.endpoint is None:
            yield inapplicable("catalogue.sparql", "geen SPARQL-endpoint", "no SPARQL endpoint")
        else:
            values = " ".join(f"<{s}>" for s in subjects)
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}"
            response = site.http.post(site.endpoint, data={"query": query}, timeout=site.options.timeout,
                                      headers={"Accept": "application/n-triples"})
            got = {Quad(t.subject, t.predicate, t.object)
                   for t in parses(response.content, "application/n-triples", site.endpoint) or []}
            named = {q for q in wanted if isinstance(q.subject, NamedNode)}
            yield _same("catalogue.sparql", named, got, "het endpoint", "the endpoint")
        for quad in catalogue.quads_for_pattern(None, RDF.type, DCAT.Dataset):
            iri = quad.subject.value
            document = site.graph(site.here(iri), follow=True)  # /id/ → 303 → /doc/
            if document is None:
                yield failed("catalogue.dereferenced", f"<{iri}> dereferencet niet naar Turtle",
                             f"<{iri}> does not dereference to Turtle")
                continue
            own = {q for q in wanted if q.subject == quad.subject}
            got = set(document.quads_for_pattern(quad.subject, None, None))
            yield _same("catalogue.dereferenced", own, got, f"<{iri}> gederefereerd", f"<{iri}> dereferenced")


def _same(test: str, wanted: set[Quad], got: set[Quad], where_nl: str, where_en: str) -> Outcome:
    """Every triple of the file is served as it is (other descriptions of the same subjects, the
    VoID's say, may be there too), and none is served changed. A triple whose typed literal a
    store cannot keep as written ("1"^^xsd:nonNegativeInteger comes back as xsd:integer) may be
    left out of the store (lod.store.memory.storable), never served retyped."""
    keepable = set(storable(wanted))
    served = {(q.subject, q.predicate): q.object for q in got}
    # A literal the store could not keep, served under its subject and predicate all the same: retyped.
    changed = {q for q in wanted - got - keepable if (q.subject, q.predicate) in served}
    missing = (keepable - got) | changed
    left_out = len(wanted - keepable - got - changed)
    if not missing:
        note = Text(f"; {left_out} met een literal die een store niet ongewijzigd bewaart, weggelaten",
                    f"; {left_out} with a literal a store cannot keep as written, left out") if left_out \
            else Text("", "")
        return passed(test, f"{where_nl} geeft de {len(keepable)} triples van het bestand, literalen "
                      f"gelijk{note.nl}", f"{where_en} gives the file's {len(keepable)} triples, literals "
                      f"equal{note.en}")
    shown = "; ".join(f"{q.subject} {q.predicate} {q.object} " + (
        f"served as {served[q.subject, q.predicate]}" if (q.subject, q.predicate) in served else "missing")
        for q in sorted(missing, key=str)[:4])
    return failed(test, f"{where_nl}: {len(missing)} triples van het bestand anders of niet: {shown}",
                  f"{where_en}: {len(missing)} of the file's triples differ or are missing: {shown}")


__all__ = ["CatalogueCheck", "CountCheck"]
