"""The project's two languages and the one bilingual type that every message and word uses.

A `Text` holds the Dutch and the English of something: a message, a hint, a label, or a whole
table of words. `pick(lang)` is the one way to choose between them, everywhere: a report line,
an error on the terminal, a page's interface words, a fragment of a template.

>>> found = Text("bestand niet gevonden", "file not found")
>>> found.pick("en")
'file not found'
>>> Text("alleen Nederlands", "").pick("en")  # Dutch where there is no English
'alleen Nederlands'
>>> Text({"yes": "ja"}, {"yes": "yes"}).pick("nl")["yes"]  # a table of words is picked the same way
'ja'
>>> (Text("Onbekende code", "Unknown code") + Text(": x", ": x")).pick("nl")
'Onbekende code: x'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

# Dutch first: the language of the editors, the default and the fallback.
LANGS: tuple[str, ...] = ("nl", "en")

V = TypeVar("V")


@dataclass(frozen=True)
class Text(Generic[V]):
    """Something in Dutch (`nl`) and English (`en`); the English may be empty."""

    nl: V
    en: V

    def pick(self, lang: str) -> V:
        """The value in `lang`, one of LANGS; Dutch where the English is empty."""
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGS)}")
        return self.en if lang == "en" and self.en else self.nl

    def __add__(self, other: Text[V]) -> Text[V]:
        """Both languages joined, each to its own (an empty English reads as the Dutch)."""
        return Text(self.nl + other.nl, self.pick("en") + other.pick("en"))  # type: ignore[operator]


__all__ = ["LANGS", "Text"]
