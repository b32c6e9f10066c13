"""The intake service (`lod intake serve`): municipalities submit sheets with their token.

Its own ASGI app on its own port, never the public server. Routes:
  GET  /                     a form (token and file) for a person, nl/en
  POST /inzending            a submission: the file as a multipart form (fields `token`, `bestand`)
                             or as the body with `Authorization: Bearer <token>`
  GET  /inzending/<receipt>  what became of a submission (its municipality's token only)

Answers: 201 stored (with the receipt), 401 no valid token, 403 rows or ids of another
municipality, 413 too large, 415 not a sheet, 422 the report of a sheet that does not pass,
503 busy (Retry-After). JSON by default, HTML for a browser. A token's secret is never logged
or stored: the audit log names the token by its id.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from lod.build import Reference, load_reference
from lod.config import Config
from lod.errors import Problem
from lod.intake.store import IntakeStore, utc_now
from lod.intake.submit import Outcome, submit
from lod.intake.tokens import Token, TokenRefused
from lod.pages.check import render_check_page, report_json
from lod.pages.links import Links
from lod.pages.site import STATIC
from lod.sources.upload import UploadLimits
from lod.text import Text
from lod.web.conneg import HTML, negotiate
from lod.web.resources import CSP, public_root, request_lang
from lod.web.uploads import Busy, CheckGate, UploadRefused, read_upload_request

JSON = "application/json"
REALM = 'Bearer realm="veilig-uitgaan intake"'
_REFUSED = {
    401: Text("geen geldige toegangscode", "no valid access code"),
    403: Text("deze rijen zijn niet van uw gemeente", "these rows are not your municipality's"),
    413: Text("het bestand is te groot", "the file is too large"),
    415: Text("dit is geen .csv- of .xlsx-bestand", "this is not a .csv or .xlsx file"),
    422: Text("het bestand is niet in orde", "the file is not right"),
    503: Text("de dienst is even bezet", "the service is busy for a moment"),
}


class _NoPages:
    """The intake links to no pages about things (pages.links.Paths)."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg

    def path_of(self, iri: str) -> str | None:
        return None


def create_intake_app(cfg: Config, *, clock: Callable[[], datetime] = utc_now,
                      reference: Reference | None = None) -> Starlette:
    """The intake service over `cfg.intake_dir`; `reference` is loaded on first use if not given."""
    store = IntakeStore(cfg, clock=clock)
    store.sweep()
    limits = UploadLimits.of(cfg)
    gate = CheckGate(cfg.checks_at_once, cfg.checks_waiting)
    loaded: list[Reference] = [reference] if reference is not None else []
    lock = threading.Lock()
    pages = _NoPages(cfg)

    def reference_data() -> Reference:
        with lock:
            if not loaded:
                loaded.append(load_reference(cfg))
            return loaded[0]

    def wants_html(request: Request) -> bool:
        return request.query_params.get("format") != "json" and negotiate(
            request.headers.get("accept"), (JSON, HTML)) == HTML

    def page(request: Request, status: int, *, report: dict[str, Any] | None = None,
             receipt: str | None = None, headers: dict[str, str] | None = None) -> Response:
        links = Links(pages, lang=request_lang(request), page="", root=public_root(cfg, request))
        html = render_check_page(cfg, links, report=report, action="inzending", intake=True, receipt=receipt)
        return Response(html, status_code=status, media_type=HTML + "; charset=utf-8",
                        headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store",
                                 **(headers or {})})

    def refused(request: Request, status: int, code: str, problems: list[Problem] | None = None,
                label: str = "", headers: dict[str, str] | None = None) -> Response:
        lang = request_lang(request)
        problems = problems or [Problem(_REFUSED[status], code=code)]
        report = report_json(label, problems, 0, lang)
        if wants_html(request):
            return page(request, status, report=report, headers=headers)
        return JSONResponse({"error": code, "message": _REFUSED[status].pick(lang), "report": report},
                            status_code=status, headers={"Cache-Control": "no-store", **(headers or {})})

    def unauthorised(request: Request, refusal: TokenRefused) -> Response:
        store.audit("unauthorised", reason=refusal.reason, token_id=refusal.token_id)
        return refused(request, 401, "token-" + refusal.reason, headers={"WWW-Authenticate": REALM})

    def verify(presented: str | None) -> Token:
        return store.tokens.verify(presented, now=clock())

    async def form(request: Request) -> Response:
        return page(request, 200)

    async def submission(request: Request) -> Response:
        authorization = request.headers.get("authorization")
        token: Token | None = None
        try:
            if authorization is not None:
                token = verify(authorization.removeprefix("Bearer ").strip())
            elif not request.headers.get("content-type", "").startswith("multipart/form-data"):
                raise TokenRefused("missing")  # only a form carries its token in the body
        except TokenRefused as refusal:
            return unauthorised(request, refusal)
        try:
            upload, fields = await read_upload_request(request, limits.bytes)
        except UploadRefused as refusal:
            store.audit("refused", status=refusal.status, code=refusal.code,
                        token_id=token.id if token else None)
            return refused(request, refusal.status, refusal.code)
        if token is None:
            try:
                token = verify(fields.get("token"))
            except TokenRefused as refusal:
                return unauthorised(request, refusal)
        try:
            async with gate.slot():
                outcome = await run_in_threadpool(submit, store, upload, token, reference=reference_data(),
                                                  limits=limits)
        except Busy:
            return refused(request, 503, "busy", headers={"Retry-After": "5"})
        return answer(request, outcome, upload.label)

    def answer(request: Request, outcome: Outcome, label: str) -> Response:
        lang = request_lang(request)
        if outcome.submission is None:
            code = {403: "other-municipality", 413: "upload-too-large", 422: "invalid"}[outcome.status]
            return refused(request, outcome.status, code, outcome.problems, label)
        done = outcome.submission
        report = report_json(label, outcome.problems, len(outcome.measures), lang)
        if wants_html(request):
            return page(request, 201, report=report, receipt=done.receipt)
        town = reference_data().municipalities[done.nis_code]
        return JSONResponse({"receipt": done.receipt, "received": done.received.isoformat(),
                             "municipality": {"nis_code": town.nis_code, "name": town.name},
                             "measures": done.measures, "sha256": done.sha256, "report": report},
                            status_code=201, headers={"Location": f"inzending/{done.receipt}",
                                                      "Cache-Control": "no-store"})

    async def receipt(request: Request) -> Response:
        try:
            token = verify((request.headers.get("authorization") or "").removeprefix("Bearer ").strip())
        except TokenRefused as refusal:
            return unauthorised(request, refusal)
        try:
            found = store.submission(request.path_params["receipt"])
        except KeyError:
            found = None
        if found is None or found.nis_code != token.nis_code:  # another's receipt is not found either
            return JSONResponse({"error": "not-found"}, status_code=404)
        decided = store.decision(found.receipt)
        return JSONResponse({"receipt": found.receipt, "received": found.received.isoformat(),
                             "status": decided.decision if decided else "new",
                             "why": decided.why if decided else None, "measures": found.measures},
                            headers={"Cache-Control": "no-store"})

    return Starlette(routes=[
        Route("/", form),
        Route("/inzending", submission, methods=["POST"]),
        Route("/inzending/{receipt}", receipt),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ])


__all__ = ["create_intake_app"]
