"""ai: the model and BAA catalog, the kill switches and the review queue of the AI gateway

Revision ID: ai_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "ai_0001"
down_revision = None
branch_labels = ("ai",)
depends_on = None

_DEPLOYMENT = ("vendor", "service", "upstream_model", "region", "retention")


def upgrade() -> None:
    op.create_table(
        "ai_models",
        sa.Column("name", sa.String(128), primary_key=True),
        *(sa.Column(c, sa.String(128), nullable=False) for c in _DEPLOYMENT),
        sa.Column("base_url", sa.String(512), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("risk", sa.String(16), nullable=False),
        sa.Column("phi_allowed", sa.Boolean, nullable=False),
        sa.Column("api_key_env", sa.String(128), nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
    )
    op.create_table(
        "ai_baas",
        sa.Column("id", sa.String(128), primary_key=True),
        *(sa.Column(c, sa.String(128), nullable=False) for c in _DEPLOYMENT),
        sa.Column("effective", sa.String(10), nullable=False),
        sa.Column("expires", sa.String(10), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
    )
    op.create_table(
        "ai_pauses",
        sa.Column("scope", sa.String(16), primary_key=True),
        sa.Column("target", sa.String(128), primary_key=True),
        sa.Column("paused_at", sa.Float, nullable=False),
        sa.Column("paused_by", sa.String(128), nullable=False),
    )
    op.create_table(
        "ai_reviews",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tenant", sa.String(128), nullable=False),
        sa.Column("caller", sa.String(128), nullable=False),
        sa.Column("model", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("answer_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("decided_at", sa.Float, nullable=True),
        sa.Column("decided_by", sa.String(128), nullable=True),
    )
    op.create_index("ix_ai_reviews_tenant_status", "ai_reviews", ["tenant", "status"])


def downgrade() -> None:
    op.drop_index("ix_ai_reviews_tenant_status", table_name="ai_reviews")
    for table in ("ai_reviews", "ai_pauses", "ai_baas", "ai_models"):
        op.drop_table(table)
