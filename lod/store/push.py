"""`lod push`: load a release into an external triple store, atomically for its readers.

    drop stale staging graphs   <graph>-staging-*   (left by an interrupted push)
    load the N-Triples dump     in batches into <graph>-staging-<release id>
    verify                      COUNT(staging) == the release's triple count, else stop
    swap, one update request    DROP SILENT GRAPH <graph>; MOVE <staging> TO <graph>; + push record
    verify                      COUNT(<graph>) == the release's triple count

Readers query <graph> only, so until the swap they see the previous release complete. The push
record (release id, triple count) sits in <graph>-meta, written in the same request as the swap:
pushing a release that is already current changes nothing. Batches are sets of triples, so a batch
resent after a lost connection adds nothing twice; requests are retried with exponential backoff
on connection errors and 5xx, a bounded number of times.
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
    parse,
    parse_query_results,
    serialize,
)

from lod.errors import InputError, StoreError
from lod.store.remote import Endpoints, endpoints_for, store_auth
from lod.terms import DCT, VOID, XSD, push_record_graph_iri, staging_graph_iri

DUMP = Path("dumps") / "veilig-uitgaan.nt"
# What lod build puts in the store beside the dump (lod/build.py CATALOGUE_FILES).
CATALOGUE = ("catalogus.ttl", "void.ttl", "service-description.ttl")
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

    def summary(self) -> str:
        if not self.changed:
            return (f"Release {self.release_id} staat al in <{self.graph}> ({self.triples} triples): "
                    "niets gewijzigd (already current).")
        return (f"Release {self.release_id} geladen in <{self.graph}>: {self.triples} triples, "
                f"{self.batches} batches via {self.method}, {self.seconds:.1f} s.")


def read_release(directory: Path) -> Release:
    """The release id, N-Triples dump and triple count of a release directory (manifest.json)."""
    manifest_path = directory / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("geen release: manifest.json ontbreekt", file=manifest_path,
                         hint="geef met --release de map van een release (lod build maakt er een)") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"manifest.json is geen geldige JSON: {exc}", file=manifest_path) from exc
    dump = next((p for p in (directory / DUMP, directory / f"{DUMP}.gz") if p.is_file()), None)
    if dump is None:
        raise InputError("de release heeft geen N-Triples-dump", file=directory / DUMP,
                         hint="bouw de release opnieuw met lod build")
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
        raise InputError(f"manifest.json noemt {triples} triples, de dump heeft er {counted}", file=dump,
                         hint="bouw de release opnieuw met lod build")
    raw_id = str(manifest.get("release") or manifest.get("id") or directory.resolve().name)
    return Release(re.sub(r"[^A-Za-z0-9._-]+", "-", raw_id), dump, triples + len(extra),
                   tuple(sorted(extra)))


def _catalogue_lines(directory: Path) -> set[bytes]:
    """The catalogue's triples: the embedded store serves them beside the data, so the remote must too."""
    lines: set[bytes] = set()
    for name in CATALOGUE:
        if (directory / name).is_file():
            quads = parse(path=directory / name, format=RdfFormat.TURTLE)
            nt = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES) or b""
            lines.update(line.strip() for line in nt.splitlines() if line.strip())
    if any(line.startswith(b"_:") or _BLANK_OBJECT.search(line) for line in lines):
        raise InputError("blank node in de catalogus; het model laat geen blank nodes toe", file=directory)
    return lines


def _check_checksum(manifest: dict, directory: Path, dump: Path, digest: str) -> None:
    """Refuse a dump that differs from the manifest (a half-written or edited release)."""
    files = manifest.get("files", {})
    entries = files.items() if isinstance(files, dict) else ((f.get("path"), f) for f in files)
    name = dump.relative_to(directory).as_posix()
    for path, entry in entries:
        if path == name and isinstance(entry, dict) and entry.get("sha256") not in (None, digest):
            raise InputError("de dump verschilt van manifest.json (SHA-256)", file=dump,
                             hint="bouw de release opnieuw met lod build")


def _lines(dump: Path, opener: Callable = open) -> Iterator[bytes]:
    with opener(dump, "rb") as fh:
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith(b"#"):
                continue
            # A blank node label only means something within one request: batches would split it.
            if line.startswith(b"_:") or _BLANK_OBJECT.search(line):
                raise InputError("blank node in de dump; het model laat geen blank nodes toe",
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
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoints = endpoints
        self.session = session or requests.Session()
        self.session.auth = self.session.auth or store_auth(endpoints)
        self.retries, self.backoff, self.timeout, self.sleep = retries, backoff, timeout, sleep

    def send(self, method: str, url: str, **kwargs) -> requests.Response:
        """One request; connection errors and 5xx are retried after 1, 2, 4, … × backoff seconds."""
        for attempt in range(self.retries + 1):
            try:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem = f"geen verbinding ({type(exc).__name__}: {exc})"
            else:
                if response.status_code < 400:
                    return response
                if response.status_code in (401, 403):
                    raise StoreError(f"{url} weigert de toegang ({response.status_code}); zet "
                                     "LOD_STORE_USER en LOD_STORE_PASSWORD of een ~/.netrc-regel voor "
                                     "deze host, met schrijfrechten (Virtuoso: SPARQL_UPDATE)")
                if response.status_code < 500:
                    raise StoreError(f"{url} antwoordt {response.status_code}: {response.text[:400]}")
                problem = f"fout {response.status_code}: {response.text[:200]}"
            if attempt < self.retries:
                self.sleep(self.backoff * 2**attempt)
        raise StoreError(f"store onbereikbaar: {method} {url} mislukt na {self.retries + 1} pogingen, "
                         f"laatst: {problem}")

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
        body = b"\n".join(lines) + b"\n"
        if method == "gsp":
            self.send("POST", self.endpoints.graph_store, params={"graph": graph}, data=body,
                      headers={"Content-Type": "application/n-triples"})
        else:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body.decode('utf-8')}}} }}")


def push_release(release_dir: Path, *, endpoint: str, graph: str, kind: str = "generic",
                 method: str | None = None, batch_size: int = 50_000, force: bool = False,
                 retries: int = 5, backoff: float = 0.5, session: requests.Session | None = None,
                 progress: Progress | None = None, sleep: Callable[[float], None] = time.sleep) -> PushResult:
    """Load a release into `graph` at `endpoint`, atomically for readers; see the module docstring."""
    release = read_release(release_dir)
    endpoints = endpoints_for(endpoint, kind)
    method = method or ("gsp" if endpoints.graph_store else "update")
    if method == "gsp" and not endpoints.graph_store:
        raise StoreError(f"store-soort {kind!r} heeft geen Graph Store Protocol; gebruik --method update")
    target = NamedNode(graph).value
    staging = staging_graph_iri(target, release.release_id).value
    record = push_record_graph_iri(target).value
    client = StoreClient(endpoints, session=session, retries=retries, backoff=backoff, sleep=sleep)
    started = time.monotonic()

    if not force and _current_release(client, target, record) == (release.release_id, release.triples) \
            and client.count(target) == release.triples:
        return PushResult(release.release_id, target, release.triples, changed=False)

    for row in client.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                             f'FILTER(STRSTARTS(STR(?g), "{target}-staging-")) }}'):
        client.update(f"DROP SILENT GRAPH <{row['g'].value}>")
    client.update(f"DROP SILENT GRAPH <{staging}>")
    sent = batches = 0
    try:
        for batch in _batches(release, batch_size):
            client.load(staging, batch, method)
            sent, batches = sent + len(batch), batches + 1
            if progress:
                progress(sent, release.triples)
    except StoreError as exc:
        raise StoreError(f"push afgebroken na {sent} van {release.triples} triples: {exc}. De graaf "
                         f"<{target}> is niet gewijzigd: lezers zien nog de vorige release volledig. "
                         "Herhaal lod push wanneer de store weer bereikbaar is.") from exc

    loaded = client.count(staging)
    if loaded != release.triples:
        client.update(f"DROP SILENT GRAPH <{staging}>")
        raise StoreError(f"de store telt {loaded} triples in <{staging}>, de release heeft er "
                         f"{release.triples}; <{target}> is niet gewijzigd")
    version = Literal(release.release_id)
    count = Literal(str(release.triples), datatype=XSD.integer)
    # One request, one transaction in the stores documented in docs/stores.md.
    client.update(f"DROP SILENT GRAPH <{target}> ;\nMOVE <{staging}> TO <{target}> ;\n"
                  f"DROP SILENT GRAPH <{record}> ;\n"
                  f"INSERT DATA {{ GRAPH <{record}> {{ <{target}> {DCT.hasVersion} {version} ; "
                  f"{VOID.triples} {count} }} }}")
    swapped = client.count(target)
    if swapped != release.triples:
        raise StoreError(f"na de wissel telt de store {swapped} triples in <{target}>, de release "
                         f"heeft er {release.triples}: controleer de store")
    return PushResult(release.release_id, target, release.triples, changed=True, method=method,
                      batches=batches, seconds=time.monotonic() - started)


def _current_release(client: StoreClient, target: str, record: str) -> tuple[str, int] | None:
    rows = client.select(f"SELECT ?v ?n WHERE {{ GRAPH <{record}> {{ <{target}> {DCT.hasVersion} ?v ; "
                         f"{VOID.triples} ?n }} }}")
    if len(rows) != 1:
        return None
    return rows[0]["v"].value, int(rows[0]["n"].value)


__all__ = ["push_release", "read_release", "Release", "PushResult", "StoreClient"]
