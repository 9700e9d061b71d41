"""``phigate ingest PATH... --tenant T``: local files through the whole pipeline (scan, extract, analyse,
store) in worker processes, with a progress bar and a summary table (or ``--json``, one object per line).
A failing file never stops the others; the exit code is 1 when any file failed."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from phigate import formats
from phigate.cli import _ingest_worker as worker
from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, require_data_dir
from phigate.models import validate_id

Paths = Annotated[list[Path], typer.Argument(exists=True, readable=True, help="Files or directories (walked).")]
TenantOption = Annotated[str, typer.Option("--tenant", "-t", help="The tenant the documents belong to.")]
WorkersOption = Annotated[int | None, typer.Option("--workers", "-w", min=1, max=64,
                                                   help="Worker processes (default: the number of CPUs).")]
console = Console(stderr=True)


def ingest(paths: Paths, tenant: TenantOption, json_output: JsonOption = False, workers: WorkersOption = None,
           data_dir: DataDirOption = DEFAULT_DATA_DIR) -> None:
    """Run local files through the whole pipeline and print a row per file (id, type, verdict, pages, OCR
    pages, PHI counts by category, hidden-content findings, final state, reason)."""
    validate_id(tenant, "tenant")
    require_data_dir(data_dir)
    files = list(walk(paths))
    n = min(workers or os.cpu_count() or 1, max(len(files), 1))
    worker.start(str(data_dir))  # migrations, keys and the tenant's key before any worker starts
    worker.warm_tenant_key(tenant)
    pool = None
    if n > 1:
        worker.stop()  # no database connection may cross the fork
        # fork: the workers inherit the imported libraries instead of importing them again; the pool starts
        # before the progress bar's thread does
        pool = ProcessPoolExecutor(max_workers=n, mp_context=get_context("fork"), initializer=worker.start,
                                   initargs=(str(data_dir),))
    order = {str(f): i for i, f in enumerate(files)}
    try:
        results = (_collect({pool.submit(worker.ingest_one, str(f), tenant): f for f in files})
                   if pool is not None else (worker.ingest_one(str(f), tenant) for f in files))
        rows = sorted(_show(results, len(files), json_output), key=lambda r: order.get(r["path"], 0))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        worker.stop()
    if not json_output:
        print_summary(Console(), rows)  # the summary is the command's output: stdout
    raise typer.Exit(0 if all(r["ok"] for r in rows) else 1)


def walk(paths: list[Path]) -> Iterator[Path]:
    """Regular files, directories walked in name order; hidden entries and symlinks skipped."""
    for p in paths:
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    child = Path(root) / name
                    if not name.startswith(".") and child.is_file() and not child.is_symlink():
                        yield child
        elif p.is_file():
            yield p


def _show(results: Iterator[dict[str, Any]], total: int, json_output: bool) -> Iterator[dict[str, Any]]:
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, disable=json_output, transient=False)
    with progress:
        task = progress.add_task("ingesting", total=total)
        for row in results:
            progress.advance(task)
            if json_output:
                typer.echo(json.dumps(row, separators=(",", ":")))
            else:
                progress.console.print(f"{row['state'] or 'failed':>13}  {row['path']}", highlight=False,
                                       markup=False)
            yield row


def _collect(futures: dict[Future[dict[str, Any]], Path]) -> Iterator[dict[str, Any]]:
    for fut in as_completed(futures):
        try:
            yield fut.result()
        except Exception as exc:  # a worker process died (killed, out of memory): that file failed
            yield {"path": str(futures[fut]), "id": None, "type": None, "state": None, "verdict": None,
                   "pages": None, "ocr_pages": None, "phi": {}, "findings": [], "hidden_text": 0,
                   "reason": f"worker_failed: {type(exc).__name__}", "ok": False}


def print_summary(console: Console, rows: list[dict[str, Any]]) -> None:
    """A table on a wide terminal; on a narrow one (under 140 columns) one short block per file instead."""
    ok = sum(1 for r in rows if r["ok"])
    caption = f"{ok} of {len(rows)} documents stored or awaiting review without error"
    if console.width >= 140:
        console.print(summary_table(rows, caption))
        return
    for r in rows:
        style = "" if r["ok"] else "yellow"
        console.print(f"[bold]{r['id'] or '-'}[/]  {escape(r['path'])}", style=style, highlight=False)
        pages = "-" if r["pages"] is None else f"{r['pages']} ({r['ocr_pages'] or 0} OCR)"
        console.print(f"  {_short_type(r['type'])} · verdict {r['verdict'] or '-'} · pages {pages} · "
                      f"hidden {r['hidden_text'] or 0} · state [bold]{r['state'] or 'failed'}[/]",
                      style=style, highlight=False)
        console.print(f"  PHI: {_phi(r)}", style=style, highlight=False)
        if r["reason"]:
            console.print(f"  reason: {escape(r['reason'])}", style=style, highlight=False)
    console.print(caption)


def summary_table(rows: list[dict[str, Any]], caption: str = "") -> Table:
    table = Table(title="phigate ingest", caption=caption)
    table.add_column("id", no_wrap=True)
    for col in ("file", "type", "verdict", "pages", "OCR", "PHI by category", "hidden", "state", "reason"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"] or "-", r["path"], _short_type(r["type"]), r["verdict"] or "-", _n(r["pages"]),
                      _n(r["ocr_pages"]), _phi(r), str(r["hidden_text"] or 0), r["state"] or "failed",
                      r["reason"] or "", style=None if r["ok"] else "yellow")
    return table


def _phi(r: dict[str, Any]) -> str:
    return " ".join(f"{k}:{v}" for k, v in sorted(r["phi"].items())) or "-"


def _short_type(media_type: str | None) -> str:
    return formats.short_name(media_type)


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)
