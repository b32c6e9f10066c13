"""lod.graph.codelists: the model as quads, the spreadsheet's code index, labels, shapes."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.errors import InputError
from lod.graph.codelists import (
    CODELIST_NAMES,
    code_index,
    codelist_paths,
    concept_labels,
    load_model,
    shapes_quads,
    shapes_text,
)
from lod.terms import DEFAULT_BASE, SKOS, concept_iri, scheme_iri
from lod.text import Text


@pytest.fixture(scope="module")
def notes(reference) -> str:
    return (reference / "DOMAIN-NOTES.md").read_text(encoding="utf-8")


def _section(text: str, number: int) -> str:
    return text.split(f"\n## {number}.")[1].split("\n## ")[0]


def _table_codes(section: str) -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


def test_load_model_holds_the_vocabulary_and_every_scheme():
    quads = load_model(Config())
    subjects = {q.subject.value for q in quads}
    assert f"{DEFAULT_BASE}ns#Maatregel" in subjects
    for name in CODELIST_NAMES:
        assert scheme_iri(Config(), name).value in subjects
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)


def test_load_model_is_rebased_onto_the_configured_base():
    cfg = Config(base_uri="https://example.org/vu/")
    quads = load_model(cfg)
    terms = [t.value for q in quads for t in (q.subject, q.predicate, q.object)
             if isinstance(t, ox.NamedNode)]
    assert not [t for t in terms if t.startswith(DEFAULT_BASE)]
    assert concept_iri(cfg, "status", "lopend").value in terms
    assert "https://example.org/vu/ns#trekker" in terms


@pytest.mark.parametrize("section, scheme", [(2, "maatregeltype"), (3, "partnertype")])
def test_code_lists_hold_every_code_of_the_domain_notes(notes, section, scheme):
    """DOMAIN-NOTES §2 and §3 codes, with '_' written '-', are the codes (notation = IRI segment)."""
    expected = {code.replace("_", "-") for code in _table_codes(_section(notes, section))}
    assert len(expected) >= 12
    index = code_index(Config())[scheme]
    assert expected <= set(index.values())
    for code in _table_codes(_section(notes, section)):
        assert index[code] == code.replace("_", "-")  # the spreadsheet may use either spelling


def test_maatregeltype_has_exactly_the_fifteen_kinds(notes):
    kinds = set(code_index(Config())["maatregeltype"].values())
    assert len(kinds) == 15 == len(_table_codes(_section(notes, 2)))


@pytest.mark.parametrize("scheme, cell, code", [
    ("maatregeltype", "Veilige_Ruimte", "veilige-ruimte"),
    ("maatregeltype", "Vorming en training", "vorming"),
    ("maatregeltype", "Training", "vorming"),
    ("status", "Lopend", "lopend"),
    ("status", "completed", "afgerond"),
    ("herhaling", "per evenement", "per-evenement"),
    ("omgeving", "city_festival", "stadsfestival"),    # DOMAIN-NOTES §6 spelling
    ("doelgroep", "bystanders", "omstaanders"),
    ("budgetklasse", "50.000 - 250.000 euro", "50000-250000"),  # as VVSG shows it
    ("financiering", "Eigen middelen", "eigen-middelen"),
    ("partnerrol", "expertise", "expertise"),
])
def test_code_index_finds_codes_by_every_spelling(scheme, cell, code):
    assert code_index(Config())[scheme][cell.strip().lower()] == code


def test_code_index_has_no_unknown_codes():
    assert "iedereen" not in code_index(Config())["doelgroep"]


def test_code_index_refuses_an_ambiguous_label(tmp_path):
    ontology = tmp_path / "ontology"
    (ontology / "codelists").mkdir(parents=True)
    for name, path in codelist_paths(Config()).items():
        text = path.read_text(encoding="utf-8")
        if name == "status":
            text = text.replace('"Planned"@en', '"Lopend"@en')
        (ontology / "codelists" / f"{name}.ttl").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        code_index(Config(ontology_dir=ontology))
    assert "lopend" in str(err.value).lower() and "status.ttl" in str(err.value)


def test_concept_labels_in_both_languages():
    labels = concept_labels(Config())
    assert labels[concept_iri(Config(), "status", "afgerond").value] == Text("Afgerond", "Completed")
    assert labels[scheme_iri(Config(), "doelgroep").value] == Text("Doelgroep", "Target group")


def test_shapes_text_is_one_turtle_document_with_every_shape_file():
    cfg = Config(base_uri="https://example.org/vu/")
    text = shapes_text(cfg)
    assert DEFAULT_BASE not in text
    quads = shapes_quads(cfg)
    shapes = {q.subject.value for q in quads if q.object == ox.NamedNode("http://www.w3.org/ns/shacl#NodeShape")}
    for local in ("Maatregel", "Gemeente", "Organisatie", "Catalogus", "term-label"):
        assert f"https://example.org/vu/shapes#{local}" in shapes


def test_a_broken_model_file_names_the_file(tmp_path):
    (tmp_path / "vu.ttl").write_text("@prefix x: <urn:x#> .\nx:a x:b", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_model(Config(ontology_dir=tmp_path))
    assert "vu.ttl" in str(err.value)


def test_skos_namespace_is_the_one_in_the_files():
    assert any(q.predicate == SKOS.notation for q in load_model(Config()))
