"""The one Jinja environment of the pages: templates/ of this package, HTML escaped, strict.

Built once per process (`environment()`): every page, fragment and vocabulary document is drawn
with the same settings, so a template renders the same wherever it is used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"


# What `getattr(a_dict, name)` finds: every other name of a dict is one of its keys or undefined.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's `x.name` tries `getattr(x, name)` first and catches the AttributeError before it
    tries `x[name]`: for the dicts every page passes, an exception per lookup (the largest single
    cost of rendering the pages, bench/README.md). For a plain dict and a name that is not one of
    its attributes the answer is `x[name]` either way, so it is looked up first."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def html_value(v: dict[str, Any]) -> Markup:
    """One value of a page's data (Site.value_of: text, href, lang, or nested rows) as markup: a
    link, a span, or a nested table. What _macros.html's `value` drew as a macro, in Python: the
    pages call it a hundred thousand times at 50k triples, and a macro call is Jinja's dearest."""
    rows = v.get("rows")
    if rows:
        return html_table(rows, nested=True)
    lang = v["lang"]
    attr = f' lang="{escape(lang)}"' if lang else ""
    if v["href"]:
        return Markup(f'<a href="{escape(v["href"])}"{attr}>{escape(v["text"])}</a>')
    return Markup(f"<span{attr}>{escape(v['text'])}</span>")


def html_table(rows: list[dict[str, Any]], nested: bool = False) -> Markup:
    """Rows of (label, iri, values) as a <dl class="props">: _macros.html's `table`, in Python."""
    parts = ['<dl class="props nested">\n' if nested else '<dl class="props">\n']
    for row in rows:
        parts.append(f'  <dt title="{escape(row["iri"])}">{escape(row["label"])}</dt>\n')
        parts.extend(f"<dd>{html_value(v)}</dd>" for v in row["values"])
    parts.append("</dl>")
    return Markup("".join(parts))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment: autoescaped, trimmed blocks, undefined names are errors.

    >>> environment().from_string("{{ '<b>' }} {{ url | hostname }}").render(url="https://www.sensoa.be/x")
    '&lt;b&gt; www.sensoa.be'
    """
    # auto_reload off: a template is read once per process, not stat()ed on every get_template
    # (a release is drawn by one version of the templates, even if they change under a build)
    env = _Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                       lstrip_blocks=True, undefined=jinja2.StrictUndefined, auto_reload=False)
    env.filters["hostname"] = lambda url: urlsplit(url).hostname or url
    env.globals.update(html_value=html_value, html_table=html_table)  # _macros.html's value, table
    return env


__all__ = ["TEMPLATES", "environment", "html_table", "html_value"]
