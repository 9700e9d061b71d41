"""Break-glass: a person's emergency access, opened with a written justification, time-boxed (``[policy]
break_glass_seconds``, one hour by default), alerting at once (an audit event whose outcome is ``alert``, a signed
``break_glass.open`` event to the tenant's webhook queued in the same transaction as the window, and a ``WARNING``
line on phigate's log, which goes to syslog where the deployment sends it), every access during it flagged in its
audit event, and a review list for the privacy officer afterwards.

While a window is open the decision point sees ``context.break_glass``; the shipped pack lets it open a
sensitivity label for emergency treatment (``ETREAT``). The justification is free text, so it is sealed like
other PHI fields and shown only on the review list.
"""

from __future__ import annotations

import json
import logging
import secrets
import time

from phigate._sealed_fields import open_fields, seal_fields
from phigate.errors import Forbidden, InputError
from phigate.models import ActorKind, BreakGlass, Principal
from phigate.ports import Audit, BreakGlassStore, KeyManager
from phigate.services._authz import authorize

log = logging.getLogger("phigate.policy")

_SEALED = "break-glass-justification"
MIN_JUSTIFICATION, MAX_JUSTIFICATION = 20, 2000
ALERT_EVENT = "break_glass.open"  # the webhook event's name

__all__ = ["ALERT_EVENT", "MAX_JUSTIFICATION", "MIN_JUSTIFICATION", "BreakGlass", "BreakGlassService", "alert_body"]


class BreakGlassService:
    def __init__(self, store: BreakGlassStore, keys: KeyManager, audit: Audit, *, window_seconds: int) -> None:
        self._store, self._keys, self._audit, self._window = store, keys, audit, window_seconds

    def open(self, principal: Principal, justification: str) -> BreakGlass:
        """Open a window for this person, now, for the configured time; alert at once (audit, the tenant's
        webhook in the same transaction, the log)."""
        if principal.kind is not ActorKind.USER or principal.tenant is None:
            raise Forbidden("only a person signed in to a tenant may break the glass")
        authorize(principal, "break_glass.open", principal.tenant)
        text = justification.strip() if isinstance(justification, str) else ""
        if not MIN_JUSTIFICATION <= len(text) <= MAX_JUSTIFICATION:
            raise InputError(f"a break-glass justification is {MIN_JUSTIFICATION}-{MAX_JUSTIFICATION} characters "
                             "saying why this emergency needs the access")
        now = time.time()
        window = BreakGlass(f"bg_{secrets.token_hex(12)}", principal.tenant, principal.id, now, now + self._window)
        sealed = seal_fields(self._keys, window.tenant, _SEALED, window.id, {"text": text})
        self._store.open(window, sealed, alert=alert_body(window), before_commit=lambda alerted: self._audit.record(
            "break_glass.open", actor=principal.id, actor_kind=principal.kind, tenant=window.tenant, outcome="alert",
            break_glass=window.id, expires=int(window.expires_at), webhook="queued" if alerted else "none"))
        log.warning("ALERT: break-glass %s opened by %s in tenant %s until %d", window.id, principal.id,
                    window.tenant, int(window.expires_at))
        return window

    def active(self, principal: Principal, now: float | None = None) -> BreakGlass | None:
        """This person's open window, if any (services and AI models never have one)."""
        if principal.kind is not ActorKind.USER or principal.tenant is None:
            return None
        return self._store.active(principal.tenant, principal.id, time.time() if now is None else now)

    def review(self, principal: Principal, *, since: float = 0.0) -> list[BreakGlass]:
        """Every window of the principal's tenant (every tenant for phigate's operators) with its justification,
        newest first: the privacy officer's review list. The read is audited."""
        authorize(principal, "break_glass.review", principal.tenant)
        rows = self._store.windows(principal.tenant, since)
        self._audit.record("break_glass.review", actor=principal.id, actor_kind=principal.kind,
                           tenant=principal.tenant, outcome="success", count=len(rows))
        return [BreakGlass(w.id, w.tenant, w.user_id, w.opened_at, w.expires_at,
                           open_fields(self._keys, w.tenant, _SEALED, w.id, sealed)["text"]) for w, sealed in rows]


def alert_body(window: BreakGlass) -> str:
    """The webhook event announcing a window: ids and times, never the justification."""
    return json.dumps({"event": ALERT_EVENT, "tenant": window.tenant, "break_glass": window.id,
                       "user_id": window.user_id, "opened_at": window.opened_at, "expires_at": window.expires_at},
                      separators=(",", ":"), sort_keys=True)
