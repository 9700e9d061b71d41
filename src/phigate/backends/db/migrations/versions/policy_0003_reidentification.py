"""policy: re-identification requests (sealed justification), their approvals and the single-use grant

Revision ID: policy_0003
Revises: policy_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "policy_0003"
down_revision = "policy_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reidentifications",
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
    op.create_table(
        "reidentification_approvals",
        sa.Column("request_id", sa.String(64), sa.ForeignKey("reidentifications.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("approver", sa.String(64), primary_key=True),
        sa.Column("approved_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reidentification_approvals")
    op.drop_table("reidentifications")
