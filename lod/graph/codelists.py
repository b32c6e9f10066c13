"""The model as triples: the vocabulary (ontology/vu.ttl), the code lists and the shapes.

The Turtle in ontology/ and shapes/ is the source of truth, written with the default base; every
function here reads it afresh through `rebase`, so nothing depends on module state.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from lod.config import Config
from lod.errors import InputError
from lod.terms import SKOS, rebase
from lod.text import LANGS, Text

CODELIST_NAMES = (
    "maatregeltype", "partnertype", "doelgroep", "omgeving", "status", "herhaling",
    "budgetklasse", "financiering", "partnerrol",
)


def vocabulary_path(cfg: Config) -> Path:
    return cfg.ontology_dir / "vu.ttl"


def context_path(cfg: Config) -> Path:
    return cfg.ontology_dir / "context.jsonld"


def codelist_paths(cfg: Config) -> dict[str, Path]:
    """Code list name -> its Turtle file, in the order of CODELIST_NAMES."""
    return {name: cfg.ontology_dir / "codelists" / f"{name}.ttl" for name in CODELIST_NAMES}


def shape_paths(cfg: Config) -> list[Path]:
    return sorted(cfg.shapes_dir.glob("*.ttl"))


def model_text(path: Path, cfg: Config) -> str:
    """One Turtle file of the model, rebased onto cfg.base_uri."""
    return rebase(path.read_text(encoding="utf-8"), cfg)


def _parse(text: str, path: Path) -> list[ox.Quad]:
    try:
        triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise InputError(
            Text(f"ongeldige Turtle in het model: {exc}",
                 f"invalid Turtle in the model: {exc}"),
            file=path,
            hint=Text("herstel het bestand in ontology/ of shapes/",
                      "repair the file in ontology/ or shapes/")) from exc
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]


def vocabulary_quads(cfg: Config) -> list[ox.Quad]:
    path = vocabulary_path(cfg)
    return _parse(model_text(path, cfg), path)


def codelist_quads(cfg: Config, name: str) -> list[ox.Quad]:
    path = codelist_paths(cfg)[name]
    return _parse(model_text(path, cfg), path)


def load_model(cfg: Config) -> list[ox.Quad]:
    """The vocabulary and every code list, rebased, as quads in the default graph.

    >>> from lod.config import Config
    >>> quads = load_model(Config(base_uri="https://example.org/vu/"))
    >>> any(q.subject.value == "https://example.org/vu/ns#Maatregel" for q in quads)
    True
    """
    quads = vocabulary_quads(cfg)
    for name in CODELIST_NAMES:
        quads.extend(codelist_quads(cfg, name))
    return quads


def _store(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def code_index(cfg: Config) -> dict[str, dict[str, str]]:
    """Scheme name -> {lower-cased spelling: code}, for the spreadsheet's cells.

    Spellings: the code, the code with '_' for '-', the nl and en prefLabels and the hidden
    labels (DOMAIN-NOTES codes such as 'cafe_bar').

    >>> from lod.config import Config
    >>> index = code_index(Config())
    >>> index["maatregeltype"]["veilige_ruimte"], index["status"]["ongoing"]
    ('veilige-ruimte', 'lopend')
    """
    index: dict[str, dict[str, str]] = {}
    for name in CODELIST_NAMES:
        store = _store(codelist_quads(cfg, name))
        keys: dict[str, str] = {}
        rows = store.query(
            "SELECT ?code ?label WHERE { ?c skos:notation ?code . "
            "OPTIONAL { ?c skos:prefLabel|skos:hiddenLabel ?label } }",
            prefixes={"skos": SKOS.iri},
        )
        for row in rows:
            code = row["code"].value
            spellings = {code, code.replace("-", "_"), code.replace("-", " ")}
            if row["label"] is not None:
                spellings.add(row["label"].value)
            for spelling in spellings:
                key = spelling.strip().lower()
                if keys.setdefault(key, code) != code:
                    # An ambiguous cell would silently pick one code: refuse the model instead.
                    raise InputError(
                        Text(f"codelijst {name}: '{spelling}' past op twee codes ({keys[key]}, {code})",
                             f"code list {name}: '{spelling}' matches two codes ({keys[key]}, {code})"),
                        file=codelist_paths(cfg)[name],
                        hint=Text("geef elke code een eigen label",
                                  "give each code its own label"))
        index[name] = keys
    return index


def concept_labels(cfg: Config) -> dict[str, Text[str]]:
    """Concept or scheme IRI -> its label in Dutch and English, for pages and reports."""
    found: dict[str, dict[str, str]] = {}
    for quad in load_model(cfg):
        if quad.predicate == SKOS.prefLabel and isinstance(quad.object, ox.Literal):
            lang = quad.object.language
            if lang in LANGS:
                found.setdefault(quad.subject.value, {})[lang] = quad.object.value
    return {iri: Text(label.get("nl", ""), label.get("en", "")) for iri, label in found.items()}


def shapes_text(cfg: Config) -> str:
    """All shapes/*.ttl as one rebased Turtle document (each file keeps its own prefixes)."""
    return "\n".join(model_text(path, cfg) for path in shape_paths(cfg))


def shapes_quads(cfg: Config) -> list[ox.Quad]:
    """The shapes graph as quads (blank nodes for lists and nested shapes)."""
    return _parse(shapes_text(cfg), cfg.shapes_dir)


__all__ = [
    "CODELIST_NAMES", "load_model", "code_index", "concept_labels", "shapes_text", "shapes_quads",
    "vocabulary_quads", "codelist_quads",
    "vocabulary_path", "context_path", "codelist_paths", "shape_paths", "model_text",
]
