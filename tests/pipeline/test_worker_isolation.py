"""No document can stall the pipeline: a failure of any kind stays with its document, is retried with backoff
and ends in ``failed`` after ``max_attempts``; outages are retried and never fail a document; two workers never
run the same stage on the same document."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from phigate import registry
from phigate.config import Settings
from phigate.errors import ScannerUnavailable
from phigate.models import DocumentRecord, DocumentState, Reason
from phigate.pipeline.results import FailResult
from phigate.pipeline.runner import Outcome, Runner, Stage
from phigate.pipeline.worker import PipelineWorker
from phigate.services.intake import transition_audit
from tests._fixtures.audit import detail_of, logged_events
from tests._fixtures.pipeline import EXAMPLES, settings_for_backend

HL7 = (EXAMPLES / "adt-a01.hl7").read_bytes()
FAST_RETRIES = {"max_attempts": 3, "retry_backoff_seconds": 0.01, "retry_backoff_max_seconds": 0.02}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return settings_for_backend(request, tmp_path, pipeline=FAST_RETRIES)


@pytest.fixture
def runtime(settings: Settings) -> Iterator[registry.Runtime]:
    rt = registry.build(settings)
    yield rt
    rt.close()


class Wrapped:
    """A real stage with a fault injected before it runs (``fault`` raises, or returns None to go on)."""

    def __init__(self, inner: Stage, fault: Callable[[DocumentRecord], None]) -> None:
        self.name, self.source, self._inner, self._fault = inner.name, inner.source, inner, fault
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def run(self, document: DocumentRecord) -> Outcome:
        with self._lock:
            self.calls[document.id] += 1
        self._fault(document)
        return self._inner.run(document)


def _waiting_in_scanning(rt: registry.Runtime, n: int) -> list[str]:
    """``n`` documents uploaded and left in ``scanning`` (as if the process had stopped right after intake)."""
    assert rt.documents is not None
    pipeline = rt.documents._pipeline
    rt.documents._pipeline = Runner(rt.intake.records, [])
    ids = [rt.documents.ingest("t1", [HL7], "application/hl7-v2").record.id for _ in range(n)]
    rt.documents._pipeline = pipeline
    assert all(_state(rt, i) is DocumentState.SCANNING for i in ids)
    return ids


def _state(rt: registry.Runtime, doc_id: str) -> DocumentState:
    doc = rt.intake.records.document(doc_id, "t1")
    assert doc is not None
    return doc.state


def _runner(rt: registry.Runtime, settings: Settings, scan_fault: Callable[[DocumentRecord], None]
            ) -> tuple[Runner, Wrapped]:
    assert rt.pipeline is not None
    stages = list(rt.pipeline.stages)
    scan = next(s for s in stages if s.name == "scan")
    wrapped = Wrapped(scan, scan_fault)
    stages = [wrapped if s is scan else s for s in stages]
    return Runner(rt.intake.records, stages, on_transition=transition_audit(rt.audit),
                  retry=registry.retry_policy(settings)), wrapped


def _until(predicate: Callable[[], bool], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail("the pipeline did not get there in time")
        time.sleep(0.02)


def test_a_poisoned_document_fails_alone_and_the_others_flow(runtime: registry.Runtime, settings: Settings) -> None:
    ids = _waiting_in_scanning(runtime, 3)
    poisoned = ids[0]

    def fault(doc: DocumentRecord) -> None:
        if doc.id == poisoned:
            raise KeyError("a bug met by one document")

    runner, stage = _runner(runtime, settings, fault)
    worker = PipelineWorker(runner, poll_seconds=0.02)
    worker.start()
    try:
        _until(lambda: all(_state(runtime, i) in {DocumentState.STORED, DocumentState.FAILED} for i in ids))
    finally:
        worker.stop()
    assert [_state(runtime, i) for i in ids] == [DocumentState.FAILED, DocumentState.STORED, DocumentState.STORED]
    assert stage.calls[poisoned] == 3  # max_attempts, then never again
    failed = runtime.intake.records.document(poisoned, "t1")
    assert failed is not None and failed.reasons == (
        Reason("pipeline.unexpected_error", "KeyError in the scan stage, 3 attempts"),)
    assert runtime.intake.records.transitions(poisoned)[-1] == ("scanning", "failed", "fail")
    assert runtime.intake.records.results(poisoned).fail == FailResult("scan", "pipeline.unexpected_error:KeyError", 3)
    # the move to failed is audited in the same transaction, like every other transition
    events = logged_events(settings.data_dir, _env(settings))
    [event] = [e for e in events if detail_of(e).get("target") == "failed"]
    assert event["resource_id"] == poisoned and event["tenant"] == "t1"
    assert {"op": "document.transition", "stage": "fail", "source": "scanning"}.items() <= detail_of(event).items()
    # the message of the exception (it may quote the document) is kept nowhere
    assert "a bug met by" not in str(failed) and all("a bug met by" not in str(e) for e in events)


def test_an_outage_is_retried_but_never_fails_a_document(runtime: registry.Runtime, settings: Settings) -> None:
    [doc_id] = _waiting_in_scanning(runtime, 1)
    outage = {"left": 6}  # twice max_attempts

    def fault(doc: DocumentRecord) -> None:
        if outage["left"] > 0:
            outage["left"] -= 1
            raise ScannerUnavailable("clamd is restarting")

    runner, stage = _runner(runtime, settings, fault)
    worker = PipelineWorker(runner, poll_seconds=0.02)
    worker.start()
    try:
        _until(lambda: _state(runtime, doc_id) is DocumentState.STORED)
    finally:
        worker.stop()
    assert stage.calls[doc_id] == 7


def test_a_failing_document_waits_for_its_retry_time(runtime: registry.Runtime, settings: Settings) -> None:
    [doc_id] = _waiting_in_scanning(runtime, 1)

    def fault(doc: DocumentRecord) -> None:
        raise KeyError("always")

    slow = settings.model_copy(update={"pipeline": settings.pipeline.model_copy(
        update={"retry_backoff_seconds": 3600.0, "retry_backoff_max_seconds": 3600.0})})
    runner, stage = _runner(runtime, slow, fault)
    for _ in range(5):
        runner.resume()
    # tried at once, then once more right away (the first retry is immediate), then not before its time
    assert stage.calls[doc_id] == 2
    assert _state(runtime, doc_id) is DocumentState.SCANNING


def test_two_workers_never_run_the_same_stage_twice(runtime: registry.Runtime, settings: Settings) -> None:
    ids = _waiting_in_scanning(runtime, 8)

    def slow(doc: DocumentRecord) -> None:
        time.sleep(0.05)  # long enough for both workers to see every document as due

    first, stage = _runner(runtime, settings, slow)
    second = Runner(runtime.intake.records, first.stages, on_transition=transition_audit(runtime.audit),
                    retry=registry.retry_policy(settings))
    workers = [PipelineWorker(first, poll_seconds=0.01), PipelineWorker(second, poll_seconds=0.01)]
    for w in workers:
        w.start()
    try:
        _until(lambda: all(_state(runtime, i) is DocumentState.STORED for i in ids))
    finally:
        for w in workers:
            w.stop()
    assert stage.calls == Counter({i: 1 for i in ids})


def _env(settings: Settings) -> dict[str, str]:
    return {"PHIGATE_DATABASE__URL": settings.database.url} if settings.database.url else {}
