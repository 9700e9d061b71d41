"""Every route of the API against the shipped policy pack: route x principal (each role, each service scope,
admin) x tenant (own, another) x purpose of use (none, TREAT, HRESCH, AIPROC).

The routes come from the app's OpenAPI document, so a route added without a row here fails the build; a row whose
route is gone fails too. Each row names how the route is guarded: the use case's action(s) the decision point is
asked, or why it asks none (sign-in, a signed capability, the operator's metrics token, a probe). The expected
answers are written out below, independently of the Cedar files: the matrix checks the policies, not itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from phigate import registry
from phigate.api import create_app
from phigate.config import Settings
from phigate.identity import ROLE_SCOPES, Role
from phigate.models import (
    AccessContext,
    ActorKind,
    AuthContext,
    PolicyResource,
    Principal,
    PurposeOfUse,
    ResourceKind,
)
from phigate.services import decide, install_policies

# routes the decision point is not asked for, and why
SIGN_IN = "sign-in: anonymous, throttled and audited; yields the credentials the policies then judge"
CAPABILITY = "a signed upload capability, or the upload session's own principal still active in its tenant"
OPERATOR = "the operator's metrics token (no PHI, no per-tenant figures)"
PROBE = "a liveness or readiness probe: no data"

READS: Final = ("document.read", "document.text.deidentified", "document.image.deidentified")
PHI_READS: Final = ("document.text.full", "document.content")
REID_READS: Final = ("reid.request", "reid.use")  # reads of PHI on a document: a purpose, never research
REID: Final = (*REID_READS, "reid.read")  # a person's own re-identification
REID_REVIEW: Final = ("reid.approve", "reid.review")  # the privacy officer's

ROUTES: Final[dict[tuple[str, str], tuple[str, ...] | str]] = {
    ("POST", "/v1/auth/token"): SIGN_IN,
    ("POST", "/v1/auth/login"): SIGN_IN,
    ("POST", "/v1/auth/refresh"): SIGN_IN,
    ("POST", "/v1/auth/logout"): SIGN_IN,
    ("POST", "/v1/auth/enrol"): SIGN_IN,
    ("POST", "/v1/auth/totp"): SIGN_IN,
    ("POST", "/v1/auth/totp/verify"): SIGN_IN,
    ("POST", "/v1/auth/password-reset"): SIGN_IN,
    ("POST", "/v1/auth/password-reset/confirm"): SIGN_IN,
    ("POST", "/v1/auth/webauthn/options"): SIGN_IN,
    ("POST", "/v1/auth/webauthn/register"): SIGN_IN,
    ("POST", "/v1/uploads"): ("uploads:create",),
    ("GET", "/v1/uploads/{upload_id}"): ("upload.status",),
    ("PUT", "/v1/put/{upload_id}"): CAPABILITY,
    ("GET", "/healthz"): PROBE,
    ("GET", "/readyz"): PROBE,
    ("GET", "/metrics"): OPERATOR,
    ("OPTIONS", "/v1/tus/"): PROBE,
    ("POST", "/v1/tus/"): ("uploads:create",),
    ("OPTIONS", "/v1/tus/{upload_id}"): PROBE,
    ("HEAD", "/v1/tus/{upload_id}"): CAPABILITY,
    ("PATCH", "/v1/tus/{upload_id}"): CAPABILITY,
    ("DELETE", "/v1/tus/{upload_id}"): CAPABILITY,
    ("GET", "/v1/documents/{document_id}"): ("document.read",),
    ("DELETE", "/v1/documents/{document_id}"): ("document.erase",),
    ("GET", "/v1/documents/{document_id}/text"): ("document.text.deidentified", "document.text.full"),
    ("GET", "/v1/documents/{document_id}/image"): ("document.image.deidentified",),
    ("GET", "/v1/documents/{document_id}/content"): ("document.content",),
    ("GET", "/v1/quarantine"): ("quarantine:admin",),
    ("POST", "/v1/quarantine/{document_id}/rescan"): ("quarantine:admin",),
    ("POST", "/v1/quarantine/{document_id}/release-request"): ("quarantine:admin",),
    ("POST", "/v1/quarantine/{document_id}/approve-release"): ("quarantine.release", "quarantine:admin"),
    ("POST", "/v1/quarantine/purge"): ("quarantine:admin",),
    ("GET", "/v1/audit/events"): ("audit:read",),
    ("GET", "/v1/audit/checkpoints"): ("audit:read",),
    ("GET", "/v1/audit/proof/{seq}"): ("audit:read",),
    ("POST", "/v1/break-glass"): ("break_glass.open",),
    ("GET", "/v1/break-glass"): ("break_glass.review",),
    ("POST", "/v1/documents/{document_id}/labels"): ("document.labels.decide",),
    ("POST", "/v1/reidentifications"): ("reid.request",),
    ("GET", "/v1/reidentifications"): ("reid.review", "reid.read"),  # the tenant's, or one's own
    ("GET", "/v1/reidentifications/{reid_id}"): ("reid.review", "reid.read"),
    ("POST", "/v1/reidentifications/{reid_id}/approve"): ("reid.approve",),
    ("POST", "/v1/reidentifications/{reid_id}/use"): ("reid.use",),
    ("GET", "/v1/oidc/{provider}/login"): SIGN_IN,
    ("GET", "/v1/oidc/{provider}/callback"): SIGN_IN,
    ("POST", "/v1/oidc/{provider}/handoff"): SIGN_IN,
    ("POST", "/v1/oidc/{provider}/second-factor"): SIGN_IN,
    # the AI gateway: each document a call injects is asked for again ("ai.document", below)
    ("POST", "/v1/chat/completions"): ("ai:invoke",),
    ("POST", "/v1/embeddings"): ("ai:invoke",),
    ("GET", "/v1/models"): ("ai:invoke",),
    ("POST", "/v1/ai/pause"): ("ai:admin",),
    ("POST", "/v1/ai/resume"): ("ai:admin",),
    ("GET", "/v1/ai/switches"): ("ai:admin",),
    ("GET", "/v1/ai/reviews"): ("ai:review",),
    ("GET", "/v1/ai/reviews/{review_id}"): ("ai:review", "ai:invoke"),  # the reviewer, or the caller once released
    ("POST", "/v1/ai/reviews/{review_id}/decision"): ("ai:review",),
}

# what each principal may do, in its own tenant, for treatment, freshly signed in with a second factor
ALLOWED: Final[dict[str, frozenset[str]]] = {
    "clinician": frozenset({"uploads:create", "upload.status", *READS, *PHI_READS, "break_glass.open", "ai:invoke",
                            *REID}),
    "reviewer": frozenset({"upload.status", *READS, *PHI_READS, "break_glass.open", "ai:review", *REID}),
    "privacy_officer": frozenset({*READS, *PHI_READS, "document.erase", "audit:read", "break_glass.review", *REID,
                                  *REID_REVIEW, "document.labels.decide"}),
    "tenant_admin": frozenset({"upload.status", "quarantine:admin", "quarantine.release", "ai:admin",
                               "document.labels.decide"}),
    "key_admin": frozenset(),
    "auditor": frozenset({"audit:read"}),
    "ingest_service": frozenset({"uploads:create", "upload.status"}),
    "ai_reader": frozenset(READS),  # and only for AI processing
    "scope:uploads:create": frozenset({"uploads:create", "upload.status"}),
    "scope:uploads:read": frozenset({"upload.status"}),
    "scope:documents:read": frozenset(READS),
    "scope:documents:read_phi": frozenset(PHI_READS),
    "scope:documents:erase": frozenset({"document.erase"}),
    "scope:quarantine:admin": frozenset({"quarantine:admin", "quarantine.release"}),
    "scope:audit:read": frozenset({"audit:read"}),
    "scope:webhooks:manage": frozenset(),
    "scope:ai:invoke": frozenset({"ai:invoke"}),
    "scope:ai:admin": frozenset({"ai:admin"}),
    "scope:ai:review": frozenset({"ai:review"}),
    # every use case but a person's own acts (re-identification is for people only)
    "scope:admin": frozenset(a for row in ROUTES.values() if isinstance(row, tuple) for a in row
                             if not a.startswith("reid.")),
}
PURPOSES: Final = (None, PurposeOfUse.TREATMENT, PurposeOfUse.RESEARCH, PurposeOfUse.AI_PROCESSING)


def _principal(name: str) -> Principal:
    if name.startswith("scope:"):
        return Principal("svc", ActorKind.SERVICE, "t1", frozenset({name.removeprefix("scope:")}))
    role = Role(name)
    auth = AuthContext("urn:phigate:acr:mfa", ("pwd", "otp"), 1_000, "ses_1")
    return Principal("usr", ActorKind.USER, "t1", ROLE_SCOPES[role], auth=auth, role=role.value)


def _resource(action: str, tenant: str) -> PolicyResource:
    if action.startswith("document.") or action in REID_READS:
        return PolicyResource(ResourceKind.DOCUMENT, "doc_1", tenant, "stored", ai_consent=True)
    if action == "reid.approve":  # someone else's request, not yet approved by this principal
        return PolicyResource(ResourceKind.REIDENTIFICATION, "reid_1", tenant, requester="usr_other")
    return PolicyResource.scope_of(tenant)


def _expected(name: str, action: str, tenant: str, purpose: PurposeOfUse | None) -> bool:
    if tenant != "t1" or action not in ALLOWED[name]:
        return False
    if name == "ai_reader" and purpose is not PurposeOfUse.AI_PROCESSING:
        return False
    # a PHI read names its purpose, and research gets de-identified views only
    return not (action in (*PHI_READS, *REID_READS) and purpose in (None, PurposeOfUse.RESEARCH))


@pytest.fixture(scope="module")
def openapi_routes(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("app")), None)  # type: ignore[arg-type]
    return {(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item}


@pytest.fixture(scope="module", autouse=True)
def shipped_pack() -> None:
    install_policies(registry.build_policy_point(Settings(data_dir=Path("unused"))))


def test_every_route_has_a_row_and_every_row_a_route(openapi_routes: set[tuple[str, str]]) -> None:
    missing = sorted(openapi_routes - ROUTES.keys())
    assert not missing, f"routes without a policy row (add them to ROUTES and the policies): {missing}"
    assert not sorted(ROUTES.keys() - openapi_routes), "rows for routes that no longer exist"


def test_every_principal_of_the_matrix_is_every_role_and_scope() -> None:
    from phigate.identity import SCOPES

    assert {r.value for r in Role} | {f"scope:{s}" for s in SCOPES} == set(ALLOWED)


@pytest.mark.parametrize("route", sorted(k for k, v in ROUTES.items() if isinstance(v, tuple)),
                         ids=lambda r: f"{r[0]} {r[1]}")
def test_route_by_principal_tenant_and_purpose(route: tuple[str, str]) -> None:
    wrong = []
    for action in ROUTES[route]:
        for name in ALLOWED:
            principal = _principal(name)
            for tenant in ("t1", "t2"):
                for purpose in PURPOSES:
                    got = decide(principal, action, _resource(action, tenant),
                                 AccessContext(purpose, now=1_060.0)).allow
                    if got is not _expected(name, action, tenant, purpose):
                        wrong.append((action, name, tenant, purpose and purpose.value, got))
    assert not wrong, wrong


@pytest.mark.parametrize("action", ["document.text.deidentified", "document.image.deidentified", *PHI_READS])
def test_ai_processing_of_a_document_without_consent_is_refused_to_everyone(action: str) -> None:
    refused = PolicyResource(ResourceKind.DOCUMENT, "doc_1", "t1", "stored", ai_consent=False)
    for name in ALLOWED:
        decision = decide(_principal(name), action, refused, AccessContext(PurposeOfUse.AI_PROCESSING, now=1_060.0))
        assert not decision.allow
        if _expected(name, action, "t1", PurposeOfUse.AI_PROCESSING):  # allowed but for the consent
            assert decision.code == "consent_refused" and "phi.ai_consent" in decision.policy_ids


def test_a_model_call_may_inject_a_document_only_with_consent_and_without_labels() -> None:
    caller = _principal("scope:ai:invoke")
    context = AccessContext(PurposeOfUse.AI_PROCESSING, now=1_060.0)
    consented = PolicyResource(ResourceKind.DOCUMENT, "doc_1", "t1", "stored", ai_consent=True)
    assert decide(caller, "ai.document", consented, context).allow
    refused = decide(caller, "ai.document", PolicyResource(ResourceKind.DOCUMENT, "doc_1", "t1", "stored"), context)
    assert not refused.allow and refused.code == "consent_refused"
    labelled = PolicyResource(ResourceKind.DOCUMENT, "doc_1", "t1", "stored", frozenset({"hiv"}), ai_consent=True)
    assert decide(caller, "ai.document", labelled, context).code == "label_required"
    other = PolicyResource(ResourceKind.DOCUMENT, "doc_1", "t2", "stored", ai_consent=True)
    assert not decide(caller, "ai.document", other, context).allow
    assert not decide(_principal("scope:documents:read"), "ai.document", consented, context).allow
