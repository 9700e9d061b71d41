"""``phigate serve``: the HTTPS API on TLS 1.3 only."""

from __future__ import annotations

import json
import ssl
from typing import Annotated, Any

import typer

from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption
from phigate.config import Settings


def serve(
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port (default 8443).")] = None,
    cert: Annotated[str | None, typer.Option("--cert", help="PEM certificate (default: self-signed localhost).")]
    = None,
    key: Annotated[str | None, typer.Option("--key", help="PEM private key for --cert.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Serve the HTTPS API. The first run creates the data directory, keys, a self-signed certificate and an
    admin service account whose secret is printed once. --json: the start-up notice (standard error) and the
    first-run credentials (terminal) as JSON objects ({"serving", "tls"}; {"client_id", "client_secret",
    "tenant"})."""
    import uvicorn

    from phigate import registry
    from phigate.api import SlowClientGuard, create_app
    from phigate.cli._devcert import ensure_dev_certificate

    server: dict[str, Any] = {k: v for k, v in {"host": host, "port": port, "cert_file": cert,
                                                 "key_file": key}.items() if v is not None}
    settings = Settings.load(data_dir=data_dir, **({"server": server} if server else {}))
    runtime = registry.build(settings)
    registry.check_at_start(runtime)  # fsck's report of what a crash left behind (phigate fsck --repair)
    if not runtime.accounts.any_exist():
        _first_admin(runtime, json_out)
    if settings.server.cert_file and settings.server.key_file:
        cert_file, key_file = settings.server.cert_file, settings.server.key_file
    else:
        cert_file, key_file = ensure_dev_certificate(settings.data_dir / "tls", names=[settings.server.host])
    app = create_app(settings, runtime)
    edge = settings.edge
    protocol = SlowClientGuard.configured(header_timeout=edge.header_timeout_seconds,
                                          max_connections=edge.max_connections)
    config = uvicorn.Config(app, host=settings.server.host, port=settings.server.port, http=protocol,
                            ssl_certfile=str(cert_file), ssl_keyfile=str(key_file), access_log=False,
                            log_level="warning", timeout_keep_alive=settings.server.keep_alive_timeout,
                            limit_concurrency=edge.max_connections, server_header=False, proxy_headers=False)
    if edge.request_log:
        _log_requests()
    config.load()  # builds config.ssl, which uvicorn offers no flag to restrict
    assert config.ssl is not None
    config.ssl.minimum_version = ssl.TLSVersion.TLSv1_3
    url = f"https://{settings.server.host}:{settings.server.port}"
    typer.echo(json.dumps({"serving": url, "tls": "1.3"}) if json_out else f"phigate: serving {url} (TLS 1.3 only)",
               err=True)
    workers = registry.start_pipeline_workers(runtime)
    try:
        uvicorn.Server(config).run()
    finally:
        for w in workers:
            w.stop()
        runtime.close()


ADMIN_CREDENTIALS = "admin-credentials.json"


def _log_requests() -> None:
    """One line per request on standard error (method, route template, status, latency, request id, principal
    id: nothing a client wrote but a checked request id, so no PHI)."""
    import logging
    import sys

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s phigate.access %(message)s"))
    access = logging.getLogger("phigate.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    access.propagate = False


def _first_admin(runtime: Any, as_json: bool = False) -> None:
    """Create the first admin account. Its secret goes to the terminal when there is one, else once to a 0600
    file in the data directory: never to a standard output that a service manager keeps in its logs."""
    import os
    import sys

    from phigate.models import SYSTEM
    from phigate.services.accounts import AccountService

    if runtime.tenants.find("default") is None:
        runtime.tenants.add(SYSTEM, "default", "phigate's own administration")
    creds = AccountService(runtime.accounts, runtime.audit, runtime.tenants).add_service(
        SYSTEM, "admin", "default", {"admin"})
    row = {"client_id": creds.client_id, "client_secret": creds.client_secret, "tenant": "default"}
    if sys.stdout.isatty() and as_json:
        typer.echo(json.dumps(row))
        return
    if sys.stdout.isatty():
        typer.echo("phigate: first run: created the admin service account (tenant 'default'). "
                   "The secret is shown once; store it now.")
        typer.echo(f"  client_id:     {creds.client_id}\n  client_secret: {creds.client_secret}")
        return
    path = runtime.settings.data_dir / ADMIN_CREDENTIALS
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(row, fh)
        fh.write("\n")
    typer.echo(f"phigate: first run: created the admin service account (tenant 'default', client_id "
               f"{creds.client_id}); its secret is in {path} (mode 0600). Store it elsewhere, then delete the "
               "file.", err=True)


