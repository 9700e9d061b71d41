"""``phigate deid``: de-identify text from a file or standard input."""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from phigate.cli._common import JsonOption, err_console
from phigate.errors import InputError, PhiError
from phigate.phi import DeidContext, Thresholds, deidentify, deidentify_stream

CLI_MODES = ("tag", "redact", "mask", "surrogate", "date-shift", "pseudonym", "safe-harbor")
MAX_JSONL_LINE = 64 * 1024 * 1024
_CHUNK = 1 << 20


def _secret(secret_file: Path | None, mode: str) -> bytes:
    if secret_file is not None:
        try:
            raw = secret_file.read_bytes().strip()
        except OSError as exc:
            raise InputError("the secret file cannot be read") from exc
        if len(raw) < 16:
            raise InputError("the secret file must hold at least 16 bytes")
        return raw
    env = os.environ.get("PHIGATE_DEID_SECRET", "")
    if env:
        if len(env.encode()) < 16:
            raise InputError("PHIGATE_DEID_SECRET must be at least 16 bytes")
        return env.encode()
    if mode in ("surrogate", "date-shift", "pseudonym"):
        err_console().print(
            f"phigate deid: no --secret-file or PHIGATE_DEID_SECRET: using a random key for this run "
            f"only; {mode} output will not match other runs",
            highlight=False,
        )
        return os.urandom(32)
    return b""


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PhiError(f"the input is not valid UTF-8 (at byte {exc.start})") from exc


def _chunks(stream: Any) -> Any:
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    while True:
        raw = stream.read(_CHUNK)
        try:
            text = decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            raise PhiError(f"the input is not valid UTF-8 (at byte {offset + exc.start})") from exc
        offset += len(raw)
        if text:
            yield text
        if not raw:
            return


def _jsonl(inp: Any, out: TextIO, mode: str, ctx: DeidContext) -> None:
    frozen = False
    try:
        for n, line in enumerate(inp, start=1):
            if not line.strip():
                continue
            if len(line) > MAX_JSONL_LINE:
                raise InputError(f"line {n}: longer than {MAX_JSONL_LINE} bytes")
            try:
                rec = json.loads(_decode(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"line {n}: not a JSON object") from exc
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise InputError(f'line {n}: expected an object with a string "text"')
            result = deidentify(rec["text"], mode, ctx)
            out.write(json.dumps({"id": rec.get("id"), **result.to_json_dict()}, ensure_ascii=False) + "\n")
            if not frozen and gc.get_freeze_count() == 0:
                # the first record has loaded the engine's dictionaries (some 600,000 words in sets): they live as
                # long as the run, so they leave the collector's sight instead of being walked again by every full
                # collection (about 2 % of the instructions of a run over many records)
                gc.freeze()
                frozen = True
    finally:
        if frozen:  # as it was: the command may run inside a longer process (a test's CliRunner)
            gc.unfreeze()


def deid(
    file: Annotated[str, typer.Argument(help="A UTF-8 text file, or - for standard input.")] = "-",
    mode: Annotated[
        str,
        typer.Option("--mode", help="tag, redact, mask, surrogate, date-shift, pseudonym or safe-harbor."),
    ] = "tag",
    json_out: JsonOption = False,
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help='Read {"id", "text"} lines on standard input, write {"id", "text", "spans"} lines.',
        ),
    ] = False,
    secret_file: Annotated[
        Path | None,
        typer.Option(
            "--secret-file",
            help="Key for surrogates, pseudonyms and date shifts (else env PHIGATE_DEID_SECRET).",
        ),
    ] = None,
    tenant: Annotated[str, typer.Option("--tenant", help="Tenant the text belongs to.")] = "default",
    patient: Annotated[
        str,
        typer.Option(
            "--patient", help="Patient reference: surrogates and date shifts are consistent per patient."
        ),
    ] = "",
    attestation: Annotated[
        Path | None, typer.Option("--attestation", help="Write the attestation JSON here.")
    ] = None,
    name_threshold: Annotated[
        float,
        typer.Option(
            "--name-threshold",
            help="Score (log-odds, -20 to 20) a candidate name must reach. Lower finds more names and hides more "
            "clinical words; higher the reverse. Default 0: favours recall (docs/phi.md, Thresholds).",
        ),
    ] = Thresholds().name,
    place_threshold: Annotated[
        float,
        typer.Option("--place-threshold", help="The same for towns, facilities and other places."),
    ] = Thresholds().place,
) -> None:
    """De-identify text: --json prints {"text", "spans": [{"start", "end", "type", "text_hash"}]}."""
    if mode not in CLI_MODES:
        raise InputError(f"unknown mode; choose one of {', '.join(CLI_MODES)}")
    thresholds = Thresholds(name=name_threshold, place=place_threshold)
    ctx = DeidContext(tenant=tenant, patient_ref=patient, secret=_secret(secret_file, mode), thresholds=thresholds)
    out = sys.stdout
    if jsonl:
        _jsonl(sys.stdin.buffer, out, mode, ctx)
        return
    try:
        source = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError("the input file cannot be read") from exc
    try:
        if json_out or attestation is not None:
            text = "".join(_chunks(source))
            result = deidentify(text, mode, ctx)
            if attestation is not None:
                attestation.write_text(json.dumps(result.attestation, indent=2))
            out.write(
                json.dumps(result.to_json_dict(), ensure_ascii=False) + "\n" if json_out else result.text
            )
        else:
            for piece, _spans in deidentify_stream(_chunks(source), mode, ctx):
                out.write(piece)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    out.flush()
