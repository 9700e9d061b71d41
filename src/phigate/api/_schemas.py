"""Request (``*Create``) and response (``*Public``) schemas. Responses never carry PHI: no filename, no patient
reference; those are accepted on the way in and sealed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt


class UploadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: str = Field(min_length=1, max_length=1024)
    media_type: str = Field(min_length=1, max_length=255)
    size: StrictInt = Field(ge=1)
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
