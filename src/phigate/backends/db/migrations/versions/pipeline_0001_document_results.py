"""pipeline: each stage's result summary per document (verdict detail, extraction and PHI counts; no PHI)

Revision ID: pipeline_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "pipeline_0001"
down_revision = None
branch_labels = ("pipeline",)
depends_on = "intake_0001"


def upgrade() -> None:
    op.create_table(
        "document_results",
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("stage", sa.String(64), primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("document_results")
