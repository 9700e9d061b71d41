"""Options and output helpers shared by every command."""

from __future__ import annotations

import functools
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from phigate.errors import Error

if TYPE_CHECKING:
    from rich.console import Console

    from phigate.config import Settings

VERBOSE = False

DataDirOption = Annotated[
    Path,
    typer.Option("--data-dir", envvar="PHIGATE_DATA_DIR", help="Where phigate keeps its state.",
                 show_default=True),
]
DEFAULT_DATA_DIR = Path("./phigate-data")
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output, one JSON object per line.")]


@functools.cache
def err_console() -> Console:
    """The console for diagnostics on standard error (made on first use: Rich takes a while to import)."""
    from rich.console import Console

    return Console(stderr=True)


def global_options(
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Show tracebacks on errors.")] = False,
) -> None:
    """phigate: the gateway every medical document passes through before any AI feature may touch it."""
    global VERBOSE  # noqa: PLW0603 - one flag for the process, set once by the CLI callback
    VERBOSE = verbose


def settings_for(data_dir: Path) -> Settings:
    from phigate.config import Settings  # pydantic-settings: a third of a second that `phigate deid` never needs

    return Settings.load(data_dir=data_dir)


def report_error(exc: Error) -> None:
    if VERBOSE:
        traceback.print_exception(exc, file=sys.stderr)
    err_console().print(f"[bold red]error[/] [dim]({exc.code})[/]: {exc.diagnostics()}", highlight=False)
