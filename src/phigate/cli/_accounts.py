"""``phigate accounts``: service accounts for machine clients (secrets shown once, stored as Argon2id)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from phigate.cli._common import CLI_OPERATOR, DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.services.accounts import SCOPES

_SCOPE_HELP = ", ".join(sorted(SCOPES))
accounts_app = typer.Typer(help="Service accounts (OAuth 2.0 client credentials).", no_args_is_help=True)


@accounts_app.command("add-service")
def add_service(
    name: Annotated[str, typer.Argument(help="A label for the account.")],
    tenant: Annotated[str, typer.Option("--tenant", help="The one tenant its tokens are bound to.")],
    scope: Annotated[list[str], typer.Option("--scope", help=f"A scope (repeat for several): {_SCOPE_HELP}.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Create a service account; its secret is printed once and never stored."""
    from phigate import registry

    with registry.account_admin(settings_for(data_dir)) as accounts:
        creds = accounts.add_service(CLI_OPERATOR, name, tenant, set(scope))
    if as_json:
        typer.echo(json.dumps({"client_id": creds.client_id, "client_secret": creds.client_secret}))
    else:
        typer.echo(f"client_id:     {creds.client_id}\nclient_secret: {creds.client_secret}\n"
                   "(the secret is shown once; store it now)")


@accounts_app.command("list")
def list_accounts(data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Every service account (never a secret)."""
    from phigate import registry

    with registry.account_admin(settings_for(data_dir)) as accounts:
        rows = accounts.list(CLI_OPERATOR)
    for a in rows:
        row = {"client_id": a.client_id, "name": a.name, "tenant": a.tenant, "scopes": sorted(a.scopes),
               "created_at": _iso(a.created_at), "revoked_at": _iso(a.revoked_at) if a.revoked_at else None}
        if as_json:
            typer.echo(json.dumps(row))
        else:
            state = "revoked" if a.revoked_at else "active"
            typer.echo(f"{a.client_id}  {a.tenant}  {state:7}  {' '.join(sorted(a.scopes))}  {a.name}")


@accounts_app.command("revoke")
def revoke(
    client_id: Annotated[str | None, typer.Argument(help="The account to revoke.")] = None,
    tenant: Annotated[str | None, typer.Option("--tenant", help="Disable a tenant: revoke all its accounts.")]
    = None,
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Revoke an account (or, with --tenant, every account of a tenant): its tokens, signed upload URLs and
    tus sessions stop working at once."""
    from phigate import registry

    if (client_id is None) == (tenant is None):
        raise typer.BadParameter("give either a CLIENT_ID or --tenant")
    with registry.account_admin(settings_for(data_dir)) as accounts:
        if client_id is not None:
            account = accounts.revoke(CLI_OPERATOR, client_id)
            revoked: list[tuple[str, str]] = [(account.client_id, account.tenant)]
        else:
            assert tenant is not None
            revoked = [(cid, tenant) for cid in accounts.disable_tenant(CLI_OPERATOR, tenant)]
    for cid, owner in revoked:
        typer.echo(json.dumps({"client_id": cid, "tenant": owner, "revoked": True}) if as_json else f"revoked {cid}")


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds")
