"""oidc: a terminal's sign-in (``phigate login --oidc``) is handed over to its loopback address

Revision ID: oidc_0002
Revises: oidc_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "oidc_0002"
down_revision = "oidc_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("oidc_logins", sa.Column("return_to", sa.String(256), nullable=True))
    op.add_column("oidc_logins", sa.Column("return_challenge", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("oidc_logins") as batch:
        batch.drop_column("return_challenge")
        batch.drop_column("return_to")
