"""Configuration -> backends, built once at start-up. An unknown backend name or a failed health check stops
phigate from starting: a configured component that cannot load is fatal, never skipped."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import os
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine

from phigate._oidc_config import OidcProviderSettings
from phigate.audit import OwnedTrail, SqlAuditLog, open_audit_log
from phigate.backends import db
from phigate.backends.db.audit import SqlAuditStore
from phigate.backends.db.break_glass import SqlBreakGlassStore
from phigate.backends.db.identity import (
    SqlAccountStore,
    SqlOidcLoginStore,
    SqlResetStore,
    SqlSessionStore,
    SqlUserStore,
    SqlWebAuthnStore,
)
from phigate.backends.db.labels import SqlLabelStore
from phigate.backends.db.quarantine import SqlQuarantineStore
from phigate.backends.db.records import SqlIntakeRecords
from phigate.backends.db.reidentification import SqlReidentificationStore
from phigate.backends.db.tenants import SqlTenantDirectory
from phigate.backends.db.webhooks import SqlWebhookStore
from phigate.backends.policy.cedar import CedarPolicyPoint, read_pack
from phigate.config import ScanSettings, Settings
from phigate.denials import DenialLog
from phigate.errors import ConfigError, Error
from phigate.fsck import Fsck
from phigate.fsck import check_at_start as check_in_background
from phigate.identity import (
    Callers,
    CapabilitySigner,
    OutboxSender,
    PasswordResets,
    ServerSecret,
    ServiceAccounts,
    Sessions,
    Throttle,
    TokenIssuer,
    UserDirectory,
    WebAuthn,
    parse_role,
)
from phigate.models import DocumentState
from phigate.phi import Thresholds
from phigate.pipeline.analyse import AnalyseStage
from phigate.pipeline.extract import ExtractStage
from phigate.pipeline.image_derivative import SANDBOX_PRELOAD as IMAGE_PRELOAD
from phigate.pipeline.image_derivative import ImageDeidentifier
from phigate.pipeline.quarantine import ReceiveStage, ScanEntryStage
from phigate.pipeline.results import Records, StageResult, StageResults, decode_all, encode
from phigate.pipeline.runner import RetryPolicy, Runner, Stage
from phigate.pipeline.sandbox import Sandbox, SandboxedExtractor, SandboxedScanner, SandboxLimits, prebuilt
from phigate.pipeline.scan import ScanStage
from phigate.pipeline.sniff import MediaSniffer
from phigate.pipeline.store import StoreStage
from phigate.pipeline.webhooks import WebhookAdmin, WebhookDispatcher
from phigate.pipeline.worker import PipelineWorker
from phigate.ports import (
    Audit,
    BlobStore,
    Extractor,
    JobQueue,
    KeyManager,
    ModelUpstream,
    PolicyDecisionPoint,
    Scanner,
)
from phigate.services import install_policies
from phigate.services.accounts import AccountService
from phigate.services.ai import AiGateway
from phigate.services.audit_reads import AuditConsole, AuditReads
from phigate.services.backup import BackupLayout, Backups, PostgresDatabase
from phigate.services.break_glass import BreakGlassService
from phigate.services.documents import DocumentService
from phigate.services.intake import AuthService, IntakeService, transition_audit
from phigate.services.labels import LabelService, pending_labels
from phigate.services.oidc_sign_in import Federation, FederationPolicy, OidcSignInService
from phigate.services.quarantine import QuarantineService, infected_alert
from phigate.services.reidentification import ReidentificationService
from phigate.services.sign_in import SignInService
from phigate.services.tenants import TenantService
from phigate.services.users import UserService
from phigate.vault import Vault

if TYPE_CHECKING:
    from phigate.backends.jobs.procrastinate import JobWorker
    from phigate.backends.scanners import GateSpec

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


SqlRecords = SqlIntakeRecords[StageResult, StageResults]


def intake_records(settings: Settings, engine: Engine) -> SqlRecords:
    """The intake records on the phigate database; the pipeline's codec keeps each stage's result."""
    return SqlIntakeRecords(engine, encode=encode, decode=decode_all,
                            claim_stale_after=settings.intake.claim_lease_seconds)


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
    pipeline: Runner | None = None  # scanning -> ... -> stored, run by the workers (``pipeline.worker``)
    documents: DocumentService | None = None
    quarantine: QuarantineService | None = None
    webhooks: WebhookDispatcher | None = None
    throttle: Throttle | None = None  # the edge's rate limits (``edge`` settings)
    denials: DenialLog | None = None  # aggregated audit events for repeated denials
    sign_in: SignInService | None = None  # people: enrolment, login, sessions
    break_glass: BreakGlassService | None = None  # people's emergency access
    reidentification: ReidentificationService | None = None  # reading a document's linkage by dual approval
    labels: LabelService | None = None  # deciding the sensitivity labels the analysis proposed
    oidc: OidcSignInService | None = None  # people: sign-in through OpenID Connect providers (``[oidc]``)
    ai: AiGateway | None = None  # the AI gateway (/v1/chat/completions, /v1/embeddings, /v1/models)

    @property
    def tenants(self) -> TenantService:
        """The registry of tenants."""
        return TenantService(SqlTenantDirectory(self.engine), self.audit)

    @property
    def audit_reads(self) -> AuditReads:
        """The principals' reads of the audit log (``/v1/audit``)."""
        return AuditReads(self.audit)

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
        out.setdefault("scanner", "not_configured")
        return out

    def close(self) -> None:
        try:
            self.intake.records.close()
            if self.webhooks is not None:
                self.webhooks.close()
            if self.oidc is not None:
                self.oidc.close()
            self.audit.close()
        finally:
            self.engine.dispose()


SHIPPED_POLICIES = Path(__file__).parent / "policies"
POLICY_SCHEMA = SHIPPED_POLICIES / "phigate.cedarschema"


def build_policy_point(settings: Settings) -> PolicyDecisionPoint:
    """The Cedar decision point over the configured pack (``[policy] directory``) or the shipped one, validated
    against the shipped schema: ConfigError naming the file when a policy is invalid."""
    directory = settings.policy.directory or SHIPPED_POLICIES
    if not directory.is_dir():
        raise ConfigError("the policy directory does not exist")
    return CedarPolicyPoint(read_pack(directory), POLICY_SCHEMA.read_text(encoding="utf-8"))


def install_policy_point(settings: Settings) -> None:
    """Build the decision point and make it the one every use case asks (``services.authorize``)."""
    install_policies(build_policy_point(settings))


def build(settings: Settings, *, extra_stages: tuple[Stage, ...] = ()) -> Runtime:
    """Build and health-check every component; ConfigError or ServiceUnavailable if any cannot start."""
    install_policy_point(settings)  # an invalid policy refuses start before anything else is touched
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
    accounts = ServiceAccounts(SqlAccountStore(engine))
    issuer = TokenIssuer(secret.derive("access-token"), audience=settings.auth.audience,
                         issuer=settings.auth.issuer, ttl_seconds=settings.auth.token_ttl_seconds)
    denials = DenialLog(audit, window_seconds=settings.edge.denial_audit_window_seconds)
    records = intake_records(settings, engine)
    stages: tuple[Stage, ...] = (ReceiveStage(vault, records.session), ScanEntryStage(), *extra_stages)
    deferred = settings.jobs.backend == "procrastinate"
    runner = Runner(records, stages, on_transition=_hooks(transition_audit(audit), infected_alert(audit)),
                    retry=retry_policy(settings), deferred=deferred)
    base_url = settings.server.public_url or f"https://{_host_for_url(settings.server.host)}:{settings.server.port}"
    sign_in = build_sign_in(settings, engine, keys, issuer, audit, denials, base_url)
    intake = IntakeService(records=records, vault=vault, sniffer=MediaSniffer(),
                           signer=CapabilitySigner(secret.derive("upload-capability")), audit=audit, runner=runner,
                           settings=settings.intake, base_url=base_url,
                           accounts=Callers(accounts, sign_in.directory), denials=denials)
    checks: dict[str, Callable[[], None]] = {"database": lambda: db.check(engine), "key_manager": keys.check,
                                             "blob_store": store.check, "audit": audit.check}
    edge = settings.edge
    throttle = Throttle(edge.rate_limit_storage, {"client": edge.sign_in_failures_per_client,
                                                  "source": edge.sign_in_failures_per_source,
                                                  "anonymous": edge.anonymous_requests_per_source})
    auth = AuthService(accounts, issuer, audit, throttle=throttle, denials=denials,
                       max_hash_checks=edge.max_concurrent_hash_checks, person_active=sign_in.is_active)
    runtime = Runtime(settings, engine, store, keys, vault, audit, accounts, auth,
                      intake, runner, checks, webhooks=build_webhooks(settings, engine, keys),
                      throttle=throttle, denials=denials, sign_in=sign_in,
                      oidc=build_oidc(settings, engine, sign_in, audit, denials, base_url))
    _add_pipeline(runtime, records, secret)
    jobs = _defer_jobs(runtime, records) if deferred else None
    # the release workflow's re-scan runs the pipeline's scan stage; its approval defers the next stage's job
    runtime.quarantine = build_quarantine(settings, engine, records, vault, runtime.pipeline or runner, audit,
                                          jobs=jobs)
    runtime.ai = build_ai(settings, engine, records, vault, audit, secret)
    return runtime


# --- the AI gateway ---------------------------------------------------------------------------------------------


def build_ai(settings: Settings, engine: Engine, records: Records, vault: Vault, audit: Audit,
             secret: ServerSecret) -> AiGateway:
    """The AI gateway: the catalog on the database, an OpenAI-compatible upstream per (base URL, key variable)
    built on first use, the budgets in the edge's rate-limit storage."""
    from phigate.ai.budgets import Budgets
    from phigate.backends.db.ai import SqlAiCatalog
    from phigate.services.ai import GatewayLimits

    a = settings.ai
    return AiGateway(catalog=SqlAiCatalog(engine), records=records, vault=vault, audit=audit,
                     upstream_for=upstreams(settings), secret_for=lambda tenant: secret.derive(f"deid/{tenant}"),
                     budgets=Budgets(settings.edge.rate_limit_storage, requests=a.requests_per_minute,
                                     tenant_requests=a.tenant_requests_per_minute, tokens=a.tokens_per_minute,
                                     tenant_tokens=a.tenant_tokens_per_minute),
                     limits=GatewayLimits(max_documents=a.max_documents, holdback_chars=a.holdback_chars,
                                          switch_refresh_seconds=a.switch_refresh_seconds,
                                          scrub_engine=a.scrub_engine, document_cache=a.document_cache,
                                          timing=a.timing))


def upstreams(settings: Settings) -> Callable[[Any], ModelUpstream]:
    """The upstream of a registered model, one adapter (connection pool, circuit breaker) per base URL and key."""
    from phigate.backends.upstream.openai_compat import OpenAICompatUpstream

    a = settings.ai
    built: dict[tuple[str, str | None], ModelUpstream] = {}
    lock = threading.Lock()

    def upstream_for(model: Any) -> ModelUpstream:
        key = (model.base_url, model.api_key_env)
        with lock:
            if key not in built:
                api_key = os.environ.get(model.api_key_env) if model.api_key_env else None
                built[key] = OpenAICompatUpstream(
                    model.base_url, api_key, timeout=a.upstream_timeout_seconds,
                    connect_timeout=a.upstream_connect_timeout_seconds, retries=a.upstream_retries,
                    backoff=a.upstream_retry_backoff_seconds, failure_threshold=a.breaker_failures,
                    open_seconds=a.breaker_open_seconds)
            return built[key]

    return upstream_for


@contextlib.contextmanager
def ai_admin(settings: Settings) -> Iterator[AiGateway]:
    """What ``phigate models`` and ``phigate ai`` need: the gateway over the migrated database and audit log
    (registry, BAAs, kill switches; no upstream is called)."""
    with _admin_parts(settings) as (engine, keys, audit):
        secret = ServerSecret.load_or_create(settings.server_secret_file)
        records = intake_records(settings, engine)
        try:
            yield build_ai(settings, engine, records, build_vault(settings, keys), audit, secret)
        finally:
            records.close()


def user_directory(settings: Settings, engine: Engine, keys: KeyManager) -> UserDirectory:
    return UserDirectory(SqlUserStore(engine), keys, enrolment_ttl_seconds=settings.people.enrolment_ttl_seconds)


def build_sign_in(settings: Settings, engine: Engine, keys: KeyManager, issuer: TokenIssuer, audit: Audit,
                  denials: DenialLog, base_url: str) -> SignInService:
    """People's sign-in, with its own failure counters (``[people]``) in the edge's rate-limit storage."""
    p = settings.people
    throttle = Throttle(settings.edge.rate_limit_storage,
                        {"user": p.login_failures_per_user, "source": p.login_failures_per_source,
                         "reset": p.reset_requests_per_user}, key_prefix="phigate-people")
    sessions = Sessions(SqlSessionStore(engine), idle_seconds=p.session_idle_seconds,
                        absolute_seconds=p.session_absolute_seconds)
    directory = user_directory(settings, engine, keys)
    resets = PasswordResets(SqlResetStore(engine), directory, ttl_seconds=p.reset_ttl_seconds)
    rp_id = p.webauthn_rp_id or urllib.parse.urlsplit(base_url).hostname or "localhost"
    webauthn = WebAuthn(SqlWebAuthnStore(engine), rp_id=rp_id, rp_name=p.webauthn_rp_name,
                        origins=p.webauthn_origins or [base_url.rstrip("/")])
    return SignInService(directory, sessions, issuer, audit, throttle=throttle, denials=denials,
                         totp_issuer=p.totp_issuer, max_hash_checks=settings.edge.max_concurrent_hash_checks,
                         resets=(resets, OutboxSender(p.outbox_dir or settings.data_dir / "outbox")),
                         webauthn=webauthn)


def build_oidc(settings: Settings, engine: Engine, sign_in: SignInService, audit: Audit, denials: DenialLog,
               base_url: str) -> OidcSignInService | None:
    """Sign-in through the ``[oidc.providers]`` (None when there are none). A provider's settings and client
    secret are checked here; its discovery document and keys are fetched at the first sign-in (a provider that
    is down then refuses sign-ins through it with 503, and phigate still starts)."""
    from phigate.identity._oidc import OidcLogins, OidcProvider, ProviderConfig

    o = settings.oidc
    federations: dict[str, Federation] = {}
    for name, p in o.providers.items():
        secret = _client_secret(name, p)
        config = ProviderConfig(
            name=name, issuer=p.issuer, client_id=p.client_id, client_secret=secret or None,
            redirect_uri=f"{base_url.rstrip('/')}/v1/oidc/{name}/callback", scopes=tuple(p.scopes),
            algorithms=tuple(p.algorithms), acr_values=tuple(p.acr_values), clock_skew_seconds=p.clock_skew_seconds,
            max_token_age_seconds=p.max_token_age_seconds, cache_seconds=o.jwks_cache_seconds,
            refetch_seconds=o.jwks_refetch_seconds,
            timeout_seconds=p.timeout_seconds, ca_file=str(p.ca_file) if p.ca_file is not None else None)
        policy = FederationPolicy(
            tenants=frozenset(p.tenants), email_claim=p.email_claim, require_email_verified=p.require_email_verified,
            role_claim=p.role_claim, role_map={k: parse_role(v) for k, v in p.role_map.items()},
            tenant_claim=p.tenant_claim, jit_provisioning=p.jit_provisioning, mfa_acr=frozenset(p.mfa_acr),
            mfa_amr=frozenset(p.mfa_amr))
        federations[name] = Federation(OidcProvider(config), policy)
    if not federations:
        return None
    logins = OidcLogins(SqlOidcLoginStore(engine), ttl_seconds=o.login_ttl_seconds)
    return OidcSignInService(federations, logins, sign_in, audit, denials,
                             TenantService(SqlTenantDirectory(engine), audit))


def _client_secret(name: str, p: OidcProviderSettings) -> str | None:
    """A provider's client secret from the settings, its file or its environment variable (None: a public
    client, which PKCE alone protects)."""
    if p.client_secret_file is not None:
        try:
            return p.client_secret_file.read_text().strip() or None
        except OSError as exc:
            raise ConfigError(f"the client secret file of OIDC provider {name} cannot be read") from exc
    if p.client_secret_env is not None:
        if not os.environ.get(p.client_secret_env):
            raise ConfigError(f"the client secret variable of OIDC provider {name} is not set")
        return os.environ[p.client_secret_env]
    return p.client_secret.get_secret_value() if p.client_secret is not None else None


# --- the stages after quarantine (scan, extract, analyse, store) ------------------------------------------------


def _add_pipeline(runtime: Runtime, records: Records, secret: ServerSecret) -> None:
    """The quarantine gate, the extractors and the PHI engine, built once; a configured scanner or OCR engine
    that cannot load stops start-up."""
    from phigate.backends.extractors import ExtractorChooser

    settings = runtime.settings
    limits = settings.extraction.limits()
    build_extractor: Callable[[], ExtractorChooser] = (
        functools.partial(ExtractorChooser.with_tesseract, limits) if settings.pipeline.ocr
        else functools.partial(ExtractorChooser, None, limits))
    chooser = build_extractor()  # here too: a missing OCR engine stops start-up
    ocr = chooser.ocr  # the image de-identifier reads words with the same engine
    extractor: Extractor = chooser
    gate = build_scanner(settings)
    sandbox: Sandbox | None = None
    if settings.sandbox.enabled:
        sandbox = Sandbox(sandbox_limits(settings), _PARSERS)
        sandbox.check()
        extractor = SandboxedExtractor(sandbox, prebuilt(extractor) or build_extractor, extractor.media_types)
    runtime.checks["scanner"] = gate.check  # /readyz asks every configured scanner (clamd answers PING)
    stages: tuple[Stage, ...] = (
        ScanStage(runtime.vault, gate),
        ExtractStage(runtime.vault, extractor),
        AnalyseStage(runtime.vault, lambda tenant: secret.derive(f"deid/{tenant}"),
                     images=ImageDeidentifier(runtime.vault, ocr, limits, sandbox) if ocr else None,
                     thresholds=Thresholds(settings.phi.name_threshold, settings.phi.place_threshold)),
        StoreStage(records.results),
    )
    runtime.pipeline = Runner(records, stages, on_transition=_hooks(transition_audit(runtime.audit),
                                                                    infected_alert(runtime.audit)),
                              retry=retry_policy(settings), deferred=settings.jobs.backend == "procrastinate")
    runtime.break_glass = BreakGlassService(SqlBreakGlassStore(runtime.engine), runtime.keys, runtime.audit,
                                            window_seconds=runtime.settings.policy.break_glass_seconds)
    runtime.documents = DocumentService(records=records, vault=runtime.vault, audit=runtime.audit,
                                        intake=runtime.runner, pipeline=runtime.pipeline,
                                        emergency=runtime.break_glass.active)
    runtime.reidentification = ReidentificationService(
        SqlReidentificationStore(runtime.engine), records.document, runtime.vault, runtime.keys, runtime.audit,
        grant_seconds=settings.policy.reidentification_grant_seconds,
        request_seconds=settings.policy.reidentification_request_seconds,
        pending=lambda doc: pending_labels(doc, records.results(doc.id)))
    runtime.labels = LabelService(records, SqlLabelStore(runtime.engine), runtime.audit)


def start_pipeline_workers(runtime: Runtime) -> list[PipelineWorker]:
    """Background threads that move uploaded documents from quarantine to stored (``pipeline.workers``); none
    when ``phigate worker`` processes run the stages (``[jobs] backend = "procrastinate"``)."""
    if runtime.pipeline is None or runtime.settings.jobs.backend != "threads":
        return []
    workers = [PipelineWorker(runtime.pipeline, poll_seconds=runtime.settings.pipeline.poll_seconds)
               for _ in range(runtime.settings.pipeline.workers)]
    for w in workers:
        w.start()
    return workers


# --- the job engine (``[jobs] backend = "procrastinate"``, ``phigate worker``) --------------------------------------


def _runners(runtime: Runtime) -> list[Runner]:
    return [runtime.runner, *([runtime.pipeline] if runtime.pipeline is not None else [])]


def _defer_jobs(runtime: Runtime, records: SqlRecords) -> tuple[JobQueue, dict[DocumentState, str]]:
    """Every state change defers its next stage's job in its own transaction, on procrastinate (PostgreSQL); the
    queue and the stages by source state, for the other places that change states."""
    _require_procrastinate()
    from phigate.backends.jobs.procrastinate import ProcrastinateJobQueue

    if runtime.engine.dialect.name != "postgresql":
        raise ConfigError("jobs.backend = 'procrastinate' needs PostgreSQL: set database.url to postgresql+psycopg://")
    ProcrastinateJobQueue.apply_schema(runtime.engine)
    queue = ProcrastinateJobQueue(runtime.engine)
    stages = {stage.source: stage.name for runner in _runners(runtime) for stage in runner.stages}
    records.defer_jobs(queue, stages)
    return queue, stages


def job_worker(runtime: Runtime, *, concurrency: int | None = None) -> JobWorker:
    """``phigate worker``: a procrastinate worker running the pipeline's stages (one job: one stage of one
    document) and the periodic housekeeping the API runs itself in the embedded set-up."""
    from phigate.backends.jobs.procrastinate import JobWorker, WorkerOptions, conninfo

    settings = runtime.settings
    if settings.jobs.backend != "procrastinate":
        raise ConfigError("phigate worker needs jobs.backend = 'procrastinate' (and PostgreSQL)")
    stages: dict[str, Callable[[str, str], None]] = {}
    for runner in _runners(runtime):
        for stage in runner.stages:
            stages[stage.name] = functools.partial(_run_job, runner, stage.name)
    periodic: dict[str, Callable[[], object]] = {
        "expired-uploads": runtime.intake.purge_expired,  # and tus uploads whose writer died after the last byte
        "orphan-jobs": runtime.intake.records.redefer_orphans,
    }
    if runtime.quarantine is not None:
        periodic["infected-purge"] = runtime.quarantine.purge_due
    if runtime.webhooks is not None:
        periodic["webhooks"] = runtime.webhooks.run_once
    j = settings.jobs
    options = WorkerOptions(concurrency=concurrency or j.concurrency, periodic_seconds=j.periodic_seconds,
                            heartbeat_seconds=j.heartbeat_seconds, stalled_worker_seconds=j.stalled_worker_seconds,
                            shutdown_grace_seconds=j.shutdown_grace_seconds)
    return JobWorker(conninfo(settings.database_url), stages, periodic, options)


def _require_procrastinate() -> None:
    import importlib.util

    if importlib.util.find_spec("procrastinate") is None:
        raise ConfigError("jobs.backend = 'procrastinate' needs the scale extra: pip install 'phigate[scale]'")


def _run_job(runner: Runner, stage: str, document_id: str, tenant: str) -> None:
    del tenant  # the job names it for operators; the runner reads the document's own record
    runner.run_job(document_id, stage)


@contextlib.contextmanager
def audit_console(settings: Settings, *, create_keys: bool = False) -> Iterator[AuditConsole]:
    """What ``phigate audit`` needs: the operator's reads over the data directory's audit log alone."""
    with audit_log(settings, create_keys=create_keys) as log:
        yield AuditConsole(log, tuple(settings.audit.witness_files))


@contextlib.contextmanager
def audit_log(settings: Settings, *, create_keys: bool = False) -> Iterator[SqlAuditLog]:
    """The audit log of the data directory alone (migrated); closed on exit."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = db.make_engine(settings.audit_database_url, durable=True)
    try:
        db.migrate(engine)
        log = open_audit_log(audit_tables(settings, engine), build_key_manager(settings), build_blob_store(settings),
                             settings.audit, create_keys=create_keys)
        try:
            yield log
        finally:
            log.close()
    finally:
        engine.dispose()


# imported once by the sandbox's fork server (the image de-identifier brings Pillow, OpenCV and pydicom)
_PARSERS = ("phigate.backends.scanners", "phigate.backends.extractors", *IMAGE_PRELOAD)


def build_scanner(settings: Settings) -> Scanner:
    """The quarantine gate: in the sandbox (a child process per document) unless ``[sandbox] enabled = false``.
    The gate is built here as well, so that a configured scanner that cannot load stops start-up."""
    from phigate.backends.scanners import build_gate

    build = functools.partial(build_gate, gate_spec(settings.scan))
    if not settings.sandbox.enabled:
        return build()
    limits = sandbox_limits(settings)
    if "clamd" in settings.scan.scanners and settings.scan.clamd_socket is None and limits.isolate_network:
        # clamd over TCP needs the network; a unix socket still works from an empty network namespace
        log.warning("scanning children keep the network: clamd is configured over TCP (set scan.clamd_socket)")
        limits = dataclasses.replace(limits, isolate_network=False)
    return SandboxedScanner(Sandbox(limits, _PARSERS), build)


def gate_spec(scan: ScanSettings) -> GateSpec:
    """The quarantine gate the settings name: the validators (always), then YARA and clamd if configured."""
    from phigate.backends.scanners import BUILTIN_RULES, ClamdSpec, GateSpec

    yara = None
    if "yara" in scan.scanners:
        yara = ([BUILTIN_RULES] if scan.yara_builtin_rules else []) + list(scan.yara_rules_dirs)
    clamd = None
    if "clamd" in scan.scanners:
        clamd = ClamdSpec(scan.clamd_socket, scan.clamd_host, scan.clamd_port, scan.clamd_timeout,
                          scan.clamd_max_stream_bytes)
    return GateSpec(scan.limits, yara, scan.yara_timeout, clamd, scan.policy, scan.tenant_policies)


def build_gate(scan: ScanSettings) -> Scanner:
    """The gate in this process (no sandbox): ``phigate scan --no-sandbox``, tests and benchmarks. Raises
    ScannerUnavailable when a configured scanner cannot load."""
    from phigate.backends.scanners import build_gate as build

    return build(gate_spec(scan))


def sandbox_limits(settings: Settings) -> SandboxLimits:
    s = settings.sandbox
    return SandboxLimits(timeout_seconds=s.timeout_seconds, cpu_seconds=s.cpu_seconds,
                         memory_bytes=s.memory_mb * 1024**2, open_files=s.open_files,
                         max_reply_bytes=s.max_reply_mb * 1024**2, isolate_network=s.isolate_network)


def retry_policy(settings: Settings) -> RetryPolicy:
    p = settings.pipeline
    return RetryPolicy(max_attempts=p.max_attempts, backoff=p.retry_backoff_seconds,
                       backoff_max=p.retry_backoff_max_seconds, lease_seconds=p.lease_seconds)


def _hooks(*hooks: Callable[..., None]) -> Callable[..., None]:
    def run(*args: Any) -> None:
        for hook in hooks:
            hook(*args)

    return run


def build_quarantine(settings: Settings, engine: Engine, records: Records, vault: Vault, runner: Runner,
                     audit: Audit, *, jobs: tuple[JobQueue, dict[DocumentState, str]] | None = None
                     ) -> QuarantineService:
    """The release workflow. Its re-scan builds the configured gate on first use (a configured scanner that
    cannot load fails that re-scan, which leaves the document unscannable: never clean). ``jobs``: the job engine,
    on which an approval defers the next stage's job in its own transaction."""
    from phigate.services.quarantine import gate_judge

    store = SqlQuarantineStore(engine) if jobs is None else SqlQuarantineStore(
        engine, jobs=jobs[0], release_stage=jobs[1].get(DocumentState.CLEAN))

    gate: list[Any] = []

    def judge(doc: Any) -> Any:
        if not gate:
            gate.append(build_scanner(settings))
        return gate_judge(vault, gate[0])(doc)

    return QuarantineService(store=store, records=records, vault=vault, runner=runner, audit=audit,
                             judge=judge, retention_seconds=settings.release.infected_retention_seconds)


def webhook_admin(settings: Settings, engine: Engine, keys: KeyManager) -> WebhookAdmin:
    return WebhookAdmin(SqlWebhookStore(engine), keys, allow_http_loopback=settings.release.webhook_allow_http_loopback)


def build_webhooks(settings: Settings, engine: Engine, keys: KeyManager) -> WebhookDispatcher:
    r = settings.release
    return WebhookDispatcher(SqlWebhookStore(engine), webhook_admin(settings, engine, keys),
                             max_attempts=settings.intake.webhook_max_attempts,
                             timeout=settings.intake.webhook_timeout_seconds, backoff=r.webhook_backoff_seconds,
                             backoff_max=r.webhook_backoff_max_seconds, ca_file=r.webhook_ca_file)


def fsck(runtime: Runtime, *, grace: float = 900.0) -> Fsck:
    """``phigate fsck`` over the runtime's database, blob store and audit log."""
    return Fsck(records=runtime.intake.records, vault=runtime.vault, intake=runtime.intake, audit=runtime.audit,
                audit_damage=lambda: runtime.audit.log.damage, grace=grace)


def check_at_start(runtime: Runtime) -> None:
    """Run fsck's check in the background at start-up: it reports (a warning on stderr), never deletes."""
    threading.Thread(target=check_in_background, args=(fsck(runtime),), name="fsck", daemon=True).start()


def _host_for_url(host: str) -> str:
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 - only used to spell a URL
        return "localhost"
    return f"[{host}]" if ":" in host else host


@contextlib.contextmanager
def account_admin(settings: Settings) -> Iterator[AccountService]:
    """What ``phigate accounts`` needs: the account use cases over the accounts table (migrated) and the audit
    log, nothing else."""
    with _admin_parts(settings) as (engine, _, audit):
        yield AccountService(ServiceAccounts(SqlAccountStore(engine)), audit,
                             TenantService(SqlTenantDirectory(engine), audit))


@contextlib.contextmanager
def user_admin(settings: Settings) -> Iterator[UserService]:
    """What ``phigate users`` needs: the people use cases over the users table (migrated) and the audit log."""
    with _admin_parts(settings) as (engine, keys, audit):
        yield UserService(user_directory(settings, engine, keys), audit,
                          TenantService(SqlTenantDirectory(engine), audit))


@contextlib.contextmanager
def break_glass_admin(settings: Settings) -> Iterator[BreakGlassService]:
    """What ``phigate break-glass`` needs: the emergency-access windows, the keys sealing their justifications and
    the audit log."""
    with _admin_parts(settings) as (engine, keys, audit):
        yield BreakGlassService(SqlBreakGlassStore(engine), keys, audit,
                                window_seconds=settings.policy.break_glass_seconds)


@contextlib.contextmanager
def label_admin(settings: Settings) -> Iterator[LabelService]:
    """What ``phigate labels`` needs: the documents' records and results (migrated) and the audit log."""
    with _admin_parts(settings) as (engine, _, audit):
        yield LabelService(intake_records(settings, engine),
                           SqlLabelStore(engine), audit)


@contextlib.contextmanager
def tenant_admin(settings: Settings) -> Iterator[TenantService]:
    """What ``phigate tenants`` (and the commands naming a tenant) need: the registry of tenants and the audit
    log."""
    with _admin_parts(settings) as (engine, _, audit):
        yield TenantService(SqlTenantDirectory(engine), audit)


@contextlib.contextmanager
def _admin_parts(settings: Settings) -> Iterator[tuple[Engine, KeyManager, OwnedTrail]]:
    """The migrated database, the key manager and the audit trail, for the administration commands."""
    install_policy_point(settings)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError("the data directory cannot be created") from exc
    engine = db.make_engine(settings.database_url)
    try:
        db.migrate(engine)
        keys = build_key_manager(settings)
        audit = open_audit_trail(settings, engine, keys, build_blob_store(settings))
        try:
            yield engine, keys, audit
        finally:
            audit.close()
    finally:
        engine.dispose()


@contextlib.contextmanager
def audit_only(settings: Settings) -> Iterator[OwnedTrail]:
    """The audit seam alone, for commands that record events but touch nothing else (``phigate keys``)."""
    with _admin_parts(settings) as (_, _, audit):
        yield audit


def audit_tables(settings: Settings, engine: Engine) -> SqlAuditStore:
    """The audit log's tables on ``engine`` (its writes switch to ``audit.pg_role`` on PostgreSQL)."""
    return SqlAuditStore(engine, pg_role=settings.audit.pg_role)


def open_audit_trail(settings: Settings, engine: Engine, keys: KeyManager, store: BlobStore) -> OwnedTrail:
    """The use cases' audit seam over the log at ``settings.audit_database_url`` (``engine`` when that is the
    main database, else an engine of its own, migrated here). ``close()`` it on shutdown."""
    own: Engine | None = None
    if settings.audit_database_url != settings.database_url:
        own = db.make_engine(settings.audit_database_url, durable=True)
    try:
        if own is not None:
            db.migrate(own)
        log = open_audit_log(audit_tables(settings, own or engine), keys, store, settings.audit)
    except BaseException:
        if own is not None:
            own.dispose()
        raise
    trail = OwnedTrail(log, None if own is None else own.dispose)
    try:
        trail.check()  # a damaged log (events deleted, tail cut) refuses start-up with the location
    except BaseException:
        trail.close()
        raise
    return trail


# --- backup and restore (embedded layout) -----------------------------------------------------------------------


def backup_layout(settings: Settings) -> BackupLayout:
    """Where the pieces live: SQLite files or one PostgreSQL database (documents and audit log together), and the
    filesystem blob store. ``ConfigError`` for a layout the backup does not cover (S3; an audit log in a database
    of its own on PostgreSQL): back those up with their own tools (docs/operations.md, "Backup and restore")."""
    if settings.storage.backend != "filesystem":
        raise ConfigError("phigate backup covers the filesystem blob store; use the object store's versioning")
    key_files = {"keyring.json": settings.keyring_path, "master.key": settings.master_key_file,
                 "server.key": settings.server_secret_file}
    defaults = Settings(data_dir=settings.data_dir)
    relocate = any(getattr(settings, name) != getattr(defaults, name) for name in (
        "database_url", "audit_database_url", "blob_path", "keyring_path", "master_key_file", "server_secret_file"))
    from phigate.audit import CHECKPOINT_NAMESPACE, SYSTEM_TENANT

    checkpoints = settings.blob_path / SYSTEM_TENANT / CHECKPOINT_NAMESPACE
    main, audit = _sqlite_file(settings.database_url), _sqlite_file(settings.audit_database_url)
    if main is not None and audit is not None:
        return BackupLayout(settings.data_dir, main, audit, settings.blob_path, key_files, relocate, checkpoints)
    postgres = restore_database(settings)
    if postgres is None or settings.audit_database_url != settings.database_url:
        raise ConfigError("phigate backup covers SQLite, or one PostgreSQL database holding the audit log too")
    return BackupLayout(settings.data_dir, postgres, None, settings.blob_path, key_files, relocate, checkpoints)


def restore_database(settings: Settings) -> PostgresDatabase | None:
    """The PostgreSQL database of ``settings`` for the libpq tools (None on SQLite)."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    if url.get_backend_name() != "postgresql":
        return None
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return PostgresDatabase(plain, url.password if isinstance(url.password, str) else None)


def _sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


@contextlib.contextmanager
def backups(settings: Settings) -> Iterator[Backups]:
    """The backup use case over the data directory, auditing into its log."""
    layout = backup_layout(settings)
    with audit_only(settings) as audit:
        yield Backups(layout, build_key_manager(settings, create=False), audit)


@contextlib.contextmanager
def restored(settings: Settings) -> Iterator[tuple[SqlAuditLog, Vault]]:
    """The audit log and the vault of a restored data directory, for ``services.backup.verify_restored``."""
    install_policy_point(settings)
    with audit_log(settings) as log:
        yield log, build_vault(settings, build_key_manager(settings, create=False))
