"""The audit log's secrets, kept sealed by the key manager.

One bundle holds the Ed25519 checkpoint signing key, the key of the per-event MAC (which lets ``verify``
name a forged event exactly, even one appended after the last checkpoint with correctly computed hashes),
and the key of the patient-reference HMAC. The bundle is encrypted with AES-256-GCM under a data key from
``KeyManager.new_data_key("_system", context=b"audit-signing-key")``; the wrapped data key is stored beside
it in the blob store (tenant ``_system``, namespace ``audit-keys``). The public key sits in the record in
clear and is bound into the ciphertext as associated data, so a swapped public key fails to open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from phigate.audit.verifier import key_id
from phigate.errors import AuditError, Error, KeyNotFound, ObjectNotFound
from phigate.models import BlobKey, WrappedKey
from phigate.ports import BlobStore, KeyManager

SYSTEM_TENANT = "_system"
KEY_CONTEXT = b"audit-signing-key"
BUNDLE_KEY = BlobKey(SYSTEM_TENANT, "audit-keys", "bundle-v1")
_AAD = b"phigate.audit.keys.v1\x00"


def event_mac(mac_key: bytes) -> Callable[[bytes], bytes]:
    """The function that computes an event's MAC over its leaf hash: keyed BLAKE2b (a MAC by design). The key
    schedule runs once here; each call copies the keyed state (verify and the writer call it once per event)."""
    keyed = hashlib.blake2b(key=mac_key, digest_size=32, person=b"phigate-audit")

    def mac(leaf: bytes) -> bytes:
        h = keyed.copy()
        h.update(leaf)
        return h.digest()

    return mac


@dataclass(frozen=True, slots=True)
class AuditKeys:
    signing_key: Ed25519PrivateKey = field(repr=False)
    mac_key: bytes = field(repr=False)
    patient_key: bytes = field(repr=False)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()

    @property
    def public_raw(self) -> bytes:
        return self.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        return key_id(self.public_raw)

    def public_pem(self) -> bytes:
        return self.public_key.public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)

    def patient_hash(self, tenant: str | None, reference: str) -> str:
        """A keyed hash of a patient reference, scoped to its tenant: findable, not reversible."""
        msg = b"phigate.audit.patient\x00" + (tenant or "").encode() + b"\x00" + reference.encode()
        return hmac.new(self.patient_key, msg, hashlib.sha256).hexdigest()

    @classmethod
    def generate(cls) -> AuditKeys:
        return cls(Ed25519PrivateKey.generate(), os.urandom(32), os.urandom(32))


def load_or_create_keys(keys: KeyManager, store: BlobStore, *, create: bool = True) -> AuditKeys:
    """Open the sealed bundle, creating it on first use. AuditError if it cannot be opened."""
    try:
        raw = b"".join(store.get_stream(BUNDLE_KEY))
    except ObjectNotFound:
        if not create:
            raise AuditError("the audit signing key does not exist yet") from None
        bundle = AuditKeys.generate()
        store.put_stream(BUNDLE_KEY, [_seal(bundle, keys)])
        return bundle
    except Error as exc:
        raise AuditError("the audit key bundle cannot be read") from exc
    return _open(raw, keys)


def _seal(bundle: AuditKeys, keys: KeyManager) -> bytes:
    try:
        dek = keys.new_data_key(SYSTEM_TENANT, context=KEY_CONTEXT)
    except KeyNotFound:
        keys.rotate(SYSTEM_TENANT)
        dek = keys.new_data_key(SYSTEM_TENANT, context=KEY_CONTEXT)
    seed = bundle.signing_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                            serialization.NoEncryption())
    nonce = os.urandom(12)
    ct = AESGCM(dek.plaintext).encrypt(nonce, seed + bundle.mac_key + bundle.patient_key,
                                       _AAD + bundle.public_raw)
    return json.dumps({"v": 1, "alg": "Ed25519", "public_key": bundle.public_raw.hex(),
                       "wrapped_key": base64.b64encode(dek.wrapped.to_bytes()).decode(),
                       "nonce": nonce.hex(), "ciphertext": ct.hex()}).encode()


def _open(raw: bytes, keys: KeyManager) -> AuditKeys:
    try:
        doc = json.loads(raw)
        if doc.get("v") != 1:
            raise ValueError("version")
        public = bytes.fromhex(doc["public_key"])
        wrapped = WrappedKey.from_bytes(base64.b64decode(doc["wrapped_key"]))
        nonce, ct = bytes.fromhex(doc["nonce"]), bytes.fromhex(doc["ciphertext"])
    except (ValueError, KeyError, TypeError, Error) as exc:
        raise AuditError("the audit key bundle is malformed") from exc
    try:
        dek = keys.unwrap(wrapped, KEY_CONTEXT)
        plain = AESGCM(dek).decrypt(nonce, ct, _AAD + public)
    except (Error, InvalidTag, ValueError) as exc:
        raise AuditError("the audit key bundle cannot be opened") from exc
    bundle = AuditKeys(Ed25519PrivateKey.from_private_bytes(plain[:32]), plain[32:64], plain[64:96])
    if bundle.public_raw != public:
        raise AuditError("the audit key bundle is inconsistent")
    return bundle
