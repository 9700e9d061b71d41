"""``phigate audit``: verify the log, follow it, export it, and account for one patient's disclosures."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.errors import InputError
from phigate.models import AuditRecord
from phigate.services.audit_reads import EXPORT_FORMATS, AuditConsole, as_json

app = typer.Typer(help="The tamper-evident audit log: verify, tail, export, patient accounting.",
                  no_args_is_help=True)
out = Console(highlight=False)


@contextmanager
def _console(data_dir: Path, *, create_keys: bool = False) -> Iterator[AuditConsole]:
    from phigate.registry import audit_console

    with audit_console(settings_for(data_dir), create_keys=create_keys) as console:
        yield console


def _print_records(records: list[AuditRecord], as_json_lines: bool) -> None:
    for r in records:
        if as_json_lines:
            out.print(json.dumps(as_json(r), sort_keys=True), soft_wrap=True)
        else:
            e = r.event
            out.print(f"{r.seq:>8}  {e.time:%Y-%m-%d %H:%M:%S}  {e.tenant or '-':<12} {e.actor_kind.value}:"
                      f"{e.actor_id}  {e.action.value} {e.resource_kind}/{e.resource_id or '-'}  "
                      f"{e.outcome.value}" + (f"  purpose={e.purpose.value}" if e.purpose else ""))


@app.command()
def verify(
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    public_key: Annotated[Path | None, typer.Option(help="Trust this Ed25519 public key (PEM) instead of the "
                                                    "one in the sealed key bundle.")] = None,
    witness: Annotated[list[Path] | None, typer.Option(help="A file of checkpoints a witness received (e.g. "
                                                       "the syslog witness's log); repeatable. Adds to "
                                                       "audit.witness_files.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Recompute every hash, MAC, tree node and checkpoint; list what is wrong and where. Exit 1 if anything is.
    Checkpoints in the blob store and the witness files catch a tail cut after the database's last checkpoint."""
    pem = None
    if public_key is not None:
        try:
            pem = public_key.read_bytes()
        except OSError as exc:
            raise InputError("the public key file cannot be read") from exc
    with _console(data_dir) as console:
        report = console.verify(public_key_pem=pem, witness=tuple(witness or ()))
    if json_out:
        out.print(json.dumps({"ok": report.ok, "events": report.events, "checkpoints": report.checkpoints,
                              "findings": [{"kind": f.kind, "seq": f.seq, "tree_size": f.tree_size,
                                            "detail": f.detail} for f in report.findings]}), soft_wrap=True)
    else:
        for f in report.findings:
            where = f"seq {f.seq}" if f.seq is not None else f"checkpoint {f.tree_size}"
            out.print(f"[red]{f.kind}[/] at {where}: {f.detail}")
        status = "[green]OK[/]" if report.ok else f"[red]FAILED[/] ({len(report.findings)} findings)"
        out.print(f"{status}: {report.events} events, {report.checkpoints} checkpoints verified")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def tail(
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    lines: Annotated[int, typer.Option("-n", "--lines", min=1, max=1000, help="How many events.")] = 20,
    json_out: JsonOption = False,
) -> None:
    """Show the newest events."""
    with _console(data_dir) as console:
        records = console.tail(lines)
    _print_records(records, json_out)


@app.command()
def patient(
    reference: Annotated[str, typer.Argument(help="The patient reference (e.g. an MRN); it is only hashed.")],
    tenant: Annotated[str, typer.Option(help="The tenant the reference belongs to.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    json_out: JsonOption = False,
) -> None:
    """An accounting of every recorded access to one patient's documents."""
    with _console(data_dir) as console:
        records = list(console.patient(tenant, reference))
    _print_records(records, json_out)
    if not json_out:
        out.print(f"{len(records)} recorded accesses")


@app.command()
def export(
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(EXPORT_FORMATS)}.")] = "jsonl",
    output: Annotated[Path | None, typer.Option(help="Append to this file (default: standard output).")] = None,
    cursor: Annotated[str | None, typer.Option(help="Resume from, and advance, this named cursor.")] = None,
    from_seq: Annotated[int | None, typer.Option(min=0, help="Start at this sequence number.")] = None,
    syslog: Annotated[str | None, typer.Option(help="Send RFC 5424 over TLS to HOST:PORT.")] = None,
    ca_file: Annotated[Path | None, typer.Option(help="CA certificate to trust for --syslog.")] = None,
    server_name: Annotated[str | None, typer.Option(help="Expected name in the syslog server's certificate.")
                           ] = None,
    json_out: JsonOption = False,
) -> None:
    """Export events incrementally as JSON Lines, OCSF, FHIR R4 AuditEvent, or syslog (file or TLS). With
    --json: to standard output, the events as JSON Lines (the fields of GET /v1/audit/events); to a file or
    syslog, the summary as {"exported", "format"}."""
    if json_out and output is None and not syslog and fmt != "jsonl":
        raise typer.BadParameter("--json writes JSON Lines to standard output: use --format jsonl or --output")
    with _console(data_dir) as console:
        count = console.export(fmt, output=output, syslog=syslog, ca_file=ca_file, server_name=server_name,
                               cursor=cursor, start=from_seq, lines=_stdout_lines)
    if output is not None or syslog:
        fmt = "syslog" if syslog else fmt
        if json_out:
            typer.echo(json.dumps({"exported": count, "format": fmt}))
        else:
            out.print(f"exported {count} events")


@app.command()
def checkpoint(data_dir: DataDirOption = DEFAULT_DATA_DIR, json_out: JsonOption = False) -> None:
    """Sign a checkpoint of the log now and print it (always JSON, as in GET /v1/audit/checkpoints, for the
    standalone verifier; --json is accepted for uniformity)."""
    with _console(data_dir, create_keys=True) as console:
        doc = console.checkpoint()
    out.print(json.dumps(doc), soft_wrap=True)


@app.command()
def proof(
    seq: Annotated[int, typer.Argument(min=0, help="The event's sequence number.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    tree_size: Annotated[int | None, typer.Option(help="Prove against the checkpoint of this size.")] = None,
    json_out: JsonOption = False,
) -> None:
    """The event, its inclusion path and the signed checkpoint (always JSON, as GET /v1/audit/proof/{seq}
    answers, for ``verifier.py inclusion``; --json is accepted for uniformity)."""
    with _console(data_dir) as console:
        doc = console.proof(seq, tree_size=tree_size)
    out.print(json.dumps(doc), soft_wrap=True)


@app.command()
def consistency(
    old_size: Annotated[int, typer.Argument(min=0, help="Tree size of the older checkpoint.")],
    new_size: Annotated[int, typer.Argument(min=0, help="Tree size of the newer checkpoint.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    json_out: JsonOption = False,
) -> None:
    """Both checkpoints and the consistency proof between them (always JSON, for ``verifier.py consistency``;
    --json is accepted for uniformity)."""
    with _console(data_dir) as console:
        doc = console.consistency(old_size, new_size)
    out.print(json.dumps(doc), soft_wrap=True)


@app.command("public-key")
def public_key_cmd(data_dir: DataDirOption = DEFAULT_DATA_DIR, json_out: JsonOption = False) -> None:
    """Print the log's Ed25519 public key (PEM; --json: {"public_key_pem"}): give it to auditors, out of band."""
    with _console(data_dir, create_keys=True) as console:
        pem = console.public_key_pem()
    sys.stdout.write(json.dumps({"public_key_pem": pem}) + "\n" if json_out else pem)


def _stdout_lines(lines: list[str]) -> None:
    sys.stdout.writelines(line + "\n" for line in lines)
    sys.stdout.flush()
