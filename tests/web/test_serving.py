"""`lod serve`'s uvicorn protocol (lod/web/serving.py): httptools with a bound on a request's head, so
one endless header cannot make the server buffer without end; bodies, keep-alive and pipelined
requests go on as before."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from lod.web.serving import MAX_HEAD_BYTES, BoundedHttpTools, uvicorn_options
from tests.conftest import free_port


async def echo(scope, receive, send):
    """Answers with the length of the body it read."""
    if scope["type"] != "http":
        return
    size, more = 0, True
    while more:
        message = await receive()
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    body = str(size).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    number = free_port()
    server = uvicorn.Server(uvicorn.Config(echo, host="127.0.0.1", port=number, log_level="error",
                                           lifespan="off", **uvicorn_options()))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield number
    server.should_exit = True
    thread.join(10)


def exchange(port: int, data: bytes, chunk: int = 1 << 16) -> bytes:
    """Send `data` in pieces (stopping when the server closes), then read until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        try:
            for start in range(0, len(data), chunk):
                sock.sendall(data[start:start + chunk])
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused and closed before everything was sent
        answer = b""
        try:
            while part := sock.recv(1 << 16):
                answer += part
        except ConnectionResetError:
            pass
        return answer


def get(extra: bytes = b"", close: bool = True) -> bytes:
    return (b"GET / HTTP/1.1\r\nHost: x\r\n" + extra + (b"Connection: close\r\n" if close else b"") + b"\r\n")


def test_lod_serve_runs_the_bounded_protocol():
    assert uvicorn_options()["http"] is BoundedHttpTools


def test_an_endless_header_gets_431_and_the_connection_is_closed(port):
    answer = exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (8 * MAX_HEAD_BYTES))
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b"connection: close" in answer.lower() and b"POST" in answer


def test_a_head_within_the_bound_is_answered(port):
    answer = exchange(port, get(b"X-Long: " + b"a" * (MAX_HEAD_BYTES - 1024) + b"\r\n"))
    assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b"\r\n\r\n0")


def test_a_body_larger_than_the_head_bound_is_read(port):
    body = b"q" * (6 * MAX_HEAD_BYTES)
    request = (b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
               + str(len(body)).encode() + b"\r\n\r\n" + body)
    answer = exchange(port, request, chunk=1 << 20)  # the head and a large part of the body at once
    assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(str(len(body)).encode())


def test_pipelined_requests_on_one_connection_are_each_answered(port):
    many = b"".join(get(b"X-Pad: " + b"p" * 20_000 + b"\r\n", close=False) for _ in range(9)) + get()
    answer = exchange(port, many, chunk=len(many))
    assert answer.count(b"HTTP/1.1 200 ") == 10 and b" 431 " not in answer
