"""SQLAlchemy Core descriptions of the release workflow's tables (schema: the ``release`` Alembic branch).

``webhook_deliveries`` is the intake branch's outbox table with the columns the release branch adds."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

quarantine_releases = sa.Table(
    "quarantine_releases", metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason_code", sa.String(64), nullable=False),
    sa.Column("sealed_justification", sa.LargeBinary, nullable=False),
    sa.Column("requested_by", sa.String(64), nullable=False),
    sa.Column("requested_at", sa.Float, nullable=False),
    sa.Column("approved_by", sa.String(64)),
    sa.Column("approved_at", sa.Float),
)

webhook_deliveries = sa.Table(
    "webhook_deliveries", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("document_id", sa.String(64), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.Float, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("transition_id", sa.Integer),
    sa.Column("created_at", sa.Float),
    sa.Column("last_error", sa.String(128)),
    sa.Column("delivered_at", sa.Float),
    sa.Column("lease_until", sa.Float),
)

webhook_cursor = sa.Table(
    "webhook_cursor", metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("last_transition_id", sa.Integer, nullable=False),
)
