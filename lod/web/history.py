"""Time on the server: /versies (the versions page), /impact, each earlier version's files under
/versies/<id>/…, and the LDES under /ldes/….

A version's files never change, and neither does a fragment of the feed once written, so both are
sent with `Cache-Control: …, immutable` (the LDES specification asks it of pages that get no more
members); the feed's root, which gains a relation with every release, with a short max-age. Only
the versions the release lists (versies.json, versies/<id> links) are served, each from its own
release folder, and no path leaves it.
"""

from __future__ import annotations

import json
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from lod.config import Config
from lod.insight.impact import Figure, impact_queries
from lod.layout import CHANGELOG_TEXT, CHANGES, FEED, FEED_ROOT, IMPACT_JSON, VERSION_LINKS, VERSIONS_JSON
from lod.pages.history import render_impact, render_versions
from lod.pages.links import Links
from lod.pages.site import Site
from lod.web.conneg import HTML
from lod.web.resources import public_root, request_lang, respond

IMMUTABLE = "public, max-age=31536000, immutable"
FEED_ROOT_CACHE = "public, max-age=300"  # the root changes with each release
MEDIA_TYPES = {
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".html": "text/html",
    ".md": "text/markdown",
    ".csv": "text/csv",
    ".gz": "application/gzip",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".js": "text/javascript",
    ".rq": "application/sparql-query",
    ".rdf": "application/rdf+xml",
}


def media_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix, "application/octet-stream")


def inside(base: Path, rel: str) -> Path | None:
    """`base/rel` when it is a file inside `base` (no '..', no link out), else None."""
    if not rel or "\x00" in rel or any(part in ("..", "") for part in rel.split("/")):
        return None
    target = (base / rel).resolve()
    return target if target.is_file() and target.is_relative_to(base.resolve()) else None


class History:
    """The routes about time of one release."""

    def __init__(self, cfg: Config, site: Site, release_dir: Path | None, error) -> None:
        self.cfg, self.site, self.release_dir, self.error = cfg, site, release_dir, error
        self.versions: list = []
        self.folders: dict[str, Path] = {}
        if release_dir is None or not (release_dir / VERSIONS_JSON).is_file():
            return
        from lod.release.history import load_versions  # the release stage reads its own file

        self.versions = load_versions(release_dir)
        if self.versions:
            self.folders[self.versions[-1].id] = release_dir.resolve()
        links = release_dir / VERSION_LINKS
        releases = release_dir.resolve().parent
        for v in self.versions[:-1]:
            link = links / v.id
            if link.is_symlink() and link.resolve().is_dir() and link.resolve().parent == releases:
                self.folders[v.id] = link.resolve()

    def _links(self, request: Request, page: str) -> Links:
        return Links(self.site, lang=request_lang(request), page=page, root=public_root(self.cfg, request))

    def _lines(self, vid: str, lang: str) -> list[str]:
        path = self.release_dir / CHANGES / f"{vid}{CHANGELOG_TEXT.pick(lang)}"
        if not path.is_file():
            return []
        return [
            line[2:] if line.startswith("- ") else line
            for line in path.read_text(encoding="utf-8").splitlines()[2:]
        ]

    async def page(self, request: Request) -> Response:
        """/versies: every version with its changes."""
        if not self.versions:
            return self.error(request, 404, "not_found", "Deze release heeft geen versies (no versions).")
        links = self._links(request, "versies")
        root = public_root(self.cfg, request)

        def href(vid: str) -> str | None:
            if vid == self.versions[-1].id:
                return root
            return f"{root}{VERSION_LINKS}/{vid}/" if vid in self.folders else None

        html = await run_in_threadpool(render_versions, self.site, links, self.versions, self._lines, href)
        return respond(request, html.encode(), HTML)

    async def impact(self, request: Request) -> Response:
        """/impact: the impact series as the build computed it (impact.json), with its queries."""
        path = self.release_dir / IMPACT_JSON if self.release_dir else None
        if path is None or not path.is_file():
            return self.error(request, 404, "not_found", "Niet in deze release (not in this release): impact")
        rows = json.loads(path.read_text(encoding="utf-8"))["figures"]
        figures = [Figure(q, rows[q.name]["rows"]) for q in impact_queries(self.cfg) if q.name in rows]
        html = await run_in_threadpool(render_impact, self.site, self._links(request, "impact"), figures)
        return respond(request, html.encode(), HTML)

    async def version_file(self, request: Request) -> Response:
        """/versies/<id>/<path>: a file of that version's release (`doc/x` finds `doc/x.html`)."""
        vid, rel = request.path_params["version"], request.path_params.get("path", "")
        folder = self.folders.get(vid)
        if folder is None:
            return self.error(request, 404, "not_found", f"Onbekende versie (unknown version): {vid}")
        target = (
            inside(folder, rel or "index.html")
            or inside(folder, (rel.rstrip("/") or "index") + ".html")
            or inside(folder, rel.rstrip("/") + "/index.html")
        )
        if target is None:
            return self.error(
                request, 404, "not_found", f"Niet in versie {vid} (not in version {vid}): /{rel}"
            )
        return FileResponse(target, media_type=media_type(target), headers={"Cache-Control": IMMUTABLE})

    async def feed(self, request: Request) -> Response:
        """/ldes/<file>: the feed's root (max-age) and fragments (immutable)."""
        name = request.path_params.get("path", "")
        target = inside(self.release_dir / FEED, name) if self.release_dir else None
        if target is None:
            return self.error(
                request, 404, "not_found", f"Niet in de wijzigingenstroom (not in the feed): {name}"
            )
        cache = FEED_ROOT_CACHE if f"{FEED}/{name}" == FEED_ROOT else IMMUTABLE
        return FileResponse(target, media_type=media_type(target), headers={"Cache-Control": cache})


__all__ = ["FEED_ROOT_CACHE", "History", "IMMUTABLE", "inside", "media_type"]
