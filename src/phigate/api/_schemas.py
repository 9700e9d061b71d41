"""Request (``*Create``) and response (``*Public``) schemas. Responses never carry PHI: no filename, no patient
reference; those are accepted on the way in and sealed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt

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


HeaderInt = Annotated[int, BeforeValidator(_digits)]
JsonInt = Annotated[StrictInt, BeforeValidator(_whole_number)]
Timestamp = Annotated[dt.datetime, BeforeValidator(_rfc3339)]


class UploadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: str = Field(min_length=1, max_length=1024)
    media_type: str = Field(min_length=1, max_length=255)
    size: JsonInt = Field(ge=1, le=MAX_NUMBER)
    sha256: str | None = Field(default=None, min_length=64, max_length=64)
    patient_ref: str | None = Field(default=None, max_length=256)
    ai_consent: StrictBool = False


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
    reasons: list[str]
    size: int
    received: int
    expires_at: str


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorPublic(BaseModel):
    error: ErrorBody
