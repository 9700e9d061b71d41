"""Re-identification by dual approval: reading a document's linkage (each surrogate or pseudonym the
de-identification put in the text, with the original it replaced) back, which is PHI.

The linkage is the sealed ``linkage/<id>`` artifact when the transform kept one; for the Safe Harbor derivative,
which generalises (names become tags, dates years) and keeps none, it is rebuilt at use from the PHI inventory's
offsets over the extracted text: each span's type, original, replacement and offsets.

A person asks (``request``) for one document, naming a purpose of use and a written justification (sealed: it may
name the patient). Two *different* people, neither the requester, approve (``approve``), each with a fresh step-up
the policy asks for (RFC 9470). The second approval turns the request into a grant, time-boxed (``[policy]
reidentification_grant_seconds``) and single-use: the requester ``use``s it once and receives the linkage; a second
use is refused (``grant_used``). A request not approved within ``reidentification_request_seconds`` expires.

Every step asks the policy decision point once and is audited, permitted or refused, with the decision and the
deciding policies' ids; the justification and the linkage never reach the audit log.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from phigate._sealed_fields import open_fields, seal_fields
from phigate.errors import (
    ApprovalPending,
    Conflict,
    Error,
    Forbidden,
    Gone,
    GrantExpired,
    GrantUsed,
    InputError,
    NotFound,
)
from phigate.models import (
    AccessContext,
    ActorKind,
    Decision,
    DocumentRecord,
    DocumentState,
    PolicyResource,
    Principal,
    PurposeOfUse,
    Reidentification,
    ReidentificationStatus,
    ResourceKind,
    parse_purpose,
    purpose_code,
)
from phigate.phi import PhiType, safe_harbor
from phigate.pipeline._artifacts import EXTRACTED, INVENTORY, LINKAGE, artifact_key, extracted_from_dict, get_json
from phigate.ports import Audit, KeyManager, ReidentificationStore
from phigate.services._authz import decide, refusal
from phigate.services.labels import document_resource
from phigate.vault import Vault

APPROVALS_NEEDED = 2
MIN_JUSTIFICATION, MAX_JUSTIFICATION = 20, 2000
_SEALED = "reidentification-justification"
_READABLE = frozenset({DocumentState.STORED, DocumentState.NEEDS_REVIEW})  # those with a linkage to read


class ReidentificationService:
    def __init__(self, store: ReidentificationStore, document: Callable[[str, str], DocumentRecord | None],
                 vault: Vault, keys: KeyManager, audit: Audit, *, grant_seconds: int, request_seconds: int,
                 pending: Callable[[DocumentRecord], frozenset[str]] = lambda _: frozenset(),
                 clock: Callable[[], float] = time.time) -> None:
        """``document(id, tenant)``: the tenant's document, or None; ``pending(doc)``: its proposed labels not yet
        decided (they restrict as labels do)."""
        self._store, self._document, self._vault, self._keys, self._audit = store, document, vault, keys, audit
        self._pending = pending
        self._grant, self._request, self._clock = grant_seconds, request_seconds, clock

    def request(self, principal: Principal, document_id: str, purpose: str | None,
                justification: str) -> Reidentification:
        """Ask to re-identify one document of the person's tenant, for a purpose of use, saying why."""
        tenant = _person(principal)
        purpose_of_use = parse_purpose(purpose)
        text = justification.strip() if isinstance(justification, str) else ""
        doc = self._readable(tenant, document_id)
        decision = self._ask(principal, "reid.request", self._resource(doc, tenant, document_id),
                             AccessContext(purpose=purpose_of_use), document=document_id,
                             purpose=_value(purpose_of_use))
        if doc is None:
            raise self._denied(principal, "reid.request", decision, NotFound("no such document"),
                               document=document_id)
        if not MIN_JUSTIFICATION <= len(text) <= MAX_JUSTIFICATION:
            raise InputError(f"a re-identification justification is {MIN_JUSTIFICATION}-{MAX_JUSTIFICATION} "
                             "characters saying why the originals are needed")
        now = self._clock()
        request = Reidentification(f"reid_{secrets.token_hex(12)}", tenant, doc.id, principal.id,
                                   purpose_code(purpose_of_use), now, now + self._request)
        sealed = seal_fields(self._keys, tenant, _SEALED, request.id, {"text": text})
        self._store.add(request, sealed, before_commit=lambda: self._record(
            principal, "reid.request", decision, "success", reidentification=request.id, document=doc.id,
            purpose=_value(purpose_of_use), expires=int(request.request_expires_at)))
        return request

    def approve(self, principal: Principal, request_id: str) -> Reidentification:
        """One approval, by a person who is not the requester and has not approved this request yet, freshly
        signed in; the second one grants the request (single use, time-boxed)."""
        tenant = _person(principal)
        found = self._store.get(tenant, request_id)
        resource = PolicyResource(ResourceKind.REIDENTIFICATION, _safe(request_id), tenant,
                                  requester=found[0].requester if found else "",
                                  approvers=frozenset(found[0].approvers) if found else frozenset())
        decision = self._ask(principal, "reid.approve", resource, AccessContext(), reidentification=_safe(request_id))
        if found is None:
            raise self._denied(principal, "reid.approve", decision, NotFound("no such re-identification request"),
                               reidentification=_safe(request_id))
        try:
            return self._store.approve(
                tenant, request_id, principal.id, now=self._clock(), needed=APPROVALS_NEEDED,
                grant_seconds=self._grant, before_commit=lambda r: self._record(
                    principal, "reid.approve", decision, "success", reidentification=r.id, document=r.document_id,
                    approvals=len(r.approvers), granted="yes" if r.granted_at is not None else "no"))
        except (NotFound, Gone, Forbidden, Conflict) as exc:  # expired, not pending, a race the policy did not see
            raise self._denied(principal, "reid.approve", decision, exc, reidentification=found[0].id) from None

    def use(self, principal: Principal, request_id: str) -> tuple[Reidentification, list[dict[str, Any]]]:
        """The requester's single use of an approved grant: the document's linkage (type, original, replacement
        for each replacement the de-identification made). Refused when pending, expired or used already."""
        tenant = _person(principal)
        found = self._store.get(tenant, request_id)
        request = found[0] if found is not None else None
        doc = self._document(request.document_id, tenant) if request is not None else None
        purpose = parse_purpose(request.purpose) if request is not None else None
        resource = self._resource(doc, tenant, request.document_id if request else "unknown")
        decision = decide(principal, "reid.use", resource, AccessContext(purpose=purpose))
        denial: Error | None = None
        now = self._clock()
        if request is None or request.requester != principal.id:
            denial = NotFound("no such re-identification grant")  # another person's grant is not theirs to know
        elif not decision.allow:
            denial = refusal(decision)
        elif doc is None or doc.state is DocumentState.ERASED:
            denial = Gone("this document was erased")
        elif request.status(now) is ReidentificationStatus.USED:
            denial = GrantUsed("this re-identification grant was used already: it is used once")
        elif request.status(now) is ReidentificationStatus.EXPIRED:
            denial = GrantExpired("this re-identification request or its grant expired")
        elif request.status(now) is ReidentificationStatus.PENDING:
            denial = ApprovalPending(f"this re-identification request needs {APPROVALS_NEEDED} approvals "
                                     f"({len(request.approvers)} so far)")
        if denial is not None:
            raise self._denied(principal, "reid.use", decision, denial, reidentification=_safe(request_id),
                               document=request.document_id if request else None, purpose=_value(purpose))
        assert request is not None and doc is not None
        linkage = self._linkage(doc)
        if not self._store.consume(tenant, request.id, principal.id, now=now, before_commit=lambda: self._record(
                principal, "reid.use", decision, "success", reidentification=request.id, document=doc.id,
                purpose=_value(purpose), entries=len(linkage))):
            raise self._denied(principal, "reid.use", decision,  # a concurrent use, or expiry, came first
                               GrantUsed("this re-identification grant was used already: it is used once"),
                               reidentification=request.id, document=doc.id)
        return request, linkage

    def requests(self, principal: Principal) -> list[Reidentification]:
        """The tenant's requests for the privacy officer (``reid.review``), else the person's own; newest first."""
        tenant = _person(principal)
        review = decide(principal, "reid.review", PolicyResource.scope_of(tenant))
        decision = review if review.allow else self._ask(principal, "reid.read", PolicyResource.scope_of(tenant),
                                                         AccessContext())
        found = self._store.list(tenant, None if review.allow else principal.id)
        self._record(principal, "reid.list", decision, "success", count=len(found))
        return found

    def show(self, principal: Principal, request_id: str) -> Reidentification:
        """One request with its justification: to its requester, and to those who review every request."""
        tenant = _person(principal)
        review = decide(principal, "reid.review", PolicyResource.scope_of(tenant))
        decision = review if review.allow else self._ask(principal, "reid.read", PolicyResource.scope_of(tenant),
                                                         AccessContext(), reidentification=_safe(request_id))
        found = self._store.get(tenant, request_id)
        if found is None or not (review.allow or found[0].requester == principal.id):
            raise self._denied(principal, "reid.read", decision, NotFound("no such re-identification request"),
                               reidentification=_safe(request_id))
        request, sealed = found
        self._record(principal, "reid.read", decision, "success", reidentification=request.id,
                     document=request.document_id)
        text = open_fields(self._keys, tenant, _SEALED, request.id, sealed)["text"]
        return Reidentification(request.id, request.tenant, request.document_id, request.requester, request.purpose,
                                request.created_at, request.request_expires_at, request.approvers,
                                request.granted_at, request.grant_expires_at, request.used_at, text)

    # -- helpers ---------------------------------------------------------------------------------------------

    def _resource(self, doc: DocumentRecord | None, tenant: str, document_id: str) -> PolicyResource:
        if doc is None:  # what is not there has no consent to refuse and no label: the answer is a 404
            return PolicyResource(ResourceKind.DOCUMENT, _safe(document_id), tenant, ai_consent=True)
        return document_resource(doc, self._pending(doc))

    def _readable(self, tenant: str, document_id: str) -> DocumentRecord | None:
        doc = self._document(document_id, tenant)
        return doc if doc is not None and doc.state in _READABLE else None

    def _linkage(self, doc: DocumentRecord) -> list[dict[str, Any]]:
        """Each replacement the de-identification made, with the original: the sealed linkage when the transform
        kept one (surrogates, pseudonyms), else rebuilt from the PHI inventory's offsets over the extracted text
        (the Safe Harbor derivative generalises and keeps no linkage of its own), in text order."""
        try:
            entries = get_json(self._vault, artifact_key(LINKAGE, doc.tenant, doc.id))
            return [{"type": str(e["type"]), "original": str(e["original"]), "replacement": str(e["replacement"]),
                     "start": None, "end": None} for e in entries]
        except NotFound:
            pass
        text = extracted_from_dict(get_json(self._vault, artifact_key(EXTRACTED, doc.tenant, doc.id))).text
        spans = get_json(self._vault, artifact_key(INVENTORY, doc.tenant, doc.id))["spans"]
        out = []
        for s in sorted(spans, key=lambda x: int(x["start"])):
            start, end, kind = int(s["start"]), int(s["end"]), PhiType(s["type"])
            original = text[start:end]
            out.append({"type": kind.value, "original": original,
                        "replacement": safe_harbor.generalise(original, kind), "start": start, "end": end})
        return out

    def _ask(self, principal: Principal, action: str, resource: PolicyResource, context: AccessContext,
             **details: str | int | None) -> Decision:
        """The decision point's answer; a deny is audited and raised."""
        decision = decide(principal, action, resource, context)
        if not decision.allow:
            raise self._denied(principal, action, decision, refusal(decision), **details)
        return decision

    def _denied(self, principal: Principal, action: str, decision: Decision, error: Error,
                **details: str | int | None) -> Error:
        self._record(principal, action, decision, "denied", reason=error.code, **details)
        return error

    def _record(self, principal: Principal, action: str, decision: Decision, outcome: str,
                **details: str | int | None) -> None:
        self._audit.record(action, actor=principal.id, actor_kind=principal.kind, tenant=principal.tenant,
                           outcome=outcome, decision=decision.effect, policy="+".join(decision.policy_ids) or None,
                           obligations=decision.obligations.summary() or None, **details)


def _person(principal: Principal) -> str:
    if principal.kind is not ActorKind.USER or principal.tenant is None:
        raise Forbidden("only a person signed in to a tenant may take part in a re-identification")
    return principal.tenant


def _value(purpose: PurposeOfUse | None) -> str | None:
    return None if purpose is None else purpose.value


def _safe(value: str) -> str:
    return value[:64] if value.replace("_", "").replace("-", "").isalnum() else "unknown"
