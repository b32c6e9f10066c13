"""`lod push`: load a release into an external triple store, atomically for its readers.

    drop leftovers              <graph>-staging-*, older <graph>-release-* (interrupted pushes)
    load the N-Triples dump     in batches into a graph of its own (plus the catalogue files,
                                which the embedded store serves too)
    verify                      COUNT(that graph) == the release's triple count, else stop
    swap, one update request    "move": DROP SILENT GRAPH <graph>; MOVE <staging> TO <graph>
                                "pointer": the push record in <graph>-meta names the new graph
    verify                      the record and COUNT(the graph it names) == the release's count

Readers (RemoteStore) query the graph the record names, else <graph>: until the swap they see the
previous release complete. "move" relies on an update request being one transaction (Fuseki,
Oxigraph, GraphDB); Virtuoso commits DROP and MOVE of large graphs in chunks that concurrent
readers see, so for Virtuoso the swap is "pointer" and the previous release's graph is kept until
the next push (docs/stores.md). The record (release id, triple count) makes a repeated push of the
same release a no-op. Batches are sets of triples, so a batch resent after a lost connection adds
nothing twice; requests are retried with exponential backoff on connection errors and 5xx, a
bounded number of times.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import requests
from pyoxigraph import (
    Literal,
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    parse_query_results,
    serialize,
)

from lod.errors import InputError, StoreError
from lod.layout import CURRENT, MANIFEST, NTRIPLES_DUMP
from lod.store.memory import stored_description
from lod.store.remote import Endpoints, endpoints_for, store_auth
from lod.terms import DCT, VOID, XSD, push_record_graph_iri, release_graph_iri, staging_graph_iri
from lod.text import Text

DUMP = Path(NTRIPLES_DUMP)
REBUILD = Text("bouw de release opnieuw met lod build", "build the release again with lod build")
VIRTUOSO_INSERT_LIMIT = 1000
_BLANK_OBJECT = re.compile(rb"\s_:\S+\s*\.\s*$")
Progress = Callable[[int, int], None]  # (triples sent, triples in the release)


@dataclass(frozen=True)
class Release:
    """What a push needs from a release directory (dist/current)."""

    release_id: str
    dump: Path
    triples: int  # the dump's lines plus `extra`
    extra: tuple[bytes, ...] = ()  # catalogue triples the dump lacks, as N-Triples lines


@dataclass(frozen=True)
class PushResult:
    release_id: str
    graph: str
    triples: int
    changed: bool
    method: str = ""
    batches: int = 0
    seconds: float = 0.0

    def summary(self, lang: str = "nl") -> str:
        if not self.changed:
            return Text(f"Release {self.release_id} staat al in <{self.graph}> ({self.triples} triples): "
                        "niets gewijzigd (already current).",
                        f"Release {self.release_id} is already in <{self.graph}> ({self.triples} triples): "
                        "nothing changed (already current).").pick(lang)
        return Text(f"Release {self.release_id} geladen in <{self.graph}>: {self.triples} triples, "
                    f"{self.batches} batches via {self.method}, {self.seconds:.1f} s.",
                    f"Release {self.release_id} loaded into <{self.graph}>: {self.triples} triples, "
                    f"{self.batches} batches via {self.method}, {self.seconds:.1f} s.").pick(lang)


def read_release(directory: Path) -> Release:
    """The release id, N-Triples dump and triple count of a release directory (manifest.json);
    an --out directory stands for its current release."""
    if not (directory / MANIFEST).exists() and (directory / CURRENT).is_dir():
        directory = directory / CURRENT
    manifest_path = directory / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(
            Text("geen release: manifest.json ontbreekt",
                 "not a release: manifest.json is missing"),
            file=manifest_path,
            hint=Text("geef met --release de map van een release (lod build maakt er een)",
                      "give the folder of a release with --release (lod build makes one)")) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            Text(f"manifest.json is geen geldige JSON: {exc}",
                 f"manifest.json is not valid JSON: {exc}"),
            file=manifest_path,
            hint=REBUILD) from exc
    dump = next((p for p in (directory / DUMP, directory / f"{DUMP}.gz") if p.is_file()), None)
    if dump is None:
        raise InputError(
            Text("de release heeft geen N-Triples-dump",
                 "the release has no N-Triples dump"),
            file=directory / DUMP,
            hint=REBUILD)
    # One pass over the dump: its checksum, its triples, no blank nodes (_lines refuses them).
    opener = gzip.open if dump.suffix == ".gz" else open
    with open(dump, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    _check_checksum(manifest, directory, dump, digest)
    extra = _catalogue_lines(directory)
    counted = 0
    for line in _lines(dump, opener):
        counted += 1
        extra.discard(line)
    triples = manifest.get("triples", counted)
    if triples != counted:
        raise InputError(
            Text(f"manifest.json noemt {triples} triples, de dump heeft er {counted}",
                 f"manifest.json says {triples} triples, the dump has {counted}"),
            file=dump,
            hint=REBUILD)
    raw_id = str(manifest.get("release") or manifest.get("id") or directory.resolve().name)
    return Release(re.sub(r"[^A-Za-z0-9._-]+", "-", raw_id), dump, triples + len(extra),
                   tuple(sorted(extra)))


def _catalogue_lines(directory: Path) -> set[bytes]:
    """The catalogue's triples: the embedded store serves them beside the data, so the remote must too;
    the same ones: those a store gives back unchanged (as lod build puts in its store)."""
    nt = serialize((q.triple for q in stored_description(directory)), format=RdfFormat.N_TRIPLES) or b""
    lines = {line.strip() for line in nt.splitlines() if line.strip()}
    if any(line.startswith(b"_:") or _BLANK_OBJECT.search(line) for line in lines):
        raise InputError(
            Text("blank node in de catalogus; het model laat geen blank nodes toe",
                 "blank node in the catalogue; the model allows no blank nodes"),
            file=directory,
            hint=REBUILD)
    return lines


def _check_checksum(manifest: dict, directory: Path, dump: Path, digest: str) -> None:
    """Refuse a dump that differs from the manifest (a half-written or edited release)."""
    files = manifest.get("files", {})
    entries = files.items() if isinstance(files, dict) else ((f.get("path"), f) for f in files)
    name = dump.relative_to(directory).as_posix()
    for path, entry in entries:
        if path == name and isinstance(entry, dict) and entry.get("sha256") not in (None, digest):
            raise InputError(
                Text("de dump verschilt van manifest.json (SHA-256)",
                     "the dump differs from manifest.json (SHA-256)"),
                file=dump,
                hint=REBUILD)


def _lines(dump: Path, opener: Callable = open) -> Iterator[bytes]:
    with opener(dump, "rb") as fh:
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith(b"#"):
                continue
            # A blank node label only means something within one request: batches would split it.
            if line.startswith(b"_:") or _BLANK_OBJECT.search(line):
                raise InputError(
                    Text("blank node in de dump; het model laat geen blank nodes toe",
                         "blank node in the dump; the model allows no blank nodes"),
                    file=dump, row=number)
            yield line


def _batches(release: Release, size: int) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for line in _lines(release.dump, gzip.open if release.dump.suffix == ".gz" else open):
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    for line in release.extra:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class StoreClient:
    """HTTP to a store's query, update and graph-store services, with bounded retries."""

    def __init__(self, endpoints: Endpoints, *, session: requests.Session | None = None, retries: int = 5,
                 backoff: float = 0.5, timeout: float = 300.0,
                 sleep: Callable[[float], None] = time.sleep, lang: str = "nl") -> None:
        self.endpoints, self.lang = endpoints, lang
        self.session = session or requests.Session()
        self.session.auth = self.session.auth or store_auth(endpoints)
        self.retries, self.backoff, self.timeout, self.sleep = retries, backoff, timeout, sleep

    def send(self, method: str, url: str, **kwargs) -> requests.Response:
        """One request; connection errors and 5xx are retried after 1, 2, 4, … × backoff seconds."""
        for attempt in range(self.retries + 1):
            try:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem = (Text("geen verbinding", "no connection").pick(self.lang)
                           + f" ({type(exc).__name__}: {exc})")
            else:
                if response.status_code < 400:
                    return response
                if response.status_code in (401, 403):
                    raise StoreError(Text(
                        f"{url} weigert de toegang ({response.status_code}); zet LOD_STORE_USER en "
                        "LOD_STORE_PASSWORD of een ~/.netrc-regel voor deze host, met schrijfrechten "
                        "(Virtuoso: SPARQL_UPDATE)",
                        f"{url} refuses access ({response.status_code}); set LOD_STORE_USER and "
                        "LOD_STORE_PASSWORD or a ~/.netrc line for this host, with write permission "
                        "(Virtuoso: SPARQL_UPDATE)").pick(self.lang))
                if response.status_code < 500:
                    raise StoreError(Text(f"{url} antwoordt {response.status_code}: ",
                                          f"{url} answers {response.status_code}: ").pick(self.lang)
                                     + response.text[:400])
                problem = (Text("fout", "error").pick(self.lang)
                           + f" {response.status_code}: {response.text[:200]}")
            if attempt < self.retries:
                self.sleep(self.backoff * 2**attempt)
        raise StoreError(Text(f"store onbereikbaar: {method} {url} mislukt na {self.retries + 1} "
                              f"pogingen, laatst: {problem}",
                              f"store unreachable: {method} {url} failed after {self.retries + 1} attempts, "
                              f"last: {problem}").pick(self.lang))

    def select(self, query: str) -> list[dict]:
        response = self.send("POST", self.endpoints.query, data={"query": query},
                             headers={"Accept": "application/sparql-results+json"})
        answer = parse_query_results(response.content, format=QueryResultsFormat.JSON)
        names = [v.value for v in answer.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in answer]

    def update(self, update: str) -> None:
        self.send("POST", self.endpoints.update, data={"update": update})

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"].value) if rows else 0

    def load(self, graph: str, lines: list[bytes], method: str) -> None:
        if method == "gsp":
            body = b"\n".join(lines) + b"\n"
            self.send("POST", self.endpoints.graph_store, params={"graph": graph}, data=body,
                      headers={"Content-Type": "application/n-triples"})
        else:
            # Virtuoso's SPARQL compiler runs out of parser memory at a few thousand triples a request.
            step = VIRTUOSO_INSERT_LIMIT if self.endpoints.kind == "virtuoso" else len(lines)
            for start in range(0, len(lines), step):
                text = b"\n".join(lines[start:start + step]).decode("utf-8")
                self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{text}\n}} }}")


# Triples per request. Oxigraph's Graph Store POST slows down faster than the request grows (a
# 50 000-triple request took ~12 s, a 10 000-triple one ~1.4 s: docs/stores.md, "Oxigraph server").
BATCH_SIZE = 50_000
BATCH_SIZES = {"oxigraph": 10_000}


def push_release(release_dir: Path, *, endpoint: str, graph: str, kind: str = "generic",
                 method: str | None = None, swap: str | None = None, batch_size: int | None = None,
                 force: bool = False, retries: int = 5, backoff: float = 0.5,
                 session: requests.Session | None = None, progress: Progress | None = None,
                 sleep: Callable[[float], None] = time.sleep, lang: str = "nl") -> PushResult:
    """Load a release into `graph` at `endpoint`, atomically for readers; see the module docstring.

    `swap`: "move" (one update request moves the staging graph onto `graph`: atomic where a request
    is a transaction) or "pointer" (the release keeps its own graph and the push record points
    readers at it; the default for Virtuoso, whose DROP/MOVE commit in chunks that readers see).
    `lang`: the language of the errors ("nl" or "en").
    """
    release = read_release(release_dir)
    endpoints = endpoints_for(endpoint, kind)
    batch_size = batch_size or BATCH_SIZES.get(kind, BATCH_SIZE)
    method = method or ("gsp" if endpoints.graph_store else "update")
    swap = swap or ("pointer" if kind == "virtuoso" else "move")
    if method == "gsp" and not endpoints.graph_store:
        raise StoreError(Text(f"store-soort {kind!r} heeft geen Graph Store Protocol; gebruik "
                              "--method update",
                              f"store kind {kind!r} has no Graph Store Protocol; use --method update"
                              ).pick(lang))
    target = NamedNode(graph).value
    record = push_record_graph_iri(target).value
    client = StoreClient(endpoints, session=session, retries=retries, backoff=backoff, sleep=sleep, lang=lang)
    started = time.monotonic()

    current = current_release(client, target)
    if not force and current and current.release_id == release.release_id \
            and current.triples == release.triples == client.count(current.graph):
        return PushResult(release.release_id, target, release.triples, changed=False)
    load_into = staging_graph_iri(target, release.release_id).value
    own_graph = release_graph_iri(target, release.release_id).value
    if swap == "pointer" and not (current and current.graph == own_graph):  # --force of the live one
        load_into = own_graph

    # Leftovers of interrupted pushes and releases before the current one; readers use only that.
    for row in client.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER("
                             f'STRSTARTS(STR(?g), "{target}-staging-") || '
                             f'STRSTARTS(STR(?g), "{target}-release-")) }}'):
        if not current or row["g"].value != current.graph:
            client.update(f"DROP SILENT GRAPH <{row['g'].value}>")
    client.update(f"DROP SILENT GRAPH <{load_into}>")
    sent = batches = 0
    try:
        for batch in _batches(release, batch_size):
            client.load(load_into, batch, method)
            sent, batches = sent + len(batch), batches + 1
            if progress:
                progress(sent, release.triples)
    except StoreError as exc:
        raise StoreError(Text(f"push afgebroken na {sent} van {release.triples} triples: {exc}. "
                              f"De graaf <{target}> is niet gewijzigd: lezers zien nog de vorige "
                              "release volledig. "
                              "Herhaal lod push zodra dat verholpen is.",
                              f"push stopped after {sent} of {release.triples} triples: {exc}. The graph "
                              f"<{target}> is unchanged: readers still see the previous release complete. "
                              "Run lod push again once that is fixed.").pick(lang)) from exc

    loaded = client.count(load_into)
    if loaded != release.triples:
        client.update(f"DROP SILENT GRAPH <{load_into}>")
        raise StoreError(Text(f"de store telt {loaded} triples in <{load_into}>, de release heeft er "
                              f"{release.triples}; <{target}> is niet gewijzigd",
                              f"the store counts {loaded} triples in <{load_into}>, the release has "
                              f"{release.triples}; <{target}> is unchanged").pick(lang))
    new = PushRecord(release.release_id, release.triples, target if swap == "move" else load_into)
    if swap == "move":
        # One request: one transaction in Fuseki, Oxigraph and GraphDB (docs/stores.md).
        client.update(f"DROP SILENT GRAPH <{target}> ;\nMOVE <{load_into}> TO <{target}> ;\n"
                      f"DROP SILENT GRAPH <{record}> ;\nINSERT DATA {{ {new.data(target, record)} }}")
    else:
        # A few rows: the new pointer first, then the old one goes; a reader between the two sees
        # two complete releases (the previous graph stays until the next push) and may use either.
        old = f"DELETE DATA {{ {current.data(target, record)} }}" if current else ""
        client.update(f"INSERT DATA {{ {new.data(target, record)} }} ;\n{old}")
    now = current_release(client, target)
    swapped = client.count(new.graph)
    if now != new or swapped != release.triples:
        raise StoreError(Text(f"na de wissel telt de store {swapped} triples in <{new.graph}> en wijst "
                              f"{now} aan; de release heeft er {release.triples}: controleer de store",
                              f"after the swap the store counts {swapped} triples in <{new.graph}> and "
                              f"points at {now}; the release has {release.triples}: check the store"
                              ).pick(lang))
    return PushResult(release.release_id, target, release.triples, changed=True, method=method,
                      batches=batches, seconds=time.monotonic() - started)


@dataclass(frozen=True)
class PushRecord:
    """What <graph>-meta says: the graph holding a release of `graph`, the release id and size."""

    release_id: str
    triples: int
    graph: str

    def data(self, target: str, record: str) -> str:
        """The record as the body of INSERT DATA / DELETE DATA (terms rendered, never spliced raw)."""
        version = Literal(self.release_id)
        count = Literal(str(self.triples), datatype=XSD.integer)
        return (f"GRAPH <{record}> {{ <{self.graph}> {DCT.isVersionOf} <{target}> ; "
                f"{DCT.hasVersion} {version} ; {VOID.triples} {count} }}")


def current_release(client: StoreClient, target: str) -> PushRecord | None:
    """The release readers of `target` see, from its push record; None before the first push."""
    record = push_record_graph_iri(target).value
    rows = client.select(f"SELECT ?g ?v ?n WHERE {{ GRAPH <{record}> {{ ?g {DCT.isVersionOf} <{target}> ; "
                         f"{DCT.hasVersion} ?v ; {VOID.triples} ?n }} }} ORDER BY ?g")
    if not rows:
        return None
    return PushRecord(rows[0]["v"].value, int(rows[0]["n"].value), rows[0]["g"].value)


__all__ = ["push_release", "read_release", "current_release", "Release", "PushResult", "PushRecord",
           "StoreClient"]
