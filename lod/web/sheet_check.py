"""/controle: the instant check for anyone. Upload a CSV or XLSX, get the build's report.

GET shows the form; POST (a browser's multipart form, or the file as the body) answers with the
report as a page, or as JSON for `Accept: application/json` or `?format=json`. Nothing is stored
or published: the file is read in memory (lod/sources/upload.py), checked by lod.build's own
`check_upload`, and forgotten. Bounds (Config, README "Configuration"): the body (413), an XLSX
archive's entries and unpacked size (before unpacking), the rows, and the checks running at once
(503 with Retry-After). `/controle/sjabloon.xlsx` is the editors' template.
"""

from __future__ import annotations

import io
import threading
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from lod.build import Reference, check_upload, load_reference
from lod.config import Config
from lod.errors import InputError, Problem
from lod.pages.check import render_check_page, report_json
from lod.pages.links import Links, Paths
from lod.release.template import write_template
from lod.sources.upload import Upload, UploadLimits
from lod.text import Text
from lod.web.conneg import HTML, negotiate
from lod.web.resources import CSP, public_root, request_lang
from lod.web.uploads import WORKBOOK, Busy, CheckGate, UploadRefused, read_upload_request

JSON = "application/json"
RETRY_AFTER = "5"  # seconds: a check takes about one


class SheetCheck:
    """The routes of the instant check, with the reference data loaded once (on first use)."""

    def __init__(self, cfg: Config, site: Paths) -> None:
        self.cfg, self.site = cfg, site
        self.limits = UploadLimits.of(cfg)
        self.gate = CheckGate(cfg.checks_at_once, cfg.checks_waiting)
        self._reference: Reference | None = None
        self._templates: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def routes(self) -> list[Route]:
        return [Route("/controle", self.handle, methods=["GET", "POST"]),
                Route("/controle/sjabloon.xlsx", self.template)]

    def reference(self) -> Reference:
        with self._lock:
            if self._reference is None:
                self._reference = load_reference(self.cfg)
            return self._reference

    def links(self, request: Request) -> Links:
        return Links(self.site, lang=request_lang(request), page="controle",
                     root=public_root(self.cfg, request))

    async def handle(self, request: Request) -> Response:
        lang = request_lang(request)
        if request.method != "POST":  # GET, and HEAD (which Starlette adds to a GET route)
            return self._answer(request, None, 200)
        try:
            upload, _ = await read_upload_request(request, self.limits.bytes)
            async with self.gate.slot():
                return await run_in_threadpool(self._check, request, upload, lang)
        except UploadRefused as refused:
            return self._answer(request, _refusal(refused, lang), refused.status)
        except Busy:
            return self._answer(request, _refusal(UploadRefused(503, "busy", "bezet (busy)"), lang), 503,
                                {"Retry-After": RETRY_AFTER})

    def _check(self, request: Request, upload: Upload, lang: str) -> Response:
        try:
            checked = check_upload(upload, config=self.cfg, reference=self.reference(), limits=self.limits)
        except InputError as exc:  # the file cannot be read: that is the report
            status = 413 if exc.problem.code == "upload-too-large" else 200
            return self._answer(request, report_json(upload.label, [exc.problem], 0, lang), status)
        return self._answer(request, report_json(upload.label, checked.problems, len(checked.measures), lang))

    def _answer(self, request: Request, report: dict[str, Any] | None, status: int = 200,
                headers: dict[str, str] | None = None) -> Response:
        wants_json = request.query_params.get("format") == "json" or negotiate(
            request.headers.get("accept"), (HTML, JSON)) == JSON
        headers = {"Cache-Control": "no-store", "Vary": "Accept, Accept-Language", **(headers or {})}
        if wants_json:
            return JSONResponse(report or {"usage": "POST een .csv of .xlsx (POST a .csv or .xlsx)"},
                                status_code=status, headers=headers)
        links = self.links(request)
        frame_for = getattr(self.site, "frame_for", None)  # a pages.site.Site draws its own frame
        html = render_check_page(self.cfg, links, report=report,
                                 frame=frame_for(links, "check") if frame_for else None)
        return Response(html, status_code=status, media_type=HTML + "; charset=utf-8",
                        headers={**headers, "Content-Security-Policy": CSP})

    async def template(self, request: Request) -> Response:
        """The editors' template, made once per language (it changes only with the reference data)."""
        lang = request_lang(request)
        if lang not in self._templates:
            buffer = io.BytesIO()
            await run_in_threadpool(write_template, self.cfg, buffer, lang=lang)
            self._templates[lang] = buffer.getvalue()
        name = Text("maatregelen-sjabloon.xlsx", "measures-template.xlsx").pick(lang)
        return Response(self._templates[lang], media_type=WORKBOOK,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _refusal(refused: UploadRefused, lang: str) -> dict[str, Any]:
    """An upload turned away before it was read, as a report of one line."""
    words = {413: Text("het bestand is te groot", "the file is too large"),
             415: Text("dit is geen .csv- of .xlsx-bestand", "this is not a .csv or .xlsx file"),
             503: Text("de controle is even bezet", "the check is busy for a moment")}
    hints = {413: Text("verdeel de maatregelen over kleinere bestanden",
                       "split the measures into smaller files"),
             503: Text(f"probeer het over {RETRY_AFTER} seconden opnieuw",
                       f"try again in {RETRY_AFTER} seconds")}
    what = words.get(refused.status, Text("het formulier is onvolledig", "the form is incomplete"))
    problem = Problem(what, hint=hints.get(refused.status, Text(refused.message, refused.message)),
                      code=refused.code)
    return report_json("", [problem], 0, lang)


__all__ = ["SheetCheck"]
