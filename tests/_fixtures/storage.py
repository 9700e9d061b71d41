"""Blob stores and key managers, each a real backend: filesystem, S3 on moto_server; local keyring, SoftHSM2,
KMS on moto_server. Contract tests parametrize over these."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from phigate.backends.kms.aws import AwsKmsKeyManager
from phigate.backends.kms.local import LocalKeyring
from phigate.backends.kms.pkcs11 import Pkcs11KeyManager
from phigate.backends.storage.filesystem import FilesystemStore
from phigate.backends.storage.s3 import S3Store
from phigate.ports import BlobStore, KeyManager
from phigate.testing import FakeTestingWarning, InMemoryBlobStore, InMemoryKeyManager

MOTO_CREDS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def make_bucket(endpoint: str, lock: bool = True) -> str:
    name = f"phigate-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=endpoint, **MOTO_CREDS)
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=lock)
    return name


@pytest.fixture(params=["filesystem", "s3", "memory"])
def blob_store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "filesystem":
        return FilesystemStore(tmp_path / "blobs")
    if request.param == "memory":
        with pytest.warns(FakeTestingWarning):
            return InMemoryBlobStore()
    endpoint = request.getfixturevalue("moto_endpoint")
    request.getfixturevalue("aws_env")
    return S3Store(make_bucket(endpoint), endpoint_url=endpoint)


@pytest.fixture(params=["local", "pkcs11", "aws-kms", "memory"])
def key_manager(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KeyManager]:
    if request.param == "memory":
        with pytest.warns(FakeTestingWarning):
            yield InMemoryKeyManager()
    elif request.param == "local":
        yield LocalKeyring.open(tmp_path / "keys" / "keyring.json", tmp_path / "keys" / "master.key")
    elif request.param == "pkcs11":
        token = request.getfixturevalue("softhsm_token")
        km = Pkcs11KeyManager(token.module, token.label, token.pin)
        yield km
        km.close()
    else:
        endpoint = request.getfixturevalue("moto_endpoint")
        request.getfixturevalue("aws_env")
        yield AwsKmsKeyManager(endpoint_url=endpoint, alias_prefix=f"alias/phigate-{uuid.uuid4().hex[:8]}")


@pytest.fixture
def tenant() -> str:
    """A tenant id of its own for each test (the SoftHSM token is shared by the session)."""
    return f"t-{uuid.uuid4().hex[:10]}"
