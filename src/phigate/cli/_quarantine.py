"""``phigate quarantine``: operators handle what the gate did not pass (list, re-scan, two-person release, purge).

The CLI acts as a named operator (``--operator``) of one tenant; the two steps of a release must come from two
different operators. A justification may contain PHI: pass ``-`` to read it from stdin (not shell history)."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Annotated

import typer

from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.models import DocumentRecord
from phigate.pipeline.release import QuarantineService, operator_principal

app = typer.Typer(help="Documents held in quarantine (infected or unscannable).", no_args_is_help=True)

TenantOption = Annotated[str, typer.Option("--tenant", help="The tenant whose quarantine to act on.")]
OperatorOption = Annotated[str, typer.Option("--operator", help="Who is acting (recorded in the audit log).")]
DocumentArg = Annotated[str, typer.Argument(help="The document (upload) id.")]


@contextlib.contextmanager
def _service(data_dir: object) -> Iterator[QuarantineService]:
    from pathlib import Path

    from phigate import registry

    runtime = registry.build(settings_for(Path(str(data_dir))))
    try:
        assert runtime.quarantine is not None
        yield runtime.quarantine
    finally:
        runtime.close()


def _print_doc(doc: DocumentRecord, as_json: bool) -> None:
    row = {"document_id": doc.id, "state": doc.state.value, "verdict": doc.verdict, "reasons": list(doc.reasons)}
    typer.echo(json.dumps(row) if as_json else f"{doc.id}  {doc.state.value}  {doc.verdict or '-'}")


@app.command("list")
def list_held(tenant: TenantOption, data_dir: DataDirOption = DEFAULT_DATA_DIR, operator: OperatorOption = "cli",
              state: Annotated[str | None, typer.Option(help="infected or unscannable (default both).")] = None,
              as_json: JsonOption = False) -> None:
    """Documents held in quarantine: ids, state, verdict, reasons, release status (never content)."""
    with _service(data_dir) as service:
        entries = service.held(operator_principal(operator, tenant), state)
    for e in entries:
        if as_json:
            typer.echo(json.dumps({"document_id": e.document_id, "state": e.state, "verdict": e.verdict,
                                   "reasons": list(e.reasons), "media_type": e.media_type, "size": e.size,
                                   "sha256": e.sha256, "purge_after": e.purge_after,
                                   "release_status": e.release_status, "release_reason": e.release_reason,
                                   "requested_by": e.requested_by, "approved_by": e.approved_by}))
        else:
            typer.echo(f"{e.document_id}  {e.state:11}  {e.media_type}  {e.size}  release={e.release_status or '-'}  "
                       f"{'; '.join(e.reasons)}")


@app.command("rescan")
def rescan(document_id: DocumentArg, tenant: TenantOption, operator: OperatorOption,
           data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Scan an unscannable document again (back to ``scanning``)."""
    with _service(data_dir) as service:
        doc = service.rescan(operator_principal(operator, tenant), document_id)
    _print_doc(doc, as_json)


@app.command("request-release")
def request_release(
    document_id: DocumentArg, tenant: TenantOption, operator: OperatorOption,
    reason: Annotated[str, typer.Option("--reason", help="false_positive, clinically_required, "
                                        "format_unsupported, scanner_limit or other.")],
    justification: Annotated[str, typer.Option("--justification", help="Why ('-' reads stdin); stored sealed.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False,
) -> None:
    """Ask for an unscannable document's release; a different operator must approve it."""
    text = sys.stdin.read() if justification == "-" else justification
    with _service(data_dir) as service:
        req = service.request_release(operator_principal(operator, tenant), document_id, reason, text)
    row = {"document_id": req.document_id, "status": req.status, "reason_code": req.reason_code,
           "requested_by": req.requested_by}
    typer.echo(json.dumps(row) if as_json else f"{req.document_id}  release {req.status}  ({req.reason_code})")


@app.command("approve-release")
def approve_release(document_id: DocumentArg, tenant: TenantOption, operator: OperatorOption,
                    data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Approve a pending release (not by its requester): the document leaves quarantine as ``clean``."""
    with _service(data_dir) as service:
        doc = service.approve_release(operator_principal(operator, tenant), document_id)
    _print_doc(doc, as_json)


@app.command("purge")
def purge(tenant: TenantOption, data_dir: DataDirOption = DEFAULT_DATA_DIR, operator: OperatorOption = "cli",
          as_json: JsonOption = False) -> None:
    """Run the purge job now: infected documents past their forensic period are deleted (state ``purged``)."""
    with _service(data_dir) as service:
        purged = service.purge(operator_principal(operator, tenant))
    typer.echo(json.dumps({"purged": purged}) if as_json else f"purged {len(purged)} document(s)")
