"""The ``phigate`` command line. Each command group lives in its own ``_module`` and mirrors ``service.py``."""

from __future__ import annotations

import sys

import typer

from phigate.cli import _accounts, _audit, _common, _deid, _ingest, _keys, _quarantine, _scan, _serve, _webhooks
from phigate.errors import Error

app = typer.Typer(
    name="phigate",
    help="phigate: the gateway every medical document passes through before any AI feature may touch it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.callback()(_common.global_options)
app.command("serve")(_serve.serve)
app.add_typer(_accounts.accounts_app, name="accounts")
app.add_typer(_keys.app, name="keys")
app.command("deid")(_deid.deid)
app.command("scan")(_scan.scan)
app.add_typer(_audit.app, name="audit")
app.command("ingest")(_ingest.ingest)
app.add_typer(_quarantine.app, name="quarantine")
app.add_typer(_webhooks.app, name="webhooks")


def main() -> None:
    """Console entry point: phigate errors print their safe diagnostics and exit non-zero."""
    try:
        code = app(standalone_mode=False)  # click returns typer.Exit's code instead of raising it here
        if isinstance(code, int) and code:
            sys.exit(code)
    except Error as exc:
        _common.report_error(exc)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("Aborted.\n")
        sys.exit(130)
    except Exception as exc:  # click usage errors and the unexpected
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if _common.VERBOSE:
            raise
        sys.stderr.write(f"phigate: internal error ({type(exc).__name__}); run with -v for details\n")
        sys.exit(70)


__all__ = ["app", "main"]
