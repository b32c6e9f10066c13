"""The frame around every page: the menu, the footer's facts and the help block for people affected.

`page_frame(site, links, section)` is what base.html draws around the main content. The help block
names only what the project's sources give: the helpline 1712 and the Zorgcentra na Seksueel
Geweld, each an organisation of data/organisaties.csv with the page it was read in
(../shared/reference/DOMAIN-NOTES.md §1, §3 and §5); nothing is added from memory.
"""

from __future__ import annotations

from typing import Any, Protocol

from markupsafe import Markup
from pyoxigraph import Literal, NamedNode

from lod.config import Config
from lod.pages.env import environment
from lod.pages.links import Links
from lod.pages.text import UI
from lod.store.base import Store
from lod.terms import PREFIXES, catalogue_iri, organisation_iri
from lod.text import Text

# The menu: (key of the UI word menu_<key>, site path). The key is also a page's `section`.
MENU: tuple[tuple[str, str], ...] = (
    ("home", ""), ("search", "zoeken/index"), ("exchange", "uitwisseling/index"),
    ("organisations", "organisaties"), ("data", "data"), ("check", "controle"))

# Menu entries only a server has (the sheet check answers uploads; a static site cannot).
SERVER_ONLY = frozenset({"check"})

# The organisations of the help block, by slug (data/organisaties.csv; slugs never change).
HELP_LINE = "hulplijn-1712"
CARE_CENTRES = ("zsg-gent", "zsg-antwerpen", "zsg-leuven", "zsg-west-vlaanderen", "zsg-limburg")

# What the centres offer and where, as DOMAIN-NOTES §1 (row "Zorgcentra na Seksueel Geweld") and §5
# (the table of Flemish centres) read it in their sources; each centre's own source is on its page.
CARE_CENTRE_OFFER = Text(
    "Dag en nacht medische, psychologische en forensische zorg na seksueel geweld; u kunt er ook "
    "aangifte doen bij de politie.",
    "Medical, psychological and forensic care after sexual violence, day and night; you can also "
    "report to the police there.")
CARE_CENTRE_PLACE = {"zsg-gent": "UZ Gent", "zsg-antwerpen": "UZA, Edegem", "zsg-leuven": "UZ Leuven",
                     "zsg-west-vlaanderen": "AZ Delta, Roeselare", "zsg-limburg": "ZOL, Genk"}

_LICENCE_NAMES = {"http://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
                  "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0"}


class FrameSource(Protocol):
    """What the frame needs of pages.site.Site."""

    store: Store
    cfg: Config

    def label(self, iri: str, lang: str) -> str | None: ...


def release_date(store: Store, cfg: Config) -> str:
    """The catalogue's dct:issued as a date (YYYY-MM-DD); "" when the store has none or only the
    reproducible-build default 1970-01-01, which is no date of any event."""
    rows = store.select("SELECT ?c ?d WHERE { ?c <http://purl.org/dc/terms/issued> ?d }",
                        bindings={"c": catalogue_iri(cfg)})
    found = sorted(r["d"].value[:10] for r in rows if isinstance(r["d"], Literal))
    return next((d for d in reversed(found) if not d.startswith("1970-01-01")), "")


def help_organisations(site: FrameSource, lang: str) -> list[dict[str, Any]]:
    """The help line and the care centres the store holds, with the source each was read in."""
    slugs = (HELP_LINE, *CARE_CENTRES)
    iris = {slug: organisation_iri(site.cfg, slug).value for slug in slugs}
    found = []
    for slug in slugs:
        iri = iris[slug]
        sources = [r["b"].value for r in site.store.select(
            f"SELECT ?b WHERE {{ <{iri}> <{PREFIXES['dct']}source> ?b }}")
            if isinstance(r["b"], NamedNode)]
        name = site.label(iri, lang)
        if name is None:  # not in this release's organisation table: say nothing about it
            continue
        found.append({"slug": slug, "iri": iri, "name": name, "sources": sorted(sources),
                      "place": CARE_CENTRE_PLACE.get(slug, "")})
    return found


def render_help(site: FrameSource, links: Links) -> Markup:
    """The help block of every page's footer; empty when the store has none of its organisations."""
    found = help_organisations(site, links.lang)
    line = next((o for o in found if o["slug"] == HELP_LINE), None)
    centres = [o for o in found if o["slug"] != HELP_LINE]
    if line is None and not centres:
        return Markup("")
    return Markup(environment().get_template("_help.html").render(
        t=UI.pick(links.lang), links=links, line=line, centres=centres,
        offer=CARE_CENTRE_OFFER.pick(links.lang)))


def page_frame(site: FrameSource, links: Links, section: str, help_block: Markup,
               released: str, *, search_page: bool = False) -> dict[str, Any]:
    """The frame's context: menu, which section is current, footer facts, the help block, and the
    menu and footer drawn with them (`nav`, `footer`)."""
    return bare_frame(site.cfg, links, section, help_block, released, search_page=search_page)


def bare_frame(cfg: Config, links: Links, section: str, help_block: Markup | None = None,
               released: str = "", *, search_page: bool = False) -> dict[str, Any]:
    """The frame of a page drawn without a store (the sheet check): no help block, no release date
    unless given. `search_page`: the page is the search page, whose header has no search box."""
    frame = {"menu": MENU, "server_only": SERVER_ONLY, "section": section, "here": _here(links),
             "help": help_block or Markup(""),
             "publisher": cfg.publisher_name, "publisher_homepage": cfg.publisher_homepage,
             "contact": cfg.contact_email, "licence": cfg.licence,
             "licence_name": _LICENCE_NAMES.get(cfg.licence, cfg.licence), "released": released}
    env, t, static = environment(), UI.pick(links.lang), links.root is None
    frame["nav"] = Markup(env.get_template("_frame_nav.html").render(
        t=t, links=links, frame=frame, static=static, search_page=search_page))
    frame["footer"] = Markup(env.get_template("_frame_footer.html").render(t=t, links=links, frame=frame))
    return frame


def _here(links: Links) -> str:
    """The page as the menu names it ('' the landing page, 'data', 'doc/…'): its entry is the page."""
    return links.page.removesuffix("/index") if links.page != "index" else ""


def frame_key(links: Links, section: str, search_page: bool) -> tuple[Any, ...]:
    """What a page's frame depends on: its language and root, its folder (relative hrefs), its
    section, whether it is a menu entry's own page, and whether it is the search page. Every page
    of a folder has the same frame but the menu's own pages, so a site draws it once per key."""
    here = _here(links)
    own = here if any(here == path for _, path in MENU) else None
    return links.lang, links.root, links.page.rpartition("/")[0], section, own, search_page


__all__ = ["CARE_CENTRES", "HELP_LINE", "MENU", "bare_frame", "frame_key", "help_organisations", "page_frame",
           "release_date", "render_help"]
