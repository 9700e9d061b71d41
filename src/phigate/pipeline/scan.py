"""The scan stage (scanning -> clean | infected | unscannable): the quarantined object is decrypted in memory,
streamed through the quarantine gate, and the verdict (scanner names, engine and signature versions, reasons)
is recorded on the document with the state change. Any scanner failure is ``unscannable``, never ``clean``."""

from __future__ import annotations

import logging

from phigate.errors import Error, ServiceUnavailable
from phigate.models import DocumentRecord, DocumentState, ScanReason, ScanTarget, Verdict, VerdictKind
from phigate.pipeline.receive import quarantine_key
from phigate.pipeline.runner import Outcome
from phigate.ports import Scanner
from phigate.vault import Vault

log = logging.getLogger("phigate.pipeline.scan")

_STATE = {VerdictKind.CLEAN: DocumentState.CLEAN, VerdictKind.INFECTED: DocumentState.INFECTED,
          VerdictKind.UNSCANNABLE: DocumentState.UNSCANNABLE}


class ScanStage:
    name = "scan"
    source = DocumentState.SCANNING

    def __init__(self, vault: Vault, gate: Scanner) -> None:
        self._vault, self._gate = vault, gate

    def run(self, document: DocumentRecord) -> Outcome:
        chunks = self._vault.open(quarantine_key(document.tenant, document.id))
        try:
            verdict = self._gate.scan(chunks, ScanTarget(document.media_type, document.tenant))
        except ServiceUnavailable:
            raise  # the vault or database is down: stay in ``scanning`` and resume later
        except Error as exc:
            log.warning("scanning document %s failed: %s", document.id, exc.code)
            failed = Verdict.from_reasons((ScanReason(exc.code, VerdictKind.UNSCANNABLE, "gate"),))
            return Outcome(DocumentState.UNSCANNABLE, str(VerdictKind.UNSCANNABLE), failed.document_reasons(), failed)
        return Outcome(_STATE[verdict.kind], str(verdict.kind), verdict.document_reasons(), verdict)

