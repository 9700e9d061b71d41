"""Service accounts for tests that drive the services with hand-made principals: upload capabilities work only
while the account that minted them is active, so such a principal must exist as an account."""

from __future__ import annotations

import time

from phigate import registry
from phigate._tables import service_accounts
from phigate.models import Principal


def enrol(rt: registry.Runtime, *principals: Principal) -> None:
    """Record each principal as an active service account (no usable secret: tokens are never issued)."""
    with rt.engine.begin() as conn:
        for p in principals:
            if rt.accounts.get(p.id) is not None:
                continue
            conn.execute(service_accounts.insert().values(
                client_id=p.id, name=p.id, tenant=p.tenant, scopes=" ".join(sorted(p.scopes)),
                secret_hash="!", created_at=time.time(), revoked_at=None))
