"""Describe a release for portals and machines: DCAT-AP 3, DCAT-AP Vlaanderen 3, VoID, SPARQL SD.

Each profile is a class with `triples(info) -> Iterator[Quad]`, chosen by name. Profiles compose
(the Flemish profile yields the European one's triples and adds its own), never patch each other.

>>> sorted(PROFILES)
['dcat-ap-3', 'dcat-ap-vl-3', 'service-description', 'void']
"""

from __future__ import annotations

from pyoxigraph import Quad

from lod.release.catalogue.base import CatalogueInfo, DumpFile, Linkset, Profile, newest_modified, statistics
from lod.release.catalogue.dcat_ap_3 import DcatAp3
from lod.release.catalogue.dcat_ap_vl_3 import DcatApVl3
from lod.release.catalogue.service_description import ServiceDescription
from lod.release.catalogue.void import Void

PROFILES: dict[str, type] = {p.name: p for p in (DcatAp3, DcatApVl3, Void, ServiceDescription)}


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


__all__ = ["CatalogueInfo", "DumpFile", "Linkset", "Profile", "PROFILES", "profile", "profile_quads",
           "statistics", "newest_modified", "LINK_TARGETS"]
