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

from phigate.audit import SqlAuditLog
from phigate.audit.export import FORMATS, Sink, SyslogTlsSink, as_json, export_events, file_sink, syslog_address
from phigate.audit.queries import EventFilter, get_consistency, get_proof, newest_start, query_events
from phigate.audit.verifier import VerificationError, load_public_key
from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for
from phigate.errors import InputError
from phigate.models import AuditRecord

app = typer.Typer(help="The tamper-evident audit log: verify, tail, export, patient accounting.",
                  no_args_is_help=True)
out = Console(highlight=False)


@contextmanager
def _log(data_dir: Path, *, create_keys: bool = False) -> Iterator[SqlAuditLog]:
    from phigate.registry import audit_log

    with audit_log(settings_for(data_dir), create_keys=create_keys) as log:
        yield log


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
    key = None
    if public_key is not None:
        try:
            key = load_public_key(public_key.read_bytes())
        except (OSError, VerificationError) as exc:
            raise InputError("the public key file cannot be read as an Ed25519 key") from exc
    with _log(data_dir) as log:
        report = log.verify(key, [*settings_for(data_dir).audit.witness_files, *(witness or [])])
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
    with _log(data_dir) as log:
        records = query_events(log, EventFilter(after_seq=newest_start(log, lines) - 1), limit=lines)
    _print_records(records, json_out)


@app.command()
def patient(
    reference: Annotated[str, typer.Argument(help="The patient reference (e.g. an MRN); it is only hashed.")],
    tenant: Annotated[str, typer.Option(help="The tenant the reference belongs to.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    json_out: JsonOption = False,
) -> None:
    """An accounting of every recorded access to one patient's documents."""
    with _log(data_dir) as log:
        records: list[AuditRecord] = []
        after = -1
        while True:
            page = query_events(log, EventFilter(tenant=tenant, patient_ref=reference, after_seq=after),
                                limit=1000)
            records.extend(page)
            if len(page) < 1000:
                break
            after = page[-1].seq
    _print_records(records, json_out)
    if not json_out:
        out.print(f"{len(records)} recorded accesses")


@app.command()
def export(
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")] = "jsonl",
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
    sink: Sink
    if json_out and output is None and not syslog and fmt != "jsonl":
        raise typer.BadParameter("--json writes JSON Lines to standard output: use --format jsonl or --output")
    if syslog:
        sink = SyslogTlsSink(*syslog_address(syslog), ca_file=ca_file, server_name=server_name)
        fmt = "syslog"
    elif output is not None:
        sink = file_sink(output)
    else:
        sink = _stdout_sink
    with _log(data_dir) as log:
        count = export_events(log, sink, fmt, cursor=cursor, start=from_seq)
    if output is not None or syslog:
        if json_out:
            typer.echo(json.dumps({"exported": count, "format": fmt}))
        else:
            out.print(f"exported {count} events")


def _stdout_sink(lines: list[str]) -> None:
    sys.stdout.writelines(line + "\n" for line in lines)
    sys.stdout.flush()


@app.command()
def checkpoint(data_dir: DataDirOption = DEFAULT_DATA_DIR, json_out: JsonOption = False) -> None:
    """Sign a checkpoint of the log now and print it (always JSON, as in GET /v1/audit/checkpoints, for the
    standalone verifier; --json is accepted for uniformity)."""
    from phigate.audit import checkpoint_document

    with _log(data_dir, create_keys=True) as log:
        cp = log.checkpoint()
    out.print(json.dumps(checkpoint_document(cp)), soft_wrap=True)


@app.command()
def proof(
    seq: Annotated[int, typer.Argument(min=0, help="The event's sequence number.")],
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    tree_size: Annotated[int | None, typer.Option(help="Prove against the checkpoint of this size.")] = None,
    json_out: JsonOption = False,
) -> None:
    """The event, its inclusion path and the signed checkpoint (always JSON, as GET /v1/audit/proof/{seq}
    answers, for ``verifier.py inclusion``; --json is accepted for uniformity)."""
    with _log(data_dir) as log:
        doc = get_proof(log, seq, tree_size=tree_size)
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
    with _log(data_dir) as log:
        doc = get_consistency(log, old_size, new_size)
    out.print(json.dumps(doc), soft_wrap=True)


@app.command("public-key")
def public_key_cmd(data_dir: DataDirOption = DEFAULT_DATA_DIR, json_out: JsonOption = False) -> None:
    """Print the log's Ed25519 public key (PEM; --json: {"public_key_pem"}): give it to auditors, out of band."""
    with _log(data_dir, create_keys=True) as log:
        pem = log.keys.public_pem().decode()
    sys.stdout.write(json.dumps({"public_key_pem": pem}) + "\n" if json_out else pem)
