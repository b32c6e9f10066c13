"""The one Jinja environment of the pages: templates/ of this package, HTML escaped, strict.

Built once per process (`environment()`): every page, fragment and vocabulary document is drawn
with the same settings, so a template renders the same wherever it is used.
"""

from __future__ import annotations

import types
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"


# What `getattr(a_dict, name)` finds: every other name of a dict is one of its keys or undefined.
_DICT_ATTRIBUTES = frozenset(dir(dict))


# Callables that cannot carry Jinja's `jinja_pass_arg` mark (no attributes of their own).
_BUILTINS = frozenset({types.BuiltinFunctionType, types.BuiltinMethodType, types.MethodWrapperType})


class _Context(jinja2.runtime.Context):
    """Jinja calls every function a template calls through `Context.call`, which asks the function
    and its `__call__` for a `jinja_pass_arg` mark with `hasattr` (an AttributeError caught inside
    each time): a hundred calls per page, 12.4M `hasattr` calls in a build of 250k triples
    (bench/README.md, where the gain is measured: small). A plain function, bound method or
    builtin is called directly when its `__dict__` (where that mark lives) holds none; anything
    else goes the usual way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's own signature
        func = __obj.__func__ if type(__obj) is types.MethodType else __obj
        kind = type(func)
        if kind in _BUILTINS or (kind is types.FunctionType and "jinja_pass_arg" not in func.__dict__):
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class _Environment(jinja2.Environment):
    """Jinja's `x.name` tries `getattr(x, name)` first and catches the AttributeError before it
    tries `x[name]`: for the dicts every page passes, an exception per lookup (the largest single
    cost of rendering the pages, bench/README.md). For a plain dict and a name that is not one of
    its attributes the answer is `x[name]` either way, so it is looked up first."""

    context_class = _Context

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _text(value: Any) -> str:
    """`escape(value)` as text, for the HTML drawn in Python below: markupsafe's own entities for
    & < > ' " by str.replace, not a Markup object made per value (a million of them at 250k
    triples: a tenth of drawing a page); anything but a str goes through `escape` itself."""
    if type(value) is str:
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return str(escape(value))


def html_value(v: dict[str, Any]) -> Markup:
    """One value of a page's data (Site.value_of: text, href, lang, or nested rows) as markup: a
    link, a span, or a nested table. What _macros.html's `value` drew as a macro, in Python: the
    pages call it a hundred thousand times at 50k triples, and a macro call is Jinja's dearest."""
    rows = v.get("rows")
    if rows:
        return html_table(rows, nested=True)
    lang = v["lang"]
    attr = f' lang="{_text(lang)}"' if lang else ""
    if v["href"]:
        return Markup(f'<a href="{_text(v["href"])}"{attr}>{_text(v["text"])}</a>')
    return Markup(f"<span{attr}>{_text(v['text'])}</span>")


def html_table(rows: list[dict[str, Any]], nested: bool = False, role: str | None = None) -> Markup:
    """Rows of (label, iri, values) as a <dl class="props">: _macros.html's `table`, in Python.
    With `role` (the word), a value's roles follow it: "(rol: trekker, partner)"."""
    parts = ['<dl class="props nested">\n' if nested else '<dl class="props">\n']
    word = _text(role) if role is not None else None
    for row in rows:
        parts.append(f'  <dt title="{_text(row["iri"])}">{_text(row["label"])}</dt>\n')
        for v in row["values"]:
            roles = v.get("roles") if word is not None else None
            if roles:
                named = ", ".join(html_value(r) for r in roles)
                parts.append(f'<dd>{html_value(v)} <span class="role">({word}: {named})</span></dd>')
            else:
                parts.append(f"<dd>{html_value(v)}</dd>")
    parts.append("</dl>")
    return Markup("".join(parts))


def html_values(values: list[dict[str, Any]], sep: str = ", ") -> Markup:
    """Values (`html_value`) one after the other, `sep` between them: measure.html's `values`."""
    return Markup(_text(sep).join(html_value(v) for v in values))


def html_measure_list(measures: list[dict[str, Any]], t: dict[str, str], links: Any, note: str | None = None,
                      lang: str = "nl") -> Markup:
    """The measures of a municipality or a concept as a linked list under a heading: _macros.html's
    `measure_list`, in Python (a concept lists thousands of measures at 1M triples)."""
    parts = ['<section aria-labelledby="maatregelen">\n',
             f'<h2 id="maatregelen">{_text(t["measures"])} ({len(measures)})</h2>\n']
    if note:
        parts.append(f'<p class="note">{_text(note)}</p>\n')
    if measures:
        parts.append('<ul class="measures">\n')
        for m in measures:
            other = m["lang"] and m["lang"] != lang
            tag = f' lang="{_text(m["lang"])}"' if other else ""
            parts.append(f'<li><a href="{_text(links.iri(m["iri"]))}"{tag}>{_text(m["title"])}</a></li>\n')
        parts.append("</ul>\n")
    else:
        parts.append(f"<p>{_text(t['no_measures'])}</p>")
    parts.append("</section>\n")
    return Markup("".join(parts))


@lru_cache(maxsize=1 << 12)  # the same few hundred organisations' sites on thousands of practices
def _hostname(url: str) -> str:
    """A link's host ("www.sensoa.be"), shown beside an organisation's name; the URL when it has none."""
    return urlsplit(url).hostname or url


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
    env.filters["hostname"] = _hostname
    env.globals.update(html_value=html_value, html_table=html_table, html_values=html_values,
                       html_measure_list=html_measure_list)
    return env


__all__ = ["TEMPLATES", "environment", "html_measure_list", "html_table", "html_value", "html_values"]
