"""The official catalogue shape sets the portals run, loaded in full from local copies, never the network.

    dcat-ap-3.0.1        SEMIC DCAT-AP 3.0.1: shapes, recommended, range, deprecated URIs, controlled
                         vocabularies, and the generated all-in-one dcat-ap-SHACL.ttl
    dcat-ap-2.1.1        SEMIC DCAT-AP 2.1.1: the same five files
    metadata-dcat-2022   OSLO Metadata-DCAT 2022-04-21 (what the Flemish metadata catalogue runs)
    dcat-ap-vl-3         OSLO DCAT-AP Vlaanderen 3, erkende standaard 2026-02-12

The files are read from a folder given by path (the shared reference folder in tests). The SEMIC
sets declare `owl:imports` of vocabularies and EU authority tables by URL; an import is read only
from a local copy given in `imports` (URL -> path) and otherwise listed in `missing`, so a caller
can say what was not checked. A shape file that cannot run as published gets a named correction,
each with its reason, listed in `corrections`:

- `vl-counts`: DCAT-AP-VL 3 writes `sh:maxCount "n"` and string counts, which pySHACL refuses
  (OSLO-NOTES §6): "n" (no limit) is dropped, digits become xsd:integer.
- `dangling-properties`: dcat-ap-SHACL.ttl (3.0.1) points `sh:property` at two shapes it never
  defines; pySHACL refuses to run with them, so the two references are dropped.
- `spdx-pattern`: the 3.0.1 vocabulary shape requires a checksum algorithm IRI to match
  `^https://spdx.org/rdf/terms`, while the SPDX vocabulary, the class the same shape requires
  (`http://spdx.org/rdf/terms#ChecksumAlgorithm`), DCAT-AP 2.1.1 (`sh:hasValue
  spdx:checksumAlgorithm_sha1`) and the DCAT-AP 3 JSON-LD context all use `http://spdx.org/rdf/terms#`:
  no SPDX algorithm can pass. The pattern becomes `^http://spdx.org/rdf/terms#`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib.namespace import OWL, SH

DCAT_AP_3 = "dcat-ap/3.0.1"
DCAT_AP_2 = "dcat-ap/2.1.1"
OSLO = "oslo"
WRONG_SPDX_PATTERN = "^https://spdx.org/rdf/terms"
SPDX_NAMESPACE_PATTERN = "^http://spdx.org/rdf/terms#"


def _vl_counts(graph: rdflib.Graph) -> int:
    changed = 0
    for prop in (SH.maxCount, SH.minCount):
        for s, o in list(graph.subject_objects(prop)):
            if isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.integer and str(o).isdigit():
                continue
            graph.remove((s, prop, o))
            changed += 1
            if str(o).isdigit():
                graph.add((s, prop, rdflib.Literal(int(str(o)))))
    return changed


def _dangling_properties(graph: rdflib.Graph) -> int:
    dangling = [(s, o) for s, o in graph.subject_objects(SH.property) if (o, None, None) not in graph]
    for s, o in dangling:
        graph.remove((s, SH.property, o))
    return len(dangling)


def _spdx_pattern(graph: rdflib.Graph) -> int:
    found = list(graph.subjects(SH.pattern, rdflib.Literal(WRONG_SPDX_PATTERN)))
    for shape in found:
        graph.remove((shape, SH.pattern, rdflib.Literal(WRONG_SPDX_PATTERN)))
        graph.add((shape, SH.pattern, rdflib.Literal(SPDX_NAMESPACE_PATTERN)))
    return len(found)


CORRECTIONS: dict[str, Callable[[rdflib.Graph], int]] = {
    "vl-counts": _vl_counts, "dangling-properties": _dangling_properties, "spdx-pattern": _spdx_pattern}


@dataclass(frozen=True)
class ShapeSet:
    """One official profile: its shape files, import declarations and corrections (by name)."""

    name: str
    title: str
    files: tuple[str, ...]  # relative to the reference folder
    imports: tuple[str, ...] = ()  # files whose owl:imports the profile needs
    corrections: tuple[str, ...] = ()


SHAPE_SETS: dict[str, ShapeSet] = {s.name: s for s in (
    ShapeSet("dcat-ap-3.0.1", "DCAT-AP 3.0.1",
             tuple(f"{DCAT_AP_3}/{f}" for f in (
                 "html-shacl-shapes.ttl", "html-shacl-shapes_recommended.ttl", "html-shacl-range.ttl",
                 "html-shacl-deprecateduris.ttl", "html-shacl-mdr-vocabularies.shape.ttl",
                 "dcat-ap-SHACL.ttl")),
             (f"{DCAT_AP_3}/html-shacl-imports.ttl", f"{DCAT_AP_3}/html-shacl-mdr_imports.ttl"),
             ("dangling-properties", "spdx-pattern")),
    ShapeSet("dcat-ap-2.1.1", "DCAT-AP 2.1.1",
             tuple(f"{DCAT_AP_2}/dcat-ap_2.1.1_shacl_{f}.ttl" for f in (
                 "shapes", "shapes_recommended", "range", "deprecateduris", "mdr-vocabularies.shape")),
             (f"{DCAT_AP_2}/dcat-ap_2.1.1_shacl_imports.ttl",
              f"{DCAT_AP_2}/dcat-ap_2.1.1_shacl_mdr_imports.ttl")),
    ShapeSet("metadata-dcat-2022", "Metadata-DCAT 2022-04-21",
             (f"{OSLO}/metadata-dcat-2022-04-21-SHACL.ttl",)),
    ShapeSet("dcat-ap-vl-3", "DCAT-AP Vlaanderen 3 (2026-02-12)",
             (f"{OSLO}/DCAT-AP-VL-3-erkendestandaard-2026-02-12-SHACL.ttl",), corrections=("vl-counts",)),
)}


@dataclass
class LoadedShapes:
    """A shape set ready to run: the shapes graph, the imports read, those that could not be."""

    shape_set: ShapeSet
    graph: rdflib.Graph
    imports: rdflib.Graph | None
    missing: list[str] = field(default_factory=list)  # imports declared, no local copy given
    corrections: dict[str, int] = field(default_factory=dict)  # name -> triples changed


def load_shape_set(name: str, reference: Path, *, imports: Mapping[str, Path] | None = None,
                   without: tuple[str, ...] = ()) -> LoadedShapes:
    """Parse every file of the profile `name` under `reference`; imports only from `imports`.

    A missing shape file raises FileNotFoundError naming it. `without` names corrections left out
    (to show what one is for); "all" leaves every one out: the files as published."""
    shape_set = SHAPE_SETS[name]
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)  # VL's "n" counts warn while parsing
    graph = rdflib.Graph()
    for relative in shape_set.files:
        path = Path(reference) / relative
        if not path.is_file():
            raise FileNotFoundError(f"{shape_set.title}: shape file not found: {path}")
        graph.parse(path, format="turtle")
    loaded = LoadedShapes(shape_set, graph, None)
    for correction in shape_set.corrections:
        if correction not in without and "all" not in without:
            loaded.corrections[correction] = CORRECTIONS[correction](graph)
    declared: list[str] = []
    for relative in shape_set.imports:
        declarations = rdflib.Graph().parse(Path(reference) / relative, format="turtle")
        declared += sorted(str(o) for o in declarations.objects(None, OWL.imports))
    given = dict(imports or {})
    for url in declared:
        if url in given:
            loaded.imports = loaded.imports if loaded.imports is not None else rdflib.Graph()
            loaded.imports.parse(given[url])
        else:
            loaded.missing.append(url)
    return loaded


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation, Warning, Info
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass
class Outcome:
    """What one profile says of a catalogue: top-level results only (not nested sh:detail)."""

    profile: str
    findings: list[Finding]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    def summary(self) -> str:
        return (f"{self.profile}: {len(self.violations)} violations, {len(self.warnings)} warnings"
                + "".join(f"\n  {f}" for f in self.findings))


def check_catalogue(data: rdflib.Graph, shapes: LoadedShapes) -> Outcome:
    """Validate without inference (a harvester does not infer): what the catalogue states is what counts."""
    _, report, _ = pyshacl_validate(data, shacl_graph=shapes.graph, ont_graph=shapes.imports,
                                    inference="none", allow_warnings=True)
    findings = []
    for result in report.objects(None, SH.result):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        findings.append(Finding(severity, str(report.value(result, SH.focusNode)),
                                str(report.value(result, SH.resultPath) or ""),
                                str(report.value(result, SH.resultMessage) or "")))
    return Outcome(shapes.shape_set.title, sorted(findings, key=lambda f: (f.severity, f.focus, f.path)))


def check_catalogue_triples(triples: bytes, shapes: LoadedShapes) -> Outcome:
    """`check_catalogue` of a catalogue given as N-Triples, for a caller without rdflib (lod check)."""
    return check_catalogue(rdflib.Graph().parse(data=triples.decode("utf-8"), format="nt"), shapes)


__all__ = ["CORRECTIONS", "SHAPE_SETS", "Finding", "LoadedShapes", "Outcome", "ShapeSet", "check_catalogue",
           "check_catalogue_triples", "load_shape_set"]
