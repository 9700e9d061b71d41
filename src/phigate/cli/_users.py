"""``phigate users``: people who sign in (roles, one-time enrolment secrets, disabling)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import typer

from phigate.cli._common import CLI_OPERATOR, DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.models import SensitivityLabel
from phigate.services.users import Role, User

_ROLES = ", ".join(r.value for r in Role)
_LABELS = ", ".join(label.value for label in SensitivityLabel)
app = typer.Typer(help="People who sign in (password and a second factor).", no_args_is_help=True)


@app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="The person's email (their sign-in name).")],
    tenant: Annotated[str, typer.Option("--tenant", help="The one tenant they work in.")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {_ROLES}.")],
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the initial password from standard input instead of printing a one-time "
                                 "enrolment secret.")] = False,
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Add a person. Without --password-stdin a one-time enrolment secret is printed once: they set their
    password with it (POST /v1/auth/enrol)."""
    from phigate import registry

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with registry.user_admin(settings_for(data_dir)) as users:
        new = users.add(CLI_OPERATOR, email, tenant, role, password)
    row = {**_row(new.user), "enrolment_secret": new.enrolment_secret}
    if as_json:
        typer.echo(json.dumps(row))
        return
    typer.echo(f"user_id: {new.user.id}")
    if new.enrolment_secret is not None:
        typer.echo(f"enrolment_secret: {new.enrolment_secret}\n(shown once; give it to the person over a "
                   "channel you trust)")
    if new.user.needs_second_factor:
        typer.echo("this role reads PHI: sign-in requires a TOTP authenticator (POST /v1/auth/totp)")


@app.command("list")
def list_users(data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Every person (never a password or a secret)."""
    from phigate import registry

    with registry.user_admin(settings_for(data_dir)) as users:
        rows = users.list(CLI_OPERATOR)
    for u in rows:
        if as_json:
            typer.echo(json.dumps(_row(u)))
        else:
            state = "disabled" if u.disabled_at else "active"
            typer.echo(f"{u.id}  {u.tenant}  {u.role.value:15}  {state:8}  {u.email}")


@app.command("disable")
def disable(
    user: Annotated[str, typer.Argument(help="The user's id or email.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Disable a person: their sessions end at once and they cannot sign in."""
    from phigate import registry

    with registry.user_admin(settings_for(data_dir)) as users:
        done = users.disable(CLI_OPERATOR, user)
    typer.echo(json.dumps(_row(done)) if as_json else f"disabled {done.id}")


@app.command("set-role")
def set_role(
    user: Annotated[str, typer.Argument(help="The user's id or email.")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {_ROLES}.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Give a person another role: their sessions end (they sign in again with the new role)."""
    from phigate import registry

    with registry.user_admin(settings_for(data_dir)) as users:
        done = users.set_role(CLI_OPERATOR, user, role)
    typer.echo(json.dumps(_row(done)) if as_json else f"{done.id} is now {done.role.value}")


@app.command("grant")
def grant(
    user: Annotated[str, typer.Argument(help="The user's id or email.")],
    label: Annotated[str, typer.Option("--label", help=f"A sensitivity label, one of: {_LABELS}.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Grant a person a sensitivity label: labelled documents become readable to them (audited; their sessions
    end, so the next sign-in carries the grant)."""
    from phigate import registry

    with registry.user_admin(settings_for(data_dir)) as users:
        done = users.grant_label(CLI_OPERATOR, user, label)
    typer.echo(json.dumps(_row(done)) if as_json else f"{done.id} now holds: {' '.join(sorted(done.labels))}")


def _row(u: User) -> dict[str, object]:
    return {"user_id": u.id, "email": u.email, "tenant": u.tenant, "role": u.role.value,
            "second_factor_required": u.needs_second_factor, "totp_verified": u.totp_verified,
            "labels": sorted(u.labels),
            "created_at": _iso(u.created_at), "disabled_at": _iso(u.disabled_at) if u.disabled_at else None}


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds")
