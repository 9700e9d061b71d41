"""audit: the append-only event log, its Merkle nodes, signed checkpoints and export cursors.

The database itself refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) on the evidence tables, with
triggers on both SQLite and PostgreSQL; on PostgreSQL the role ``phigate_audit_writer`` holds only INSERT and
SELECT on them, and the log switches to it for every write transaction.

Revision ID: audit_0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "audit_0001"
down_revision = None
branch_labels = ("audit",)
depends_on = None

EVIDENCE = ("audit_events", "audit_nodes", "audit_checkpoints")


def upgrade() -> None:
    op.create_table(
        "audit_events",
        # INTEGER on SQLite: seq is then the rowid itself (no separate primary-key index to maintain)
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
                  autoincrement=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("tenant", sa.String(128)),
        sa.Column("actor_kind", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("resource_kind", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.String(128)),
        sa.Column("purpose", sa.String(32)),
        sa.Column("decision", sa.String(32)),
        sa.Column("policy_id", sa.String(128)),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("source_addr", sa.String(64)),
        sa.Column("request_id", sa.String(128)),
        sa.Column("object_hash", sa.String(64)),
        sa.Column("patient_hash", sa.String(64)),
        sa.Column("detail", sa.String(512)),
        sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("chain_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("mac", sa.LargeBinary(32), nullable=False),
    )
    only_patients = sa.text("patient_hash IS NOT NULL")  # most events name no patient: a partial index
    op.create_index("ix_audit_events_patient", "audit_events", ["patient_hash"], sqlite_where=only_patients,
                    postgresql_where=only_patients)
    op.create_index("ix_audit_events_resource", "audit_events", ["resource_id"])
    op.create_index("ix_audit_events_actor", "audit_events", ["actor_id"])
    op.create_table(
        "audit_nodes",
        sa.Column("height", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
    )
    op.create_table(
        "audit_checkpoints",
        sa.Column("tree_size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("root_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("chain_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("signature", sa.LargeBinary(64), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "audit_export_cursors",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("next_seq", sa.BigInteger, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in EVIDENCE:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION phigate_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit log is append-only' USING ERRCODE = 'insufficient_privilege'; END $$"
        )
        for table in EVIDENCE:
            op.execute(f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION phigate_audit_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION phigate_audit_append_only()")
        # Roles are cluster-wide: create it once, grant per database. Only when we may manage roles.
        op.execute(_CREATE_ROLE)
        op.execute("GRANT SELECT, INSERT ON audit_events, audit_nodes, audit_checkpoints TO phigate_audit_writer")
        op.execute("GRANT SELECT, INSERT, UPDATE ON audit_export_cursors TO phigate_audit_writer")


_CREATE_ROLE = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'phigate_audit_writer') THEN
    CREATE ROLE phigate_audit_writer NOLOGIN;
  END IF;
  GRANT phigate_audit_writer TO CURRENT_USER;
END $$"""


def downgrade() -> None:
    raise NotImplementedError("the audit log is never downgraded: it is evidence")
