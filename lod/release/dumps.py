"""The graph as files: Turtle, N-Triples and JSON-LD, each also gzipped, with SHA256SUMS.

Canonical order makes dumps byte-reproducible: N-Triples lines are sorted; Turtle is grouped by
sorted subject (rdf:type first); JSON-LD nodes are sorted by @id. The JSON-LD is compacted with
the project's context (ontology/context.jsonld, published at {base}ns/context.jsonld); the context
object is embedded inline so every parser reads the dump offline, without fetching anything.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, parse, serialize

from lod.config import Config
from lod.layout import DUMP_NAME, DUMP_SYNTAXES, SHA256SUMS
from lod.release.changes import diff_lines
from lod.terms import RDF, XSD, prefixes, rebase

FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD}
MEDIA_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "gz": "application/gzip"}
_RDF_TYPE = RDF.type.value
_TYPE_NT = f" <{_RDF_TYPE}> ".encode()
_STRING = XSD.string.value
# Term definitions whose keys change the meaning of an array of values: never compact onto them.
_UNSAFE_KEYS = {"@reverse", "@nest", "@context"}


def canonical(quads: Iterable[Quad]) -> list[Quad]:
    """Distinct quads in the default graph, by subject, then rdf:type first, predicate, object."""
    # Rebuilding every quad costs 4x the sort (bench/README.md); only named-graph ones need it.
    unique = dict.fromkeys(q if isinstance(q.graph_name, DefaultGraph)
                           else Quad(q.subject, q.predicate, q.object) for q in quads)
    return sorted(unique, key=lambda q: (q.subject.value, q.predicate.value != _RDF_TYPE,
                                         str(q.predicate), str(q.object)))


def store_canonical(store: Store) -> list[Quad]:
    """`canonical` of a store's default graph, sorted subject by subject: the same order without a
    sort key (four strings) for every quad of the graph at once (bench/README.md, memory)."""
    quads = store.quads_for_pattern
    subjects = sorted({q.subject for q in quads(None, None, None, DefaultGraph())}, key=lambda s: s.value)
    ordered: list[Quad] = []
    for subject in subjects:
        ordered += sorted(quads(subject, None, None, DefaultGraph()),
                          key=lambda q: (q.predicate.value != _RDF_TYPE, str(q.predicate), str(q.object)))
    return ordered


def ntriples(quads: list[Quad]) -> bytes:
    return b"".join(ntriples_lines(quads))


def ntriples_lines(data: Iterable[Quad] | Store) -> list[bytes]:
    """The distinct N-Triples lines of the default graph (a store's, or of quads), sorted: the
    N-Triples dump. A store writes its own lines (no Python object per triple)."""
    if isinstance(data, Store):  # a store's triples are distinct already
        text = data.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
        return sorted(text.splitlines(keepends=True))
    triples = (q.triple if isinstance(q, Quad) else q for q in data)
    return sorted(set(serialize(triples, format=RdfFormat.N_TRIPLES).splitlines(keepends=True)))


def canonical_lines(lines: list[bytes]) -> list[bytes]:
    """Sorted N-Triples lines (`ntriples_lines`) in canonical order, the order of `canonical`.

    The byte order of the lines differs from it in two ways only, both mended here without a sort
    key per triple: subjects, where one IRI begins another (`<…/X#periode>` sorts before `<…/X>`,
    as '#' < '>'), so the runs of lines of one subject are put in the order of their IRIs; and
    rdf:type comes first within a subject. Within the run of one subject, the byte order of
    '<predicate> object' is the order of (str(predicate), str(object)): a predicate ends at its
    '>', which no IRI holds, so no predicate is a prefix of another."""
    runs = []
    for subject, run in groupby(lines, key=_subject_of):
        run = list(run)
        typed = [line for line in run if line.startswith(_TYPE_NT, len(subject))]
        if typed and len(typed) < len(run):
            run = typed + [line for line in run if not line.startswith(_TYPE_NT, len(subject))]
        runs.append((subject[1:-1], run))
    runs.sort(key=lambda r: r[0])  # by the IRI: its UTF-8 bytes sort as its characters do
    return [line for _, run in runs for line in run]


def turtle(quads: list[Quad], cfg: Config, *, ordered: bool = False) -> bytes:
    """Turtle in canonical order; `ordered=True` says `quads` already are `canonical(...)`."""
    text = serialize(quads if ordered else canonical(quads), format=RdfFormat.TURTLE,
                     prefixes=prefixes(cfg))
    return _sorted_prefixes(text)


def _sorted_prefixes(text: bytes) -> bytes:
    # The serialiser's prefix order is a hash-map order: sort the header so the bytes are stable.
    # Only the header is split into lines (splitting a million-triple body cost memory and time).
    end = 0
    while text.startswith(b"@prefix ", end):
        newline = text.find(b"\n", end)
        end = len(text) if newline < 0 else newline + 1
    header = text[:end].splitlines(keepends=True)
    return b"".join(sorted(header)) + text[end:]


def load_context(cfg: Config) -> dict[str, Any]:
    """The project's JSON-LD context object (rebased), or one made of the prefixes if absent."""
    path = cfg.ontology_dir / "context.jsonld"
    if path.is_file():
        ctx = json.loads(rebase(path.read_text(encoding="utf-8"), cfg)).get("@context", {})
        if isinstance(ctx, list):
            merged: dict[str, Any] = {}
            for part in ctx:
                if isinstance(part, dict):
                    merged.update(part)
            ctx = merged
        return ctx
    return dict(sorted(prefixes(cfg).items()))


class _Compactor:
    """Turns IRIs and values into compact JSON-LD using the context's terms and prefixes.

    A term is used for a predicate only where its definition cannot change what the values mean
    (no @reverse, no @list); language-map terms (@container @language) are used when every
    value is a language-tagged string. Everything else is written as a compact IRI with explicit
    value objects, which any context expands back to the same triples.
    """

    def __init__(self, context: dict[str, Any]) -> None:
        self.default_language = context.get("@language")
        self._compact: dict[str, str] = {}  # the dump repeats a few thousand IRIs a million times
        self.prefixes: list[tuple[str, str]] = []
        specs: list[tuple[str, dict[str, Any]]] = []
        for term, definition in context.items():
            if term.startswith("@") or ":" in term:
                continue
            spec = {"@id": definition} if isinstance(definition, str) else definition
            if not isinstance(spec, dict) or not isinstance(spec.get("@id"), str):
                continue
            if spec["@id"].startswith("@"):
                continue
            specs.append((term, spec))
            iri = spec["@id"]
            if isinstance(definition, str) and iri[-1:] in "/#" or spec.get("@prefix") is True:
                self.prefixes.append((term, iri))
        # Longest namespace first, so the most specific prefix wins.
        self.prefixes.sort(key=lambda p: (-len(p[1]), p[0]))
        # When every namespace ends in '/' or '#', those of an IRI are found at its own '/' and '#'.
        self._namespaces: dict[str, str] | None = None
        if all(ns[-1:] in "/#" for _, ns in self.prefixes):
            self._namespaces = {}
            for prefix, ns in self.prefixes:
                self._namespaces.setdefault(ns, prefix)
        self.terms: dict[str, tuple[str, dict[str, Any]]] = {}
        self.language_maps: dict[str, str] = {}
        for term, spec in specs:
            iri = self.expand(spec["@id"])
            container = spec.get("@container", "@set")
            containers = set(container) if isinstance(container, list) else {container}
            if _UNSAFE_KEYS & spec.keys():
                continue
            if containers <= {"@set"}:
                target = self.terms
            elif containers <= {"@set", "@language"} and "@type" not in spec:
                target = self.language_maps
            else:
                continue
            # Prefer the shortest term for an IRI, then the alphabetically first: stable.
            old = target.get(iri)
            old_term = old[0] if isinstance(old, tuple) else old
            if old_term is None or (len(term), term) < (len(old_term), old_term):
                target[iri] = (term, spec) if target is self.terms else term

    def expand(self, name: str) -> str:
        """A compact IRI ('dct:title') to the full IRI, with the context's prefixes."""
        if ":" in name:
            prefix, local = name.split(":", 1)
            for p, ns in self.prefixes:
                if p == prefix:
                    return ns + local
        return name

    def iri(self, iri: str) -> str:
        found = self._compact.get(iri)
        if found is None:
            found = self._compact[iri] = self._prefixed(iri)
        return found

    def _prefixed(self, iri: str) -> str:
        if self._namespaces is not None:  # the same answer as the loop below, without trying each
            cut = len(iri) - 1  # a local name is never empty
            while cut > 0:
                cut = max(iri.rfind("/", 0, cut), iri.rfind("#", 0, cut))
                if cut < 0:
                    break
                prefix = self._namespaces.get(iri[:cut + 1])
                if prefix is not None and not iri.startswith("//", cut + 1):
                    return f"{prefix}:{iri[cut + 1:]}"
            return iri
        for prefix, ns in self.prefixes:
            local = iri[len(ns):]
            if iri.startswith(ns) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri

    def type_name(self, iri: str) -> str:
        return self.terms[iri][0] if iri in self.terms else self.iri(iri)

    def entries(self, predicate: str, objects: list[Any]) -> tuple[str, Any]:
        """The key and the JSON value for all objects of one predicate of one node."""
        if predicate in self.language_maps and all(
                isinstance(o, Literal) and o.language for o in objects):
            by_lang: dict[str, list[str]] = {}
            for o in objects:
                by_lang.setdefault(o.language, []).append(o.value)
            return self.language_maps[predicate], {
                lang: values[0] if len(values) == 1 else values for lang, values in sorted(by_lang.items())}
        key, spec = self.terms.get(predicate) or (self.iri(predicate), {})
        values = [self.value(o, spec) for o in objects]
        return key, values[0] if len(values) == 1 else values

    def value(self, obj: Any, spec: dict[str, Any]) -> Any:
        coerced = spec.get("@type")
        if type(obj) is NamedNode:
            if coerced == "@id":
                return self.iri(obj.value)
            return {"@id": self.iri(obj.value)}
        if not isinstance(obj, Literal):
            raise ValueError(f"blank nodes are not allowed in a release: {obj}")
        language = obj.language
        if language:
            if "@type" not in spec and spec.get("@language", self.default_language) == language:
                return obj.value
            return {"@value": obj.value, "@language": language}
        datatype = obj.datatype.value
        if coerced and coerced not in ("@id", "@vocab") and self.expand(coerced) == datatype:
            return obj.value
        if datatype == _STRING:
            if not coerced and spec.get("@language", self.default_language) is None:
                return obj.value
            return {"@value": obj.value}
        return {"@value": obj.value, "@type": self.iri(datatype)}


def jsonld(quads: Iterable[Quad], context: dict[str, Any], *, ordered: bool = False) -> bytes:
    """A compacted JSON-LD document: the context inline, one node per subject, sorted by @id.

    `ordered=True` says `quads` already are `canonical(...)` (write_dumps sorts once for all); then
    they are read one subject at a time and never held all at once. The text is what
    `json.dumps({"@context": …, "@graph": […]}, ensure_ascii=False, indent=1)` writes, written
    node by node (json's indenting encoder is pure Python: most of this dump's time)."""
    compactor = _Compactor(context)
    rows = quads if ordered else canonical(quads)
    nodes = (_node(compactor, subject, list(group))
             for subject, group in groupby(rows, key=lambda q: q.subject))
    head, tail = _document_frame(context)
    parts = [head]
    for n, node in enumerate(nodes):
        parts.append(",\n  " if n else "  ")
        parts.append(_json(node, "  "))
    if len(parts) == 1:  # no node: json's own empty list
        return (json.dumps({"@context": context, "@graph": []}, ensure_ascii=False, indent=1) + "\n").encode()
    parts.append(tail)
    return "".join(parts).encode("utf-8")


def jsonld_key(cfg: Config) -> str:
    """What a JSON-LD dump's nodes are made from beside the data: the context and the code of this
    module. A build under the same key as the release before takes that dump's nodes of subjects
    whose triples did not change (`jsonld_reusing`)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(json.dumps(load_context(cfg), sort_keys=True).encode())
    return digest.hexdigest()


def jsonld_reusing(in_order: bytes, context: dict[str, Any], earlier: str,
                   changed: set[bytes]) -> bytes | None:
    """`jsonld` of the canonical N-Triples text `in_order`, taking the node of each subject whose
    lines are not `changed` (its `<IRI>` as the lines write it) from `earlier`, the JSON-LD dump of
    the release before made under the same `jsonld_key`: the same bytes, for the cost of the
    subjects that changed. None when `earlier` is not such a dump (no reuse: make it whole)."""
    head, tail = _document_frame(context)
    nodes = _nodes_by_id(earlier, head, tail)
    if nodes is None:
        return None
    compactor = _Compactor(context)
    parts = [head]
    for subject, run in groupby(io.BytesIO(in_order), key=_subject_of):  # line by line, no list of them
        text = None
        if subject not in changed and b"\\" not in subject:  # an escape: decoded by the parser only
            text = nodes.get(compactor.iri(subject[1:-1].decode("utf-8")))
        if text is None:
            quads = list(_parsed(b"".join(run)))
            text = _json(_node(compactor, quads[0].subject, quads), "  ")
        parts.append(",\n  " if len(parts) > 1 else "  ")
        parts.append(text)
    if len(parts) == 1:
        return jsonld([], context)
    parts.append(tail)
    return "".join(parts).encode("utf-8")


def _subject_of(line: bytes) -> bytes:
    return line[:line.index(b"> ") + 1]


_NODE_OPENING = '{\n   "@id": '  # every node's first key (@-keys first, sorted)
_DECODER = json.JSONDecoder()


def _nodes_by_id(text: str, head: str, tail: str) -> dict[str, str] | None:
    """The text of each node of a JSON-LD dump that `jsonld` wrote with the frame (head, tail), by
    its compacted @id; None for any other text. A node starts a line with two spaces and '{' (what
    it holds is indented deeper), so the nodes are cut where ',' ends a line and one starts so."""
    if not (text.startswith(head) and text.endswith(tail)) or len(text) <= len(head) + len(tail) + 2:
        return None
    nodes: dict[str, str] = {}
    for n, piece in enumerate(text[len(head) + 2:len(text) - len(tail)].split(",\n  {\n")):
        node = piece if n == 0 else "{\n" + piece
        if not node.startswith(_NODE_OPENING):
            return None
        try:
            found, _ = _DECODER.raw_decode(node, len(_NODE_OPENING))
        except ValueError:
            return None
        nodes[found] = node
    return nodes


def _diff(earlier: Path, lines: list[bytes]) -> LineDiff | None:
    """The (added, removed) lines from the N-Triples dump `earlier` to the sorted `lines`; None
    when there is no such dump."""
    try:
        with earlier.open("rb") as before:
            return diff_lines(iter(before), iter(lines))
    except OSError:
        return None


LineDiff = tuple[list[bytes], list[bytes]]  # N-Triples lines (added, removed)


def changed_subjects(diff: LineDiff) -> frozenset[str] | None:
    """The IRIs of the subjects of the lines `diff` added or removed; None when a line's subject is
    a blank node (which resource its line is about, nothing says).

    >>> sorted(changed_subjects(([b'<http://e/a#x> <http://e/p> "o" .\\n'],
    ...                          [b'<http://e/b> <http://e/p> <http://e/a> .\\n'])))
    ['http://e/a#x', 'http://e/b']
    >>> changed_subjects(([b'_:b0 <http://e/p> "o" .\\n'], [])) is None
    True
    """
    found = set()
    for line in (*diff[0], *diff[1]):
        if not line.startswith(b"<"):
            return None
        found.add(_subject_of(line)[1:-1].decode("utf-8"))
    return frozenset(found)


class Dumps(NamedTuple):
    """What write_dumps wrote, and the data's lines added and removed since the dump it diffed
    against (None without one)."""

    files: list[Path]
    diff: LineDiff | None


def _node(compactor: _Compactor, subject: Any, quads: list[Quad]) -> dict[str, Any]:
    """One subject's node: its quads (canonical order) by predicate, keys sorted, @-keys first."""
    if not isinstance(subject, NamedNode):
        raise ValueError(f"blank nodes are not allowed in a release: {subject}")
    node: dict[str, Any] = {"@id": compactor.iri(subject.value)}
    for predicate, group in groupby(quads, key=lambda q: q.predicate.value):
        objects = [q.object for q in group]
        if predicate == _RDF_TYPE and all(isinstance(o, NamedNode) for o in objects):
            types = [compactor.type_name(o.value) for o in objects]
            node["@type"] = types[0] if len(types) == 1 else types
            continue
        key, value = compactor.entries(predicate, objects)
        node[key] = value
    return dict(sorted(node.items(), key=lambda kv: (not kv[0].startswith("@"), kv[0])))


_SLOT = "\x00graph\x00"


def _document_frame(context: dict[str, Any]) -> tuple[str, str]:
    """The text of the document before its first node and after its last, as json.dumps writes them."""
    text = json.dumps({"@context": context, "@graph": [_SLOT]}, ensure_ascii=False, indent=1)
    slot = "  " + json.dumps(_SLOT)
    at = text.rindex(slot)
    return text[:at], text[at + len(slot):] + "\n"


_encode = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # type: ignore[attr-defined]


def _json(value: Any, indent: str) -> str:
    """`value` as json.dumps(…, ensure_ascii=False, indent=1) writes it at the depth of `indent`."""
    if type(value) is str:
        return _encode(value)
    inner = indent + " "
    if type(value) is dict:
        if not value:
            return "{}"
        items = [f"{inner}{_encode(k)}: {_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if type(value) is list:
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _json(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value)


def gzipped(data: bytes) -> bytes:
    """gzip with mtime 0 and no file name, so the bytes depend on the content only."""
    # Level 6 (zlib's default) takes half the time of 9 for a file 1-2% larger.
    return gzip.compress(data, compresslevel=6, mtime=0)


def write_dumps(data: Iterable[Quad] | Store, cfg: Config, out_dir: Path, *, ordered: bool = False,
                earlier: Path | None = None, reuse_jsonld: bool = False) -> Dumps:
    """Write dumps/veilig-uitgaan.{ttl,nt,jsonld}[.gz] and dumps/SHA256SUMS; return the files and
    the lines added and removed since `earlier`'s N-Triples dump.

    `data` is a store (its default graph: the build's) or quads, in any order (`ordered` is
    accepted for callers that passed `store_canonical(store)`; the order is made here anyway).

    Every dump is made from the sorted N-Triples lines: the N-Triples dump itself, then the same
    lines in canonical order (`canonical_lines`), parsed back one triple at a time for Turtle and
    JSON-LD, so no list of a million quads is held. Each file is compressed, hashed and written in
    a thread while the next one is serialised (zlib, hashlib and file writes let the GIL go).

    `earlier`: the dumps folder of the release before: its N-Triples dump is diffed once here, for
    the changelog, the feed and the store's patch as for the JSON-LD. With `reuse_jsonld` (its
    JSON-LD was written under this `jsonld_key`), the nodes of the subjects whose lines did not
    change are taken from it (most of this stage's time is making JSON-LD nodes in Python; a
    rebuild remakes only the changed ones)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = ntriples_lines(data if isinstance(data, Store) else list(data))
    written: list[Path] = []
    digests: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: list[Future] = []

        def put(ext: str, payload: bytes) -> None:
            names = (f"{DUMP_NAME}.{ext}", f"{DUMP_NAME}.{ext}.gz")
            written.extend(out_dir / name for name in names)
            pending.append(pool.submit(_write_pair, out_dir, names, payload, digests))

        serialisers = {
            "nt": lambda: b"".join(lines),
            "ttl": lambda: _sorted_prefixes(serialize(_parsed(in_order), format=RdfFormat.TURTLE,
                                                      prefixes=prefixes(cfg))),
            "jsonld": lambda: _jsonld_dump(in_order, load_context(cfg), earlier, changed),
        }
        in_order = b""  # the N-Triples lines in canonical order
        diff: LineDiff | None = None
        changed: set[bytes] | None = None  # the subjects whose lines differ from `earlier`'s
        for ext in ("nt", *(e for e in DUMP_SYNTAXES if e != "nt")):
            put(ext, serialisers[ext]())
            if ext == "nt":
                in_order = b"".join(canonical_lines(lines))
                if earlier is not None:
                    diff = _diff(earlier / f"{DUMP_NAME}.nt", lines)
                if reuse_jsonld and diff is not None:
                    changed = {_subject_of(line) for line in (*diff[0], *diff[1])}
                del lines[:]  # freed: the other dumps read the canonical text
        for future in pending:
            future.result()
    written.sort(key=lambda p: (DUMP_SYNTAXES.index(p.name.split(".")[1]), p.name))
    sums = "".join(f"{digests[p.name]}  {p.name}\n" for p in sorted(written, key=lambda p: p.name))
    (out_dir / SHA256SUMS).write_text(sums, encoding="utf-8")
    return Dumps([*written, out_dir / SHA256SUMS], diff)


def _jsonld_dump(in_order: bytes, context: dict[str, Any], earlier: Path | None,
                 changed: set[bytes] | None) -> bytes:
    """The JSON-LD dump, from the nodes of `earlier`'s where its subjects did not change."""
    if earlier is not None and changed is not None:
        try:
            text = (earlier / f"{DUMP_NAME}.jsonld").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        made = jsonld_reusing(in_order, context, text, changed)
        if made is not None:
            return made
    return jsonld(_parsed(in_order), context, ordered=True)


def _parsed(ntriples_text: bytes) -> Iterator[Quad]:
    return parse(ntriples_text, format=RdfFormat.N_TRIPLES)


def _write_pair(out_dir: Path, names: tuple[str, str], payload: bytes, digests: dict[str, str]) -> None:
    """A dump and its gzip, with their SHA-256 (run in the writer thread)."""
    for name, data in zip(names, (payload, gzipped(payload)), strict=True):
        (out_dir / name).write_bytes(data)
        digests[name] = hashlib.sha256(data).hexdigest()


__all__ = ["Dumps", "LineDiff", "changed_subjects", "write_dumps", "canonical", "jsonld_key",
           "jsonld_reusing",
           "canonical_lines", "store_canonical", "ntriples", "ntriples_lines",
           "turtle", "jsonld", "load_context", "gzipped", "MEDIA_TYPES", "FORMATS"]
