"""The pipeline runner: an ordered list of stages, each taking a document from one state to the next.

No stage calls the next. Each stage is idempotent and its result is committed with the state change in one
transaction (``IntakeRecords.transition`` only moves a document that is still in the stage's source state), so
a crash anywhere re-runs at most one stage and a reader never sees a half state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from phigate.errors import ConfigError, Error, NotFound
from phigate.models import DocumentRecord, DocumentState
from phigate.pipeline._records import IntakeRecords

log = logging.getLogger("phigate.pipeline")

TERMINAL_SCAN_STATES = frozenset({DocumentState.CLEAN, DocumentState.INFECTED, DocumentState.UNSCANNABLE})


@dataclass(frozen=True, slots=True)
class Outcome:
    state: DocumentState
    verdict: str | None = None
    reasons: tuple[str, ...] = ()
    details: Mapping[str, Any] | None = None  # the stage's result summary (no PHI), stored with the transition


class Stage(Protocol):
    name: str
    source: DocumentState

    def run(self, document: DocumentRecord) -> Outcome: ...


TransitionHook = Callable[[DocumentRecord, Outcome, str], None]


class Runner:
    def __init__(self, records: IntakeRecords, stages: Sequence[Stage], *,
                 on_transition: TransitionHook | None = None) -> None:
        by_state: dict[DocumentState, Stage] = {}
        for stage in stages:
            if stage.source in by_state:
                raise ConfigError(f"two stages start from {stage.source}")
            by_state[stage.source] = stage
        self._records = records
        self._stages = by_state
        self._on_transition = on_transition

    @property
    def stages(self) -> tuple[Stage, ...]:
        return tuple(self._stages.values())

    def advance(self, document_id: str) -> DocumentRecord:
        """Run stages until the document reaches a state no stage starts from (or a stage fails)."""
        doc = self._load(document_id)
        for _ in range(len(self._stages) + 1):
            stage = self._stages.get(doc.state)
            if stage is None:
                return doc
            try:
                self._step(doc, stage)
            except Error as exc:  # the document stays where it was; a later run resumes from here
                log.warning("stage %s failed for document %s: %s", stage.name, doc.id, exc.code)
                return self._load(document_id)
            doc = self._load(document_id)
        return doc

    def _step(self, doc: DocumentRecord, stage: Stage) -> None:
        outcome = stage.run(doc)
        hook = self._on_transition
        self._records.transition(
            doc.id, doc.state, outcome.state, stage.name, verdict=outcome.verdict, reasons=outcome.reasons,
            details=outcome.details, before_commit=None if hook is None else (lambda: hook(doc, outcome, stage.name)))

    def resume(self, limit: int = 1000) -> int:
        """Advance every document a stage can move (after a restart); returns how many were looked at."""
        ids = self._records.documents_in(self._stages.keys(), limit)
        for document_id in ids:
            self.advance(document_id)
        return len(ids)

    def _load(self, document_id: str) -> DocumentRecord:
        doc = self._records.document(document_id, None)
        if doc is None:
            raise NotFound("no such document")
        return doc
