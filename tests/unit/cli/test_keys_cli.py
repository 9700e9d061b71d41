"""`phigate keys` through the CLI, and the key-administration permission."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate import registry
from phigate.cli import app
from phigate.config import Settings
from phigate.errors import Forbidden, KeyShredded
from phigate.models import ActorKind, BlobKey, Principal
from phigate.services.keys import KeyAdministration
from tests._fixtures.audit import detail_of, logged_events
from tests._fixtures.tenants import register

runner = CliRunner()


def cli(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, " ".join(res.output.split())  # Rich wraps lines at the terminal width


def test_rotate_rewrap_status_shred(tmp_path: Path) -> None:
    d = str(tmp_path)
    assert register(tmp_path, "acme")
    vault = registry.build_vault(Settings.load(data_dir=tmp_path))
    for i in range(3):
        vault.put(BlobKey("acme", "docs", f"o{i}"), [b"synthetic %d" % i])
    code, out = cli("keys", "rotate", "-t", "acme", "--data-dir", d, "--json")
    assert code == 0 and json.loads(out)["kek_version"] == 2
    code, out = cli("keys", "rewrap", "-t", "acme", "--data-dir", d, "--json")
    assert code == 0 and json.loads(out)["count"] == 3
    code, out = cli("keys", "status", "--data-dir", d, "--json")
    statuses = {s["tenant"]: s for s in map(json.loads, out.replace("} {", "}\n{").splitlines())}
    assert set(statuses) == {"acme", "_system"}  # _system: the audit log's signing key is kept under it
    assert statuses["acme"] == {"tenant": "acme", "backend": "local", "current_version": 2, "versions": [1, 2],
                               "shredded": False, "shredded_at": None}
    assert registry.build_vault(Settings.load(data_dir=tmp_path)).read(BlobKey("acme", "docs", "o1")) == b"synthetic 1"

    code, out = cli("keys", "shred", "-t", "acme", "--object", "docs/o0", "--yes", "--data-dir", d)
    assert code == 0 and "permanently unrecoverable" in out
    code, out = cli("keys", "shred", "-t", "acme", "--data-dir", d)  # asks first; "no" on empty input
    assert code != 0
    code, out = cli("keys", "shred", "-t", "acme", "--yes", "--data-dir", d)
    assert code == 0
    code, out = cli("keys", "status", "--data-dir", d)
    assert "SHREDDED" in out
    with pytest.raises(KeyShredded):
        registry.build_vault(Settings.load(data_dir=tmp_path)).read(BlobKey("acme", "docs", "o1"))
    events = [json.loads(line) for line in (tmp_path / "keys" / "key-events.jsonl").read_text().splitlines()]
    assert [e["action"] for e in events] == ["key.rotate", "key.rewrap", "key.shred_object", "key.shred"]
    assert all(e["outcome"] == "success" for e in events)
    logged = [e for e in logged_events(tmp_path, {}) if e["action"] == "key_operation"]
    assert [detail_of(e)["op"] for e in logged] == ["key.rotate", "key.rewrap", "key.shred_object", "key.shred"]
    assert {e["tenant"] for e in logged} == {"acme"} and logged[2]["resource_id"] == "acme/docs/o0"


def test_help_lists_commands() -> None:
    code, out = cli("keys", "--help")
    assert code == 0 and all(c in out for c in ("rotate", "rewrap", "shred", "status"))


def test_bad_object_reference(tmp_path: Path) -> None:
    res = runner.invoke(app, ["keys", "shred", "-t", "acme", "--object", "no-slash", "--yes",
                              "--data-dir", str(tmp_path)])
    assert res.exit_code != 0


def test_key_administration_is_a_separate_permission(tmp_path: Path) -> None:
    events: list[object] = []
    assert register(tmp_path, "acme") and register(tmp_path, "globex")
    with registry.tenant_admin(Settings.load(data_dir=tmp_path)) as tenants:
        admin = KeyAdministration(registry.build_vault(Settings.load(data_dir=tmp_path)), events.append,
                                  tenants.require)
    reader = Principal("svc-reader", ActorKind.SERVICE, "acme", frozenset({"documents:read"}))
    other_admin = Principal("svc-admin", ActorKind.SERVICE, "globex", frozenset({"keys:admin"}))
    own_admin = Principal("svc-admin2", ActorKind.SERVICE, "acme", frozenset({"keys:admin"}))
    with pytest.raises(Forbidden):
        admin.rotate(reader, "acme")
    with pytest.raises(Forbidden):
        admin.shred(other_admin, "acme")
    assert admin.rotate(own_admin, "acme").kek_version == 1
    assert len(events) == 1
