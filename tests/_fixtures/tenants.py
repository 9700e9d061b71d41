"""Registering tenants the way an operator does (``phigate tenants add``), for tests that name one."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner


def register(data_dir: Path, tenant: str, env: dict[str, str] | None = None) -> bool:
    """``phigate tenants add TENANT``: whether it is registered now (a tenant registered before is fine; an
    invalid id is not registered, and the command under test then meets it)."""
    from phigate.cli import app

    result = CliRunner().invoke(app, ["tenants", "add", tenant, "--exist-ok", "--data-dir", str(data_dir)], env=env)
    return result.exit_code == 0
