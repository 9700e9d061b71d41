"""A crash between stages, or inside one, resumes from the recorded state; re-running a stage is harmless."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from phigate import registry
from phigate.config import Settings
from phigate.errors import ServiceUnavailable
from phigate.models import DocumentRecord, DocumentState
from phigate.pipeline.analyse import AnalyseStage
from phigate.pipeline.runner import Outcome, Runner
from tests._fixtures.pipeline import EXAMPLES, settings_for_backend

HL7 = (EXAMPLES / "adt-a01.hl7").read_bytes()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return settings_for_backend(request, tmp_path)


@pytest.fixture
def runtime(settings: Settings) -> Iterator[registry.Runtime]:
    rt = registry.build(settings)
    yield rt
    rt.close()


class CrashAfterWork(AnalyseStage):
    """The analysis ran and wrote its sealed results, then the process 'died' before the transition."""

    def run(self, document: DocumentRecord) -> Outcome:
        super().run(document)
        raise ServiceUnavailable("simulated crash")


def _stuck_in_extracting(rt: registry.Runtime) -> str:
    """Ingest, but with a worker whose analyse stage crashes every time."""
    assert rt.pipeline is not None and rt.documents is not None
    stages = list(rt.pipeline.stages)
    crashing = [CrashAfterWork(rt.vault, lambda tenant: b"k" * 32) if s.name == "analyse" else s for s in stages]
    records = rt.intake.records
    rt.documents._pipeline = Runner(records, crashing)
    view = rt.documents.ingest("t1", [HL7], "application/hl7-v2")
    assert view.record.state is DocumentState.EXTRACTING
    return view.record.id


def test_a_crash_inside_a_stage_resumes_after_restart(settings: Settings, runtime: registry.Runtime) -> None:
    doc_id = _stuck_in_extracting(runtime)
    runtime.close()
    restarted = registry.build(settings)  # a new process would do exactly this
    try:
        assert restarted.pipeline is not None
        assert restarted.pipeline.resume() >= 1
        doc = restarted.intake.records.document(doc_id, "t1")
        assert doc is not None and doc.state is DocumentState.STORED
        path = [(a, b) for a, b, _ in restarted.intake.records.transitions(doc_id)]
        assert path == [(None, "received"), ("received", "quarantined"), ("quarantined", "scanning"),
                        ("scanning", "clean"), ("clean", "extracting"), ("extracting", "analysing"),
                        ("analysing", "stored")]
        analysed = restarted.intake.records.results(doc_id).analyse
        assert analysed is not None and analysed.phi["NAME"] >= 1
    finally:
        restarted.close()


def test_rerunning_a_finished_document_changes_nothing(runtime: registry.Runtime) -> None:
    assert runtime.documents is not None and runtime.pipeline is not None
    view = runtime.documents.ingest("t1", [HL7], "application/hl7-v2")
    assert view.record.state is DocumentState.STORED
    before = runtime.intake.records.transitions(view.record.id)
    again = runtime.documents.advance(view.record.id)
    assert again.record.state is DocumentState.STORED
    assert runtime.intake.records.transitions(view.record.id) == before


def test_the_background_worker_moves_documents_left_in_scanning(runtime: registry.Runtime) -> None:
    import time

    from phigate.pipeline.worker import PipelineWorker

    assert runtime.documents is not None and runtime.pipeline is not None
    pipeline = runtime.documents._pipeline
    runtime.documents._pipeline = Runner(runtime.intake.records, [])
    doc_id = runtime.documents.ingest("t1", [HL7], "application/hl7-v2").record.id
    assert runtime.intake.records.document(doc_id, "t1").state is DocumentState.SCANNING  # type: ignore[union-attr]
    runtime.documents._pipeline = pipeline
    worker = PipelineWorker(runtime.pipeline, poll_seconds=0.05)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            doc = runtime.intake.records.document(doc_id, "t1")
            if doc is not None and doc.state is DocumentState.STORED:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the worker did not move the document")
    finally:
        worker.stop()
