"""People administration: add a user, list, disable, change a role. Each change commits with its audit event (a
failed audit write leaves no user created and none changed); disabling a user or changing their role ends their
sessions in the same transaction (a change of privilege means signing in again)."""

from __future__ import annotations

from phigate.errors import NotFound
from phigate.identity import NewUser, Role, User, UserDirectory, parse_role
from phigate.models import Principal, parse_labels
from phigate.ports import Audit
from phigate.services._authz import authorize
from phigate.services.tenants import TenantService

SCOPE = "admin"  # creating people and giving them roles is administration of phigate


class UserService:
    def __init__(self, directory: UserDirectory, audit: Audit, tenants: TenantService) -> None:
        self._directory, self._audit, self._tenants = directory, audit, tenants

    def add(self, principal: Principal, email: str, tenant: str, role: str, password: str | None = None) -> NewUser:
        """A new user of ``tenant`` with ``role``: with ``password`` set now, else a one-time enrolment secret
        (in the result, shown once, stored as an Argon2id hash)."""
        authorize(principal, SCOPE, tenant)
        parsed = parse_role(role)
        self._tenants.require(tenant)
        return self._directory.add(email, tenant, parsed, password, before_commit=lambda user_id: self._audit.record(
            "user.create", actor=principal.id, actor_kind=principal.kind, tenant=tenant, outcome="success",
            user=user_id, role=parsed.value))

    def list(self, principal: Principal) -> list[User]:
        authorize(principal, SCOPE)
        return [u for u in self._directory.list() if principal.tenant in (None, u.tenant)]

    def disable(self, principal: Principal, who: str) -> User:
        """Disable a user (by id or email): their sessions end at once."""
        user = self._find(principal, who)
        self._directory.disable(user.id, before_commit=lambda: self._audit.record(
            "user.disable", actor=principal.id, actor_kind=principal.kind, tenant=user.tenant, outcome="success",
            user=user.id))
        return self._reload(user)

    def set_role(self, principal: Principal, who: str, role: str) -> User:
        """Give a user another role: every session of theirs ends (privilege change)."""
        user = self._find(principal, who)
        parsed = parse_role(role)
        self._directory.set_role(user.id, parsed, before_commit=lambda: self._audit.record(
            "user.role", actor=principal.id, actor_kind=principal.kind, tenant=user.tenant, outcome="success",
            user=user.id, role=parsed.value))
        return self._reload(user)

    def grant_label(self, principal: Principal, who: str, label: str) -> User:
        """Grant a person a sensitivity label (``part2``, ``hiv``, ...): documents carrying it become readable to
        them (with their role's other permissions). Their sessions end (privilege change)."""
        user = self._find(principal, who)
        (granted,) = parse_labels([label])
        self._directory.grant_label(user.id, granted, before_commit=lambda: self._audit.record(
            "user.label.grant", actor=principal.id, actor_kind=principal.kind, tenant=user.tenant,
            outcome="success", user=user.id, label=granted))
        return self._reload(user)

    def _find(self, principal: Principal, who: str) -> User:
        user = self._directory.get(who) or self._directory.find(who)
        authorize(principal, SCOPE, user.tenant if user is not None else None)
        if user is None or principal.tenant not in (None, user.tenant):
            raise NotFound("no such user")
        return user

    def _reload(self, user: User) -> User:
        fresh = self._directory.get(user.id)
        assert fresh is not None
        return fresh


__all__ = ["Role", "User", "UserService"]
