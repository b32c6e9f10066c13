"""Run SHACL shapes over the graph: the fast SPARQL engine, or pySHACL as the reference.

Both engines see the same skolemised shapes graph (lod/validate/shapes.py), so their findings
compare one to one (tests/validate/test_fast_vs_pyshacl.py).

>>> shapes = '''@prefix sh: <http://www.w3.org/ns/shacl#> .
... <http://ex/S> sh:targetNode <http://ex/a> ; sh:property [ sh:path <http://ex/p> ; sh:minCount 1 ] .'''
>>> result = validate_graph([], shapes)
>>> result.conforms, [f.constraint_component.value.rsplit("#")[1] for f in result.findings]
(False, ['MinCountConstraintComponent'])
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from lod.validate.fast import run_shapes
from lod.validate.findings import Validation
from lod.validate.shapes import skolemize_shapes

ENGINES = ("fast", "pyshacl")


def validate_graph(data: list[ox.Quad] | ox.Store, shapes_turtle: str, *, engine: str = "fast") -> Validation:
    """Validate `data` against the shapes; engine "fast" (SPARQL on pyoxigraph) or "pyshacl" (reference)."""
    shapes = skolemize_shapes(shapes_turtle)
    if engine == "fast":
        store = data if isinstance(data, ox.Store) else _store(data)
        return Validation(sorted(run_shapes(store, shapes), key=lambda f: f.key))
    if engine == "pyshacl":
        from lod.validate.reference import run_pyshacl  # rdflib and pySHACL only when asked for

        return Validation(sorted(run_pyshacl(data, shapes), key=lambda f: f.key))
    raise ValueError(f"unknown validation engine {engine!r}: use 'fast' or 'pyshacl'")


def _store(quads: Iterable[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store


__all__ = ["ENGINES", "validate_graph"]
