"""Annotated dependencies: the services built at start-up, and the authenticated caller."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Protocol

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from phigate import context
from phigate.errors import Unauthenticated
from phigate.models import Principal
from phigate.services.intake import AuthService, IntakeService


class Services(Protocol):
    """What the API needs from the runtime the registry built (``registry.Runtime`` satisfies it)."""

    auth: AuthService
    intake: IntakeService

    def readiness(self) -> dict[str, str]: ...


async def _services(request: Request) -> Services:  # async: no I/O, so no trip through the thread pool
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(_services)]


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("a bearer access token is required")
    return token.strip()


# declares the bearer scheme on every authenticated route of the OpenAPI document; the check is ours (one error
# body, 401 with WWW-Authenticate), so the scheme never answers by itself
_BEARER = HTTPBearer(auto_error=False, scheme_name="bearer",
                     description="An access token from POST /v1/auth/token (OAuth 2.0 client credentials).")


def _principal(request: Request, services: ServicesDep,
               _declared: Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)]) -> Principal:
    return _authenticate(request, services, bearer_token(request))


def _authenticate(request: Request, services: Services, token: str) -> Principal:
    principal = services.auth.principal(token)
    context.authenticated(principal)  # the request's audit events name its kind (user, service)
    request.state.principal_id = principal.id  # for the request log (an id, never a name)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(_principal)]


async def _deferred(request: Request, services: ServicesDep,
                    _declared: Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)],
                    ) -> Callable[[], Principal]:
    """The caller's authentication, to be run by the use case in the worker thread it runs in anyway (the
    token's presence is checked here, on the loop; the token and the account's row there): one trip through the
    thread pool instead of two, for the routes that count their milliseconds."""
    return functools.partial(_authenticate, request, services, bearer_token(request))


DeferredPrincipal = Annotated[Callable[[], Principal], Depends(_deferred)]
"""``CurrentPrincipal``'s check, run when called: a missing token is refused before the route, a bad or revoked
one when the use case calls it (the same ``Unauthenticated``, the same 401)."""
