"""The policy decision point over a real ``phigate serve`` for people: step-up (RFC 9470) on full-text reads, a
challenge naming what a retry needs, and the retry after a fresh sign-in with a second factor succeeding. The
server runs an operator's policy pack (``[policy] directory``) whose step-up asks for a sign-in within 6 seconds,
so the test need not wait 15 minutes, and break-glass windows of 3 seconds. Sensitivity labels need a grant;
break-glass opens them for emergency treatment, alerts, flags every access and expires."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator

import httpx
import pytest
from typer.testing import CliRunner

from phigate.cli import app
from tests._fixtures.audit import use_case_events
from tests._fixtures.people import ORIGIN, RP_ID, add_user, claims, cli, login, new_email, post, short_step_up_pack
from tests._fixtures.pipeline import EXAMPLES, ingest
from tests._fixtures.release import Receiver
from tests._fixtures.server import IntakeServer, start_server, stop_server
from tests._fixtures.webauthn import SoftAuthenticator
from tests.people.test_sign_in_http import enrol_key, key_login

MAX_AGE = 6
BREAK_GLASS_SECONDS = 3


@pytest.fixture(scope="module")
def policy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    root = tmp_path_factory.mktemp("policy")
    pack = short_step_up_pack(root, MAX_AGE, {"phi.cedar": 900})
    server = start_server(root / "data", {"PHIGATE_POLICY__DIRECTORY": str(pack),
                                          "PHIGATE_PIPELINE__WORKERS": "1", "PHIGATE_PIPELINE__POLL_SECONDS": "0.2",
                                          "PHIGATE_POLICY__BREAK_GLASS_SECONDS": str(BREAK_GLASS_SECONDS),
                                          "PHIGATE_RELEASE__WEBHOOK_POLL_SECONDS": "0.2",
                                          "PHIGATE_PEOPLE__WEBAUTHN_RP_ID": RP_ID,
                                          "PHIGATE_PEOPLE__WEBAUTHN_ORIGINS": json.dumps([ORIGIN])})
    try:
        yield server
    finally:
        stop_server(server.proc)


@pytest.fixture(scope="module")
def document(policy_server: IntakeServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    src = tmp_path_factory.mktemp("docs")
    shutil.copy(EXAMPLES / "adt-a01.hl7", src)
    run = ingest(policy_server.data_dir, src, tenant="t1", env=policy_server.env)
    return str(run.rows[0]["id"])


def _full_text(srv: IntakeServer, token: str, doc: str) -> tuple[int, dict[str, str], str]:
    return _text(srv, token, doc, "full")


def test_a_stale_sign_in_is_challenged_and_a_fresh_one_succeeds(policy_server: IntakeServer, document: str) -> None:
    email = new_email("clin")
    add_user(policy_server, email, "clinician")
    key = enrol_key(policy_server, email)
    r, _ = key_login(policy_server, email, key)
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    assert claims(token)["acr"] == "urn:phigate:acr:mfa"
    status, _, body = _full_text(policy_server, token, document)
    assert status == 200 and "Quintero" in body
    time.sleep(MAX_AGE + 1.5)  # the sign-in is now older than the policy's max_age
    status, headers, body = _full_text(policy_server, token, document)
    assert status == 401 and json.loads(body)["error"]["code"] == "insufficient_user_authentication"
    challenge = headers["www-authenticate"]
    assert challenge.startswith('Bearer error="insufficient_user_authentication"')
    assert 'acr_values="urn:phigate:acr:mfa"' in challenge and f'max_age="{MAX_AGE}"' in challenge
    assert "Quintero" not in body
    r, _ = key_login(policy_server, email, key)  # step up: a fresh sign-in with the second factor
    assert r.status_code == 200, r.text
    status, _, body = _full_text(policy_server, r.json()["access_token"], document)
    assert status == 200 and "Quintero" in body
    # the deidentified view is not privileged: the stale token still reads it
    with policy_server.client() as c:
        deid = c.get(f"/v1/documents/{document}/text", params={"view": "deidentified", "purpose": "TREAT"},
                     headers=policy_server.auth(token))
    assert deid.status_code == 200


def test_a_tenant_admin_administers_without_reading_phi(policy_server: IntakeServer, document: str) -> None:
    email = new_email("adm")
    add_user(policy_server, email, "tenant_admin")
    token = login(policy_server, email)["access_token"]  # a role without PHI signs in with a password alone
    for params in ({"view": "full", "purpose": "TREAT"}, {"view": "deidentified", "purpose": "TREAT"}):
        with policy_server.client() as c:
            got = c.get(f"/v1/documents/{document}/text", params=params, headers=policy_server.auth(token))
        assert got.status_code == 403 and "Quintero" not in got.text


def test_a_release_from_quarantine_needs_a_step_up(policy_server: IntakeServer) -> None:
    email = new_email("adm")
    add_user(policy_server, email, "tenant_admin")
    weak = login(policy_server, email)["access_token"]  # a password alone: enough to administer, not to release
    assert claims(weak)["acr"] != "urn:phigate:acr:mfa"
    path = "/v1/quarantine/doc_0123456789abcdef0123456789abcdef/approve-release"
    refused = post(policy_server, path, None, weak)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "insufficient_user_authentication"
    challenge = refused.headers["www-authenticate"]
    assert 'acr_values="urn:phigate:acr:mfa"' in challenge and f'max_age="{MAX_AGE}"' in challenge
    with policy_server.client() as c:  # the list is administration, not a release: the weak sign-in does it
        assert c.get("/v1/quarantine", headers=policy_server.auth(weak)).status_code == 200
    stepped = post(policy_server, path, None, _fresh(policy_server, email, enrol_key(policy_server, email)))
    assert stepped.status_code == 404  # past the step-up: the service answers for the (unknown) document
    denied = [e for e in use_case_events(policy_server.data_dir, policy_server.env)
              if e["action"] == "quarantine.release.approve" and e.get("document") == path.split("/")[3]]
    assert [(e["outcome"], e["reason"], e["decision"], e["policy_id"]) for e in denied] == [
        ("denied", "insufficient_user_authentication", "deny", "stepup.privileged")]  # the refusal is audited


def _labelled_upload(srv: IntakeServer, labels: list[str], data: bytes | None = None,
                     media_type: str = "x-application/hl7-v2+er7") -> str:
    data = (EXAMPLES / "adt-a01.hl7").read_bytes() if data is None else data
    token = srv.token("t1", ("uploads:create", "uploads:read"))
    with srv.client() as c:
        r = c.post("/v1/uploads", headers=srv.auth(token), json={
            "filename": "x.bin", "media_type": media_type, "size": len(data), "labels": labels})
        assert r.status_code == 201, r.text
        ticket = r.json()
        assert c.put(ticket["put_url"], content=data, headers={"Content-Type": media_type}).status_code == 201
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = c.get(f"/v1/uploads/{ticket['upload_id']}", headers=srv.auth(token)).json()
            if status.get("state") == "stored":
                return str(ticket["upload_id"])
            time.sleep(0.2)
    pytest.fail(f"the upload was not stored: {status}")


def test_a_labelled_document_needs_an_explicit_grant(policy_server: IntakeServer) -> None:
    doc = _labelled_upload(policy_server, ["hiv"])
    email = new_email("clin")
    person = add_user(policy_server, email, "clinician")["user_id"]
    key = enrol_key(policy_server, email)
    token = key_login(policy_server, email, key)[0].json()["access_token"]
    service = policy_server.token("t1", ("documents:read", "documents:read_phi"))
    for who in (token, service):
        for view in ("deidentified", "full"):
            status, _, body = _text(policy_server, who, doc, view)
            assert status == 403 and json.loads(body)["error"]["code"] == "label_required", body
    with policy_server.client() as c:  # the record (no content) names its labels
        record = c.get(f"/v1/documents/{doc}", headers=policy_server.auth(service))
    assert record.status_code == 200 and record.json()["labels"] == ["hiv"]
    cli(policy_server, "users", "grant", email, "--label", "hiv")
    assert key_login(policy_server, email, key)[0].status_code == 200  # the grant ended the old sessions
    token = key_login(policy_server, email, key)[0].json()["access_token"]
    assert claims(token)["labels"] == ["hiv"]
    status, _, body = _text(policy_server, token, doc, "full")
    assert status == 200 and "Quintero" in body
    grants = [e for e in use_case_events(policy_server.data_dir, policy_server.env)
              if e["action"] == "user.label.grant"]
    assert grants and grants[-1]["label"] == "hiv" and grants[-1]["outcome"] == "success"
    events = use_case_events(policy_server.data_dir, policy_server.env)
    created = [e for e in events if e["action"] == "upload.create" and e.get("upload") == doc]
    assert created and created[0]["decision"] == "permit" and created[0]["policy_id"] == "scope.uploads.create"
    reads = [e for e in events if e["action"] == "document.text.full" and e.get("document") == doc]
    assert {e["decision"] for e in reads} == {"permit", "deny"}
    mine = [e for e in reads if e["actor"] == person]  # how the person signed in, on each of their reads
    assert mine and all(e.get("acr") == "urn:phigate:acr:mfa" and e.get("amr") == "pwd+hwk" for e in mine)


# synthetic notes: general evidence of a sensitive topic, no real patient
NOTE_HIV = b"Synthetic clinic note. Follow-up visit. Antiretroviral therapy continued; HIV viral load next month.\n"
NOTE_PART2 = (b"Synthetic clinic note. Stable on methadone 60 mg daily for opioid use disorder. History of major "
              b"depressive disorder, seen by psychotherapy.\n")


def _record(srv: IntakeServer, doc: str) -> dict[str, object]:
    service = srv.token("t1", ("documents:read",))
    with srv.client() as c:
        r = c.get(f"/v1/documents/{doc}", headers=srv.auth(service))
    assert r.status_code == 200, r.text
    found: dict[str, object] = r.json()
    return found


def _decide(srv: IntakeServer, token: str, doc: str, label: str, decision: str) -> httpx.Response:
    return post(srv, f"/v1/documents/{doc}/labels", {"label": label, "decision": decision}, token)


def test_labels_proposed_by_the_analysis_restrict_reads_until_a_person_decides(policy_server: IntakeServer) -> None:
    hiv = _labelled_upload(policy_server, [], NOTE_HIV, "text/plain")
    part2 = _labelled_upload(policy_server, [], NOTE_PART2, "text/plain")
    record = _record(policy_server, hiv)
    assert record["labels"] == [] and record["proposed_labels"] == ["hiv"]
    record = _record(policy_server, part2)
    assert record["labels"] == [] and record["proposed_labels"] == ["behavioral_health", "part2"]
    email = new_email("clin")
    add_user(policy_server, email, "clinician")
    key = enrol_key(policy_server, email)
    service = policy_server.token("t1", ("documents:read", "documents:read_phi"))
    for doc in (hiv, part2):  # a proposal restricts like a label: fail closed
        for who, view in ((_fresh(policy_server, email, key), "full"), (service, "deidentified")):
            status, _, body = _text(policy_server, who, doc, view)
            assert status == 403 and json.loads(body)["error"]["code"] == "label_required", body
    # a clinician may not decide; the tenant admin and the privacy officer may
    assert _decide(policy_server, _fresh(policy_server, email, key), hiv, "hiv", "dismiss").status_code == 403
    admin = new_email("adm")
    add_user(policy_server, admin, "tenant_admin")
    admin_token = login(policy_server, admin)["access_token"]
    dismissed = _decide(policy_server, admin_token, hiv, "hiv", "dismiss")
    assert dismissed.status_code == 200 and dismissed.json() == {"id": hiv, "labels": [], "proposed_labels": []}
    assert _decide(policy_server, admin_token, hiv, "hiv", "confirm").status_code == 409  # decided already
    status, _, body = _text(policy_server, _fresh(policy_server, email, key), hiv, "full")
    assert status == 200  # the proposal was wrong: the document reads as any other
    officer = new_email("po")
    add_user(policy_server, officer, "privacy_officer")
    po_token = _fresh(policy_server, officer, enrol_key(policy_server, officer))
    kept = _decide(policy_server, po_token, part2, "behavioral_health", "dismiss")
    assert kept.status_code == 200 and kept.json()["proposed_labels"] == ["part2"]
    res = CliRunner().invoke(app, ["labels", "confirm", part2, "part2", "--json", "--data-dir",
                                   str(policy_server.data_dir)], env=policy_server.env)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == {"id": part2, "labels": ["part2"], "proposed_labels": []}
    record = _record(policy_server, part2)
    assert record["labels"] == ["part2"] and record["proposed_labels"] == []
    status, _, body = _text(policy_server, _fresh(policy_server, email, key), part2, "full")
    assert status == 403 and json.loads(body)["error"]["code"] == "label_required"
    events = [e for e in use_case_events(policy_server.data_dir, policy_server.env)
              if e["action"].startswith("document.label.")]
    assert [(e["action"], e["document"], e["label"], e["outcome"]) for e in events] == [
        ("document.label.dismiss", hiv, "hiv", "success"),
        ("document.label.dismiss", part2, "behavioral_health", "success"),
        ("document.label.confirm", part2, "part2", "success")]


def test_an_unknown_label_is_refused(policy_server: IntakeServer) -> None:
    token = policy_server.token("t1", ("uploads:create", "uploads:read"))
    with policy_server.client() as c:
        r = c.post("/v1/uploads", headers=policy_server.auth(token), json={
            "filename": "x.txt", "media_type": "text/plain", "size": 3, "labels": ["gossip"]})
    assert r.status_code == 422


def _text(srv: IntakeServer, token: str, doc: str, view: str) -> tuple[int, dict[str, str], str]:
    with srv.client() as c:
        r = c.get(f"/v1/documents/{doc}/text", params={"view": view, "purpose": "TREAT"}, headers=srv.auth(token))
    return r.status_code, dict(r.headers), r.text


def _fresh(srv: IntakeServer, email: str, key: SoftAuthenticator) -> str:
    r, _ = key_login(srv, email, key)
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def _read(srv: IntakeServer, token: str, doc: str, purpose: str) -> tuple[int, str]:
    with srv.client() as c:
        r = c.get(f"/v1/documents/{doc}/text", params={"view": "full", "purpose": purpose}, headers=srv.auth(token))
    return r.status_code, r.text


def test_break_glass_opens_a_label_for_emergency_treatment_alerts_flags_and_expires(
        policy_server: IntakeServer) -> None:
    doc = _labelled_upload(policy_server, ["part2"])
    email = new_email("clin")
    add_user(policy_server, email, "clinician")
    key = enrol_key(policy_server, email)
    token = _fresh(policy_server, email, key)
    assert _read(policy_server, token, doc, "ETREAT")[0] == 403
    short = post(policy_server, "/v1/break-glass", {"justification": "urgent"}, token)
    assert short.status_code == 400
    why = "unconscious patient in the emergency department, history needed now"
    opened = post(policy_server, "/v1/break-glass", {"justification": why}, token)
    assert opened.status_code == 201, opened.text
    window = opened.json()
    assert window["active"] and window["expires_at"] - window["opened_at"] == BREAK_GLASS_SECONDS
    assert "justification" not in window or window["justification"] is None
    status, body = _read(policy_server, token, doc, "ETREAT")
    assert status == 200 and "Quintero" in body
    status, body = _read(policy_server, token, doc, "TREAT")  # break-glass is for emergency treatment only
    assert status == 403 and json.loads(body)["error"]["code"] == "label_required"
    events = use_case_events(policy_server.data_dir, policy_server.env)
    alert = [e for e in events if e["action"] == "break_glass.open" and e.get("break_glass") == window["id"]]
    assert alert and alert[0]["outcome"] == "alert" and why not in json.dumps(events)
    assert alert[0]["webhook"] == "none"  # t1 has no webhook: the audit event and the log line alert
    flagged = [e for e in events if e["action"] == "document.text.full" and e.get("document") == doc
               and e["outcome"] == "success"]
    assert flagged and all(e.get("break_glass") == window["id"] for e in flagged)
    assert f"ALERT: break-glass {window['id']} opened" in policy_server.log.read_text()
    time.sleep(BREAK_GLASS_SECONDS + 0.5)  # the window closes by itself
    token = _fresh(policy_server, email, key)
    status, body = _read(policy_server, token, doc, "ETREAT")
    assert status == 403 and json.loads(body)["error"]["code"] == "label_required"
    # the privacy officer's review list (HTTP and CLI) shows the window and its justification; nobody else's does
    assert get(policy_server, "/v1/break-glass", token).status_code == 403
    officer = new_email("po")
    add_user(policy_server, officer, "privacy_officer")
    listed = get(policy_server, "/v1/break-glass", _fresh(policy_server, officer, enrol_key(policy_server, officer)))
    assert listed.status_code == 200
    mine = [w for w in listed.json() if w["id"] == window["id"]]
    assert mine and mine[0]["justification"] == why and not mine[0]["active"]
    res = CliRunner().invoke(app, ["break-glass", "list", "--json", "--data-dir", str(policy_server.data_dir)],
                             env=policy_server.env)
    assert res.exit_code == 0 and any(json.loads(line)["id"] == window["id"] for line in res.stdout.splitlines())


def test_break_glass_alerts_the_tenants_webhook(policy_server: IntakeServer, receiver: Receiver) -> None:
    from phigate.pipeline.webhooks import SIGNATURE_HEADER, verify_signature

    secret = "synthetic-webhook-secret-for-alerts"
    email = new_email("clin")
    add_user(policy_server, email, "clinician", tenant="t3")
    cli(policy_server, "webhooks", "set", "--tenant", "t3", "--url", receiver.url, "--secret", secret)
    token = _fresh(policy_server, email, enrol_key(policy_server, email))
    why = "cardiac arrest in the waiting room, medication history needed now"
    opened = post(policy_server, "/v1/break-glass", {"justification": why}, token)
    assert opened.status_code == 201, opened.text
    window = opened.json()
    deadline = time.monotonic() + 30
    while not receiver.delivered() and time.monotonic() < deadline:
        time.sleep(0.1)
    bodies = [json.loads(b) for b in receiver.delivered()]
    assert bodies == [{"event": "break_glass.open", "tenant": "t3", "break_glass": window["id"],
                       "user_id": window["user_id"], "opened_at": window["opened_at"],
                       "expires_at": window["expires_at"]}]
    body, headers, _ = receiver.received[0]
    assert verify_signature(secret, body, headers[SIGNATURE_HEADER]) and why.encode() not in body
    events = use_case_events(policy_server.data_dir, policy_server.env)
    alert = [e for e in events if e["action"] == "break_glass.open" and e.get("break_glass") == window["id"]]
    assert alert and alert[0]["outcome"] == "alert" and alert[0]["webhook"] == "queued"


def test_a_service_cannot_break_the_glass(policy_server: IntakeServer) -> None:
    token = policy_server.token("t1", ("documents:read", "documents:read_phi"))
    r = post(policy_server, "/v1/break-glass", {"justification": "a service has no emergencies of its own"}, token)
    assert r.status_code == 403


def get(srv: IntakeServer, path: str, token: str) -> httpx.Response:
    with srv.client() as c:
        return c.get(path, headers=srv.auth(token))
