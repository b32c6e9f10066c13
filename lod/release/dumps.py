"""The graph as files: Turtle, N-Triples and JSON-LD, each also gzipped, with SHA256SUMS.

Canonical order makes dumps byte-reproducible: N-Triples lines are sorted; Turtle is grouped by
sorted subject (rdf:type first); JSON-LD nodes are sorted by @id. The JSON-LD is compacted with
the project's context (ontology/context.jsonld, published at {base}ns/context.jsonld); the context
object is embedded inline so every parser reads the dump offline, without fetching anything.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, serialize

from lod.config import Config
from lod.layout import DUMP_NAME, DUMP_SYNTAXES, SHA256SUMS
from lod.terms import RDF, XSD, prefixes, rebase

FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD}
MEDIA_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "gz": "application/gzip"}
_RDF_TYPE = RDF.type.value
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
    lines = serialize(quads, format=RdfFormat.N_TRIPLES).splitlines(keepends=True)
    return b"".join(sorted(set(lines)))


def turtle(quads: list[Quad], cfg: Config, *, ordered: bool = False) -> bytes:
    """Turtle in canonical order; `ordered=True` says `quads` already are `canonical(...)`."""
    text = serialize(quads if ordered else canonical(quads), format=RdfFormat.TURTLE,
                     prefixes=prefixes(cfg))
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
        if isinstance(obj, NamedNode):
            if coerced == "@id":
                return self.iri(obj.value)
            return {"@id": self.iri(obj.value)}
        if not isinstance(obj, Literal):
            raise ValueError(f"blank nodes are not allowed in a release: {obj}")
        datatype = obj.datatype.value
        if obj.language:
            if "@type" not in spec and spec.get("@language", self.default_language) == obj.language:
                return obj.value
            return {"@value": obj.value, "@language": obj.language}
        if coerced and coerced not in ("@id", "@vocab") and self.expand(coerced) == datatype:
            return obj.value
        if datatype == _STRING:
            if not coerced and spec.get("@language", self.default_language) is None:
                return obj.value
            return {"@value": obj.value}
        return {"@value": obj.value, "@type": self.iri(datatype)}


def jsonld(quads: list[Quad], context: dict[str, Any], *, ordered: bool = False) -> bytes:
    """A compacted JSON-LD document: the context inline, one node per subject, sorted by @id.

    `ordered=True` says `quads` already are `canonical(...)` (write_dumps sorts once for all)."""
    compactor = _Compactor(context)
    nodes: dict[str, dict[str, list[Any]]] = {}
    for quad in quads if ordered else canonical(quads):
        if not isinstance(quad.subject, NamedNode):
            raise ValueError(f"blank nodes are not allowed in a release: {quad.subject}")
        nodes.setdefault(quad.subject.value, {}).setdefault(quad.predicate.value, []).append(quad.object)
    graph = []
    for iri in sorted(nodes):
        node: dict[str, Any] = {"@id": compactor.iri(iri)}
        for predicate, objects in nodes[iri].items():
            if predicate == _RDF_TYPE and all(isinstance(o, NamedNode) for o in objects):
                types = [compactor.type_name(o.value) for o in objects]
                node["@type"] = types[0] if len(types) == 1 else types
                continue
            key, value = compactor.entries(predicate, objects)
            node[key] = value
        graph.append(dict(sorted(node.items(), key=lambda kv: (not kv[0].startswith("@"), kv[0]))))
    del nodes
    text = json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, indent=1)
    del graph  # freed before the text is encoded: at 1M triples both together were the dump's peak
    return (text + "\n").encode("utf-8")


def gzipped(data: bytes) -> bytes:
    """gzip with mtime 0 and no file name, so the bytes depend on the content only."""
    # Level 6 (zlib's default) takes half the time of 9 for a file 1-2% larger.
    return gzip.compress(data, compresslevel=6, mtime=0)


def write_dumps(quads: Iterable[Quad], cfg: Config, out_dir: Path, *, ordered: bool = False) -> list[Path]:
    """Write dumps/veilig-uitgaan.{ttl,nt,jsonld}[.gz] and dumps/SHA256SUMS; return the files.

    `ordered=True` says `quads` already are canonical (`store_canonical(store)`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = (quads if isinstance(quads, list) else list(quads)) if ordered else canonical(quads)
    serialisers = {
        "ttl": lambda: turtle(rows, cfg, ordered=True),
        "nt": lambda: ntriples(rows),
        "jsonld": lambda: jsonld(rows, load_context(cfg), ordered=True),
    }
    written: list[Path] = []
    digests: dict[str, str] = {}
    # One format in memory at a time (three at once were a large part of the build's peak).
    for ext in DUMP_SYNTAXES:
        serialise = serialisers[ext]
        data = serialise()
        for name, payload in ((f"{DUMP_NAME}.{ext}", data), (f"{DUMP_NAME}.{ext}.gz", gzipped(data))):
            path = out_dir / name
            path.write_bytes(payload)
            digests[name] = hashlib.sha256(payload).hexdigest()
            written.append(path)
        del data
    sums = "".join(f"{digests[p.name]}  {p.name}\n" for p in sorted(written, key=lambda p: p.name))
    (out_dir / SHA256SUMS).write_text(sums, encoding="utf-8")
    return [*written, out_dir / SHA256SUMS]


__all__ = ["write_dumps", "canonical", "store_canonical", "ntriples", "turtle", "jsonld", "load_context",
           "gzipped", "MEDIA_TYPES", "FORMATS"]
