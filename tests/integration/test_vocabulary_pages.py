"""The vocabulary and code-list pages (tests/pages/test_vocabulary.py) as headless Chromium (the session's
`browser`) renders them."""

from __future__ import annotations

from pathlib import Path

import pytest

from lod.config import Config
from lod.graph.codelists import CODELIST_NAMES
from lod.pages.vocabulary import code_list, vocabulary_terms
from lod.release.site import write_vocabulary_docs
from tests.integration.chromium import rendered


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> tuple[Config, Path]:
    cfg = Config(base_uri="https://example.org/vu/")
    out = tmp_path_factory.mktemp("ontology")
    write_vocabulary_docs(cfg, out)
    return cfg, out


def test_chromium_renders_every_class_and_concept_label(browser, docs):
    cfg, out = docs
    dom = rendered(browser, (out / "vu.html").as_uri())
    _, terms = vocabulary_terms(cfg)
    for term in terms:
        assert f'id="{term.local}"' in dom
        assert term.label.nl in dom and term.label.en in dom
    for name in CODELIST_NAMES:
        dom = rendered(browser, (out / "codelists" / f"{name}.html").as_uri())
        for concept in code_list(cfg, name).concepts:
            assert f'id="{concept.notation}"' in dom
            assert concept.label.nl.replace("&", "&amp;") in dom


def test_chromium_takes_a_screenshot_of_the_vocabulary_page(browser, docs, tmp_path):
    _, out = docs
    shot = tmp_path / "vu.png"
    rendered(browser, (out / "vu.html").as_uri(), size=(1280, 2000), shot=shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
