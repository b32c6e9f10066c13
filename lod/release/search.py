"""Search for people, built with the release: zoeken/ holds the page, its index and the library.

The index is a script that assigns JSON to `window.veiligUitgaan` (one per language), not a JSON
file fetched at run time: browsers refuse fetch() and module imports from file://, but they run a
classic <script src>. So the same files work from file://, from any static host and from
`lod serve`, which sends these bytes too (`search_files`). MiniSearch (npm, declared in
package.json) ranks the results; the README says why it was chosen over Pagefind, with numbers.

>>> import pyoxigraph as ox
>>> from lod.store.memory import MemoryStore
>>> files = search_files(MemoryStore(ox.Store()), Config(search_library=Path("/nonexistent")))
>>> sorted(files)
['zoeken/gemeenten.en.js', 'zoeken/gemeenten.js', 'zoeken/maatregelen.en.js', 'zoeken/maatregelen.js']
>>> files['zoeken/gemeenten.js'].decode().splitlines()[0]
'/* Veilig Uitgaan: gemeenten (gegenereerd bij de release) */'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lod.config import Config
from lod.errors import Problem
from lod.insight.search import EarlierIndex, search_data, search_data_after
from lod.layout import SEARCH_CACHE, SEARCH_INDEX, SEARCH_LIBRARY, SEARCH_MUNICIPALITIES, SEARCH_PAGE
from lod.pages.links import PAGE_SUFFIX
from lod.pages.search import render_search_page
from lod.pages.site import Site
from lod.release.site import software_fingerprint
from lod.store.base import Store
from lod.text import LANGS, Text

_WHAT = {"zoekindex": Text("zoekindex", "search index"), "gemeenten": Text("gemeenten", "municipalities")}
_BUILT = Text("gegenereerd bij de release", "built with the release")


def data_script(name: str, data: Any, lang: str) -> bytes:
    """`window.veiligUitgaan[name] = <json>;`: a classic script, so it loads from file:// too.
    '<' is escaped, so no text in the data can close a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    return (f"/* Veilig Uitgaan: {_WHAT[name].pick(lang)} ({_BUILT.pick(lang)}) */\n"
            f"(window.veiligUitgaan = window.veiligUitgaan || {{}}).{name} = {text};\n").encode()


def read_data_script(data: bytes, name: str) -> Any:
    """The JSON `data_script(name, …)` wrote, None when `data` is no such script (another name, cut
    short, damaged): what a build takes from the release before's files.

    >>> read_data_script(data_script("gemeenten", [{"naam": "</script>"}], "en"), "gemeenten")
    [{'naam': '</script>'}]
    >>> read_data_script(b"window.x = 1;", "gemeenten") is None
    True
    """
    head, _, body = data.partition(b"\n")
    opening = f"(window.veiligUitgaan = window.veiligUitgaan || {{}}).{name} = ".encode()
    if not (head.startswith(b"/*") and body.startswith(opening) and body.endswith(b";\n")):
        return None
    try:
        return json.loads(body[len(opening):-2])
    except ValueError:  # also a text that is no UTF-8
        return None


def search_library(cfg: Config) -> bytes | None:
    """MiniSearch's browser build, when npm installed it (make; package.json), else None."""
    path = cfg.search_library
    return path.read_bytes() if path.is_file() else None


def library_missing(cfg: Config) -> Problem:
    return Problem(
        Text("MiniSearch niet gevonden: de zoekpagina zoekt zonder rangschikking, op woorden",
             "MiniSearch not found: the search page matches words, without ranking"),
        file=str(cfg.search_library), severity="warning", code="search-library",
        hint=Text("installeer het met `npm ci` in de projectmap (make doet dat), of zet search_library",
                  "install it with `npm ci` in the project folder (make does), or set search_library"))


def search_files(store: Store, cfg: Config,
                 data: dict[str, tuple[dict, list]] | None = None) -> dict[str, bytes]:
    """The data files of zoeken/ (index and municipalities per language) and the library if found;
    `data` is what `search_data` read, when the caller has it already."""
    data = data if data is not None else search_data(store, cfg)
    files: dict[str, bytes] = {}
    for lang in LANGS:
        index, choices = data[lang]
        files[SEARCH_INDEX.pick(lang)] = data_script("zoekindex", index, lang)
        files[SEARCH_MUNICIPALITIES.pick(lang)] = data_script("gemeenten", choices, lang)
    library = search_library(cfg)
    if library is not None:
        files[SEARCH_LIBRARY] = library
    return files


def write_search_files(site: Site, out_dir: Path, *, previous: Path | None = None,
                       changed: frozenset[str] | None = None) -> tuple[list[Path], list[Problem]]:
    """zoeken/: the search page in each language, its data files and the library. Returns the files
    written and a warning when the library is missing (the page then matches words on its own).

    With `previous` (the release before) and `changed` (the subjects whose triples differ from its
    data), the records that still hold are taken from its index (lod.insight.search.search_data_after
    says which), when it was made under the same key (`cache/search.json`: the software and the
    municipalities, and the labels its records read). This release's go to its own cache/."""
    earlier = _earlier_index(previous, changed)
    made = search_data_after(site.store, site.cfg, software=software_fingerprint(site.cfg), earlier=earlier)
    data = made.data
    files = search_files(site.store, site.cfg, data)
    written = []
    for lang in LANGS:
        links = site.static_links(lang, SEARCH_PAGE)
        html = render_search_page(site, links, library=SEARCH_LIBRARY in files, index=data[lang][0])
        files[SEARCH_PAGE + PAGE_SUFFIX.pick(lang)] = html.encode()
    for rel, data in sorted(files.items()):
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    if made.key is not None:
        target = out_dir / SEARCH_CACHE
        target.parent.mkdir(parents=True, exist_ok=True)
        cached = {"key": made.key, "labels": made.labels}
        target.write_text(json.dumps(cached, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    problems = [] if SEARCH_LIBRARY in files else [library_missing(site.cfg)]
    return written, problems


def _earlier_index(previous: Path | None, changed: frozenset[str] | None) -> EarlierIndex | None:
    """The release before's search index in each language, its key and labels; None when it has
    none, one is missing or damaged, or what changed since is not known."""
    if previous is None or changed is None:
        return None
    try:
        made = json.loads((previous / SEARCH_CACHE).read_text(encoding="utf-8"))
        key, labels = made["key"], made["labels"]
        indexes = {lang: read_data_script((previous / SEARCH_INDEX.pick(lang)).read_bytes(), "zoekindex")
                   for lang in LANGS}
    except (OSError, ValueError, KeyError, TypeError):  # ValueError: also a text that is no UTF-8
        return None
    if (not isinstance(key, str) or not isinstance(labels, dict)
            or not all(isinstance(found, dict) for found in labels.values())
            or any(not isinstance(index, dict) for index in indexes.values())):
        return None
    return EarlierIndex(key, labels, indexes, changed)


__all__ = ["data_script", "read_data_script", "search_files", "search_library", "write_search_files"]
