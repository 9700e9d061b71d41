"""Deciding the sensitivity labels the analysis stage proposed, on the phigate database (SQLite or PostgreSQL).

A proposal lives in the analyse stage's result (``document_results``, ``proposed_labels``) until a person
decides it: confirming moves the label onto the document (``documents.labels``), dismissing drops it; either way
it leaves the proposals, and the document's ``updated_at`` moves on: it is the version stamp that what is kept of
a document in memory (the AI gateway's proposals) is keyed on, so a decision takes effect on the next read in
every process. The document's row is locked while deciding, so two decisions cannot interleave."""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate._tables import document_results, documents
from phigate.errors import Conflict, NotFound

_ANALYSE = "analyse"


class SqlLabelStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def decide(self, document_id: str, label: str, *, confirm: bool,
               without: Callable[[str, str], tuple[frozenset[str], str]],
               before_commit: Callable[[], None] | None = None) -> tuple[frozenset[str], frozenset[str]]:
        """Confirm or dismiss ``label``, a pending proposal of the document; its (labels, proposals) after.
        ``without(body, label)``: the analyse result's proposals and its body without ``label`` (the caller owns
        the codec). NotFound for no such document, Conflict when the label is not proposed."""
        d, r = documents, document_results
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(d.c.labels, d.c.updated_at).where(d.c.id == document_id)
                               .with_for_update()).first()
            if row is None:
                raise NotFound("no such document")
            body = conn.execute(sa.select(r.c.body).where(r.c.document_id == document_id,
                                                          r.c.stage == _ANALYSE)).scalar_one_or_none()
            proposed, rewritten = without(body, label) if body else (frozenset(), "")
            if label not in proposed:
                raise Conflict("this label is not a pending proposal of the document")
            conn.execute(r.update().where(r.c.document_id == document_id, r.c.stage == _ANALYSE)
                         .values(body=rewritten))
            labels = frozenset(str(row[0]).split()) | ({label} if confirm else set())
            stamp = max(time.time(), float(row[1]) + 0.001)  # a new version even if the clock stood still
            conn.execute(d.update().where(d.c.id == document_id).values(labels=" ".join(sorted(labels)),
                                                                         updated_at=stamp))
            if before_commit is not None:
                before_commit()
        return labels, proposed - {label}
