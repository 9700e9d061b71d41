"""The stages around quarantine: a received upload is verified into quarantine, then handed to the scanner.

``ReceiveStage`` (received -> quarantined) checks that the sealed object is there, authenticates, and has the
recorded size. ``ScanEntryStage`` (quarantined -> scanning) is the scanner's entry: the scan stage itself
(scanning -> clean | infected | unscannable) is plugged in by the registry when a scanner is configured.
Nothing leaves quarantine without a ``clean`` verdict.
"""

from __future__ import annotations

from collections.abc import Callable

from phigate.models import DocumentRecord, DocumentState, Quarantined, Reason, UploadSession
from phigate.pipeline.receive import discard_parts, part_key, quarantine_key
from phigate.pipeline.runner import Outcome
from phigate.vault import Vault


def quarantined(document: DocumentRecord) -> Quarantined:
    return Quarantined(document.id, document.tenant, quarantine_key(document.tenant, document.id),
                       document.media_type, document.size, document.sha256)


class ReceiveStage:
    name = "receive"
    source = DocumentState.RECEIVED

    def __init__(self, vault: Vault, session_of: Callable[[str], UploadSession | None] | None = None) -> None:
        self._vault, self._session_of = vault, session_of

    def run(self, document: DocumentRecord) -> Outcome:
        self._discard_leftover_parts(document)
        key = quarantine_key(document.tenant, document.id)
        if self._vault.size(key) != document.size:
            return Outcome(DocumentState.UNSCANNABLE, "unscannable",
                           (Reason("size_mismatch", "the stored object does not match the upload"),))
        return Outcome(DocumentState.QUARANTINED)


    def _discard_leftover_parts(self, document: DocumentRecord) -> None:
        """A tus upload's parts, should its completion have died between recording the document and deleting
        them (a SIGKILL): this stage is a durable job deferred with the document, so they go here at the latest.
        Parts are deleted last first, so whatever a crash leaves includes the first: one look-up tells."""
        session = self._session_of(document.id) if self._session_of is not None else None
        if session is not None and session.parts > 0 and self._vault.store.exists(
                part_key(session.tenant, session.id, 0)):
            discard_parts(self._vault, session)


class ScanEntryStage:
    name = "queue-scan"
    source = DocumentState.QUARANTINED

    def run(self, document: DocumentRecord) -> Outcome:
        return Outcome(DocumentState.SCANNING)
