"""The change feed, if the release publishes one: an LDES event stream (TREE fragments).

Found through the catalogue or VoID: a resource typed `ldes:EventStream`, or a distribution or data
service that `dct:conformsTo` the LDES specification (its access, download or endpoint URL).
Without one the check is not applicable. With one, its root and every fragment reachable by
`tree:relation`/`tree:node` (up to `max_pages`) must answer and parse, and the stream must have a
view. The shapes of ../shared/reference/ldes are for the feed's own tests; this check is where a
deployment's feed is looked at from outside, and the place to add what the feed's builder wants
checked as well.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from lod.check.deployment import Deployment
from lod.check.report import Outcome, failed, inapplicable, verdict
from lod.terms import DCAT, DCT, LDES, RDF, TREE

SPECIFICATION = NamedNode("https://w3id.org/ldes/specification")


def feeds(site: Deployment) -> list[str]:
    """The canonical IRIs of the event streams the release describes."""
    found: set[str] = set()
    for store in (site.catalogue, site.void):
        if store is None:
            continue
        found |= {q.subject.value for q in store.quads_for_pattern(None, RDF.type, LDES.EventStream)}
        for quad in store.quads_for_pattern(None, DCT.conformsTo, SPECIFICATION):
            found |= {q.object.value for q in store.quads_for_pattern(quad.subject, DCAT.accessURL, None)}
            found |= {q.object.value for q in store.quads_for_pattern(quad.subject, DCAT.downloadURL, None)}
            # a data service (lod/release/catalogue/versions.py): the stream's root is its endpoint
            found |= {q.object.value for q in store.quads_for_pattern(quad.subject, DCAT.endpointURL, None)}
    return sorted(found)


class LdesCheck:
    name = "ldes"

    def run(self, site: Deployment) -> Iterator[Outcome]:
        streams = feeds(site)
        if not streams:
            yield inapplicable("ldes.feed", "de catalogus beschrijft geen LDES-feed",
                               "the catalogue describes no LDES feed")
            return
        for stream in streams:
            yield from self._one(site, stream)

    def _one(self, site: Deployment, stream: str) -> Iterator[Outcome]:
        root = site.graph(site.here(stream))
        if root is None:
            yield failed("ldes.root", f"<{stream}> antwoordt niet met RDF",
                         f"<{stream}> does not answer with RDF")
            return
        views = [q.object.value for q in root.quads_for_pattern(None, TREE.view, None)]
        no_view = ("de stream heeft geen tree:view", "the stream has no tree:view")
        yield verdict("ldes.view", None if views else no_view,
                      (f"{len(views)} view(s)", f"{len(views)} view(s)"))
        seen, queue, broken = set(), list(views), []
        while queue and len(seen) < site.options.max_pages:
            node = queue.pop(0)
            if node in seen:
                continue
            seen.add(node)
            page = site.graph(site.here(node))
            if page is None:
                broken.append(node)
                continue
            for relation in page.quads_for_pattern(None, TREE.relation, None):
                queue += [q.object.value for q in page.quads_for_pattern(relation.object, TREE.node, None)]
        silent = (f"{len(broken)} fragmenten antwoorden niet: {broken[:3]}",
                  f"{len(broken)} fragments do not answer: {broken[:3]}")
        yield verdict("ldes.fragments", silent if broken else None,
                      (f"{len(seen)} fragmenten gelezen", f"{len(seen)} fragments read"))


__all__ = ["LdesCheck", "feeds"]
