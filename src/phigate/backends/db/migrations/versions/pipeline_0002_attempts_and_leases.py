"""pipeline: failed attempts, retry time and a worker lease per document (no document can stall the pipeline)

Revision ID: pipeline_0002
Revises: pipeline_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "pipeline_0002"
down_revision = "pipeline_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("retry_at", sa.Float))
        batch.add_column(sa.Column("lease_owner", sa.String(64)))
        batch.add_column(sa.Column("lease_until", sa.Float))
    op.create_index("ix_documents_state_retry", "documents", ["state", "retry_at"])


def downgrade() -> None:
    op.drop_index("ix_documents_state_retry", "documents")
    with op.batch_alter_table("documents") as batch:
        for column in ("lease_until", "lease_owner", "retry_at", "attempts"):
            batch.drop_column(column)
