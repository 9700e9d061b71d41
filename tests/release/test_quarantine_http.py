"""The ``/v1/quarantine`` routes and the webhook worker of a real ``phigate serve`` (TLS 1.3), on SQLite and
PostgreSQL. ``serve`` has no scan stage of its own yet, so a scanner verdict is recorded through the
repository, as the scan stage would; the re-scan then runs the server's real gate."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest
from typer.testing import CliRunner

from phigate.backends import db
from phigate.backends.db.records import SqlIntakeRecords
from phigate.cli import app
from phigate.models import DocumentState, Reason
from phigate.pipeline.results import decode_all, encode
from phigate.pipeline.webhooks import SIGNATURE_HEADER, verify_signature
from phigate.ports import IntakeRecords
from tests._fixtures import hostile
from tests._fixtures.audit import use_case_events
from tests._fixtures.release import Receiver
from tests._fixtures.server import IntakeServer
from tests._fixtures.tenants import register

ADMIN = ("quarantine:admin",)
SECRET = "synthetic-webhook-secret-http"


@pytest.fixture
def records(intake_server: IntakeServer) -> Iterator[IntakeRecords]:
    url = intake_server.env.get("PHIGATE_DATABASE__URL") or db.sqlite_url(intake_server.data_dir / "phigate.db")
    engine = db.make_engine(url)
    yield SqlIntakeRecords(engine, encode=encode, decode=decode_all)
    engine.dispose()


def _upload(server: IntakeServer, data: bytes, media_type: str, tenant: str = "t1") -> str:
    token = server.token(tenant)
    with server.client() as c:
        r = c.post("/v1/uploads", json={"filename": "Jane_Synthetic.pdf", "media_type": media_type,
                                        "size": len(data), "patient_ref": "MRN-SYN-9"}, headers=server.auth(token))
        assert r.status_code == 201, r.text
        ticket = r.json()
        put = c.put(ticket["put_url"], content=data)
        assert put.status_code == 201 and put.json()["state"] == "scanning", put.text
    return str(ticket["upload_id"])


def _verdict(records: IntakeRecords, doc_id: str, state: DocumentState) -> None:
    assert records.transition(doc_id, DocumentState.SCANNING, state, "scan", verdict=state.value,
                              reasons=(Reason("synthetic_verdict"),))


def _call(server: IntakeServer, method: str, path: str, token: str, headers: dict[str, str] | None = None,
          **kw: object) -> httpx.Response:
    with server.client() as c:
        return c.request(method, path, headers={**server.auth(token), **(headers or {})}, **kw)  # type: ignore[arg-type]


def test_operators_rescan_and_release_over_http(intake_server: IntakeServer, records: IntakeRecords,
                                                receiver: Receiver) -> None:
    s = intake_server
    assert register(s.data_dir, "t1", s.env)  # when it runs alone, no earlier test has registered it
    result = CliRunner().invoke(app, ["webhooks", "set", "--tenant", "t1", "--url", receiver.url, "--secret", SECRET,
                                      "--data-dir", str(s.data_dir)], env=s.env)
    assert result.exit_code == 0, result.output
    alice, bob = s.token("t1", ADMIN, "alice"), s.token("t1", ADMIN, "bob")
    other_tenant, uploader = s.token("t2", ADMIN, "carol"), s.token("t1")
    held = _upload(s, hostile.encrypted_pdf(), "application/pdf")
    infected = _upload(s, hostile.eicar(), "text/plain")
    _verdict(records, held, DocumentState.UNSCANNABLE)
    _verdict(records, infected, DocumentState.INFECTED)

    listed = _call(s, "GET", "/v1/quarantine", alice)
    assert listed.status_code == 200, listed.text
    mine = {e["document_id"]: e for e in listed.json() if e["document_id"] in {held, infected}}
    assert mine[held]["state"] == "unscannable" and mine[infected]["state"] == "infected"
    assert mine[infected]["purge_after"] is not None
    own = json.dumps(mine)  # the shared test database may hold other tests' documents of tenant t1
    assert "Jane" not in own and "MRN" not in own and "EICAR" not in own, own
    assert set(mine[held]) == {"document_id", "state", "verdict", "reasons", "reason_codes", "media_type", "size",
                               "sha256", "purge_after", "release_status", "release_reason", "requested_by",
                               "approved_by"}
    assert _call(s, "GET", "/v1/quarantine", uploader).status_code == 403
    assert _call(s, "GET", "/v1/quarantine", "not-a-token").status_code == 401
    assert held not in _call(s, "GET", "/v1/quarantine", other_tenant).text
    assert _call(s, "GET", "/v1/quarantine?state=clean", alice).status_code == 400
    assert _call(s, "POST", f"/v1/quarantine/{held}/rescan", other_tenant).status_code == 404
    assert _call(s, "POST", f"/v1/quarantine/{infected}/rescan", alice).status_code == 409

    # a re-scan runs the server's real gate: an encrypted PDF stays unscannable (never clean)
    rescanned = _call(s, "POST", f"/v1/quarantine/{held}/rescan", alice)
    assert rescanned.status_code == 200, rescanned.text
    assert rescanned.json()["state"] == "unscannable" and "encrypted" in " ".join(rescanned.json()["reasons"])

    path = f"/v1/quarantine/{held}/release-request"
    for bad in ({"reason_code": "other"}, {"reason_code": "other", "justification": "x", "extra": 1},
                {"reason_code": "other", "justification": "x" * 5000}, {"reason_code": 5, "justification": "x"}):
        assert _call(s, "POST", path, alice, json=bad).status_code == 422
    assert _call(s, "POST", path, alice, content=b"{not json", headers={"content-type": "application/json"}
                 ).status_code == 400  # malformed JSON
    assert _call(s, "POST", path, alice, json={"reason_code": "nope", "justification": "x"}).status_code == 400
    req = _call(s, "POST", path, alice, json={"reason_code": "clinically_required",
                                              "justification": "Synthetic: needed for Jane's consult"})
    assert req.status_code == 201, req.text
    assert req.json()["status"] == "pending" and "Jane" not in req.text
    approve = f"/v1/quarantine/{held}/approve-release"
    assert _call(s, "POST", approve, alice).status_code == 403  # the requester cannot approve
    assert _call(s, "POST", approve, other_tenant).status_code == 404
    done = _call(s, "POST", approve, bob)
    assert done.status_code == 200, done.text
    assert done.json()["verdict"] == "released"
    assert done.json()["state"] in {"clean", "needs_review", "stored"}  # released, then on through the pipeline
    assert _call(s, "POST", approve, bob).status_code == 409
    assert _call(s, "POST", "/v1/quarantine/purge", alice).json() == {"purged": []}  # forensic period not over

    # the server's worker delivered the terminal states, signed, without PHI
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        states = [(json.loads(b)["document_id"], json.loads(b)["state"]) for b in receiver.delivered()]
        if {(held, "unscannable"), (infected, "infected")} <= set(states) and states.count((held, "unscannable")) == 2:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"webhooks not delivered: {receiver.received}")
    for body, headers, _ in receiver.received:
        assert verify_signature(SECRET, body, headers[SIGNATURE_HEADER])
        assert b"Jane" not in body and b"MRN" not in body
    events = use_case_events(s.data_dir, s.env)
    actions = {(e["action"], e.get("document"), e["outcome"]) for e in events}
    assert ("quarantine.release.request", held, "success") in actions
    assert ("quarantine.release.approve", held, "denied") in actions
    assert ("quarantine.release.approve", held, "success") in actions
    result = CliRunner().invoke(app, ["webhooks", "remove", "--tenant", "t1", "--data-dir", str(s.data_dir)],
                                env=s.env)
    assert result.exit_code == 0
