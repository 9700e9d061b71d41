"""The document reads over real HTTPS: tenant-scoped, scope-checked, audited with purpose of use; infected,
unscannable and unfinished documents are never served. And an upload reaching ``stored`` through the worker."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._fixtures import hostile
from tests._fixtures.audit import use_case_events
from tests._fixtures.pipeline import EXAMPLES, ingest
from tests._fixtures.server import IntakeServer, start_server, stop_server

READ = ("documents:read",)
READ_PHI = ("documents:read", "documents:read_phi")


@pytest.fixture(scope="module")
def ingested(intake_server: IntakeServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Document ids by file name, ingested for tenant t1 into the running server's data dir."""
    src = tmp_path_factory.mktemp("docs")
    (src / "adt-a01.hl7").write_bytes((EXAMPLES / "adt-a01.hl7").read_bytes())
    (src / "eicar.txt").write_bytes(hostile.eicar())
    (src / "hidden-text.pdf").write_bytes((EXAMPLES / "hidden-text.pdf").read_bytes())
    (src / "nested.json").write_bytes(hostile.nested_json(200))
    run = ingest(intake_server.data_dir, src, tenant="t1", env=intake_server.env)
    return {Path(r["path"]).name: r["id"] for r in run.rows}


def _get(server: IntakeServer, token: str, path: str, **params: str) -> tuple[int, bytes, dict[str, str]]:
    with server.client() as c:
        r = c.get(path, headers=server.auth(token), params=params)
    return r.status_code, r.content, dict(r.headers)


def test_metadata_and_deidentified_text(intake_server: IntakeServer, ingested: dict[str, str]) -> None:
    token = intake_server.token("t1", READ)
    doc = ingested["adt-a01.hl7"]
    status, body, _ = _get(intake_server, token, f"/v1/documents/{doc}")
    assert status == 200, body
    meta = json.loads(body)
    assert meta["state"] == "stored" and meta["verdict"] == "clean" and meta["phi"]["NAME"] >= 1
    assert meta["scanners"] and all(s["version"] for s in meta["scanners"])
    assert b"Quintero" not in body
    status, body, headers = _get(intake_server, token, f"/v1/documents/{doc}/text", view="deidentified")
    assert status == 200 and headers["cache-control"] == "no-store"
    text = json.loads(body)["text"]
    assert text and "Quintero" not in text and "123-45-6789" not in text
    for path, params in ((f"/v1/documents/{doc}/text", {"view": "full"}), (f"/v1/documents/{doc}/content", {})):
        assert _get(intake_server, token, path, **params)[0] == 403


def test_full_text_and_content_need_read_phi_and_are_audited(intake_server: IntakeServer,
                                                              ingested: dict[str, str]) -> None:
    token = intake_server.token("t1", READ_PHI)
    doc = ingested["adt-a01.hl7"]
    assert _get(intake_server, intake_server.token("t1", READ), f"/v1/documents/{doc}/text", view="full")[0] == 403
    status, body, _ = _get(intake_server, token, f"/v1/documents/{doc}/text", view="full", purpose="TREAT")
    assert status == 200 and "Quintero" in json.loads(body)["text"]
    status, body, _ = _get(intake_server, token, f"/v1/documents/{doc}/content", purpose="treatment")
    assert status == 200 and body == (EXAMPLES / "adt-a01.hl7").read_bytes()
    assert _get(intake_server, token, f"/v1/documents/{doc}/text", view="raw")[0] == 400
    assert _get(intake_server, token, f"/v1/documents/{doc}", purpose="curiosity")[0] == 400
    events = use_case_events(intake_server.data_dir, intake_server.env)
    mine = [e for e in events if e.get("document") == doc and e["action"].startswith("document.")]
    assert any(e["action"] == "document.text.full" and e["purpose"] == "treatment" and e["outcome"] == "success"
               for e in mine)
    assert any(e["action"] == "document.text.full" and e["outcome"] == "denied" for e in mine)
    assert any(e["action"] == "document.content" and e["purpose"] == "treatment" for e in mine)
    assert all("Quintero" not in json.dumps(e) for e in events)


def test_phi_reads_need_a_purpose_and_research_gets_deidentified_views_only(
        intake_server: IntakeServer, ingested: dict[str, str]) -> None:
    token = intake_server.token("t1", READ_PHI)
    doc = ingested["adt-a01.hl7"]
    for path, params in ((f"/v1/documents/{doc}/text", {"view": "full"}), (f"/v1/documents/{doc}/content", {})):
        status, body, _ = _get(intake_server, token, path, **params)
        assert status == 403 and json.loads(body)["error"]["code"] == "purpose_required"
        status, body, _ = _get(intake_server, token, path, **params, purpose="HRESCH")
        assert status == 403 and json.loads(body)["error"]["code"] == "deidentified_only"
    status, body, _ = _get(intake_server, token, f"/v1/documents/{doc}/text", view="deidentified", purpose="HRESCH")
    assert status == 200 and "Quintero" not in json.loads(body)["text"]
    events = use_case_events(intake_server.data_dir, intake_server.env)
    refused = [e for e in events if e.get("document") == doc and e.get("reason") == "deidentified_only"]
    assert refused and all(e["outcome"] == "denied" and e["purpose"] == "research" and e["decision"] == "deny"
                           and "phi.research_deidentified_only" in e["policy_id"] for e in refused)


def test_ai_processing_is_refused_without_consent(intake_server: IntakeServer, ingested: dict[str, str]) -> None:
    """Ingested documents carry no AI-processing consent: every content read for AIPROC is refused."""
    token = intake_server.token("t1", READ_PHI)
    doc = ingested["adt-a01.hl7"]
    for path, params in ((f"/v1/documents/{doc}/text", {"view": "deidentified"}),
                         (f"/v1/documents/{doc}/text", {"view": "full"}), (f"/v1/documents/{doc}/content", {})):
        status, body, _ = _get(intake_server, token, path, **params, purpose="AIPROC")
        assert status == 403 and json.loads(body)["error"]["code"] == "consent_refused", body
    assert _get(intake_server, token, f"/v1/documents/{doc}/text", view="deidentified", purpose="TREAT")[0] == 200


def test_a_document_awaiting_review_has_no_derivative_for_ai(intake_server: IntakeServer,
                                                             ingested: dict[str, str]) -> None:
    token = intake_server.token("t1", READ_PHI)
    doc = ingested["hidden-text.pdf"]
    status, body, _ = _get(intake_server, token, f"/v1/documents/{doc}")
    meta = json.loads(body)
    assert status == 200 and meta["state"] == "needs_review" and meta["hidden_text"] >= 1
    assert all(f["kind"] == "hidden_text" and f["page"] == 1 and f["region"] for f in meta["findings"]
               if f["kind"] == "hidden_text")
    assert _get(intake_server, token, f"/v1/documents/{doc}/text", view="deidentified")[0] == 404
    assert _get(intake_server, token, f"/v1/documents/{doc}/text", view="full",
                purpose="TREAT")[0] == 200  # for the reviewer


@pytest.mark.parametrize("name", ["eicar.txt", "nested.json"])
def test_infected_and_unscannable_are_never_served(intake_server: IntakeServer, ingested: dict[str, str],
                                                   name: str) -> None:
    token = intake_server.token("t1", READ_PHI)
    doc = ingested[name]
    status, body, _ = _get(intake_server, token, f"/v1/documents/{doc}")
    assert status == 200 and json.loads(body)["state"] in {"infected", "unscannable"}
    for view in ("full", "deidentified"):
        assert _get(intake_server, token, f"/v1/documents/{doc}/text", view=view, purpose="TREAT")[0] == 404
    assert _get(intake_server, token, f"/v1/documents/{doc}/content", purpose="TREAT")[0] == 404


def test_another_tenant_gets_404(intake_server: IntakeServer, ingested: dict[str, str]) -> None:
    token = intake_server.token("t2", READ_PHI)
    doc = ingested["adt-a01.hl7"]
    for path, params in ((f"/v1/documents/{doc}", {}),
                         (f"/v1/documents/{doc}/text", {"view": "full", "purpose": "TREAT"}),
                         (f"/v1/documents/{doc}/content", {"purpose": "TREAT"})):
        status, body, _ = _get(intake_server, token, path, **params)
        assert status == 404 and b"Quintero" not in body


@pytest.fixture(scope="module")
def worker_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    server = start_server(tmp_path_factory.mktemp("worker") / "data", {"PHIGATE_PIPELINE__WORKERS": "1",
                                                                          "PHIGATE_PIPELINE__POLL_SECONDS": "0.2"})
    try:
        yield server
    finally:
        stop_server(server.proc)


def test_an_upload_is_stored_by_the_server_worker(worker_server: IntakeServer) -> None:
    data = (EXAMPLES / "referral-letter.pdf").read_bytes()
    token = worker_server.token("t1", ("uploads:create", *READ))
    with worker_server.client() as c:
        r = c.post("/v1/uploads", headers=worker_server.auth(token),
                   json={"filename": "x.pdf", "media_type": "application/pdf", "size": len(data)})
        assert r.status_code == 201, r.text
        ticket = r.json()
        assert c.put(ticket["put_url"], content=data, headers={"Content-Type": "application/pdf"}).status_code == 201
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            r = c.get(f"/v1/documents/{ticket['upload_id']}", headers=worker_server.auth(token))
            if r.status_code == 200 and r.json()["state"] == "stored":
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"the upload was not stored: {r.text}")
        assert r.json()["pages"] == 1 and r.json()["phi"]
