"""Configuration -> backends, built once at start-up. An unknown backend name or a failed health check stops
start-up with a clear error: a configured component is never skipped."""

from __future__ import annotations

from phigate.config import Settings
from phigate.errors import ConfigError
from phigate.ports import BlobStore, KeyManager
from phigate.vault import Vault


def build_key_manager(settings: Settings, *, create: bool = True) -> KeyManager:
    k = settings.keys
    if k.backend == "local":
        from phigate.backends.kms.local import LocalKeyring

        return LocalKeyring.open(settings.keyring_path, settings.master_key_file,
                                 k.passphrase.get_secret_value() if k.passphrase else None, create=create)
    if k.backend == "pkcs11":
        from phigate.backends.kms.pkcs11 import Pkcs11KeyManager

        return Pkcs11KeyManager(k.pkcs11_module, k.pkcs11_token_label or "",
                                k.pkcs11_pin.get_secret_value() if k.pkcs11_pin else "")
    if k.backend == "aws-kms":
        from phigate.backends.kms.aws import AwsKmsKeyManager

        return AwsKmsKeyManager(endpoint_url=k.kms_endpoint_url, region=k.kms_region, alias_prefix=k.kms_alias_prefix)
    raise ConfigError(f"unknown key manager backend {k.backend!r}")


def build_blob_store(settings: Settings) -> BlobStore:
    s = settings.storage
    if s.backend == "filesystem":
        from phigate.backends.storage.filesystem import FilesystemStore

        return FilesystemStore(settings.blob_path)
    if s.backend == "s3":
        from phigate.backends.storage.s3 import S3Store

        return S3Store(s.s3_bucket or "", endpoint_url=s.s3_endpoint_url, region=s.s3_region, prefix=s.s3_prefix)
    raise ConfigError(f"unknown blob store backend {s.backend!r}")


def build_vault(settings: Settings, keys: KeyManager | None = None, store: BlobStore | None = None) -> Vault:
    return Vault(store or build_blob_store(settings), keys or build_key_manager(settings),
                 segment_size=settings.crypto.segment_size)
