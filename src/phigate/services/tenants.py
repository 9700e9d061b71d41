"""The tenants registry: a tenant exists once it is registered, and every command that names a tenant (keys,
accounts, people, webhooks, ingest) refuses one that is not, so ``--tenant dmeo`` creates nothing. Registering
commits with its audit event."""

from __future__ import annotations

from phigate.errors import InputError, UnknownTenant
from phigate.models import Principal, Tenant, validate_id
from phigate.ports import Audit, TenantDirectory
from phigate.services._authz import authorize

SCOPE = "admin"  # registering tenants is administration of phigate itself


class TenantService:
    def __init__(self, directory: TenantDirectory, audit: Audit) -> None:
        self._directory, self._audit = directory, audit

    def add(self, principal: Principal, tenant: str, name: str | None = None) -> Tenant:
        """Register ``tenant`` (``Conflict`` if it already is)."""
        validate_id(tenant, "tenant")
        if tenant.startswith("_"):
            raise InputError("tenant ids starting with '_' are reserved for phigate's own namespaces")
        if name is not None and not (0 < len(name) <= 256 and name.isprintable()):
            raise InputError("a tenant's display name is 1-256 printable characters")
        authorize(principal, SCOPE)
        return self._directory.add(tenant, name, principal.id, before_commit=lambda: self._audit.record(
            "tenant.create", actor=principal.id, actor_kind=principal.kind, tenant=tenant, outcome="success",
            tenant_id=tenant))

    def list(self, principal: Principal) -> list[Tenant]:
        """Every registered tenant (a principal bound to a tenant sees only its own)."""
        authorize(principal, SCOPE)
        return [t for t in self._directory.list() if principal.tenant in (None, t.id)]

    def find(self, tenant: str) -> Tenant | None:
        """The registered tenant ``tenant``, or None."""
        return self._directory.get(validate_id(tenant, "tenant"))

    def require(self, tenant: str) -> Tenant:
        """The registered tenant ``tenant``; ``UnknownTenant`` (naming the command that registers it) if not."""
        found = self.find(tenant)
        if found is None:
            raise UnknownTenant(f"no tenant is registered as {tenant!r}: register it first with "
                                f"`phigate tenants add {tenant}`")
        return found
