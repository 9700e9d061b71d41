"""release: two-person release requests for unscannable documents; webhook outbox bookkeeping

Revision ID: release_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "release_0001"
down_revision = None
branch_labels = ("release",)
depends_on = "intake_0001"

_ID = sa.String(64)
_TENANT = sa.String(128)


def upgrade() -> None:
    op.create_table(
        "quarantine_releases",
        sa.Column("document_id", _ID, primary_key=True),
        sa.Column("tenant", _TENANT, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),  # pending | approved | withdrawn
        sa.Column("reason_code", sa.String(64), nullable=False),
        sa.Column("sealed_justification", sa.LargeBinary, nullable=False),
        sa.Column("requested_by", _ID, nullable=False),
        sa.Column("requested_at", sa.Float, nullable=False),
        sa.Column("approved_by", _ID, nullable=True),
        sa.Column("approved_at", sa.Float, nullable=True),
    )
    op.create_index("ix_quarantine_releases_tenant", "quarantine_releases", ["tenant", "status"])
    with op.batch_alter_table("webhook_deliveries") as batch:
        batch.add_column(sa.Column("transition_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("created_at", sa.Float, nullable=True))
        batch.add_column(sa.Column("last_error", sa.String(128), nullable=True))
        batch.add_column(sa.Column("delivered_at", sa.Float, nullable=True))
        batch.add_column(sa.Column("lease_until", sa.Float, nullable=True))
    op.create_index("ux_webhook_deliveries_transition", "webhook_deliveries", ["transition_id"], unique=True)
    op.create_table(
        "webhook_cursor",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_transition_id", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("webhook_cursor")
    op.drop_index("ux_webhook_deliveries_transition", "webhook_deliveries")
    with op.batch_alter_table("webhook_deliveries") as batch:
        for column in ("lease_until", "delivered_at", "last_error", "created_at", "transition_id"):
            batch.drop_column(column)
    op.drop_index("ix_quarantine_releases_tenant", "quarantine_releases")
    op.drop_table("quarantine_releases")
