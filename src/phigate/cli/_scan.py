"""``phigate scan FILE...``: run local files through the quarantine gate and print their verdicts.

The exit code is 0 only when every file is clean, 1 otherwise. The declared media type comes from ``--type``
or the file's extension (as an uploader would declare it), never from the content. The scanners run in the
sandbox (a child process per file, ``[sandbox]`` limits) as in the pipeline, unless ``[sandbox] enabled = false``:
a file that crashes or exhausts a scanner is ``unscannable`` with the sandbox's reason, and the next file is
scanned.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from phigate import formats
from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.models import ScanTarget, Verdict

_CHUNK = 1024 * 1024
console = Console()

Files = Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, readable=True, help="Files to scan.")]
TypeOption = Annotated[str | None, typer.Option("--type", help="Declared media type for every file (default: "
                                                "from each file's extension).")]
TenantOption = Annotated[str | None, typer.Option("--tenant", "-t", help="Apply this tenant's finding policy.")]
ClamdOption = Annotated[Path | None, typer.Option("--clamd-socket", help="Also scan with the clamd listening "
                                                  "on this unix socket.")]


def declared_type(path: Path) -> str:
    """The media type the file's extension declares (``phigate.formats``). A ``.json`` file is declared as plain
    JSON, not FHIR: a scan of loose files cannot assume the FHIR structure that ingest and upload require."""
    declared = formats.of_path(path)
    return "application/json" if declared == formats.FHIR_JSON else declared


def scan(files: Files, json_output: JsonOption = False, media_type: TypeOption = None,
         tenant: TenantOption = None, clamd_socket: ClamdOption = None,
         data_dir: DataDirOption = DEFAULT_DATA_DIR) -> None:
    """Scan files with the configured scanners; print each verdict (clean, infected, unscannable) with its
    reasons. Exit 0 only if every file is clean."""
    from phigate import registry

    settings = settings_for(data_dir, must_exist=False)  # scanning files needs no data
    if clamd_socket is not None:
        scan_settings = settings.scan.model_copy(update={"clamd_socket": clamd_socket,
                                                         "scanners": [*settings.scan.scanners, "clamd"]})
        settings = settings.model_copy(update={"scan": scan_settings})
    gate = registry.build_scanner(settings)
    all_clean = True
    for path in files:
        verdict = gate.scan(_chunks(path), ScanTarget(media_type or declared_type(path), tenant))
        all_clean = all_clean and verdict.is_clean
        _print(path, verdict, json_output)
    raise typer.Exit(0 if all_clean else 1)


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            yield chunk


def _print(path: Path, verdict: Verdict, json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps({"path": str(path), **verdict.to_dict()}, separators=(",", ":")))
        return
    colour = {"clean": "green", "infected": "red"}.get(str(verdict.kind), "yellow")
    details = "; ".join(f"{r.code}" + (f" ({r.detail})" if r.detail else "") for r in verdict.reasons)
    flags = "; ".join(f"flag {r.code}" + (f" ({r.detail})" if r.detail else "") for r in verdict.flags)
    console.print(f"{path}\t[{colour}]{verdict.kind}[/]\t{'; '.join(x for x in (details, flags) if x)}",
                  highlight=False, markup=True, soft_wrap=True)
