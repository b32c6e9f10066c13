"""The example corpus against the shapes, through both engines: pySHACL (the reference) and the fast one.

Valid examples give no finding; each invalid/<shape>__<component>.ttl fails with exactly one result,
from that shape and that constraint component, the two engines report the same findings, and the
report prints the shape's full Dutch and English messages for it. Each example is validated once
per engine. Every constraint of shapes/ has such an example.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib.namespace import SH

from lod.config import Config
from lod.graph.codelists import shapes_text
from lod.terms import DEFAULT_BASE, rebase
from lod.validate.engine import ENGINES, validate_graph
from lod.validate.findings import Validation
from lod.validate.report import explain

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))
VUSH = f"{DEFAULT_BASE}shapes#"
COMPONENTS = {
    "minCount": SH.MinCountConstraintComponent, "maxCount": SH.MaxCountConstraintComponent,
    "datatype": SH.DatatypeConstraintComponent, "class": SH.ClassConstraintComponent,
    "in": SH.InConstraintComponent, "pattern": SH.PatternConstraintComponent,
    "languageIn": SH.LanguageInConstraintComponent, "uniqueLang": SH.UniqueLangConstraintComponent,
    "nodeKind": SH.NodeKindConstraintComponent, "sparql": SH.SPARQLConstraintComponent,
}
PARAMETERS = {  # the constraint parameter that makes a shape use each component
    "minCount": SH.minCount, "maxCount": SH.maxCount, "datatype": SH.datatype, "class": SH["class"],
    "in": SH["in"], "pattern": SH.pattern, "languageIn": SH.languageIn, "uniqueLang": SH.uniqueLang,
    "nodeKind": SH.nodeKind, "sparql": SH.sparql,
}


def _validate(path: Path, cfg: Config) -> dict[str, Validation]:
    """The example under the project's shapes, by each engine (fast first, then pySHACL)."""
    data = ox.Store()
    data.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return {engine: validate_graph(data, shapes_text(cfg), engine=engine) for engine in ENGINES}


def _same_findings(validations: dict[str, Validation]) -> None:
    fast, reference = ({f.key for f in validations[e].findings} for e in ("fast", "pyshacl"))
    assert fast == reference, (f"only fast: {sorted(fast - reference)}\n"
                               f"only pySHACL: {sorted(reference - fast)}")


def test_the_corpus_is_there():
    assert len(VALID) >= 2
    assert len(INVALID) >= 150


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_examples_give_no_finding(path, cfg):
    """No finding of any severity (a warning would show in every build), by either engine."""
    for engine, validation in _validate(path, cfg).items():
        assert validation.findings == [], (engine, [f.key for f in validation.findings])


def _filled(text: str, finding) -> str:
    """The shape's message as an editor must read it: {?value} is the value's text (the only placeholder)."""
    return text.replace("{?value}", finding.value.value) if finding.value is not None else text


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_breaks_exactly_its_constraint(path, shapes_graph, cfg):
    """Through the project's own validation (pySHACL, the reference, and the fast engine) and report:
    exactly one finding, from that shape and component, the same from both engines, printed with
    the shape's full Dutch and English sh:message."""
    shape_name, component = path.stem.split("__")
    shape = rdflib.URIRef(VUSH + shape_name)
    expected = {m.language: str(m) for m in shapes_graph.objects(shape, SH.message)}
    assert set(expected) == {"nl", "en"}
    validations = _validate(path, cfg)
    _same_findings(validations)
    for engine, validation in validations.items():
        found = [(f.source_shape.value.removeprefix(VUSH),
                  f.constraint_component.value.removeprefix(str(SH))) for f in validation.findings]
        assert found == [(shape_name, COMPONENTS[component].removeprefix(str(SH)))], (engine, found)
        [finding] = validation.findings
        assert validation.conforms is not finding.is_violation  # a warning alone conforms
        [problem] = explain(validation.findings, origins={}, columns={})
        focus = finding.focus_node.value
        assert problem.message.nl == f"{focus}: {_filled(expected['nl'], finding)}", engine
        assert problem.message.en == f"{focus}: {_filled(expected['en'], finding)}", engine
        assert "{?" not in problem.message.nl + problem.message.en


def _constraints(shapes_graph: rdflib.Graph) -> set[str]:
    names = set()
    for shape in set(shapes_graph.subjects(SH.severity, None)):
        for component, parameter in PARAMETERS.items():
            if (shape, parameter, None) in shapes_graph:
                names.add(f"{str(shape).removeprefix(VUSH)}__{component}")
    return names


def test_every_constraint_has_an_invalid_example(shapes_graph):
    examples = {p.stem for p in INVALID}
    assert _constraints(shapes_graph) == examples


def test_administrative_units_conform_to_the_official_mandatendatabank_shapes(reference):
    """A lead written as docs/rdf-model.md says passes LBLOD's BestuurseenheidShape, and the
    official shape does bite: without its werkingsgebied the same unit fails."""
    official = rdflib.Graph().parse(reference / "oslo" / "mandatendatabank-SHACL.ttl", format="turtle")
    data = rdflib.Graph().parse(EXAMPLES / "valid" / "gentse-feesten.ttl", format="turtle")
    unit = rdflib.URIRef(f"{DEFAULT_BASE}id/bestuurseenheid/44021")
    besluit = rdflib.Namespace("http://data.vlaanderen.be/ns/besluit#")
    assert (unit, rdflib.RDF.type, besluit.Bestuurseenheid) in data
    conforms, _, text = pyshacl.validate(data, shacl_graph=official)
    assert conforms, text
    data.remove((unit, besluit.werkingsgebied, None))
    conforms, _, text = pyshacl.validate(data, shacl_graph=official)
    assert not conforms and "werkingsgebied" in text


def test_shapes_work_under_another_base():
    """Base IRIs inside SPARQL strings and sh:in lists move with the base, so rebased data is judged
    alike: the valid examples give no finding, the invalid ones exactly their own (by pySHACL)."""
    cfg = Config(base_uri="https://example.org/vu/")
    for name in ("valid/gentse-feesten.ttl", "valid/model-fragment.ttl", "invalid/maatregel-status__in.ttl",
                 "invalid/afgerond-vereist-einddatum__sparql.ttl", "invalid/term-label__sparql.ttl"):
        data = list(ox.parse(rebase((EXAMPLES / name).read_text(encoding="utf-8"), cfg).encode(),
                             format=ox.RdfFormat.TURTLE))
        assert DEFAULT_BASE not in ox.serialize(data, format=ox.RdfFormat.N_TRIPLES).decode()
        validation = validate_graph(data, shapes_text(cfg), engine="pyshacl")
        found = [(f.source_shape.value, f.constraint_component) for f in validation.findings]
        if name.startswith("valid/"):
            assert found == [], name
        else:
            shape_name, component = Path(name).stem.split("__")
            shape = f"{cfg.base_uri}shapes#{shape_name}"
            assert found == [(shape, ox.NamedNode(COMPONENTS[component]))], name
