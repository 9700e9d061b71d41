"""phigate's settings: ``PHIGATE_*`` environment variables (nested with ``__``), then an optional
``phigate.toml`` in the data directory, then the embedded defaults. Build one ``Settings`` per process in the
app factory or CLI; there is no module-level instance."""

from __future__ import annotations

import contextvars
import ipaddress
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from sqlalchemy.engine import url as sa_url

from phigate._edge_config import EdgeSettings, rate_spec
from phigate._oidc_config import OidcSettings
from phigate.errors import ConfigError
from phigate.models import ExtractionLimits


class _Section(BaseModel):
    """A settings section: a mistyped key (``[keys] bakend = "pkcs11"``) refuses start with its name, rather than
    silently keeping the default."""

    model_config = ConfigDict(extra="forbid")


class StorageSettings(_Section):
    backend: Literal["filesystem", "s3"] = "filesystem"  # where ciphertext blobs live
    path: Path | None = None  # filesystem root; default <data_dir>/blobs
    s3_bucket: str | None = None  # bucket (create it with Object Lock for WORM retention)
    s3_endpoint_url: str | None = None  # an S3-compatible endpoint; unset: AWS
    s3_region: str = "us-east-1"  # the bucket's region
    s3_prefix: str = ""  # prefix of every object key


class KeySettings(_Section):
    backend: Literal["local", "pkcs11", "aws-kms"] = "local"  # who holds the tenants' key-encryption keys
    # local keyring: the master key comes from exactly one of these (env PHIGATE_MASTER_KEY is read by the
    # keyring itself so that it never sits in a settings dump)
    keyring_path: Path | None = None  # default <data_dir>/keys/keyring.json
    master_key_file: Path | None = None  # default <data_dir>/keys/master.key (created 0600 on first run)
    passphrase: SecretStr | None = None  # derive the local master key from this (scrypt) instead of a key file
    # pkcs11
    pkcs11_module: str = "/usr/lib/softhsm/libsofthsm2.so"  # the HSM's PKCS#11 library
    pkcs11_token_label: str | None = None  # the HSM token holding the KEKs
    pkcs11_pin: SecretStr | None = None  # the token's user PIN
    # aws kms
    kms_endpoint_url: str | None = None  # a KMS endpoint; unset: AWS
    kms_region: str = "us-east-1"  # the KMS region
    kms_alias_prefix: str = "alias/phigate"  # KMS aliases are <prefix>/<tenant>/v<n>


class CryptoSettings(_Section):
    segment_size: int = Field(default=64 * 1024, ge=4096, le=16 * 1024 * 1024)  # plaintext bytes per AES-GCM segment


class ExtractionSettings(_Section):
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


class ScanLimits(_Section):
    """Hard caps of the quarantine gate. Anything beyond a cap is refused (``unscannable`` or ``infected``),
    never waved through. Everything is judged in memory, so ``max_document_bytes`` also bounds memory."""

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


class ScanSettings(_Section):
    """The quarantine gate. The structural validators are built in and always on; ``scanners`` adds engines.
    ``policy`` maps an adjustable finding code to ``reject`` or ``flag`` for every tenant, and
    ``tenant_policies`` overrides it per tenant (for example ``{"t1": {"pdf.open_action": "flag"}}``)."""

    scanners: list[Literal["yara", "clamd"]] = ["yara"]  # engines besides the always-on structural validators
    clamd_socket: Path | None = None  # unix socket; when unset, TCP to clamd_host:clamd_port
    clamd_host: str = "127.0.0.1"  # clamd TCP address (when clamd_socket is unset)
    clamd_port: int = Field(default=3310, ge=1, le=65535)  # clamd TCP port
    clamd_timeout: float = Field(default=30.0, gt=0)  # seconds clamd may take per document
    # Must not exceed clamd's own StreamMaxLength / MaxFileSize / MaxScanSize: clamd answers OK for what it
    # skipped, so phigate refuses larger streams itself.
    clamd_max_stream_bytes: int = Field(default=100 * 1024 * 1024, ge=1)  # at most clamd's own stream limits
    yara_builtin_rules: bool = True  # use the shipped starter rules
    yara_rules_dirs: list[Path] = []  # directories of your own *.yar rules
    yara_timeout: int = Field(default=10, ge=1)  # seconds YARA may take per document
    limits: ScanLimits = ScanLimits()
    policy: dict[str, Literal["reject", "flag"]] = {}  # content finding code -> reject or flag, for every tenant
    tenant_policies: dict[str, dict[str, Literal["reject", "flag"]]] = {}  # per tenant overrides of policy


class AuditSettings(_Section):
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


class DatabaseSettings(_Section):
    url: str | None = None  # default: SQLite (WAL) at <data_dir>/phigate.db; or postgresql+psycopg://...


class ServerSettings(_Section):
    host: str = "127.0.0.1"  # address to listen on
    port: int = Field(default=8443, ge=0, le=65535)  # HTTPS port (TLS 1.3 only)
    cert_file: Path | None = None  # default: a self-signed localhost certificate in <data_dir>/tls/
    key_file: Path | None = None  # the private key of cert_file
    public_url: str | None = None  # base of the signed and tus URLs; default https://<host>:<port>
    hsts_max_age: int = 63072000  # Strict-Transport-Security max-age (seconds)
    keep_alive_timeout: int = Field(default=5, ge=1, le=300)  # seconds an idle keep-alive connection stays open
    # reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the caller; nobody else's is believed
    trusted_proxies: list[str] = []

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            ipaddress.ip_network(item, strict=False)  # ValueError: reported with the key's name
        return value


class AuthSettings(_Section):
    token_ttl_seconds: int = Field(default=900, ge=30, le=900)  # access token lifetime (15 minutes at most)
    audience: str = "phigate-api"  # the tokens' aud claim
    issuer: str = "phigate"  # the tokens' iss claim
    secret_file: Path | None = None  # default <data_dir>/keys/server.key (created 0600 on first run)


class PipelineSettings(_Section):
    """The in-process workers that move documents from quarantine to stored (``0`` workers: none run)."""

    workers: int = Field(default=1, ge=0, le=64)  # in-process pipeline worker threads of phigate serve (0: none)
    poll_seconds: float = Field(default=1.0, gt=0)  # how often an idle worker looks for work
    ocr: bool = True  # OCR with Tesseract (refuse to start when it is missing); False: no OCR
    max_attempts: int = Field(default=5, ge=1, le=100)  # a stage failing this often makes the document failed
    retry_backoff_seconds: float = Field(default=2.0, gt=0)  # second retry's delay (the first is at once)
    retry_backoff_max_seconds: float = Field(default=300.0, gt=0)  # the delay doubles up to this
    lease_seconds: float = Field(default=900.0, ge=1)  # how long a dead worker's documents wait for another


class PhiSettings(_Section):
    """The PHI engine's decisions on names and places in the pipeline's analysis (docs/phi.md, "Thresholds"): the
    score (log-odds) a candidate must reach. Lower finds more PHI and hides more clinical words; higher the reverse.
    The defaults favour recall, since the de-identified view feeds AI components. The AI gateway's own scrub of
    prompts and answers always decides at the defaults."""

    name_threshold: float = Field(default=0.0, ge=-20.0, le=20.0)  # log-odds a candidate name must reach (0: even)
    place_threshold: float = Field(default=0.0, ge=-20.0, le=20.0)  # the same for towns and counties of the lists


class JobsSettings(_Section):
    """Where the pipeline's stages run (docs/deployment.md). ``threads``: inside ``phigate serve`` (the embedded
    default, any database). ``procrastinate``: jobs on PostgreSQL, deferred in the same transaction as each state
    change and run by ``phigate worker`` processes on any number of machines; the API then only defers."""

    backend: Literal["threads", "procrastinate"] = "threads"  # procrastinate needs [database] url on PostgreSQL
    concurrency: int = Field(default=2, ge=1, le=64)  # jobs one phigate worker runs at once (threads)
    periodic_seconds: int = Field(default=15, ge=1, le=59)  # housekeeping and the sweep for jobs lost in a crash
    heartbeat_seconds: float = Field(default=10.0, gt=0)  # how often a worker tells PostgreSQL it is alive
    stalled_worker_seconds: float = Field(default=30.0, gt=0)  # a silent worker's running jobs are retried after
    shutdown_grace_seconds: float = Field(default=60.0, ge=0)  # on SIGTERM, running jobs get this long to finish


class SandboxSettings(_Section):
    """Scanning, extraction and OCR run in a child process per document, forked from a pre-imported server, with
    these limits (docs/operations.md, "Isolated parsing"). A crash, hang or limit ends that document's job only:
    ``unscannable`` at the scan stage, ``needs_review`` at extraction, never ``clean``."""

    enabled: bool = True  # parse in child processes; False: in the worker itself (not for production)
    timeout_seconds: float = Field(default=600.0, gt=0)  # wall-clock seconds per document; then its group is killed
    cpu_seconds: int = Field(default=600, ge=1)  # CPU time of a parsing child (SIGXCPU, then SIGKILL 5 s later)
    memory_mb: int = Field(default=2048, ge=64)  # address space a child may add to the pre-imported parsers' own
    open_files: int = Field(default=64, ge=16, le=65536)  # file descriptors a parsing child may hold
    max_reply_mb: int = Field(default=256, ge=1)  # the largest result a child may send back (text and findings as JSON)
    isolate_network: bool = True  # an empty network namespace per child (needs root or CAP_SYS_ADMIN)


class IntakeSettings(_Section):
    session_ttl_seconds: int = Field(default=600, ge=1, le=900)  # how long an upload session and its signed URL live
    max_upload_bytes: int = Field(default=2 * 1024**3, ge=1)  # the largest document accepted
    sessions_per_client: int = Field(default=10_000, ge=1)  # upload sessions per principal per window
    rate_window_seconds: int = Field(default=3600, ge=1)  # the window of sessions_per_client
    read_timeout_seconds: float = Field(default=30.0, gt=0)  # a body that stalls this long is dropped (408)
    purge_interval_seconds: float = Field(default=60.0, gt=0)  # how often expired uploads are purged
    # a write claim's lease: renewed while its process lives; one left by a crashed process lapses after this
    claim_lease_seconds: float = Field(default=10.0, ge=1, le=300)
    webhook_timeout_seconds: float = Field(default=5.0, gt=0)  # a webhook receiver must answer within this
    webhook_max_attempts: int = Field(default=5, ge=1, le=20)  # deliveries tried before one is given up


class ReleaseSettings(_Section):
    """The quarantine release workflow and per-tenant webhooks."""

    infected_retention_seconds: float = Field(default=30 * 86400, ge=0)  # forensic period before purge
    purge_interval_seconds: float = Field(default=300.0, gt=0)  # how often infected documents past retention are purged
    webhook_poll_seconds: float = Field(default=2.0, gt=0)  # how often the webhook outbox is read
    webhook_backoff_seconds: float = Field(default=2.0, gt=0)  # first retry delay; doubles per attempt
    webhook_backoff_max_seconds: float = Field(default=3600.0, gt=0)  # the longest delay between two tries
    webhook_replay_window_seconds: int = Field(default=300, ge=1)  # advertised to receivers
    webhook_allow_http_loopback: bool = True  # plain http only to 127.0.0.1/::1/localhost
    webhook_ca_file: Path | None = None  # extra CA bundle for receivers' certificates


class PeopleSettings(_Section):
    """People's sign-in: sessions, lockout, enrolment and password reset (``[people]``)."""

    session_idle_seconds: int = Field(default=900, ge=60, le=3600)  # a session unused this long ends
    session_absolute_seconds: int = Field(default=8 * 3600, ge=300, le=24 * 3600)  # ends this long after sign-in
    # failed sign-ins per email (whether or not it has an account), then per address; each window counts, so a
    # guesser backs off from minutes to hours to a day ("limits" syntax)
    login_failures_per_user: str = "5/minute;10/hour;30/day"
    login_failures_per_source: str = "30/minute;300/hour"
    enrolment_ttl_seconds: int = Field(default=72 * 3600, ge=300, le=14 * 86400)  # a one-time enrolment secret lives
    reset_ttl_seconds: int = Field(default=1800, ge=60, le=86400)  # a password-reset token lives this long
    reset_requests_per_user: str = "3/hour;10/day"  # reset messages per email; more are silently not sent
    outbox_dir: Path | None = None  # the shipped sender's 0600 outbox of reset messages; default <data_dir>/outbox
    totp_issuer: str = Field(default="phigate", min_length=1, max_length=64)  # the name authenticator apps show
    # WebAuthn relying party: its id (a domain; default the host of [server] public_url) and the origins the
    # browser reports (default [public_url]); the name authenticators show
    webauthn_rp_id: str | None = None
    webauthn_origins: list[str] = []
    webauthn_rp_name: str = Field(default="phigate", min_length=1, max_length=64)

    @field_validator("login_failures_per_user", "login_failures_per_source", "reset_requests_per_user")
    @classmethod
    def _rate(cls, value: str) -> str:
        return rate_spec(value)


class PolicySettings(_Section):
    """The access policies (``[policy]``): ``directory`` holds an operator's own pack of ``*.cedar`` files,
    used instead of the shipped one (``phigate/policies``) and validated against the shipped schema at start-up;
    an invalid file refuses start. ``break_glass_seconds``: how long an emergency-access window stays open.
    ``reidentification_request_seconds`` / ``reidentification_grant_seconds``: how long a re-identification request
    waits for its approvals, and how long its single-use grant stays usable."""

    directory: Path | None = None
    # how long a break-glass window stays open (emergency access, alerted at once, reviewed afterwards)
    break_glass_seconds: int = Field(default=3600, ge=1, le=24 * 3600)
    # re-identification: how long a request waits for its two approvals, and how long the single-use grant lasts
    reidentification_request_seconds: int = Field(default=7 * 24 * 3600, ge=1, le=30 * 24 * 3600)
    reidentification_grant_seconds: int = Field(default=3600, ge=1, le=24 * 3600)


# the TOML file of the data directory being loaded (pydantic-settings reads sources per instantiation)
_TOML_FILE: contextvars.ContextVar[Path | None] = contextvars.ContextVar("phigate_toml_file", default=None)


class AiSettings(_Section):
    """The AI gateway (``/v1/chat/completions``, ``/v1/embeddings``, ``/v1/models``)."""

    requests_per_minute: int = Field(default=600, ge=1)  # AI calls per caller (service account or person)
    tenant_requests_per_minute: int = Field(default=6000, ge=1)  # AI calls of all a tenant's callers together
    tokens_per_minute: int = Field(default=200_000, ge=1)  # tokens (prompt + answer) per caller
    tenant_tokens_per_minute: int = Field(default=2_000_000, ge=1)  # tokens of all a tenant's callers together
    max_documents: int = Field(default=4, ge=0, le=4)  # documents one call may reference (each audited by id)
    upstream_timeout_seconds: float = Field(default=60.0, gt=0)  # per upstream call (each read, for streams)
    upstream_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    upstream_retries: int = Field(default=2, ge=0, le=10)  # retries before the first answer byte
    upstream_retry_backoff_seconds: float = Field(default=0.2, ge=0)
    breaker_failures: int = Field(default=5, ge=1)  # failures in a row that open an upstream's circuit
    breaker_open_seconds: float = Field(default=30.0, gt=0)  # how long an open circuit refuses at once
    switch_refresh_seconds: float = Field(default=0.5, gt=0, le=1.0)  # a pause reaches every process within this
    holdback_chars: int = Field(default=64, ge=8, le=4096)  # a streamed answer's tail held back for the scrub
    scrub_engine: bool = True  # run the PHI engine over every answer (new PHI is masked)
    document_cache: int = Field(default=256, ge=0)  # de-identified documents kept in memory between calls
    timing: bool = False  # debug: a Server-Timing header with each call's phases (milliseconds, never text)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PHIGATE_", env_nested_delimiter="__", extra="forbid")

    data_dir: Path = Path("./phigate-data")  # where phigate keeps its state (database, keys, blobs, certificate)
    environment: Literal["development", "production"] = "development"  # production refuses the shipped test fakes
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
    phi: PhiSettings = PhiSettings()
    jobs: JobsSettings = JobsSettings()
    sandbox: SandboxSettings = SandboxSettings()
    release: ReleaseSettings = ReleaseSettings()
    edge: EdgeSettings = EdgeSettings()
    people: PeopleSettings = PeopleSettings()
    policy: PolicySettings = PolicySettings()
    oidc: OidcSettings = OidcSettings()  # enterprise sign-in through OpenID Connect providers
    ai: AiSettings = AiSettings()

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Highest first: what the caller passes, the environment, ``<data dir>/phigate.toml``, the defaults
        (pydantic-settings merges sections key by key across them)."""
        toml_file = _TOML_FILE.get()
        sources: tuple[PydanticBaseSettingsSource, ...] = (init_settings, env_settings)
        if toml_file is not None:
            sources += (TomlConfigSettingsSource(settings_cls, toml_file=toml_file),)
        return sources

    @classmethod
    def load(cls, data_dir: Path | None = None, **overrides: Any) -> Settings:
        """Settings from ``overrides``, the environment, ``<data_dir>/phigate.toml`` and the defaults (highest
        first); ``ConfigError`` names every key that is unknown or invalid."""
        given = {**overrides, **({} if data_dir is None else {"data_dir": data_dir})}
        try:
            where = cls(**given).data_dir  # the data dir itself may come from PHIGATE_DATA_DIR
            token = _TOML_FILE.set(where / "phigate.toml")
            try:
                return cls(**given)
            finally:
                _TOML_FILE.reset(token)
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



def _summarise(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return str(exc)
