"""Break-glass: a person's emergency access, opened with a written justification, time-boxed (``[policy]
break_glass_seconds``, one hour by default), alerting at once (an audit event whose outcome is ``alert`` and a
``WARNING`` line on phigate's log, which goes to syslog where the deployment sends it), every access during it
flagged in its audit event, and a review list for the privacy officer afterwards.

While a window is open the decision point sees ``context.break_glass``; the shipped pack lets it open a
sensitivity label for emergency treatment (``ETREAT``). The justification is free text, so it is sealed like
other PHI fields and shown only on the review list.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate._sealed_fields import open_fields, seal_fields
from phigate._tables import break_glass
from phigate.errors import Forbidden, InputError
from phigate.models import ActorKind, Principal
from phigate.ports import Audit, KeyManager
from phigate.services._authz import authorize

log = logging.getLogger("phigate.policy")

_SEALED = "break-glass-justification"
MIN_JUSTIFICATION, MAX_JUSTIFICATION = 20, 2000


@dataclass(frozen=True, slots=True)
class BreakGlass:
    """One emergency-access window. ``justification`` is set only on the privacy officer's review list."""

    id: str
    tenant: str
    user_id: str
    opened_at: float
    expires_at: float
    justification: str | None = None

    def open_at(self, now: float) -> bool:
        return self.opened_at <= now < self.expires_at


class BreakGlassService:
    def __init__(self, engine: Engine, keys: KeyManager, audit: Audit, *, window_seconds: int) -> None:
        self._engine, self._keys, self._audit, self._window = engine, keys, audit, window_seconds

    def open(self, principal: Principal, justification: str) -> BreakGlass:
        """Open a window for this person, now, for the configured time; alert at once."""
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
        with self._engine.begin() as conn:
            conn.execute(break_glass.insert().values(
                id=window.id, tenant=window.tenant, user_id=window.user_id, sealed_justification=sealed,
                opened_at=window.opened_at, expires_at=window.expires_at))
            self._audit.record("break_glass.open", actor=principal.id, actor_kind=principal.kind,
                               tenant=window.tenant, outcome="alert", break_glass=window.id,
                               expires=int(window.expires_at))
        log.warning("ALERT: break-glass %s opened by %s in tenant %s until %d", window.id, principal.id,
                    window.tenant, int(window.expires_at))
        return window

    def active(self, principal: Principal, now: float | None = None) -> BreakGlass | None:
        """This person's open window, if any (services and AI models never have one)."""
        if principal.kind is not ActorKind.USER:
            return None
        at = time.time() if now is None else now
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(break_glass).where(
                break_glass.c.user_id == principal.id, break_glass.c.tenant == principal.tenant,
                break_glass.c.opened_at <= at, break_glass.c.expires_at > at)
                .order_by(break_glass.c.expires_at.desc()).limit(1)).first()
        return None if row is None else _window(row._mapping)

    def review(self, principal: Principal, *, since: float = 0.0) -> list[BreakGlass]:
        """Every window of the principal's tenant (every tenant for phigate's operators) with its justification,
        newest first: the privacy officer's review list. The read is audited."""
        authorize(principal, "break_glass.review", principal.tenant)
        query = sa.select(break_glass).where(break_glass.c.opened_at >= since)
        if principal.tenant is not None:
            query = query.where(break_glass.c.tenant == principal.tenant)
        with self._engine.connect() as conn:
            rows = [r._mapping for r in conn.execute(query.order_by(break_glass.c.opened_at.desc()).limit(1000))]
        self._audit.record("break_glass.review", actor=principal.id, actor_kind=principal.kind,
                           tenant=principal.tenant, outcome="success", count=len(rows))
        return [_window(m, open_fields(self._keys, str(m["tenant"]), _SEALED, str(m["id"]),
                                       bytes(m["sealed_justification"]))["text"]) for m in rows]


def _window(m: sa.RowMapping, justification: str | None = None) -> BreakGlass:
    return BreakGlass(str(m["id"]), str(m["tenant"]), str(m["user_id"]), float(m["opened_at"]),
                      float(m["expires_at"]), justification)
