"""The deployment files (issue 16, item 3): the compose file has every service with a healthcheck and not one
secret literal; the systemd units are hardened and pass ``systemd-analyze verify``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SECRET_NAME = re.compile(r"PASSWORD|SECRET|PASSPHRASE|ACCESS_KEY|TOKEN|PIN", re.IGNORECASE)
REQUIRED_VARIABLE = re.compile(r"\$\{[A-Z0-9_]+:\?[^}]*\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_compose_runs_api_worker_postgres_clamd_and_an_s3_store(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"api", "worker", "postgres", "clamd", "minio"} <= set(services)
    for name in ("api", "worker", "postgres", "clamd", "minio"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    env = services["worker"]["environment"]
    assert env["PHIGATE_STORAGE__BACKEND"] == "s3" and env["PHIGATE_DATABASE__URL"].startswith("postgresql")
    # the stages run as procrastinate jobs in `phigate worker`; the API (same backend) only defers them
    assert services["api"]["environment"]["PHIGATE_JOBS__BACKEND"] == env["PHIGATE_JOBS__BACKEND"] == "procrastinate"
    assert services["worker"]["command"][0] == "worker" and "--health-file" in services["worker"]["command"]
    # the API and workers wait for migrations and keys, which wait for the database and the bucket
    assert services["api"]["depends_on"]["init"]["condition"] == "service_completed_successfully"
    assert services["init"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def _environments(compose: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(svc, str(k), str(v)) for svc, spec in compose["services"].items()
            for k, v in (spec.get("environment") or {}).items()]


def test_compose_holds_no_secret_only_references_to_the_env_file(compose: dict[str, Any]) -> None:
    secrets = [(svc, k, v) for svc, k, v in _environments(compose) if SECRET_NAME.search(k)]
    assert len(secrets) >= 6
    for svc, key, value in secrets:
        assert REQUIRED_VARIABLE.fullmatch(value), f"{svc}.{key} is not a required ${{VAR:?}} reference"
    url = compose["services"]["api"]["environment"]["PHIGATE_DATABASE__URL"]
    assert REQUIRED_VARIABLE.search(url) and "${POSTGRES_PASSWORD:?" in url
    # and the example env file has names, never values
    for line in (DEPLOY / "phigate.env.example").read_text().splitlines():
        if SECRET_NAME.search(line.split("=", 1)[0]) and not line.startswith("#"):
            assert line.endswith("="), line
    assert "phigate.env" in (DEPLOY / ".gitignore").read_text().split()


def test_compose_keeps_the_containers_unprivileged(compose: dict[str, Any]) -> None:
    for name in ("api", "worker", "init"):
        spec = compose["services"][name]
        assert spec["cap_drop"] == ["ALL"] and spec["read_only"] is True
        assert "no-new-privileges:true" in spec["security_opt"]
    assert compose["networks"]["backend"]["internal"] is True


UNITS = ["phigate-serve.service", "phigate-worker@.service"]
HARDENING = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes", "CapabilityBoundingSet": "",
             "ReadWritePaths": "/var/lib/phigate", "ProtectHome": "yes", "PrivateDevices": "yes",
             "RestrictNamespaces": "user net", "LimitCORE": "0"}


def _directives(unit: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (DEPLOY / "systemd" / unit).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            out.setdefault(key, []).append(value)
    return out


@pytest.mark.parametrize("unit", UNITS)
def test_the_units_are_hardened_and_hold_no_secret(unit: str) -> None:
    d = _directives(unit)
    for key, value in HARDENING.items():
        assert value in d.get(key, []), f"{unit}: {key}={value}"
    assert d["EnvironmentFile"] == ["/etc/phigate/phigate.env"]
    assert not any(SECRET_NAME.search(v.split("=", 1)[0]) for v in d.get("Environment", []))


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    phigate = shutil.which("phigate") or str(ROOT / ".venv" / "bin" / "phigate")
    for unit in UNITS:  # ExecStart must name an executable that exists here
        text = (DEPLOY / "systemd" / unit).read_text().replace("/opt/phigate/bin/phigate", phigate)
        (tmp_path / unit).write_text(text)
    (tmp_path / "phigate-worker@1.service").symlink_to(tmp_path / "phigate-worker@.service")
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", "phigate-serve.service",
                           "phigate-worker@1.service"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
