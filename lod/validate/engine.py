"""Run SHACL shapes over the graph: the fast SPARQL engine, or pySHACL as the reference.

Both engines see the same skolemised shapes graph (lod/validate/shapes.py), so their findings
compare one to one (tests/validate/test_fast_vs_pyshacl.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from lod.validate.fast import run_shapes
from lod.validate.findings import Validation
from lod.validate.shapes import skolemize_shapes

ENGINES = ("fast", "pyshacl")


def validate_graph(data: list[ox.Quad] | ox.Store, shapes_turtle: str, *, engine: str = "fast") -> Validation:
    """Validate `data` against the shapes; engine "fast" (SPARQL on pyoxigraph) or "pyshacl" (reference).

    >>> shapes = '''@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .
    ... ex:S sh:targetNode ex:a, ex:b ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .'''
    >>> data = [ox.Quad(ox.NamedNode("http://ex/b"), ox.NamedNode("http://ex/p"), ox.Literal("1"))]
    >>> for engine in ENGINES:
    ...     result = validate_graph(data, shapes, engine=engine)
    ...     print(engine, result.conforms, [(f.focus_node.value, f.constraint_component.value.split("#")[1])
    ...                                     for f in result.findings])
    fast False [('http://ex/a', 'MinCountConstraintComponent')]
    pyshacl False [('http://ex/a', 'MinCountConstraintComponent')]
    """
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
