"""Webhook administration: set and remove a tenant's webhook. The change and its audit event commit together."""

from __future__ import annotations

from phigate.models import Principal
from phigate.pipeline.webhooks import Webhook, WebhookAdmin
from phigate.ports import Audit
from phigate.services._authz import authorize
from phigate.services.tenants import TenantService

SCOPE = "webhooks:manage"


class WebhookService:
    def __init__(self, admin: WebhookAdmin, audit: Audit, tenants: TenantService) -> None:
        self._admin, self._audit, self._tenants = admin, audit, tenants

    def set(self, principal: Principal, tenant: str, url: str, secret: str | None = None) -> str:
        """Configure (or replace) the tenant's webhook; returns its secret (generated when not given)."""
        authorize(principal, SCOPE, tenant)
        self._tenants.require(tenant)
        return self._admin.set(tenant, url, secret, before_commit=lambda: self._audit.record(
            "webhook.set", actor=principal.id, actor_kind=principal.kind, tenant=tenant, outcome="success"))

    def remove(self, principal: Principal, tenant: str) -> None:
        authorize(principal, SCOPE, tenant)
        self._admin.remove(tenant, before_commit=lambda: self._audit.record(
            "webhook.remove", actor=principal.id, actor_kind=principal.kind, tenant=tenant, outcome="success"))

    def list(self, principal: Principal, tenant: str | None = None) -> list[Webhook]:
        authorize(principal, SCOPE, tenant)
        return self._admin.list(tenant if principal.tenant is None else principal.tenant)
