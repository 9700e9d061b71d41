"""The signed PUT path, end to end against a real TLS server (curl and httpx), on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
import urllib.parse

import httpx
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from phigate.backends.db import make_engine
from phigate.cli import app
from phigate.identity import Capability, CapabilitySigner, ServerSecret
from tests._fixtures import samples
from tests._fixtures.audit import detail_of, logged_events, settings_of, unwritable_log
from tests._fixtures.server import READ_TIMEOUT, IntakeServer


def create(server: IntakeServer, token: str, data: bytes, media_type: str = "application/pdf",
           **extra: object) -> dict[str, str]:
    body = {"filename": "note.pdf", "media_type": media_type, "size": len(data), **extra}
    with server.client() as c:
        r = c.post("/v1/uploads", json=body, headers=server.auth(token))
    assert r.status_code == 201, r.text
    return dict(r.json())


def put(server: IntakeServer, url: str, data: bytes, **kw: object) -> httpx.Response:
    with server.client() as c:
        return c.put(url, content=data, **kw)  # type: ignore[arg-type]


def status(server: IntakeServer, token: str, upload_id: str) -> httpx.Response:
    with server.client() as c:
        return c.get(f"/v1/uploads/{upload_id}", headers=server.auth(token))


def test_curl_upload_reaches_quarantine_then_scanner_entry(intake_server: IntakeServer, tmp_path) -> None:
    token = intake_server.token()
    data = samples.pdf(2000)
    ticket = create(intake_server, token, data, sha256=samples.sha256(data), patient_ref="MRN-SYNTH-001")
    assert set(ticket) == {"upload_id", "put_url", "tus_url", "expires_at"}
    f = tmp_path / "doc.pdf"
    f.write_bytes(data)
    out = subprocess.run(["curl", "-sS", "--fail-with-body", "--cacert", str(intake_server.cert), "-T", str(f),
                          ticket["put_url"]], capture_output=True, check=True)
    body = json.loads(out.stdout)
    assert body["status"] == "complete" and body["state"] == "scanning"
    got = status(intake_server, token, ticket["upload_id"]).json()
    assert got["state"] == "scanning" and got["received"] == len(data)
    # quarantined on the way: the audit log shows every transition, and the patient's accounting finds them
    events = logged_events(intake_server.data_dir, intake_server.env)
    mine = [(d["source"], d["target"]) for e in events if e["resource_id"] == ticket["upload_id"]
            and (d := detail_of(e))["op"] == "document.transition"]
    assert mine == [("received", "quarantined"), ("quarantined", "scanning")]
    assert "MRN-SYNTH-001" not in json.dumps(events)
    result = CliRunner().invoke(app, ["audit", "patient", "MRN-SYNTH-001", "--tenant", "t1", "--json",
                                      "--data-dir", str(intake_server.data_dir)], env=intake_server.env)
    assert result.exit_code == 0, result.output
    ops = [detail_of(json.loads(line))["op"] for line in result.output.splitlines()]
    assert ops[:2] == ["upload.create", "upload.put"] and ops.count("document.transition") == 2
    assert "upload.complete" in ops


def test_put_url_works_once(intake_server: IntakeServer) -> None:
    data = samples.pdf()
    ticket = create(intake_server, intake_server.token(), data)
    assert put(intake_server, ticket["put_url"], data).status_code == 201
    again = put(intake_server, ticket["put_url"], data)
    assert again.status_code == 410
    assert again.json()["error"]["code"] == "gone"


def _with_query(url: str, **changes: str) -> str:
    parts = urllib.parse.urlsplit(url)
    q = dict(urllib.parse.parse_qsl(parts.query))
    q.update(changes)
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(q)))


def test_altered_or_cross_object_signature_is_refused(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    data = samples.pdf()
    a, b = create(intake_server, token, data), create(intake_server, token, data)
    exp = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(a["put_url"]).query))["exp"]
    assert put(intake_server, _with_query(a["put_url"], exp=str(int(exp) + 600)), data).status_code == 403
    assert put(intake_server, _with_query(a["put_url"], sig="A" * 43), data).status_code == 403
    assert put(intake_server, _with_query(a["put_url"], sig=""), data).status_code == 403
    sig_a = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(a["put_url"]).query))["sig"]
    assert put(intake_server, _with_query(b["put_url"], sig=sig_a), data).status_code == 403
    # a bigger body than the capability allows cannot be smuggled by changing the session either
    assert put(intake_server, a["put_url"], data + b"x").status_code == 413
    denied = [e for e in logged_events(intake_server.data_dir, intake_server.env) if e["outcome"] == "denied"]
    assert {detail_of(e)["op"] for e in denied} >= {"upload.put"}


def test_expired_signature_is_gone(intake_server: IntakeServer) -> None:
    data = samples.pdf()
    ticket = create(intake_server, intake_server.token(), data)
    upload_id = ticket["upload_id"]
    secret = ServerSecret.load_or_create(intake_server.data_dir / "keys" / "server.key")
    past = int(time.time()) - 5
    cap = Capability(upload_id, "t1", "PUT", len(data), ("application/pdf",), past)
    sig = CapabilitySigner(secret.derive("upload-capability")).sign(cap)
    r = put(intake_server, f"/v1/put/{upload_id}?exp={past}&sig={sig}", data)
    assert r.status_code == 410


@pytest.mark.parametrize(("declared", "data", "code"), [
    ("application/pdf", samples.png(), 415),                # a PNG declared as PDF
    ("image/png", samples.pdf(), 415),
    ("text/plain", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, 415),
    ("x-application/hl7-v2+er7", samples.text(), 415),      # text, but not HL7 v2
    ("application/fhir+json", b'{"not": "fhir"}', 415),
])
def test_byte_zero_type_mismatch(intake_server: IntakeServer, declared: str, data: bytes, code: int) -> None:
    ticket = create(intake_server, intake_server.token(), data, media_type=declared)
    r = put(intake_server, ticket["put_url"], data)
    assert r.status_code == code, r.text
    assert r.json()["error"]["code"] == "unsupported_media_type"
    assert status(intake_server, intake_server.token(), ticket["upload_id"]).json()["state"] is None


@pytest.mark.parametrize(("declared", "maker"), [
    ("application/pdf", samples.pdf), ("image/png", samples.png), ("image/jpeg", samples.jpeg),
    ("image/tiff", samples.tiff), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                   samples.docx),
    ("text/plain; charset=utf-8", samples.text), ("x-application/hl7-v2+er7", samples.hl7),
    ("application/fhir+json", samples.fhir), ("application/dicom", samples.dicom),
    # aliases (what `phigate ingest` and HL7 tooling call HL7 v2) are accepted and stored under the canonical type
    ("application/hl7-v2", samples.hl7), ("Application/X-HL7", samples.hl7),
])
def test_every_allowed_type_is_accepted(intake_server: IntakeServer, declared: str, maker) -> None:  # type: ignore[no-untyped-def]
    data = maker()
    ticket = create(intake_server, intake_server.token(), data, media_type=declared)
    r = put(intake_server, ticket["put_url"], data)
    assert r.status_code == 201, r.text
    assert r.json()["state"] == "scanning"


def test_unknown_or_missing_media_type(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    with intake_server.client() as c:
        r = c.post("/v1/uploads", json={"filename": "a", "media_type": "application/x-msdownload", "size": 5},
                   headers=intake_server.auth(token))
        assert r.status_code == 415
        r = c.post("/v1/uploads", json={"filename": "a", "size": 5}, headers=intake_server.auth(token))
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_size_cap_enforced_as_bytes_arrive(intake_server: IntakeServer) -> None:
    data = samples.pdf(1000)
    ticket = create(intake_server, intake_server.token(), data)
    # declared Content-Length over the cap: refused before any byte is read
    r = put(intake_server, ticket["put_url"], data + b"0" * 10_000_000)
    assert r.status_code == 413
    # a chunked body with no length that runs past the cap: refused as soon as it does
    ticket = create(intake_server, intake_server.token(), data)

    def chunks():  # type: ignore[no-untyped-def]
        yield data
        for _ in range(1000):
            yield b"0" * 65536

    r = put(intake_server, ticket["put_url"], chunks())
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"


def test_chunked_body_without_length_within_cap(intake_server: IntakeServer) -> None:
    data = samples.pdf(200_000)
    ticket = create(intake_server, intake_server.token(), data)
    r = put(intake_server, ticket["put_url"], iter([data[:70_000], data[70_000:]]))
    assert r.status_code == 201, r.text


def test_short_and_zero_byte_bodies(intake_server: IntakeServer) -> None:
    data = samples.pdf(1000)
    ticket = create(intake_server, intake_server.token(), data)
    r = put(intake_server, ticket["put_url"], data[:-10])
    assert r.status_code == 400
    ticket = create(intake_server, intake_server.token(), data)
    assert put(intake_server, ticket["put_url"], b"").status_code in {400, 415}
    with intake_server.client() as c:
        r = c.post("/v1/uploads", json={"filename": "a", "media_type": "application/pdf", "size": 0},
                   headers=intake_server.auth(intake_server.token()))
    assert r.status_code == 422


def test_sha256_mismatch_rejected(intake_server: IntakeServer) -> None:
    data = samples.pdf(1000)
    ticket = create(intake_server, intake_server.token(), data, sha256=hashlib.sha256(b"other").hexdigest())
    r = put(intake_server, ticket["put_url"], data)
    assert r.status_code == 422 and r.json()["error"]["code"] == "sha256_mismatch"
    assert status(intake_server, intake_server.token(), ticket["upload_id"]).json()["state"] is None


@pytest.mark.parametrize("filename", ["../../../../etc/passwd", "..\\..\\boot.ini", "/abs/path.pdf",
                                      "Jane\u202eFDP.exe", "nul\x00byte.pdf", "\u0000", "a" * 1024,
                                      "Zoë Ünicode 病歷.pdf"])
def test_hostile_filenames_are_only_sealed_metadata(intake_server: IntakeServer, filename: str) -> None:
    data = samples.pdf()
    with intake_server.client() as c:
        r = c.post("/v1/uploads", json={"filename": filename, "media_type": "application/pdf", "size": len(data)},
                   headers=intake_server.auth(intake_server.token()))
    assert r.status_code == 201, r.text
    ticket = r.json()
    assert filename not in json.dumps(ticket) or filename == "\u0000"
    assert put(intake_server, ticket["put_url"], data).status_code == 201
    for path in intake_server.data_dir.rglob("*"):
        assert "passwd" not in path.name and "boot" not in path.name and "Jane" not in path.name


def test_phi_never_at_rest_in_plaintext(intake_server: IntakeServer) -> None:
    marker_name, marker_ref = "Zaphod_Synthetic_MRI.pdf", "MRN-ZZ-424242"
    data = samples.pdf(500) + b"% BODY-MARKER-77\n"
    ticket = create(intake_server, intake_server.token(), data, patient_ref=marker_ref) | {}
    with intake_server.client() as c:
        r = c.post("/v1/uploads", json={"filename": marker_name, "media_type": "application/pdf",
                                        "size": len(data), "patient_ref": marker_ref},
                   headers=intake_server.auth(intake_server.token()))
    ticket = r.json()
    assert put(intake_server, ticket["put_url"], data).status_code == 201
    for path in intake_server.data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            for marker in (marker_name.encode(), marker_ref.encode(), b"BODY-MARKER-77"):
                assert marker not in blob, path.name
    assert marker_name.encode() not in intake_server.log.read_bytes()


def test_other_tenant_gets_404_not_403(intake_server: IntakeServer) -> None:
    data = samples.pdf()
    ticket = create(intake_server, intake_server.token("t1"), data)
    r = status(intake_server, intake_server.token("t2"), ticket["upload_id"])
    assert r.status_code == 404
    r = status(intake_server, intake_server.token("t1"), "up_doesnotexist")
    assert r.status_code == 404


def test_rate_limit_per_client(intake_server: IntakeServer) -> None:
    from tests._fixtures.server import RATE_LIMIT

    token = intake_server.token(who="rate-limited")
    body = {"filename": "a.pdf", "media_type": "application/pdf", "size": 10}
    with intake_server.client() as c:
        codes = [c.post("/v1/uploads", json=body, headers=intake_server.auth(token)).status_code
                 for _ in range(RATE_LIMIT + 1)]
        assert codes[:RATE_LIMIT] == [201] * RATE_LIMIT
        assert codes[-1] == 429
        # another client of the same tenant is not affected
        other = intake_server.token(who="not-limited")
        assert c.post("/v1/uploads", json=body, headers=intake_server.auth(other)).status_code == 201


def test_slow_loris_body_is_dropped(intake_server: IntakeServer) -> None:
    data = samples.pdf(5000)
    ticket = create(intake_server, intake_server.token(), data)
    path = urllib.parse.urlsplit(ticket["put_url"])
    with intake_server.raw(timeout=READ_TIMEOUT * 5) as s:
        s.sendall(f"PUT {path.path}?{path.query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  f"Content-Length: {len(data)}\r\n\r\n".encode() + data[:100])
        started = time.monotonic()
        reply = s.recv(4096)
        assert time.monotonic() - started < READ_TIMEOUT * 4
    assert b" 408 " in reply.split(b"\r\n", 1)[0]
    # the session survives: the same URL works for a well-behaved retry
    assert put(intake_server, ticket["put_url"], data).status_code == 201


def test_disconnect_mid_upload_leaves_a_retryable_session(intake_server: IntakeServer) -> None:
    data = samples.pdf(300_000)
    ticket = create(intake_server, intake_server.token(), data)
    path = urllib.parse.urlsplit(ticket["put_url"])
    with intake_server.raw() as s:
        s.sendall(f"PUT {path.path}?{path.query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  f"Content-Length: {len(data)}\r\n\r\n".encode() + data[:150_000])
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the server notices the disconnect and releases the session
        r = put(intake_server, ticket["put_url"], data)
        if r.status_code != 409:
            break
        time.sleep(0.2)
    assert r.status_code == 201, r.text
    assert status(intake_server, intake_server.token(), ticket["upload_id"]).json()["state"] == "scanning"


def test_audit_unwritable_refuses_upload(intake_server: IntakeServer) -> None:
    """Fail closed (issue 6): when the audit log cannot be written, an upload is refused (503) and leaves no
    session behind; once the log is writable again, uploads work."""
    token = intake_server.token()
    settings = settings_of(intake_server.data_dir, intake_server.env)
    engine = make_engine(settings.database_url)
    try:
        def sessions() -> int:
            with engine.connect() as conn:
                return int(conn.execute(sa.text("SELECT count(*) FROM upload_sessions")).scalar_one())

        before = sessions()
        body = {"filename": "a.pdf", "media_type": "application/pdf", "size": 10}
        with unwritable_log(settings), intake_server.client() as c:
            r = c.post("/v1/uploads", json=body, headers=intake_server.auth(token))
            assert r.status_code == 503
            assert r.json()["error"]["code"] == "audit_unavailable"
            assert sessions() == before
        with intake_server.client() as c:
            assert c.post("/v1/uploads", json=body, headers=intake_server.auth(token)).status_code == 201
        assert sessions() == before + 1
    finally:
        engine.dispose()
