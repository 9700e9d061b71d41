"""SQLAlchemy Core descriptions of all of phigate's tables, in one ``MetaData``. The schema itself is made by
the Alembic migrations; a test compares the two after migrating SQLite and PostgreSQL (what ``alembic check``
does), so they cannot drift."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

service_accounts = sa.Table(
    "service_accounts", metadata,
    sa.Column("client_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("scopes", sa.String(1024), nullable=False),
    sa.Column("secret_hash", sa.String(256), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("revoked_at", sa.Float),
)

upload_sessions = sa.Table(
    "upload_sessions", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("principal_id", sa.String(64), nullable=False),
    sa.Column("media_type", sa.String(128), nullable=False),
    sa.Column("max_bytes", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64)),
    sa.Column("sealed_meta", sa.LargeBinary, nullable=False),
    sa.Column("ai_consent", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("received", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("parts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("claim", sa.String(64)),
    sa.Column("claimed_at", sa.Float),
    sa.Column("put_used", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("labels", sa.String(256), nullable=False, server_default=sa.text("''")),  # labels, space-separated
    sa.Index("ix_upload_sessions_principal_created", "principal_id", "created_at"),
    sa.Index("ix_upload_sessions_status_expires", "status", "expires_at"),
)

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("media_type", sa.String(128), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("verdict", sa.String(32)),
    sa.Column("reasons", sa.Text, nullable=False, server_default="[]"),
    sa.Column("ai_consent", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    # the pipeline's bookkeeping: failed tries since the last transition, when the next try is due, and the
    # worker that holds the document (a lease, so that two workers never run the same stage)
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("retry_at", sa.Float),
    sa.Column("lease_owner", sa.String(64)),
    sa.Column("lease_until", sa.Float),
    sa.Column("labels", sa.String(256), nullable=False, server_default=sa.text("''")),  # labels, space-separated
    sa.Index("ix_documents_state_retry", "state", "retry_at"),
    sa.Index("ix_documents_tenant_state", "tenant", "state"),
)

document_transitions = sa.Table(
    "document_transitions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("from_state", sa.String(32)),
    sa.Column("to_state", sa.String(32), nullable=False),
    sa.Column("stage", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_document_transitions_document", "document_id"),
)

webhooks = sa.Table(
    "webhooks", metadata,
    sa.Column("tenant", sa.String(128), primary_key=True),
    sa.Column("url", sa.String(2048), nullable=False),
    sa.Column("sealed_secret", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

# the outbox: the intake branch's table with the columns the ``release`` branch adds
webhook_deliveries = sa.Table(
    "webhook_deliveries", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("document_id", sa.String(64), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.Float, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("transition_id", sa.Integer),
    sa.Column("created_at", sa.Float),
    sa.Column("last_error", sa.String(128)),
    sa.Column("delivered_at", sa.Float),
    sa.Column("lease_until", sa.Float),
    sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    sa.Index("ux_webhook_deliveries_transition", "transition_id", unique=True),
)

# the ``release`` Alembic branch: quarantine release requests and the outbox's cursor
quarantine_releases = sa.Table(
    "quarantine_releases", metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason_code", sa.String(64), nullable=False),
    sa.Column("sealed_justification", sa.LargeBinary, nullable=False),
    sa.Column("requested_by", sa.String(64), nullable=False),
    sa.Column("requested_at", sa.Float, nullable=False),
    sa.Column("approved_by", sa.String(64)),
    sa.Column("approved_at", sa.Float),
    sa.Index("ix_quarantine_releases_tenant", "tenant", "status"),
)

webhook_cursor = sa.Table(
    "webhook_cursor", metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("last_transition_id", sa.Integer, nullable=False),
)


# the ``pipeline`` Alembic branch: each stage's result summary (ids, codes and counts only, never PHI)
document_results = sa.Table(
    "document_results", metadata,
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("stage", sa.String(64), primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
)


# the ``people`` Alembic branch: people who sign in (email and password, a second factor) and their sessions
users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("email", sa.String(254), nullable=False, unique=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("password_hash", sa.String(256)),
    sa.Column("enrolment_hash", sa.String(256)),
    sa.Column("enrolment_expires_at", sa.Float),
    sa.Column("sealed_totp", sa.LargeBinary),
    sa.Column("totp_verified_at", sa.Float),
    sa.Column("totp_last_step", sa.BigInteger),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("disabled_at", sa.Float),
    sa.Column("labels", sa.String(256), nullable=False, server_default=sa.text("''")),  # granted, space-separated
)

user_sessions = sa.Table(
    "user_sessions", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("refresh_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("amr", sa.String(64), nullable=False),
    sa.Column("acr", sa.String(64), nullable=False),
    sa.Column("auth_time", sa.Float, nullable=False),
    sa.Column("last_seen_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("revoked_at", sa.Float),
)

password_resets = sa.Table(
    "password_resets", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("used_at", sa.Float),
)

# people_0002: WebAuthn authenticators (a second factor) and the challenges of their ceremonies
webauthn_credentials = sa.Table(
    "webauthn_credentials", metadata,
    sa.Column("id", sa.String(512), primary_key=True),  # the credential id, base64url
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("public_key", sa.LargeBinary, nullable=False),  # COSE
    sa.Column("sign_count", sa.BigInteger, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

webauthn_challenges = sa.Table(
    "webauthn_challenges", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id"), nullable=False),
    sa.Column("purpose", sa.String(16), nullable=False),  # register | login
    sa.Column("challenge", sa.LargeBinary, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("used_at", sa.Float),
)

# OpenID Connect sign-ins in flight: one row per started sign-in, keyed by the SHA-256 of its ``state``, bound to
# the browser by the SHA-256 of a cookie; used once. A sign-in waiting for phigate's own second factor holds the
# person and the provider's authentication until then (``pending_hash``: the SHA-256 of the step's token), as does
# a terminal's sign-in until the terminal collects it.
oidc_logins = sa.Table(
    "oidc_logins", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("browser_hash", sa.String(64), nullable=False),
    sa.Column("nonce", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
    sa.Column("used_at", sa.Float),
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id")),
    sa.Column("acr", sa.String(256)),
    sa.Column("amr", sa.String(256)),
    sa.Column("auth_time", sa.Float),
    sa.Column("pending_hash", sa.String(64), unique=True),
    # a terminal's sign-in (``phigate login --oidc``): its loopback address and the S256 challenge of its verifier
    sa.Column("return_to", sa.String(256)),
    sa.Column("return_challenge", sa.String(64)),
)

tenants = sa.Table(
    "tenants", metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("name", sa.String(256)),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("created_by", sa.String(128), nullable=False),
)

# emergency access windows (break-glass): the justification is free text, so it is sealed like other PHI fields
break_glass = sa.Table(
    "break_glass", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("user_id", sa.String(64), nullable=False),
    sa.Column("sealed_justification", sa.LargeBinary, nullable=False),
    sa.Column("opened_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Index("ix_break_glass_user_expires", "user_id", "expires_at"),
)

# re-identification: a request (justification sealed), its approvals (one row per person: approving twice is a
# primary-key violation) and the single-use grant's times
reidentifications = sa.Table(
    "reidentifications", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("document_id", sa.String(64), nullable=False),
    sa.Column("requester", sa.String(64), nullable=False),
    sa.Column("purpose", sa.String(16), nullable=False),
    sa.Column("sealed_justification", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("request_expires_at", sa.Float, nullable=False),
    sa.Column("granted_at", sa.Float),
    sa.Column("grant_expires_at", sa.Float),
    sa.Column("used_at", sa.Float),
    sa.Index("ix_reidentifications_tenant_created", "tenant", "created_at"),
)
reidentification_approvals = sa.Table(
    "reidentification_approvals", metadata,
    sa.Column("request_id", sa.String(64), sa.ForeignKey("reidentifications.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("approver", sa.String(64), primary_key=True),
    sa.Column("approved_at", sa.Float, nullable=False),
)

_DEPLOYMENT = ("vendor", "service", "upstream_model", "region", "retention")

ai_models = sa.Table(
    "ai_models", metadata,
    sa.Column("name", sa.String(128), primary_key=True),
    *(sa.Column(c, sa.String(128), nullable=False) for c in _DEPLOYMENT),
    sa.Column("base_url", sa.String(512), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("risk", sa.String(16), nullable=False),
    sa.Column("phi_allowed", sa.Boolean, nullable=False),
    sa.Column("api_key_env", sa.String(128)),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("created_by", sa.String(128), nullable=False),
)

ai_baas = sa.Table(
    "ai_baas", metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    *(sa.Column(c, sa.String(128), nullable=False) for c in _DEPLOYMENT),
    sa.Column("effective", sa.String(10), nullable=False),
    sa.Column("expires", sa.String(10), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("created_by", sa.String(128), nullable=False),
)

ai_pauses = sa.Table(
    "ai_pauses", metadata,
    sa.Column("scope", sa.String(16), primary_key=True),
    sa.Column("target", sa.String(128), primary_key=True),
    sa.Column("paused_at", sa.Float, nullable=False),
    sa.Column("paused_by", sa.String(128), nullable=False),
)

ai_reviews = sa.Table(
    "ai_reviews", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("caller", sa.String(128), nullable=False),
    sa.Column("model", sa.String(128), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("answer_sha256", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("decided_at", sa.Float),
    sa.Column("decided_by", sa.String(128)),
    sa.Index("ix_ai_reviews_tenant_status", "tenant", "status"),
)


# the ``audit`` Alembic branch: the append-only log (its entry columns after ``ts`` in the signed order, which
# ``audit/_schema.py`` checks against the verifier's ``ENTRY_FIELDS``), the Merkle tree's nodes, the signed
# checkpoints and the exporters' cursors
AUDIT_ENTRY_COLUMNS: dict[str, tuple[int, bool]] = {  # width and whether required, as audit_0001 makes them
    "tenant": (128, False), "actor_kind": (16, True), "actor_id": (128, True), "action": (32, True),
    "resource_kind": (64, True), "resource_id": (128, False), "purpose": (32, False), "decision": (32, False),
    "policy_id": (128, False), "outcome": (16, True), "source_addr": (64, False), "request_id": (128, False),
    "object_hash": (64, False), "patient_hash": (64, False), "detail": (512, False)}
_ONLY_PATIENTS = sa.text("patient_hash IS NOT NULL")

audit_events = sa.Table(
    "audit_events", metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=False),
    sa.Column("ts", sa.String(32), nullable=False),
    *(sa.Column(name, sa.String(width), nullable=not required)
      for name, (width, required) in AUDIT_ENTRY_COLUMNS.items()),
    sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
    sa.Column("chain_hash", sa.LargeBinary(32), nullable=False),
    sa.Column("mac", sa.LargeBinary(32), nullable=False),
    sa.Index("ix_audit_events_patient", "patient_hash", sqlite_where=_ONLY_PATIENTS, postgresql_where=_ONLY_PATIENTS),
    sa.Index("ix_audit_events_resource", "resource_id"),
    sa.Index("ix_audit_events_actor", "actor_id"),
)

audit_nodes = sa.Table(
    "audit_nodes", metadata,
    sa.Column("height", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("hash", sa.LargeBinary(32), nullable=False),
)

audit_checkpoints = sa.Table(
    "audit_checkpoints", metadata,
    sa.Column("tree_size", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("root_hash", sa.LargeBinary(32), nullable=False),
    sa.Column("chain_hash", sa.LargeBinary(32), nullable=False),
    sa.Column("ts", sa.String(32), nullable=False),
    sa.Column("key_id", sa.String(32), nullable=False),
    sa.Column("signature", sa.LargeBinary(64), nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
)

audit_export_cursors = sa.Table(
    "audit_export_cursors", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("next_seq", sa.BigInteger, nullable=False),
)
