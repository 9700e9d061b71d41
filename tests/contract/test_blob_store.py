"""The BlobStore contract, run over every adapter (filesystem, S3 on a real moto_server)."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest

from phigate.errors import InvalidKey, ObjectLocked, ObjectNotFound
from phigate.models import BlobKey, Retention, RetentionMode
from phigate.ports import BlobStore

K = BlobKey("tenant-a", "docs", "obj-1")


def test_is_a_blob_store(blob_store: BlobStore) -> None:
    assert isinstance(blob_store, BlobStore)
    blob_store.check()


def test_put_get_size_exists_delete(blob_store: BlobStore) -> None:
    data = os.urandom(300_000)
    assert blob_store.put_stream(K, [data[:1000], data[1000:]]) == len(data)
    assert blob_store.exists(K) and blob_store.size(K) == len(data)
    assert b"".join(blob_store.get_stream(K)) == data
    assert b"".join(blob_store.get_stream(K, 1234, 5000)) == data[1234:6234]
    assert b"".join(blob_store.get_stream(K, len(data) - 10)) == data[-10:]
    blob_store.delete(K)
    assert not blob_store.exists(K)
    blob_store.delete(K)  # idempotent


def test_large_object_streams_in_parts(blob_store: BlobStore) -> None:
    chunk = os.urandom(1024 * 1024)
    n = blob_store.put_stream(K, (chunk for _ in range(20)))  # 20 MiB: several S3 parts
    assert n == 20 * len(chunk) and blob_store.size(K) == n
    assert b"".join(blob_store.get_stream(K, 19 * len(chunk), len(chunk))) == chunk


def test_empty_object(blob_store: BlobStore) -> None:
    blob_store.put_stream(K, [])
    assert blob_store.size(K) == 0 and b"".join(blob_store.get_stream(K)) == b""


def test_missing_object(blob_store: BlobStore) -> None:
    missing = BlobKey("tenant-a", "docs", "nope")
    with pytest.raises(ObjectNotFound):
        blob_store.size(missing)
    with pytest.raises(ObjectNotFound):
        b"".join(blob_store.get_stream(missing))
    assert not blob_store.exists(missing)


def test_tenants_are_separate_prefixes(blob_store: BlobStore) -> None:
    blob_store.put_stream(BlobKey("tenant-a", "docs", "same"), [b"a"])
    blob_store.put_stream(BlobKey("tenant-b", "docs", "same"), [b"b"])
    assert b"".join(blob_store.get_stream(BlobKey("tenant-b", "docs", "same"))) == b"b"
    assert [k.object_id for k in blob_store.list("tenant-a", "docs")] == ["same"]
    assert [k.object_id for k in blob_store.list("tenant-c", "docs")] == []


@pytest.mark.parametrize("bad", ["../etc", "..", ".hidden", "a/b", "a\\b", "", "x" * 200, "a\x00b", "ünï", "a b"])
def test_no_traversal_or_odd_ids(bad: str) -> None:
    with pytest.raises(InvalidKey):
        BlobKey("tenant-a", "docs", bad)
    with pytest.raises(InvalidKey):
        BlobKey(bad, "docs", "x")


def test_failed_stream_leaves_nothing(blob_store: BlobStore) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield os.urandom(9 * 1024 * 1024)  # past one S3 part
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        blob_store.put_stream(K, chunks())
    assert not blob_store.exists(K)
    assert list(blob_store.list("tenant-a", "docs")) == []


def test_failed_overwrite_keeps_old_object(blob_store: BlobStore) -> None:
    blob_store.put_stream(K, [b"old"])

    def chunks():  # type: ignore[no-untyped-def]
        yield b"new"
        raise OSError("boom")

    with pytest.raises(OSError, match="boom"):
        blob_store.put_stream(K, chunks())
    assert b"".join(blob_store.get_stream(K)) == b"old"


def test_concurrent_writers_of_one_key_leave_one_whole_object(blob_store: BlobStore) -> None:
    payloads = [bytes([i]) * 200_000 for i in range(6)]
    errors: list[BaseException] = []

    def write(p: bytes) -> None:
        try:
            blob_store.put_stream(K, [p[:100_000], p[100_000:]])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert b"".join(blob_store.get_stream(K)) in payloads


def test_retention_and_legal_hold(blob_store: BlobStore) -> None:
    blob_store.put_stream(K, [b"record"])
    until = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    blob_store.set_retention(K, Retention(RetentionMode.COMPLIANCE, until))
    with pytest.raises(ObjectLocked):
        blob_store.delete(K)
    with pytest.raises(ObjectLocked):  # never shortened ...
        blob_store.set_retention(K, Retention(RetentionMode.COMPLIANCE, until - dt.timedelta(days=1)))
    with pytest.raises(ObjectLocked):  # ... nor downgraded
        blob_store.set_retention(K, Retention(RetentionMode.GOVERNANCE, until + dt.timedelta(days=1)))
    blob_store.set_retention(K, Retention(RetentionMode.COMPLIANCE, until + dt.timedelta(days=1)))  # extend: fine
    assert b"".join(blob_store.get_stream(K)) == b"record"

    held = BlobKey("tenant-a", "docs", "held")
    blob_store.put_stream(held, [b"evidence"])
    blob_store.set_legal_hold(held, True)
    with pytest.raises(ObjectLocked):
        blob_store.delete(held)
    blob_store.set_legal_hold(held, False)
    blob_store.delete(held)
    assert not blob_store.exists(held)
