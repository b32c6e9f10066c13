"""The static site of a release: every page, document and exchange file, written into its folder.

Pages are drawn by `lod.pages` from a Store (the build's in-memory graph), with relative links, so
the folder works from any static host and from `file://`. Returns the files written.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import functools
import hashlib
import importlib.resources
import json
import multiprocessing
import os
import queue
import shutil
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from pyoxigraph import Quad

from lod.config import Config
from lod.errors import LodError
from lod.graph.codelists import codelist_paths, context_path, model_text, vocabulary_path
from lod.insight.formats import comparison_encoder, comparison_json, coverage_csv, coverage_json
from lod.insight.impact import impact_csv, impact_json, impact_series, load_versions_graph
from lod.insight.named import named_queries
from lod.insight.summary import summarise, summary_json, summary_markdown
from lod.layout import (
    CHANGELOG_TEXT,
    CHANGES,
    COMPARISONS,
    COVERAGE_CSV,
    COVERAGE_JSON,
    EXCHANGE_KEYS,
    IMPACT_CSV,
    IMPACT_JSON,
    IMPACT_PAGE,
    MAP_SVG,
    PAGE_KEYS,
    QUERIES,
    STATIC,
    SUMMARY_JSON,
    SUMMARY_MARKDOWN,
    VERSION_LINKS,
    VERSIONS_GRAPH,
    VERSIONS_PAGE,
)
from lod.pages.exchange import INDEX, ExchangeLinks, coverage_map, page_body, page_inputs
from lod.pages.history import render_impact, render_versions
from lod.pages.landing import (
    exchange_crumbs,
    render_accessibility,
    render_data_page,
    render_landing,
    render_query_page,
)
from lod.pages.links import PAGE_SUFFIX, Links
from lod.pages.organisations import render_organisations
from lod.pages.site import RDF_SUFFIXES, Site, document_rdf
from lod.pages.site import STATIC as ASSETS
from lod.pages.vocabulary import render_vocabulary
from lod.release.write import release_epoch
from lod.store.base import Store
from lod.text import LANGS

# The site's own pages beyond the landing page: site path -> render(site, links, release folder).
FRAME_PAGES = {
    "data": render_data_page,
    "organisaties": lambda site, links, _release: render_organisations(site, links),
    "toegankelijkheid": lambda site, links, _release: render_accessibility(site, links),
}


class _Writer:
    """Files under one root, each written once and remembered.

    The files are created and written by a thread of their own, while the caller draws the next
    page: creating a file is a system call that waits on the file system (bench/README.md), and
    it lets go of the GIL. `close()` (or leaving a `with` block) waits for every file and raises
    the first error any of them met; a file is complete on disk only after it."""

    _QUEUED = 256  # files handed over and not yet written, at most: drawing waits beyond that

    def __init__(self, root: Path, *, epoch: int | None = None) -> None:
        """`epoch`: the release's mtime (lod.release.write.release_epoch), when known: a file of an
        earlier release that already has it is linked, not copied (see `copy`)."""
        self.root, self.epoch = Path(root), epoch
        self._root = str(root)
        self.files: list[str] = []  # every file written, as text: a Path each cost 5% of a rebuild's pages
        self._folders: set[str] = set()  # made already: one mkdir per folder, not per file
        self._error: BaseException | None = None
        self._queue: queue.Queue[tuple[Any, ...] | None] = queue.Queue(self._QUEUED)
        self._thread = threading.Thread(target=self._work, name="lod-writer", daemon=True)
        self._thread.start()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.close()
        else:  # the caller's error is the one to see: wait for the files, keep theirs quiet
            with contextlib.suppress(BaseException):
                self.close()

    @property
    def written(self) -> list[Path]:
        return [Path(p) for p in self.files]

    def put(self, rel: str, data: str | bytes) -> None:
        target = os.path.join(self._root, rel)
        self._queue.put((self._put, target, data.encode("utf-8") if isinstance(data, str) else data))
        self.files.append(target)

    def copy(self, source: Path | str, rel: str) -> None:
        """A file of an earlier release, byte for byte. A hard link when the file already has this
        release's mtime (publishing sets every mtime to the release epoch: on a link of another
        date it would change the earlier release's file too), else a copy; a release is never
        written into after it is published, and `put` replaces a file rather than write into it."""
        target = os.path.join(self._root, rel)
        self._queue.put((self._copy, target, os.fspath(source)))
        self.files.append(target)

    def close(self) -> None:
        """Wait for every file handed over; raise the first error writing one met."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._error is None:  # after an error the rest is drained unwritten, for close()
                try:
                    job[0](*job[1:])
                except BaseException as error:  # noqa: BLE001 - raised again by close()
                    self._error = error

    def _folder(self, target: str) -> None:
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    def _put(self, target: str, data: bytes) -> None:
        self._folder(target)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # never write into a file linked to an earlier release: replace it
            os.unlink(target)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)

    def _copy(self, target: str, source: str) -> None:
        self._folder(target)
        if self.epoch is not None and int(os.stat(source).st_mtime) == self.epoch:
            for _ in range(2):  # the folder is new: mostly there is no file to take away first
                try:
                    os.link(source, target)
                    return
                except FileExistsError:  # one this build wrote before: replaced, never written into
                    os.unlink(target)
                except OSError:  # another file system, or links not supported: copy
                    break
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        shutil.copyfile(source, target)


class _Reuse:
    """What a build takes from the release before it: groups of files, each under the key of
    everything they were drawn from (the software, the data, the frame). `keys` (a file under
    cache/) holds one `name<TAB>key` a line. A group is copied from the release before only when
    that release recorded the same key for it and holds every one of its files; this release's
    keys go to its own file, for the build after it."""

    def __init__(self, previous: Path | None, keys: str) -> None:
        self.previous, self.keys = previous, keys
        path = previous / keys if previous is not None else None
        self.earlier: dict[str, str] = {}
        if path is not None and path.is_file():
            self.earlier = dict(line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()
                                if "\t" in line)
        self.recorded: list[str] = []
        self._listed: dict[str, frozenset[str]] = {}  # folder of the release before -> its files

    def take(self, out: _Writer, name: str, key: str, files: Iterable[str]) -> bool:
        """Copy `files` from the release before when `name`'s key there is `key`; False: draw them."""
        self.recorded.append(f"{name}\t{key}")
        files, previous = list(files), self.previous
        if previous is None or self.earlier.get(name) != key:
            return False
        if not all(self._held(rel) for rel in files):
            return False
        folder = os.fspath(previous)
        for rel in files:
            out.copy(os.path.join(folder, rel), rel)
        return True

    def _held(self, rel: str) -> bool:
        """Whether the release before holds file `rel`: its folder is listed once (a stat per file,
        five per document, cost more than the rest of taking it)."""
        folder, _, name = rel.rpartition("/")
        if folder not in self._listed:
            try:
                with os.scandir(self.previous / folder if folder else self.previous) as entries:
                    self._listed[folder] = frozenset(e.name for e in entries if e.is_file())
            except OSError:
                self._listed[folder] = frozenset()
        return name in self._listed[folder]

    def save(self, root: Path) -> None:
        target = Path(root) / self.keys
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(k + "\n" for k in self.recorded), encoding="utf-8")


def _key(*parts: str) -> str:
    """The hash of a file's inputs, each part already a string (a digest, a repr, a path)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def software_fingerprint(cfg: Config) -> str:
    """A hash of what draws a page: the `lod` package's files and the settings (the release date,
    language, verbosity and processes aside, which no document shows). A page is reused only under
    the same one."""
    settings = dataclasses.replace(cfg, release_date=None, quiet=False, lang="nl", page_processes=0)
    digest = hashlib.sha256(repr(settings).encode())
    package = Path(str(importlib.resources.files("lod")))  # the whole package: any stage may change a page
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# Below this many documents the pages are drawn in this process: starting others costs more than
# it saves (a sheet of two rows has ~300 documents, data/ ~550; 50k triples ~1,400, 250k ~6,600).
PARALLEL_FROM = 1_000


def page_processes(cfg: Config, documents: int) -> int:
    """How many processes draw `documents` pages: `cfg.page_processes`, else one per core, at most
    4 and no more than the free memory holds; one for a small release or where fork is missing."""
    if documents < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = cfg.page_processes
    if not wanted:
        wanted = min(4, _cores())
        free, held = memory_free_and_held()
        if free is not None and held:
            # A forked process comes to own about half of what this one holds (the objects it
            # touches: 244 of its 539 MB at 250k triples, bench/README.md): fork no more of them
            # than the free memory takes, so a build that fits in one process is never killed for
            # drawing in several.
            fits = int(free // (held * CHILD_SHARE))
            wanted = min(wanted, fits) if fits >= 2 else 1
    return max(1, min(wanted, documents))


def _cores() -> int:
    """The cores this process may run on (its affinity, which a container may narrow)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


CHILD_SHARE = 0.5  # of this process's resident memory, what a forked drawer writes to (measured: 0.45)


def memory_free_and_held(root: Path = Path("/")) -> tuple[int | None, int | None]:
    """The memory this process may still take and its resident memory, in bytes, from Linux's
    /proc and its memory cgroup (a container's limit, which /proc/meminfo does not show); None
    where they cannot be read. `root`: where /proc and /sys are (a test gives a folder of its own)."""
    free = _field(root / "proc/meminfo", "MemAvailable", 1024)
    for folder, (limit, usage, stat, reclaimable) in _memory_cgroups(root):
        cap, used = _number(folder / limit), _number(folder / usage)
        if cap is None or used is None:
            continue
        if cap < 1 << 60:  # else no limit: "max", or 2^63 rounded down to a page
            room = max(0, cap - used + (_field(folder / stat, reclaimable, 1, sep=" ") or 0))
            free = room if free is None else min(free, room)  # page cache it can drop counts as free
        break
    return free, _field(root / "proc/self/status", "VmRSS", 1024)


_CGROUP_FILES = {  # the limit, the use, and the page cache in the use that the kernel can drop
    2: ("memory.max", "memory.current", "memory.stat", "inactive_file"),
    1: ("memory.limit_in_bytes", "memory.usage_in_bytes", "memory.stat", "total_inactive_file"),
}


def _memory_cgroups(root: Path) -> list[tuple[Path, tuple[str, str, str, str]]]:
    """This process's own memory cgroup folders (v2, v1), then the mounts' roots (a container's)."""
    own: list[tuple[Path, tuple[str, str, str, str]]] = []
    with contextlib.suppress(OSError):
        for line in (root / "proc/self/cgroup").read_text().splitlines():
            number, controllers, path = (line.split(":", 2) + ["", ""])[:3]
            if number == "0" and not controllers:
                own.append((root / "sys/fs/cgroup" / path.lstrip("/"), _CGROUP_FILES[2]))
            elif "memory" in controllers.split(","):
                own.append((root / "sys/fs/cgroup/memory" / path.lstrip("/"), _CGROUP_FILES[1]))
    mounts = [(root / "sys/fs/cgroup", _CGROUP_FILES[2]), (root / "sys/fs/cgroup/memory", _CGROUP_FILES[1])]
    return [*own, *mounts]


def _number(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _field(path: Path, name: str, unit: int, sep: str = ":") -> int | None:
    """`name<sep> <number> …` in a file of such lines, times `unit`."""
    try:
        for line in path.read_text().splitlines():
            if line.startswith(name + sep):
                return int(line[len(name) + 1:].split()[0]) * unit
    except (OSError, ValueError, IndexError):
        return None
    return None


def write_pages(store: Store, cfg: Config, out_dir: Path, *, described: Iterable[Quad] = (),
                previous: Path | None = None, site: Site | None = None) -> list[str]:
    """The static site: index, doc/<path>.html (+ .en.html, .ttl, .jsonld, .nt) and the assets.
    Returns the path of every file written, as text (a Path each was 1.7 s at 1M triples).

    With `previous` (the release before), a document whose inputs hash to the key recorded there
    (`cache/pages.tsv`) is copied from it instead of drawn again: a build that follows a release
    renders what changed. The keys of this release go to its own cache/pages.tsv.

    The documents are drawn by `page_processes` processes forked from this one, each taking every
    n-th document (the same bytes, keys and key order as one process: tests/test_build.py).

    `site`: the Site of `store` a build also writes its exchange files, search index and history
    pages with, so each exchange query and comparison is made once per build, not once per stage."""
    site = site or Site(store, cfg, described=described)
    paths = site.paths()
    fingerprint = software_fingerprint(cfg)
    processes = page_processes(cfg, len(paths))
    if processes > 1:
        site.prepare(paths)  # once here, not once in each process
    draw = functools.partial(_draw_documents, site, out_dir, paths, previous, fingerprint)
    parts = _forked(processes, draw)
    reuse = _Reuse(None, PAGE_KEYS)
    reuse.recorded, written = _merged(parts)
    reuse.save(out_dir)
    with _Writer(out_dir, epoch=release_epoch(cfg.issued)) as out:
        for lang in LANGS:
            links = Links(site, lang=lang, page="index", root=None)
            out.put("index" + PAGE_SUFFIX.pick(lang), render_landing(site, links, out.root))
            for path, render in FRAME_PAGES.items():
                links = Links(site, lang=lang, page=path, root=None)
                out.put(path + PAGE_SUFFIX.pick(lang), render(site, links, out.root))
        for asset in sorted(ASSETS.iterdir()):
            out.copy(asset, f"{STATIC}/{asset.name}")
    return written + out.files


def _forked(processes: int, work: Callable[[int, int], _Part]) -> list[_Part]:
    """`work(part, processes)` for each part, each in a process forked from this one, so each
    inherits what this one computed so far and only its result is pickled. Here, as one part, when
    `processes` is 1 or this process runs other threads (a server building in one of its threads):
    fork copies only the calling thread, and a lock another thread holds would stay held."""
    if processes == 1 or not _alone():
        return [work(0, 1)]
    global _FORKED  # what the forked processes call: a closure, which fork shares and pickle cannot
    _FORKED = functools.partial(work, processes=processes)
    try:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            return list(pool.map(_run_forked, range(processes)))
    except BrokenProcessPool as exc:
        raise LodError(f"a process drawing part of the release stopped before it finished ({exc}): "
                       "look for an out-of-memory kill in the system log, or set page_processes = 1 "
                       "(LOD_PAGE_PROCESSES=1)") from exc
    finally:
        _FORKED = None


def _die_with_parent(parent: int) -> None:
    """A forked process must not outlive the build (stopped by the out-of-memory killer, say) and
    draw on into a folder nobody publishes: Linux kills it with its parent (PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: no such call, it runs on
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the call above took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _alone() -> bool:
    """Whether this process runs no other thread, so that a fork copies all of it."""
    return threading.active_count() == 1


_Part = tuple[list[tuple[int, str]], list[str]]  # (position, key line) of each item, the files written
_FORKED: Callable[[int], _Part] | None = None  # work(part), while a pool runs


def _merged(parts: list[_Part]) -> tuple[list[str], list[str]]:
    """The key lines in the order one process records them (by position), and every file written."""
    lines = [line for _, line in sorted(kv for part in parts for kv in part[0])]
    return lines, [p for part in parts for p in part[1]]


def _run_forked(part: int) -> _Part:
    assert _FORKED is not None  # set by _forked before the pool forks
    return _FORKED(part)


def _draw_documents(site: Site, out_dir: Path, paths: list[str], previous: Path | None, fingerprint: str,
                    part: int, processes: int) -> _Part:
    """Documents `part`, `part + processes`, … of `paths`: drawn, or copied from the release before
    when their key is the one it recorded. Returns (position, key line) of each and the files."""
    cfg = site.cfg
    reuse = _Reuse(previous, PAGE_KEYS)
    keys: list[tuple[int, str]] = []
    with _Writer(out_dir, epoch=release_epoch(cfg.issued)) as out:
        for i in range(part, len(paths), processes):
            path = paths[i]
            doc = site.document(path)
            if doc is None:
                continue
            all_links = [Links(site, lang=lang, page=path, root=None) for lang in LANGS]
            names = [path + PAGE_SUFFIX.pick(lang) for lang in LANGS] + [path + s for s in RDF_SUFFIXES]
            taken = reuse.take(out, path, site.render_key(doc, all_links, fingerprint), names)
            keys.append((i, reuse.recorded[-1]))
            if taken:
                continue
            for links in all_links:
                out.put(path + PAGE_SUFFIX.pick(links.lang), site.render(doc, links))
            for suffix in RDF_SUFFIXES:
                out.put(path + suffix, document_rdf(doc, suffix, cfg))
    return keys, out.files


def write_exchange_files(site: Site, out_dir: Path, *, geometry: Path | None = None,
                         previous: Path | None = None) -> list[Path]:
    """coverage.csv/.json, kaart.svg, queries/*.rq, vergelijking/<nis>.json and the static exchange
    pages (uitwisseling/index, uitwisseling/partners/<kind>). The comparison itself is on each
    municipality page.

    With `previous` (the release before), a comparison file or exchange page whose inputs hash to
    the key recorded there (`cache/exchange.tsv`) is copied from it: a comparison by its whole value
    (Exchange.comparison_digest), a page by what `page_inputs` names and its frame."""
    cfg, data = site.cfg, site.exchange
    fingerprint = software_fingerprint(cfg)
    cov = data.coverage
    # a map drawn from a geometry file depends on its bytes; without one, on the points (site.points)
    shape = _file_digest(geometry) if geometry is not None else repr(sorted(site.points.items()))
    # The comparisons, then the index and partner pages (most of this stage at scale: at 1M a partner
    # page lists thousands of practices), by the page processes, each every n-th one; forked
    # before this process starts a writer thread (`_forked` draws alone beside threads).
    # A page goes to one process in both languages: its inputs (thousands of practices) are read once.
    items = [*((row.nis, (None,)) for row in cov.rows),
             *((path, LANGS) for path in [INDEX, *(f"uitwisseling/partners/{k.code}" for k in cov.kinds)])]
    processes = page_processes(cfg, len(site.paths()))
    parts = _forked(processes, functools.partial(_write_exchange_items, site, out_dir, previous, fingerprint,
                                                 geometry, shape, items))
    with _Writer(out_dir, epoch=release_epoch(cfg.issued)) as out:
        reuse = _Reuse(previous, EXCHANGE_KEYS)
        reuse.recorded, out.files = _merged(parts)
        out.put(COVERAGE_CSV, coverage_csv(cov))
        out.put(COVERAGE_JSON, coverage_json(cov))
        for q in named_queries(cfg):
            out.put(f"{QUERIES}/{q.name}.rq", q.text)
            for lang in LANGS:  # the "SPARQL-query" links open a page showing the query, not a download
                page = f"query/{q.name}"
                out.put(page + PAGE_SUFFIX.pick(lang), render_query_page(
                    site, site.static_links(lang, page), cfg.base_uri + "sparql", name=q.name))
        map_links = ExchangeLinks(cfg, site.static_links("nl", "index").to)
        out.put(MAP_SVG, coverage_map(cfg, cov, map_links, geometry, site.points))
        reuse.save(out.root)
    return out.written


def _write_exchange_items(site: Site, out_dir: Path, previous: Path | None, fingerprint: str,
                          geometry: Path | None, shape: str, items: list[tuple[str, tuple[str | None, ...]]],
                          part: int, processes: int) -> _Part:
    """Items `part`, `part + processes`, … of `items`: vergelijking/<nis>.json for (nis, (None,)),
    the exchange page `path` in each language for (path, languages); each copied from the release
    before when its key is the one recorded there."""
    cfg, data = site.cfg, site.exchange
    reuse = _Reuse(previous, EXCHANGE_KEYS)
    keys: list[tuple[int, str]] = []
    encoder = comparison_encoder()  # one per process: what the comparisons share is encoded once
    with _Writer(out_dir, epoch=release_epoch(cfg.issued)) as out:
        for i in range(part, len(items), processes):
            what, langs = items[i]
            position = i * len(LANGS)  # the keys in the order one process records them
            if langs == (None,):
                name = f"{COMPARISONS}/{what}.json"
                if not reuse.take(out, name, _key(fingerprint, name, data.comparison_digest(what)), [name]):
                    out.put(name, comparison_json(data.compare(what), encoder))
                keys.append((position, reuse.recorded[-1]))
                continue
            inputs = repr(page_inputs(data, what))
            for j, lang in enumerate(langs):
                links = site.static_links(lang, what)
                name = what + PAGE_SUFFIX.pick(lang)
                key = _key(fingerprint, name, inputs, shape, site.released, str(site.help_block(links)))
                if not reuse.take(out, name, key, [name]):
                    title, lead, body = page_body(data, what, ExchangeLinks(cfg, links.to, lang), geometry,
                                                  site.points)
                    out.put(name, site.page("exchange_page.html", links, title=title, lead=lead, body=body,
                                            jsonld=None, crumbs=exchange_crumbs(what, title, links)))
                keys.append((position + j, reuse.recorded[-1]))
    return keys, out.files


def _file_digest(path: Path) -> str:
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def write_vocabulary_docs(cfg: Config, out_dir: Path) -> list[Path]:
    """ontology/: vu.html, vu.ttl, context.jsonld and codelists/<name>.{html,ttl}, complete on its own.

    >>> import tempfile
    >>> from lod.config import Config
    >>> paths = write_vocabulary_docs(Config(), Path(tempfile.mkdtemp()))
    >>> sorted(p.name for p in paths)[:3]
    ['budgetklasse.html', 'budgetklasse.ttl', 'context.jsonld']
    """
    with _Writer(out_dir) as out:
        page, lists = render_vocabulary(cfg)
        out.put("vu.html", page)
        out.put("vu.ttl", model_text(vocabulary_path(cfg), cfg))
        context = json.loads(model_text(context_path(cfg), cfg))
        out.put("context.jsonld", json.dumps(context, indent=2, ensure_ascii=False) + "\n")
        for name, html in lists.items():
            out.put(f"codelists/{name}.html", html)
            out.put(f"codelists/{name}.ttl", model_text(codelist_paths(cfg)[name], cfg))
    return out.written


def write_summary(store: Store, cfg: Config, out_dir: Path) -> list[Path]:
    """summary.json, summary.md and summary.en.md: the same numbers, each from a SPARQL query."""
    with _Writer(out_dir) as out:
        summary = summarise(store, cfg)
        out.put(SUMMARY_JSON, summary_json(summary, cfg))
        for lang in LANGS:
            out.put(SUMMARY_MARKDOWN.pick(lang), summary_markdown(summary, cfg, lang))
    return out.written


def write_history_pages(site: Site, out_dir: Path, history: Any) -> list[Path]:
    """versies.html (+ .en.html), impact.json, impact.csv and impact.html (+ .en.html), from the
    release's versions (lod.release.history.History) and its versions graph."""
    with _Writer(out_dir) as out:
        root = out.root

        def lines(vid: str, lang: str) -> list[str]:
            path = root / CHANGES / f"{vid}{CHANGELOG_TEXT.pick(lang)}"
            if not path.is_file():
                return []
            return [line[2:] if line.startswith("- ") else line
                    for line in path.read_text(encoding="utf-8").splitlines()[2:]]

        current = history.current.id
        for lang in LANGS:
            links = site.static_links(lang, VERSIONS_PAGE.nl.removesuffix(".html"))

            def href(vid: str, links: Links = links) -> str | None:
                if vid == current:
                    return links.to("")
                if (root / VERSION_LINKS / vid).is_symlink():
                    return links.to(f"{VERSION_LINKS}/{vid}/index", asset=False)
                return None

            out.put(VERSIONS_PAGE.pick(lang), render_versions(site, links, history.versions, lines, href))
        figures = impact_series(load_versions_graph(root / VERSIONS_GRAPH, site.cfg), site.cfg)
        out.put(IMPACT_JSON, impact_json(figures))
        out.put(IMPACT_CSV, impact_csv(figures))
        for lang in LANGS:
            links = site.static_links(lang, IMPACT_PAGE.nl.removesuffix(".html"))
            out.put(IMPACT_PAGE.pick(lang), render_impact(site, links, figures))
    return out.written


__all__ = ["write_exchange_files", "write_history_pages", "software_fingerprint", "write_pages",
           "write_summary", "write_vocabulary_docs"]
