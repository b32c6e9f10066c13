"""One bilingual type and one way to pick the language: Text(nl, en).pick(lang), against LANGS.

Every message, label and table of words is a Text; no module compares a language by hand
(`english if lang == "en" else dutch`), so a third language or another fallback is one change in
lod/text.py. The scan below runs on the real package and on a broken copy, so it can fail.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import lod
from lod.text import LANGS, Text

PACKAGE = Path(lod.__file__).parent

# A language chosen by hand: lang == "en", "nl" != lang, lang in ("nl", "en"), x if en else y.
_BY_HAND = re.compile(
    r"""\blang\s*[!=]=\s*["'](?:nl|en)["']"""
    r"""|["'](?:nl|en)["']\s*[!=]=\s*[\w.]*lang\b"""
    r"""|\bin\s*[(\[]\s*["']nl["']\s*,\s*["']en["']\s*[)\]]"""
    r"""|\bif\s+(?:en|nl)\s+else\b""")


def languages_picked_by_hand(root: Path) -> list[str]:
    found = []
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.html")]):
        if path.relative_to(root).as_posix() == "text.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _BY_HAND.search(line):
                found.append(f"{path.relative_to(root)}:{n}: {line.strip()}")
    return found


def test_no_module_picks_a_language_by_hand():
    assert languages_picked_by_hand(PACKAGE) == []


def test_the_scan_finds_a_language_picked_by_hand(tmp_path: Path):
    root = tmp_path / "lod"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__", "static"))
    formats = root / "insight" / "formats.py"
    formats.write_text(formats.read_text(encoding="utf-8")
                       + '\nWORD = "soort" if lang == "nl" else "kind"\nOTHER = english if en else dutch\n',
                       encoding="utf-8")
    (root / "pages" / "templates" / "base.html").write_text(
        '{% if lang == "en" %}Home{% else %}Start{% endif %}\n', encoding="utf-8")
    assert len(languages_picked_by_hand(root)) == 3


def test_pick_falls_back_to_dutch_and_refuses_an_unknown_language():
    assert [Text("ja", "yes").pick(lang) for lang in LANGS] == ["ja", "yes"]
    assert Text("alleen Nederlands", "").pick("en") == "alleen Nederlands"
    assert Text({"home": "Start"}, {}).pick("en") == {"home": "Start"}  # an empty table falls back too
    with pytest.raises(ValueError, match="unknown language 'fr': one of nl, en"):
        Text("ja", "yes").pick("fr")


def test_texts_join_each_language_to_its_own():
    joined = Text("Onbekende code", "") + Text(": x", ": x (code list)")
    assert (joined.nl, joined.en) == ("Onbekende code: x", "Onbekende code: x (code list)")
