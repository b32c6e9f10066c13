"""The vocabulary and code-list pages: generated from the Turtle, complete, accessible, offline.

tests/integration/test_vocabulary_pages.py renders them in headless Chromium and checks the DOM.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from lod.config import Config
from lod.graph.codelists import CODELIST_NAMES, concept_labels
from lod.pages.vocabulary import code_list, vocabulary_terms
from lod.release.site import write_vocabulary_docs


class Page(HTMLParser):
    """What the checks need from a page: ids, lang attributes, headings, external references."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.langs: list[str] = []
        self.headings: list[int] = []
        self.loads: list[str] = []  # src= and <link href=> (what a browser fetches by itself)
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if "lang" in attributes:
            self.langs.append(attributes["lang"])
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
        if "src" in attributes:
            self.loads.append(attributes["src"])
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.loads.append(attributes.get("href", ""))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> tuple[Config, Path, list[Path]]:
    cfg = Config(base_uri="https://example.org/vu/")
    out = tmp_path_factory.mktemp("ontology")
    return cfg, out, write_vocabulary_docs(cfg, out)


def test_writes_every_page_and_file(docs):
    cfg, out, written = docs
    expected = {out / "vu.html", out / "vu.ttl", out / "context.jsonld"}
    expected |= {out / "codelists" / f"{n}.{ext}" for n in CODELIST_NAMES for ext in ("html", "ttl")}
    assert set(written) == expected
    assert all(p.stat().st_size > 0 for p in written)


def test_files_are_rebased(docs):
    cfg, out, _ = docs
    for path in (out / "vu.ttl", out / "context.jsonld", out / "vu.html", out / "codelists" / "status.html"):
        text = path.read_text(encoding="utf-8")
        assert "https://w3id.org/veilig-uitgaan/" not in text, path
        assert "https://example.org/vu/" in text


def test_vocabulary_page_has_every_term_with_anchor_labels_and_superterm(docs):
    cfg, out, _ = docs
    page = Page((out / "vu.html").read_text(encoding="utf-8"))
    _, terms = vocabulary_terms(cfg)
    assert len(terms) == 23  # 4 classes, 19 properties in vu.ttl
    for term in terms:
        assert term.local in page.ids
        assert term.label.nl in page.plain and term.label.en in page.plain
        assert term.definition.nl in page.plain and term.definition.en in page.plain
    assert "prov:Activity" in page.plain and "prov:wasAssociatedWith" in page.plain
    # Dutch first: the Dutch label of a term comes before its English one.
    assert page.plain.index("Maatregel / Measure") < page.plain.index("Something a local government")


def test_code_list_pages_have_every_concept(docs):
    cfg, out, _ = docs
    labels = concept_labels(cfg)
    for name in CODELIST_NAMES:
        page = Page((out / "codelists" / f"{name}.html").read_text(encoding="utf-8"))
        codes = code_list(cfg, name)
        assert codes.concepts
        for concept in codes.concepts:
            assert concept.notation in page.ids
            assert labels[concept.iri].nl in page.plain and labels[concept.iri].en in page.plain
            assert concept.definition.nl in page.plain


def test_budget_classes_read_from_small_to_large(docs):
    cfg, _, _ = docs
    assert [c.notation for c in code_list(cfg, "budgetklasse").concepts] == [
        "0-5000", "5000-50000", "50000-250000", "250000-plus"]


@pytest.mark.parametrize("page", ["vu.html", "codelists/doelgroep.html"])
def test_pages_are_accessible_and_load_nothing_from_other_hosts(docs, page):
    _, out, _ = docs
    text = (out / page).read_text(encoding="utf-8")
    parsed = Page(text)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"nl\">")
    assert "en" in parsed.langs  # English parts are marked as English
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1
    # No heading level is skipped on the way down.
    assert all(b - a <= 1 for a, b in zip(parsed.headings, parsed.headings[1:], strict=False))
    # only the project's own stylesheet, beside the release's pages (static/style.css), no other host
    assert [u.rsplit("../", 1)[-1] for u in parsed.loads] == ["static/style.css"]
    assert all(u.startswith("../") for u in parsed.loads)
    assert "<script" not in text and "@import" not in text
