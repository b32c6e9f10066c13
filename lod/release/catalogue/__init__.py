"""Describe a release for portals and machines: DCAT-AP 3, DCAT-AP Vlaanderen 3, VoID, SPARQL SD.

Each profile is a class with `triples(info) -> Iterator[Quad]`, chosen by name. Profiles compose
(the Flemish profile yields the European one's triples and adds its own), never patch each other.

>>> sorted(PROFILES)
['dcat-ap-3', 'dcat-ap-vl-3', 'service-description', 'versions', 'void']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from pyoxigraph import Quad, Store

from lod.config import Config
from lod.release.catalogue.base import (
    LINK_TARGETS,
    CatalogueInfo,
    DumpFile,
    Linkset,
    Profile,
    newest_modified,
    statistics,
    with_description,
)
from lod.release.catalogue.dcat_ap_3 import DcatAp3
from lod.release.catalogue.dcat_ap_vl_3 import DcatApVl3
from lod.release.catalogue.service_description import ServiceDescription
from lod.release.catalogue.versions import Versions
from lod.release.catalogue.void import Void
from lod.store.memory import storable

PROFILES: dict[str, type] = {p.name: p for p in (DcatAp3, DcatApVl3, Versions, Void, ServiceDescription)}


def profile(name: str) -> Profile:
    """The profile called `name`; an unknown name raises ValueError listing the known ones."""
    if name not in PROFILES:
        raise ValueError(f"unknown catalogue profile {name!r}; known: {', '.join(sorted(PROFILES))}")
    return PROFILES[name]()


def profile_quads(info: CatalogueInfo, *names: str) -> list[Quad]:
    """The distinct triples of the named profiles, in a stable order."""
    seen: dict[Quad, None] = {}
    for name in names:
        for q in profile(name).triples(info):
            seen.setdefault(q, None)
    return list(seen)


@dataclass
class Description:
    """The release's description: each catalogue file's quads (exact), what the store gets, and the
    counts, which are those of the store holding data and description."""

    files: dict[str, list[Quad]]
    stored: list[Quad]
    info: CatalogueInfo

    @property
    def quads(self) -> list[Quad]:
        """Every quad of every file, once, in file order."""
        return list(dict.fromkeys(q for quads in self.files.values() for q in quads))


def describe_release(store: Store, cfg: Config, dumps: Iterable[DumpFile],
                     files: dict[str, tuple[str, ...]], *, versions: Iterable[tuple[str, str]] = (),
                     versions_graph: DumpFile | None = None) -> Description:
    """The catalogue files (name -> profiles) of the graph in `store`. VoID and the Service
    Description count what the endpoint holds, their own triples included: the counts are computed
    again with the description added until they no longer change (a count's value never changes
    the number of triples, so this ends in two or three rounds)."""
    data = replace(statistics(store, cfg, dumps), versions=tuple(versions), versions_graph=versions_graph)
    info = data
    for _ in range(10):
        described = {name: profile_quads(info, *names) for name, names in files.items()}
        stored = storable(q for quads in described.values() for q in quads)
        counted = with_description(data, stored, store)
        if counted == info:
            return Description(described, stored, info)
        info = counted
    raise RuntimeError("the catalogue's counts did not settle after 10 rounds")


__all__ = ["CatalogueInfo", "Description", "DumpFile", "Linkset", "Profile", "PROFILES", "profile",
           "profile_quads", "describe_release", "statistics", "storable", "newest_modified",
           "with_description", "LINK_TARGETS"]
