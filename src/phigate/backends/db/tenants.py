"""The tenants registry on the phigate database (SQLite or PostgreSQL)."""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate._tables import tenants as _t
from phigate.errors import Conflict, ServiceUnavailable
from phigate.models import Tenant


class SqlTenantDirectory:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, tenant: str, name: str | None, created_by: str, *,
            before_commit: Callable[[], None] | None = None) -> Tenant:
        row = Tenant(tenant, name, time.time(), created_by)
        try:
            with self._engine.begin() as conn:
                conn.execute(_t.insert().values(id=row.id, name=row.name, created_at=row.created_at,
                                                created_by=row.created_by))
                if before_commit is not None:
                    before_commit()
        except sa.exc.IntegrityError:
            raise Conflict("this tenant is already registered") from None
        except sa.exc.OperationalError as exc:
            raise ServiceUnavailable("database unavailable") from exc
        return row

    def get(self, tenant: str) -> Tenant | None:
        with self._engine.connect() as conn:
            found = conn.execute(sa.select(_t).where(_t.c.id == tenant)).first()
        return None if found is None else Tenant(found.id, found.name, found.created_at, found.created_by)

    def list(self) -> list[Tenant]:
        with self._engine.connect() as conn:
            return [Tenant(r.id, r.name, r.created_at, r.created_by)
                    for r in conn.execute(sa.select(_t).order_by(_t.c.id))]
