"""The AI gateway's catalog (models, BAAs), kill switches and review queue on the phigate database."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from phigate._tables import ai_baas as _baas
from phigate._tables import ai_models as _models
from phigate._tables import ai_pauses as _pauses
from phigate._tables import ai_reviews as _reviews
from phigate.ai.catalog import Baa, Deployment, ModelEntry, ModelKind, PauseScope, Risk
from phigate.errors import Conflict, ServiceUnavailable
from phigate.ports import CatalogSnapshot, Pause, ReviewRow

_DEPLOYMENT = ("vendor", "service", "upstream_model", "region", "retention")
Hook = Callable[[], None] | None


class SqlAiCatalog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @contextmanager
    def _tx(self, before_commit: Hook = None) -> Iterator[Connection]:
        try:
            with self._engine.begin() as conn:
                yield conn
                if before_commit is not None:
                    before_commit()
        except sa.exc.IntegrityError:
            raise Conflict("this entry is already registered") from None
        except sa.exc.OperationalError as exc:
            raise ServiceUnavailable("database unavailable") from exc

    # -- catalog -----------------------------------------------------------------------------------------

    def add_model(self, model: ModelEntry, *, before_commit: Hook = None) -> None:
        d = model.deployment
        with self._tx(before_commit) as conn:
            conn.execute(_models.insert().values(
                name=model.name, **{c: getattr(d, c) for c in _DEPLOYMENT}, base_url=model.base_url,
                kind=model.kind.value, risk=model.risk.value, phi_allowed=model.phi_allowed,
                api_key_env=model.api_key_env, created_at=model.created_at, created_by=model.created_by))

    def add_baa(self, baa: Baa, created_by: str, *, before_commit: Hook = None) -> None:
        d = baa.deployment
        with self._tx(before_commit) as conn:
            conn.execute(_baas.insert().values(
                id=baa.id, **{c: getattr(d, c) for c in _DEPLOYMENT}, effective=baa.effective.isoformat(),
                expires=baa.expires.isoformat(), created_at=time.time(), created_by=created_by))

    def snapshot(self) -> CatalogSnapshot:
        """Models, BAAs and switches read in one transaction (one consistent view)."""
        try:
            with self._engine.connect() as conn:
                models = tuple(_model(r) for r in conn.execute(sa.select(_models).order_by(_models.c.name)))
                baas = tuple(_baa(r) for r in conn.execute(sa.select(_baas).order_by(_baas.c.id)))
                pauses = tuple(Pause(PauseScope(r.scope), r.target, r.paused_at, r.paused_by)
                               for r in conn.execute(sa.select(_pauses)))
        except sa.exc.OperationalError as exc:
            raise ServiceUnavailable("database unavailable") from exc
        return CatalogSnapshot(models, baas, pauses)

    # -- kill switches -------------------------------------------------------------------------------------

    def pause(self, scope: PauseScope, target: str, by: str, *, before_commit: Hook = None) -> bool:
        with self._tx(before_commit) as conn:
            found = conn.execute(sa.select(_pauses.c.scope).where(
                _pauses.c.scope == scope.value, _pauses.c.target == target)).first()
            if found is None:
                conn.execute(_pauses.insert().values(scope=scope.value, target=target, paused_at=time.time(),
                                                     paused_by=by))
        return found is None

    def resume(self, scope: PauseScope, target: str, *, before_commit: Hook = None) -> bool:
        with self._tx(before_commit) as conn:
            gone = conn.execute(_pauses.delete().where(_pauses.c.scope == scope.value,
                                                       _pauses.c.target == target)).rowcount
        return bool(gone)

    # -- review queue --------------------------------------------------------------------------------------

    def add_review(self, row: ReviewRow, *, before_commit: Hook = None) -> None:
        with self._tx(before_commit) as conn:
            conn.execute(_reviews.insert().values(
                id=row.id, tenant=row.tenant, caller=row.caller, model=row.model, status=row.status,
                answer_sha256=row.answer_sha256, created_at=row.created_at))

    def review(self, review_id: str, tenant: str | None) -> ReviewRow | None:
        query = sa.select(_reviews).where(_reviews.c.id == review_id)
        if tenant is not None:
            query = query.where(_reviews.c.tenant == tenant)
        with self._engine.connect() as conn:
            found = conn.execute(query).first()
        return None if found is None else _review(found)

    def reviews(self, tenant: str | None, status: str | None) -> list[ReviewRow]:
        query = sa.select(_reviews).order_by(_reviews.c.created_at)
        if tenant is not None:
            query = query.where(_reviews.c.tenant == tenant)
        if status is not None:
            query = query.where(_reviews.c.status == status)
        with self._engine.connect() as conn:
            return [_review(r) for r in conn.execute(query)]

    def decide_review(self, review_id: str, status: str, by: str, answer_sha256: str, *,
                      before_commit: Hook = None) -> None:
        """Move a pending review to ``status``; ``Conflict`` (``review_decided``) if it is not pending any more."""
        with self._tx(before_commit) as conn:
            changed = conn.execute(_reviews.update().where(
                _reviews.c.id == review_id, _reviews.c.status == "pending").values(
                status=status, decided_at=time.time(), decided_by=by, answer_sha256=answer_sha256)).rowcount
            if not changed:
                raise _NotPending


class _NotPending(Conflict):
    """this review was already decided"""

    code = "review_decided"


def _deployment(r: Any) -> Deployment:
    return Deployment(*(getattr(r, c) for c in _DEPLOYMENT))


def _model(r: Any) -> ModelEntry:
    return ModelEntry(r.name, _deployment(r), r.base_url, ModelKind(r.kind), Risk(r.risk), bool(r.phi_allowed),
                      r.api_key_env, r.created_at, r.created_by)


def _baa(r: Any) -> Baa:
    return Baa(r.id, _deployment(r), dt.date.fromisoformat(r.effective), dt.date.fromisoformat(r.expires))


def _review(r: Any) -> ReviewRow:
    return ReviewRow(r.id, r.tenant, r.caller, r.model, r.status, r.answer_sha256, r.created_at, r.decided_at,
                     r.decided_by)
