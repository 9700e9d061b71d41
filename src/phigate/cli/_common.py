"""Options and output helpers shared by every command."""

from __future__ import annotations

import functools
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from phigate.errors import ConfigError, Error

if TYPE_CHECKING:
    from rich.console import Console

    from phigate.config import Settings
    from phigate.models import Principal

VERBOSE = False


@functools.cache
def _cli_operator() -> Principal:
    from phigate.models import SYSTEM, Principal

    return Principal("cli", SYSTEM.kind, None, SYSTEM.scopes)


def __getattr__(name: str) -> Principal:
    """``CLI_OPERATOR``: whoever runs the CLI on the data directory's machine (it holds the keys and the database
    already). Built on first use, so that a command that needs no principal (``phigate deid``) does not import
    ``phigate.models``, whose hundred frozen dataclasses take some 30 ms to create."""
    if name == "CLI_OPERATOR":
        return _cli_operator()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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


def settings_for(data_dir: Path, *, must_exist: bool = True) -> Settings:
    """The settings of the data directory. Unless ``must_exist`` is False, a directory that does not exist is
    refused with its name: a command run from the wrong directory must not quietly start a new phigate with a
    new master key (only ``serve`` and ``init`` create one)."""
    from phigate.config import Settings  # pydantic-settings: a third of a second that `phigate deid` never needs

    require_data_dir(data_dir, must_exist=must_exist)
    return Settings.load(data_dir=data_dir)


def require_data_dir(data_dir: Path, *, must_exist: bool = True) -> None:
    if must_exist and not data_dir.is_dir():
        raise ConfigError(f"there is no phigate data directory at {data_dir.absolute()}: pass --data-dir (or set "
                          "PHIGATE_DATA_DIR) to an existing one, or create it with 'phigate init --data-dir "
                          f"{data_dir}'")


def report_error(exc: Error) -> None:
    if VERBOSE:
        traceback.print_exception(exc, file=sys.stderr)
    err_console().print(f"[bold red]error[/] [dim]({exc.code})[/]: {exc.diagnostics()}", highlight=False)
