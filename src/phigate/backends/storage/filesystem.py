"""The embedded blob store: one file per object under ``root/<tenant>/<namespace>/<object id>``.

Writes are atomic (a temp file in the same directory, fsync, rename, fsync of the directory): a reader sees the
whole new object or the old state, never a part, and a failed write (disk full, client gone) leaves nothing.
Key parts are validated identifiers, and every path is checked to stay under the root.
Retention and legal hold are kept in a small sidecar per object and enforced here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from phigate.backends.storage import write_all
from phigate.errors import ConfigError, InvalidKey, ObjectLocked, ObjectNotFound, StorageError
from phigate.models import BlobKey, Retention, RetentionMode, retention_may_change

READ_CHUNK = 1024 * 1024
_TEMPORARY = (".tmp-", ".probe-")  # a write in progress (or one a crash interrupted), a writability probe
FLUSH_EVERY = 32 * 1024 * 1024  # bytes written between background flushes


class FilesystemStore:
    """``BlobStore`` on a local (or network) filesystem."""

    name = "filesystem"

    def __init__(self, root: Path) -> None:
        self._root = Path(root).resolve()
        try:
            self._root.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise ConfigError("the blob store directory cannot be created") from exc
        self.check()

    def _path(self, key: BlobKey) -> Path:
        path = self._root.joinpath(*key.parts())
        if path.parent.parent.parent != self._root:  # belt and braces: parts are validated ids already
            raise InvalidKey("object key escapes the store root")
        return path

    def _meta_path(self, key: BlobKey) -> Path:
        path = self._path(key)
        return path.with_name(f".meta-{path.name}")

    def open_writer(self, key: BlobKey) -> _FileWriter:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StorageError("the blob store directory cannot be created") from exc
        return _FileWriter(self, key, path)

    def put_stream(self, key: BlobKey, chunks: Iterable[bytes]) -> int:
        return write_all(self.open_writer(key), chunks)

    def get_stream(self, key: BlobKey, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        try:
            fh = open(self._path(key), "rb")  # noqa: SIM115 - closed by the generator
        except FileNotFoundError as exc:
            raise ObjectNotFound("no such object") from exc
        except OSError as exc:
            raise StorageError("the object cannot be read") from exc
        return _read(fh, start, length)

    def size(self, key: BlobKey) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError as exc:
            raise ObjectNotFound("no such object") from exc

    def exists(self, key: BlobKey) -> bool:
        return self._path(key).is_file()

    def delete(self, key: BlobKey) -> None:
        if self._locked(key):
            raise ObjectLocked("the object is under retention or legal hold and cannot be deleted")
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
            self._meta_path(key).unlink(missing_ok=True)
            _fsync_dir(path.parent)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StorageError("the object cannot be deleted") from exc

    def list(self, tenant: str, namespace: str) -> Iterator[BlobKey]:
        probe = BlobKey(tenant, namespace, "x")
        folder = self._path(probe).parent
        if not folder.is_dir():
            return
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file() and not entry.name.startswith("."):
                yield BlobKey(tenant, namespace, entry.name)

    # -- crash leftovers (phigate fsck) -------------------------------------------------------------------

    def stale_temporaries(self, older_than: float) -> Sequence[str]:
        cutoff = time.time() - older_than
        return sorted(path.relative_to(self._root).as_posix() for path in self._temporaries()
                      if _mtime(path) <= cutoff)

    def _temporaries(self) -> Iterator[Path]:
        for folder, _, names in os.walk(self._root):
            yield from (Path(folder, name) for name in names if name.startswith(_TEMPORARY))

    def remove_temporary(self, name: str) -> None:
        path = (self._root / name).resolve()
        if not path.name.startswith(_TEMPORARY) or not path.is_relative_to(self._root) or path == self._root:
            raise InvalidKey("not a temporary file of this store")
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError("the temporary file cannot be removed") from exc

    def modified_at(self, key: BlobKey) -> float:
        try:
            return self._path(key).stat().st_mtime
        except FileNotFoundError as exc:
            raise ObjectNotFound("no such object") from exc

    # -- WORM --------------------------------------------------------------------------------------------

    def _meta(self, key: BlobKey) -> dict[str, object]:
        try:
            data: dict[str, object] = json.loads(self._meta_path(key).read_bytes())
            return data
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise StorageError("the object's retention record cannot be read") from exc

    def _retention(self, key: BlobKey) -> Retention | None:
        meta = self._meta(key)
        if "mode" not in meta:
            return None
        return Retention(RetentionMode(str(meta["mode"])), dt.datetime.fromisoformat(str(meta["until"])))

    def _locked(self, key: BlobKey) -> bool:
        meta = self._meta(key)
        if meta.get("legal_hold"):
            return True
        retention = self._retention(key)
        return retention is not None and retention.until > dt.datetime.now(dt.UTC)

    def _write_meta(self, key: BlobKey, meta: dict[str, object]) -> None:
        path = self._meta_path(key)
        tmp = path.with_name(f".tmp-{uuid.uuid4().hex}")
        try:
            tmp.write_bytes(json.dumps(meta).encode())
            os.replace(tmp, path)
            _fsync_dir(path.parent)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StorageError("the retention record cannot be written") from exc

    def set_retention(self, key: BlobKey, retention: Retention) -> None:
        if not self.exists(key):
            raise ObjectNotFound("no such object")
        if not retention_may_change(self._retention(key), retention):
            raise ObjectLocked("COMPLIANCE retention cannot be shortened or downgraded")
        meta = self._meta(key)
        meta.update(mode=retention.mode.value, until=retention.until.isoformat())
        self._write_meta(key, meta)

    def set_legal_hold(self, key: BlobKey, on: bool) -> None:
        if not self.exists(key):
            raise ObjectNotFound("no such object")
        meta = self._meta(key)
        meta["legal_hold"] = on
        self._write_meta(key, meta)

    def check(self) -> None:
        probe = self._root / f".probe-{uuid.uuid4().hex}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise StorageError("the blob store directory is not writable") from exc


class _FileWriter:
    """Temp file in the object's directory; fsync, then rename over the final name on commit.

    Large objects are flushed to disk in the background while they are still being written (one ``fdatasync``
    in flight at a time), so the final ``fsync`` has little left to do and disk time overlaps the upload.
    """

    def __init__(self, store: FilesystemStore, key: BlobKey, path: Path) -> None:
        self._store, self._key, self._path = store, key, path
        self._tmp = path.with_name(f".tmp-{uuid.uuid4().hex}")
        self._size = 0
        self._unflushed = 0
        self._flush: threading.Thread | None = None
        try:
            fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise StorageError("the object cannot be created") from exc
        self._fh: io.FileIO | None = io.FileIO(fd, "wb", closefd=True)

    def write(self, data: bytes) -> None:
        if self._fh is None:
            raise StorageError("the write was already finished")
        try:
            view = memoryview(data)
            while view:
                n = self._fh.write(view)
                view = view[n or 0:]
            self._size += len(data)
            self._unflushed += len(data)
            if self._unflushed >= FLUSH_EVERY and (self._flush is None or not self._flush.is_alive()):
                self._unflushed = 0
                self._flush = threading.Thread(target=_quiet_fdatasync, args=(self._fh.fileno(),), daemon=True)
                self._flush.start()
        except OSError as exc:
            self.abort()
            raise StorageError(f"writing the object failed ({exc.strerror or type(exc).__name__});"
                               " nothing was stored") from exc

    def commit(self) -> int:
        if self._fh is None:
            raise StorageError("the write was already finished")
        try:
            if self._flush is not None:
                self._flush.join()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
            if self._store._locked(self._key):
                raise ObjectLocked("the object is under retention or legal hold and cannot be replaced")
            os.replace(self._tmp, self._path)
            _fsync_dir(self._path.parent)
        except BaseException as exc:
            self.abort()
            if isinstance(exc, OSError):
                raise StorageError(f"writing the object failed ({exc.strerror or type(exc).__name__});"
                                   " nothing was stored") from exc
            raise
        return self._size

    def abort(self) -> None:
        if self._flush is not None:
            self._flush.join()
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None
        with contextlib.suppress(OSError):
            self._tmp.unlink()


def _mtime(path: Path) -> float:
    """When the file was last written; +inf once it is gone (a writer committed or aborted meanwhile)."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return float("inf")


def _quiet_fdatasync(fd: int) -> None:
    # an early flush is only an optimisation: the commit's own fsync reports any error
    with contextlib.suppress(OSError):
        os.fdatasync(fd)


def _read(fh: object, start: int, length: int | None) -> Iterator[bytes]:
    assert isinstance(fh, io.BufferedReader)
    with fh:
        fh.seek(start)
        remaining = length
        while remaining is None or remaining > 0:
            chunk = fh.read(READ_CHUNK if remaining is None else min(READ_CHUNK, remaining))
            if not chunk:
                return
            if remaining is not None:
                remaining -= len(chunk)
            yield chunk


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
