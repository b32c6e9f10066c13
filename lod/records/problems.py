"""A problem found in the input or the data, in words an editor understands (nl and en)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lod.errors import LodError

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """What is wrong, where (file, row, column, value) and how to fix it, in Dutch and English."""

    message_nl: str
    message_en: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    hint_nl: str | None = None
    hint_en: str | None = None
    severity: Severity = "error"
    code: str = ""  # a stable identifier of the rule, e.g. "unknown-municipality"

    def message(self, lang: str = "nl") -> str:
        return self.message_en if lang == "en" else self.message_nl

    def hint(self, lang: str = "nl") -> str | None:
        return self.hint_en if lang == "en" else self.hint_nl


class LookupFailed(LodError):
    """A cell that names nothing known (a municipality, an organisation), with the closest matches."""

    def __init__(self, message_nl: str, message_en: str, *, value: str,
                 suggestions: list[str] | None = None, code: str = "") -> None:
        self.message_nl = message_nl
        self.message_en = message_en
        self.value = value
        self.suggestions = suggestions or []
        self.code = code
        super().__init__(self.message("nl"))

    def message(self, lang: str = "nl") -> str:
        text = self.message_en if lang == "en" else self.message_nl
        if self.suggestions:
            label = "Did you mean" if lang == "en" else "Bedoelde u"
            text += f" {label}: {', '.join(self.suggestions)}?"
        return text
