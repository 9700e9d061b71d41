"""Configuration -> backends, built once at start-up. An unknown backend name or a failed health check stops
phigate from starting: a configured component that cannot load is fatal, never skipped."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from phigate.audit import OwnedTrail, open_audit_trail
from phigate.backends import db
from phigate.config import Settings
from phigate.errors import ConfigError, Error
from phigate.identity import CapabilitySigner, ServerSecret, ServiceAccounts, TokenIssuer
from phigate.pipeline._records import IntakeRecords
from phigate.pipeline.quarantine import ReceiveStage, ScanEntryStage
from phigate.pipeline.runner import Runner, Stage
from phigate.pipeline.sniff import MediaSniffer
from phigate.ports import BlobStore, KeyManager
from phigate.service import AuthService, IntakeService, transition_audit
from phigate.vault import Vault

log = logging.getLogger("phigate.registry")


def build_key_manager(settings: Settings, *, create: bool = True) -> KeyManager:
    k = settings.keys
    if k.backend == "local":
        from phigate.backends.kms.local import LocalKeyring

        return LocalKeyring.open(settings.keyring_path, settings.master_key_file,
                                 k.passphrase.get_secret_value() if k.passphrase else None, create=create)
    if k.backend == "pkcs11":
        from phigate.backends.kms.pkcs11 import Pkcs11KeyManager

        return Pkcs11KeyManager(k.pkcs11_module, k.pkcs11_token_label or "",
                                k.pkcs11_pin.get_secret_value() if k.pkcs11_pin else "")
    if k.backend == "aws-kms":
        from phigate.backends.kms.aws import AwsKmsKeyManager

        return AwsKmsKeyManager(endpoint_url=k.kms_endpoint_url, region=k.kms_region, alias_prefix=k.kms_alias_prefix)
    raise ConfigError(f"unknown key manager backend {k.backend!r}")


def build_blob_store(settings: Settings) -> BlobStore:
    s = settings.storage
    if s.backend == "filesystem":
        from phigate.backends.storage.filesystem import FilesystemStore

        return FilesystemStore(settings.blob_path)
    if s.backend == "s3":
        from phigate.backends.storage.s3 import S3Store

        return S3Store(s.s3_bucket or "", endpoint_url=s.s3_endpoint_url, region=s.s3_region, prefix=s.s3_prefix)
    raise ConfigError(f"unknown blob store backend {s.backend!r}")


def build_vault(settings: Settings, keys: KeyManager | None = None, store: BlobStore | None = None) -> Vault:
    return Vault(store or build_blob_store(settings), keys or build_key_manager(settings),
                 segment_size=settings.crypto.segment_size)


@dataclass
class Runtime:
    """Everything the edges need, built once."""

    settings: Settings
    engine: Engine
    store: BlobStore
    keys: KeyManager
    vault: Vault
    audit: OwnedTrail
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
        try:
            self.audit.close()
        finally:
            self.engine.dispose()


def build(settings: Settings, *, extra_stages: tuple[Stage, ...] = ()) -> Runtime:
    """Build and health-check every component; ConfigError or ServiceUnavailable if any cannot start."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError("the data directory cannot be created") from exc
    engine = db.make_engine(settings.database_url)
    db.migrate(engine)
    db.check(engine)
    store = build_blob_store(settings)
    keys = build_key_manager(settings)
    store.check()
    keys.check()
    vault = Vault(store, keys, settings.crypto.segment_size)
    audit = open_audit_trail(settings, engine, keys, store)
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
def account_admin(settings: Settings) -> Iterator[tuple[ServiceAccounts, OwnedTrail]]:
    """What ``phigate accounts`` needs: the accounts table (migrated) and the audit log, nothing else."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError("the data directory cannot be created") from exc
    engine = db.make_engine(settings.database_url)
    try:
        db.migrate(engine)
        audit = open_audit_trail(settings, engine, build_key_manager(settings), build_blob_store(settings))
        try:
            yield ServiceAccounts(engine), audit
        finally:
            audit.close()
    finally:
        engine.dispose()


@contextlib.contextmanager
def audit_only(settings: Settings) -> Iterator[OwnedTrail]:
    """The audit seam alone, for commands that record events but touch nothing else (``phigate keys``)."""
    with account_admin(settings) as (_, audit):
        yield audit
