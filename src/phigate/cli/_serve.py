"""``phigate serve``: the HTTPS API on TLS 1.3 only."""

from __future__ import annotations

import ssl
from typing import Annotated, Any

import typer

from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption
from phigate.config import Settings


def serve(
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port (default 8443).")] = None,
    cert: Annotated[str | None, typer.Option("--cert", help="PEM certificate (default: self-signed localhost).")]
    = None,
    key: Annotated[str | None, typer.Option("--key", help="PEM private key for --cert.")] = None,
) -> None:
    """Serve the HTTPS API. The first run creates the data directory, keys, a self-signed certificate and an
    admin service account whose secret is printed once."""
    import uvicorn

    from phigate import registry
    from phigate.api import create_app
    from phigate.cli._devcert import ensure_dev_certificate

    server: dict[str, Any] = {k: v for k, v in {"host": host, "port": port, "cert_file": cert,
                                                 "key_file": key}.items() if v is not None}
    settings = Settings.load(data_dir=data_dir, **({"server": server} if server else {}))
    runtime = registry.build(settings)
    registry.check_at_start(runtime)  # fsck's report of what a crash left behind (phigate fsck --repair)
    if not runtime.accounts.any_exist():
        creds = runtime.accounts.add("admin", "default", {"admin"})
        runtime.audit.record("account.create", actor="phigate", tenant="default", outcome="success",
                             account=creds.client_id)
        typer.echo("phigate: first run: created the admin service account (tenant 'default'). "
                   "The secret is shown once; store it now.")
        typer.echo(f"  client_id:     {creds.client_id}")
        typer.echo(f"  client_secret: {creds.client_secret}", nl=True)
    if settings.server.cert_file and settings.server.key_file:
        cert_file, key_file = settings.server.cert_file, settings.server.key_file
    else:
        cert_file, key_file = ensure_dev_certificate(settings.data_dir / "tls", names=[settings.server.host])
    app = create_app(settings, runtime)
    config = uvicorn.Config(app, host=settings.server.host, port=settings.server.port,
                            ssl_certfile=str(cert_file), ssl_keyfile=str(key_file), access_log=False,
                            log_level="warning", timeout_keep_alive=settings.server.keep_alive_timeout,
                            server_header=False, proxy_headers=False)
    config.load()  # builds config.ssl, which uvicorn offers no flag to restrict
    assert config.ssl is not None
    config.ssl.minimum_version = ssl.TLSVersion.TLSv1_3
    typer.echo(f"phigate: serving https://{settings.server.host}:{settings.server.port} (TLS 1.3 only)", err=True)
    workers = _start_pipeline_workers(runtime)
    try:
        uvicorn.Server(config).run()
    finally:
        for w in workers:
            w.stop()
        runtime.close()


def _start_pipeline_workers(runtime: Any) -> list[Any]:
    """Background threads that move uploaded documents from quarantine to stored (``pipeline.workers``)."""
    from phigate.pipeline.worker import PipelineWorker

    if runtime.pipeline is None:
        return []
    workers = [PipelineWorker(runtime.pipeline, poll_seconds=runtime.settings.pipeline.poll_seconds)
               for _ in range(runtime.settings.pipeline.workers)]
    for w in workers:
        w.start()
    return workers
