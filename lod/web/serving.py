"""How `lod serve` runs the app: uvicorn with httptools (C parser) and uvloop, its request head bounded.

httptools is about a third cheaper per request than h11 (bench/README.md, issue 17), but neither it
nor uvicorn bounds a request's head: a client that sends one endless header line makes the server
buffer all of it (200 MB measured in one connection). h11, uvicorn's pure-Python parser, refuses
more than 16 KiB. BoundedHttpTools restores a bound: more than MAX_HEAD_BYTES received before
the end of a request's headers gets `431 Request Header Fields Too Large` and the connection is
closed. The body keeps its own bounds (max_body_bytes, max_upload_bytes).
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 64 * 1024  # request line and headers; a longer SPARQL query goes in a POST body
TOO_LARGE = ("Verzoek te groot: de regel en de headers samen zijn langer dan 64 KiB; stuur een lange "
             "query als POST (request head too large: send a long query as POST).")


class BoundedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol with a bound on the bytes of a request's head."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0  # received since the current request began, before its headers ended
        self._in_head = True
        self._ended = False  # a request ended within the data being fed

    def data_received(self, data: bytes) -> None:
        self._ended = False
        super().data_received(data)
        if not self._in_head or self.transport.is_closing():
            return
        # Still in a head after all of `data`. When a request also ended in `data`, the part of it
        # that begins the next head is not known: counted from the next data on (one read more).
        self._head_bytes += 0 if self._ended else len(data)
        if self._head_bytes > MAX_HEAD_BYTES:
            self.logger.warning("Request head larger than %d bytes: 431", MAX_HEAD_BYTES)
            self._refuse()

    def on_headers_complete(self) -> None:
        self._in_head, self._head_bytes = False, 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head, self._head_bytes, self._ended = True, 0, True

    def _refuse(self) -> None:
        body = TOO_LARGE.encode("utf-8")
        head = [b"HTTP/1.1 431 Request Header Fields Too Large\r\n"]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [b"content-type: text/plain; charset=utf-8\r\n",
                 b"content-length: " + str(len(body)).encode("ascii") + b"\r\n", b"connection: close\r\n\r\n"]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


def uvicorn_options() -> dict[str, Any]:
    """What `lod serve` (and the tests' server) give uvicorn besides the app, host and port."""
    return {"http": BoundedHttpTools}


__all__ = ["MAX_HEAD_BYTES", "BoundedHttpTools", "uvicorn_options"]
