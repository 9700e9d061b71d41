"""``phigate documents``: operator actions on one stored document (erasure)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for

app = typer.Typer(help="Act on stored documents (erasure).", no_args_is_help=True)


@app.command()
def erase(document_id: Annotated[str, typer.Argument(help="The document's id (doc_...).")],
          tenant: Annotated[str, typer.Option("--tenant", "-t", help="The tenant that holds the document.")],
          yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
          data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Erase a document: crypto-shred its original, extracted text, PHI inventory, derivatives and linkage.

    Irreversible. The record stays in state ``erased`` and every view of it answers 410 afterwards; one audit
    event lists what was destroyed. A half-finished erasure (a crash) is completed by running it again.
    """
    from phigate import registry
    from phigate.errors import ServiceUnavailable
    from phigate.models import ActorKind, Principal

    if not yes and not typer.confirm(f"Erase document {document_id} of tenant {tenant} permanently?"):
        raise typer.Exit(1)
    runtime = registry.build(settings_for(data_dir))
    try:
        if runtime.documents is None:
            raise ServiceUnavailable("the document pipeline is not configured")
        operator = Principal("cli", ActorKind.SYSTEM, tenant, frozenset({"documents:erase"}))
        result = runtime.documents.erase(operator, document_id)
    finally:
        runtime.close()
    if as_json:
        typer.echo(json.dumps({"id": result.document_id, "state": "erased", "destroyed": list(result.destroyed)}))
    else:
        typer.echo(f"erased {result.document_id}: destroyed {', '.join(result.destroyed) or 'nothing left'}")
