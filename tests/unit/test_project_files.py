"""The files a newcomer and a packager look for: the licence, the security policy, the changelog, one version,
and the dependencies the code really imports."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import phigate

ROOT = Path(__file__).resolve().parents[2]


def test_licence_security_policy_and_changelog() -> None:
    assert "Apache License" in (ROOT / "LICENSE").read_text() and "Version 2.0" in (ROOT / "LICENSE").read_text()
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "Apache-2.0"
    assert "Reporting a vulnerability" in (ROOT / "SECURITY.md").read_text()
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text()


def test_one_version_string() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("phigate") == phigate.__version__  # the API's: test_server_and_auth
    assert f"[{phigate.__version__}]" in (ROOT / "CHANGELOG.md").read_text()


def test_no_unused_dependencies() -> None:
    deps = " ".join(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    for unused in ("structlog", "pytesseract"):
        assert unused not in deps


def test_cli_uses_only_public_typer_api() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "phigate" / "cli").glob("*.py"))
    assert "_click" not in source
    scopes = subprocess.run([sys.executable, "-m", "phigate", "accounts", "add-service", "--help"],
                            capture_output=True, text=True, check=True, env={"COLUMNS": "200", "PATH": "/usr/bin",
                                                                             "PYTHONPATH": str(ROOT / "src")})
    for scope in ("uploads:create", "documents:read", "audit:read", "webhooks:manage"):
        assert scope in scopes.stdout
