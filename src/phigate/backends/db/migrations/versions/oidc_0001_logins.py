"""oidc: OpenID Connect sign-ins in flight (state, nonce and browser binding, used once)

Revision ID: oidc_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "oidc_0001"
down_revision = None
branch_labels = ("oidc",)
depends_on = "people_0001"

_ID = sa.String(64)


def upgrade() -> None:
    op.create_table(
        "oidc_logins",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("browser_hash", sa.String(64), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("used_at", sa.Float, nullable=True),
        sa.Column("user_id", _ID, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("acr", sa.String(256), nullable=True),
        sa.Column("amr", sa.String(256), nullable=True),
        sa.Column("auth_time", sa.Float, nullable=True),
        sa.Column("pending_hash", sa.String(64), nullable=True, unique=True),
    )
    op.create_index("ix_oidc_logins_expires_at", "oidc_logins", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_oidc_logins_expires_at", "oidc_logins")
    op.drop_table("oidc_logins")
