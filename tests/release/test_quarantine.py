"""The release workflow through the Python API and the CLI, on SQLite and PostgreSQL, with the real gate."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from phigate import registry
from phigate.cli import app
from phigate.errors import Conflict, Error, Forbidden, InputError, NotFound
from phigate.models import DocumentState, Reason
from phigate.pipeline.receive import quarantine_key
from tests._fixtures import hostile
from tests._fixtures.audit import log_use_case_events, unwritable_log
from tests._fixtures.release import ALICE, BOB, MALLORY, UPLOADER, build_runtime, put
from tests._fixtures.tenants import register

PDF = "application/pdf"


@pytest.fixture
def rt(tmp_path: Path, db_url: str) -> Iterator[registry.Runtime]:
    runtime = build_runtime(tmp_path / "data", db_url, infected_retention_seconds=3600)
    yield runtime
    runtime.close()


def _audit(rt: registry.Runtime) -> list[dict[str, object]]:
    return log_use_case_events(rt.audit.log)


def _state(rt: registry.Runtime, doc_id: str) -> DocumentState:
    doc = rt.intake.records.document(doc_id, "t1")
    assert doc is not None
    return doc.state


def test_infected_is_held_alerted_then_purged_after_the_forensic_period(rt: registry.Runtime) -> None:
    doc_id = put(rt, hostile.eicar(), "text/plain")
    assert _state(rt, doc_id) is DocumentState.INFECTED
    alerts = [e for e in _audit(rt) if e["action"] == "quarantine.alert"]
    assert alerts and alerts[0]["document"] == doc_id and alerts[0]["tenant"] == "t1"
    assert rt.vault.size(quarantine_key("t1", doc_id)) == len(hostile.eicar())  # kept (encrypted) for forensics
    held = rt.quarantine.held(ALICE)  # type: ignore[union-attr]
    assert [(e.document_id, e.state) for e in held] == [(doc_id, "infected")]
    assert held[0].purge_after is not None and held[0].purge_after > time.time() + 3000
    q = rt.quarantine
    assert q is not None
    assert q.purge_due() == []  # still inside the forensic period
    with pytest.raises(Conflict):  # infected is never re-scanned or released
        q.rescan(ALICE, doc_id)
    with pytest.raises(Conflict):
        q.request_release(ALICE, doc_id, "false_positive", "looks fine")
    assert q.purge(MALLORY, now=time.time() + 3601) == []  # another tenant's operator purges only its own
    with pytest.raises(Forbidden):
        q.purge(UPLOADER, now=time.time() + 3601)
    assert q.purge(ALICE, now=time.time() + 3601) == [doc_id]
    assert _state(rt, doc_id) is DocumentState.PURGED
    assert not list((rt.settings.blob_path / "t1" / "quarantine").glob(f"{doc_id}*"))
    assert q.purge_due(now=time.time() + 7200) == []  # idempotent
    assert rt.intake.records.transitions(doc_id)[-1] == ("infected", "purged", "purge")
    assert any(e["action"] == "quarantine.purge" and e["document"] == doc_id for e in _audit(rt))


def test_two_person_release_of_an_unscannable_document(rt: registry.Runtime) -> None:
    q = rt.quarantine
    assert q is not None
    doc_id = put(rt, hostile.encrypted_pdf(), PDF)
    assert _state(rt, doc_id) is DocumentState.UNSCANNABLE
    with pytest.raises(Conflict):  # nothing to approve yet
        q.approve_release(BOB, doc_id)
    with pytest.raises(InputError):
        q.request_release(ALICE, doc_id, "because", "x")
    with pytest.raises(InputError):
        q.request_release(ALICE, doc_id, "clinically_required", "   ")
    secret_text = "Needed for Jane Synthetic's cardiology consult tomorrow"
    req = q.request_release(ALICE, doc_id, "clinically_required", secret_text)
    assert (req.status, req.requested_by, req.approved_by) == ("pending", ALICE.id, None)
    with pytest.raises(Conflict):
        q.request_release(BOB, doc_id, "other", "again")
    with pytest.raises(Forbidden):  # the requester cannot approve
        q.approve_release(ALICE, doc_id)
    with pytest.raises(NotFound):  # another tenant's operator does not even see it
        q.approve_release(MALLORY, doc_id)
    with pytest.raises(Forbidden):  # an uploader lacks the scope
        q.approve_release(UPLOADER, doc_id)
    assert _state(rt, doc_id) is DocumentState.UNSCANNABLE
    doc = q.approve_release(BOB, doc_id)
    # released to clean, then on through the pipeline (this encrypted PDF cannot be extracted: a person reviews it)
    assert doc.verdict == "released"
    assert doc.state in {DocumentState.CLEAN, DocumentState.NEEDS_REVIEW, DocumentState.STORED}
    assert ("unscannable", "clean", "release") in rt.intake.records.transitions(doc_id)
    assert q.release_request(BOB, doc_id).approved_by == BOB.id
    # the justification is sealed at rest and opens only for this tenant
    with rt.engine.connect() as conn:
        raw = bytes(conn.execute(sa.text("SELECT sealed_justification FROM quarantine_releases")).scalar_one())
    assert b"Jane" not in raw and b"cardiology" not in raw
    assert q.justification(BOB, doc_id) == secret_text
    events = [(e["action"], e["actor"], e["outcome"]) for e in _audit(rt) if str(e["action"]).startswith("quarantine")]
    assert ("quarantine.release.request", ALICE.id, "success") in events
    assert ("quarantine.release.approve", ALICE.id, "denied") in events
    assert ("quarantine.release.approve", BOB.id, "success") in events
    assert secret_text not in json.dumps(_audit(rt))


def test_rescan_runs_the_gate_again(rt: registry.Runtime) -> None:
    q = rt.quarantine
    assert q is not None
    doc_id = put(rt, hostile.encrypted_pdf(), PDF)
    q.request_release(ALICE, doc_id, "scanner_limit", "retry")
    doc = q.rescan(BOB, doc_id)  # still encrypted: unscannable again, never clean
    assert doc.state is DocumentState.UNSCANNABLE and doc.verdict == "unscannable"
    assert q.release_request(BOB, doc_id).status == "withdrawn"  # a re-scan withdraws the pending request
    states = [t[1] for t in rt.intake.records.transitions(doc_id)]
    assert states[-2:] == ["scanning", "unscannable"]


def test_rescan_after_a_scanner_outage_reaches_clean(tmp_path: Path, db_url: str) -> None:
    first = build_runtime(tmp_path / "data", db_url, scan=False)
    doc_id = put(first, hostile.text_pdf(1), PDF)
    # a scanner outage left the document unscannable
    assert first.intake.records.transition(doc_id, DocumentState.SCANNING, DocumentState.UNSCANNABLE, "scan",
                                           verdict="unscannable", reasons=(Reason("scanner_unavailable"),))
    q = first.quarantine
    assert q is not None
    doc = q.rescan(ALICE, doc_id)
    assert doc.verdict == "clean"  # clean, and then on through the pipeline
    assert doc.state in {DocumentState.CLEAN, DocumentState.STORED}
    transitions = first.intake.records.transitions(doc_id)
    assert ("unscannable", "scanning", "rescan") in transitions
    assert ("scanning", "clean", "scan") in transitions  # the pipeline's own scan stage judged it again
    first.close()


def test_hostile_ids_and_states(rt: registry.Runtime) -> None:
    q = rt.quarantine
    assert q is not None
    for bad in ("../../etc/passwd", "x" * 500, "", "up_%00"):
        with pytest.raises(NotFound):
            q.rescan(ALICE, bad)
    with pytest.raises(InputError):
        q.held(ALICE, "clean")
    with pytest.raises(InputError):
        q.held(ALICE, "nonsense")
    with pytest.raises(NotFound):
        q.request_release(ALICE, "doc", "other", "y")


def _cli(data_dir: Path, env: dict[str, str], *args: str, stdin: str | None = None) -> tuple[int, str]:
    """Exit code and output; a phigate error shows as its code and safe diagnostics (what ``main`` prints)."""
    result = CliRunner().invoke(app, [*args, "--data-dir", str(data_dir)], env=env, input=stdin)
    if isinstance(result.exception, Error):
        return 2, f"{result.exception.code}: {result.exception.diagnostics()}"
    return result.exit_code, result.output


def _operator(data_dir: Path, env: dict[str, str], name: str, tenant: str = "t1",
              scope: str = "quarantine:admin") -> dict[str, str]:
    """A person's own service account: the environment ``phigate quarantine`` authenticates them with."""
    register(data_dir, tenant, env)
    code, out = _cli(data_dir, env, "accounts", "add-service", name, "--tenant", tenant, "--scope", scope, "--json")
    assert code == 0, out
    creds = json.loads(out)
    return {**env, "PHIGATE_CLIENT_ID": creds["client_id"], "PHIGATE_CLIENT_SECRET": creds["client_secret"]}


def test_cli_list_request_approve_and_purge(tmp_path: Path, db_url: str) -> None:
    data_dir = tmp_path / "data"
    rt = build_runtime(data_dir, db_url)
    infected = put(rt, hostile.eicar(), "text/plain")
    held = put(rt, hostile.encrypted_pdf(), PDF)
    rt.close()
    env = {"PHIGATE_DATABASE__URL": db_url, "PHIGATE_RELEASE__INFECTED_RETENTION_SECONDS": "0"}
    alice, bob = _operator(data_dir, env, "alice"), _operator(data_dir, env, "bob")
    code, out = _cli(data_dir, alice, "quarantine", "list", "--tenant", "t1", "--json")
    assert code == 0, out
    rows = {r["document_id"]: r for r in map(json.loads, out.splitlines())}
    assert rows[infected]["state"] == "infected" and rows[held]["state"] == "unscannable"
    assert "Jane" not in out and "MRN" not in out
    code, out = _cli(data_dir, alice, "quarantine", "request-release", held, "--reason", "clinically_required",
                     "--justification", "-", stdin="synthetic reason\n")
    assert code == 0, out
    code, out = _cli(data_dir, alice, "quarantine", "approve-release", held)
    assert code != 0 and "different person" in out
    code, out = _cli(data_dir, bob, "quarantine", "approve-release", held, "--tenant", "t2")
    assert code != 0 and "another tenant" in out
    code, out = _cli(data_dir, bob, "quarantine", "approve-release", held, "--json")
    assert code == 0, out
    assert json.loads(out)["state"] in {"clean", "needs_review", "stored"}  # released, then on through the pipeline
    code, out = _cli(data_dir, bob, "quarantine", "purge", "--json")
    assert code == 0, out
    assert json.loads(out) == {"purged": [infected]}
    code, out = _cli(data_dir, bob, "quarantine", "rescan", infected)
    assert code != 0 and "purged" in out


def test_cli_release_steps_need_authenticated_operators(tmp_path: Path, db_url: str) -> None:
    """``--operator alice`` then ``--operator bob`` from one shell used to be a two-person release. Now each step
    needs a credential, a wrong or missing one is refused (and the denial audited), and an account of another
    tenant or without the quarantine scope cannot approve."""
    data_dir = tmp_path / "data"
    rt = build_runtime(data_dir, db_url)
    held = put(rt, hostile.encrypted_pdf(), PDF)
    rt.close()
    env = {"PHIGATE_DATABASE__URL": db_url}
    alice = _operator(data_dir, env, "alice")
    code, out = _cli(data_dir, alice, "quarantine", "request-release", held, "--reason", "other",
                     "--justification", "synthetic")
    assert code == 0, out
    code, out = _cli(data_dir, env, "quarantine", "approve-release", held, "--operator", "bob")
    assert code != 0  # the free-text operator is gone
    code, out = _cli(data_dir, env, "quarantine", "approve-release", held)
    assert code != 0 and "unauthenticated" in out
    forged = {**alice, "PHIGATE_CLIENT_SECRET": "not-the-secret"}
    code, out = _cli(data_dir, {**forged, "PHIGATE_CLIENT_ID": "svc_bob_made_up"}, "quarantine", "approve-release",
                     held)
    assert code != 0 and "unauthenticated" in out
    code, out = _cli(data_dir, _operator(data_dir, env, "eve", tenant="t2"), "quarantine", "approve-release", held)
    assert code != 0 and "not_found" in out  # another tenant's document does not exist for eve
    code, out = _cli(data_dir, _operator(data_dir, env, "uploader", scope="uploads:create"), "quarantine",
                     "approve-release", held)
    assert code != 0 and "forbidden" in out and "quarantine.release" in out  # the release is what it may not do
    code, out = _cli(data_dir, alice, "quarantine", "approve-release", held)
    assert code != 0 and "different person" in out
    rt = build_runtime(data_dir, db_url)
    try:
        assert _state(rt, held) is DocumentState.UNSCANNABLE
        assert any(e["action"] == "auth.token" and e["outcome"] == "denied" for e in _audit(rt))
    finally:
        rt.close()


def test_a_failed_audit_write_keeps_the_document_in_quarantine(rt: registry.Runtime) -> None:
    from phigate.errors import AuditError

    q = rt.quarantine
    assert q is not None
    doc_id = put(rt, hostile.encrypted_pdf(), PDF)
    q.request_release(ALICE, doc_id, "other", "synthetic")
    with unwritable_log(rt.settings), pytest.raises(AuditError):  # the real log refuses every append
        q.approve_release(BOB, doc_id)
    assert _state(rt, doc_id) is DocumentState.UNSCANNABLE
    assert q.release_request(BOB, doc_id).status == "pending"  # the approval rolled back with the state change
