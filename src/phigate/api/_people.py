"""People's sign-in over HTTP (JSON bodies; every answer ``Cache-Control: no-store``):

- ``POST /v1/auth/enrol``: the first password, with the one-time enrolment secret the administrator was shown;
- ``POST /v1/auth/totp`` then ``POST /v1/auth/totp/verify``: enrol a TOTP authenticator (the ``otpauth://`` URI
  is in the first answer only) and confirm it with a first code;
- ``POST /v1/auth/login``: password and TOTP code -> an access token (``acr``, ``amr``, ``auth_time``) and a
  refresh token of a session; ``POST /v1/auth/refresh`` rotates them; ``POST /v1/auth/logout`` ends the session;
- ``POST /v1/auth/password-reset`` (same answer whether or not the account exists) and ``.../confirm``.

Routes are thin: parse, one ``SignInService`` call, respond."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from phigate.api._deps import CurrentPrincipal
from phigate.api._schemas import AUTH_ERRORS, COMMON_ERRORS, errors
from phigate.errors import ServiceUnavailable
from phigate.services.sign_in import SignedIn, SignInService

router = APIRouter(tags=["people"])
# sign-in steps need no bearer token; each can refuse the credentials, the state of the person or the body
_PUBLIC_ERRORS = {**errors(400, 401, 403, 404, 409, 410, 413), **COMMON_ERRORS}
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}

Email = Annotated[StrictStr, Field(min_length=3, max_length=320)]
Password = Annotated[StrictStr, Field(min_length=1, max_length=256)]
Code = Annotated[StrictStr, Field(min_length=1, max_length=16)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WebAuthnAnswer(_Body):
    ceremony_id: Annotated[StrictStr, Field(min_length=1, max_length=64)]
    credential: dict[str, Any]  # the browser's PublicKeyCredential as JSON (base64url fields)


class LoginCreate(_Body):
    email: Email
    password: Password
    totp_code: Code | None = None
    webauthn: WebAuthnAnswer | None = None


class RefreshCreate(_Body):
    refresh_token: Annotated[StrictStr, Field(min_length=1, max_length=128)]


class EnrolCreate(_Body):
    email: Email
    enrolment_secret: Annotated[StrictStr, Field(min_length=1, max_length=128)]
    password: Password


class TotpCreate(_Body):
    email: Email
    password: Password


class TotpVerifyCreate(TotpCreate):
    code: Code


class WebAuthnOptionsCreate(_Body):
    email: Email
    password: Password
    purpose: Literal["register", "login"]


class WebAuthnRegisterCreate(WebAuthnAnswer):
    email: Email
    password: Password


class WebAuthnOptionsPublic(BaseModel):
    ceremony_id: str
    options: dict[str, Any]


class ResetCreate(_Body):
    email: Email


class ResetConfirmCreate(_Body):
    reset_token: Annotated[StrictStr, Field(min_length=1, max_length=128)]
    password: Password


class SessionPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int
    refresh_token: str
    session_expires_at: int


class EnrolPublic(BaseModel):
    user_id: str
    second_factor_required: bool


class TotpPublic(BaseModel):
    otpauth_uri: str


def _sign_in(request: Request) -> SignInService:
    service: SignInService | None = getattr(request.app.state.services, "sign_in", None)
    if service is None:
        raise ServiceUnavailable("people's sign-in is not configured on this server")
    return service


SignInDep = Annotated[SignInService, Depends(_sign_in)]


def _source(request: Request) -> str | None:
    ctx = getattr(request.state, "request_context", None)
    return getattr(ctx, "source_addr", None) or (request.client.host if request.client else None)


def _session(signed: SignedIn) -> JSONResponse:
    body = SessionPublic(access_token=signed.access.token, expires_in=signed.access.expires_in,
                         refresh_token=signed.refresh_token, session_expires_at=int(signed.session_expires_at))
    return JSONResponse(body.model_dump(), headers=NO_STORE)


@router.post("/v1/auth/login", response_model=SessionPublic, responses=_PUBLIC_ERRORS)
def login(body: LoginCreate, request: Request, sign_in: SignInDep) -> JSONResponse:
    """Password and TOTP code (required for every role that reads PHI): a session."""
    assertion = (body.webauthn.ceremony_id, body.webauthn.credential) if body.webauthn is not None else None
    return _session(sign_in.login(body.email, body.password, body.totp_code, _source(request), assertion))


@router.post("/v1/auth/refresh", response_model=SessionPublic, responses=_PUBLIC_ERRORS)
def refresh(body: RefreshCreate, sign_in: SignInDep) -> JSONResponse:
    """A new access token and refresh token for a live session (the refresh token given stops working)."""
    return _session(sign_in.refresh(body.refresh_token))


@router.post("/v1/auth/logout", status_code=204, responses=AUTH_ERRORS)
def logout(principal: CurrentPrincipal, sign_in: SignInDep) -> Response:
    """End the caller's session: its access and refresh tokens stop working at once."""
    sign_in.logout(principal)
    return Response(status_code=204, headers=NO_STORE)


@router.post("/v1/auth/enrol", response_model=EnrolPublic, responses=_PUBLIC_ERRORS)
def enrol(body: EnrolCreate, request: Request, sign_in: SignInDep) -> JSONResponse:
    """Set the first password with the one-time enrolment secret (which is then used up)."""
    user = sign_in.enrol(body.email, body.enrolment_secret, body.password, _source(request))
    out = EnrolPublic(user_id=user.id, second_factor_required=user.needs_second_factor)
    return JSONResponse(out.model_dump(), headers=NO_STORE)


@router.post("/v1/auth/totp", response_model=TotpPublic, status_code=201, responses=_PUBLIC_ERRORS)
def start_totp(body: TotpCreate, request: Request, sign_in: SignInDep) -> JSONResponse:
    """A TOTP secret for the authenticator app: the ``otpauth://`` URI, in this answer only."""
    uri = sign_in.start_totp(body.email, body.password, _source(request))
    return JSONResponse(TotpPublic(otpauth_uri=uri).model_dump(), status_code=201, headers=NO_STORE)


@router.post("/v1/auth/totp/verify", status_code=204, responses=_PUBLIC_ERRORS)
def verify_totp(body: TotpVerifyCreate, request: Request, sign_in: SignInDep) -> Response:
    """The authenticator's first code: the second factor is verified, and sign-in requires it from now on."""
    sign_in.confirm_totp(body.email, body.password, body.code, _source(request))
    return Response(status_code=204, headers=NO_STORE)


@router.post("/v1/auth/password-reset", status_code=202, responses=_PUBLIC_ERRORS)
def request_reset(body: ResetCreate, sign_in: SignInDep) -> JSONResponse:
    """Ask for a reset token by email. The answer is the same whether or not the account exists."""
    sign_in.request_reset(body.email)
    return JSONResponse({"status": "accepted"}, status_code=202, headers=NO_STORE)


@router.post("/v1/auth/password-reset/confirm", status_code=204, responses=_PUBLIC_ERRORS)
def confirm_reset(body: ResetConfirmCreate, sign_in: SignInDep) -> Response:
    """Set a new password with a reset token (single use); every session of the user ends. The second factor
    is unchanged: signing in still needs it."""
    sign_in.reset_password(body.reset_token, body.password)
    return Response(status_code=204, headers=NO_STORE)


@router.post("/v1/auth/webauthn/options", response_model=WebAuthnOptionsPublic, responses=_PUBLIC_ERRORS)
def webauthn_options(body: WebAuthnOptionsCreate, request: Request, sign_in: SignInDep) -> JSONResponse:
    """Options for ``navigator.credentials.create()`` (``purpose: register``, while no second factor is
    enrolled) or ``.get()`` (``login``), and the ceremony id to answer with (its challenge works once)."""
    ceremony, options = sign_in.webauthn_options(body.email, body.password, body.purpose, _source(request))
    out = WebAuthnOptionsPublic(ceremony_id=ceremony, options=options)
    return JSONResponse(out.model_dump(), headers=NO_STORE)


@router.post("/v1/auth/webauthn/register", status_code=204, responses=_PUBLIC_ERRORS)
def webauthn_register(body: WebAuthnRegisterCreate, request: Request, sign_in: SignInDep) -> Response:
    """The authenticator's attestation: it becomes the user's second factor (sign in with ``webauthn``)."""
    sign_in.webauthn_register(body.email, body.password, body.ceremony_id, body.credential, _source(request))
    return Response(status_code=204, headers=NO_STORE)
