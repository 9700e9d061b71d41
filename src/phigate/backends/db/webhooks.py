"""Tenants' webhooks and the delivery outbox on the phigate database (SQLite or PostgreSQL).

The source of deliveries is ``document_transitions``, which every stage writes in the same transaction as the
state change: ``enqueue`` copies new transitions into ``webhook_deliveries`` and advances a cursor in the same
transaction; a unique index on ``transition_id`` makes two dispatchers racing on one transition harmless."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate._tables import document_transitions, documents, webhook_cursor, webhook_deliveries, webhooks
from phigate.models import Delivery, DeliveryStatus, TerminalTransition, Webhook

PENDING, SENDING = DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value
_CURSOR = "terminal"
_SETTLE = 120.0  # seconds after which a transition is surely committed or gone


class SqlWebhookStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    # --- each tenant's webhook ------------------------------------------------------------------------------

    def replace(self, tenant: str, url: str, sealed_secret: bytes, *,
                before_commit: Callable[[], None] | None = None) -> None:
        with self._engine.begin() as conn:
            conn.execute(webhooks.delete().where(webhooks.c.tenant == tenant))
            conn.execute(webhooks.insert().values(tenant=tenant, url=url, sealed_secret=sealed_secret,
                                                  created_at=time.time()))
            if before_commit is not None:
                before_commit()

    def remove(self, tenant: str, *, before_commit: Callable[[], None] | None = None) -> bool:
        with self._engine.begin() as conn:
            if conn.execute(webhooks.delete().where(webhooks.c.tenant == tenant)).rowcount == 0:
                return False
            if before_commit is not None:
                before_commit()
        return True

    def webhooks(self, tenant: str | None = None) -> list[Webhook]:
        q = sa.select(webhooks.c.tenant, webhooks.c.url, webhooks.c.created_at).order_by(webhooks.c.tenant)
        if tenant is not None:
            q = q.where(webhooks.c.tenant == tenant)
        with self._engine.connect() as conn:
            return [Webhook(r[0], r[1], float(r[2])) for r in conn.execute(q)]

    def target(self, tenant: str) -> tuple[str, bytes] | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(webhooks.c.url, webhooks.c.sealed_secret)
                               .where(webhooks.c.tenant == tenant)).first()
        return None if row is None else (str(row[0]), bytes(row[1]))

    # --- the outbox -----------------------------------------------------------------------------------------

    def enqueue(self, states: Iterable[str], render: Callable[[TerminalTransition], str], *, now: float,
                batch: int) -> int:
        try:
            return self._enqueue(list(states), render, now, batch)
        except sa.exc.IntegrityError:  # another dispatcher enqueued the same transition first
            return 0

    def _enqueue(self, states: list[str], render: Callable[[TerminalTransition], str], now: float,
                 batch: int) -> int:
        t, d, w = document_transitions, documents, webhook_deliveries
        with self._engine.begin() as conn:
            floor = conn.execute(sa.select(webhook_cursor.c.last_transition_id)
                                 .where(webhook_cursor.c.name == _CURSOR)).scalar_one_or_none()
            if floor is None:
                conn.execute(webhook_cursor.insert().values(name=_CURSOR, last_transition_id=0))
                floor = 0
            hooks = {r[0]: float(r[1]) for r in conn.execute(sa.select(webhooks.c.tenant, webhooks.c.created_at))}
            rows = conn.execute(
                sa.select(t.c.id, t.c.document_id, t.c.to_state, t.c.at, d.c.tenant, d.c.verdict, d.c.sha256,
                          d.c.media_type)
                .join(d, d.c.id == t.c.document_id)
                .where(t.c.id > floor, t.c.to_state.in_(states), d.c.tenant.in_(list(hooks)),
                       ~sa.exists().where(w.c.transition_id == t.c.id))
                .order_by(t.c.id).limit(batch)).all() if hooks else []
            count = 0
            for r in rows:
                if r.at < hooks[r.tenant]:  # before the webhook was configured: history is not replayed
                    continue
                transition = TerminalTransition(int(r.id), r.document_id, r.tenant, r.to_state, r.verdict,
                                                r.sha256, r.media_type, float(r.at))
                conn.execute(w.insert().values(
                    tenant=r.tenant, document_id=r.document_id, body=render(transition), attempts=0,
                    next_attempt_at=now, status=PENDING, transition_id=r.id, created_at=now))
                count += 1
            _raise_floor(conn, floor, rows[-1].id if len(rows) == batch else None)
        return count

    def claim_due(self, *, now: float, lease_seconds: float, batch: int) -> list[int]:
        w = webhook_deliveries
        due = sa.or_(sa.and_(w.c.status == PENDING, w.c.next_attempt_at <= now),
                     sa.and_(w.c.status == SENDING, w.c.lease_until < now))
        with self._engine.connect() as conn:
            ids = [int(r[0]) for r in conn.execute(
                sa.select(w.c.id).where(due).order_by(w.c.next_attempt_at).limit(batch))]
        claimed = []
        for delivery_id in ids:
            with self._engine.begin() as conn:
                n = conn.execute(w.update().where(w.c.id == delivery_id, due)
                                 .values(status=SENDING, lease_until=now + lease_seconds)).rowcount
            if n == 1:
                claimed.append(delivery_id)
        return claimed

    def load(self, delivery_id: int) -> tuple[str, str, int]:
        w = webhook_deliveries
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(w.c.tenant, w.c.body, w.c.attempts).where(w.c.id == delivery_id)).one()
        return str(row.tenant), str(row.body), int(row.attempts)

    def settle(self, delivery_id: int, *, status: str, attempts: int, error: str | None,
               delivered_at: float | None = None, next_attempt_at: float | None = None) -> None:
        values: dict[str, object] = {"status": status, "attempts": attempts, "last_error": error,
                                     "lease_until": None}
        if delivered_at is not None:
            values["delivered_at"] = delivered_at
        if next_attempt_at is not None:
            values["next_attempt_at"] = next_attempt_at
        with self._engine.begin() as conn:
            conn.execute(webhook_deliveries.update().where(webhook_deliveries.c.id == delivery_id).values(**values))

    def deliveries(self, tenant: str | None = None, document_id: str | None = None) -> list[Delivery]:
        w = webhook_deliveries
        q = sa.select(w.c.id, w.c.tenant, w.c.document_id, w.c.status, w.c.attempts, w.c.next_attempt_at,
                      w.c.last_error, w.c.delivered_at).order_by(w.c.id)
        if tenant is not None:
            q = q.where(w.c.tenant == tenant)
        if document_id is not None:
            q = q.where(w.c.document_id == document_id)
        with self._engine.connect() as conn:
            return [Delivery(int(r[0]), r[1], r[2], r[3], int(r[4]), float(r[5]), r[6],
                             None if r[7] is None else float(r[7])) for r in conn.execute(q)]


def _raise_floor(conn: sa.Connection, floor: int, limit: int | None) -> None:
    """Transition ids are not committed in id order on PostgreSQL, so only ids older than ``_SETTLE`` seconds
    (long committed) fall below the floor; the floor just bounds the next query."""
    t = document_transitions
    settled = conn.execute(sa.select(sa.func.max(t.c.id)).where(
        t.c.id > floor, t.c.at < time.time() - _SETTLE)).scalar_one_or_none()
    if settled is None:
        return
    new_floor = min(int(settled), limit - 1) if limit is not None else int(settled)
    if new_floor > floor:
        conn.execute(webhook_cursor.update().where(webhook_cursor.c.name == _CURSOR)
                     .values(last_transition_id=new_floor))


def enqueue_event(conn: sa.Connection, tenant: str, subject: str, body: str, *, now: float) -> bool:
    """Put one event that is not a document transition (a break-glass alert) in the outbox, inside the caller's
    transaction, when the tenant has a webhook; ``subject`` is the id the delivery concerns (in ``document_id``).
    False when the tenant has no webhook (nothing to alert)."""
    if conn.execute(sa.select(webhooks.c.tenant).where(webhooks.c.tenant == tenant)).first() is None:
        return False
    conn.execute(webhook_deliveries.insert().values(tenant=tenant, document_id=subject, body=body, attempts=0,
                                                    next_attempt_at=now, status=PENDING, created_at=now))
    return True
