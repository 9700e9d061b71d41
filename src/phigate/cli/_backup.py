"""``phigate backup --out FILE`` and ``phigate restore FILE --data-dir NEW`` (``services.backup``).

The passphrase comes from ``--passphrase-file``, else ``PHIGATE_BACKUP_PASSPHRASE``, else a hidden prompt; it is
never an argument (it would sit in the shell history and the process list).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from phigate.cli._common import CLI_OPERATOR, DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.errors import InputError

PASSPHRASE_ENV = "PHIGATE_BACKUP_PASSPHRASE"  # noqa: S105 - the name of the variable, not a secret
PassphraseFile = Annotated[Path | None, typer.Option(
    "--passphrase-file", exists=True, dir_okay=False, readable=True,
    help=f"Read the archive's passphrase from this file (first line). Else ${PASSPHRASE_ENV}, else a prompt.")]


def _passphrase(path: Path | None, *, confirm: bool) -> bytes:
    if path is not None:
        lines = path.read_text(encoding="utf-8").splitlines()
        value = lines[0] if lines else ""
    elif os.environ.get(PASSPHRASE_ENV):
        value = os.environ[PASSPHRASE_ENV]
    else:
        value = typer.prompt("Backup passphrase", hide_input=True, confirmation_prompt=confirm)
    if not value:
        raise InputError("the backup passphrase is empty")
    return value.encode("utf-8")


def backup(
    out: Annotated[Path, typer.Option("--out", "-o", dir_okay=False, help="The archive to write (must not "
                                      "exist; written atomically, 0600).")],
    passphrase_file: PassphraseFile = None,
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Seal the database, the blob store, the key files and the audit log into one encrypted archive (scrypt +
    AES-256-GCM). Safe while phigate runs. Audited (backup.create)."""
    from phigate import registry

    settings = settings_for(data_dir)
    secret = _passphrase(passphrase_file, confirm=True)
    with registry.backups(settings) as backups:
        report = backups.create(CLI_OPERATOR, out, secret)
    if as_json:
        typer.echo(json.dumps({"path": str(report.path), "files": report.files, "bytes": report.bytes,
                               "archive_bytes": report.archive_bytes, "sha256": report.sha256,
                               "tenants": report.tenants, "seconds": round(report.seconds, 3)}))
    else:
        typer.echo(f"backup written: {report.path} ({report.files} files, {report.archive_bytes} bytes, "
                   f"sha256 {report.sha256}, {report.seconds:.1f} s)")


def restore(
    archive: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The archive.")],
    passphrase_file: PassphraseFile = None,
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    as_json: JsonOption = False,
) -> None:
    """Restore an archive into a new (absent or empty) data directory: the whole archive is authenticated before
    anything is written; then the audit log is verified and every sealed document object is opened. Exit 0 only
    when all of it passed. Audited in the restored log (backup.restore). A backup of a PostgreSQL phigate is
    loaded into the (empty) database the restored settings name, e.g. PHIGATE_DATABASE__URL."""
    from phigate import registry
    from phigate.config import Settings
    from phigate.services import backup as service

    secret = _passphrase(passphrase_file, confirm=False)
    database = registry.restore_database(Settings.load(data_dir=data_dir))  # PHIGATE_DATABASE__URL: an empty one
    report = service.restore(CLI_OPERATOR, archive, secret, data_dir, database)
    settings = settings_for(data_dir)
    with registry.restored(settings) as (log, vault):
        report = service.verify_restored(CLI_OPERATOR, report, log, vault, settings.audit.witness_files)
    if report.ok:
        with registry.audit_only(settings) as audit:
            service.record_restore(CLI_OPERATOR, audit, report)
    if as_json:
        typer.echo(json.dumps({"data_dir": str(report.target), "ok": report.ok, "files": report.files,
                               "bytes": report.bytes, "created_at": report.created_at,
                               "audit_events": report.audit_events, "objects_checked": report.objects_checked,
                               "objects_shredded": report.objects_shredded, "findings": list(report.findings),
                               "seconds": round(report.seconds, 3)}))
    else:
        for finding in report.findings:
            typer.echo(f"FAILED {finding}")
        status = "restored" if report.ok else "restored, but the checks FAILED"
        typer.echo(f"{status}: {report.target} ({report.files} files from the backup of {report.created_at}; "
                   f"{report.audit_events} audit events verified, {report.objects_checked} sealed objects opened, "
                   f"{report.objects_shredded} shredded)")
    if not report.ok:
        raise typer.Exit(1)
