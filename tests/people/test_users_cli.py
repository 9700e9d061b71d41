"""``phigate users``: add (enrolment secret or password on stdin), list, disable, set-role, with their audit
events; hostile emails and unknown roles are refused before anything is stored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate.cli import app
from phigate.errors import Error
from phigate.identity import ROLE_SCOPES, Role, reads_phi
from tests._fixtures.tenants import register

runner = CliRunner()


def _run(data_dir: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Exit code, standard output and the error text (a phigate error's safe diagnostics, as ``main`` prints)."""
    res = runner.invoke(app, [*args, "--data-dir", str(data_dir)], input=stdin)
    if isinstance(res.exception, Error):
        return 2, res.stdout, f"{res.exception.code}: {res.exception.diagnostics()}"
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    assert runner.invoke(app, ["init", "--data-dir", str(d)]).exit_code == 0
    assert register(d, "t1") and register(d, "t2")
    return d


def _events(data_dir: Path) -> list[dict[str, object]]:
    code, out, _ = _run(data_dir, "audit", "export", "--format", "jsonl")
    assert code == 0, out
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_add_prints_a_one_time_enrolment_secret_stored_only_as_an_argon2id_hash(data_dir: Path) -> None:
    code, out, err = _run(data_dir, "users", "add", "Dr.Who@Example.org", "--tenant", "t1", "--role", "clinician",
                          "--json")
    assert code == 0, err
    row = json.loads(out)
    assert row["email"] == "dr.who@example.org" and row["role"] == "clinician" and row["tenant"] == "t1"
    assert row["user_id"].startswith("usr_") and row["second_factor_required"] is True
    secret = row["enrolment_secret"]
    assert isinstance(secret, str) and len(secret) >= 24
    with sqlite3.connect(data_dir / "phigate.db") as db:
        stored = db.execute("select enrolment_hash, password_hash from users").fetchone()
    assert stored[0].startswith("$argon2id$") and secret not in stored[0] and stored[1] is None
    listed = [json.loads(line) for line in _run(data_dir, "users", "list", "--json")[1].splitlines()]
    assert [u["user_id"] for u in listed] == [row["user_id"]] and "enrolment_secret" not in listed[0]
    create = [e for e in _events(data_dir) if "op=user.create" in str(e.get("detail"))]
    assert len(create) == 1 and create[0]["resource_id"] == row["user_id"]
    assert "example.org" not in json.dumps(_events(data_dir))  # the audit log keeps ids, never the email


def test_password_stdin_sets_the_password_and_prints_no_secret(data_dir: Path) -> None:
    code, out, err = _run(data_dir, "users", "add", "aud@example.org", "--tenant", "t1", "--role", "auditor",
                          "--password-stdin", "--json", stdin="correct horse battery\n")
    assert code == 0, err
    row = json.loads(out)
    assert row["enrolment_secret"] is None and row["second_factor_required"] is False
    with sqlite3.connect(data_dir / "phigate.db") as db:
        (stored,) = db.execute("select password_hash from users").fetchone()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored


def test_a_short_password_is_refused(data_dir: Path) -> None:
    code, _, err = _run(data_dir, "users", "add", "a@example.org", "--tenant", "t1", "--role", "auditor",
                        "--password-stdin", stdin="short\n")
    assert code != 0 and "password" in err
    assert _run(data_dir, "users", "list", "--json")[1] == ""


@pytest.mark.parametrize("email", [
    "not-an-email", "a@b", "@example.org", "a@@example.org", "a b@example.org",
    "\u0430dmin@example.org",  # Cyrillic a: a look-alike of admin@example.org
    "admin\u200b@example.org",  # zero-width space
    "admin@exa\u0301mple.org",  # combining accent
    "\u212aate@example.org",  # the Kelvin sign, which lower() turns into an ASCII k
    "admin@example.org\n", "adm\x00in@example.org", "a" * 65 + "@example.org",
    "a@" + "b" * 250 + ".org", "",
])
def test_hostile_emails_are_refused(data_dir: Path, email: str) -> None:
    code, out, err = _run(data_dir, "users", "add", email, "--tenant", "t1", "--role", "auditor")
    assert code != 0 and "email" in err and "Traceback" not in out + err
    assert _run(data_dir, "users", "list", "--json")[1] == ""


def test_an_unknown_role_and_a_duplicate_email_are_refused(data_dir: Path) -> None:
    code, _, err = _run(data_dir, "users", "add", "x@example.org", "--tenant", "t1", "--role", "admin")
    assert code != 0 and "clinician" in err
    assert _run(data_dir, "users", "add", "x@example.org", "--tenant", "t1", "--role", "auditor")[0] == 0
    code, _, err = _run(data_dir, "users", "add", "X@EXAMPLE.ORG", "--tenant", "t2", "--role", "auditor")
    assert code != 0 and "exists" in err


def test_disable_and_set_role_are_audited(data_dir: Path) -> None:
    _run(data_dir, "users", "add", "r@example.org", "--tenant", "t1", "--role", "reviewer")
    code, out, err = _run(data_dir, "users", "set-role", "r@example.org", "--role", "tenant_admin", "--json")
    assert code == 0, err
    row = json.loads(out)
    assert row["role"] == "tenant_admin" and row["second_factor_required"] is False
    code, out, err = _run(data_dir, "users", "disable", row["user_id"], "--json")
    assert code == 0, err and json.loads(out)["disabled_at"]
    ops = [str(e["detail"]).split()[0] for e in _events(data_dir) if e.get("resource_id") == row["user_id"]]
    assert ops == ["op=user.create", "op=user.role", "op=user.disable"]
    assert _run(data_dir, "users", "disable", "nobody@example.org")[0] != 0


def test_one_table_maps_roles_to_scopes_and_no_role_is_admin() -> None:
    assert set(ROLE_SCOPES) == set(Role)
    assert all("admin" not in scopes for scopes in ROLE_SCOPES.values())
    assert {r for r in Role if reads_phi(r)} == {Role.CLINICIAN, Role.REVIEWER, Role.PRIVACY_OFFICER}
