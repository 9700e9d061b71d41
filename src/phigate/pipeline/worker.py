"""The in-process worker: a background thread that keeps advancing every document a stage can move (after an
upload, and after a restart: the recorded state says where to resume). Several threads may run; a document two
workers race for moves once, because a transition only applies to a document still in the stage's source."""

from __future__ import annotations

import logging
import threading

from phigate.errors import Error
from phigate.pipeline.runner import Runner

log = logging.getLogger("phigate.pipeline.worker")


class PipelineWorker:
    def __init__(self, runner: Runner, *, poll_seconds: float = 1.0, batch: int = 50) -> None:
        self._runner, self._poll, self._batch = runner, poll_seconds, batch
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="phigate-pipeline", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._runner.resume(self._batch)
            except Error as exc:
                log.warning("pipeline worker pass failed: %s", exc.code)
            except Exception as exc:  # keep the worker alive; the document stays where it was
                log.error("pipeline worker pass failed unexpectedly: %s", type(exc).__name__)
            self._wake.wait(self._poll)
            self._wake.clear()
