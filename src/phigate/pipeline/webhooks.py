"""Per-tenant webhooks on terminal states, delivered from a database outbox that survives restarts.

The source of events is ``document_transitions``, which every stage writes in the same transaction as the
state change: the dispatcher has the store (``ports.WebhookStore``) copy new terminal transitions into the
outbox, then POSTs due deliveries. A failed attempt is retried with exponential backoff; after
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
from pathlib import Path

import httpx

from phigate._sealed_fields import open_fields, seal_fields
from phigate.errors import Error, InputError, NotFound
from phigate.models import Delivery, DeliveryStatus, DocumentState, TerminalTransition, Webhook, validate_id
from phigate.ports import KeyManager, WebhookStore

__all__ = ["SIGNATURE_HEADER", "Delivery", "Webhook", "WebhookAdmin", "WebhookDispatcher", "check_url", "sign",
           "verify_signature"]

log = logging.getLogger("phigate.webhooks")

SIGNATURE_HEADER = "X-Phigate-Signature"
TERMINAL_STATES = frozenset({DocumentState.STORED, DocumentState.NEEDS_REVIEW, DocumentState.INFECTED,
                             DocumentState.UNSCANNABLE, DocumentState.PURGED})
_SECRET_PURPOSE = "webhook-secret"  # noqa: S105 - a sealing purpose label, not a secret
_LOOPBACK_NAMES = {"localhost"}



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


class WebhookAdmin:
    """Set, remove and list each tenant's webhook. The secret is sealed under the tenant's key."""

    def __init__(self, store: WebhookStore, keys: KeyManager, *, allow_http_loopback: bool = True) -> None:
        self._store, self._keys, self._allow_http = store, keys, allow_http_loopback

    def set(self, tenant: str, url: str, secret: str | None = None, *,
            before_commit: Callable[[], None] | None = None) -> str:
        """Configure (or replace) the tenant's webhook; returns the secret (generated when not given)."""
        validate_id(tenant, "tenant")
        check_url(url, allow_http_loopback=self._allow_http)
        secret = secret or secrets.token_urlsafe(32)
        if len(secret) < 16:
            raise InputError("the webhook secret must be at least 16 characters")
        sealed = seal_fields(self._keys, tenant, _SECRET_PURPOSE, tenant, {"secret": secret})
        self._store.replace(tenant, url, sealed, before_commit=before_commit)
        return secret

    def remove(self, tenant: str, *, before_commit: Callable[[], None] | None = None) -> None:
        if not self._store.remove(tenant, before_commit=before_commit):
            raise NotFound("this tenant has no webhook")

    def list(self, tenant: str | None = None) -> list[Webhook]:
        return self._store.webhooks(tenant)

    def target(self, tenant: str) -> tuple[str, str] | None:
        """The tenant's (url, secret), or None when it has no webhook."""
        found = self._store.target(tenant)
        if found is None:
            return None
        secret = open_fields(self._keys, tenant, _SECRET_PURPOSE, tenant, found[1])["secret"]
        return found[0], str(secret)


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


class WebhookDispatcher:
    """One pass (``run_once``) enqueues new terminal transitions and attempts every due delivery."""

    def __init__(self, store: WebhookStore, admin: WebhookAdmin, *, max_attempts: int, timeout: float,
                 backoff: float, backoff_max: float, ca_file: Path | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._store, self._admin = store, admin
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
        for delivery_id in self._store.claim_due(now=self._clock(), lease_seconds=self._timeout * 4, batch=100):
            self._attempt(delivery_id)
            attempted += 1
        return attempted

    def enqueue(self, batch: int = 500) -> int:
        """Copy terminal transitions that no delivery covers yet into the outbox, for tenants whose webhook
        existed when the transition happened. Idempotent."""
        return self._store.enqueue([s.value for s in TERMINAL_STATES], _body, now=self._clock(), batch=batch)

    def _attempt(self, delivery_id: int) -> None:
        tenant, body, attempts = self._store.load(delivery_id)
        error, final = self._send(tenant, body.encode())
        attempts += 1
        now = self._clock()
        if error is None:
            self._store.settle(delivery_id, status=DeliveryStatus.DELIVERED, attempts=attempts, error=None,
                               delivered_at=now)
        elif attempts >= self._max or final:
            self._store.settle(delivery_id, status=DeliveryStatus.FAILED, attempts=attempts, error=error)
            log.warning("webhook delivery %s for tenant %s gave up after %d attempts: %s", delivery_id,
                        tenant, attempts, error)
        else:
            delay = min(self._backoff * 2 ** (attempts - 1), self._backoff_max)
            self._store.settle(delivery_id, status=DeliveryStatus.PENDING, attempts=attempts, error=error,
                               next_attempt_at=now + delay)

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
        return self._store.deliveries(tenant, document_id)


def _body(t: TerminalTransition) -> str:
    """What a receiver gets: ids, the state and the verdict, never PHI."""
    return json.dumps({"event": "document.state", "document_id": t.document_id, "tenant": t.tenant,
                       "state": t.state, "verdict": t.verdict, "sha256": t.sha256, "media_type": t.media_type,
                       "transition_id": t.id, "at": t.at}, separators=(",", ":"), sort_keys=True)
