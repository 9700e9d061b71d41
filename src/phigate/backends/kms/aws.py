"""Key manager on AWS KMS (or any endpoint speaking its API).

Each tenant KEK version is its own symmetric KMS key, found by alias ``<prefix>/<tenant>/v<n>``. Data keys come
from GenerateDataKey and are unwrapped with Decrypt, both with an encryption context binding tenant and object;
rewrap is ReEncrypt (the data key never reaches phigate). Shredding disables every version at once and schedules
its deletion (KMS's minimum waiting period is 7 days; data is unreadable from the moment of disabling).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from phigate.errors import ConfigError, InvalidCiphertext, KeyNotFound, KeyShredded, KeyUnavailable
from phigate.models import DataKey, KekStatus, WrappedKey, validate_id

_GONE_STATES = {"PendingDeletion", "Disabled", "PendingReplicaDeletion"}


def _alias_part(tenant: str) -> str:
    # KMS aliases allow [A-Za-z0-9/_-]; escape everything else injectively
    return re.sub(r"[^A-Za-z0-9-]", lambda m: f"_{ord(m.group()):02x}", tenant)


class AwsKmsKeyManager:
    """``KeyManager`` on AWS KMS."""

    name = "aws-kms"

    def __init__(self, *, endpoint_url: str | None = None, region: str = "us-east-1",
                 alias_prefix: str = "alias/phigate", client: Any = None) -> None:
        if not alias_prefix.startswith("alias/"):
            raise ConfigError("keys.kms_alias_prefix must start with 'alias/'")
        self._prefix = alias_prefix.rstrip("/")
        self._kms = client or boto3.client(
            "kms", endpoint_url=endpoint_url, region_name=region,
            config=Config(retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=3, read_timeout=10))
        self.check()

    def _alias(self, tenant: str, version: int) -> str:
        return f"{self._prefix}/{_alias_part(tenant)}/v{version}"

    def _call(self, fn: Any, *, denied_means_invalid: bool = False, **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            invalid = {"InvalidCiphertextException", "IncorrectKeyException"}
            if denied_means_invalid:
                # Decrypt under a key the ciphertext was not made with: some endpoints answer AccessDenied
                invalid.add("AccessDeniedException")
            if code in invalid:
                raise InvalidCiphertext() from exc
            if code in {"DisabledException", "KMSInvalidStateException"}:
                raise KeyShredded("this tenant's key was shredded (disabled and scheduled for deletion): "
                                  "its data is permanently unrecoverable") from exc
            if code == "NotFoundException":
                raise KeyNotFound("no such KMS key") from exc
            raise KeyUnavailable(f"KMS refused the request ({code or 'error'})") from exc
        except BotoCoreError as exc:
            raise KeyUnavailable(f"KMS is unreachable ({type(exc).__name__})") from exc

    def _versions(self, tenant: str) -> dict[int, str]:
        """version -> key id, from the tenant's aliases."""
        base = f"{self._prefix}/{_alias_part(tenant)}/v"
        out: dict[int, str] = {}
        paginator = self._kms.get_paginator("list_aliases")
        try:
            for page in paginator.paginate():
                for alias in page.get("Aliases", []):
                    name = alias.get("AliasName", "")
                    if name.startswith(base) and name[len(base):].isdigit() and alias.get("TargetKeyId"):
                        out[int(name[len(base):])] = alias["TargetKeyId"]
        except (ClientError, BotoCoreError) as exc:
            raise KeyUnavailable(f"KMS is unreachable ({type(exc).__name__})") from exc
        return out

    def _state(self, key_id: str) -> str:
        return str(self._call(self._kms.describe_key, KeyId=key_id)["KeyMetadata"]["KeyState"])

    def _create(self, tenant: str, version: int) -> None:
        key_id = self._call(self._kms.create_key, KeySpec="SYMMETRIC_DEFAULT", KeyUsage="ENCRYPT_DECRYPT",
                            Description=f"phigate KEK tenant={tenant} version={version}",
                            Tags=[{"TagKey": "phigate-tenant", "TagValue": tenant}])["KeyMetadata"]["KeyId"]
        self._call(self._kms.create_alias, AliasName=self._alias(tenant, version), TargetKeyId=key_id)

    def _current(self, tenant: str, create: bool) -> int:
        versions = self._versions(validate_id(tenant, "tenant"))
        if versions:
            newest = max(versions)
            if self._state(versions[newest]) in _GONE_STATES:
                raise KeyShredded(f"the keys of tenant {tenant} were shredded: its data is permanently unrecoverable")
            return newest
        if not create:
            raise KeyNotFound(f"tenant {tenant} has no key")
        self._create(tenant, 1)
        return 1

    @staticmethod
    def _context(context: bytes) -> dict[str, str]:
        return {"phigate": base64.urlsafe_b64encode(context).decode()}

    def new_data_key(self, tenant: str, context: bytes) -> DataKey:
        version = self._current(tenant, create=True)
        out = self._call(self._kms.generate_data_key, KeyId=self._alias(tenant, version), KeySpec="AES_256",
                         EncryptionContext=self._context(context))
        return DataKey(bytes(out["Plaintext"]), WrappedKey(self.name, tenant, version, bytes(out["CiphertextBlob"])))

    def unwrap(self, wrapped: WrappedKey, context: bytes) -> bytes:
        if wrapped.backend != self.name:
            raise KeyUnavailable(f"this data key belongs to the {wrapped.backend!r} key manager")
        # KMS refuses disabled keys itself; checking first also holds on endpoints that do not
        if self._state(self._alias(wrapped.tenant, wrapped.kek_version)) in _GONE_STATES:
            raise KeyShredded(f"the keys of tenant {wrapped.tenant} were shredded: "
                              "its data is permanently unrecoverable")
        out = self._call(self._kms.decrypt, denied_means_invalid=True, CiphertextBlob=wrapped.ciphertext,
                         KeyId=self._alias(wrapped.tenant, wrapped.kek_version),
                         EncryptionContext=self._context(context))
        return bytes(out["Plaintext"])

    def rotate(self, tenant: str) -> int:
        version = self._current(tenant, create=False) + 1 if self._versions(tenant) else 1
        self._create(tenant, version)
        return version

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        version = self._current(wrapped.tenant, create=False)
        if version == wrapped.kek_version:
            return wrapped
        ctx = self._context(context)
        out = self._call(self._kms.re_encrypt, CiphertextBlob=wrapped.ciphertext,
                         SourceKeyId=self._alias(wrapped.tenant, wrapped.kek_version),
                         DestinationKeyId=self._alias(wrapped.tenant, version),
                         SourceEncryptionContext=ctx, DestinationEncryptionContext=ctx)
        return WrappedKey(self.name, wrapped.tenant, version, bytes(out["CiphertextBlob"]))

    def shred(self, tenant: str) -> None:
        versions = self._versions(validate_id(tenant, "tenant"))
        if not versions:
            raise KeyNotFound(f"tenant {tenant} has no key")
        for key_id in versions.values():
            if self._state(key_id) == "PendingDeletion":
                continue
            self._call(self._kms.disable_key, KeyId=key_id)
            self._call(self._kms.schedule_key_deletion, KeyId=key_id, PendingWindowInDays=7)

    def status(self, tenant: str) -> KekStatus:
        versions = self._versions(validate_id(tenant, "tenant"))
        if not versions:
            return KekStatus(tenant, self.name, None, (), shredded=False)
        meta = self._call(self._kms.describe_key, KeyId=versions[max(versions)])["KeyMetadata"]
        shredded = meta["KeyState"] in _GONE_STATES
        when = meta.get("DeletionDate")
        if isinstance(when, str):
            when = dt.datetime.fromisoformat(when)
        return KekStatus(tenant, self.name, None if shredded else max(versions), tuple(sorted(versions)),
                         shredded=shredded, shredded_at=when if shredded else None)

    def tenants(self) -> list[str]:
        base = f"{self._prefix}/"
        found: set[str] = set()
        try:
            for page in self._kms.get_paginator("list_aliases").paginate():
                for alias in page.get("Aliases", []):
                    name = alias.get("AliasName", "")
                    if name.startswith(base):
                        part = name[len(base):].rsplit("/v", 1)[0]
                        found.add(re.sub(r"_([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), part))
        except (ClientError, BotoCoreError) as exc:
            raise KeyUnavailable(f"KMS is unreachable ({type(exc).__name__})") from exc
        return sorted(found)

    def check(self) -> None:
        self._call(self._kms.list_aliases, Limit=1)
