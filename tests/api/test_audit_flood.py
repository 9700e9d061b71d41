"""One unauthenticated client cannot fill the audit log: its requests are limited per source (429 with
Retry-After), and its repeated failures (forged signed PUTs, wrong secrets) become counted, aggregated audit
events instead of one per request."""

from __future__ import annotations

import time

from tests._fixtures.audit import detail_of, logged_events
from tests._fixtures.server import IntakeServer, own_server

FORGED = "/v1/put/up_00000000000000000000000000000000?exp=9999999999&sig=forged"


guarded_server = own_server("flood", {
    "PHIGATE_EDGE__ANONYMOUS_REQUESTS_PER_SOURCE": "40/minute",
    "PHIGATE_EDGE__DENIAL_AUDIT_WINDOW_SECONDS": "2"})


def _denied_puts(server: IntakeServer) -> list[dict[str, str]]:
    return [detail_of(e) for e in logged_events(server.data_dir, server.env)
            if detail_of(e).get("op") == "upload.put" and e["outcome"] == "denied"]


def test_forged_puts_are_limited_and_aggregated(guarded_server: IntakeServer) -> None:
    with guarded_server.client() as c:
        codes = [c.put(FORGED, content=b"x").status_code for _ in range(30)]
        assert set(codes) == {403}
        time.sleep(3)  # the aggregation window closes and its count is written
        denied = _denied_puts(guarded_server)
        assert len(denied) == 2, denied
        assert "count" not in denied[0] and denied[1]["count"] == "29" and denied[1]["aggregated"] == "yes"
        more = [c.put(FORGED, content=b"x") for _ in range(20)]
        assert [r.status_code for r in more].count(429) == 10
        limited = next(r for r in more if r.status_code == 429)
        assert int(limited.headers["retry-after"]) >= 1 and limited.json()["error"]["code"] == "rate_limited"
        assert c.get("/healthz").status_code == 200  # probes are never counted
        # a made-up bearer token does not slip past: its 401 counts against the source too
        assert c.get("/v1/uploads/x", headers={"Authorization": "Bearer made-up"}).status_code == 401
        assert c.put(FORGED, content=b"x").status_code == 429
