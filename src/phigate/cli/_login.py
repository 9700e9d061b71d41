"""``phigate login``: sign a person in to a phigate server (email, password, TOTP code; or through an identity
provider with ``--oidc``) and keep the session's tokens in a 0600 file under the user's configuration directory
(``$XDG_CONFIG_HOME/phigate/token``, by default ``~/.config/phigate/token``), never in a data directory."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from phigate.cli._common import JsonOption
from phigate.errors import Error, Forbidden, InputError, RateLimited, ServiceUnavailable, Unauthenticated


def token_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "phigate" / "token"


def login(
    url: Annotated[str, typer.Option("--url", envvar="PHIGATE_URL", help="The phigate server.")]
    = "https://127.0.0.1:8443",
    cacert: Annotated[Path | None, typer.Option("--cacert", envvar="PHIGATE_CACERT", help=(
        "A CA certificate (PEM) to trust for this server, e.g. a dev server's <data-dir>/tls/cert.pem."))] = None,
    email: Annotated[str | None, typer.Option("--email", help="Your email (prompted when not given).")] = None,
    oidc: Annotated[str | None, typer.Option("--oidc", help=(
        "Sign in through this identity provider (its name on the server) in your browser instead."))] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help=(
        "With --oidc: print the sign-in URL rather than opening a browser."))] = False,
    as_json: JsonOption = False,
) -> None:
    """Sign in with your password and TOTP code, or through your identity provider (``--oidc NAME``); the
    session's tokens go to a 0600 file in your config dir."""
    import ssl

    try:
        verify: Any = ssl.create_default_context(cafile=str(cacert)) if cacert is not None else True
    except (OSError, ssl.SSLError) as exc:
        raise InputError("the --cacert file cannot be read as a PEM certificate") from exc
    base = url.rstrip("/")
    if oidc is not None:
        from phigate.cli._oidc_login import sign_in_through_provider

        r = sign_in_through_provider(base, verify, oidc, open_browser=not no_browser)
    else:
        r = _password_sign_in(base, verify, email)
    if r.status_code != 200:
        raise _error(r)
    session = r.json()
    path = token_file()
    _write_private(path, json.dumps({"server": url, "access_token": session["access_token"],
                                     "refresh_token": session["refresh_token"],
                                     "expires_at": int(time.time()) + int(session["expires_in"]),
                                     "session_expires_at": session["session_expires_at"]}))
    if as_json:
        typer.echo(json.dumps({"token_file": str(path), "expires_in": session["expires_in"],
                               "session_expires_at": session["session_expires_at"]}))
    else:
        typer.echo(f"signed in; the token is in {path} (valid {session['expires_in']} s)")


def _password_sign_in(base: str, verify: Any, email: str | None) -> Any:
    import httpx

    who = email or typer.prompt("Email")
    password = typer.prompt("Password", hide_input=True)
    code = typer.prompt("TOTP code (empty if you have none)", default="", show_default=False)
    body: dict[str, Any] = {"email": who, "password": password, "totp_code": code or None}
    try:
        with httpx.Client(base_url=base, verify=verify, timeout=30) as client:
            return client.post("/v1/auth/login", json=body)
    except httpx.HTTPError as exc:
        raise ServiceUnavailable("the phigate server could not be reached (check --url and --cacert)") from exc


def _error(r: Any) -> Error:
    try:
        err = r.json()["error"]
        message = str(err["message"])
    except (ValueError, KeyError, TypeError):
        message = f"the server answered {r.status_code}"
    if r.status_code == 401:
        return Unauthenticated(message)
    if r.status_code == 403:
        return Forbidden(message)
    if r.status_code == 429:
        after = r.headers.get("retry-after", "")
        return RateLimited(message, retry_after=int(after) if after.isdigit() and len(after) < 7 else 60)
    if r.status_code < 500:
        return InputError(message)
    return ServiceUnavailable(message)


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (a directory of 0700, a file of 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
