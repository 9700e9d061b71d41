"""A minimal append-only JSON-lines audit trail behind the ``service.Audit`` seam, used until the audit log
(``AuditLog`` port, hash-chained and checkpointed) is wired in by the registry. Ids and codes only, never PHI.
Each event is written and fsynced before the use case commits; any failure raises AuditError."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from phigate.errors import AuditError


class JsonlAuditTrail:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise AuditError("the audit trail directory cannot be created") from exc

    def record(self, action: str, *, actor: str, tenant: str | None, outcome: str,
               **details: str | int | None) -> None:
        event = {"at": time.time(), "action": action, "actor": actor, "tenant": tenant, "outcome": outcome,
                 **{k: v for k, v in details.items() if v is not None}}
        line = (json.dumps(event, separators=(",", ":"), sort_keys=True) + "\n").encode()
        with self._lock:
            try:
                fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, line)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                raise AuditError("the audit event could not be written; the operation was not performed") from exc

    def check(self) -> None:
        if not self._path.parent.is_dir() or not os.access(self._path.parent, os.W_OK):
            raise AuditError("the audit trail is not writable")
