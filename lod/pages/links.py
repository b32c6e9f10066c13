"""Hrefs for the pages: absolute under the server's root, or relative for the static site, so the
same templates serve both (a static site works from any host and from file://)."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol
from urllib.parse import parse_qsl

from lod.config import Config
from lod.text import LANGS, Text

# A static page in each language (index.html, index.en.html); the server says ?lang=en instead.
PAGE_SUFFIX = Text(".html", ".en.html")
_QUERY_SUFFIX = Text("", "?lang=en")


class Paths(Protocol):
    """What Links needs of a site (pages.site.Site): its configuration and where a page about an IRI is."""

    cfg: Config

    def path_of(self, iri: str) -> str | None: ...


def relative(path: str, page: str) -> str:
    """`path` as seen from the folder of `page` (both site paths, '/'-separated, no '.' or '..'):
    posixpath.relpath's answer by string, since a static build asks it for every link of every page."""
    return _relative(path, page.rpartition("/")[0])


@lru_cache(maxsize=1 << 16)  # the same few thousand targets from a few dozen folders, all pages long
def _relative(path: str, folder: str) -> str:
    here = folder.split("/") if folder else []
    parts = path.split("/")
    common = 0
    for a, b in zip(here, parts, strict=False):
        if a != b:
            break
        common += 1
    rest = "/".join(parts[common:])
    up = "../" * (len(here) - common)
    return (up + rest) if rest else (up.rstrip("/") or ".")


class Links:
    """IRIs and site paths to hrefs: absolute under `root` (server) or relative (static site)."""

    def __init__(self, site: Paths, *, lang: str, page: str, root: str | None) -> None:
        self.site, self.lang, self.page, self.root = site, lang, page, root

    def to(self, path: str, *, lang: str | None = None, asset: bool = False) -> str:
        """A site path ('' landing, 'doc/x', 'static/style.css') as an href in this mode."""
        lang = lang or self.lang
        if self.root is not None:
            return self.root + path + ("" if asset else _QUERY_SUFFIX.pick(lang))
        if not asset:
            path = (path or "index") + PAGE_SUFFIX.pick(lang)
        return relative(path, self.page)

    def iri(self, iri: str) -> str | None:
        """Where a page about `iri` lives here, else the IRI itself for other sites, None for none."""
        path = self.site.path_of(iri)
        if path is not None:
            return self.to(path)
        if iri.startswith(self.site.cfg.vocab_ns):  # a term of the vocabulary: its documentation
            page = "ontology/vu.html" if self.root is None else "ns"
            return self.to(page, asset=True) + "#" + iri[len(self.site.cfg.vocab_ns):]
        if iri == self.site.cfg.base_uri:
            return self.to("")
        if iri.startswith(self.site.cfg.base_uri):
            return None  # ours but without a page (e.g. a source row)
        return iri if iri.startswith(("http://", "https://")) else None

    def form_fields(self) -> list[tuple[str, str]]:
        """Hidden fields a GET form needs to stay in this language: a form's action loses its query
        string (?lang=en on the server); static pages carry the language in their file name."""
        if self.root is None:
            return []
        return parse_qsl(_QUERY_SUFFIX.pick(self.lang).removeprefix("?"))

    def switch(self) -> str:
        """The same page in the other language."""
        return self.to(self.page, lang=next(lang for lang in LANGS if lang != self.lang))


__all__ = ["Links", "PAGE_SUFFIX", "Paths", "relative"]
