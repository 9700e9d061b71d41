"""The ``phigate`` command line. Each command group lives in its own ``_module`` and mirrors ``service.py``."""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

from phigate.cli import _common
from phigate.errors import Error

# name -> (module, attribute, whether it is a group of commands), in the order `phigate --help` lists them
# (Typer lists single commands before groups). A module is imported only when its command runs or help is
# shown: together they pull in SQLAlchemy, FastAPI, the crypto backends and the settings, most of a second.
_COMMANDS: dict[str, tuple[str, str, bool]] = {
    "serve": ("phigate.cli._serve", "serve", False),
    "worker": ("phigate.cli._worker", "worker", False),
    "init": ("phigate.cli._init", "init", False),
    "deid": ("phigate.cli._deid", "deid", False),
    "scan": ("phigate.cli._scan", "scan", False),
    "ingest": ("phigate.cli._ingest", "ingest", False),
    "fsck": ("phigate.cli._fsck", "fsck", False),
    "backup": ("phigate.cli._backup", "backup", False),
    "restore": ("phigate.cli._backup", "restore", False),
    "login": ("phigate.cli._login", "login", False),
    "tenants": ("phigate.cli._tenants", "app", True),
    "accounts": ("phigate.cli._accounts", "accounts_app", True),
    "users": ("phigate.cli._users", "app", True),
    "keys": ("phigate.cli._keys", "app", True),
    "audit": ("phigate.cli._audit", "app", True),
    "quarantine": ("phigate.cli._quarantine", "app", True),
    "webhooks": ("phigate.cli._webhooks", "app", True),
    "documents": ("phigate.cli._documents", "app", True),
    "break-glass": ("phigate.cli._break_glass", "app", True),
    "reid": ("phigate.cli._reid", "app", True),
    "labels": ("phigate.cli._labels", "app", True),
    "models": ("phigate.cli._ai", "models_app", True),
    "ai": ("phigate.cli._ai", "ai_app", True),
}
_SETTINGS = {"pretty_exceptions_enable": False, "add_completion": False}


# Only Typer's public API is used: Typer releases differ in which click (the package, or a vendored copy) their
# TyperGroup is built on, so click's types appear here as ``Any``.
def _build(name: str) -> Any:
    """The click command for ``name``, built by Typer exactly as if registered on the top-level app."""
    module, attribute, is_group = _COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer(**_SETTINGS)  # type: ignore[arg-type]
    holder.callback()(_common.global_options)  # a callback makes Typer build a group even for one command
    if is_group:
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    group = typer.main.get_command(holder)
    assert isinstance(group, TyperGroup)
    return group.commands[name]


class _LazyGroup(TyperGroup):
    """The top-level group: lists every command, imports a command's module when that command is resolved."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in _COMMANDS and cmd_name not in self.commands:
            self.commands[cmd_name] = _build(cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in _COMMANDS:  # a typo: the "did you mean" suggestion reads every name
            for name in self.list_commands(ctx):
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="phigate",
    help="phigate: the gateway every medical document passes through before any AI feature may touch it.",
    no_args_is_help=True,
    cls=_LazyGroup,
    **_SETTINGS,  # type: ignore[arg-type]
)
app.callback()(_common.global_options)


def main() -> None:
    """Console entry point: phigate errors print their safe diagnostics and exit non-zero. Usage errors,
    ``typer.Exit`` and ``typer.Abort`` are Typer's own business (standalone mode: message and exit code)."""
    try:
        app()
    except Error as exc:
        _common.report_error(exc)
        sys.exit(2)
    except Exception as exc:  # the unexpected
        if _common.VERBOSE:
            raise
        sys.stderr.write(f"phigate: internal error ({type(exc).__name__}); run with -v for details\n")
        sys.exit(70)
    finally:
        # the process ends here: the collections of interpreter shutdown need not walk what the command built (the
        # PHI engine's dictionaries alone are some 600,000 words in sets: 0.17 G instructions after `phigate deid`)
        gc.freeze()


__all__ = ["app", "main"]
