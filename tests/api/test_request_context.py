"""Every audit event a request causes carries the caller's address, the request id (the caller's ``X-Request-ID``
or a generated one, returned in the response) and the actor's kind from the authenticated principal."""

from __future__ import annotations

import re

import pytest

from phigate.api._context import RequestContextMiddleware
from tests._fixtures.audit import logged_events
from tests._fixtures.server import IntakeServer


def _events_of(server: IntakeServer, request_id: str) -> list[dict[str, object]]:
    return [e for e in logged_events(server.data_dir, server.env) if e.get("request_id") == request_id]


def test_events_carry_source_address_request_id_and_actor_kind(intake_server: IntakeServer) -> None:
    token = intake_server.token("t1", ("uploads:create",))
    with intake_server.client() as c:
        r = c.post("/v1/uploads", headers={**intake_server.auth(token), "X-Request-ID": "req-7f3a.1"},
                   json={"filename": "note.txt", "media_type": "text/plain", "size": 10})
    assert r.status_code == 201, r.text
    assert r.headers["x-request-id"] == "req-7f3a.1"
    [event] = _events_of(intake_server, "req-7f3a.1")
    assert event["source_addr"] == "127.0.0.1"
    assert event["actor_kind"] == "service" and event["tenant"] == "t1"


@pytest.mark.parametrize("given", ["x" * 65, "bad id with spaces", "<script>", ""])
def test_an_unusable_request_id_is_replaced_by_a_generated_one(intake_server: IntakeServer, given: str) -> None:
    token = intake_server.token("t1", ("uploads:create",))
    with intake_server.client() as c:
        r = c.post("/v1/uploads", headers={**intake_server.auth(token), "X-Request-ID": given},
                   json={"filename": "note.txt", "media_type": "text/plain", "size": 10})
    assert r.status_code == 201, r.text
    generated = r.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    [event] = _events_of(intake_server, generated)
    assert event["source_addr"] == "127.0.0.1" and event["outcome"] == "success"


@pytest.mark.parametrize(("trusted", "peer", "forwarded", "source"), [
    ((), "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no trusted proxy: the header is ignored
    (("10.0.0.0/8",), "10.0.0.5", "198.51.100.1", "198.51.100.1"),
    (("10.0.0.0/8",), "10.0.0.5", "6.6.6.6, 198.51.100.1, 10.0.0.4", "198.51.100.1"),  # a forged left part
    (("10.0.0.0/8",), "10.0.0.5", "not-an-address, 10.0.0.4", "10.0.0.4"),
    (("10.0.0.0/8",), "10.0.0.5", "", "10.0.0.5"),
    (("10.0.0.0/8",), "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # an untrusted peer's header
    (("::1/128",), "::1", "2001:db8::7", "2001:db8::7"),
])
def test_forwarded_for_is_believed_only_from_trusted_proxies(trusted: tuple[str, ...], peer: str, forwarded: str,
                                                             source: str) -> None:
    middleware = RequestContextMiddleware(lambda *a: None, trusted_proxies=trusted)  # type: ignore[arg-type,return-value]
    assert middleware.source(peer, forwarded) == source
