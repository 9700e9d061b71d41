"""Slow and hoarding clients are cut off by ``phigate serve`` itself: headers that trickle or never come, a
small body that stalls, and connections beyond the cap."""

from __future__ import annotations

import contextlib
import ssl
import time

import httpx

from tests._fixtures.server import IntakeServer, own_server

slow_server = own_server("slow", {"PHIGATE_EDGE__HEADER_TIMEOUT_SECONDS": "1",
                                  "PHIGATE_EDGE__BODY_TIMEOUT_SECONDS": "1",
                                  "PHIGATE_EDGE__MAX_CONNECTIONS": "6"})


def _closed_within(s: ssl.SSLSocket, seconds: float) -> bytes:
    """What the server sent before closing the connection; fails if it is still open after ``seconds``."""
    s.settimeout(seconds)
    got = b""
    started = time.monotonic()
    with contextlib.suppress(ssl.SSLError, ConnectionError):
        while chunk := s.recv(4096):
            got += chunk
    assert time.monotonic() - started < seconds, "the server kept the connection open"
    return got


def test_trickling_or_missing_headers_are_cut_off(slow_server: IntakeServer) -> None:
    with slow_server.raw() as silent, slow_server.raw() as trickle:
        trickle.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.5)
        trickle.sendall(b"X-Slow: 1\r\n")
        assert _closed_within(silent, 5) == b""
        assert _closed_within(trickle, 5) == b""


def test_headers_after_a_kept_alive_response_are_timed_too(slow_server: IntakeServer) -> None:
    with slow_server.raw() as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(0.2)
        s.sendall(b"GET /healthz HTTP/1.1\r\n")
        assert b" 200 " in _closed_within(s, 5)


def test_a_stalled_small_body_gets_408(slow_server: IntakeServer) -> None:
    with slow_server.raw() as s:
        s.sendall(b"POST /v1/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 100\r\n\r\n{\"filename\"")
        assert b" 408 " in _closed_within(s, 5).split(b"\r\n", 1)[0]


def test_connections_beyond_the_cap_are_closed(slow_server: IntakeServer) -> None:
    with contextlib.ExitStack() as stack:
        held = [stack.enter_context(slow_server.raw()) for _ in range(6)]
        assert len(held) == 6
        with slow_server.client() as c:
            try:
                refused = c.get("/healthz").status_code
            except httpx.HTTPError:
                refused = 0
        assert refused in (0, 503)
    time.sleep(1.5)  # the held connections were closed by the header timeout or by us
    with slow_server.client() as c:
        assert c.get("/healthz").status_code == 200
