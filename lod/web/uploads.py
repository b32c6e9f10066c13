"""An uploaded sheet over HTTP, bounded: the body read to a limit (413 beyond it, before the rest is
read), a multipart form parsed in memory (nothing spooled to disk), and a gate that lets only a
few checks run at once. Used by the public instant check (lod/web/sheet_check.py) and the intake
service (lod/intake/app.py), which never share a server.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from lod.sources.upload import Upload

# Room for a multipart form's boundaries and headers around the file itself (the file's own
# bound, max_upload_bytes, is checked when it is read).
FORM_OVERHEAD = 16_384
MAX_PARTS = 8  # a form field or two and one file; more is not a form of ours
WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadRefused(Exception):
    """An upload answered with `status` before it is checked: 400, 413, 415 or 503."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or UploadRefused(413) as soon as it is known to pass `limit` bytes: by
    its Content-Length before a byte is read, else while it streams in."""
    too_large = UploadRefused(413, "upload-too-large", f"meer dan {limit} bytes (more than {limit} bytes)")
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise UploadRefused(400, "bad-length", "Content-Length is geen getal (not a number)")
        if int(declared) > limit:
            raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


@dataclass
class Form:
    """A multipart form: its text fields and its file, if any (the first part with a file name)."""

    fields: dict[str, str] = field(default_factory=dict)
    file: Upload | None = None
    file_field: str | None = None


def parse_form(body: bytes, content_type: str) -> Form:
    """A multipart/form-data body parsed in memory (the body is already bounded).

    >>> body = (b'--b\\r\\nContent-Disposition: form-data; name="token"\\r\\n\\r\\nabc\\r\\n'
    ...         b'--b\\r\\nContent-Disposition: form-data; name="bestand"; filename="../m.csv"\\r\\n'
    ...         b'Content-Type: text/csv\\r\\n\\r\\nmaatregel_id\\r\\n--b--\\r\\n')
    >>> form = parse_form(body, "multipart/form-data; boundary=b")
    >>> form.fields, form.file.label, form.file.data
    ({'token': 'abc'}, 'm.csv', b'maatregel_id')
    """
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        raise UploadRefused(400, "bad-form", "het formulier heeft geen boundary (multipart without boundary)")
    parts: list[dict] = []
    header: dict[str, bytearray] = {}

    def begin() -> None:
        if len(parts) >= MAX_PARTS:
            raise UploadRefused(400, "bad-form", f"meer dan {MAX_PARTS} delen (more than {MAX_PARTS} parts)")
        parts.append({"headers": {}, "data": bytearray()})

    def header_field(data: bytes, start: int, end: int) -> None:
        header.setdefault("field", bytearray()).extend(data[start:end])

    def header_value(data: bytes, start: int, end: int) -> None:
        header.setdefault("value", bytearray()).extend(data[start:end])

    def header_end() -> None:
        name = bytes(header.pop("field", b"")).decode("latin-1").lower()
        parts[-1]["headers"][name] = bytes(header.pop("value", b"")).decode("utf-8", "replace")

    def data(chunk: bytes, start: int, end: int) -> None:
        parts[-1]["data"].extend(chunk[start:end])

    parser = MultipartParser(boundary, {"on_part_begin": begin, "on_header_field": header_field,
                                        "on_header_value": header_value, "on_header_end": header_end,
                                        "on_part_data": data})
    try:
        parser.write(body)
        parser.finalize()
    except UploadRefused:
        raise
    except Exception as exc:  # the parser's own errors: a torn or malformed form
        raise UploadRefused(400, "bad-form", f"onleesbaar formulier (unreadable form): {exc}") from exc
    form = Form()
    for part in parts:
        _, disposition = parse_options_header(part["headers"].get("content-disposition", ""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in disposition and form.file is None:
            filename = disposition[b"filename"].decode("utf-8", "replace")
            form.file, form.file_field = Upload.of(bytes(part["data"]), filename), name
        elif b"filename" not in disposition:
            form.fields[name] = bytes(part["data"]).decode("utf-8", "replace")
    return form


async def read_upload_request(request: Request, limit: int) -> tuple[Upload, dict[str, str]]:
    """The uploaded file and the form's other fields: a multipart form (a browser's) or the file
    itself as the body (text/csv or the XLSX type, its name in ?naam=), else UploadRefused."""
    content_type = request.headers.get("content-type", "")
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind not in ("multipart/form-data", "text/csv", "text/plain", WORKBOOK, "application/octet-stream"):
        raise UploadRefused(415, "unsupported-type",
                            "stuur een .csv of .xlsx als multipart/form-data, text/csv of het XLSX-type "
                            "(send a .csv or .xlsx as multipart/form-data, text/csv or the XLSX type)")
    body = await read_body(request, limit + (FORM_OVERHEAD if kind == "multipart/form-data" else 0))
    if kind != "multipart/form-data":
        return Upload.of(body, request.query_params.get("naam") or request.query_params.get("name")), {}
    form = parse_form(body, content_type)
    if form.file is None:
        raise UploadRefused(400, "no-file", "het formulier bevat geen bestand (the form holds no file)")
    return form.file, form.fields


class Busy(Exception):
    """Every check slot is taken and the queue is full: 503 with Retry-After."""


class CheckGate:
    """At most `at_once` checks run; at most `waiting` wait for a slot; one more is turned away.

    A check is CPU work in a thread: without a gate, a burst of uploads would take every thread
    of the server from the readers."""

    def __init__(self, at_once: int, waiting: int) -> None:
        self.at_once, self.waiting = at_once, waiting
        self._slots: asyncio.Semaphore | None = None
        self._queued = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._slots is None:  # made in the server's event loop, on first use
            self._slots = asyncio.Semaphore(self.at_once)
        if self._slots.locked() and self._queued >= self.waiting:
            raise Busy
        self._queued += 1
        try:
            await self._slots.acquire()
        finally:
            self._queued -= 1
        try:
            yield
        finally:
            self._slots.release()


__all__ = ["Busy", "CheckGate", "Form", "UploadRefused", "WORKBOOK", "parse_form", "read_body",
           "read_upload_request"]
