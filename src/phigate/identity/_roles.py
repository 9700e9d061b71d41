"""People's roles and what each may do today: one table from role to the service scopes it grants. The Cedar
policy decision point replaces this table with policies; until then it is the only place a role means anything.
No role grants ``admin``: administration of phigate itself stays with service accounts and the local CLI."""

from __future__ import annotations

import enum
from typing import Final


class Role(enum.StrEnum):
    CLINICIAN = "clinician"
    REVIEWER = "reviewer"
    PRIVACY_OFFICER = "privacy_officer"
    TENANT_ADMIN = "tenant_admin"  # administration of a tenant, without reading PHI
    KEY_ADMIN = "key_admin"  # key operations are CLI-only today: no API scope yet
    AUDITOR = "auditor"


PHI_SCOPE: Final = "documents:read_phi"
ROLE_SCOPES: Final[dict[Role, frozenset[str]]] = {
    Role.CLINICIAN: frozenset({"uploads:create", "uploads:read", "documents:read", PHI_SCOPE}),
    Role.REVIEWER: frozenset({"uploads:read", "documents:read", PHI_SCOPE}),
    Role.PRIVACY_OFFICER: frozenset({"documents:read", PHI_SCOPE, "documents:erase", "audit:read"}),
    Role.TENANT_ADMIN: frozenset({"uploads:read", "webhooks:manage", "quarantine:admin"}),
    Role.KEY_ADMIN: frozenset(),
    Role.AUDITOR: frozenset({"audit:read"}),
}


def reads_phi(role: Role) -> bool:
    """Whether the role can read PHI: such a role must sign in with a second factor."""
    return PHI_SCOPE in ROLE_SCOPES[role]


def parse_role(value: str) -> Role:
    from phigate.errors import InputError

    try:
        return Role(value)
    except ValueError:
        raise InputError(f"the role must be one of: {', '.join(r.value for r in Role)}") from None
