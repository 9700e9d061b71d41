"""policy: break-glass windows (emergency access), their sealed justification and the privacy officer's review

Revision ID: policy_0002
Revises: policy_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "policy_0002"
down_revision = "policy_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "break_glass",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tenant", sa.String(128), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("sealed_justification", sa.LargeBinary, nullable=False),
        sa.Column("opened_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Index("ix_break_glass_user_expires", "user_id", "expires_at"),
    )


def downgrade() -> None:
    op.drop_table("break_glass")
