"""Per-tenant webhooks on terminal states, delivered from a database outbox that survives restarts.

The source of events is ``document_transitions``, which every stage writes in the same transaction as the
state change: the dispatcher copies new terminal transitions into ``webhook_deliveries`` (advancing a cursor in
the same transaction), then POSTs due deliveries. A failed attempt is retried with exponential backoff; after
``max_attempts`` the delivery is marked ``failed`` with the reason. Bodies hold ids, the state and the verdict
only, never PHI. Each request carries ``X-Phigate-Signature: t=<unix time>,v1=<hex HMAC-SHA256>`` over
``<t>.<body>`` so a receiver can check both origin and freshness (``verify_signature``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import ssl
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate._sealed_fields import open_fields, seal_fields
from phigate._tables import document_transitions, documents, webhook_cursor, webhook_deliveries, webhooks
from phigate.errors import Error, InputError, NotFound
from phigate.models import DocumentState, validate_id
from phigate.ports import KeyManager

log = logging.getLogger("phigate.webhooks")

SIGNATURE_HEADER = "X-Phigate-Signature"
TERMINAL_STATES = frozenset({DocumentState.STORED, DocumentState.NEEDS_REVIEW, DocumentState.INFECTED,
                             DocumentState.UNSCANNABLE, DocumentState.PURGED})
_SECRET_PURPOSE = "webhook-secret"  # noqa: S105 - a sealing purpose label, not a secret
_CURSOR = "terminal"
_SETTLE = 120.0  # seconds after which a transition is surely committed or gone
_LOOPBACK_NAMES = {"localhost"}

PENDING, SENDING, DELIVERED, FAILED = "pending", "sending", "delivered", "failed"


# --- signatures ---------------------------------------------------------------------------------------------


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify_signature(secret: str, body: bytes, header: str, *, tolerance: int = 300, now: float | None = None) -> bool:
    """A receiver's check: the signature matches the body and its timestamp is within ``tolerance`` seconds."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))


# --- administration -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Webhook:
    tenant: str
    url: str
    created_at: float


class WebhookAdmin:
    """Set, remove and list each tenant's webhook. The secret is sealed under the tenant's key."""

    def __init__(self, engine: Engine, keys: KeyManager, *, allow_http_loopback: bool = True) -> None:
        self._engine, self._keys, self._allow_http = engine, keys, allow_http_loopback

    def set(self, tenant: str, url: str, secret: str | None = None, *,
            before_commit: Callable[[], None] | None = None) -> str:
        """Configure (or replace) the tenant's webhook; returns the secret (generated when not given)."""
        validate_id(tenant, "tenant")
        check_url(url, allow_http_loopback=self._allow_http)
        secret = secret or secrets.token_urlsafe(32)
        if len(secret) < 16:
            raise InputError("the webhook secret must be at least 16 characters")
        sealed = seal_fields(self._keys, tenant, _SECRET_PURPOSE, tenant, {"secret": secret})
        with self._engine.begin() as conn:
            conn.execute(webhooks.delete().where(webhooks.c.tenant == tenant))
            conn.execute(webhooks.insert().values(tenant=tenant, url=url, sealed_secret=sealed, created_at=time.time()))
            if before_commit is not None:
                before_commit()  # the audit event: when it cannot be written, nothing changes
        return secret

    def remove(self, tenant: str, *, before_commit: Callable[[], None] | None = None) -> None:
        with self._engine.begin() as conn:
            if conn.execute(webhooks.delete().where(webhooks.c.tenant == tenant)).rowcount == 0:
                raise NotFound("this tenant has no webhook")
            if before_commit is not None:
                before_commit()

    def list(self, tenant: str | None = None) -> list[Webhook]:
        q = sa.select(webhooks.c.tenant, webhooks.c.url, webhooks.c.created_at).order_by(webhooks.c.tenant)
        if tenant is not None:
            q = q.where(webhooks.c.tenant == tenant)
        with self._engine.connect() as conn:
            return [Webhook(r[0], r[1], float(r[2])) for r in conn.execute(q)]

    def target(self, tenant: str) -> tuple[str, str] | None:
        """The tenant's (url, secret), or None when it has no webhook."""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(webhooks.c.url, webhooks.c.sealed_secret)
                               .where(webhooks.c.tenant == tenant)).first()
        if row is None:
            return None
        secret = open_fields(self._keys, tenant, _SECRET_PURPOSE, tenant, bytes(row[1]))["secret"]
        return str(row[0]), str(secret)


def check_url(url: str, *, allow_http_loopback: bool) -> None:
    """https anywhere; plain http only to a loopback address (and only when allowed). No credentials in it."""
    parts = urllib.parse.urlsplit(url)
    if len(url) > 2048 or not parts.hostname or parts.username or parts.password:
        raise InputError("the webhook URL must be an absolute http(s) URL without credentials")
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and allow_http_loopback and _is_loopback(parts.hostname):
        return
    raise InputError("the webhook URL must use https (plain http only to a loopback address)")


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --- the outbox and its dispatcher ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    tenant: str
    document_id: str
    status: str
    attempts: int
    next_attempt_at: float
    last_error: str | None
    delivered_at: float | None


class WebhookDispatcher:
    """One pass (``run_once``) enqueues new terminal transitions and attempts every due delivery."""

    def __init__(self, engine: Engine, admin: WebhookAdmin, *, max_attempts: int, timeout: float,
                 backoff: float, backoff_max: float, ca_file: Path | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._engine, self._admin = engine, admin
        self._max, self._timeout, self._backoff, self._backoff_max = max_attempts, timeout, backoff, backoff_max
        verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(ca_file)) if ca_file else True
        # one client (connection pool, TLS context built once); redirects are not followed: the URL is the target
        self._http = httpx.Client(verify=verify, timeout=timeout, follow_redirects=False)
        self._clock = clock

    def close(self) -> None:
        self._http.close()

    def run_once(self) -> int:
        """Returns how many deliveries were attempted."""
        self.enqueue()
        attempted = 0
        for delivery_id in self._claim_due():
            self._attempt(delivery_id)
            attempted += 1
        return attempted

    def enqueue(self, batch: int = 500) -> int:
        """Copy terminal transitions that no delivery covers yet into the outbox, for tenants whose webhook
        existed when the transition happened. Idempotent: a unique index on ``transition_id`` makes two
        dispatchers racing on the same transition harmless."""
        try:
            return self._enqueue(batch)
        except sa.exc.IntegrityError:  # another dispatcher enqueued the same transition first
            return 0

    def _enqueue(self, batch: int) -> int:
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
                .where(t.c.id > floor, t.c.to_state.in_([s.value for s in TERMINAL_STATES]),
                       d.c.tenant.in_(list(hooks)), ~sa.exists().where(w.c.transition_id == t.c.id))
                .order_by(t.c.id).limit(batch)).all() if hooks else []
            now = self._clock()
            count = 0
            for r in rows:
                if r.at < hooks[r.tenant]:  # before the webhook was configured: history is not replayed
                    continue
                body = json.dumps({"event": "document.state", "document_id": r.document_id, "tenant": r.tenant,
                                   "state": r.to_state, "verdict": r.verdict, "sha256": r.sha256,
                                   "media_type": r.media_type, "transition_id": r.id, "at": r.at},
                                  separators=(",", ":"), sort_keys=True)
                conn.execute(w.insert().values(
                    tenant=r.tenant, document_id=r.document_id, body=body, attempts=0, next_attempt_at=now,
                    status=PENDING, transition_id=r.id, created_at=now))
                count += 1
            self._raise_floor(conn, floor, rows[-1].id if len(rows) == batch else None)
        return count

    def _raise_floor(self, conn: sa.Connection, floor: int, limit: int | None) -> None:
        """Transition ids are not committed in id order on PostgreSQL, so only ids older than ``_SETTLE``
        seconds (long committed) fall below the floor; the floor just bounds the next query."""
        t = document_transitions
        settled = conn.execute(sa.select(sa.func.max(t.c.id)).where(
            t.c.id > floor, t.c.at < time.time() - _SETTLE)).scalar_one_or_none()
        if settled is None:
            return
        new_floor = min(int(settled), limit - 1) if limit is not None else int(settled)
        if new_floor > floor:
            conn.execute(webhook_cursor.update().where(webhook_cursor.c.name == _CURSOR)
                         .values(last_transition_id=new_floor))

    def _claim_due(self, batch: int = 100) -> list[int]:
        w = webhook_deliveries
        now = self._clock()
        with self._engine.connect() as conn:
            ids = [int(r[0]) for r in conn.execute(
                sa.select(w.c.id).where(sa.or_(sa.and_(w.c.status == PENDING, w.c.next_attempt_at <= now),
                                               sa.and_(w.c.status == SENDING, w.c.lease_until < now)))
                .order_by(w.c.next_attempt_at).limit(batch))]
        claimed = []
        for delivery_id in ids:
            with self._engine.begin() as conn:
                n = conn.execute(w.update().where(w.c.id == delivery_id, sa.or_(
                    sa.and_(w.c.status == PENDING, w.c.next_attempt_at <= now),
                    sa.and_(w.c.status == SENDING, w.c.lease_until < now)))
                    .values(status=SENDING, lease_until=now + self._timeout * 4)).rowcount
            if n == 1:
                claimed.append(delivery_id)
        return claimed

    def _attempt(self, delivery_id: int) -> None:
        w = webhook_deliveries
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(w.c.tenant, w.c.body, w.c.attempts).where(w.c.id == delivery_id)).one()
        error, final = self._send(row.tenant, row.body.encode())
        attempts = int(row.attempts) + 1
        now = self._clock()
        if error is None:
            values: dict[str, object] = {"status": DELIVERED, "attempts": attempts, "delivered_at": now,
                                         "last_error": None, "lease_until": None}
        elif attempts >= self._max or final:
            values = {"status": FAILED, "attempts": attempts, "last_error": error, "lease_until": None}
            log.warning("webhook delivery %s for tenant %s gave up after %d attempts: %s", delivery_id,
                        row.tenant, attempts, error)
        else:
            delay = min(self._backoff * 2 ** (attempts - 1), self._backoff_max)
            values = {"status": PENDING, "attempts": attempts, "last_error": error, "next_attempt_at": now + delay,
                      "lease_until": None}
        with self._engine.begin() as conn:
            conn.execute(w.update().where(w.c.id == delivery_id).values(**values))

    def _send(self, tenant: str, body: bytes) -> tuple[str | None, bool]:
        """(error or None, whether retrying is pointless because the tenant has no webhook any more)."""
        try:
            target = self._admin.target(tenant)
        except Error as exc:
            return f"secret_unavailable:{exc.code}", False
        if target is None:
            return "webhook_removed", True
        return self._post(target[0], target[1], body), False

    def _post(self, url: str, secret: str, body: bytes) -> str | None:
        """None on a 2xx answer, else a short error code (never the response body)."""
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body, int(time.time())),
                   "User-Agent": "phigate-webhook/1"}
        try:
            response = self._http.post(url, content=body, headers=headers)
        except httpx.TimeoutException:
            return "timeout"
        except httpx.HTTPError as exc:
            return f"connection:{type(exc).__name__}"[:128]
        if 200 <= response.status_code < 300:
            return None
        return f"http_{response.status_code}"

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

