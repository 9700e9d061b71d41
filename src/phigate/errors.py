"""One error base for everything phigate raises on purpose.

Every error has a stable ``code`` (for clients and logs), an HTTP ``status`` and a ``diagnostics()`` text that
is safe to show: it never contains PHI (no filenames, no document text, no patient references). The original
exception, when there is one, is chained with ``raise ... from exc`` and never shown outside ``-v``.
"""

from __future__ import annotations


class Error(Exception):
    """Base of every deliberate phigate failure."""

    code: str = "error"
    status: int = 500

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.__class__.__doc__ or self.code
        super().__init__(self.message)

    def diagnostics(self) -> str:
        """A human-readable explanation that contains no PHI."""
        return self.message


# --- configuration -----------------------------------------------------------------------------------------


class ConfigError(Error):
    """The configuration is invalid or a configured component cannot start."""

    code = "config_error"
    status = 500


# --- cryptography and keys ---------------------------------------------------------------------------------


class CryptoError(Error):
    """A cryptographic operation failed."""

    code = "crypto_error"
    status = 500


class InvalidCiphertext(CryptoError):
    """The ciphertext could not be authenticated: it is corrupt, truncated, tampered with or bound to another
    object or tenant. The same error for every cause, so that no error is an oracle."""

    code = "invalid_ciphertext"
    status = 500

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "ciphertext failed authentication (corrupt, truncated, tampered or misbound)")


class UnsupportedFormat(CryptoError):
    """The encrypted object uses a format version this phigate does not know."""

    code = "unsupported_format"


class KeyManagementError(Error):
    """The key manager could not perform the operation."""

    code = "key_error"
    status = 503


class KeyUnavailable(KeyManagementError):
    """A key could not be loaded or unwrapped (missing or wrong master key, HSM absent, KMS unreachable)."""

    code = "key_unavailable"
    status = 503


class KeyShredded(KeyManagementError):
    """The key was destroyed on purpose: the data it protected is permanently unrecoverable."""

    code = "key_shredded"
    status = 410


class KeyNotFound(KeyManagementError):
    """No such key (tenant or version) exists."""

    code = "key_not_found"
    status = 404


# --- storage -----------------------------------------------------------------------------------------------


class StorageError(Error):
    """The blob store failed."""

    code = "storage_error"
    status = 503


class ObjectNotFound(StorageError):
    """No object is stored under that key."""

    code = "object_not_found"
    status = 404


class ObjectLocked(StorageError):
    """The object is under retention or legal hold and cannot be deleted or weakened."""

    code = "object_locked"
    status = 409


class InvalidKey(StorageError):
    """An object key or one of its parts is not acceptable (empty, too long, or unsafe characters)."""

    code = "invalid_key"
    status = 400


# --- requests, identity and policy -------------------------------------------------------------------------


class InputError(Error):
    """The request is malformed."""

    code = "bad_request"
    status = 400


class PayloadTooLarge(InputError):
    """The body is larger than allowed."""

    code = "payload_too_large"
    status = 413


class UnsupportedMediaType(InputError):
    """The content type is not allowed, or the bytes do not match the declared type."""

    code = "unsupported_media_type"
    status = 415


class Unprocessable(InputError):
    """The request is well-formed but cannot be processed."""

    code = "unprocessable"
    status = 422


class Unauthenticated(Error):
    """Missing, expired or invalid credentials."""

    code = "unauthenticated"
    status = 401


class StepUpRequired(Unauthenticated):
    """RFC 9470: the person is signed in, but not strongly or recently enough for this action; sign in again
    (with a second factor) and retry. The API answers 401 with a ``WWW-Authenticate`` challenge naming the
    ``acr_values`` and ``max_age`` required."""

    code = "insufficient_user_authentication"

    def __init__(self, message: str | None = None, *, acr_values: tuple[str, ...] = (),
                 max_age: int | None = None) -> None:
        super().__init__(message)
        self.acr_values, self.max_age = acr_values, max_age

    def challenge(self) -> str:
        """The ``WWW-Authenticate`` value (RFC 9470 section 3)."""
        parts = ['Bearer error="insufficient_user_authentication"',
                 'error_description="a stronger or more recent authentication is required"']
        if self.acr_values:
            parts.append(f'acr_values="{" ".join(self.acr_values)}"')
        if self.max_age is not None:
            parts.append(f'max_age="{self.max_age}"')
        return ", ".join(parts)


class Forbidden(Error):
    """The caller is authenticated but not allowed to do this."""

    code = "forbidden"
    status = 403


class PurposeRequired(Forbidden):
    """A read of PHI must name its purpose of use (an HL7 PurposeOfUse code such as TREAT). A refusal of the
    policy (403, like every deny), not a malformed request: whether a purpose is needed depends on the view, the
    document and the reader."""

    code = "purpose_required"


class DeidentifiedOnly(Forbidden):
    """This purpose of use (research) gets de-identified views only."""

    code = "deidentified_only"


class ConsentRefused(Forbidden):
    """The patient did not consent to AI processing of this document."""

    code = "consent_refused"


class LabelRequired(Forbidden):
    """The document carries a sensitivity label this person was not granted."""

    code = "label_required"


class SelfApproval(Forbidden):
    """A re-identification request is approved by two people other than the one who asked for it."""

    code = "self_approval"


class DuplicateApproval(Forbidden):
    """Each approval of a re-identification request comes from a different person."""

    code = "duplicate_approval"


class NotFound(Error):
    """No such resource (or one the caller may not know about)."""

    code = "not_found"
    status = 404


class UnknownTenant(NotFound):
    """The tenant named is not registered (``phigate tenants add``): nothing is created for a mistyped tenant."""

    code = "unknown_tenant"


class Conflict(Error):
    """The request conflicts with the resource's current state."""

    code = "conflict"
    status = 409


class Gone(Error):
    """The resource or capability existed but has expired or been used."""

    code = "gone"
    status = 410


class GrantUsed(Gone):
    """A re-identification grant is used once; it was used already."""

    code = "grant_used"


class GrantExpired(Gone):
    """The re-identification request or its grant expired before it was approved or used."""

    code = "grant_expired"


class ApprovalPending(Conflict):
    """The re-identification request does not have its approvals yet."""

    code = "approval_pending"


class RateLimited(Error):
    """Too many requests."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str | None = None, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)  # seconds, sent as Retry-After


class ServiceUnavailable(Error):
    """A component phigate depends on is unavailable; nothing was done."""

    code = "unavailable"
    status = 503


# --- audit -------------------------------------------------------------------------------------------------


class AuditError(ServiceUnavailable):
    """The audit event could not be written, so the operation it describes was not performed."""

    code = "audit_unavailable"
    status = 503


# --- scanning and extraction -------------------------------------------------------------------------------


class ScanError(Error):
    """A scanner failed; the document stays in quarantine as unscannable."""

    code = "scan_error"
    status = 503


class ExtractionError(Error):
    """Text could not be extracted from a document."""

    code = "extraction_error"
    status = 422


class PhiError(Error):
    """The PHI engine could not process the input."""

    code = "phi_error"
    status = 422


class MalformedDocument(ExtractionError):
    """The document is corrupt, truncated or does not follow its format, so no text could be extracted."""

    code = "malformed_document"
    status = 422


class ExtractionLimitExceeded(ExtractionError):
    """The document exceeds an extraction limit (pages, frames, pixels, size or nesting), so it was refused
    rather than analysed in part."""

    code = "extraction_limit"
    status = 413


class UnsupportedDocumentType(ExtractionError):
    """No extractor handles this media type."""

    code = "unsupported_document_type"
    status = 415


class ProtectedDocument(ExtractionError):
    """The document is encrypted or password-protected, so its content cannot be read."""

    code = "protected_document"
    status = 422


class OcrUnavailable(ExtractionError):
    """The OCR engine is missing, failed or timed out; the page could not be read."""

    code = "ocr_unavailable"


class ScannerUnavailable(ScanError):
    """A configured scanner cannot be reached or loaded (clamd down, YARA rules that do not compile)."""

    code = "scanner_unavailable"
    status = 503


# --- intake --------------------------------------------------------------------------------------------------


class ChecksumMismatch(InputError):
    """The bytes received do not match the declared checksum; nothing was kept."""

    code = "checksum_mismatch"
    status = 460  # tus 1.0.0 checksum extension


class RequestTimeout(InputError):
    """The request body stalled for too long; nothing was kept."""

    code = "request_timeout"
    status = 408


class DigestMismatch(Unprocessable):
    """The whole upload does not match its declared sha256; nothing was kept."""

    code = "sha256_mismatch"
    status = 422


# --- the AI gateway ----------------------------------------------------------------------------------------


class AiPaused(ServiceUnavailable):
    """AI calls are paused by a kill switch (global, this tenant's or this model's); nothing was sent."""

    code = "ai_paused"
    status = 503


class UpstreamError(ServiceUnavailable):
    """The model server failed, timed out or refused; nothing was returned."""

    code = "upstream_unavailable"
    status = 502


class UpstreamCircuitOpen(UpstreamError):
    """The model server failed repeatedly; calls to it are refused for a while without trying."""

    code = "upstream_circuit_open"
    status = 503


class BaaRequired(Forbidden):
    """No live BAA covers this model's exact deployment, so no PHI may be sent to it."""

    code = "baa_required"


class PromptInjection(Forbidden):
    """A referenced document carries instructions aimed at the model (or hidden text); nothing was sent."""

    code = "prompt_injection"


class AnswerHeld(Forbidden):
    """The answer carried PHI the output policy holds back; nothing was returned."""

    code = "answer_held"


class ModelNotFound(NotFound):
    """No model of that name is registered (``phigate models list``)."""

    code = "model_not_found"
