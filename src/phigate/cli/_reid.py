"""``phigate reid``: re-identification by dual approval, from a person's terminal. Every command is a call to the
server with the session ``phigate login`` saved (a person's act, with their own sign-in): ``request`` asks to read
a document's linkage, ``approve`` gives one of the two approvals (a fresh sign-in with a second factor: run
``phigate login`` again when the server asks for it), ``list`` and ``show`` read the requests, ``use`` reads the
linkage once with an approved grant."""

from __future__ import annotations

import json
import ssl
from pathlib import Path
from typing import Annotated, Any

import typer

from phigate.cli._common import JsonOption
from phigate.errors import (
    Conflict,
    Error,
    Forbidden,
    Gone,
    InputError,
    NotFound,
    RateLimited,
    ServiceUnavailable,
    StepUpRequired,
    Unauthenticated,
)

app = typer.Typer(help="Re-identification by dual approval (with your `phigate login` session).",
                  no_args_is_help=True)

UrlOption = Annotated[str | None, typer.Option("--url", envvar="PHIGATE_URL", help=(
    "The phigate server (default: the one you signed in to)."))]
CacertOption = Annotated[Path | None, typer.Option("--cacert", envvar="PHIGATE_CACERT", help=(
    "A CA certificate (PEM) to trust for this server."))]
_BY_STATUS: dict[int, type[Error]] = {400: InputError, 401: Unauthenticated, 403: Forbidden, 404: NotFound,
                                      409: Conflict, 410: Gone, 422: InputError}


@app.command("request")
def request(
    document_id: Annotated[str, typer.Argument(help="The document whose linkage you need.")],
    purpose: Annotated[str, typer.Option("--purpose", help="Purpose of use: an HL7 code such as TREAT.")],
    justification: Annotated[str, typer.Option("--justification", help=(
        "Why you need the originals (20-2,000 characters; sealed, shown to the approvers)."))],
    url: UrlOption = None, cacert: CacertOption = None, as_json: JsonOption = False,
) -> None:
    """Ask to re-identify a document: two other people must approve before you can use it."""
    _show(_call("POST", "/v1/reidentifications", url, cacert,
                {"document_id": document_id, "purpose": purpose, "justification": justification}), as_json)


@app.command("approve")
def approve(reid_id: Annotated[str, typer.Argument(help="The request's id.")],
            url: UrlOption = None, cacert: CacertOption = None, as_json: JsonOption = False) -> None:
    """Approve someone else's request (needs a sign-in with a second factor within the policy's max_age)."""
    _show(_call("POST", f"/v1/reidentifications/{_id(reid_id)}/approve", url, cacert), as_json)


@app.command("list")
def list_requests(url: UrlOption = None, cacert: CacertOption = None, as_json: JsonOption = False) -> None:
    """Your requests (every request of your tenant for a privacy officer), newest first."""
    for row in _call("GET", "/v1/reidentifications", url, cacert):
        _show(row, as_json)


@app.command("show")
def show(reid_id: Annotated[str, typer.Argument(help="The request's id.")],
         url: UrlOption = None, cacert: CacertOption = None, as_json: JsonOption = False) -> None:
    """One request, with its justification."""
    _show(_call("GET", f"/v1/reidentifications/{_id(reid_id)}", url, cacert), as_json)


@app.command("use")
def use(reid_id: Annotated[str, typer.Argument(help="The approved request's id.")],
        url: UrlOption = None, cacert: CacertOption = None, as_json: JsonOption = False) -> None:
    """Read the document's linkage with your approved grant: once (the grant is used up)."""
    found = _call("POST", f"/v1/reidentifications/{_id(reid_id)}/use", url, cacert)
    if as_json:
        typer.echo(json.dumps(found))
        return
    for e in found["linkage"]:
        typer.echo(f"{e['replacement']}\t{e['original']}\t{e['type']}")


def _id(value: str) -> str:
    if not value or len(value) > 64 or not value.replace("_", "").replace("-", "").isalnum():
        raise InputError("a re-identification id is letters, digits, '_' and '-'")
    return value


def _show(row: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(row))
        return
    typer.echo(f"{row['id']}  {row['status']}  document {row['document_id']}  purpose {row['purpose']}  "
               f"requested by {row['requester']}  approvals {len(row['approvers'])}"
               + (f"\n  justification: {row['justification']}" if row.get("justification") else ""))


def _call(method: str, path: str, url: str | None, cacert: Path | None, body: Any = None) -> Any:
    import httpx

    from phigate.cli._login import token_file

    try:
        session = json.loads(token_file().read_text(encoding="utf-8"))
        token, server = str(session["access_token"]), str(url or session["server"])
    except (OSError, ValueError, KeyError, TypeError):
        raise Unauthenticated("no saved session: sign in first with `phigate login`") from None
    try:
        verify: Any = ssl.create_default_context(cafile=str(cacert)) if cacert is not None else True
    except (OSError, ssl.SSLError) as exc:
        raise InputError("the --cacert file cannot be read as a PEM certificate") from exc
    try:
        with httpx.Client(base_url=server.rstrip("/"), verify=verify, timeout=30) as client:
            r = client.request(method, path, json=body, headers={"Authorization": f"Bearer {token}"})
    except httpx.HTTPError as exc:
        raise ServiceUnavailable("the phigate server could not be reached (check --url and --cacert)") from exc
    if r.status_code >= 400:
        raise _error(r)
    return r.json()


def _error(r: Any) -> Error:
    """The server's refusal as a phigate error carrying the server's code (``grant_used``, ``self_approval`` ...)."""
    try:
        err = r.json()["error"]
        code, message = str(err["code"]), str(err["message"])
    except (ValueError, KeyError, TypeError):
        code, message = "", f"the server answered {r.status_code}"
    if code == StepUpRequired.code:
        error: Error = StepUpRequired(f"{message} (run `phigate login` again, then retry)")
    elif r.status_code == 429:
        after = r.headers.get("retry-after", "")
        error = RateLimited(message, retry_after=int(after) if after.isdigit() and len(after) < 7 else 60)
    else:
        error = _BY_STATUS.get(r.status_code, ServiceUnavailable)(message)
    if code.isidentifier():
        error.code = code
    return error
