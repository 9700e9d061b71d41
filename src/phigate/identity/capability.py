"""Upload capabilities: an HMAC over everything a signed URL permits, so the URL itself is the permission.

The MAC covers {upload id, tenant, method, max bytes, allowed media types, expiry}. The server recomputes it
from its own record of the session, so changing any of them (or using the URL for another upload) fails.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

from phigate.errors import Forbidden


@dataclass(frozen=True, slots=True)
class Capability:
    upload_id: str
    tenant: str
    method: str
    max_bytes: int
    media_types: tuple[str, ...]
    expires_at: int

    def canonical(self) -> bytes:
        return json.dumps({"upload_id": self.upload_id, "tenant": self.tenant, "method": self.method.upper(),
                           "max_bytes": self.max_bytes, "media_types": sorted(self.media_types),
                           "expires_at": self.expires_at}, separators=(",", ":"), sort_keys=True).encode()


class CapabilitySigner:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, cap: Capability) -> str:
        mac = hmac.new(self._key, cap.canonical(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    def verify(self, cap: Capability, signature: str) -> None:
        """Forbidden unless ``signature`` is this capability's MAC (constant-time comparison)."""
        if not hmac.compare_digest(self.sign(cap).encode(), signature.encode("utf-8", "replace")[:128]):
            raise Forbidden("the upload signature is not valid for this request")
