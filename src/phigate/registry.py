"""Configuration -> backends, built once at start-up. An unknown backend name or a failed health check stops
phigate from starting: a configured component that cannot load is fatal, never skipped."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from phigate._interim_audit import JsonlAuditTrail
from phigate.backends import db
from phigate.config import Settings
from phigate.errors import ConfigError, Error
from phigate.identity import CapabilitySigner, ServerSecret, ServiceAccounts, TokenIssuer
from phigate.pipeline._records import IntakeRecords
from phigate.pipeline.quarantine import ReceiveStage, ScanEntryStage
from phigate.pipeline.runner import Runner, Stage
from phigate.pipeline.sniff import MediaSniffer
from phigate.ports import BlobStore, KeyManager
from phigate.service import Audit, AuthService, IntakeService, transition_audit
from phigate.vault import Vault

log = logging.getLogger("phigate.registry")


def _filesystem_store(settings: Settings) -> BlobStore:
    from phigate.backends.storage.filesystem import FilesystemStore

    return FilesystemStore(settings.blob_path)


def _local_keyring(settings: Settings) -> KeyManager:
    from phigate.backends.kms.local import LocalKeyring

    passphrase = settings.keys.passphrase.get_secret_value() if settings.keys.passphrase else None
    return LocalKeyring.open(settings.keyring_path, settings.master_key_file, passphrase)


STORES: dict[str, Callable[[Settings], BlobStore]] = {"filesystem": _filesystem_store}
KEY_MANAGERS: dict[str, Callable[[Settings], KeyManager]] = {"local": _local_keyring}


@dataclass
class Runtime:
    """Everything the edges need, built once."""

    settings: Settings
    engine: Engine
    store: BlobStore
    keys: KeyManager
    vault: Vault
    audit: Audit
    accounts: ServiceAccounts
    auth: AuthService
    intake: IntakeService
    runner: Runner
    checks: dict[str, Callable[[], None]] = field(default_factory=dict)

    def readiness(self) -> dict[str, str]:
        """``ok`` or the failing error code for each component (never an exception text)."""
        out: dict[str, str] = {}
        for name, check in self.checks.items():
            try:
                check()
                out[name] = "ok"
            except Error as exc:
                out[name] = exc.code
            except Exception as exc:
                log.warning("readiness check %s failed: %s", name, type(exc).__name__)
                out[name] = "error"
        out["scanner"] = "ok" if len(self.runner.stages) > 2 else "not_configured"
        return out

    def close(self) -> None:
        self.engine.dispose()


def _pick(table: dict[str, Callable[[Settings], Any]], name: str, what: str) -> Callable[[Settings], Any]:
    try:
        return table[name]
    except KeyError:
        raise ConfigError(f"the {what} backend {name!r} is not available in this build") from None


def build(settings: Settings, *, extra_stages: tuple[Stage, ...] = ()) -> Runtime:
    """Build and health-check every component; ConfigError or ServiceUnavailable if any cannot start."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError("the data directory cannot be created") from exc
    engine = db.make_engine(settings.database_url)
    db.migrate(engine)
    db.check(engine)
    store: BlobStore = _pick(STORES, settings.storage.backend, "storage")(settings)
    keys: KeyManager = _pick(KEY_MANAGERS, settings.keys.backend, "key manager")(settings)
    store.check()
    keys.check()
    vault = Vault(store, keys, settings.crypto.segment_size)
    audit = JsonlAuditTrail(settings.intake_audit_path)
    audit.check()
    secret = ServerSecret.load_or_create(settings.server_secret_file)
    accounts = ServiceAccounts(engine)
    issuer = TokenIssuer(secret.derive("access-token"), audience=settings.auth.audience,
                         issuer=settings.auth.issuer, ttl_seconds=settings.auth.token_ttl_seconds)
    records = IntakeRecords(engine, claim_stale_after=max(60.0, 4 * settings.intake.read_timeout_seconds))
    stages: tuple[Stage, ...] = (ReceiveStage(vault), ScanEntryStage(), *extra_stages)
    runner = Runner(records, stages, on_transition=transition_audit(audit))
    base_url = settings.server.public_url or f"https://{_host_for_url(settings.server.host)}:{settings.server.port}"
    intake = IntakeService(records=records, vault=vault, sniffer=MediaSniffer(),
                           signer=CapabilitySigner(secret.derive("upload-capability")), audit=audit, runner=runner,
                           settings=settings.intake, base_url=base_url)
    checks: dict[str, Callable[[], None]] = {"database": lambda: db.check(engine), "key_manager": keys.check,
                                             "blob_store": store.check, "audit": audit.check}
    return Runtime(settings, engine, store, keys, vault, audit, accounts, AuthService(accounts, issuer, audit),
                   intake, runner, checks)


def _host_for_url(host: str) -> str:
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 - only used to spell a URL
        return "localhost"
    return f"[{host}]" if ":" in host else host


@contextlib.contextmanager
def account_admin(settings: Settings) -> Iterator[tuple[ServiceAccounts, Audit]]:
    """What ``phigate accounts`` needs: the accounts table (migrated) and the audit trail, nothing else."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError("the data directory cannot be created") from exc
    engine = db.make_engine(settings.database_url)
    try:
        db.migrate(engine)
        audit = JsonlAuditTrail(settings.intake_audit_path)
        audit.check()
        yield ServiceAccounts(engine), audit
    finally:
        engine.dispose()
