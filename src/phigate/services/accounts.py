"""Service-account administration: create, list, revoke one account, disable a tenant. Each change commits with
its audit event (a failed audit write leaves no account created and none revoked)."""

from __future__ import annotations

from pathlib import Path

from phigate.identity import SCOPES, IssuedCredentials, ServerSecret, ServiceAccount, ServiceAccounts
from phigate.models import Principal
from phigate.ports import Audit
from phigate.services._authz import authorize
from phigate.services.tenants import TenantService

SCOPE = "admin"  # creating credentials is administration: only an administrator may mint or revoke them


class AccountService:
    def __init__(self, accounts: ServiceAccounts, audit: Audit, tenants: TenantService) -> None:
        self._accounts, self._audit, self._tenants = accounts, audit, tenants

    def add_service(self, principal: Principal, name: str, tenant: str, scopes: set[str]) -> IssuedCredentials:
        """A new service account bound to ``tenant``; its secret is in the result, shown once, never stored."""
        authorize(principal, SCOPE, tenant)
        self._tenants.require(tenant)
        return self._accounts.add(name, tenant, scopes, before_commit=lambda client_id: self._audit.record(
            "account.create", actor=principal.id, actor_kind=principal.kind, tenant=tenant, outcome="success",
            account=client_id))

    def list(self, principal: Principal) -> list[ServiceAccount]:
        authorize(principal, SCOPE)
        return [a for a in self._accounts.list() if principal.tenant in (None, a.tenant)]

    def revoke(self, principal: Principal, client_id: str) -> ServiceAccount:
        """Revoke one account: its tokens, signed upload URLs and tus sessions stop working at once."""
        account = self._accounts.get(client_id)
        authorize(principal, SCOPE, account.tenant if account is not None else None)
        self._accounts.revoke(client_id, before_commit=lambda: self._audit.record(
            "account.revoke", actor=principal.id, actor_kind=principal.kind,
            tenant=account.tenant if account else None, outcome="success", account=client_id))
        revoked = self._accounts.get(client_id)
        assert revoked is not None
        return revoked

    def disable_tenant(self, principal: Principal, tenant: str) -> tuple[str, ...]:
        """Revoke every active account of the tenant; the ids revoked (one audit event each)."""
        authorize(principal, SCOPE, tenant)

        def record(ids: tuple[str, ...]) -> None:
            for client_id in ids:
                self._audit.record("account.revoke", actor=principal.id, actor_kind=principal.kind, tenant=tenant,
                                   outcome="success", account=client_id)

        return self._accounts.revoke_tenant(tenant, before_commit=record)


def operator_metrics_token(data_dir: Path) -> str:
    """The operator's token for ``/metrics`` (``<data dir>/keys/metrics.token``): created 0600 on first run;
    refused if others can read it."""
    path = data_dir / "keys" / "metrics.token"
    ServerSecret.load_or_create(path)
    return path.read_text().strip()


__all__ = ["SCOPES", "AccountService", "operator_metrics_token"]
