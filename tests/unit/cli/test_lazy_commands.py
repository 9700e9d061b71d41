"""The top-level CLI imports a command's module only when that command runs, and still lists every command."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from phigate.cli import _COMMANDS, app

runner = CliRunner()
EVERY_COMMAND = ("serve", "worker", "init", "deid", "scan", "ingest", "fsck", "backup", "restore", "login", "tenants",
                 "accounts", "users", "keys", "audit", "quarantine", "webhooks", "documents", "break-glass",
                 "reid", "labels", "models", "ai")


def _eager_app() -> typer.Typer:
    """The app as it was registered before commands were loaded lazily: every module imported up front."""
    from phigate.cli import (
        _accounts,
        _ai,
        _audit,
        _backup,
        _break_glass,
        _common,
        _deid,
        _documents,
        _fsck,
        _ingest,
        _init,
        _keys,
        _labels,
        _login,
        _quarantine,
        _reid,
        _scan,
        _serve,
        _tenants,
        _users,
        _webhooks,
        _worker,
    )

    eager = typer.Typer(
        name="phigate",
        help="phigate: the gateway every medical document passes through before any AI feature may touch it.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    eager.callback()(_common.global_options)
    eager.command("serve")(_serve.serve)
    eager.command("worker")(_worker.worker)
    eager.command("init")(_init.init)
    eager.add_typer(_tenants.app, name="tenants")
    eager.add_typer(_accounts.accounts_app, name="accounts")
    eager.add_typer(_users.app, name="users")
    eager.add_typer(_keys.app, name="keys")
    eager.command("deid")(_deid.deid)
    eager.command("scan")(_scan.scan)
    eager.add_typer(_audit.app, name="audit")
    eager.command("ingest")(_ingest.ingest)
    eager.command("fsck")(_fsck.fsck)
    eager.command("backup")(_backup.backup)
    eager.command("restore")(_backup.restore)
    eager.command("login")(_login.login)
    eager.add_typer(_quarantine.app, name="quarantine")
    eager.add_typer(_webhooks.app, name="webhooks")
    eager.add_typer(_documents.app, name="documents")
    eager.add_typer(_break_glass.app, name="break-glass")
    eager.add_typer(_reid.app, name="reid")
    eager.add_typer(_labels.app, name="labels")
    eager.add_typer(_ai.models_app, name="models")
    eager.add_typer(_ai.ai_app, name="ai")
    return eager


def test_help_lists_every_command_in_order() -> None:
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    # a command's name starts its row; a wrapped description continues further right
    listed = [line.strip("│ ").split()[0] for line in res.output.splitlines() if line.startswith("│ ") and
              not line.startswith("│  ") and line.strip("│ ").split()[0] in EVERY_COMMAND]
    assert listed == list(EVERY_COMMAND) == list(_COMMANDS)


@pytest.mark.parametrize("args", [[], ["--help"], *([c, "--help"] for c in EVERY_COMMAND),
                                  ["keys", "rotate", "--help"], ["audit", "verify", "--help"],
                                  ["quarantine", "list", "--help"], ["nosuch"], ["deid", "--nosuch"]])
def test_help_and_usage_errors_match_the_eagerly_registered_app(args: list[str]) -> None:
    lazy, eager = runner.invoke(app, args), runner.invoke(_eager_app(), args)
    assert (lazy.exit_code, lazy.output) == (eager.exit_code, eager.output)


def test_deid_imports_neither_the_settings_nor_the_database_nor_the_api() -> None:
    """Nor ``phigate.models`` (its frozen dataclasses cost some 30 ms of start-up; only commands that act as the CLI
    operator need them)."""
    probe = (
        "import sys\n"
        "from phigate.cli import main\n"
        "sys.argv = ['phigate', 'deid', '--mode', 'tag']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('phigate.config', 'sqlalchemy', 'fastapi', 'phigate.registry', "
        "'phigate.cli._serve', 'phigate.cli._audit', 'cryptography', 'phigate.models') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], input="Pt John Smith seen 7/22.\n", capture_output=True,
                         text=True, check=True).stdout
    assert out.splitlines() == ["Pt [NAME] seen [DATE].", "HEAVY []"]


@pytest.mark.parametrize(("args", "message"), [(["nosuch"], "No such command 'nosuch'"),
                                               (["deid", "--nosuch-option"], "No such option")])
def test_usage_errors_are_reported_as_usage_errors(args: list[str], message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "phigate", *args], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "internal error" not in proc.stderr
