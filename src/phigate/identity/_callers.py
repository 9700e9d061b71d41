"""Whoever may mint what outlives a request (signed upload URLs, tus sessions): a service account or a person.
What they minted works only while they are still active in its tenant, so revoking an account or disabling a
person stops it at once."""

from __future__ import annotations

from phigate.identity._accounts import ServiceAccounts
from phigate.identity._users import UserDirectory


class Callers:
    def __init__(self, accounts: ServiceAccounts, users: UserDirectory) -> None:
        self._accounts, self._users = accounts, users

    def is_active(self, caller_id: str, tenant: str) -> bool:
        return self._accounts.is_active(caller_id, tenant) or self._users.is_active(caller_id, tenant)
