"""Blob store on S3 or any S3-compatible endpoint, through boto3.

Objects are written with multipart uploads of bounded parts (memory stays flat); an object becomes visible only
when the upload completes, and an aborted upload leaves nothing. WORM: S3 Object Lock retention (governance or
compliance) and legal hold. phigate itself refuses to shorten or downgrade COMPLIANCE retention, so the rule holds
on endpoints that do not enforce it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from phigate.backends.storage import write_all
from phigate.errors import ConfigError, ObjectLocked, ObjectNotFound, StorageError
from phigate.models import BlobKey, Retention, RetentionMode, retention_may_change

PART_SIZE = 8 * 1024 * 1024  # S3's minimum part is 5 MiB
_NOT_FOUND = {"404", "NoSuchKey", "NotFound", "NoSuchVersion"}


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3Store:
    """``BlobStore`` on an S3 bucket, keys ``<prefix><tenant>/<namespace>/<object id>``."""

    name = "s3"

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, region: str = "us-east-1",
                 prefix: str = "", client: Any = None) -> None:
        if not bucket:
            raise ConfigError("storage.s3_bucket is required for the s3 store")
        self._bucket = bucket
        self._prefix = prefix
        self._s3 = client or boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=60))
        self.check()

    def _key(self, key: BlobKey) -> str:
        return self._prefix + str(key)

    def _call(self, what: str, fn: Any, **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except ClientError as exc:
            code = _code(exc)
            if code in _NOT_FOUND:
                raise ObjectNotFound("no such object") from exc
            if code in {"AccessDenied", "InvalidRequest"} and "lock" in str(exc).lower():
                raise ObjectLocked("the object is under retention or legal hold") from exc
            raise StorageError(f"S3 {what} failed ({code or 'error'})") from exc
        except BotoCoreError as exc:
            raise StorageError(f"S3 {what} failed: endpoint unreachable ({type(exc).__name__})") from exc

    def open_writer(self, key: BlobKey) -> _MultipartWriter:
        return _MultipartWriter(self, self._key(key))

    def put_stream(self, key: BlobKey, chunks: Iterable[bytes]) -> int:
        return write_all(self.open_writer(key), chunks)

    def get_stream(self, key: BlobKey, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        kwargs: dict[str, Any] = {"Bucket": self._bucket, "Key": self._key(key)}
        if length == 0:
            self.size(key)
            return iter(())
        if start or length is not None:
            end = "" if length is None else str(start + length - 1)
            kwargs["Range"] = f"bytes={start}-{end}"
        try:
            body = self._call("read", self._s3.get_object, **kwargs)["Body"]
        except StorageError as exc:
            if isinstance(exc.__cause__, ClientError) and _code(exc.__cause__) == "InvalidRange":
                return iter(())
            raise
        return _iter_body(body)

    def size(self, key: BlobKey) -> int:
        return int(self._head(key)["ContentLength"])

    def _head(self, key: BlobKey) -> dict[str, Any]:
        head: dict[str, Any] = self._call("head", self._s3.head_object, Bucket=self._bucket, Key=self._key(key))
        return head

    def exists(self, key: BlobKey) -> bool:
        try:
            self._head(key)
        except ObjectNotFound:
            return False
        return True

    def delete(self, key: BlobKey) -> None:
        """Delete every version of the object (so that a shredded key record is really gone)."""
        name = self._key(key)
        versions = self._call("list versions", self._s3.list_object_versions, Bucket=self._bucket, Prefix=name)
        entries = [v for v in versions.get("Versions", []) + versions.get("DeleteMarkers", []) if v["Key"] == name]
        if not entries:
            with contextlib.suppress(ObjectNotFound):
                self._call("delete", self._s3.delete_object, Bucket=self._bucket, Key=name)
            return
        for v in entries:
            try:
                self._call("delete", self._s3.delete_object, Bucket=self._bucket, Key=name, VersionId=v["VersionId"])
            except StorageError as exc:
                if isinstance(exc.__cause__, ClientError) and _code(exc.__cause__) == "AccessDenied":
                    raise ObjectLocked("the object is under retention or legal hold and cannot be deleted") from exc
                raise

    def list(self, tenant: str, namespace: str) -> Iterator[BlobKey]:
        prefix = self._key(BlobKey(tenant, namespace, "x"))[:-1]
        paginator = self._s3.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self._bucket, Prefix=prefix):
                for obj in page.get("Contents", []):
                    yield BlobKey(tenant, namespace, obj["Key"][len(prefix):])
        except (ClientError, BotoCoreError) as exc:
            raise StorageError("S3 list failed") from exc

    def _retention(self, key: BlobKey) -> Retention | None:
        # head_object, not get_object_retention (moto lacks the latter)
        head = self._head(key)
        mode, until = head.get("ObjectLockMode"), head.get("ObjectLockRetainUntilDate")
        if not mode or until is None:
            return None
        if isinstance(until, str):
            until = dt.datetime.fromisoformat(until.replace("Z", "+00:00"))
        return Retention(RetentionMode(mode), until)

    def set_retention(self, key: BlobKey, retention: Retention) -> None:
        if not retention_may_change(self._retention(key), retention):
            raise ObjectLocked("COMPLIANCE retention cannot be shortened or downgraded")
        self._call("set retention", self._s3.put_object_retention, Bucket=self._bucket, Key=self._key(key),
                   Retention={"Mode": retention.mode.value, "RetainUntilDate": retention.until})

    def set_legal_hold(self, key: BlobKey, on: bool) -> None:
        self._call("set legal hold", self._s3.put_object_legal_hold, Bucket=self._bucket, Key=self._key(key),
                   LegalHold={"Status": "ON" if on else "OFF"})

    def check(self) -> None:
        self._call("bucket check", self._s3.head_bucket, Bucket=self._bucket)


class _MultipartWriter:
    """Buffers one part at a time; small objects go up in a single PUT at commit."""

    def __init__(self, store: S3Store, name: str) -> None:
        self._store, self._name = store, name
        self._buf = bytearray()
        self._upload_id: str | None = None
        self._parts: list[dict[str, Any]] = []
        self._size = 0
        self._done = False

    def _flush_part(self) -> None:
        s3, bucket = self._store._s3, self._store._bucket
        if self._upload_id is None:
            self._upload_id = self._store._call("start upload", s3.create_multipart_upload,
                                                Bucket=bucket, Key=self._name)["UploadId"]
        n = len(self._parts) + 1
        etag = self._store._call("upload part", s3.upload_part, Bucket=bucket, Key=self._name,
                                 UploadId=self._upload_id, PartNumber=n, Body=bytes(self._buf))["ETag"]
        self._parts.append({"ETag": etag, "PartNumber": n})
        self._buf.clear()

    def write(self, data: bytes) -> None:
        if self._done:
            raise StorageError("the write was already finished")
        self._buf += data
        self._size += len(data)
        try:
            while len(self._buf) >= PART_SIZE:
                if len(self._buf) == PART_SIZE:
                    self._flush_part()
                else:
                    rest = self._buf[PART_SIZE:]
                    del self._buf[PART_SIZE:]
                    self._flush_part()
                    self._buf += rest
        except BaseException:
            self.abort()
            raise

    def commit(self) -> int:
        if self._done:
            raise StorageError("the write was already finished")
        s3, bucket = self._store._s3, self._store._bucket
        try:
            if self._upload_id is None:
                self._store._call("write", s3.put_object, Bucket=bucket, Key=self._name,
                                  Body=bytes(self._buf))
            else:
                if self._buf:
                    self._flush_part()
                self._store._call("complete upload", s3.complete_multipart_upload,
                                  Bucket=bucket, Key=self._name, UploadId=self._upload_id,
                                  MultipartUpload={"Parts": self._parts})
        except BaseException:
            self.abort()
            raise
        self._done = True
        self._buf = bytearray()
        return self._size

    def abort(self) -> None:
        if self._done:
            return
        self._done = True
        self._buf = bytearray()
        if self._upload_id is not None:
            # an orphaned multipart upload is invisible; a bucket lifecycle rule reclaims it
            with contextlib.suppress(ClientError, BotoCoreError):
                self._store._s3.abort_multipart_upload(Bucket=self._store._bucket,
                                                       Key=self._name, UploadId=self._upload_id)


def _iter_body(body: Any) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(chunk_size=1024 * 1024)
    except (ClientError, BotoCoreError) as exc:
        raise StorageError("S3 read failed mid-stream") from exc
    finally:
        body.close()
