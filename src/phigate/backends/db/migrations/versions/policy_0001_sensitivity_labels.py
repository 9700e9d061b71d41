"""policy: sensitivity labels on documents and their uploads, and the labels a person was granted

Revision ID: policy_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "policy_0001"
down_revision = None
branch_labels = ("policy",)
depends_on = ("pipeline_0002", "people_0002")

# labels are stored as their values joined by spaces ("part2 hiv"), "" for none
_LABELS = sa.String(256)


def upgrade() -> None:
    for table in ("documents", "upload_sessions", "users"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("labels", _LABELS, nullable=False, server_default=sa.text("''")))


def downgrade() -> None:
    for table in ("users", "upload_sessions", "documents"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("labels")
