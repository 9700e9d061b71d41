"""Options and output helpers shared by every command."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from phigate.config import Settings
from phigate.errors import Error

VERBOSE = False

DataDirOption = Annotated[
    Path,
    typer.Option("--data-dir", envvar="PHIGATE_DATA_DIR", help="Where phigate keeps its state.",
                 show_default=True),
]
DEFAULT_DATA_DIR = Path("./phigate-data")
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output, one JSON object per line.")]

err_console = Console(stderr=True)


def global_options(
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Show tracebacks on errors.")] = False,
) -> None:
    """phigate: the gateway every medical document passes through before any AI feature may touch it."""
    global VERBOSE  # noqa: PLW0603 - one flag for the process, set once by the CLI callback
    VERBOSE = verbose


def settings_for(data_dir: Path) -> Settings:
    return Settings.load(data_dir=data_dir)


def report_error(exc: Error) -> None:
    if VERBOSE:
        traceback.print_exception(exc, file=sys.stderr)
    err_console.print(f"[bold red]error[/] [dim]({exc.code})[/]: {exc.diagnostics()}", highlight=False)
