"""``phigate login --oidc NAME``: sign in through an identity provider in the browser, for the terminal (RFC 8252,
a loopback redirect). The terminal listens on ``127.0.0.1`` on a free port, opens (or prints) the server's
``/v1/oidc/NAME/login`` with that address and the S256 challenge of a verifier of its own; after the provider,
phigate sends the browser to the loopback address with a one-time code, and the terminal collects the session
with that code and its verifier (and a TOTP code, when phigate asks for its own second factor)."""

from __future__ import annotations

import base64
import hashlib
import http.server
import secrets
import sys
import threading
import urllib.parse
import webbrowser
from typing import Any

import typer

from phigate.errors import ServiceUnavailable, Unauthenticated

WAIT_SECONDS = 300.0


class _Answer:
    def __init__(self) -> None:
        self.query: dict[str, str] = {}
        self.done = threading.Event()


def _handler(answer: _Answer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            if parts.path != "/callback" or answer.done.is_set():
                self.send_error(404)
                return
            answer.query = {k: v[0] for k, v in urllib.parse.parse_qs(parts.query).items()}
            body = b"phigate: signed in at the identity provider; return to your terminal.\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            answer.done.set()

        def log_message(self, format: str, *args: Any) -> None:
            return  # the query holds a one-time code: nothing is logged

    return Handler


def sign_in_through_provider(base: str, verify: Any, provider: str, *, open_browser: bool) -> Any:
    """The server's answer to the hand-over (``httpx.Response``): the session, or an error to report."""
    import httpx

    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    answer = _Answer()
    server = http.server.HTTPServer(("127.0.0.1", 0), _handler(answer))
    thread = threading.Thread(target=server.serve_forever, name="oidc-loopback", daemon=True)
    thread.start()
    try:
        return_to = f"http://127.0.0.1:{server.server_address[1]}/callback"
        start = f"{base}/v1/oidc/{urllib.parse.quote(provider, safe='')}/login?" + urllib.parse.urlencode(
            {"cli_redirect": return_to, "cli_challenge": challenge})
        sys.stderr.write(f"Sign in in your browser: {start}\n")
        sys.stderr.flush()
        if open_browser:
            webbrowser.open(start)
        if not answer.done.wait(WAIT_SECONDS):
            raise Unauthenticated("the sign-in at the identity provider did not come back in time")
    finally:
        server.shutdown()
        server.server_close()
    code = answer.query.get("code")
    if not code:
        raise Unauthenticated("the sign-in at the identity provider was not completed")
    body: dict[str, Any] = {"code": code, "code_verifier": verifier}
    if answer.query.get("second_factor") == "totp":
        body["totp_code"] = typer.prompt("TOTP code (phigate's second factor)")
    try:
        with httpx.Client(base_url=base, verify=verify, timeout=30) as client:
            return client.post(f"/v1/oidc/{urllib.parse.quote(provider, safe='')}/handoff", json=body)
    except httpx.HTTPError as exc:
        raise ServiceUnavailable("the phigate server could not be reached (check --url and --cacert)") from exc
