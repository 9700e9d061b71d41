"""Account changes commit with their audit event: when the event cannot be written, no account is created and
none is revoked (they used to be made first and audited after). Each change writes exactly its event."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from phigate.cli import app
from phigate.errors import Error
from tests._fixtures.audit import detail_of, logged_events, settings_of, unwritable_log
from tests._fixtures.tenants import register


def _cli(data_dir: Path, *args: str) -> tuple[int, str]:
    if args[0] == "add-service":
        register(data_dir, args[args.index("--tenant") + 1])
    result = CliRunner().invoke(app, ["accounts", *args, "--data-dir", str(data_dir), "--json"])
    if isinstance(result.exception, Error):
        return 2, result.exception.code
    return result.exit_code, result.stdout


def _accounts(data_dir: Path) -> dict[str, dict[str, object]]:
    code, out = _cli(data_dir, "list")
    assert code == 0, out
    return {row["client_id"]: row for row in map(json.loads, out.splitlines())}


def test_account_changes_are_undone_when_their_audit_event_fails(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    code, out = _cli(data, "add-service", "app", "--tenant", "t1", "--scope", "uploads:create")
    assert code == 0, out
    client_id = json.loads(out)["client_id"]
    with unwritable_log(settings_of(data, {})):
        assert _cli(data, "add-service", "other", "--tenant", "t1", "--scope", "uploads:create") == (
            2, "audit_unavailable")
        assert _cli(data, "revoke", client_id) == (2, "audit_unavailable")
        assert _cli(data, "revoke", "--tenant", "t1") == (2, "audit_unavailable")
    accounts = _accounts(data)
    assert list(accounts) == [client_id] and accounts[client_id]["revoked_at"] is None

    code, out = _cli(data, "revoke", client_id)
    assert code == 0 and json.loads(out) == {"client_id": client_id, "tenant": "t1", "revoked": True}
    assert _accounts(data)[client_id]["revoked_at"] is not None
    events = [(e["action"], e["outcome"], e["resource_id"], detail_of(e)["op"]) for e in logged_events(data, {})]
    assert events == [("create", "success", "t1", "tenant.create"), ("create", "success", client_id, "account.create"),
                      ("delete", "success", client_id, "account.revoke")]


def test_disabling_a_tenant_revokes_and_audits_each_account(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    ids = {json.loads(_cli(data, "add-service", f"a{i}", "--tenant", "t1", "--scope", "uploads:create")[1])
           ["client_id"] for i in range(2)}
    other = json.loads(_cli(data, "add-service", "b", "--tenant", "t2", "--scope", "uploads:create")[1])["client_id"]
    code, out = _cli(data, "revoke", "--tenant", "t1")
    assert code == 0 and {json.loads(line)["client_id"] for line in out.splitlines()} == ids
    accounts = _accounts(data)
    assert all(accounts[i]["revoked_at"] for i in ids) and accounts[other]["revoked_at"] is None
    revokes = [e for e in logged_events(data, {}) if detail_of(e)["op"] == "account.revoke"]
    assert {e["resource_id"] for e in revokes} == ids and {e["tenant"] for e in revokes} == {"t1"}
