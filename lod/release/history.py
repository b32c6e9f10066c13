"""Releases over time: each release is a version of the dataset, and carries the whole history.

A version is named by its date and its data: `2026-11-27-3f2a9c1d4e5b` (the release date, then the
start of the SHA-256 of `dumps/veilig-uitgaan.nt`). A build whose data equals the current
version's adds no version: it is dated as that version, so the same software writes the same bytes
and the release id (the manifest's hash) is the one already published.

Each release holds, beside its data (lod/layout.py names the files):

    versies.json                 every version, oldest first: id, date, time, data hash, changes, fragments
    versies.nt                   the versions graph: every version of every measure, each release as a
                                 dataset version, the municipalities, provinces and kinds they name
    versies/<id> -> ../../<dir>  each earlier version, as a relative link to its own release folder
    wijzigingen/<id>.json .md .en.md -toegevoegd.nt -verwijderd.nt   each version's changelog
    ldes/index.trig              the LDES root: the stream and a relation to every fragment
    ldes/<id>-<n>.trig           the fragments of a version (at most PAGE_SIZE members), never rewritten

The earlier versions' files (changelogs, fragments) are copied byte for byte from the release
before: history is never rewritten. Everything here is derived from the releases folder, so a
restored `releases/` directory (with HISTORY, or even without) gives the history back.

The LDES members are versions of measures: `…/maatregel/X/versie/<id>`, a copy of the measure's
triples and its hash parts under the version IRI, with `dct:isVersionOf` the measure and
`prov:generatedAtTime` the version's time; a withdrawn or removed measure is a tombstone
(`as:Tombstone`). Each member's triples are the named graph of its IRI (TREE's member extraction).
The structure's IRIs are relative, so the feed works wherever the release is hosted.
"""

from __future__ import annotations

import json
import os
import shutil
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import chain, islice
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, parse, serialize

from lod.config import Config
from lod.layout import (
    CHANGES,
    CURRENT,
    FEED,
    FEED_ROOT,
    HISTORY,
    NTRIPLES_DUMP,
    RELEASES,
    VERSION_LINKS,
    VERSIONS_GRAPH,
    VERSIONS_JSON,
)
from lod.release.changes import ROW_POINTER, Changelog
from lod.terms import AS, DCAT, DCT, LDES, PROV, RDF, SH, SKOS, TREE, XSD, dataset_iri, prefixes, vocab
from lod.text import LANGS

PAGE_SIZE = 500  # members per fragment


@dataclass
class Version:
    """One version of the dataset, as versies.json keeps it."""

    id: str
    date: str  # the release date, YYYY-MM-DD
    generated: str  # prov:generatedAtTime of its members, xsd:dateTime
    data_sha256: str
    counts: dict[str, int] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    fragments: list[dict] = field(default_factory=list)  # {"path": "ldes/…trig", "members": n}

    @classmethod
    def of(cls, row: dict) -> Version:
        return cls(
            **{k: row[k] for k in ("id", "date", "generated", "data_sha256")},
            counts=row.get("counts", {}),
            summary=row.get("summary", {}),
            fragments=row.get("fragments", []),
        )


def version_id(date: str, data_sha256: str) -> str:
    """`2026-11-27-3f2a9c1d4e5b`: the release date and the start of the data's SHA-256.

    >>> version_id("2026-11-27", "3f2a9c1d4e5b77")
    '2026-11-27-3f2a9c1d4e5b'
    """
    return f"{date}-{data_sha256[:12]}"


def release_version_iri(cfg: Config, vid: str) -> NamedNode:
    """The release as a version of the dataset: …/id/dataset/maatregelen/versie/<id>."""
    return NamedNode(f"{dataset_iri(cfg).value}/versie/{vid}")


def member_iri(measure: str, vid: str) -> str:
    """A measure's version: …/id/maatregel/X/versie/<id>."""
    return f"{measure}/versie/{vid}"


def ldes_url(cfg: Config) -> str:
    """Where the feed is published; its files name each other relative to it."""
    return f"{cfg.base_uri}{FEED}/"


# -- finding the history ---------------------------------------------------------------------


def previous_release(out: Path) -> Path | None:
    """The release a build follows: `current`, else the last of HISTORY that exists, else (a
    releases folder restored without either) the one whose versies.json holds the most versions."""
    link = out / CURRENT
    if link.is_symlink() and link.resolve().is_dir():
        return link.resolve()
    history = out / HISTORY
    if history.is_file():
        for rid in reversed(history.read_text().split()):
            if (out / RELEASES / rid).is_dir():
                return out / RELEASES / rid
    found = (
        [(len(load_versions(d)), d.name, d) for d in (out / RELEASES).glob("*") if d.is_dir()]
        if (out / RELEASES).is_dir()
        else []
    )
    found = [f for f in found if f[0]]
    return max(found)[2] if found else None


def load_versions(release: Path | None) -> list[Version]:
    """The versions a release lists (none before the first release with a history)."""
    path = release / VERSIONS_JSON if release else None
    if path is None or not path.is_file():
        return []
    return [Version.of(row) for row in json.loads(path.read_text(encoding="utf-8"))["versions"]]


def data_sha256(root: Path) -> str:
    """The SHA-256 of a release's N-Triples dump, from its SHA256SUMS."""
    for line in (root / "dumps" / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        if name == Path(NTRIPLES_DUMP).name:
            return digest
    raise ValueError(f"{root}: no {NTRIPLES_DUMP} in SHA256SUMS")


def next_time(date: str, before: Version | None) -> str:
    """A version's time: its date at midnight UTC, or a second after the version before when that
    is not earlier (two releases on one day, or a date set back): the feed's order is the versions'.

    >>> next_time("2026-11-27", None)
    '2026-11-27T00:00:00Z'
    >>> next_time("2026-11-27", Version("x", "2026-11-27", "2026-11-27T00:00:00Z", ""))
    '2026-11-27T00:00:01Z'
    """
    time = datetime.fromisoformat(f"{date}T00:00:00+00:00")
    if before is not None:
        last = datetime.fromisoformat(before.generated.replace("Z", "+00:00"))
        time = max(time, last + timedelta(seconds=1))
    return time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- members ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A version of a measure in the feed: its IRI (also its named graph) and its quads as N-Quads
    lines in that graph. Made as text from the store's N-Triples, renamed to the version: making a
    Quad of every term renamed (the way before) was a third of the versions stage at 1M triples."""

    iri: str
    measure: str
    time: str  # its prov:generatedAtTime
    lines: list[bytes]


def measure_description(store: Store, measure: str) -> list[Quad]:
    """The measure's triples and those of its hash parts (`#periode`, …), without the row pointer."""
    out: list[Quad] = []
    todo, seen = [NamedNode(measure)], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for q in store.quads_for_pattern(subject, None, None, DefaultGraph()):
            if q.predicate.value == ROW_POINTER:
                continue
            out.append(q)  # in the default graph already: no copy needed
            if isinstance(q.object, NamedNode) and q.object.value.startswith(measure + "#"):
                todo.append(q.object)
    return out


_ROW_POINTER_NT = f"<{ROW_POINTER}> ".encode()


def _described_as(store: Store, measure: str, version: str) -> list[bytes]:
    """`measure_description` as N-Quads lines in the graph `version`, the measure and its parts
    renamed to the version (`…/X#periode` to `…/X/versie/<id>#periode`), as subject and as object:
    each subject's N-Triples from the store, cut at the ends of its terms (a subject and a predicate
    are IRIs, which hold no '>' and no space; a literal object is never renamed)."""
    own, renamed = f"<{measure}".encode(), f"<{version}".encode()
    n = len(own)
    graph = f" <{version}> .\n".encode()
    out: list[bytes] = []
    todo, seen = [measure], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        text = serialize(store.quads_for_pattern(NamedNode(subject), None, None, DefaultGraph()),
                         format=RdfFormat.N_TRIPLES)
        cut = len(subject.encode()) + 3  # after '<subject> '
        for line in text.splitlines(keepends=True):
            if line.startswith(_ROW_POINTER_NT, cut):
                continue
            at = line.index(b"> ", cut) + 2  # the object
            if line.startswith(own, at) and line[at + n] in b">#":  # the measure or one of its parts
                if line[at + n] == ord("#"):
                    todo.append(line[at + 1:line.index(b">", at)].decode("utf-8"))
                line = line[:at] + renamed + line[at + n:]
            out.append(renamed + line[n:-3] + graph)  # its subject is the measure or a part of it
    return out


def member(store: Store, cfg: Config, measure: str, kind: str, vid: str, time: str) -> Member:
    """A version of `measure` as an LDES member, its triples in the named graph of its IRI."""
    version = member_iri(measure, vid)
    subject = NamedNode(version)
    stamp = Literal(time, datatype=XSD.dateTime)
    vu = vocab(cfg)
    lines = [] if kind == "removed" else _described_as(store, measure, version)
    triples = [(subject, DCT.isVersionOf, NamedNode(measure)), (subject, PROV.generatedAtTime, stamp)]
    if kind in ("withdrawn", "removed"):
        triples += [
            (subject, RDF.type, AS.Tombstone),
            (subject, AS.formerType, vu.Maatregel),
            (subject, AS.deleted, stamp),
        ]
    if kind == "removed":
        triples.append((subject, RDF.type, vu.IngetrokkenMaatregel))
    lines += serialize([Quad(s, p, o, subject) for s, p, o in triples],
                       format=RdfFormat.N_QUADS).splitlines(keepends=True)
    return Member(version, measure, time, list(dict.fromkeys(lines)))


# -- the feed's files ------------------------------------------------------------------------


def _canonical(quad: Quad) -> tuple[str, str, str, str]:
    return str(quad.graph_name), quad.subject.value, quad.predicate.value, str(quad.object)


def _trig(quads: Iterable[Quad], cfg: Config) -> bytes:
    """TriG in canonical order, with the feed's own IRIs relative (they resolve where it is hosted)."""
    rows = sorted(set(quads), key=_canonical)
    return _trig_rows(rows, {q.predicate.value for q in rows}
                      | {q.object.value for q in rows if isinstance(q.object, NamedNode)}, cfg)


def _members_trig(lines: list[bytes], others: list[Quad], cfg: Config) -> bytes:
    """`_trig` of the members' N-Quads `lines` and the quads `others` (in the default graph): the
    same bytes, the lines put in canonical order by their text, without a term object per quad
    (3.4 s of the fragments' 9.3 at 1M triples). A line is '<s> <p> object <g> .': its graph starts
    at its last ' <', and a subject or predicate ends at its first '> '; `str()` of a term is
    its N-Quads text (tests/release/test_members.py)."""
    keyed = []
    names: set[bytes] = set()
    for line in set(lines):
        s_end = line.index(b"> ")
        p_end = line.index(b"> ", s_end + 2)
        g_at = line.rindex(b" <")
        obj = line[p_end + 2:g_at]
        keyed.append((line[g_at + 1:-3], line[1:s_end], line[s_end + 3:p_end], obj, line))
        names.add(line[s_end + 3:p_end])
        if obj[:1] == b"<":
            names.add(obj[1:-1])
    keyed.sort()
    members = parse(b"".join(k[-1] for k in keyed), format=RdfFormat.N_QUADS)
    rest = sorted(set(others), key=_canonical)  # in the default graph: str() 'DEFAULT', after '<…>'
    iris = {n.decode("utf-8") for n in names} | {q.predicate.value for q in rest} | {
        q.object.value for q in rest if isinstance(q.object, NamedNode)}
    return _trig_rows(chain(members, rest) if str(DefaultGraph()) > "<" else chain(rest, members), iris, cfg)


def _trig_rows(rows: Iterable[Quad], names: set[str], cfg: Config) -> bytes:
    """TriG of `rows` (in canonical order), prefixed where `names` (its predicates and IRI objects)
    use a namespace."""
    # A prefix is declared when a predicate or an IRI object starts with its namespace: looked up
    # in the sorted IRIs (the first one not before `ns` starts with it if any does), not by a scan
    # of every quad per prefix (that scan was half the versions stage, bench/README.md).
    iris = sorted(names)
    used = {
        p: ns
        for p, ns in {**prefixes(cfg), "tree": TREE.iri, "ldes": LDES.iri, "as": AS.iri}.items()
        if (i := bisect_left(iris, ns)) < len(iris) and iris[i].startswith(ns)
    }
    text = serialize(rows, format=RdfFormat.TRIG, prefixes=used)
    end = 0
    while text.startswith(b"@prefix ", end):
        end = text.index(b"\n", end) + 1
    text = b"".join(sorted(text[:end].splitlines(keepends=True))) + text[end:]
    return text.replace(b"<" + ldes_url(cfg).encode(), b"<")


def _stream(cfg: Config, page: NamedNode) -> list[Quad]:
    base = ldes_url(cfg)
    stream = NamedNode(f"{base}{Path(FEED_ROOT).name}#stroom")
    return [
        Quad(stream, RDF.type, LDES.EventStream),
        Quad(stream, LDES.timestampPath, PROV.generatedAtTime),
        Quad(stream, LDES.versionOfPath, DCT.isVersionOf),
        Quad(stream, TREE.shape, NamedNode(f"{base}{Path(FEED_ROOT).name}#vorm")),
        Quad(stream, TREE.view, page),
        Quad(page, RDF.type, TREE.Node),
    ]


def fragment_bytes(cfg: Config, path: str, members: list[Member]) -> bytes:
    """One fragment: the stream, this node and its members."""
    page = NamedNode(ldes_url(cfg) + Path(path).name)
    quads = _stream(cfg, page)
    stream = quads[0].subject
    quads += [Quad(stream, TREE.member, NamedNode(m.iri)) for m in members]
    return _members_trig([line for m in members for line in m.lines], quads, cfg)


def root_bytes(cfg: Config, versions: list[Version]) -> bytes:
    """The root: the stream, its member shape, and two relations (from and until the version's time,
    on prov:generatedAtTime) to each fragment; the only file of the feed that changes."""
    base = ldes_url(cfg)
    root = NamedNode(base + Path(FEED_ROOT).name)
    quads = _stream(cfg, root)
    shape = NamedNode(f"{root.value}#vorm")
    quads += [Quad(shape, RDF.type, SH.NodeShape)]
    # No sh:minCount: the reference client (npm ldes-client 0.3) looks for a required path outside
    # the member's named graph and, not finding it there, fetches the member's IRI from the web.
    # Every member has both (tests/integration/test_history.py reads them).
    for name, path, extra in (
        ("versie", DCT.isVersionOf, (SH.nodeKind, SH.IRI)),
        ("tijd", PROV.generatedAtTime, (SH.datatype, XSD.dateTime)),
    ):
        prop = NamedNode(f"{root.value}#vorm-{name}")
        quads += [
            Quad(shape, SH.property, prop),
            Quad(prop, SH.path, path),
            Quad(prop, SH.maxCount, Literal("1", datatype=XSD.integer)),
            Quad(prop, *extra),
        ]
    for v in versions:
        stamp = Literal(v.generated, datatype=XSD.dateTime)
        for frag in v.fragments:
            node = NamedNode(base + Path(frag["path"]).name)
            stem = Path(frag["path"]).stem
            for suffix, kind in (
                ("van", TREE.GreaterThanOrEqualToRelation),
                ("tot", TREE.LessThanOrEqualToRelation),
            ):
                rel = NamedNode(f"{root.value}#{stem}-{suffix}")
                quads += [
                    Quad(root, TREE.relation, rel),
                    Quad(rel, RDF.type, kind),
                    Quad(rel, TREE.path, PROV.generatedAtTime),
                    Quad(rel, TREE.value, stamp),
                    Quad(rel, TREE.node, node),
                    Quad(rel, TREE.remainingItems, Literal(str(frag["members"]), datatype=XSD.integer)),
                ]
    return _trig(quads, cfg)


# -- writing the history of a release ---------------------------------------------------------


@dataclass
class History:
    """What a build writes about time: the versions up to this release and its changelog."""

    versions: list[Version]
    changelog: Changelog | None  # None: the data is the previous version's, nothing new
    previous: Path | None

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def new(self) -> bool:
        return self.changelog is not None


def write_history(
    root: Path,
    store: Store,
    cfg: Config,
    previous: Path | None,
    version: Version,
    changes: Changelog | None,
    added: list[bytes],
    removed: list[bytes],
) -> History:
    """Write versies.json, versies.nt, versies/, wijzigingen/ and ldes/ into the release at `root`:
    the previous release's files for the earlier versions, new ones for `version` (when `changes`)."""
    earlier = load_versions(previous)
    if changes is None:  # the same data: the same versions
        versions = earlier
    else:
        versions = [*earlier, version]
    _copy_earlier(previous, root, earlier)
    _link_earlier(previous, root, earlier, versions[-1])
    members: list[Member] = []
    if changes is not None:
        for change in changes.versioned:
            members.append(member(store, cfg, change.iri, change.kind, version.id, version.generated))
        version.counts = changes.counts()
        version.summary = {lang: changes.summary(lang) for lang in LANGS}
        version.fragments = []
        for n, start in enumerate(range(0, len(members), PAGE_SIZE), start=1):
            path = f"{FEED}/{version.id}-{n}.trig"
            chunk = members[start : start + PAGE_SIZE]
            _put(root / path, fragment_bytes(cfg, path, chunk))
            version.fragments.append({"path": path, "members": len(chunk)})
        _write_changelog(root, version.id, changes, added, removed)
    _put(root / FEED_ROOT, root_bytes(cfg, versions))
    _put(
        root / VERSIONS_JSON,
        (
            json.dumps(
                {"versions": [asdict(v) for v in versions]}, indent=2, ensure_ascii=False, sort_keys=True
            )
            + "\n"
        ).encode(),
    )
    _put(root / VERSIONS_GRAPH, versions_graph(previous, store, cfg, versions, members))
    return History(versions, changes, previous)


def _put(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _copy_earlier(previous: Path | None, root: Path, earlier: list[Version]) -> None:
    """The earlier versions' fragments and changelogs, byte for byte (they never change)."""
    if previous is None:
        return
    for v in earlier:
        for rel in [f["path"] for f in v.fragments] + changelog_files(v.id):
            source = previous / rel
            if source.is_file():
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


def _link_earlier(previous: Path | None, root: Path, earlier: list[Version], current: Version) -> None:
    """versies/<id> -> ../../<release folder> for every earlier version: the release before links
    its own earlier ones; the release before itself holds the version it published."""
    if previous is None:
        return
    links: dict[str, str] = {}
    folder = previous / VERSION_LINKS
    if folder.is_dir():
        for link in folder.iterdir():
            if link.is_symlink():
                links[link.name] = os.readlink(link)
    if earlier:
        links[earlier[-1].id] = f"../../{previous.name}"
    links.pop(current.id, None)  # the version this release is: the release itself
    for name, target in sorted(links.items()):
        (root / VERSION_LINKS).mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / VERSION_LINKS / name)


def changelog_files(vid: str) -> list[str]:
    """A version's changelog files under wijzigingen/."""
    return [
        f"{CHANGES}/{vid}.json",
        f"{CHANGES}/{vid}.md",
        f"{CHANGES}/{vid}.en.md",
        f"{CHANGES}/{vid}-toegevoegd.nt",
        f"{CHANGES}/{vid}-verwijderd.nt",
    ]


def _write_changelog(
    root: Path, vid: str, changes: Changelog, added: list[bytes], removed: list[bytes]
) -> None:
    json_path, md_nl, md_en, plus, minus = changelog_files(vid)
    _put(
        root / json_path,
        (
            json.dumps({"version": vid, **changes.as_json()}, indent=2, ensure_ascii=False, sort_keys=True)
            + "\n"
        ).encode(),
    )
    for path, lang in ((md_nl, "nl"), (md_en, "en")):
        title = {"nl": f"# Wijzigingen in versie {vid}", "en": f"# Changes in version {vid}"}[lang]
        _put(root / path, ("\n".join([title, "", *changes.lines(lang)]) + "\n").encode())
    for path, lines in ((plus, added), (minus, removed)):  # line by line: a first release adds the whole dump
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        with (root / path).open("wb") as fh:
            fh.writelines(lines)


# -- the versions graph ----------------------------------------------------------------------


def _history_starts(cfg: Config) -> tuple[bytes, bytes]:
    """How a line of versies.nt about a version (kept from release to release) starts, not context:
    made once per graph, not per line (per line it was 3 of a one-row rebuild's 11 s at 1M)."""
    return f"<{cfg.id_base}maatregel/".encode(), f"<{dataset_iri(cfg).value}/versie/".encode()


def versions_graph(
    previous: Path | None, store: Store, cfg: Config, versions: list[Version], members: list[Member]
) -> bytes:
    """versies.nt: the members of every version (the earlier ones from the release before), each
    release as a version of the dataset, and the context the impact queries group by: today's
    municipalities with code, name and province, the provinces' and the kinds' names.

    A member version replaced by a later one gets `prov:invalidatedAtTime` the later one's time
    (the feed's members never change; this derived graph says which version held when), so the
    impact queries find the version valid at a release by a comparison, not by a search for a later
    version of each one (which took minutes at 26,000 measures)."""
    kept: list[bytes] = []  # the earlier lines, in the file's order (sorted, as written here)
    lines: set[bytes] = set()  # the lines this release adds
    old = previous / VERSIONS_GRAPH if previous else None
    is_version_of = f"> <{DCT.isVersionOf.value}> <".encode()
    invalidated = f"> <{PROV.invalidatedAtTime.value}> ".encode()
    versions_of: dict[str, list[str]] = {}  # measure -> its earlier versions
    replaced: set[str] = set()
    member_line = f"<{cfg.id_base}maatregel/".encode()
    history = _history_starts(cfg)
    if old is not None and old.is_file():
        with old.open("rb") as fh:
            for line in fh:
                if not line.startswith(history):
                    continue
                kept.append(line)
                if line.startswith(member_line) and is_version_of in line:
                    version, _, measure = line.decode("utf-8").partition(is_version_of.decode())
                    versions_of.setdefault(measure.split(">", 1)[0], []).append(version[1:])
                elif invalidated in line:
                    replaced.add(line.decode("utf-8")[1:].split(">", 1)[0])
    # The members' lines are N-Quads: each line's graph cut off (the member's IRI, which holds no
    # " <") gives its N-Triples line.
    for m in members:
        lines.update(line[: line.rindex(b" <")] + b" .\n" for line in m.lines)
    triples = []
    for m in members:
        stamp = Literal(m.time, datatype=XSD.dateTime)
        for version in versions_of.get(m.measure, ()):
            if version not in replaced:
                triples.append(Quad(NamedNode(version), PROV.invalidatedAtTime, stamp))
    dataset = dataset_iri(cfg)
    for before, v in zip([None, *versions[:-1]], versions, strict=True):
        rv = release_version_iri(cfg, v.id)
        triples += [
            Quad(rv, RDF.type, DCAT.Dataset),
            Quad(rv, DCT.isVersionOf, dataset),
            Quad(rv, DCAT.version, Literal(v.id)),
            Quad(rv, DCT.issued, Literal(v.date, datatype=XSD.date)),
            Quad(rv, PROV.generatedAtTime, Literal(v.generated, datatype=XSD.dateTime)),
        ]
        if before is not None:
            triples.append(Quad(rv, DCAT.previousVersion, release_version_iri(cfg, before.id)))
    triples += context_quads(store, cfg)
    if triples:
        lines.update(serialize(triples, format=RdfFormat.N_TRIPLES).splitlines(keepends=True))
    return b"".join(_sorted_union(kept, lines))


def _sorted_union(kept: list[bytes], added: set[bytes]) -> list[bytes]:
    """The lines of `kept` and `added`, each once, sorted. `kept` (a million lines at 1M triples) is
    the graph before, written sorted: `added` goes in by bisection and one sort of a list that is
    sorted but for its tail (a million lines and 800 added: 0.09 s, against 1.5 s to sort a set of
    them all). `kept` in another order (a file not written here) is sorted whole.

    >>> _sorted_union([b"a", b"c"], {b"b", b"c", b"d"})
    [b'a', b'b', b'c', b'd']
    >>> _sorted_union([b"c", b"a", b"a"], {b"b"})
    [b'a', b'b', b'c']
    """
    if not all(a < b for a, b in zip(kept, islice(kept, 1, None), strict=False)):  # not strictly ascending
        return sorted(set(kept) | added)
    size = len(kept)
    new = [line for line in added if (i := bisect_left(kept, line)) == size or kept[i] != line]
    kept.extend(new)
    kept.sort()
    return kept


def context_quads(store: Store, cfg: Config) -> list[Quad]:
    """Municipalities (type, code, name, province, end), provinces' and measure kinds' names."""
    vu, label = cfg.vocab_ns, SKOS.prefLabel.value
    query = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
      {{ ?s a <{vu}Gemeente> ; ?p ?o .
         VALUES ?p {{ <{RDF.type.value}> <{vu}nisCode> <{vu}provincie> <{label}> <{vu}geldigTot> }} }}
      UNION {{ ?g a <{vu}Gemeente> ; <{vu}provincie> ?s . ?s <{label}> ?o BIND(<{label}> AS ?p) }}
      UNION {{ ?s <{SKOS.inScheme.value}> <{cfg.id_base}conceptscheme/maatregeltype> ; ?p ?o .
               VALUES ?p {{ <{SKOS.prefLabel.value}> <{SKOS.inScheme.value}> <{SKOS.notation.value}> }} }}
    }}"""
    return [Quad(t.subject, t.predicate, t.object) for t in store.query(query)]


def iter_members(release: Path) -> Iterator[bytes]:
    """Every fragment file of a release's feed, oldest version first (for tests and tools)."""
    for v in load_versions(release):
        for frag in v.fragments:
            yield (release / frag["path"]).read_bytes()


__all__ = [
    "History",
    "Member",
    "PAGE_SIZE",
    "Version",
    "data_sha256",
    "fragment_bytes",
    "iter_members",
    "ldes_url",
    "load_versions",
    "member",
    "member_iri",
    "measure_description",
    "next_time",
    "previous_release",
    "release_version_iri",
    "root_bytes",
    "version_id",
    "versions_graph",
    "write_history",
]
