"""``AuditTrail``: the use cases' ``ports.Audit`` seam written through the tamper-evident log.

A use case names what happened (``upload.put``, ``account.revoke``, ``document.transition``, ...), who did it
(its principal's id and kind) and gives ids and codes; one table maps the name to an ``AuditAction`` and a
resource (a name not in it is refused: nothing is guessed from words), the remaining details go to the event's
``detail`` field, and the event is appended. ``record`` returns only once the event is durable and raises
``AuditError`` otherwise, so the use case fails closed. A ``patient_ref`` detail is never stored: the log keeps
only its keyed hash.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from phigate import context
from phigate.audit._log import SqlAuditLog
from phigate.audit._schema import DETAIL_MAX
from phigate.errors import AuditError, InputError
from phigate.models import ActorKind, AuditAction, AuditEvent, AuditOutcome, PurposeOfUse

# Every use case's audit name, mapped once to what the log records: (action, resource kind, the detail naming the
# resource). The table is total: a name that is not here is a bug, refused (fail closed), never guessed from its
# words. A test checks that every name the code records is here.
ACTIONS: Final[dict[str, tuple[AuditAction, str, str | None]]] = {
    "auth.token": (AuditAction.LOGIN, "service_account", None),
    "tenant.create": (AuditAction.CREATE, "tenant", "tenant_id"),
    "account.create": (AuditAction.CREATE, "service_account", "account"),
    "account.revoke": (AuditAction.DELETE, "service_account", "account"),
    "upload.create": (AuditAction.CREATE, "upload", "upload"),
    "upload.put": (AuditAction.UPDATE, "upload", "upload"),
    "upload.patch": (AuditAction.UPDATE, "upload", "upload"),
    "upload.tus": (AuditAction.UPDATE, "upload", "upload"),
    "upload.complete": (AuditAction.CREATE, "document", "upload"),
    "upload.terminate": (AuditAction.DELETE, "upload", "upload"),
    "upload.expire": (AuditAction.DELETE, "upload", "upload"),
    "document.ingest": (AuditAction.CREATE, "document", "document"),
    "document.transition": (AuditAction.UPDATE, "document", "document"),
    "document.read": (AuditAction.READ, "document", "document"),
    "document.text.deidentified": (AuditAction.READ, "document", "document"),
    "document.image.deidentified": (AuditAction.READ, "document", "document"),
    "document.text.full": (AuditAction.READ, "document", "document"),
    "document.content": (AuditAction.READ, "document", "document"),
    "document.erase.authorize": (AuditAction.DECIDE, "document", "document"),
    "document.erase": (AuditAction.DELETE, "document", "document"),
    "quarantine.list": (AuditAction.READ, "quarantine", None),
    "quarantine.justification.read": (AuditAction.READ, "document", "document"),
    "quarantine.rescan": (AuditAction.SCAN, "document", "document"),
    "quarantine.release.request": (AuditAction.DECIDE, "document", "document"),
    "quarantine.release.approve": (AuditAction.RELEASE, "document", "document"),
    "quarantine.purge": (AuditAction.DELETE, "document", "document"),
    "quarantine.alert": (AuditAction.SCAN, "document", "document"),
    "webhook.set": (AuditAction.UPDATE, "webhook", None),
    "webhook.remove": (AuditAction.DELETE, "webhook", None),
    "key.rotate": (AuditAction.KEY_OPERATION, "key", None),
    "key.rewrap": (AuditAction.KEY_OPERATION, "key", None),
    "key.shred": (AuditAction.KEY_OPERATION, "key", None),
    "key.shred_object": (AuditAction.KEY_OPERATION, "key", "object"),
    "audit.read": (AuditAction.READ, "audit_log", None),
    "fsck.repair": (AuditAction.UPDATE, "storage_object", "object"),
    "backup.create": (AuditAction.EXPORT, "backup", None),
    "backup.restore": (AuditAction.CREATE, "backup", None),
    "user.create": (AuditAction.CREATE, "user", "user"),
    "user.disable": (AuditAction.DELETE, "user", "user"),
    "user.role": (AuditAction.UPDATE, "user", "user"),
    "user.label.grant": (AuditAction.SHARE, "user", "user"),
    "break_glass.open": (AuditAction.DECIDE, "break_glass", "break_glass"),
    "break_glass.review": (AuditAction.READ, "break_glass", None),
    "reid.request": (AuditAction.CREATE, "reidentification", "reidentification"),
    "document.label.confirm": (AuditAction.UPDATE, "document", "document"),
    "document.label.dismiss": (AuditAction.UPDATE, "document", "document"),
    "reid.approve": (AuditAction.DECIDE, "reidentification", "reidentification"),
    "reid.use": (AuditAction.READ, "reidentification", "reidentification"),
    "reid.list": (AuditAction.READ, "reidentification", None),
    "reid.read": (AuditAction.READ, "reidentification", "reidentification"),
    "user.enrol": (AuditAction.UPDATE, "user", "user"),
    "user.totp.enrol": (AuditAction.UPDATE, "user", "user"),
    "user.totp.verify": (AuditAction.UPDATE, "user", "user"),
    "user.password.reset": (AuditAction.UPDATE, "user", "user"),
    "user.webauthn.register": (AuditAction.UPDATE, "user", "user"),
    "user.webauthn.login": (AuditAction.LOGIN, "user", "user"),
    "auth.login": (AuditAction.LOGIN, "user", "user"),
    "auth.lockout": (AuditAction.LOGIN, "user", "user"),
    "auth.refresh": (AuditAction.LOGIN, "user", "user"),
    "auth.logout": (AuditAction.LOGOUT, "user", "user"),
    "auth.reset.request": (AuditAction.DECIDE, "user", "user"),
    "ai.chat": (AuditAction.SHARE, "ai_model", "model"),
    "ai.embeddings": (AuditAction.SHARE, "ai_model", "model"),
    "ai.models.list": (AuditAction.READ, "ai_model", None),
    "ai.model.add": (AuditAction.CREATE, "ai_model", "model"),
    "ai.baa.add": (AuditAction.CREATE, "ai_baa", "baa"),
    "ai.pause": (AuditAction.UPDATE, "ai_switch", "target"),
    "ai.resume": (AuditAction.UPDATE, "ai_switch", "target"),
    "ai.review.list": (AuditAction.READ, "ai_review", None),
    "ai.review.read": (AuditAction.READ, "ai_review", "review"),
    "ai.review.decide": (AuditAction.DECIDE, "ai_review", "review"),
}
# what a use case says happened -> the outcome recorded; words other than the three outcomes stay in the detail
# as ``status=`` (an upload ``started``, a release ``requested``, an infection ``alert`` all succeeded)
OUTCOMES: Final[dict[str, AuditOutcome]] = {
    "success": AuditOutcome.SUCCESS, "started": AuditOutcome.SUCCESS, "requested": AuditOutcome.SUCCESS,
    "alert": AuditOutcome.SUCCESS, "denied": AuditOutcome.DENIED, "failure": AuditOutcome.FAILURE}
_PURPOSES: Final[dict[str, PurposeOfUse]] = {p.value: p for p in PurposeOfUse}
_SYSTEM_ACTORS: Final = frozenset({"phigate", "system"})
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}(\.[a-z][a-z0-9_]{0,31}){0,3}$")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.:@/+=-]")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def event_for(action: str, *, actor: str, tenant: str | None, outcome: str,
              details: dict[str, str | int | None], actor_kind: ActorKind | None = None) -> AuditEvent:
    """The audit event a use case's ``record`` call describes (ids and codes only; ``InputError`` if the action
    name is not a dotted identifier)."""
    if not isinstance(action, str) or not _NAME.fullmatch(action):
        raise InputError("an audit action name is a dotted lowercase identifier")
    if action not in ACTIONS:
        raise InputError("this audit action name is not in the audit trail's table")
    if outcome not in OUTCOMES:
        raise InputError("this audit outcome is not one the audit trail knows")
    given = {k: _token(v) for k, v in details.items() if v is not None}
    kind_of, resource_kind, id_key = ACTIONS[action]
    purpose = _PURPOSES.get(given.get("purpose", ""))
    if purpose is not None:
        del given["purpose"]
    resource_id = given.pop(id_key, None) if id_key else None
    if action == "auth.token" and actor != "anonymous":
        resource_id = _token(actor)
    if resource_kind == "document" and kind_of is AuditAction.UPDATE and "scan" in given.get("stage", ""):
        kind_of = AuditAction.SCAN
    decision = given.get("decision")  # the policy decision point's effect (kept in the detail too) and the policies
    policy_id = given.pop("policy", None)
    object_hash = given.pop("sha256", None)
    if object_hash is not None and not _HEX64.fullmatch(object_hash):
        given["sha256"], object_hash = object_hash, None
    items = [f"op={action}"]
    if outcome not in ("success", "denied", "failure"):
        items.append(f"status={outcome}")
    items.extend(f"{k}={v}" for k, v in sorted(given.items()) if re.fullmatch(r"[a-z][a-z0-9_]{0,31}", k))
    detail = " ".join(items)
    while len(detail) > DETAIL_MAX:  # keep whole items: the first ones (op, status) matter most
        items.pop()
        detail = " ".join(items)
    if actor_kind is None:  # phigate's own work, or a caller that did not say: never a person by default
        actor_kind = ActorKind.SYSTEM if actor in _SYSTEM_ACTORS else ActorKind.SERVICE
    return AuditEvent(
        actor_id=_token(actor), actor_kind=actor_kind,
        action=kind_of, resource_kind=resource_kind, outcome=OUTCOMES[outcome],
        tenant=tenant, resource_id=resource_id, purpose=purpose, object_hash=object_hash, detail=detail,
        decision=decision[:32] if decision else None, policy_id=policy_id[:128] if policy_id else None)


def with_request_context(event: AuditEvent) -> AuditEvent:
    """The event with the caller's address and request id of the HTTP request it happens in, and the actor's
    kind from the authenticated principal when the event is that principal's."""
    ctx = context.current()
    if ctx is None:
        return event
    kind, detail = event.actor_kind, event.detail
    if ctx.principal is not None and _token(ctx.principal.id) == event.actor_id:
        kind = ctx.principal.kind
        auth = ctx.principal.auth
        if auth is not None:  # how the person signed in: what a step-up decision was made on
            extra = f"acr={_token(auth.acr)} amr={_token('+'.join(auth.amr))}"
            if detail is None or len(detail) + 1 + len(extra) <= DETAIL_MAX:
                detail = f"{detail} {extra}" if detail else extra
    decided = ctx.decision
    if decided is not None and event.decision is None and kind is not ActorKind.SYSTEM:
        # the decision this request's use case was given (a use case that records its own keeps that one)
        event = dataclasses.replace(event, decision=decided.effect,
                                    policy_id="+".join(decided.policy_ids)[:128] or None)
        obligations = decided.obligations.summary()
        if obligations and (detail is None or len(detail) + 13 + len(obligations) <= DETAIL_MAX):
            detail = f"{detail} obligations={obligations}" if detail else f"obligations={obligations}"
    return dataclasses.replace(event, source_addr=ctx.source_addr, request_id=ctx.request_id, actor_kind=kind,
                               detail=detail)


class AuditTrail:
    """``ports.Audit`` over an ``SqlAuditLog`` (the registry builds it; the log is closed by its owner)."""

    def __init__(self, log: SqlAuditLog) -> None:
        self._log = log

    @property
    def log(self) -> SqlAuditLog:
        return self._log

    def record(self, action: str, *, actor: str, tenant: str | None, outcome: str,
               actor_kind: ActorKind | None = None, **details: str | int | None) -> None:
        patient_ref = details.pop("patient_ref", None)
        try:
            event = with_request_context(event_for(action, actor=actor, tenant=tenant, outcome=outcome,
                                                   details=details, actor_kind=actor_kind))
            self._log.append(event, patient_ref=None if patient_ref is None else str(patient_ref))
        except InputError as exc:  # a malformed event is a bug, and still must not let the operation through
            raise AuditError("the audit event was malformed; the operation was not performed") from exc

    def check(self) -> None:
        """Readiness: the log accepts appends (its writer runs and the tables answer)."""
        self._log.check()


def _token(value: str | int) -> str:
    """An id-like rendering: characters outside the id alphabet become ``_``, at most 128 characters."""
    text = _UNSAFE.sub("_", str(value))[:128]
    return text if text and text[0] not in ".:@/+=-" else f"_{text}"[:128]
