"""The public API: what `import lod` offers, guarded like httpx's test_exported_members."""

from __future__ import annotations

import subprocess
import sys

import lod

API = ["Config", "ConfigError", "DataInvalid", "InputError", "LodError", "QueryError", "Release",
       "StoreError", "__version__", "build", "compare", "create_app", "load_config", "open_release",
       "partners", "push", "validate"]


def test_the_public_names_are_exactly_these():
    assert sorted(lod.__all__) == API


def test_every_public_name_resolves_and_the_verbs_are_documented():
    for name in lod.__all__:
        value = getattr(lod, name)
        if callable(value) and not isinstance(value, type):
            assert value.__doc__ and value.__doc__.strip(), name
    assert set(lod.__all__) <= set(dir(lod))


def test_an_unknown_name_is_an_attribute_error():
    try:
        lod.no_such_verb  # noqa: B018
    except AttributeError as exc:
        assert "no_such_verb" in str(exc)
    else:
        raise AssertionError("lod.no_such_verb resolved")


def test_import_lod_loads_no_stage_until_a_verb_is_used():
    code = ("import sys, lod; print(' '.join(m for m in sys.modules if m.startswith('lod.'))); "
            "lod.build; print('lod.build' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded, after = out.splitlines()
    assert set(loaded.split()) <= {"lod.config", "lod.errors", "lod.text"} and after == "True"
