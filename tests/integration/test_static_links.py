"""Every relative link of the real static release points at a file the release contains.

Each .html file is parsed; href and src values that are relative (no scheme, no leading //)
are resolved against the page's own directory, their #fragment and ?query dropped, and the
target must exist in the release (a directory counts when it holds an index.html). Links to
other hosts, mailto: and fragments within the page itself are not files and are skipped.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [v for k, v in attrs if k in ("href", "src") and v is not None]


def links_of(path: Path) -> list[str]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


def target(root: Path, page: Path, link: str) -> str | None:
    """The release-relative path a link points at, or None for links that are not files."""
    return _target(PurePosixPath(page.relative_to(root).as_posix()).parent, link)


@functools.cache  # pages of one folder share their navigation: 110,000 links, a few thousand distinct
def _target(base: PurePosixPath, link: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another host, mailto:, or a fragment of the page itself
    joined = PurePosixPath(unquote(parts.path)) if parts.path.startswith("/") else base / unquote(parts.path)
    resolved: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not resolved:
                return "../" + joined.as_posix()  # above the release root: always dead
            resolved.pop()
        elif part not in (".", "/"):
            resolved.append(part)
    return "/".join(resolved)


def exists(root: Path, rel: str) -> bool:
    path = root / rel
    return not rel.startswith("../") and (path.is_file() or (path / "index.html").is_file())


def test_target_resolution():
    root = Path("/r")
    page = root / "doc" / "maatregel" / "T-001.html"
    assert target(root, page, "../../index.html#top") == "index.html"
    assert target(root, page, "T-002.html?x=1") == "doc/maatregel/T-002.html"
    assert target(root, page, "#inhoud") is None
    assert target(root, page, "https://example.org/x") is None
    assert target(root, page, "mailto:a@b.be") is None
    assert target(root, page, "../../../x.html") == "../doc/maatregel/../../../x.html"
    assert not exists(root, "../doc/maatregel/../../../x.html")


@pytest.fixture(scope="module")
def site(release: Path) -> Path:
    assert (release / "index.html").is_file(), "the project's data/ must build a real release"
    return release


def test_every_relative_link_of_the_static_release_resolves(site: Path):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}  # one walk
    dead: dict[str, list[str]] = {}
    checked = 0
    for page in pages:
        base = PurePosixPath(page.relative_to(site).as_posix()).parent
        for link in links_of(page):
            rel = _target(base, link)  # target(site, page, link), the page's folder taken once
            if rel is None:
                continue
            checked += 1
            if rel not in files and f"{rel}/index.html" not in files and not exists(site, rel):
                dead.setdefault(f"{rel}  ({link})", []).append(page.relative_to(site).as_posix())
    assert checked > 1000
    report = [f"{k}: {len(v)} pages, e.g. {v[0]}" for k, v in sorted(dead.items())]
    assert not dead, "dead links:\n" + "\n".join(report[:40])
