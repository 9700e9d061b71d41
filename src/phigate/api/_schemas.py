"""Request (``*Create``) and response (``*Public``) schemas. Responses never carry PHI: no filename, no patient
reference; those are accepted on the way in and sealed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt

from phigate.models import SensitivityLabel
from phigate.services.intake import DECLARABLE_MEDIA_TYPES

# the largest number any parameter may carry: well inside a signed 64-bit column on every database
MAX_NUMBER = 2**62
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")


def _whole_number(value: Any) -> Any:
    """JSON Schema counts ``966.0`` as an integer; anything else goes on to the strict integer check."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _rfc3339(value: Any) -> Any:
    """Only an RFC 3339 date-time with its offset: pydantic would otherwise read ``0.5`` as a Unix time."""
    if isinstance(value, str) and _RFC3339.fullmatch(value):
        return value
    raise ValueError("expected an RFC 3339 date-time with a time zone (e.g. 2026-01-02T03:04:05Z)")


def _digits(value: Any) -> Any:
    """A header number is plain ASCII digits (pydantic alone would take ``1_000`` or `` 12``)."""
    if isinstance(value, str) and 0 < len(value) <= 19 and value.isascii() and value.isdigit():
        return int(value)
    raise ValueError("expected a non-negative decimal integer")


def _any_case(text: str) -> str:
    """``text`` as a regex of any letter case, valid in both Python and ECMA-262 (JSON Schema) syntax."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else f"\\{c}" if c in ".+" else c for c in text)


# an accepted media type in any letter case, optionally with parameters (``Text/Plain; charset=utf-8``)
MEDIA_TYPE_PATTERN = (r"^[ \t]*(?:" + "|".join(_any_case(t) for t in DECLARABLE_MEDIA_TYPES) +
                      r")[ \t]*(?:;[ -~]*)?$")
# the bounds sit inside the validator, so that the schema states them as minimum/maximum
HeaderLength = Annotated[int, Field(ge=1, le=MAX_NUMBER), BeforeValidator(_digits)]
HeaderOffset = Annotated[int, Field(ge=0, le=MAX_NUMBER), BeforeValidator(_digits)]
UploadSize = Annotated[StrictInt, Field(ge=1, le=MAX_NUMBER), BeforeValidator(_whole_number)]
Timestamp = Annotated[dt.datetime, BeforeValidator(_rfc3339)]


REASONS_HELP = "why the document is where it is, for people: `code: detail` (never document content)"
REASON_CODES_HELP = "the same reasons' stable codes, in the same order, for programs"


class UploadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: str = Field(min_length=1, max_length=1024)
    # the schema states the pattern; the service refuses any other type with 415
    media_type: str = Field(max_length=255, json_schema_extra={"pattern": MEDIA_TYPE_PATTERN},
                            description="one of: " + ", ".join(DECLARABLE_MEDIA_TYPES))
    size: UploadSize = Field(description="bytes; at most this server's upload limit")
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    patient_ref: str | None = Field(default=None, max_length=256)
    ai_consent: StrictBool = False
    labels: list[SensitivityLabel] = Field(default_factory=list, max_length=4, description=(
        "sensitivity labels: reading the document then needs an explicit grant of each "
        "(part2 = 42 CFR Part 2 substance use, hiv, behavioral_health, reproductive_health)"))


class UploadPublic(BaseModel):
    upload_id: str
    put_url: str
    tus_url: str
    expires_at: str


class UploadStatusPublic(BaseModel):
    upload_id: str
    status: str = Field(description="open | complete | failed | expired | terminated")
    state: str | None = Field(description="the document's pipeline state, once the upload completed")
    verdict: str | None
    reasons: list[str] = Field(description=REASONS_HELP)
    reason_codes: list[str] = Field(description=REASON_CODES_HELP)
    size: int
    received: int
    expires_at: str


class DocumentPublic(BaseModel):
    """A stored document's record: ids, states, verdicts, counts; never its text, filename or patient."""

    id: str
    state: str
    verdict: str | None
    reasons: list[str] = Field(description=REASONS_HELP)
    reason_codes: list[str] = Field(description=REASON_CODES_HELP)
    media_type: str
    size: int
    sha256: str | None
    scanners: list[dict[str, Any]]
    scan_flags: list[dict[str, Any]]
    pages: int | None
    ocr_pages: int | None
    # a policy obligation may mask these for a reader (the shipped pack: AI readers): then null
    findings: list[dict[str, Any]] | None = None
    hidden_text: int
    phi: dict[str, int] | None = Field(default=None, description="counts of PHI spans by type")
    labels: list[str] = Field(default_factory=list, description="sensitivity labels: reading needs a grant of each")
    proposed_labels: list[str] = Field(default_factory=list, description=(
        "labels the analysis proposed, not yet confirmed or dismissed: they restrict reads as labels do"))
    created_at: float
    updated_at: float


class DocumentTextPublic(BaseModel):
    id: str
    view: str = Field(description="deidentified | full")
    text: str


class ErasurePublic(BaseModel):
    id: str
    state: str = Field(description="always erased")
    destroyed: list[str] = Field(description="the artifacts that were crypto-shredded")


class AuditEventsPublic(BaseModel):
    events: list[dict[str, Any]] = Field(description="audit records, oldest first (docs/audit.md)")
    next_after: int | None = Field(description="pass as ?after= to continue; null on the last page")


class AuditCheckpointsPublic(BaseModel):
    checkpoints: list[dict[str, Any]] = Field(description="signed checkpoints, newest first")


class AuditProofPublic(BaseModel):
    event: dict[str, Any]
    tree_size: int
    path: list[str] = Field(description="the RFC 9162 inclusion path, hex")
    checkpoint: dict[str, Any]


class HealthPublic(BaseModel):
    status: str


class ReadyPublic(BaseModel):
    status: str
    checks: dict[str, str] = Field(description="component: ok | not_configured | a failure code")


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


class ErrorBody(BaseModel):
    code: str = Field(description="stable, for programs (e.g. not_found, invalid_request)")
    message: str = Field(description="for people; never contains PHI")


class ErrorPublic(BaseModel):
    error: ErrorBody


_WHEN = {400: "the request is malformed (e.g. the body is not valid JSON, or a value the service refuses)",
         401: "a bearer access token is required, or it is invalid, expired or revoked",
         403: "the token lacks a scope this needs, or may not act on this resource",
         404: "no such resource for this tenant",
         408: "the request body stalled; nothing was kept",
         409: "the resource is in a state that does not allow this",
         410: "the resource is gone (erased, expired or finished)",
         412: "Tus-Resumable is missing or not 1.0.0",
         413: "the body or the declared size is over the limit",
         415: "the media type is not accepted",
         422: "a parameter or the body does not match this schema",
         429: "too many requests (see Retry-After)",
         460: "Upload-Checksum does not match the body (tus checksum extension)",
         502: "the model server failed or refused the call; nothing was returned",
         503: "a component this needs (database, key manager, blob store, audit log) is unavailable"}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses a route can return, each with the error body schema."""
    return {status: {"model": ErrorPublic, "description": _WHEN[status]} for status in statuses}


# every route can be rate limited (per source), refuse a malformed parameter, or miss a component
COMMON_ERRORS = errors(422, 429, 503)
# and every route behind a bearer token can refuse it
AUTH_ERRORS = {**errors(401, 403), **COMMON_ERRORS}
