"""The stages around quarantine: a received upload is verified into quarantine, then handed to the scanner.

``ReceiveStage`` (received -> quarantined) checks that the sealed object is there, authenticates, and has the
recorded size. ``ScanEntryStage`` (quarantined -> scanning) is the scanner's entry: the scan stage itself
(scanning -> clean | infected | unscannable) is plugged in by the registry when a scanner is configured.
Nothing leaves quarantine without a ``clean`` verdict.
"""

from __future__ import annotations

from phigate.models import DocumentRecord, DocumentState, Quarantined, Reason
from phigate.pipeline.receive import quarantine_key
from phigate.pipeline.runner import Outcome
from phigate.vault import Vault


def quarantined(document: DocumentRecord) -> Quarantined:
    return Quarantined(document.id, document.tenant, quarantine_key(document.tenant, document.id),
                       document.media_type, document.size, document.sha256)


class ReceiveStage:
    name = "receive"
    source = DocumentState.RECEIVED

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def run(self, document: DocumentRecord) -> Outcome:
        key = quarantine_key(document.tenant, document.id)
        if self._vault.size(key) != document.size:
            return Outcome(DocumentState.UNSCANNABLE, "unscannable",
                           (Reason("size_mismatch", "the stored object does not match the upload"),))
        return Outcome(DocumentState.QUARANTINED)


class ScanEntryStage:
    name = "queue-scan"
    source = DocumentState.QUARANTINED

    def run(self, document: DocumentRecord) -> Outcome:
        return Outcome(DocumentState.SCANNING)
