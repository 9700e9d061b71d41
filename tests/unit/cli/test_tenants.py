"""``phigate tenants``: tenants are registered, and every command that names a tenant refuses one that is not,
creating nothing for it (``keys rotate --tenant dmeo`` used to make a new tenant with a new key)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from phigate.backends import db
from phigate.cli import app
from phigate.errors import Error
from tests._fixtures.audit import detail_of, logged_events

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
runner = CliRunner()


def _cli(data_dir: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    """Exit code and output; a phigate error as (2, its code), as ``main`` reports it."""
    res = runner.invoke(app, [*args, "--data-dir", str(data_dir)], input=stdin)
    if isinstance(res.exception, Error):
        return 2, res.exception.code
    return res.exit_code, res.stdout


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    assert runner.invoke(app, ["init", "--data-dir", str(d)]).exit_code == 0
    return d


def test_add_and_list_are_audited_and_a_second_add_conflicts(data_dir: Path) -> None:
    code, out = _cli(data_dir, "tenants", "add", "clinic-a", "--name", "Clinic A", "--json")
    assert code == 0 and json.loads(out)["tenant"] == "clinic-a"
    assert _cli(data_dir, "tenants", "add", "clinic-a") == (2, "conflict")
    assert _cli(data_dir, "tenants", "add", "clinic-a", "--exist-ok")[0] == 0
    code, out = _cli(data_dir, "tenants", "add", "clinic-b")
    assert code == 0 and "clinic-b" in out
    code, out = _cli(data_dir, "tenants", "list", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["tenant"], r["name"], r["created_by"]) for r in rows] == [("clinic-a", "Clinic A", "cli"),
                                                                         ("clinic-b", None, "cli")]
    created = [e for e in logged_events(data_dir, {}) if detail_of(e)["op"] == "tenant.create"]
    assert [(e["action"], e["resource_kind"], e["resource_id"], e["actor_id"]) for e in created] == [
        ("create", "tenant", "clinic-a", "cli"), ("create", "tenant", "clinic-b", "cli")]


@pytest.mark.parametrize("bad", ["../etc", "a/b", "", "x" * 129, "_system", ".hidden", "t\n1"])
def test_hostile_ids_are_refused(data_dir: Path, bad: str) -> None:
    code, _ = _cli(data_dir, "tenants", "add", bad)
    assert code != 0
    assert _cli(data_dir, "tenants", "list", "--json") == (0, "")


@pytest.mark.parametrize("bad", ["", "x" * 257, "line\nbreak", "nul\x00"])
def test_hostile_display_names_are_refused(data_dir: Path, bad: str) -> None:
    assert _cli(data_dir, "tenants", "add", "ok", "--name", bad) == (2, "bad_request")
    assert _cli(data_dir, "tenants", "list", "--json") == (0, "")


def test_every_command_naming_a_tenant_refuses_an_unregistered_one(data_dir: Path) -> None:
    assert _cli(data_dir, "tenants", "add", "demo")[0] == 0
    refused = [
        ("keys", "rotate", "--tenant", "dmeo", "--json"),
        ("keys", "rewrap", "--tenant", "dmeo", "--json"),
        ("keys", "shred", "--tenant", "dmeo", "--yes"),
        ("accounts", "add-service", "app", "--tenant", "dmeo", "--scope", "uploads:create", "--json"),
        ("users", "add", "a@example.org", "--tenant", "dmeo", "--role", "auditor", "--json"),
        ("webhooks", "set", "--tenant", "dmeo", "--url", "https://hooks.example.org/x", "--json"),
        ("ingest", str(EXAMPLES / "adt-a01.hl7"), "--tenant", "dmeo", "--json"),
    ]
    for args in refused:
        assert _cli(data_dir, *args) == (2, "unknown_tenant"), args
    code, out = _cli(data_dir, "keys", "status", "--json")
    assert "dmeo" not in out  # no key was made for the mistyped tenant
    assert _cli(data_dir, "accounts", "list", "--json") == (0, "")
    assert [json.loads(x)["tenant"] for x in _cli(data_dir, "tenants", "list", "--json")[1].splitlines()] == ["demo"]
    # the registered tenant works
    code, out = _cli(data_dir, "keys", "rotate", "--tenant", "demo", "--json")
    assert code == 0 and json.loads(out)["tenant"] == "demo"


def test_an_existing_database_registers_the_tenants_it_already_has(tmp_path: Path) -> None:
    """Upgrading: the tenants of existing accounts, people and documents are registered by the migration."""
    from alembic import command
    from alembic.config import Config

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "intake@head")
        conn.execute(sa.text("INSERT INTO service_accounts (client_id, name, tenant, scopes, secret_hash, "
                             "created_at) VALUES ('svc_1', 'old', 'legacy-clinic', 'uploads:create', 'x', 0)"))
    db.migrate(engine)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, created_by FROM tenants")).all()
    assert [tuple(r) for r in rows] == [("legacy-clinic", "migration")]
    engine.dispose()
