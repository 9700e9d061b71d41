"""``phigate fsck``: reconcile the database, the blob store and the audit log after a crash.

A crash can leave, by design, nothing a reader sees, but it can leave things nobody will ever clean up:

- ``temp_file``: a ``.tmp-*`` file of a write that never committed (filesystem store);
- ``orphan_part``: a sealed tus part of an upload that is no longer open (completed, failed, terminated, expired)
  or that has no session at all;
- ``orphan_quarantine``: a sealed quarantine object with no document row, whose upload is not open (or that has
  no upload: an interrupted ``phigate ingest``);
- ``unfinished_upload``: a tus upload whose bytes all arrived and that nobody is completing;
- ``missing_blob``: a document whose quarantine object is gone (not purged on purpose): restore it from a backup;
- ``audit_damaged``: the audit log is missing events (``phigate audit verify`` says where).

``check`` only reports. ``repair`` removes the leftovers (crypto material included: ``Vault.delete`` drops the
object's wrapped data key) and completes the unfinished uploads, each repair recorded in the audit log *before*
it is made (an audit failure stops the repair). Missing blobs and a damaged audit log are reported, never
"repaired": they need a person and a backup. Anything written within ``grace`` seconds is left alone, since a
live writer may be about to record it.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from phigate.errors import Error, ObjectNotFound
from phigate.models import UPLOAD_OPEN as OPEN
from phigate.models import BlobKey, DocumentState, UploadSession
from phigate.pipeline.receive import PARTS, QUARANTINE, quarantine_key
from phigate.pipeline.results import Records
from phigate.ports import Audit, LeavesTemporaries
from phigate.services.intake import IntakeService
from phigate.vault import Vault

log = logging.getLogger(__name__)
# states whose original was deleted by design: purged after the forensic period, or erased on request
_BYTES_GONE_ON_PURPOSE = frozenset({DocumentState.PURGED, DocumentState.ERASED})


class FindingKind(enum.StrEnum):
    TEMP_FILE = "temp_file"
    ORPHAN_PART = "orphan_part"
    ORPHAN_QUARANTINE = "orphan_quarantine"
    UNFINISHED_UPLOAD = "unfinished_upload"
    MISSING_BLOB = "missing_blob"
    AUDIT_DAMAGED = "audit_damaged"


REPAIRABLE = frozenset({FindingKind.TEMP_FILE, FindingKind.ORPHAN_PART, FindingKind.ORPHAN_QUARANTINE,
                        FindingKind.UNFINISHED_UPLOAD})


@dataclass(frozen=True, slots=True)
class Finding:
    """One inconsistency: ids only (an object id, a path under the blob root built from ids), never content."""

    kind: FindingKind
    tenant: str | None
    object: str | None
    detail: str
    repaired: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "tenant": self.tenant, "object": self.object, "detail": self.detail,
                "repaired": self.repaired}


@dataclass(frozen=True, slots=True)
class FsckReport:
    findings: tuple[Finding, ...]
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        """Nothing is left to repair or to look at."""
        return all(f.repaired for f in self.findings)

    def as_json(self) -> dict[str, Any]:
        return {"clean": self.clean, "checked": self.checked, "findings": [f.as_json() for f in self.findings]}


class Fsck:
    def __init__(self, *, records: Records, vault: Vault, intake: IntakeService, audit: Audit,
                 audit_damage: Callable[[], str | None], grace: float = 900.0) -> None:
        self._records, self._vault, self._intake, self._audit = records, vault, intake, audit
        self._audit_damage = audit_damage
        self._grace = grace

    def check(self) -> FsckReport:
        checked: dict[str, int] = {}
        return FsckReport(tuple(self._find(checked)), checked)

    def repair(self, actor: str = "cli") -> FsckReport:
        checked: dict[str, int] = {}
        done = [self._repair(f, actor) if f.kind in REPAIRABLE else f for f in self._find(checked)]
        return FsckReport(tuple(done), checked)

    # -- finding --------------------------------------------------------------------------------------------

    def _find(self, checked: dict[str, int]) -> Iterator[Finding]:
        damage = self._audit_damage()
        if damage is not None:
            yield Finding(FindingKind.AUDIT_DAMAGED, None, None, damage)
        store = self._vault.store
        if isinstance(store, LeavesTemporaries):
            temps = store.stale_temporaries(self._grace)
            checked["temp_files"] = len(temps)
            for name in temps:
                yield Finding(FindingKind.TEMP_FILE, None, name, "a write that never committed (crash)")
        unfinished = {s.id for s in self._records.unfinished_complete_uploads()}
        for tenant in self._records.tenants():
            sessions = self._records.sessions_of(tenant)
            documents = self._records.document_states(tenant)
            checked["documents"] = checked.get("documents", 0) + len(documents)
            checked["upload_sessions"] = checked.get("upload_sessions", 0) + len(sessions)
            yield from self._parts(tenant, sessions, documents, checked)
            yield from self._quarantine(tenant, sessions, documents, checked)
            for upload_id in sorted(unfinished & sessions.keys()):
                yield Finding(FindingKind.UNFINISHED_UPLOAD, tenant, upload_id,
                              "every byte arrived but no document was recorded")
            for doc_id, state in sorted(documents.items()):
                if state not in _BYTES_GONE_ON_PURPOSE and not store.exists(quarantine_key(tenant, doc_id)):
                    yield Finding(FindingKind.MISSING_BLOB, tenant, doc_id,
                                  f"the document ({state.value}) has no sealed original: restore it from a backup")

    def _parts(self, tenant: str, sessions: dict[str, UploadSession], documents: dict[str, DocumentState],
               checked: dict[str, int]) -> Iterator[Finding]:
        for key in self._vault.store.list(tenant, PARTS):
            checked["parts"] = checked.get("parts", 0) + 1
            upload_id, _, index = key.object_id.rpartition(".")
            session = sessions.get(upload_id)
            if session is not None and session.status == OPEN and index.isdigit() and int(index) <= session.parts:
                continue  # a recorded part, or the one being written
            if documents.get(upload_id) is DocumentState.RECEIVED:
                continue  # its document's first stage deletes them
            if session is None and self._young(key):
                continue
            why = "no such upload" if session is None else f"its upload is {session.status}"
            yield Finding(FindingKind.ORPHAN_PART, tenant, key.object_id, f"a sealed upload part: {why}")

    def _quarantine(self, tenant: str, sessions: dict[str, UploadSession], documents: dict[str, DocumentState],
                    checked: dict[str, int]) -> Iterator[Finding]:
        for key in self._vault.store.list(tenant, QUARANTINE):
            checked["quarantine"] = checked.get("quarantine", 0) + 1
            if key.object_id in documents:
                continue
            session = sessions.get(key.object_id)
            if (session is not None and session.status == OPEN) or self._young(key):
                continue  # its upload may still complete (a retry overwrites it) or a writer is recording it
            why = "no such upload" if session is None else f"its upload is {session.status}"
            yield Finding(FindingKind.ORPHAN_QUARANTINE, tenant, key.object_id,
                          f"a sealed original without a document: {why}")

    def _young(self, key: BlobKey) -> bool:
        """Written within the grace period (a live writer may be about to record it); unknown ages are old."""
        store = self._vault.store
        if not isinstance(store, LeavesTemporaries):
            return False
        try:
            return time.time() - store.modified_at(key) < self._grace
        except ObjectNotFound:
            return True  # gone meanwhile: nothing to report

    # -- repairing ------------------------------------------------------------------------------------------

    def _repair(self, finding: Finding, actor: str) -> Finding:
        self._audit.record("fsck.repair", actor=actor, tenant=finding.tenant, outcome="success",
                           finding=finding.kind.value, object=finding.object)
        try:
            self._apply(finding)
        except Error as exc:
            log.warning("fsck could not repair a %s: %s", finding.kind.value, exc.code)
            return Finding(finding.kind, finding.tenant, finding.object, f"{finding.detail}; repair failed "
                           f"({exc.code})")
        return Finding(finding.kind, finding.tenant, finding.object, finding.detail, repaired=True)

    def _apply(self, finding: Finding) -> None:
        assert finding.object is not None
        store = self._vault.store
        if finding.kind is FindingKind.TEMP_FILE:
            assert isinstance(store, LeavesTemporaries)
            store.remove_temporary(finding.object)
        elif finding.kind is FindingKind.UNFINISHED_UPLOAD:
            self._intake.complete_tus(finding.object)
        else:
            assert finding.tenant is not None
            namespace = PARTS if finding.kind is FindingKind.ORPHAN_PART else QUARANTINE
            self._vault.delete(BlobKey(finding.tenant, namespace, finding.object))


def check_at_start(fsck: Fsck) -> None:
    """The start-up check: report what a crash left behind (never delete without ``phigate fsck --repair``)."""
    try:
        report = fsck.check()
    except Error as exc:
        log.warning("fsck at start-up could not run: %s", exc.code)
        return
    except Exception as exc:  # a background check must never take the server down, nor print a traceback
        log.warning("fsck at start-up could not run (%s)", type(exc).__name__)
        return
    if not report.clean:
        counts: dict[str, int] = {}
        for f in report.findings:
            counts[f.kind.value] = counts.get(f.kind.value, 0) + 1
        log.warning("fsck: %s; run `phigate fsck` for details and `phigate fsck --repair` to repair",
                    ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
