"""``phigate webhooks``: each tenant's webhook (URL and signing secret), called on terminal document states."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from phigate.cli._common import CLI_OPERATOR, DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.services.webhooks import WebhookService

app = typer.Typer(help="Per-tenant webhooks (HMAC-signed, retried from a database outbox).", no_args_is_help=True)

TenantOption = Annotated[str, typer.Option("--tenant", help="The tenant.")]


@contextlib.contextmanager
def _service(data_dir: Path) -> Iterator[WebhookService]:
    from phigate import registry

    runtime = registry.build(settings_for(data_dir))
    try:
        yield WebhookService(registry.webhook_admin(runtime.settings, runtime.engine, runtime.keys), runtime.audit,
                             runtime.tenants)
    finally:
        runtime.close()


@app.command("set")
def set_webhook(
    tenant: TenantOption,
    url: Annotated[str, typer.Option("--url", help="https URL (plain http only to a loopback address).")],
    secret: Annotated[str | None, typer.Option("--secret", envvar="PHIGATE_WEBHOOK_SECRET",
                                               help="Signing secret (default: generated and printed once).")] = None,
    data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False,
) -> None:
    """Configure (or replace) the tenant's webhook."""
    with _service(data_dir) as service:
        used = service.set(CLI_OPERATOR, tenant, url, secret)
    shown = None if secret else used
    if as_json:
        typer.echo(json.dumps({"tenant": tenant, "url": url, "secret": shown}))
    else:
        typer.echo(f"webhook set for {tenant}")
        if shown:
            typer.echo(f"secret: {shown}\n(the secret is shown once; store it now)")


@app.command("remove")
def remove_webhook(tenant: TenantOption, data_dir: DataDirOption = DEFAULT_DATA_DIR,
                   as_json: JsonOption = False) -> None:
    """Remove the tenant's webhook (pending deliveries then fail as ``webhook_removed``)."""
    with _service(data_dir) as service:
        service.remove(CLI_OPERATOR, tenant)
    typer.echo(json.dumps({"tenant": tenant, "removed": True}) if as_json else f"webhook removed for {tenant}")


@app.command("list")
def list_webhooks(tenant: Annotated[str | None, typer.Option("--tenant", help="Only this tenant.")] = None,
                  data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Configured webhooks (never a secret)."""
    with _service(data_dir) as service:
        hooks = service.list(CLI_OPERATOR, tenant)
    for h in hooks:
        created = dt.datetime.fromtimestamp(h.created_at, dt.UTC).isoformat(timespec="seconds")
        typer.echo(json.dumps({"tenant": h.tenant, "url": h.url, "created_at": created}) if as_json
                   else f"{h.tenant}  {h.url}  {created}")
