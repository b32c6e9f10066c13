"""The frame around every page (lod/pages/frame.py) is drawn once per `frame_key`: pages that share a
key must get the very same frame, and pages whose frame differs must not share one."""

from __future__ import annotations

import re
from types import SimpleNamespace

from lod.config import Config
from lod.pages.frame import bare_frame, frame_key
from lod.pages.links import Links

SITE = SimpleNamespace(cfg=Config(), path_of=lambda iri: None)


def links(page: str, *, lang: str = "nl", root: str | None = None) -> Links:
    return Links(SITE, lang=lang, page=page, root=root)  # type: ignore[arg-type]


def drawn(page: str, section: str, **options) -> str:
    frame = bare_frame(Config(), links(page, **{k: v for k, v in options.items() if k in ("lang", "root")}),
                       section, search_page=options.get("search_page", False))
    return frame["nav"] + frame["footer"]


def test_pages_of_one_folder_and_section_share_their_frame():
    one, other = links("doc/maatregel/a"), links("doc/maatregel/b")
    assert frame_key(one, "exchange", False) == frame_key(other, "exchange", False)
    assert drawn("doc/maatregel/a", "exchange") == drawn("doc/maatregel/b", "exchange")


def test_a_menu_entrys_own_page_has_a_frame_of_its_own():
    """`data` is the menu's own entry: its link says aria-current="page"; a page beside it in the
    same section says "true". One frame for both would tell one of them the wrong thing."""
    assert frame_key(links("data"), "data", False) != frame_key(links("catalogus"), "data", False)
    own, beside = drawn("data", "data"), drawn("catalogus", "data")
    assert re.search(r'href="data.html" aria-current="page"', own)
    assert re.search(r'href="data.html" aria-current="true"', beside)


def test_what_changes_a_frame_changes_its_key():
    base = frame_key(links("doc/x/a"), "data", False)
    others = [frame_key(links("doc/x/a", lang="en"), "data", False),  # the words and .en.html hrefs
              frame_key(links("doc/x/a", root="/"), "data", False),  # absolute hrefs on a server
              frame_key(links("doc/y/a"), "data", False),  # another folder: other relative hrefs
              frame_key(links("doc/x/a"), "exchange", False),  # another current section
              frame_key(links("doc/x/a"), "data", True)]  # the search page: no search box in its header
    assert base not in others and len(set(others)) == len(others)
    assert drawn("doc/x/a", "data") != drawn("x", "data")  # ../../data.html against data.html
    assert 'role="search"' in drawn("zoeken/index", "search") and \
        'role="search"' not in drawn("zoeken/index", "search", search_page=True)
