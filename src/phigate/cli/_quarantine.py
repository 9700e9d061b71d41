"""``phigate quarantine``: operators handle what the gate did not pass (list, re-scan, two-person release, purge).

Every command acts as an **authenticated** operator: a service account of the tenant with the
``quarantine:admin`` scope, one per person. Its client id comes from ``--client-id`` (or ``PHIGATE_CLIENT_ID``),
its secret from ``PHIGATE_CLIENT_SECRET`` or a hidden prompt on the terminal, never from the command line. The two
steps of a release must come from two different accounts. A justification may contain PHI: pass ``-`` to read it
from stdin (not shell history)."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.errors import Forbidden, Unauthenticated
from phigate.models import DocumentRecord, Principal
from phigate.services.quarantine import QuarantineService

app = typer.Typer(help="Documents held in quarantine (infected or unscannable).", no_args_is_help=True)

TenantOption = Annotated[str | None, typer.Option("--tenant", help="The tenant whose quarantine to act on "
                                                  "(default and only choice: the account's).")]
ClientIdOption = Annotated[str | None, typer.Option(
    "--client-id", envvar="PHIGATE_CLIENT_ID", show_envvar=True,
    help="The acting operator's service account (scope quarantine:admin); its secret is read from "
         "PHIGATE_CLIENT_SECRET or asked for on the terminal.")]
DocumentArg = Annotated[str, typer.Argument(help="The document (upload) id.")]


@contextlib.contextmanager
def _service(data_dir: Path, client_id: str | None, tenant: str | None) -> Iterator[tuple[QuarantineService,
                                                                                          Principal]]:
    """The quarantine use cases and the operator, authenticated by its credentials (an audited login)."""
    from phigate import registry

    settings = settings_for(data_dir)  # a data dir that does not exist is refused first, by its name
    if not client_id:
        raise Unauthenticated("an operator's credentials are required: --client-id (or PHIGATE_CLIENT_ID) and "
                              "PHIGATE_CLIENT_SECRET (or the terminal prompt)")
    secret = os.environ.get("PHIGATE_CLIENT_SECRET") or getpass.getpass("client secret: ")
    runtime = registry.build(settings)
    try:
        principal = runtime.auth.principal(runtime.auth.issue_token(client_id, secret).token)
        if tenant is not None and tenant != principal.tenant:
            raise Forbidden("this operator's account belongs to another tenant")
        assert runtime.quarantine is not None
        yield runtime.quarantine, principal
    finally:
        runtime.close()


def _print_doc(doc: DocumentRecord, as_json: bool) -> None:
    row = {"document_id": doc.id, "state": doc.state.value, "verdict": doc.verdict,
           "reasons": [str(r) for r in doc.reasons]}
    typer.echo(json.dumps(row) if as_json else f"{doc.id}  {doc.state.value}  {doc.verdict or '-'}")


@app.command("list")
def list_held(tenant: TenantOption = None, client_id: ClientIdOption = None,
              data_dir: DataDirOption = DEFAULT_DATA_DIR,
              state: Annotated[str | None, typer.Option(help="infected or unscannable (default both).")] = None,
              as_json: JsonOption = False) -> None:
    """Documents held in quarantine: ids, state, verdict, reasons, release status (never content)."""
    with _service(data_dir, client_id, tenant) as (service, operator):
        entries = service.held(operator, state)
    for e in entries:
        if as_json:
            typer.echo(json.dumps({"document_id": e.document_id, "state": e.state, "verdict": e.verdict,
                                   "reasons": [str(r) for r in e.reasons], "media_type": e.media_type, "size": e.size,
                                   "sha256": e.sha256, "purge_after": e.purge_after,
                                   "release_status": e.release_status, "release_reason": e.release_reason,
                                   "requested_by": e.requested_by, "approved_by": e.approved_by}))
        else:
            typer.echo(f"{e.document_id}  {e.state:11}  {e.media_type}  {e.size}  release={e.release_status or '-'}  "
                       f"{'; '.join(map(str, e.reasons))}")


@app.command("rescan")
def rescan(document_id: DocumentArg, tenant: TenantOption = None, client_id: ClientIdOption = None,
           data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Scan an unscannable document again (back to ``scanning``)."""
    with _service(data_dir, client_id, tenant) as (service, operator):
        doc = service.rescan(operator, document_id)
    _print_doc(doc, as_json)


@app.command("request-release")
def request_release(
    document_id: DocumentArg,
    reason: Annotated[str, typer.Option("--reason", help="false_positive, clinically_required, "
                                        "format_unsupported, scanner_limit or other.")],
    justification: Annotated[str, typer.Option("--justification", help="Why ('-' reads stdin); stored sealed.")],
    tenant: TenantOption = None, client_id: ClientIdOption = None,
    data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False,
) -> None:
    """Ask for an unscannable document's release; another operator's account must approve it."""
    text = sys.stdin.read() if justification == "-" else justification
    with _service(data_dir, client_id, tenant) as (service, operator):
        req = service.request_release(operator, document_id, reason, text)
    row = {"document_id": req.document_id, "status": req.status, "reason_code": req.reason_code,
           "requested_by": req.requested_by}
    typer.echo(json.dumps(row) if as_json else f"{req.document_id}  release {req.status}  ({req.reason_code})")


@app.command("approve-release")
def approve_release(document_id: DocumentArg, tenant: TenantOption = None, client_id: ClientIdOption = None,
                    data_dir: DataDirOption = DEFAULT_DATA_DIR, as_json: JsonOption = False) -> None:
    """Approve a pending release (not by the account that requested it): the document leaves quarantine as
    ``clean``."""
    with _service(data_dir, client_id, tenant) as (service, operator):
        doc = service.approve_release(operator, document_id)
    _print_doc(doc, as_json)


@app.command("purge")
def purge(tenant: TenantOption = None, client_id: ClientIdOption = None, data_dir: DataDirOption = DEFAULT_DATA_DIR,
          as_json: JsonOption = False) -> None:
    """Run the purge job now: infected documents past their forensic period are deleted (state ``purged``)."""
    with _service(data_dir, client_id, tenant) as (service, operator):
        purged = service.purge(operator)
    typer.echo(json.dumps({"purged": purged}) if as_json else f"purged {len(purged)} document(s)")
