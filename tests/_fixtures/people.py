"""Helpers for the people tests: users made with the CLI, requests, TOTP and sign-in against a real server."""

from __future__ import annotations

import json
import shutil
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt
import pyotp
from typer.testing import CliRunner

from tests._fixtures.server import IntakeServer
from tests._fixtures.tenants import register

PASSWORD = "a long synthetic passphrase"
RP_ID, ORIGIN = "phigate.test", "https://phigate.test"


def new_email(prefix: str = "p") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.org"


def add_user(srv: IntakeServer, email: str, role: str, *, tenant: str = "t1", password: str | None = PASSWORD,
             ) -> dict[str, Any]:
    from phigate.cli import app

    register(srv.data_dir, tenant, srv.env)
    args = ["users", "add", email, "--tenant", tenant, "--role", role, "--json", "--data-dir", str(srv.data_dir)]
    if password is not None:
        args.append("--password-stdin")
    res = CliRunner().invoke(app, args, env=srv.env, input=f"{password}\n" if password else None)
    assert res.exit_code == 0, res.output
    row: dict[str, Any] = json.loads(res.stdout)
    return row


def cli(srv: IntakeServer, *args: str) -> None:
    from phigate.cli import app

    res = CliRunner().invoke(app, [*args, "--data-dir", str(srv.data_dir)], env=srv.env)
    assert res.exit_code == 0, res.output


def post(srv: IntakeServer, path: str, body: Any = None, token: str | None = None, **kw: Any) -> httpx.Response:
    with srv.client() as c:
        return c.post(path, json=body, headers=srv.auth(token) if token else {}, **kw)


def enrol_totp(srv: IntakeServer, email: str) -> pyotp.TOTP:
    r = post(srv, "/v1/auth/totp", {"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    uri = r.json()["otpauth_uri"]
    assert uri.startswith("otpauth://totp/") and r.headers["cache-control"] == "no-store"
    totp = pyotp.TOTP(urllib.parse.parse_qs(urllib.parse.urlparse(uri).query)["secret"][0])
    r = post(srv, "/v1/auth/totp/verify", {"email": email, "password": PASSWORD, "code": totp.now()})
    assert r.status_code == 204, r.text
    return totp


def login(srv: IntakeServer, email: str, totp: pyotp.TOTP | None = None) -> dict[str, Any]:
    # the next step's code: the current one may have been used (each step is accepted once)
    code = totp.at(time.time() + 30) if totp is not None else None
    r = post(srv, "/v1/auth/login", {"email": email, "password": PASSWORD, "totp_code": code})
    assert r.status_code == 200, r.text
    session: dict[str, Any] = r.json()
    return session


def claims(token: str) -> dict[str, Any]:
    out: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return out


def clinician(srv: IntakeServer) -> tuple[str, dict[str, Any]]:
    email = new_email("clin")
    add_user(srv, email, "clinician")
    return email, login(srv, email, enrol_totp(srv, email))


def upload(srv: IntakeServer, token: str) -> httpx.Response:
    with srv.client() as c:
        return c.post("/v1/uploads", json={"filename": "synthetic.txt", "media_type": "text/plain", "size": 5},
                      headers=srv.auth(token))


def outbox(srv: IntakeServer) -> dict[str, dict[str, Any]]:
    box = srv.data_dir / "outbox"
    return {p.name: json.loads(p.read_text()) for p in box.glob("*.json")} if box.exists() else {}


def short_step_up_pack(root: Path, max_age: int, ages: dict[str, int]) -> Path:
    """A copy of the shipped policy pack under ``root`` whose step-up windows (``ages``: file -> its shipped
    ``max_age``) are ``max_age`` seconds, so a test can watch a sign-in go stale."""
    from phigate import registry

    pack = root / "pack"
    shutil.copytree(registry.SHIPPED_POLICIES, pack, ignore=shutil.ignore_patterns("*.cedarschema"))
    for name, age in ages.items():
        text = (pack / name).read_text()
        (pack / name).write_text(text.replace(f'@max_age("{age}")', f'@max_age("{max_age}")')
                                 .replace(f"context.auth_age <= {age}", f"context.auth_age <= {max_age}"))
    return pack
