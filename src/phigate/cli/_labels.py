"""``phigate labels confirm|dismiss DOC LABEL``: the operator decides a sensitivity label the analysis stage
proposed, on the server's console (audited). People do it with ``POST /v1/documents/{id}/labels``."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from phigate.cli._common import CLI_OPERATOR, DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for

app = typer.Typer(help="Sensitivity labels the analysis proposed: confirm or dismiss.", no_args_is_help=True)
DocArg = Annotated[str, typer.Argument(help="The document's id.")]
LabelArg = Annotated[str, typer.Argument(help="The proposed label (part2, hiv, behavioral_health, ...).")]


@app.command("confirm")
def confirm(document_id: DocArg, label: LabelArg, data_dir: DataDirOption = DEFAULT_DATA_DIR,
            as_json: JsonOption = False) -> None:
    """The document carries the proposed label from now on."""
    _decide(document_id, label, "confirm", data_dir, as_json)


@app.command("dismiss")
def dismiss(document_id: DocArg, label: LabelArg, data_dir: DataDirOption = DEFAULT_DATA_DIR,
            as_json: JsonOption = False) -> None:
    """The proposal was wrong: it no longer restricts reads."""
    _decide(document_id, label, "dismiss", data_dir, as_json)


def _decide(document_id: str, label: str, decision: str, data_dir: DataDirOption, as_json: bool) -> None:
    from phigate import registry

    with registry.label_admin(settings_for(data_dir)) as service:
        found = service.decide(CLI_OPERATOR, document_id, label, decision)
    row = {"id": found.document_id, "labels": sorted(found.labels), "proposed_labels": sorted(found.proposed)}
    typer.echo(json.dumps(row) if as_json else
               f"{row['id']}  labels: {' '.join(row['labels']) or '-'}  proposed: "
               f"{' '.join(row['proposed_labels']) or '-'}")
