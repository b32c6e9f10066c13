"""The one Jinja environment of the pages: templates/ of this package, HTML escaped, strict.

Built once per process (`environment()`): every page, fragment and vocabulary document is drawn
with the same settings, so a template renders the same wherever it is used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment: autoescaped, trimmed blocks, undefined names are errors.

    >>> environment().from_string("{{ '<b>' }} {{ url | hostname }}").render(url="https://www.sensoa.be/x")
    '&lt;b&gt; www.sensoa.be'
    """
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["hostname"] = lambda url: urlsplit(url).hostname or url
    return env


__all__ = ["TEMPLATES", "environment"]
