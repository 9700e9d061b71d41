"""``phigate keys``: key administration (rotate, rewrap, shred, status)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from phigate import registry
from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.errors import InputError
from phigate.models import SYSTEM, BlobKey, KeyEvent
from phigate.services.keys import KeyAdministration

app = typer.Typer(help="Administer tenant key-encryption keys (needs the keys:admin permission).",
                  no_args_is_help=True)
TenantOption = Annotated[str, typer.Option("--tenant", "-t", help="Tenant id.")]
console = Console()


def _admin(data_dir: Path) -> KeyAdministration:
    settings = settings_for(data_dir)
    registry.install_policy_point(settings)
    log = settings.data_dir / "keys" / "key-events.jsonl"

    def record(event: KeyEvent) -> None:
        # every key operation is an audit log event (ids only), and a line of keys/key-events.jsonl
        log.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with log.open("a") as fh:
            fh.write(json.dumps(dataclasses.asdict(event), default=str) + "\n")
        with registry.audit_only(settings) as audit:
            audit.record(event.action, actor="cli", tenant=event.tenant, outcome=event.outcome,
                         backend=event.backend, kek_version=event.kek_version, count=event.count,
                         object=event.object)

    def require_tenant(tenant: str) -> None:
        with registry.tenant_admin(settings) as tenants:
            tenants.require(tenant)

    return KeyAdministration(registry.build_vault(settings), record, require_tenant)


def _print_event(event: KeyEvent, as_json: bool, message: str) -> None:
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(event), default=str))
    else:
        console.print(message)


@app.command()
def status(tenant: Annotated[str | None, typer.Option("--tenant", "-t", help="Only this tenant.")] = None,
           data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Show each tenant's key versions and whether its keys were shredded."""
    admin = _admin(data_dir)
    tenants = [tenant] if tenant else admin.tenants(SYSTEM)
    rows = [admin.status(SYSTEM, t) for t in tenants]
    if as_json:
        for r in rows:
            typer.echo(json.dumps({"tenant": r.tenant, "backend": r.backend, "current_version": r.current_version,
                                   "versions": list(r.versions), "shredded": r.shredded,
                                   "shredded_at": r.shredded_at.isoformat() if r.shredded_at else None}))
        return
    table = Table(title="tenant keys")
    for col in ("tenant", "backend", "current", "versions", "state"):
        table.add_column(col)
    for r in rows:
        state = f"[red]SHREDDED {r.shredded_at:%Y-%m-%d %H:%M}Z[/]" if r.shredded and r.shredded_at else (
            "[red]SHREDDED[/]" if r.shredded else ("no key yet" if r.current_version is None else "active"))
        table.add_row(r.tenant, r.backend, str(r.current_version or "-"),
                      ", ".join(map(str, r.versions)) or "-", state)
    console.print(table)


@app.command()
def rotate(tenant: TenantOption, data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Create a new KEK version for the tenant; new data keys use it. Run `keys rewrap` to move old ones."""
    event = _admin(data_dir).rotate(SYSTEM, tenant)
    _print_event(event, as_json, f"tenant [bold]{tenant}[/]: new key version [bold]{event.kek_version}[/] is now "
                                 "used for new data. Existing data keys still use older versions until "
                                 "`phigate keys rewrap`.")


@app.command()
def rewrap(tenant: TenantOption, data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Re-wrap every data key of the tenant under its newest KEK version (blob bodies are not touched)."""
    admin = _admin(data_dir)
    total = admin.data_key_count(SYSTEM, tenant)
    with Progress(TextColumn("rewrapping"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), disable=as_json or total == 0) as bar:
        task = bar.add_task("rewrap", total=total)
        event = admin.rewrap(SYSTEM, tenant, progress=lambda n: bar.advance(task, n))
    _print_event(event, as_json, f"tenant [bold]{tenant}[/]: {event.count} of {total} data keys re-wrapped "
                                 f"under key version {event.kek_version}.")


@app.command()
def shred(tenant: TenantOption,
          object_ref: Annotated[str | None, typer.Option(
              "--object", help="Shred one object's data key instead: NAMESPACE/OBJECT_ID.")] = None,
          yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
          data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Destroy keys on purpose: the data they protect becomes PERMANENTLY unrecoverable."""
    target = f"object {object_ref} of tenant {tenant}" if object_ref else f"ALL keys of tenant {tenant}"
    if not yes and not typer.confirm(f"Permanently destroy {target}? No backup can bring the data back"):
        raise typer.Abort()
    admin = _admin(data_dir)
    if object_ref:
        namespace, sep, object_id = object_ref.partition("/")
        if not sep:
            raise InputError("--object must be NAMESPACE/OBJECT_ID")
        event = admin.shred_object(SYSTEM, BlobKey(tenant, namespace, object_id))
    else:
        event = admin.shred(SYSTEM, tenant)
    _print_event(event, as_json, f"[bold red]shredded[/] {target}: that data is now permanently unrecoverable.")
