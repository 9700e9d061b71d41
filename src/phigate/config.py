"""phigate's settings: ``PHIGATE_*`` environment variables (nested with ``__``), then an optional
``phigate.toml`` in the data directory, then the embedded defaults. Build one ``Settings`` per process in the
app factory or CLI; there is no module-level instance."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import url as sa_url

from phigate.errors import ConfigError
from phigate.models import ExtractionLimits


class StorageSettings(BaseModel):
    backend: Literal["filesystem", "s3"] = "filesystem"
    path: Path | None = None  # filesystem root; default <data_dir>/blobs
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_prefix: str = ""


class KeySettings(BaseModel):
    backend: Literal["local", "pkcs11", "aws-kms"] = "local"
    # local keyring: the master key comes from exactly one of these (env PHIGATE_MASTER_KEY is read by the
    # keyring itself so that it never sits in a settings dump)
    keyring_path: Path | None = None  # default <data_dir>/keys/keyring.json
    master_key_file: Path | None = None  # default <data_dir>/keys/master.key (created 0600 on first run)
    passphrase: SecretStr | None = None
    # pkcs11
    pkcs11_module: str = "/usr/lib/softhsm/libsofthsm2.so"
    pkcs11_token_label: str | None = None
    pkcs11_pin: SecretStr | None = None
    # aws kms
    kms_endpoint_url: str | None = None
    kms_region: str = "us-east-1"
    kms_alias_prefix: str = "alias/phigate"


class CryptoSettings(BaseModel):
    segment_size: int = Field(default=64 * 1024, ge=4096, le=16 * 1024 * 1024)


class ExtractionSettings(BaseModel):
    """Caps and OCR settings for text extraction (see ``models.ExtractionLimits``)."""

    max_pages: int = Field(default=5000, ge=1)
    max_ocr_pages: int = Field(default=500, ge=0)
    max_image_frames: int = Field(default=100, ge=1)
    max_image_pixels: int = Field(default=60_000_000, ge=1_000_000)
    max_text_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    max_archive_bytes: int = Field(default=256 * 1024 * 1024, ge=1024)
    max_compression_ratio: int = Field(default=200, ge=10)
    max_attachment_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    max_nesting: int = Field(default=2, ge=0, le=8)
    ocr_dpi: int = Field(default=300, ge=72, le=600)
    ocr_timeout_seconds: float = Field(default=120.0, gt=0)
    ocr_language: str = "eng"
    tesseract_cmd: str = "tesseract"
    min_text_layer_chars: int = Field(default=16, ge=1)

    def limits(self) -> ExtractionLimits:
        return ExtractionLimits(**self.model_dump())


class ScanLimits(BaseModel):
    """Hard caps of the quarantine gate. Anything beyond a cap is refused (``unscannable`` or ``infected``),
    never waved through. Everything is judged in memory, so ``max_document_bytes`` also bounds memory."""

    model_config = ConfigDict(extra="forbid")  # a mistyped limit must not silently keep its default

    max_document_bytes: int = Field(default=100 * 1024 * 1024, ge=1)
    max_pdf_pages: int = Field(default=2000, ge=1)
    max_pdf_objects: int = Field(default=200_000, ge=1)
    max_zip_entries: int = Field(default=10_000, ge=1)
    max_zip_uncompressed_bytes: int = Field(default=512 * 1024 * 1024, ge=1)
    max_zip_ratio: int = Field(default=100, ge=1)  # per entry, uncompressed / compressed
    max_image_pixels: int = Field(default=60_000_000, ge=1)  # per frame
    max_image_frames: int = Field(default=200, ge=1)
    max_text_bytes: int = Field(default=32 * 1024 * 1024, ge=1)
    max_json_depth: int = Field(default=64, ge=1)
    max_hl7_segments: int = Field(default=100_000, ge=1)
    max_dicom_elements: int = Field(default=20_000, ge=1)  # data elements in a DICOM header, nested included


class ScanSettings(BaseModel):
    """The quarantine gate. The structural validators are built in and always on; ``scanners`` adds engines.
    ``policy`` maps an adjustable finding code to ``reject`` or ``flag`` for every tenant, and
    ``tenant_policies`` overrides it per tenant (for example ``{"t1": {"pdf.open_action": "flag"}}``)."""

    model_config = ConfigDict(extra="forbid")

    scanners: list[Literal["yara", "clamd"]] = ["yara"]
    clamd_socket: Path | None = None  # unix socket; when unset, TCP to clamd_host:clamd_port
    clamd_host: str = "127.0.0.1"
    clamd_port: int = Field(default=3310, ge=1, le=65535)
    clamd_timeout: float = Field(default=30.0, gt=0)
    # Must not exceed clamd's own StreamMaxLength / MaxFileSize / MaxScanSize: clamd answers OK for what it
    # skipped, so phigate refuses larger streams itself.
    clamd_max_stream_bytes: int = Field(default=100 * 1024 * 1024, ge=1)
    yara_builtin_rules: bool = True
    yara_rules_dirs: list[Path] = []
    yara_timeout: int = Field(default=10, ge=1)
    limits: ScanLimits = ScanLimits()
    policy: dict[str, Literal["reject", "flag"]] = {}
    tenant_policies: dict[str, dict[str, Literal["reject", "flag"]]] = {}


class AuditSettings(BaseModel):
    database_url: str | None = None  # default sqlite:///<data_dir>/phigate.db
    checkpoint_every: int = Field(default=1000, ge=1)  # events between signed checkpoints
    checkpoint_interval: float = Field(default=2.0, gt=0)  # seconds between checkpoints while events arrive
    batch_max: int = Field(default=2000, ge=1, le=100_000)  # events per group commit
    append_timeout: float = Field(default=10.0, gt=0)  # seconds a caller waits for its event to be durable
    checkpoint_retention_days: int | None = Field(default=None, ge=1)  # WORM retention of checkpoint blobs
    pg_role: str | None = "phigate_audit_writer"  # PostgreSQL role (INSERT/SELECT only) for every write
    witness_syslog: str | None = None  # HOST:PORT: every signed checkpoint also goes there (RFC 5424 over TLS)
    witness_ca_file: Path | None = None  # CA to trust for witness_syslog (default: the system's)
    witness_server_name: str | None = None  # the name in the witness's certificate (default: HOST)
    witness_files: list[Path] = []  # what the witness received (e.g. its log file): audit verify reads them


class DatabaseSettings(BaseModel):
    url: str | None = None  # default: SQLite (WAL) at <data_dir>/phigate.db; or postgresql+psycopg://...


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(default=8443, ge=0, le=65535)
    cert_file: Path | None = None  # default: a self-signed localhost certificate in <data_dir>/tls/
    key_file: Path | None = None
    public_url: str | None = None  # base of the signed and tus URLs; default https://<host>:<port>
    hsts_max_age: int = 63072000
    keep_alive_timeout: int = Field(default=5, ge=1, le=300)


class AuthSettings(BaseModel):
    token_ttl_seconds: int = Field(default=900, ge=30, le=900)
    audience: str = "phigate-api"
    issuer: str = "phigate"
    secret_file: Path | None = None  # default <data_dir>/keys/server.key (created 0600 on first run)


class PipelineSettings(BaseModel):
    """The in-process workers that move documents from quarantine to stored (``0`` workers: none run)."""

    workers: int = Field(default=1, ge=0, le=64)
    poll_seconds: float = Field(default=1.0, gt=0)
    ocr: bool = True  # OCR with Tesseract (refuse to start when it is missing); False: no OCR


class IntakeSettings(BaseModel):
    session_ttl_seconds: int = Field(default=600, ge=1, le=900)
    max_upload_bytes: int = Field(default=2 * 1024**3, ge=1)
    sessions_per_client: int = Field(default=10_000, ge=1)  # upload sessions per principal per window
    rate_window_seconds: int = Field(default=3600, ge=1)
    read_timeout_seconds: float = Field(default=30.0, gt=0)  # a body that stalls this long is dropped (408)
    purge_interval_seconds: float = Field(default=60.0, gt=0)
    # a write claim's lease: renewed while its process lives; one left by a crashed process lapses after this
    claim_lease_seconds: float = Field(default=10.0, ge=1, le=300)
    webhook_timeout_seconds: float = Field(default=5.0, gt=0)
    webhook_max_attempts: int = Field(default=5, ge=1, le=20)


class ReleaseSettings(BaseModel):
    """The quarantine release workflow and per-tenant webhooks."""

    infected_retention_seconds: float = Field(default=30 * 86400, ge=0)  # forensic period before purge
    purge_interval_seconds: float = Field(default=300.0, gt=0)
    webhook_poll_seconds: float = Field(default=2.0, gt=0)
    webhook_backoff_seconds: float = Field(default=2.0, gt=0)  # first retry delay; doubles per attempt
    webhook_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    webhook_replay_window_seconds: int = Field(default=300, ge=1)  # advertised to receivers
    webhook_allow_http_loopback: bool = True  # plain http only to 127.0.0.1/::1/localhost
    webhook_ca_file: Path | None = None  # extra CA bundle for receivers' certificates


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PHIGATE_", env_nested_delimiter="__", extra="forbid")

    data_dir: Path = Path("./phigate-data")
    environment: Literal["development", "production"] = "development"
    storage: StorageSettings = StorageSettings()
    keys: KeySettings = KeySettings()
    crypto: CryptoSettings = CryptoSettings()
    extraction: ExtractionSettings = ExtractionSettings()
    scan: ScanSettings = ScanSettings()
    audit: AuditSettings = AuditSettings()
    database: DatabaseSettings = DatabaseSettings()
    server: ServerSettings = ServerSettings()
    auth: AuthSettings = AuthSettings()
    intake: IntakeSettings = IntakeSettings()
    pipeline: PipelineSettings = PipelineSettings()
    release: ReleaseSettings = ReleaseSettings()

    @classmethod
    def load(cls, data_dir: Path | None = None, **overrides: Any) -> Settings:
        """Settings from the environment, ``<data_dir>/phigate.toml`` and ``overrides`` (highest first:
        overrides, environment, file, defaults)."""
        try:
            base = cls() if data_dir is None else cls(data_dir=data_dir)
            file_values: dict[str, Any] = {}
            toml_path = base.data_dir / "phigate.toml"
            if toml_path.is_file():
                with toml_path.open("rb") as fh:
                    file_values = tomllib.load(fh)
            env_values = base.model_dump(exclude_unset=True)
            merged = _deep_merge(_deep_merge(file_values, env_values), overrides)
            return cls.model_validate(merged)
        except (ValidationError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"invalid configuration: {_summarise(exc)}") from exc

    @property
    def blob_path(self) -> Path:
        return self.storage.path or self.data_dir / "blobs"

    @property
    def keyring_path(self) -> Path:
        return self.keys.keyring_path or self.data_dir / "keys" / "keyring.json"

    @property
    def master_key_file(self) -> Path:
        return self.keys.master_key_file or self.data_dir / "keys" / "master.key"

    @property
    def database_url(self) -> str:
        return self.database.url or f"sqlite+pysqlite:///{self.data_dir / 'phigate.db'}"

    @property
    def audit_database_url(self) -> str:
        """The audit log's database unless configured apart: the main one on PostgreSQL; with SQLite a file of its
        own beside the main one, because use cases append their audit event inside their own write transaction
        and SQLite allows one writer per file."""
        if self.audit.database_url:
            return self.audit.database_url
        url = sa_url.make_url(self.database_url)
        database = url.database
        if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
            return self.database_url
        return url.set(database=str(Path(database).with_suffix(".audit.db"))).render_as_string(hide_password=False)

    @property
    def server_secret_file(self) -> Path:
        return self.auth.secret_file or self.data_dir / "keys" / "server.key"



def _deep_merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for k, v in b.items():
        out[k] = _deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _summarise(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return str(exc)
