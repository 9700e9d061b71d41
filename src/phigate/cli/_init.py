"""``phigate init``: create a data directory (database, keys, audit log) without serving."""

from __future__ import annotations

import json

import typer

from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption


def init(data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Create the data directory: the database and its migrations, the master key and keyring, the server key
    and the audit log (all 0600/0700). Running it on an existing data directory only checks it."""
    from phigate import registry
    from phigate.config import Settings

    existed = data_dir.is_dir()
    settings = Settings.load(data_dir=data_dir)
    runtime = registry.build(settings)  # creates what is missing and health-checks every component
    runtime.close()
    path = str(settings.data_dir.absolute())
    if as_json:
        typer.echo(json.dumps({"data_dir": path, "created": not existed}))
    else:
        typer.echo(f"phigate: data directory {'checked' if existed else 'created'}: {path}")
