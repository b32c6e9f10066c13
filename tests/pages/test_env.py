# ruff: noqa: E501 - the macros are kept word for word, long lines included
"""The parts of pages drawn in Python (lod/pages/env.py) give the bytes the Jinja macros they
replace gave: the macros' text is kept here, as it was in the templates, and both are rendered."""

from __future__ import annotations

import jinja2
import pytest

from lod.config import Config
from lod.pages.env import environment, html_measure_list, html_table, html_value, html_values
from lod.pages.links import Links
from lod.pages.text import UI

# measure.html's and _macros.html's macros before they were drawn in Python, word for word.
MACROS = """{% set value = html_value %}
{% macro measure_table(rows) -%}
<dl class="props">
{% for row in rows %}
  <dt title="{{ row.iri }}">{{ row.label }}</dt>
  {% for v in row['values'] %}<dd>{{ value(v) }}
    {%- if v.get('roles') %} <span class="role">({{ t.role }}: {% for r in v.roles %}{{ value(r) }}{% if not loop.last %}, {% endif %}{% endfor %})</span>{% endif %}</dd>{% endfor %}
{% endfor %}
</dl>
{%- endmacro %}
{% macro values(vs, sep=", ") -%}{% for v in vs %}{{ value(v) }}{% if not loop.last %}{{ sep }}{% endif %}{% endfor %}{%- endmacro %}
{% macro measure_list(measures, t, links, note=None, lang="nl") -%}
<section aria-labelledby="maatregelen">
<h2 id="maatregelen">{{ t.measures }} ({{ measures|length }})</h2>
{% if note %}<p class="note">{{ note }}</p>
{% endif %}
{% if measures %}
<ul class="measures">
{% for m in measures %}<li><a href="{{ links.iri(m.iri) }}"{% if m.lang and m.lang != lang %} lang="{{ m.lang }}"{% endif %}>{{ m.title }}</a></li>
{% endfor %}
</ul>
{% else %}<p>{{ t.no_measures }}</p>{% endif %}
</section>
{% endmacro %}
"""

LINK = {"text": "Sensoa <vzw>", "href": "../org/sensoa?a=1&b=2", "lang": None}
PLAIN = {"text": 'lopend "nu"', "href": None, "lang": "nl"}
NESTED = {"rows": [{"label": "Start", "iri": "http://x/start", "values": [PLAIN]}], "text": None, "href": None,
          "lang": None}
ROLED = {**LINK, "roles": [PLAIN, {**LINK, "text": "trekker"}]}


def _macro(name: str, *args, **kwargs) -> str:
    """The old macro, rendered by a stock Jinja environment of the same settings: not by the
    project's own (its getattr and its direct calls are what is under test too)."""
    stock = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                               undefined=jinja2.StrictUndefined)
    stock.globals["html_value"] = html_value
    module = stock.from_string(MACROS).make_module({"t": kwargs.pop("t", UI.pick("nl"))})
    return str(getattr(module, name)(*args, **kwargs))


@pytest.mark.parametrize("rows", [
    [],
    [{"label": "Partner & co", "iri": "http://x/p?a=1&b=<2>", "values": [ROLED, PLAIN, NESTED]}],
    [{"label": "a", "iri": "http://x/a", "values": []}, {"label": "b", "iri": "http://x/b", "values": [LINK]}],
])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_measure_table_is_the_macros(rows, lang):
    t = UI.pick(lang)
    assert str(html_table(rows, role=t["role"])) == _macro("measure_table", rows, t=t)


@pytest.mark.parametrize("values", [[], [PLAIN], [LINK, PLAIN, NESTED]])
@pytest.mark.parametrize("sep", [", ", " & "])
def test_values_are_the_macros(values, sep):
    assert str(html_values(values, sep)) == _macro("values", values, sep)
    assert str(html_values(values)) == _macro("values", values)


@pytest.mark.parametrize("measures", [
    [],
    [{"iri": "https://data.vlaanderen.be/id/maatregel/1", "title": "Vraag <naar> Angela", "lang": None},
     {"iri": "https://data.vlaanderen.be/id/maatregel/2", "title": "Ask for Angela", "lang": "en"},
     {"iri": "https://elders.example/x?a=1&b=2", "title": "Dutch", "lang": "nl"}],
])
@pytest.mark.parametrize("note", [None, "", "Met de maatregelen van <voorgangers>"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_measure_list_is_the_macros(measures, note, lang):
    import pyoxigraph

    from lod.pages.site import Site
    from lod.store.memory import MemoryStore

    site = Site(MemoryStore(pyoxigraph.Store()), Config())
    links = Links(site, lang=lang, page="doc/gemeente/44021", root=None)
    t = UI.pick(lang)
    assert str(html_measure_list(measures, t, links, note=note, lang=lang)) == _macro(
        "measure_list", measures, t, links, note=note, lang=lang)


def test_calls_from_templates_still_pass_the_context_and_environment_to_functions_that_ask():
    from jinja2 import pass_context, pass_environment

    @pass_context
    def with_context(context, x):
        return f"{context['name']}{x}"

    @pass_environment
    def with_environment(env, x):
        return f"{env is environment()}{x}"

    class Callable:
        @pass_context
        def __call__(self, context, x):
            return f"{context['name']}!{x}"

    page = environment().from_string(
        "{{ c(1) }} {{ e(2) }} {{ k(3) }} {{ plain(4) }} {{ d.get('a') }}"
        "{% for i in [5] %} {{ c(i) }}{% endfor %}")
    assert page.render(name="n", c=with_context, e=with_environment, k=Callable(), plain=lambda v: v * 2,
                       d={"a": "b"}) == "n1 True2 n!3 8 b n5"


@pytest.mark.parametrize("value", ["", "plain", "a & b <c> 'd' \"e\"", "&amp; al geschreven", "é 😀 \u2028",
                                   "<script>alert('x')</script>"])
def test_text_escaped_in_python_is_what_markupsafe_writes(value):
    """The HTML drawn in Python escapes text itself (no Markup per value): markupsafe's bytes,
    for a str, for text already marked safe, and for what is no str."""
    from markupsafe import Markup, escape

    from lod.pages.env import _text

    assert _text(value) == str(escape(value))
    assert _text(Markup(value)) == value  # marked safe: kept as it is
    assert _text(7) == "7" and _text(None) == "None"
