"""``phigate break-glass list``: the privacy officer's review of emergency-access windows (who, when, until when,
why), run on the server's console. Opening a window is a person's act: ``POST /v1/break-glass`` with their token."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from phigate.cli._common import CLI_OPERATOR, DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for

app = typer.Typer(help="Emergency access (break-glass): the review list.", no_args_is_help=True)


@app.command("list")
def list_windows(
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
    since: Annotated[float, typer.Option(help="Only windows opened after this time (epoch seconds).")] = 0.0,
) -> None:
    """Every break-glass window, newest first, with its justification (the read is audited)."""
    from phigate import registry

    with registry.break_glass_admin(settings_for(data_dir)) as service:
        windows = service.review(CLI_OPERATOR, since=since)
    now = dt.datetime.now(dt.UTC).timestamp()
    for w in windows:
        row = {"id": w.id, "tenant": w.tenant, "user_id": w.user_id, "opened_at": _iso(w.opened_at),
               "expires_at": _iso(w.expires_at), "active": w.open_at(now), "justification": w.justification}
        typer.echo(json.dumps(row) if as_json else
                   f"{w.id}  {w.tenant}  {w.user_id}  {_iso(w.opened_at)} -> {_iso(w.expires_at)}  "
                   f"{w.justification}")


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds")
