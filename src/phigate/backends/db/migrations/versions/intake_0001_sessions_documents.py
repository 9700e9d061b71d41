"""intake: service accounts, upload sessions, documents and their state transitions, webhooks

Revision ID: intake_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0001"
down_revision = None
branch_labels = ("intake",)
depends_on = None

_ID = sa.String(64)
_TENANT = sa.String(128)


def upgrade() -> None:
    op.create_table(
        "service_accounts",
        sa.Column("client_id", _ID, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("tenant", _TENANT, nullable=False),
        sa.Column("scopes", sa.String(1024), nullable=False),
        sa.Column("secret_hash", sa.String(256), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float, nullable=True),
    )
    op.create_table(
        "upload_sessions",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("tenant", _TENANT, nullable=False),
        sa.Column("principal_id", _ID, nullable=False),
        sa.Column("media_type", sa.String(128), nullable=False),
        sa.Column("max_bytes", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("sealed_meta", sa.LargeBinary, nullable=False),
        sa.Column("ai_consent", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("received", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("parts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claim", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.Float, nullable=True),
        sa.Column("put_used", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_upload_sessions_principal_created", "upload_sessions", ["principal_id", "created_at"])
    op.create_index("ix_upload_sessions_status_expires", "upload_sessions", ["status", "expires_at"])
    op.create_table(
        "documents",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("tenant", _TENANT, nullable=False),
        sa.Column("media_type", sa.String(128), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("verdict", sa.String(32), nullable=True),
        sa.Column("reasons", sa.Text, nullable=False, server_default="[]"),
        sa.Column("ai_consent", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_index("ix_documents_tenant_state", "documents", ["tenant", "state"])
    op.create_table(
        "document_transitions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", _ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("from_state", sa.String(32), nullable=True),
        sa.Column("to_state", sa.String(32), nullable=False),
        sa.Column("stage", sa.String(64), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_document_transitions_document", "document_transitions", ["document_id"])
    op.create_table(
        "webhooks",
        sa.Column("tenant", _TENANT, primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("sealed_secret", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", _TENANT, nullable=False),
        sa.Column("document_id", _ID, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_index("ix_webhook_deliveries_due", "webhook_deliveries", ["status", "next_attempt_at"])


def downgrade() -> None:
    for table in ("webhook_deliveries", "webhooks", "document_transitions", "documents", "upload_sessions",
                  "service_accounts"):
        op.drop_table(table)
