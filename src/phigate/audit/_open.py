"""Building the audit log from its parts (the registry and the CLI call this)."""

from __future__ import annotations

from collections.abc import Callable

from phigate.audit._keys import load_or_create_keys
from phigate.audit._log import LogOptions, SqlAuditLog
from phigate.audit.trail import AuditTrail
from phigate.config import AuditSettings
from phigate.ports import AuditStore, BlobStore, KeyManager


def open_audit_log(db: AuditStore, keys: KeyManager, store: BlobStore,
                   settings: AuditSettings | None = None, *, create_keys: bool = True) -> SqlAuditLog:
    """The audit log over the tables of an already migrated database (``db``, which the registry builds with
    ``settings.pg_role``); its keys are opened (or created) through ``keys`` and ``store``. Fails here, not at
    first use, if the tables or the keys are not usable."""
    cfg = settings or AuditSettings()
    options = LogOptions(checkpoint_every=cfg.checkpoint_every, checkpoint_interval=cfg.checkpoint_interval,
                         batch_max=cfg.batch_max, append_timeout=cfg.append_timeout,
                         checkpoint_retention_days=cfg.checkpoint_retention_days)
    witness = None
    if cfg.witness_syslog:
        from phigate.audit.export import syslog_witness

        witness = syslog_witness(cfg.witness_syslog, ca_file=cfg.witness_ca_file,
                                 server_name=cfg.witness_server_name)
    return SqlAuditLog(db, load_or_create_keys(keys, store, create=create_keys), store, options, witness)


class OwnedTrail(AuditTrail):
    """An ``AuditTrail`` that owns its log (``release``: what else to let go of once the log is closed, such as the
    log's engine when it is not the main one)."""

    def __init__(self, log: SqlAuditLog, release: Callable[[], None] | None = None) -> None:
        super().__init__(log)
        self._release = release

    def close(self) -> None:
        self.log.close()
        if self._release is not None:
            self._release()
