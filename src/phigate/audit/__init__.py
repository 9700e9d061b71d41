"""The tamper-evident audit log: append-only events, a hash chain and an RFC 9162 Merkle tree, signed
checkpoints, proofs, verification and exports. See ``docs/audit.md``."""

from __future__ import annotations

from phigate.audit._keys import SYSTEM_TENANT, AuditKeys, load_or_create_keys
from phigate.audit._log import CHECKPOINT_NAMESPACE, LogOptions, SqlAuditLog, checkpoint_document
from phigate.audit._open import OwnedTrail, open_audit_log
from phigate.audit.trail import AuditTrail

__all__ = ["CHECKPOINT_NAMESPACE", "SYSTEM_TENANT", "AuditKeys", "AuditTrail", "LogOptions", "OwnedTrail",
           "SqlAuditLog", "checkpoint_document", "load_or_create_keys", "open_audit_log"]
