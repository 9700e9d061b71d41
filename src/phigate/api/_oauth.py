"""``POST /v1/auth/token``: OAuth 2.0 client credentials (RFC 6749 section 4.4), so standard OAuth clients work
unchanged: the client authenticates with HTTP Basic (``client_secret_basic``) or with form fields
(``client_secret_post``), never both; errors are section 5.2 bodies (``{"error": "invalid_client", ...}``), and
a client over its rate gets 429 with ``Retry-After``."""

from __future__ import annotations

import base64
import binascii
import urllib.parse
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from phigate.api._deps import ServicesDep
from phigate.api._schemas import TokenPublic
from phigate.errors import Error, RateLimited, Unauthenticated

router = APIRouter(tags=["auth"])
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
FORM = "application/x-www-form-urlencoded"
_FIELDS = {"grant_type": 64, "client_id": 128, "client_secret": 256, "scope": 1024}


class OAuthError(Exception):
    """A section 5.2 error: ``error`` is one of the RFC's codes, ``description`` safe to show."""

    def __init__(self, error: str, description: str, status: int = 400, headers: dict[str, str] | None = None):
        super().__init__(description)
        self.error, self.description, self.status, self.headers = error, description, status, headers or {}

    def response(self) -> JSONResponse:
        return JSONResponse({"error": self.error, "error_description": self.description}, status_code=self.status,
                            headers={**NO_STORE, **self.headers})


_ERROR_SCHEMA: dict[str, Any] = {"type": "object", "required": ["error"], "properties": {
    "error": {"type": "string", "enum": ["invalid_request", "invalid_client", "unsupported_grant_type",
                                         "rate_limited", "temporarily_unavailable"]},
    "error_description": {"type": "string"}}}
_FORM_SCHEMA: dict[str, Any] = {"type": "object", "required": ["grant_type"], "properties": {
    "grant_type": {"type": "string", "enum": ["client_credentials"]},
    "client_id": {"type": "string", "maxLength": 128, "description": "client_secret_post (or use HTTP Basic)"},
    "client_secret": {"type": "string", "maxLength": 256},
    "scope": {"type": "string", "maxLength": 1024, "description": "ignored: tokens carry the account's scopes"}}}
_ERRORS = {status: {"description": text, "content": {"application/json": {"schema": _ERROR_SCHEMA}}}
           for status, text in ((400, "invalid_request or unsupported_grant_type"), (401, "invalid_client"),
                                (413, "body too large"), (429, "too many failed attempts (see Retry-After)"),
                                (503, "temporarily_unavailable"))}


@router.post("/v1/auth/token", response_model=TokenPublic, responses=_ERRORS,  # type: ignore[arg-type]
             openapi_extra={"requestBody": {"required": True, "content": {FORM: {"schema": _FORM_SCHEMA}}}})
async def issue_token(request: Request, services: ServicesDep) -> JSONResponse:
    """OAuth 2.0 client credentials: a JWT of at most 15 minutes, bound to the account's tenant."""
    source = request.client.host if request.client else None
    try:
        client_id, secret = await _client_credentials(request)
        token = await run_in_threadpool(services.auth.issue_token, client_id, secret, source)
    except OAuthError as exc:
        return exc.response()
    except Unauthenticated:
        return OAuthError("invalid_client", "client authentication failed", 401,
                          {"WWW-Authenticate": 'Basic realm="phigate"'}).response()
    except RateLimited as exc:
        return OAuthError("rate_limited", exc.diagnostics(), 429, {"Retry-After": str(exc.retry_after)}).response()
    except Error as exc:
        status = exc.status if exc.status >= 500 else 400
        return OAuthError("temporarily_unavailable" if status >= 500 else "invalid_request", exc.diagnostics(),
                          status).response()
    body = TokenPublic(access_token=token.token, expires_in=token.expires_in)
    return JSONResponse(body.model_dump(), headers=NO_STORE)


async def _client_credentials(request: Request) -> tuple[str, str]:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM:
        raise OAuthError("invalid_request", f"the body must be {FORM}")
    form = _form(await request.body())
    grant = form.get("grant_type")
    if grant is None:
        raise OAuthError("invalid_request", "grant_type is required")
    if grant != "client_credentials":
        raise OAuthError("unsupported_grant_type", "only client_credentials is supported")
    basic = _basic(request.headers.get("authorization"))
    if basic is not None:
        if "client_secret" in form:
            raise OAuthError("invalid_request", "use one client authentication method, not two")
        if form.get("client_id", basic[0]) != basic[0]:
            raise OAuthError("invalid_request", "client_id differs from the authenticated client")
        return basic
    if "client_id" not in form or "client_secret" not in form:
        raise OAuthError("invalid_client", "client authentication is required (HTTP Basic or form fields)", 401,
                         {"WWW-Authenticate": 'Basic realm="phigate"'})
    return form["client_id"], form["client_secret"]


def _form(raw: bytes) -> dict[str, str]:
    """The token request's parameters. Unrecognised ones are ignored, as RFC 6749 section 3.2 requires (the
    edge already caps the body at 64 KiB, so their number is bounded); a recognised one may appear once."""
    try:
        pairs = urllib.parse.parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw))
    except (UnicodeDecodeError, ValueError) as exc:
        raise OAuthError("invalid_request", "the form body is malformed") from exc
    form: dict[str, str] = {}
    for name, value in pairs:
        if name not in _FIELDS:
            continue
        if name in form:
            raise OAuthError("invalid_request", f"{name} is repeated")
        if name in _FIELDS and len(value) > _FIELDS[name]:
            raise OAuthError("invalid_request", f"{name} is too long")
        form[name] = value
    return form


def _basic(header: str | None) -> tuple[str, str] | None:
    """The (client_id, client_secret) of an HTTP Basic header, each form-urlencoded (RFC 6749 2.3.1)."""
    scheme, _, value = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    unauthorized = OAuthError("invalid_client", "the Basic credentials are malformed", 401,
                              {"WWW-Authenticate": 'Basic realm="phigate"'})
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise unauthorized from exc
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise unauthorized
    client_id, secret = urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(secret)
    if not client_id or len(client_id) > _FIELDS["client_id"] or len(secret) > _FIELDS["client_secret"]:
        raise unauthorized
    return client_id, secret
