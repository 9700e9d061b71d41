"""``phigate models`` (the registry of models and BAAs) and ``phigate ai`` (the kill switches). Both act on the
database of the data directory, so a pause reaches every ``phigate serve`` process on it within a second."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer

from phigate.ai.catalog import Baa, Deployment, ModelEntry, ModelKind, PauseScope, Risk
from phigate.cli._common import CLI_OPERATOR, DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.errors import InputError

models_app = typer.Typer(help="The models phigate exposes, and the BAAs that cover them.", no_args_is_help=True)
ai_app = typer.Typer(help="The AI gateway's kill switches.", no_args_is_help=True)

_Vendor = Annotated[str, typer.Option(help="The vendor (the BAA's counterparty), e.g. openai, azure, self.")]
_Service = Annotated[str, typer.Option(help="The vendor's service, e.g. api, azure-openai, vllm.")]
_Upstream = Annotated[str, typer.Option("--upstream-model", help="The model's name at the vendor.")]
_Region = Annotated[str, typer.Option(help="Where the vendor runs it, e.g. us-east-1, on-premises.")]
_Retention = Annotated[str, typer.Option(help="The vendor's data-retention setting, e.g. zero, 30d.")]


@models_app.command("add")
def add_model(
    name: Annotated[str, typer.Argument(help="The model name callers pass as `model`.")],
    vendor: _Vendor, service: _Service, upstream_model: _Upstream, region: _Region, retention: _Retention,
    base_url: Annotated[str, typer.Option(help="The OpenAI-compatible base URL, e.g. https://api.openai.com/v1.")],
    api_key_env: Annotated[str | None, typer.Option(help="The environment variable of `phigate serve` that "
                                                    "holds the upstream key (the key itself is never stored).")]
    = None,
    kind: Annotated[ModelKind, typer.Option(help="chat or embeddings.")] = ModelKind.CHAT,
    risk: Annotated[Risk, typer.Option(help="high: every answer waits for a reviewer.")] = Risk.LOW,
    phi_allowed: Annotated[bool, typer.Option("--phi-allowed/--no-phi", help="Whether documents may go as "
                                              "surrogates (needs a live BAA for the exact deployment).")] = False,
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Register a model; audited."""
    from phigate import registry

    entry = ModelEntry(name, Deployment(vendor, service, upstream_model, region, retention), base_url, kind, risk,
                       phi_allowed, api_key_env)
    with registry.ai_admin(settings_for(data_dir)) as gateway:
        gateway.add_model(CLI_OPERATOR, entry)
    typer.echo(json.dumps({"model": name, "registered": True}) if as_json else f"registered model {name}")


@models_app.command("list")
def list_models(data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Every model, the BAA covering it (if any) and whether it is paused."""
    from phigate import registry

    with registry.ai_admin(settings_for(data_dir)) as gateway:
        views = gateway.models(CLI_OPERATOR)
    for v in views:
        row = v.public()
        if as_json:
            typer.echo(json.dumps(row))
            continue
        p = row["phigate"]
        baa = f"baa={p['baa']['id']} until {p['baa']['expires']}" if p["baa"] else "no live BAA"
        typer.echo(f"{row['id']}\t{p['kind']}\t{p['vendor']}/{p['service']}/{p['upstream_model']}\t{p['region']}\t"
                   f"risk={p['risk']}\tphi={'yes' if p['phi_allowed'] else 'no'}\t{baa}"
                   + ("\tPAUSED" if p["paused"] else ""))


@models_app.command("baa-add")
def add_baa(
    baa_id: Annotated[str, typer.Argument(help="The agreement's id (a reference, never PHI).")],
    vendor: _Vendor, service: _Service, upstream_model: _Upstream, region: _Region, retention: _Retention,
    effective: Annotated[str, typer.Option(help="First day it covers (YYYY-MM-DD).")],
    expires: Annotated[str, typer.Option(help="Last day it covers (YYYY-MM-DD).")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Record a BAA covering exactly one deployment (vendor, service, upstream model, region, retention)."""
    from phigate import registry

    baa = Baa(baa_id, Deployment(vendor, service, upstream_model, region, retention), _date(effective),
              _date(expires))
    with registry.ai_admin(settings_for(data_dir)) as gateway:
        gateway.add_baa(CLI_OPERATOR, baa)
    typer.echo(json.dumps({"baa": baa_id, "registered": True}) if as_json else f"recorded BAA {baa_id}")


@models_app.command("baas")
def list_baas(data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Every BAA; those expiring within 30 days are marked (exit 1 if any, for monitoring)."""
    from phigate import registry

    with registry.ai_admin(settings_for(data_dir)) as gateway:
        baas, soon = gateway.baas(CLI_OPERATOR)
    for b in baas:
        row: dict[str, Any] = {"baa": b.id, **{k: getattr(b.deployment, k) for k in (
            "vendor", "service", "upstream_model", "region", "retention")},
            "effective": b.effective.isoformat(), "expires": b.expires.isoformat(), "expiring": b in soon}
        typer.echo(json.dumps(row) if as_json else
                   f"{b.id}\t{b.deployment.vendor}/{b.deployment.upstream_model}\t{b.effective} .. {b.expires}"
                   + ("\tEXPIRES WITHIN 30 DAYS" if b in soon else ""))
    if soon:
        raise typer.Exit(1)


@models_app.command("pause")
def pause_model(name: Annotated[str, typer.Argument(help="The model to stop.")],
                data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Stop every call to one model (same as ``phigate ai pause --model``)."""
    _switch(data_dir, PauseScope.MODEL, name, pause=True, as_json=as_json)


@ai_app.command("pause")
def pause(
    global_: Annotated[bool, typer.Option("--global", help="Stop every AI call.")] = False,
    tenant: Annotated[str | None, typer.Option(help="Stop one tenant's AI calls.")] = None,
    model: Annotated[str | None, typer.Option(help="Stop every call to one model.")] = None,
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Kill switch: paused calls answer 503 ``ai_paused`` in every process within a second; audited."""
    scope, target = _scope(global_, tenant, model)
    _switch(data_dir, scope, target, pause=True, as_json=as_json)


@ai_app.command("resume")
def resume(
    global_: Annotated[bool, typer.Option("--global", help="Resume the global switch.")] = False,
    tenant: Annotated[str | None, typer.Option(help="Resume one tenant.")] = None,
    model: Annotated[str | None, typer.Option(help="Resume one model.")] = None,
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Lift a kill switch; audited."""
    scope, target = _scope(global_, tenant, model)
    _switch(data_dir, scope, target, pause=False, as_json=as_json)


@ai_app.command("status")
def status(data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """The switches that are on."""
    from phigate import registry

    with registry.ai_admin(settings_for(data_dir)) as gateway:
        on = gateway.switches(CLI_OPERATOR)
    for p in on:
        typer.echo(json.dumps({"scope": p.scope.value, "target": p.target, "paused_by": p.paused_by})
                   if as_json else f"paused\t{p.scope.value}\t{p.target}\tby {p.paused_by}")
    if not on and not as_json:
        typer.echo("no AI switch is on")


def _scope(global_: bool, tenant: str | None, model: str | None) -> tuple[PauseScope, str | None]:
    chosen: list[tuple[PauseScope, str | None]] = [(PauseScope.GLOBAL, None)] if global_ else []
    chosen += [(PauseScope.TENANT, tenant)] if tenant else []
    chosen += [(PauseScope.MODEL, model)] if model else []
    if len(chosen) != 1:
        raise InputError("name exactly one of --global, --tenant T, --model M")
    return chosen[0]


def _switch(data_dir: Any, scope: PauseScope, target: str | None, *, pause: bool, as_json: bool = False) -> None:
    from phigate import registry

    with registry.ai_admin(settings_for(data_dir)) as gateway:
        changed = (gateway.pause if pause else gateway.resume)(CLI_OPERATOR, scope, target)
    if as_json:
        typer.echo(json.dumps({"scope": scope.value, "target": target, "paused": pause, "changed": changed}))
        return
    what = "all AI calls" if scope is PauseScope.GLOBAL else f"{scope.value} {target}"
    verb = "paused" if pause else "resumed"
    typer.echo(f"{verb} {what}" if changed else f"{what} was already {verb}")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError("dates are YYYY-MM-DD") from exc
