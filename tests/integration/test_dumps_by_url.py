"""rapper, rdflib and Comunica read the compressed dumps by URL from a real server, each as it
does in the wild (its own Accept and Accept-Encoding), and get the same triples as the file holds.
rapper has no JSON-LD parser, so it reads the Turtle and N-Triples dumps only."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess

import pytest
import rdflib
from pyoxigraph import RdfFormat, parse, serialize

from tests.conftest import missing
from tests.integration.server_fixture import SMALL_RELEASE, serve_small_release

COMUNICA = "@comunica/query-sparql@4"  # 4: the last major that runs on Debian's Node.js 20

SYNTAXES = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve_small_release(tmp_path_factory.mktemp("dumps-by-url")) as running:
        triples = [q.triple for q in parse(path=str(SMALL_RELEASE))]
        for suffix, fmt in SYNTAXES.items():
            data, dumps = serialize(triples, format=fmt), running.release / "dumps"
            (dumps / f"veilig-uitgaan.{suffix}").write_bytes(data)
            (dumps / f"veilig-uitgaan.{suffix}.gz").write_bytes(gzip.compress(data, mtime=0))
        yield running, len(set(triples))


def url(served, suffix: str) -> str:
    return f"{served[0].url}dumps/veilig-uitgaan.{suffix}.gz"


@pytest.mark.parametrize(("suffix", "syntax"), [("ttl", "turtle"), ("nt", "ntriples")])
def test_rapper_reads_a_compressed_dump_by_url(served, program, suffix, syntax):
    done = subprocess.run([program("rapper"), "-i", syntax, "-c", url(served, suffix)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"returned {served[1]} triples" in done.stderr


@pytest.mark.parametrize("suffix", SYNTAXES)
def test_rdflib_parses_a_compressed_dump_by_url(served, suffix):
    graph = rdflib.Graph().parse(url(served, suffix))  # the format from the Content-Type, as users call it
    assert len(graph) == served[1]


@pytest.mark.parametrize("suffix", SYNTAXES)
def test_comunica_queries_a_compressed_dump_by_url(served, suffix):
    comunica = shutil.which("comunica-sparql")
    if comunica is None:
        missing(f"comunica-sparql is not installed: npm install -g {COMUNICA} (.ci/run does)")
    done = subprocess.run([comunica, url(served, suffix), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["n"].startswith(f'"{served[1]}"')
