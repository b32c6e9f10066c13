"""Every dump carries the same graph, read by independent parsers: rdflib, pyoxigraph and rapper.

The graph is the real build graph (vocabulary, code lists, municipalities, organisations and
measures, tombstones included). rapper (raptor2-utils) has no JSON-LD parser, so JSON-LD is read
by rdflib and pyoxigraph only. Isomorphism is checked with rdflib.compare against the N-Triples:
`rdflib.compare.isomorphic(a, b)` is `digest(a) == digest(b)`, so the N-Triples graph's digest is
made once for the module, not again beside each of the 16 graphs.
"""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import IsomorphicGraph

from lod.build import check
from lod.config import Config
from lod.release.dumps import write_dumps

ROOT = Path(__file__).resolve().parents[2]  # the checkout

SHEETS = ROOT / "tests" / "data" / "spreadsheets"
FORMATS = {"ttl": ("turtle", ox.RdfFormat.TURTLE, "turtle"),
           "nt": ("nt", ox.RdfFormat.N_TRIPLES, "ntriples"),
           "jsonld": ("json-ld", ox.RdfFormat.JSON_LD, None)}


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    cfg = Config()
    sources = [SHEETS / "valid-semicolon-utf8.csv"]
    if (cfg.data_dir / "maatregelen.csv").is_file():  # the real dataset, once it is there
        sources = [cfg.data_dir / "maatregelen.csv"]
    checked = check(sources, config=cfg)
    out = tmp_path_factory.mktemp("dumps")
    write_dumps(checked.quads, cfg, out)
    return out, len(set(checked.quads))


def digest(data: bytes, fmt: str) -> int:
    """rdflib.compare's digest of the graph in `data` (blank nodes taken into account): the one
    rdflib.compare.isomorphic computes for each of its two graphs and compares."""
    return IsomorphicGraph().parse(data=data, format=fmt).internal_hash()


@pytest.fixture(scope="module")
def nt_digest(dumps):
    out, count = dumps
    graph = IsomorphicGraph().parse(out / "veilig-uitgaan.nt", format="nt")
    assert len(graph) == count
    return graph.internal_hash()


def _bytes(out, name: str) -> bytes:
    data = (out / name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


NAMES = [f"veilig-uitgaan.{ext}{gz}" for ext in FORMATS for gz in ("", ".gz")]


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_reads_the_same_graph(dumps, nt_digest, name):
    out, _ = dumps
    fmt = FORMATS[name.removesuffix(".gz").rsplit(".", 1)[1]][0]
    assert digest(_bytes(out, name), fmt) == nt_digest


@pytest.mark.parametrize("name", NAMES)
def test_pyoxigraph_reads_the_same_graph(dumps, nt_digest, name):
    out, _ = dumps
    fmt = FORMATS[name.removesuffix(".gz").rsplit(".", 1)[1]][1]
    quads = list(ox.parse(_bytes(out, name), format=fmt))
    assert digest(ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES), "nt") == nt_digest


@pytest.mark.parametrize("name", [n for n in NAMES if ".jsonld" not in n])
def test_rapper_reads_the_same_graph(dumps, nt_digest, name, tmp_path, program):
    rapper = program("rapper")
    out, _ = dumps
    syntax = FORMATS[name.removesuffix(".gz").rsplit(".", 1)[1]][2]
    plain = tmp_path / name.removesuffix(".gz")
    plain.write_bytes(_bytes(out, name))
    proc = subprocess.run([rapper, "-q", "-i", syntax, "-o", "ntriples", str(plain)],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    assert digest(proc.stdout, "nt") == nt_digest


def test_checksums_match_the_files(dumps, program):
    out, _ = dumps
    proc = subprocess.run([program("sha256sum"), "--check", "--strict", "SHA256SUMS"], cwd=out,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
