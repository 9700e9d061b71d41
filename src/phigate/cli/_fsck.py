"""``phigate fsck``: database ↔ blob store ↔ audit log reconciliation after a crash (see ``phigate.fsck``)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for


def fsck(
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    repair: Annotated[bool, typer.Option("--repair", help="Remove the leftovers and complete the unfinished "
                                         "uploads (each repair is audited). Without it, only report.")] = False,
    older_than: Annotated[float, typer.Option(min=0, help="Leave alone what was written within this many "
                                              "seconds (a live writer may be about to record it).")] = 900.0,
    as_json: JsonOption = False,
) -> None:
    """Find what a crash left behind: temp files, parts of finished uploads, quarantine objects without a
    document, uploads whose bytes all arrived without a document, documents whose sealed original is missing, a
    damaged audit log. Exit 0 when nothing is left to repair or to look at, 1 otherwise."""
    from phigate import registry

    runtime = registry.build(settings_for(data_dir))
    try:
        checker = registry.fsck(runtime, grace=older_than)
        report = checker.repair() if repair else checker.check()
    finally:
        runtime.close()
    if as_json:
        typer.echo(json.dumps(report.as_json(), sort_keys=True))
    else:
        for f in report.findings:
            mark = "repaired" if f.repaired else "found"
            typer.echo(f"{mark:8}  {f.kind.value:17}  {f.tenant or '-':12}  {f.object or '-'}  {f.detail}")
        counts = ", ".join(f"{n} {k}" for k, n in sorted(report.checked.items()))
        typer.echo(("clean" if report.clean else f"{sum(not f.repaired for f in report.findings)} to look at")
                   + f" (checked {counts or 'nothing'})")
    if not report.clean:
        raise typer.Exit(1)
