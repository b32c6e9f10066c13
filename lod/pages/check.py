"""The pages of a checked upload: the instant check on the public server (/controle) and the
submission form of the intake service. Both show the build's own report: file, row, column, value,
what is wrong and how to fix it, one table row per problem.
"""

from __future__ import annotations

from typing import Any

from lod.config import Config
from lod.errors import Problem
from lod.pages.env import environment
from lod.pages.frame import bare_frame
from lod.pages.links import Links
from lod.pages.text import UI
from lod.text import Text

# The words of these pages, picked like UI.
CHECK: Text[dict[str, str]] = Text(
    nl={
        "title": "Controleer een bestand met maatregelen",
        "intro": "Kies een .xlsx- of .csv-bestand met maatregelen en klik op Controleren. U krijgt meteen "
        "hetzelfde verslag als de redactie bij het bouwen: per cel wat niet klopt en hoe u het oplost. "
        "Het bestand wordt niet bewaard en niet gepubliceerd.",
        "file": "Bestand (.xlsx of .csv)", "submit": "Controleren", "template": "Download het sjabloon",
        "limits": "Hoogstens {bytes} en {rows} rijen.", "report": "Verslag",
        "ok": "Het bestand is in orde: {measures} maatregel(en) zouden gepubliceerd worden.",
        "not_ok": "{errors} fout(en) en {warnings} waarschuwing(en) in {file}. Verbeter de fouten en "
        "controleer opnieuw.",
        "warnings_only": "{warnings} waarschuwing(en): die houden de publicatie niet tegen.",
        "where": "Bestand", "row": "Rij", "column": "Kolom", "value": "Waarde", "what": "Wat is er mis",
        "fix": "Oplossing", "kind": "Soort", "error": "fout", "warning": "waarschuwing",
        "token": "Toegangscode (van de redactie)", "send": "Indienen",
        "intake_title": "Maatregelen indienen", "intake_intro": "Dien het bestand met de maatregelen van uw "
        "gemeente in met de toegangscode die u van de redactie kreeg. Het wordt eerst gecontroleerd; de "
        "redactie kijkt een correct bestand na voor het gepubliceerd wordt.",
        "received": "Ontvangen. Bewaar dit ontvangstnummer: {receipt}.",
    },
    en={
        "title": "Check a file of measures",
        "intro": "Choose an .xlsx or .csv file of measures and press Check. You get the same report at once "
        "that the editors get when they build: per cell what is wrong and how to fix it. The file is "
        "neither kept nor published.",
        "file": "File (.xlsx or .csv)", "submit": "Check", "template": "Download the template",
        "limits": "At most {bytes} and {rows} rows.", "report": "Report",
        "ok": "The file is fine: {measures} measure(s) would be published.",
        "not_ok": "{errors} error(s) and {warnings} warning(s) in {file}. Correct the errors and check "
        "again.",
        "warnings_only": "{warnings} warning(s): these do not stop publication.",
        "where": "File", "row": "Row", "column": "Column", "value": "Value", "what": "What is wrong",
        "fix": "Fix", "kind": "Kind", "error": "error", "warning": "warning",
        "token": "Access code (from the editors)", "send": "Submit",
        "intake_title": "Submit measures", "intake_intro": "Submit your municipality's file of measures with "
        "the access code the editors gave you. It is checked first; the editors review a correct file "
        "before it is published.",
        "received": "Received. Keep this receipt number: {receipt}.",
    },
)


def problem_json(problem: Problem, lang: str) -> dict[str, Any]:
    """One report line as JSON: where, the value as the report shows it, what and how to fix it."""
    return {"file": problem.file, "row": problem.row, "column": problem.column, "value": problem.shown,
            "severity": problem.severity, "code": problem.code, "message": problem.message.pick(lang),
            "hint": problem.hint.pick(lang) if problem.hint else None, "line": problem.line(lang)}


def report_json(label: str, problems: list[Problem], measures: int, lang: str) -> dict[str, Any]:
    """The report of one checked file, as the check's JSON and the page's table both show it."""
    errors = sum(p.severity == "error" for p in problems)
    return {"file": label, "ok": errors == 0, "measures": measures if errors == 0 else 0, "errors": errors,
            "warnings": len(problems) - errors, "lang": lang,
            "problems": [problem_json(p, lang) for p in problems]}


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n // 1000} kB"


def render_check_page(cfg: Config, links: Links, *, report: dict[str, Any] | None = None,
                      action: str = "controle", intake: bool = False, receipt: str | None = None,
                      frame: dict[str, Any] | None = None) -> str:
    """The check page (or the intake's submission page) with the form and, after an upload, its report;
    `frame` is the site's frame (Site.frame_for), else one without the help block."""
    words = CHECK.pick(links.lang)
    return environment().get_template("check.html").render(
        frame=frame or bare_frame(cfg, links, "check"),
        lang=links.lang, t=UI.pick(links.lang), links=links, static=links.root is None,
        dataset_title=cfg.dataset_title.pick(links.lang), jsonld=None, w=words, report=report,
        title=words["intake_title" if intake else "title"], intake=intake, action=action, receipt=receipt,
        limits=words["limits"].format(bytes=_size(cfg.max_upload_bytes), rows=cfg.max_upload_rows))


__all__ = ["CHECK", "problem_json", "render_check_page", "report_json"]
