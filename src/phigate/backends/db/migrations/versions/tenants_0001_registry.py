"""tenants: the registry of tenants; filled from the tenants that already have accounts, people, uploads,
documents or a webhook, so an existing data directory keeps working

Revision ID: tenants_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "tenants_0001"
down_revision = None
branch_labels = ("tenants",)
depends_on = ("intake_0001", "people_0001")

_TENANT = sa.String(128)
_KNOWN = ("service_accounts", "users", "upload_sessions", "documents", "webhooks")


def upgrade() -> None:
    tenants = op.create_table(
        "tenants",
        sa.Column("id", _TENANT, primary_key=True),
        sa.Column("name", sa.String(256), nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
    )
    conn = op.get_bind()
    found: set[str] = set()
    for table in _KNOWN:
        found.update(conn.execute(sa.text(f"SELECT DISTINCT tenant FROM {table}")).scalars())  # noqa: S608
    if found:
        op.bulk_insert(tenants, [{"id": t, "name": None, "created_at": 0.0, "created_by": "migration"}
                                 for t in sorted(found)])


def downgrade() -> None:
    op.drop_table("tenants")
