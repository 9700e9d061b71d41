"""How the use cases' audit calls become audit events (``phigate.audit.trail``): action and resource mapping,
the ``detail`` field (ids and codes only, validated, bounded), and what is refused."""

from __future__ import annotations

import pytest

from phigate.audit._schema import DETAIL_MAX, check_detail, entry_values
from phigate.audit.trail import event_for
from phigate.errors import InputError
from phigate.models import ActorKind, AuditAction, AuditOutcome, PurposeOfUse


def test_known_use_cases_map_to_actions_and_resources() -> None:
    e = event_for("upload.put", actor="capability:up_1", tenant="t1", outcome="started",
                  details={"upload": "up_1", "offset": 0})
    assert (e.action, e.resource_kind, e.resource_id, e.outcome) == (AuditAction.UPDATE, "upload", "up_1",
                                                                     AuditOutcome.SUCCESS)
    assert e.detail == "op=upload.put status=started offset=0" and e.actor_kind is ActorKind.SERVICE
    done = event_for("upload.complete", actor="svc", tenant="t1", outcome="success",
                     details={"upload": "up_1", "sha256": "ab" * 32, "size": 10, "via": "put"})
    assert (done.action, done.resource_kind, done.object_hash) == (AuditAction.CREATE, "document", "ab" * 32)
    scan = event_for("document.transition", actor="phigate", tenant="t1", outcome="success",
                     details={"document": "up_1", "stage": "scan", "source": "quarantined", "target": "clean"})
    assert scan.action is AuditAction.SCAN and scan.actor_kind is ActorKind.SYSTEM
    login = event_for("auth.token", actor="svc-9", tenant="t1", outcome="success", details={})
    assert (login.action, login.resource_id) == (AuditAction.LOGIN, "svc-9")
    denied = event_for("upload.put", actor="anonymous", tenant=None, outcome="denied",
                       details={"upload": None, "reason": "bad_signature"})
    assert denied.outcome is AuditOutcome.DENIED and denied.detail == "op=upload.put reason=bad_signature"
    assert event_for("upload.patch", actor="s", tenant="t", outcome="failure", details={}).outcome \
        is AuditOutcome.FAILURE
    k = event_for("key.shred_object", actor="cli", tenant="t1", outcome="success", details={"object": "t1/docs/o"})
    assert (k.action, k.resource_kind, k.resource_id) == (AuditAction.KEY_OPERATION, "key", "t1/docs/o")


def test_what_a_use_case_says_is_recorded_as_it_is_never_guessed() -> None:
    # a person's rescan request: the kind comes from the principal, the outcome from the use case
    rescan = event_for("quarantine.rescan", actor="operator:alice", actor_kind=ActorKind.USER, tenant="t1",
                       outcome="requested", details={"document": "doc-1"})
    assert (rescan.actor_kind, rescan.action, rescan.outcome) == (ActorKind.USER, AuditAction.SCAN,
                                                                  AuditOutcome.SUCCESS)
    assert rescan.detail == "op=quarantine.rescan status=requested"
    # an infection alert is a scan result that succeeded in raising the alarm, not a failed update
    alert = event_for("quarantine.alert", actor="phigate", tenant="t1", outcome="alert",
                      details={"document": "doc-2", "sha256": "cd" * 32})
    assert (alert.actor_kind, alert.action, alert.outcome, alert.object_hash) == (
        ActorKind.SYSTEM, AuditAction.SCAN, AuditOutcome.SUCCESS, "cd" * 32)
    assert alert.detail == "op=quarantine.alert status=alert"


@pytest.mark.parametrize(("name", "outcome"), [("release.approve", "success"), ("webhook.frobnicate", "success"),
                                               ("document.whatever", "success"), ("upload.put", "failed"),
                                               ("upload.put", "odd state"), ("upload.put", "")])
def test_names_and_outcomes_outside_the_table_are_refused(name: str, outcome: str) -> None:
    with pytest.raises(InputError):
        event_for(name, actor="u1", tenant="t1", outcome=outcome, details={})


def test_every_name_the_code_records_is_in_the_table() -> None:
    import re
    from pathlib import Path

    import phigate
    from phigate.audit.trail import ACTIONS

    root = Path(phigate.__file__).parent
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r'record\(\s*"([a-z_.]+)"', path.read_text()))
        used |= set(re.findall(r'_authorise\([^)]*?"([a-z]+\.[a-z_.]+)"', path.read_text(), re.S))
    used |= {"document.text.deidentified", "document.text.full"}  # f"document.text.{view}"
    assert used and used <= set(ACTIONS), sorted(used - set(ACTIONS))


@pytest.mark.parametrize("name", ["", "Upload.Put", "upload put", "a.b.c.d.e", "x" * 80, "upload.", "../etc"])
def test_malformed_action_names_are_refused(name: str) -> None:
    with pytest.raises(InputError):
        event_for(name, actor="a", tenant=None, outcome="success", details={})


def test_detail_values_cannot_carry_free_text_and_are_bounded() -> None:
    e = event_for("upload.create", actor="Dr John Smith", tenant="t1", outcome="success",
                  details={"reason": "Patient said: hello\nworld", "BadKey": "x", "n" * 40: "y"})
    assert e.actor_id == "Dr_John_Smith"
    assert e.detail == "op=upload.create reason=Patient_said:_hello_world"
    big = event_for("upload.create", actor="a", tenant="t1", outcome="started",
                    details={f"k{i:02d}": "v" * 300 for i in range(20)})
    assert big.detail is not None and len(big.detail) <= DETAIL_MAX
    assert big.detail.startswith("op=upload.create status=started k00=" + "v" * 128)
    for ev in (e, big):
        assert ev.detail is not None
        check_detail(ev.detail)
        entry_values(ev, "2026-01-01T00:00:00.000000Z", None)  # the log accepts what the trail builds


@pytest.mark.parametrize("detail", ["", "op", "op=", "=x", "op=a  b=c", "op=a b", "Op=x", "op=a\tb", "op=ü",
                                    "op=" + "x" * 129, " ".join(["k=" + "v" * 100] * 6), 42])
def test_malformed_details_are_refused(detail: object) -> None:
    with pytest.raises(InputError):
        check_detail(detail)


def test_longer_names_of_other_areas_keep_their_subject_and_purpose() -> None:
    e = event_for("document.text.full", actor="svc", tenant="t1", outcome="success",
                  details={"document": "doc-1", "purpose": "research"})
    assert (e.action, e.resource_kind, e.resource_id, e.purpose) == (AuditAction.READ, "document", "doc-1",
                                                                      PurposeOfUse.RESEARCH)
    r = event_for("quarantine.release.approve", actor="bob", tenant="t1", outcome="denied",
                  details={"document": "doc-2", "purpose": "not-a-purpose"})
    assert (r.action, r.resource_kind, r.resource_id, r.purpose) == (AuditAction.RELEASE, "document", "doc-2", None)
    assert r.detail == "op=quarantine.release.approve purpose=not-a-purpose"
