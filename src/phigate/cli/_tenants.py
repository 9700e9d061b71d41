"""``phigate tenants``: the registry of tenants. Every command that names a tenant (keys, accounts, users,
webhooks, ingest) refuses one that is not registered here, so a mistyped ``--tenant`` creates nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from phigate.cli._common import CLI_OPERATOR, DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.errors import Conflict
from phigate.models import Tenant, validate_id

app = typer.Typer(help="Register and list tenants.", no_args_is_help=True)


@app.command("add")
def add(
    tenant: Annotated[str, typer.Argument(help="The tenant id: 1-128 of A-Z a-z 0-9 _ . - (it appears in object "
                                          "keys and key labels, never PHI).")],
    name: Annotated[str | None, typer.Option(help="A display name, at most 256 printable characters (no PHI).")] = None,
    exist_ok: Annotated[bool, typer.Option("--exist-ok", help="Succeed if the tenant is already registered "
                                           "(for scripts that run more than once).")] = False,
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Register a tenant (refused if it already is); audited."""
    from phigate import registry

    validate_id(tenant, "tenant")  # before anything is created
    with registry.tenant_admin(settings_for(data_dir)) as tenants:
        try:
            row = tenants.add(CLI_OPERATOR, tenant, name)
        except Conflict:
            found = tenants.find(tenant) if exist_ok else None
            if found is None:
                raise
            row = found
    typer.echo(json.dumps(_row(row)) if as_json else f"registered tenant {row.id}")


@app.command("list")
def list_tenants(data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Every registered tenant."""
    from phigate import registry

    with registry.tenant_admin(settings_for(data_dir)) as tenants:
        rows = tenants.list(CLI_OPERATOR)
    for t in rows:
        typer.echo(json.dumps(_row(t)) if as_json else f"{t.id}\t{t.name or ''}")


def _row(t: Tenant) -> dict[str, object]:
    return {"tenant": t.id, "name": t.name, "created_by": t.created_by,
            "created_at": dt.datetime.fromtimestamp(t.created_at, dt.UTC).isoformat(timespec="seconds")}
