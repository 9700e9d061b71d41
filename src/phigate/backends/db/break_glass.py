"""Break-glass windows (emergency access) on the phigate database (SQLite or PostgreSQL), and the alert that
opening one sends to the tenant's webhook: the window and the alert's outbox row commit in one transaction, so a
window never opens unannounced (and an alert never announces a window that did not open)."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate._tables import break_glass as _bg
from phigate.backends.db.webhooks import enqueue_event
from phigate.models import BreakGlass


class SqlBreakGlassStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def open(self, window: BreakGlass, sealed_justification: bytes, *, alert: str | None,
             before_commit: Callable[[bool], None] | None = None) -> bool:
        with self._engine.begin() as conn:
            conn.execute(_bg.insert().values(
                id=window.id, tenant=window.tenant, user_id=window.user_id, sealed_justification=sealed_justification,
                opened_at=window.opened_at, expires_at=window.expires_at))
            alerted = alert is not None and enqueue_event(conn, window.tenant, window.id, alert, now=window.opened_at)
            if before_commit is not None:
                before_commit(alerted)
        return alerted

    def active(self, tenant: str, user_id: str, at: float) -> BreakGlass | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(_bg).where(
                _bg.c.user_id == user_id, _bg.c.tenant == tenant, _bg.c.opened_at <= at, _bg.c.expires_at > at)
                .order_by(_bg.c.expires_at.desc()).limit(1)).first()
        return None if row is None else _window(row._mapping)[0]

    def windows(self, tenant: str | None, since: float, limit: int = 1000) -> list[tuple[BreakGlass, bytes]]:
        query = sa.select(_bg).where(_bg.c.opened_at >= since)
        if tenant is not None:
            query = query.where(_bg.c.tenant == tenant)
        with self._engine.connect() as conn:
            return [_window(r._mapping) for r in conn.execute(query.order_by(_bg.c.opened_at.desc()).limit(limit))]


def _window(m: sa.RowMapping) -> tuple[BreakGlass, bytes]:
    return (BreakGlass(str(m["id"]), str(m["tenant"]), str(m["user_id"]), float(m["opened_at"]),
                             float(m["expires_at"])), bytes(m["sealed_justification"]))
