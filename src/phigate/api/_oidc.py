"""Enterprise sign-in over HTTP with OpenID Connect (``[oidc.providers.<name>]``; every answer ``no-store``):

- ``GET /v1/oidc/{provider}/login``: a redirect to the provider, and a cookie binding the sign-in to this browser;
- ``GET /v1/oidc/{provider}/callback``: where the provider sends the browser back: a session (as
  ``POST /v1/auth/login`` gives), or ``202`` with a one-time token when phigate's own second factor is needed;
- ``POST /v1/oidc/{provider}/second-factor``: that token and a TOTP code, from the same browser: the session;
- ``POST /v1/oidc/{provider}/handoff``: ``phigate login --oidc`` collects a sign-in it started (``cli_redirect``
  and ``cli_challenge`` at ``.../login``) with the one-time code its loopback address received and its verifier.

Routes are thin: parse, one ``OidcSignInService`` call, respond."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from phigate.api._people import NO_STORE, Code, SessionPublic, _session, _source
from phigate.api._schemas import COMMON_ERRORS, errors
from phigate.errors import NotFound
from phigate.services.oidc_sign_in import OidcSignInService, SecondFactorStep, TerminalHandoff

router = APIRouter(tags=["people"])
COOKIE = "phigate_oidc"
_ERRORS = {**errors(400, 401, 403, 404), **COMMON_ERRORS}
Provider = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$", description="The provider's name.")]
BrowserCookie = Annotated[str, Cookie(alias=COOKIE, max_length=128)]


class SecondFactorPublic(BaseModel):
    status: str = "second_factor_required"
    pending_token: str
    expires_in: int
    methods: list[str] = ["totp"]


class SecondFactorCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pending_token: Annotated[StrictStr, Field(min_length=1, max_length=128)]
    totp_code: Code


class HandoffCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[StrictStr, Field(min_length=1, max_length=128)]
    code_verifier: Annotated[StrictStr, Field(min_length=43, max_length=128)]
    totp_code: Code | None = None


def _oidc(request: Request) -> OidcSignInService:
    service: OidcSignInService | None = getattr(request.app.state.services, "oidc", None)
    if service is None:
        raise NotFound("no such identity provider")
    return service


OidcDep = Annotated[OidcSignInService, Depends(_oidc)]


@router.get("/v1/oidc/{provider}/login", status_code=302, responses={
    302: {"description": "To the identity provider's authorization endpoint."}, **_ERRORS})
def oidc_login(provider: Provider, request: Request, oidc: OidcDep,
               cli_redirect: Annotated[str, Query(max_length=200, description=(
                   "phigate login --oidc: its loopback address, which receives the sign-in's one-time code"))] = "",
               cli_challenge: Annotated[str, Query(max_length=64, description=(
                   "phigate login --oidc: the S256 challenge of the verifier it collects the sign-in with"))] = "",
               ) -> RedirectResponse:
    """Start signing in at an identity provider: a redirect there, and a cookie that binds the sign-in to this
    browser (the callback must come back with it)."""
    terminal = (cli_redirect, cli_challenge) if cli_redirect or cli_challenge else None
    redirect = oidc.begin(provider, _source(request), terminal)
    response = RedirectResponse(redirect.url, status_code=302, headers=NO_STORE)
    response.set_cookie(COOKIE, redirect.browser_secret, max_age=oidc.login_ttl_seconds,
                        path=f"/v1/oidc/{provider}", secure=True, httponly=True, samesite="lax")
    return response


@router.get("/v1/oidc/{provider}/callback", response_model=SessionPublic, responses={
    202: {"model": SecondFactorPublic, "description": "phigate's own second factor is needed."},
    302: {"description": "A terminal's sign-in: to its loopback address with a one-time code."}, **_ERRORS})
def oidc_callback(provider: Provider, request: Request, oidc: OidcDep, browser: BrowserCookie = "",
                  code: Annotated[str, Query(max_length=2048)] = "",
                  state: Annotated[str, Query(max_length=128)] = "",
                  error: Annotated[str, Query(max_length=256)] = "") -> JSONResponse | RedirectResponse:
    """The provider's answer: a session whose token carries the provider's ``amr`` and ``auth_time`` and a
    mapped ``acr``; or ``202`` and a one-time token for ``.../second-factor``."""
    result = oidc.complete(provider, code=code or None, state=state or None, error=error or None,
                           browser_secret=browser or None, source=_source(request))
    if isinstance(result, SecondFactorStep):
        body = SecondFactorPublic(pending_token=result.pending_token, expires_in=result.expires_in)
        return JSONResponse(body.model_dump(), status_code=202, headers=NO_STORE)
    if isinstance(result, TerminalHandoff):
        return RedirectResponse(result.url, status_code=302, headers=NO_STORE)
    response = _session(result)
    response.delete_cookie(COOKIE, path=f"/v1/oidc/{provider}", secure=True, httponly=True, samesite="lax")
    return response


@router.post("/v1/oidc/{provider}/second-factor", response_model=SessionPublic, responses=_ERRORS)
def oidc_second_factor(provider: Provider, body: SecondFactorCreate, request: Request, oidc: OidcDep,
                       browser: BrowserCookie = "") -> JSONResponse:
    """phigate's TOTP code after a provider's sign-in without a second factor (a role that reads PHI): the
    session, with ``otp`` added to the provider's ``amr``."""
    signed = oidc.second_factor(provider, body.pending_token, body.totp_code, browser or None, _source(request))
    response = _session(signed)
    response.delete_cookie(COOKIE, path=f"/v1/oidc/{provider}", secure=True, httponly=True, samesite="lax")
    return response


@router.post("/v1/oidc/{provider}/handoff", response_model=SessionPublic, responses=_ERRORS)
def oidc_handoff(provider: Provider, body: HandoffCreate, request: Request, oidc: OidcDep) -> JSONResponse:
    """``phigate login --oidc``: the session of the sign-in it started, for the one-time code its loopback
    address received and the verifier of its challenge (and a TOTP code when the redirect asked for one)."""
    return _session(oidc.collect(provider, body.code, body.code_verifier, body.totp_code, _source(request)))
