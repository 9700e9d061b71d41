"""Key administration use cases: rotate, rewrap, shred, status.

Administering keys is a separate permission (``keys:admin``) from using them to read or write data: a service
account that may read documents cannot rotate or shred keys, and the reverse. Every operation yields a
``KeyEvent`` (ids only) for the audit log, on success and on failure.
"""

from __future__ import annotations

from collections.abc import Callable

from phigate.errors import Error
from phigate.models import BlobKey, KekStatus, KeyEvent, Principal, validate_id
from phigate.services._authz import authorize
from phigate.vault import KEYS_NAMESPACE, Vault

ADMIN_SCOPE = "keys:admin"


class KeyAdministration:
    def __init__(self, vault: Vault, on_event: Callable[[KeyEvent], None],
                 require_tenant: Callable[[str], object]) -> None:
        """``require_tenant`` raises ``UnknownTenant`` for a tenant that is not registered
        (``TenantService.require``)."""
        self._vault = vault
        self._keys = vault.keys
        self._emit = on_event
        self._require_tenant = require_tenant

    def _authorise(self, principal: Principal, tenant: str, *, changes: bool = True) -> None:
        """Allowed for this tenant; a change also needs the tenant registered (a mistyped tenant gets no keys)."""
        validate_id(tenant, "tenant")
        authorize(principal, ADMIN_SCOPE, tenant)
        if changes:
            self._require_tenant(tenant)

    def _record(self, action: str, tenant: str, fn: Callable[[], KeyEvent]) -> KeyEvent:
        try:
            event = fn()
        except Error:
            self._emit(KeyEvent(action, tenant, self._keys.name, "failure"))
            raise
        self._emit(event)
        return event

    def status(self, principal: Principal, tenant: str) -> KekStatus:
        self._authorise(principal, tenant, changes=False)
        return self._keys.status(tenant)

    def tenants(self, principal: Principal) -> list[str]:
        authorize(principal, ADMIN_SCOPE)
        return [t for t in self._keys.tenants() if principal.tenant in (None, t)]

    def rotate(self, principal: Principal, tenant: str) -> KeyEvent:
        self._authorise(principal, tenant)
        return self._record("key.rotate", tenant, lambda: KeyEvent(
            "key.rotate", tenant, self._keys.name, "success", kek_version=self._keys.rotate(tenant)))

    def data_key_count(self, principal: Principal, tenant: str) -> int:
        """How many data keys the tenant has (what a rewrap will go through)."""
        self._authorise(principal, tenant, changes=False)
        return sum(1 for _ in self._vault.store.list(tenant, KEYS_NAMESPACE))

    def rewrap(self, principal: Principal, tenant: str, progress: Callable[[int], None] | None = None) -> KeyEvent:
        self._authorise(principal, tenant)

        def run() -> KeyEvent:
            count = self._vault.rewrap_tenant(tenant, progress)
            return KeyEvent("key.rewrap", tenant, self._keys.name, "success",
                            kek_version=self._keys.status(tenant).current_version, count=count)

        return self._record("key.rewrap", tenant, run)

    def shred(self, principal: Principal, tenant: str) -> KeyEvent:
        self._authorise(principal, tenant)

        def run() -> KeyEvent:
            self._keys.shred(tenant)
            return KeyEvent("key.shred", tenant, self._keys.name, "success")

        return self._record("key.shred", tenant, run)

    def shred_object(self, principal: Principal, key: BlobKey) -> KeyEvent:
        self._authorise(principal, key.tenant)

        def run() -> KeyEvent:
            self._vault.shred_object(key)
            return KeyEvent("key.shred_object", key.tenant, self._keys.name, "success", object=str(key))

        return self._record("key.shred_object", key.tenant, run)
