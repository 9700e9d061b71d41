"""The policy pack: the shipped one reproduces what roles and scopes allowed before the decision point (every role
against every scope, both ways), and a pack that does not parse, does not fit the schema or has a policy without an
``@id`` refuses start with an error naming the file. An operator's pack replaces the shipped one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from phigate import registry
from phigate.cli import app
from phigate.config import Settings
from phigate.errors import ConfigError
from phigate.identity import ROLE_SCOPES, SCOPES, Role
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

SHIPPED = Path(registry.__file__).parent / "policies"


@pytest.fixture(autouse=True)
def shipped_pack() -> None:
    install_policies(registry.build_policy_point(Settings()))


def _person(role: Role, tenant: str = "t1") -> Principal:
    auth = AuthContext("urn:phigate:acr:mfa", ("pwd", "otp"), 0, "s1")
    return Principal("u1", ActorKind.USER, tenant, ROLE_SCOPES[role], auth=auth, role=role.value)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("scope", sorted(SCOPES | {"keys:admin"}))
def test_every_role_is_allowed_exactly_the_scopes_its_token_lists(role: Role, scope: str) -> None:
    purpose = PurposeOfUse.AI_PROCESSING if role is Role.AI_READER else None  # it reads for nothing else
    decision = decide(_person(role), scope, PolicyResource.scope_of("t1"), AccessContext(purpose, now=100.0))
    assert decision.allow is (scope in ROLE_SCOPES[role]), decision


@pytest.mark.parametrize("scope", sorted(SCOPES | {"keys:admin"}))
def test_a_service_account_is_allowed_its_scopes_and_admin_everything(scope: str) -> None:  # ai:* included
    tenant = PolicyResource.scope_of("t1")
    assert decide(Principal("s", ActorKind.SERVICE, "t1", frozenset({scope})), scope, tenant).allow
    assert decide(Principal("s", ActorKind.SERVICE, "t1", frozenset({"admin"})), scope, tenant).allow
    others = frozenset(SCOPES - {scope, "admin"})
    assert not decide(Principal("s", ActorKind.SERVICE, "t1", others), scope, tenant).allow


def test_a_principal_bound_to_a_tenant_acts_only_inside_it() -> None:
    admin = Principal("s", ActorKind.SERVICE, "t1", frozenset({"admin"}))
    denied = decide(admin, "webhooks:manage", PolicyResource.scope_of("t2"))
    assert not denied.allow and denied.policy_ids == ("tenancy.bound",)
    anywhere = Principal("s", ActorKind.SERVICE, None, frozenset({"admin"}))
    assert decide(anywhere, "webhooks:manage", PolicyResource.scope_of("t2")).allow


def test_an_ai_reader_gets_deidentified_views_for_ai_processing_only() -> None:
    reader = _person(Role.AI_READER)
    doc = PolicyResource(ResourceKind.DOCUMENT, "d1", "t1", "stored", ai_consent=True)
    ok = decide(reader, "document.text.deidentified", doc, AccessContext(PurposeOfUse.AI_PROCESSING, now=100.0))
    assert ok.allow and ok.obligations.view is not None and ok.obligations.view.value == "deidentified"
    assert ok.policy_ids == ("role.ai_reader",) and ok.obligations.mask == {"phi", "findings"}
    assert not decide(reader, "document.text.deidentified", doc, AccessContext(PurposeOfUse.TREATMENT)).allow
    assert not decide(reader, "document.text.full", doc, AccessContext(PurposeOfUse.AI_PROCESSING)).allow


def test_a_decision_given_again_from_memory_follows_every_change_of_its_inputs() -> None:
    point = registry.build_policy_point(Settings())
    service = Principal("s", ActorKind.SERVICE, "t1", frozenset({"ai:invoke", "documents:read_phi"}))
    doc = PolicyResource(ResourceKind.DOCUMENT, "d1", "t1", "stored", ai_consent=True)
    labelled = PolicyResource(ResourceKind.DOCUMENT, "d1", "t1", "stored", frozenset({"hiv"}), ai_consent=True)
    ai = AccessContext(PurposeOfUse.AI_PROCESSING)
    for _ in range(2):  # asked again: the same answers, a label or a withdrawn consent changes them
        assert point.decide(service, "ai.document", doc, ai).allow
        assert point.decide(service, "ai.document", labelled, ai).code == "label_required"
        assert point.decide(service, "ai.document", PolicyResource(
            ResourceKind.DOCUMENT, "d1", "t1", "stored", ai_consent=False), ai).code == "consent_refused"
    clinician = _person(Role.CLINICIAN)  # signed in with a second factor at t=0; step-up asks for <= 900 s
    for now, allowed in ((100.0, True), (1000.0, False), (100.0, True), (900.0, True), (901.0, False)):
        decision = point.decide(clinician, "document.text.full", doc, AccessContext(PurposeOfUse.TREATMENT, now=now))
        assert decision.allow is allowed, (now, decision)
        assert allowed or decision.code == "insufficient_user_authentication"


def _pack(tmp_path: Path, name: str, text: str) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(SHIPPED, pack, ignore=shutil.ignore_patterns("*.cedarschema"))
    (pack / name).write_text(text)
    return pack


@pytest.mark.parametrize(("text", "complaint"), [
    ('@id("x") permit (principal, action, resource) when { principal.tenant == ', "does not parse"),
    ('@id("x") permit (principal, action, resource) when { principal.no_such_attribute == "a" };',
     "does not fit the schema"),
    ('permit (principal is Phigate::User, action, resource);', "without an @id"),
    ('@id("role.clinician") permit (principal is Phigate::User, action, resource);', "share one @id"),
])
def test_an_invalid_policy_refuses_start_naming_the_file(tmp_path: Path, text: str, complaint: str) -> None:
    pack = _pack(tmp_path, "zz-local.cedar", text)
    with pytest.raises(ConfigError, match=complaint) as raised:
        registry.build_policy_point(Settings(policy={"directory": pack}))  # a dict, as TOML gives
    if "share" not in complaint:
        assert "zz-local.cedar" in str(raised.value)


def test_the_cli_refuses_to_start_on_an_invalid_policy(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "zz-local.cedar", '@id("x") forbid (principal, action, resource) when { context.nope };')
    result = _tenants_list(tmp_path / "data", pack)
    assert result.exit_code != 0
    assert "the policy file zz-local.cedar does not fit the schema" in f"{result.output} {result.exception}"


def _tenants_list(data: Path, pack: Path | None) -> Result:
    if not data.exists():
        assert CliRunner().invoke(app, ["init", "--data-dir", str(data)]).exit_code == 0
    return CliRunner().invoke(app, ["tenants", "list", "--data-dir", str(data)],
                              env={"PHIGATE_POLICY__DIRECTORY": str(pack)} if pack else {})


def test_an_operators_pack_replaces_the_shipped_one(tmp_path: Path) -> None:
    assert _tenants_list(tmp_path / "data", None).exit_code == 0
    pack = tmp_path / "strict"
    pack.mkdir()
    shutil.copy(SHIPPED / "tenancy.cedar", pack)  # nothing is permitted: not even phigate's own operator
    result = _tenants_list(tmp_path / "data", pack)
    assert result.exit_code != 0 and "may not perform admin" in f"{result.output} {result.exception}"
