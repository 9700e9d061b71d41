"""The model and vendor registry: each model phigate exposes is a deployment (vendor, service, upstream model,
region, data-retention setting) with a risk class and whether PHI may be sent; a business associate agreement
(BAA) covers exactly one deployment between its effective and expiry dates. A model may receive PHI (surrogates
that map back to originals) only while a live BAA covers its exact tuple."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from phigate.errors import InputError

EXPIRY_WARNING_DAYS = 30
_FIELD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/@+-]{0,127}$")


class Risk(enum.StrEnum):
    """``high``: every answer waits in the review queue for a person (clinical recommendations, say)."""

    LOW = "low"
    HIGH = "high"


class ModelKind(enum.StrEnum):
    CHAT = "chat"
    EMBEDDINGS = "embeddings"


class PauseScope(enum.StrEnum):
    """What a kill switch stops: every AI call, one tenant's, or one model's."""

    GLOBAL = "global"
    TENANT = "tenant"
    MODEL = "model"


def field_value(value: str, what: str) -> str:
    """A catalog field: 1-128 characters of letters, digits and ``_ . : / @ + -`` (ids, never PHI)."""
    if not isinstance(value, str) or not _FIELD.fullmatch(value):
        raise InputError(f"invalid {what}: 1-128 characters of A-Z a-z 0-9 _ . : / @ + -")
    return value


@dataclass(frozen=True, slots=True)
class Deployment:
    """The exact tuple a BAA covers: a different region or retention setting is a different deployment."""

    vendor: str
    service: str
    upstream_model: str
    region: str
    retention: str

    def __post_init__(self) -> None:
        for name in ("vendor", "service", "upstream_model", "region", "retention"):
            field_value(getattr(self, name), name.replace("_", " "))


@dataclass(frozen=True, slots=True)
class Baa:
    id: str
    deployment: Deployment
    effective: dt.date
    expires: dt.date

    def __post_init__(self) -> None:
        field_value(self.id, "BAA id")
        if self.expires < self.effective:
            raise InputError("a BAA expires after it takes effect")

    def live(self, today: dt.date) -> bool:
        return self.effective <= today <= self.expires


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """A model as callers name it (``name``), where it runs and how it is reached. ``api_key_env`` names the
    environment variable of the serving process that holds the upstream key: the catalog never stores it."""

    name: str
    deployment: Deployment
    base_url: str
    kind: ModelKind = ModelKind.CHAT
    risk: Risk = Risk.LOW
    phi_allowed: bool = False
    api_key_env: str | None = None
    created_at: float = 0.0
    created_by: str = ""

    def __post_init__(self) -> None:
        field_value(self.name, "model name")
        if not re.fullmatch(r"https?://[^\s?#]{1,500}", self.base_url or ""):
            raise InputError("a model's base URL is an http(s) URL without query or fragment")
        if self.api_key_env is not None and not re.fullmatch(r"[A-Z_][A-Z0-9_]{0,127}", self.api_key_env):
            raise InputError("the API key variable is an environment variable name (A-Z 0-9 _)")


def covering_baa(model: ModelEntry, baas: Iterable[Baa], today: dt.date) -> Baa | None:
    """The live BAA covering the model's exact deployment (the one expiring last), or None."""
    live = [b for b in baas if b.deployment == model.deployment and b.live(today)]
    return max(live, key=lambda b: (b.expires, b.id)) if live else None


def expiring(baas: Iterable[Baa], today: dt.date, days: int = EXPIRY_WARNING_DAYS) -> list[Baa]:
    """The live BAAs that expire within ``days`` days: the alert to renew them (or stop sending PHI)."""
    horizon = today + dt.timedelta(days=days)
    return sorted((b for b in baas if b.live(today) and b.expires <= horizon), key=lambda b: (b.expires, b.id))
