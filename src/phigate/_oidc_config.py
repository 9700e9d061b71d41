"""Settings of enterprise sign-in with OpenID Connect (``[oidc]`` in ``phigate.toml``, ``PHIGATE_OIDC__*``): the
identity providers people may sign in through, each under ``[oidc.providers.<name>]`` (in the environment:
``PHIGATE_OIDC__PROVIDERS`` as JSON). No provider configured: OIDC sign-in is off."""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
# asymmetric algorithms only: a symmetric one would make the client secret a signing key
Algorithm = Literal["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]


def is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


class OidcProviderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issuer: str  # the provider's issuer URL (https; http only on a loopback address); discovery is read from it
    client_id: str = Field(min_length=1, max_length=256)  # phigate's client id at the provider (the ID token's aud)
    client_secret: SecretStr | None = None  # the client secret itself (prefer client_secret_file or _env)
    client_secret_file: Path | None = None  # a file holding the client secret (read at start-up)
    client_secret_env: str | None = None  # the name of an environment variable holding it (read at start-up)
    scopes: list[str] = ["openid", "email"]  # scopes asked for; openid is always added
    tenants: list[str] = Field(min_length=1)  # tenants whose people may sign in through this provider
    tenant_claim: str | None = None  # a claim naming the tenant, for just-in-time provisioning with several tenants
    email_claim: str = "email"  # the claim holding the person's email, matched to phigate's users
    require_email_verified: bool = True  # refuse an ID token whose email_verified claim is not true
    role_claim: str | None = None  # a claim (string or list) mapped through role_map; set: a person must map to a role
    role_map: dict[str, str] = {}  # claim value -> phigate role (clinician, reviewer, auditor, ...)
    jit_provisioning: bool = False  # create an unknown person on first sign-in (needs role_claim); off: refused
    acr_values: list[str] = []  # acr values asked of the provider at sign-in (acr_values parameter)
    mfa_acr: list[str] = []  # acr values that mean the provider checked more than one factor
    mfa_amr: list[str] = ["mfa", "otp", "hwk"]  # amr values (RFC 8176) that mean a second factor was used
    algorithms: list[Algorithm] = ["RS256", "ES256"]  # ID token signature algorithms accepted (none never)
    clock_skew_seconds: int = Field(default=60, ge=0, le=300)  # leeway for exp, iat and auth_time
    max_token_age_seconds: int = Field(default=600, ge=30, le=3600)  # an ID token issued longer ago is refused
    ca_file: Path | None = None  # a CA bundle to trust for the provider (default: the system's)
    timeout_seconds: float = Field(default=10.0, gt=0, le=60)  # per request to the provider

    @field_validator("issuer")
    @classmethod
    def _issuer(cls, value: str) -> str:
        parts = urllib.parse.urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError("the issuer must be an https URL without query or fragment")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ValueError("the issuer must use https (plain http only on a loopback address)")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> OidcProviderSettings:
        given = [self.client_secret, self.client_secret_file, self.client_secret_env]
        if sum(v is not None for v in given) > 1:
            raise ValueError("give one of client_secret, client_secret_file and client_secret_env")
        if self.jit_provisioning and not self.role_claim:
            raise ValueError("jit_provisioning needs role_claim (a new person's role comes from the provider)")
        if "openid" not in self.scopes:
            self.scopes = ["openid", *self.scopes]
        return self


class OidcSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    providers: dict[str, OidcProviderSettings] = {}  # name (a-z, 0-9, _ and -) -> provider
    login_ttl_seconds: int = Field(default=600, ge=60, le=1800)  # how long a started sign-in may take at the provider
    jwks_cache_seconds: int = Field(default=3600, ge=60, le=86400)  # how long discovery and keys are reused
    jwks_refetch_seconds: int = Field(default=60, ge=0, le=3600)  # an unknown key id refetches keys at most this often

    @field_validator("providers")
    @classmethod
    def _names(cls, value: dict[str, OidcProviderSettings]) -> dict[str, OidcProviderSettings]:
        for name in value:
            if not _NAME.fullmatch(name):
                raise ValueError("a provider name is 1-32 characters of a-z, 0-9, _ and -")
        return value
