"""The vocabulary and code-list pages (tests/pages/test_vocabulary.py) as headless Chromium renders them."""

from __future__ import annotations

from pathlib import Path

import pytest

from lod.config import Config
from lod.graph.codelists import CODELIST_NAMES
from lod.pages.vocabulary import code_list, vocabulary_terms
from lod.release.site import write_vocabulary_docs
from tests.integration.chromium import run_chromium


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> tuple[Config, Path]:
    cfg = Config(base_uri="https://example.org/vu/")
    out = tmp_path_factory.mktemp("ontology")
    write_vocabulary_docs(cfg, out)
    return cfg, out


def test_chromium_renders_every_class_and_concept_label(chromium, docs, tmp_path):
    cfg, out = docs
    dom = run_chromium(chromium, ["--dump-dom", (out / "vu.html").as_uri()], tmp_path / "profile")
    _, terms = vocabulary_terms(cfg)
    for term in terms:
        assert f'id="{term.local}"' in dom
        assert term.label.nl in dom and term.label.en in dom
    for name in CODELIST_NAMES:
        dom = run_chromium(chromium, ["--dump-dom", (out / "codelists" / f"{name}.html").as_uri()],
                           tmp_path / "profile")
        for concept in code_list(cfg, name).concepts:
            assert f'id="{concept.notation}"' in dom
            assert concept.label.nl.replace("&", "&amp;") in dom


def test_chromium_takes_a_screenshot_of_the_vocabulary_page(chromium, docs, tmp_path):
    _, out = docs
    shot = tmp_path / "vu.png"
    run_chromium(chromium, [f"--screenshot={shot}", "--window-size=1280,2000", (out / "vu.html").as_uri()],
                 tmp_path / "profile")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
