"""veilig-uitgaan: Linked Open Data on Flemish local measures against sexual violence in nightlife.

The verbs of the library, as `lod` on the command line uses them:

    build(sources, config=, out=)      spreadsheets -> a validated release (lod.build)
    validate(sources, config=)         the same checks, writing nothing
    open_release(path)                 a release's store, to query (lod.store.embedded)
    create_app(config, store)          the web server over a store: SPARQL, URIs, pages (lod.web.app)
    push(release, endpoint=, graph=)   a release into an external triple store (lod.store.push)
    compare(store, config, nis)        a municipality against comparable ones (lod.insight.exchange)
    partners(store, config, kind)      whom municipalities worked with on a kind of measure

`import lod` loads none of them until one is used, so a query worker or `lod --help` stays light.

>>> import lod
>>> lod.load_config(base_uri="https://example.org/vu/").vocab_ns
'https://example.org/vu/ns#'
>>> lod.build.__module__, lod.compare.__module__
('lod.build', 'lod.insight.exchange')
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from lod.config import Config, load_config
from lod.errors import ConfigError, DataInvalid, InputError, LodError, QueryError, StoreError

__version__ = "0.1.0"

# Public name -> (module, attribute), imported on first use.
_VERBS = {
    "build": ("lod.build", "build"),
    "validate": ("lod.build", "validate"),
    "Release": ("lod.release.write", "Release"),
    "open_release": ("lod.store.embedded", "open_release"),
    "create_app": ("lod.web.app", "create_app"),
    "push": ("lod.store.push", "push_release"),
    "compare": ("lod.insight.exchange", "compare"),
    "partners": ("lod.insight.exchange", "partner_suggestions"),
}

__all__ = ["Config", "ConfigError", "DataInvalid", "InputError", "LodError", "QueryError", "Release",
           "StoreError", "__version__", "build", "compare", "create_app", "load_config", "open_release",
           "partners", "push", "validate"]

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ imports on first use
    from lod.build import build, validate
    from lod.insight.exchange import compare
    from lod.insight.exchange import partner_suggestions as partners
    from lod.release.write import Release
    from lod.store.embedded import open_release
    from lod.store.push import push_release as push
    from lod.web.app import create_app


def __getattr__(name: str) -> Any:
    if name in _VERBS:
        module, attribute = _VERBS[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'lod' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
