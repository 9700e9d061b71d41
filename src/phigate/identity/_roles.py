"""People's roles. What a role may do is decided by the Cedar policies (``phigate/policies/roles.cedar``); the
table below is the scopes a person's token lists for clients (and whether the role reads PHI, so must sign in
with a second factor): keep it in step with the policies. No role grants ``admin``: administration of phigate
itself stays with service accounts and the local CLI."""

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
    INGEST_SERVICE = "ingest_service"  # feeds documents in; reads nothing back but upload status
    AI_READER = "ai_reader"  # de-identified reads for AI processing only


PHI_SCOPE: Final = "documents:read_phi"
ROLE_SCOPES: Final[dict[Role, frozenset[str]]] = {
    Role.CLINICIAN: frozenset({"uploads:create", "uploads:read", "documents:read", PHI_SCOPE, "ai:invoke"}),
    Role.REVIEWER: frozenset({"uploads:read", "documents:read", PHI_SCOPE, "ai:review"}),
    Role.PRIVACY_OFFICER: frozenset({"documents:read", PHI_SCOPE, "documents:erase", "audit:read"}),
    Role.TENANT_ADMIN: frozenset({"uploads:read", "webhooks:manage", "quarantine:admin", "ai:admin"}),
    Role.KEY_ADMIN: frozenset({"keys:admin"}),
    Role.AUDITOR: frozenset({"audit:read"}),
    Role.INGEST_SERVICE: frozenset({"uploads:create", "uploads:read"}),
    Role.AI_READER: frozenset({"documents:read"}),
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
