"""Every numeric parameter of the API is bounded: out-of-range, huge or malformed values are a 4xx, never a 5xx;
schema-valid values (a JSON number such as ``966.0`` for an integer field) are accepted."""

from __future__ import annotations

from typing import Any

import pytest

from tests._fixtures import samples
from tests._fixtures.server import IntakeServer

HUGE = [str(2**63), str(2**64 + 5), "9" * 40, str(-(2**63) - 1)]
TUS = {"Tus-Resumable": "1.0.0"}


def _status(server: IntakeServer, method: str, path: str, **kw: Any) -> int:
    with server.client() as c:
        return c.request(method, path, **kw).status_code


@pytest.mark.parametrize("value", HUGE)
def test_huge_audit_numbers_are_refused(intake_server: IntakeServer, value: str) -> None:
    auth = intake_server.auth(intake_server.token("t1", ("audit:read",)))
    for path, params in (("/v1/audit/events", {"after": value}), ("/v1/audit/events", {"limit": value}),
                         ("/v1/audit/checkpoints", {"limit": value}), (f"/v1/audit/proof/{value}", {}),
                         ("/v1/audit/proof/0", {"tree_size": value})):
        code = _status(intake_server, "GET", path, params=params, headers=auth)
        assert 400 <= code < 500, (path, params, code)


def test_timestamps_must_be_rfc3339(intake_server: IntakeServer) -> None:
    auth = intake_server.auth(intake_server.token("t1", ("audit:read",)))
    for bad in ("0.5", "1700000000", "-1", "1e10", "2026-01-01"):
        for name in ("since", "until"):
            code = _status(intake_server, "GET", "/v1/audit/events", params={name: bad}, headers=auth)
            assert code in (400, 422), (name, bad, code)
    ok = _status(intake_server, "GET", "/v1/audit/events", params={"since": "2026-01-02T03:04:05Z"}, headers=auth)
    assert ok == 200


def test_upload_size_is_a_json_integer(intake_server: IntakeServer) -> None:
    auth = intake_server.auth(intake_server.token("t1"))
    body = {"filename": "a.pdf", "media_type": "application/pdf"}
    assert _status(intake_server, "POST", "/v1/uploads", json={**body, "size": 966.0}, headers=auth) == 201
    for bad in (966.5, "966", True, 2**64, -(2**63), 1e300, 0):
        code = _status(intake_server, "POST", "/v1/uploads", json={**body, "size": bad}, headers=auth)
        assert code in (400, 413, 422), (bad, code)


def test_tus_numeric_headers(intake_server: IntakeServer) -> None:
    auth = {**intake_server.auth(intake_server.token("t1")), **TUS}
    meta = "filetype YXBwbGljYXRpb24vcGRm"
    for bad in (*HUGE, "-5", "1.5", "0x10", "", "1_000"):
        code = _status(intake_server, "POST", "/v1/tus/", headers={**auth, "Upload-Length": bad,
                                                                   "Upload-Metadata": meta})
        assert 400 <= code < 500, (bad, code)
    data = samples.pdf()
    with intake_server.client() as c:
        r = c.post("/v1/tus/", headers={**auth, "Upload-Length": str(len(data)), "Upload-Metadata": meta})
        assert r.status_code == 201, r.text
        url = r.headers["location"]
        for bad in (*HUGE, "-1", "1.0", "abc"):
            r = c.patch(url, content=b"%PDF", headers={**auth, "Upload-Offset": bad,
                                                        "Content-Type": "application/offset+octet-stream"})
            assert 400 <= r.status_code < 500, (bad, r.status_code)


def test_signed_put_numbers(intake_server: IntakeServer) -> None:
    data = samples.pdf()
    with intake_server.client() as c:
        r = c.post("/v1/uploads", json={"filename": "a.pdf", "media_type": "application/pdf", "size": len(data)},
                   headers=intake_server.auth(intake_server.token("t1")))
        url = r.json()["put_url"].split("?")[0]
        for exp in (*HUGE, "-1", "1e5", "١٢٣"):
            r = c.put(url, params={"exp": exp, "sig": "x"}, content=data)
            assert 400 <= r.status_code < 500, (exp, r.status_code)


def test_openapi_describes_what_is_accepted(intake_server: IntakeServer) -> None:
    with intake_server.client() as c:
        spec = c.get("/openapi.json").json()
        options = spec["paths"]["/v1/tus/{upload_id}"]["options"]
        assert [p["name"] for p in options["parameters"]] == ["upload_id"]
        params = {p["name"]: p for p in spec["paths"]["/v1/documents/{document_id}"]["get"]["parameters"]}
        purposes = params["X-Purpose-Of-Use"]["schema"]["enum"]
        assert "treatment" in purposes and "curiosity" not in purposes
        assert c.options("/v1/tus/up_anything").status_code == 204
        token = intake_server.token("t1", ("documents:read",))
        r = c.get("/v1/documents/doc_x", headers={**intake_server.auth(token), "X-Purpose-Of-Use": "research"})
        assert r.status_code == 404  # a listed purpose passes validation; the document does not exist
