"""Backup and restore: the whole state of a phigate in one passphrase-sealed archive.

``Backups.create`` writes, in this order (so that a backup taken while phigate runs is consistent): the main
database (SQLite's online backup API; on PostgreSQL a ``pg_dump`` of the database that also holds the audit
log, taken after the checkpoint blobs and before the other blobs), the blob store (already ciphertext), the key
files (the local keyring, its master key file and the server secret; for an HSM or KMS the wrapped data keys
are blobs and the manifest lists each tenant's key versions), the SQLite audit database (after the blobs, so no
signed checkpoint in the blob store is newer than the log that signed it), then the rest of the data directory
(TLS certificate, settings). Everything goes through ``crypto.archive`` (scrypt, AES-256-GCM chunks) into a
temporary file beside the target, renamed into place only when complete: a failure never leaves a partial
archive.

``restore`` refuses a target that is not empty (and, for PostgreSQL, a database that is not), authenticates the
whole archive before it writes a byte, then writes it into the embedded layout of the target; ``verify_restored``
runs the audit log's verification and opens every sealed document object of every tenant (which unwraps its data
key and authenticates every segment).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO, Protocol

from phigate.crypto.archive import ArchiveReader, ArchiveWriter, PlaintextStream
from phigate.errors import (
    Conflict,
    Error,
    InputError,
    InvalidCiphertext,
    KeyShredded,
    ObjectNotFound,
    UnsupportedFormat,
)
from phigate.models import Principal
from phigate.pipeline._artifacts import DERIVATIVES, EXTRACTED, IMAGE_DERIVATIVES, INVENTORY, LINKAGE
from phigate.pipeline.receive import QUARANTINE
from phigate.ports import Audit, KeyManager
from phigate.services._authz import authorize
from phigate.vault import Vault

FORMAT = "phigate-backup/1"
SCOPE = "admin"  # a backup holds every tenant's data and the keys to it: phigate's own operators only
MIN_PASSPHRASE = 12
DOCUMENT_NAMESPACES = (QUARANTINE, EXTRACTED, INVENTORY, DERIVATIVES, IMAGE_DERIVATIVES, LINKAGE)
_MANIFEST = "manifest.json"
_ROOTS = ("database", "blobs", "keys", "data")  # archive member prefixes -> where restore writes them
_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
_SKIPPED_NAMES = (".tmp-", ".probe-")  # writes in progress in the blob store
_SKIPPED_SUFFIXES = (".lock", ".log", ".sock", ".pid")
_READ = 1024 * 1024


class BackupError(Error):
    """The archive cannot be used: not authentic (wrong passphrase, altered, truncated) or not well-formed."""

    code = "backup.invalid"
    status = 422


@dataclass(frozen=True, slots=True)
class BackupLayout:
    """Where the pieces of an embedded phigate live (the registry fills it from the settings)."""

    data_dir: Path
    database: Path | PostgresDatabase  # a SQLite file, or the PostgreSQL database that also holds the audit log
    audit_database: Path | None  # the SQLite audit log beside the main file (None on PostgreSQL)
    blobs: Path
    key_files: dict[str, Path]  # name under keys/ -> file (only those that exist are archived)
    settings_relocate: bool = False  # phigate.toml moves the database, blobs or keys away from the data dir
    checkpoints: Path | None = None  # the audit log's signed checkpoints inside ``blobs``


@dataclass(frozen=True, slots=True)
class PostgresDatabase:
    """A PostgreSQL database reached by the libpq tools: ``pg_dump`` (one consistent snapshot, custom format),
    ``pg_restore`` and ``psql``. The password travels in the tools' environment, never on a command line."""

    url: str  # libpq URL without the password
    password: str | None = None

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        return env | ({"PGPASSWORD": self.password} if self.password else {})

    def dump(self) -> bytes:
        run = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--dbname", self.url],
                             capture_output=True, env=self._env(), check=False, timeout=_PG_TIMEOUT)
        if run.returncode != 0:
            raise DatabaseToolFailed("pg_dump could not dump the database")
        return run.stdout

    def is_empty(self) -> bool:
        run = subprocess.run(["psql", "--no-psqlrc", "-At", "--dbname", self.url, "-c",
                              "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
                              "'information_schema')"], capture_output=True, env=self._env(), check=False,
                             timeout=_PG_TIMEOUT, text=True)
        if run.returncode != 0:
            raise DatabaseToolFailed("the restore's PostgreSQL database cannot be reached")
        return run.stdout.strip() == "0"

    def load(self, source: IO[bytes]) -> int:
        """Feed a custom-format dump to ``pg_restore`` in one transaction; returns the bytes fed."""
        proc = subprocess.Popen(["pg_restore", "--no-owner", "--single-transaction", "--exit-on-error",
                                 "--dbname", self.url], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=self._env())
        assert proc.stdin is not None
        fed = 0
        try:
            while chunk := source.read(_READ):
                proc.stdin.write(chunk)
                fed += len(chunk)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        if proc.wait(timeout=_PG_TIMEOUT) != 0:
            raise DatabaseToolFailed("pg_restore could not load the database")
        return fed


class DatabaseToolFailed(Error):
    """``pg_dump``, ``pg_restore`` or ``psql`` failed (their output is not repeated: it may name data)."""

    code = "backup.database"
    status = 503


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    files: int
    bytes: int  # plaintext bytes archived
    archive_bytes: int
    sha256: str  # of the archive file, for the operator's catalogue
    seconds: float
    tenants: int


@dataclass(frozen=True, slots=True)
class RestoreReport:
    target: Path
    files: int
    bytes: int
    created_at: str
    seconds: float
    audit_events: int = 0
    objects_checked: int = 0
    objects_shredded: int = 0
    findings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.findings


class AuditVerifier(Protocol):
    """What ``verify_restored`` needs of the audit log (``SqlAuditLog.verify``)."""

    def verify(self, public_key: Any = None, witness: Sequence[Path] = ()) -> Any: ...


# --- backup ---------------------------------------------------------------------------------------------------


class Backups:
    def __init__(self, layout: BackupLayout, keys: KeyManager, audit: Audit) -> None:
        self._layout, self._keys, self._audit = layout, keys, audit

    def create(self, principal: Principal, out: Path, passphrase: bytes) -> BackupReport:
        """Seal the whole state into ``out`` (created atomically; an existing file is refused)."""
        authorize(principal, SCOPE)
        if len(passphrase) < MIN_PASSPHRASE:
            raise InputError(f"a backup passphrase has at least {MIN_PASSPHRASE} characters")
        if out.exists():
            raise Conflict("the backup file already exists: choose a new name")
        started = time.monotonic()
        try:
            report = self._write(out, passphrase, started)
        except Error as exc:
            self._audit.record("backup.create", actor=principal.id, tenant=None, outcome="failure",
                               actor_kind=principal.kind, error=exc.code)
            raise
        self._audit.record("backup.create", actor=principal.id, tenant=None, outcome="success",
                           actor_kind=principal.kind, files=report.files, bytes=report.bytes,
                           sha256=report.sha256, tenants=report.tenants)
        return report

    def _write(self, out: Path, passphrase: bytes, started: float) -> BackupReport:
        tmp = out.with_name(f".{out.name}.tmp-{os.urandom(6).hex()}")
        counter = _Counter()
        tenants = self._tenants()
        try:
            with _exclusive(tmp) as fh:
                hashing = _HashingFile(fh)
                writer = ArchiveWriter(hashing, passphrase)
                with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
                    _add_bytes(tar, _MANIFEST, self._manifest(tenants), counter)
                    self._add_members(tar, counter)
                writer.close()
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, out)
            _fsync_dir(out.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return BackupReport(out, counter.files, counter.bytes, hashing.size, hashing.hexdigest(),
                            time.monotonic() - started, len(tenants))

    def _add_members(self, tar: tarfile.TarFile, counter: _Counter) -> None:
        layout = self._layout
        blobs: set[Path] = set()
        if isinstance(layout.database, PostgresDatabase):
            # the log and the documents share one snapshot: checkpoints before it (none newer than the log that
            # signed them), every other blob after it (none of the documents it names is missing)
            blobs = self._add_blobs(tar, counter, layout.checkpoints) if layout.checkpoints else set()
            _add_bytes(tar, f"database/{_PG_DUMP}", layout.database.dump(), counter)
        else:
            _add_bytes(tar, f"database/{_MAIN_DB}", sqlite_snapshot(layout.database), counter)
        self._add_blobs(tar, counter, layout.blobs, skip=blobs)
        for name, path in sorted(layout.key_files.items()):
            if path.is_file():
                _add_file(tar, f"keys/{name}", path, counter)
        if layout.audit_database is not None:
            _add_bytes(tar, f"database/{_AUDIT_DB}", sqlite_snapshot(layout.audit_database), counter)
        for path in _walk(layout.data_dir, skip=self._taken()):
            rel = path.relative_to(layout.data_dir).as_posix()
            if rel == "phigate.toml" and layout.settings_relocate:
                rel = "phigate.toml.restored"  # its paths point at the old machine: the operator merges it
            _add_file(tar, f"data/{rel}", path, counter)

    def _add_blobs(self, tar: tarfile.TarFile, counter: _Counter, folder: Path, skip: set[Path] | None = None
                   ) -> set[Path]:
        added = set()
        for path in _walk(folder, skip=skip):
            _add_file(tar, f"blobs/{path.relative_to(self._layout.blobs).as_posix()}", path, counter)
            added.add(path.absolute())
        return added

    def _taken(self) -> set[Path]:
        """What the data-directory walk leaves out: what was archived under its own role, and SQLite's files."""
        layout = self._layout
        taken = {layout.blobs, *layout.key_files.values()}
        for db in (layout.database, layout.audit_database):
            if isinstance(db, Path):
                taken |= {db, *(db.with_name(db.name + side) for side in _SQLITE_SIDE_FILES)}
        return {p.absolute() for p in taken}

    def _tenants(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for tenant in self._keys.tenants():
            status = self._keys.status(tenant)
            out.append({"tenant": tenant, "backend": status.backend, "current_version": status.current_version})
        return out

    def _manifest(self, tenants: list[dict[str, object]]) -> bytes:
        from phigate import __version__

        database = "postgresql" if isinstance(self._layout.database, PostgresDatabase) else "sqlite"
        return json.dumps({"format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                           "database": database,
                           "phigate_version": __version__, "key_backend": self._keys.name, "tenants": tenants,
                           "settings_relocate": self._layout.settings_relocate}, sort_keys=True).encode()


_MAIN_DB = "phigate.db"
_AUDIT_DB = "phigate.audit.db"
_PG_DUMP = "postgresql.dump"
_PG_TIMEOUT = 3600


def sqlite_snapshot(path: Path) -> bytes:
    """A consistent copy of a live SQLite database through its online backup API (no file is written)."""
    if not path.is_file():
        raise InputError("the database file to back up does not exist")
    source = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    memory = sqlite3.connect(":memory:")
    try:
        source.backup(memory)
        return memory.serialize()
    except sqlite3.Error as exc:
        raise InputError("the database could not be read for the backup") from exc
    finally:
        source.close()
        memory.close()


# --- restore --------------------------------------------------------------------------------------------------


def restore(principal: Principal, archive: Path, passphrase: bytes, target: Path,
            database: PostgresDatabase | None = None) -> RestoreReport:
    """Authenticate the whole archive, then write it into ``target`` (absent or empty) and, for a backup of a
    PostgreSQL phigate, load its dump into ``database`` (empty). ``BackupError`` for an archive that is not
    authentic or not well-formed; nothing is written then."""
    authorize(principal, SCOPE)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Conflict("the restore target is not empty: restore into a new directory")
    started = time.monotonic()
    manifest = _read(archive, passphrase, None)  # pass 1: every chunk authenticated, every member checked
    if manifest.get("database") == "postgresql":
        if database is None:
            raise InputError("this backup holds a PostgreSQL database: give the restored phigate an empty one "
                             "(PHIGATE_DATABASE__URL)")
        if not database.is_empty():
            raise Conflict("the restore's PostgreSQL database is not empty: restore into a new database")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    counter = _Counter()
    try:
        _read(archive, passphrase, _Sink(target, counter, database))
        os.sync()
    except BaseException:
        _empty(target)
        raise
    return RestoreReport(target, counter.files, counter.bytes, str(manifest.get("created_at", "")),
                         time.monotonic() - started)


def verify_restored(principal: Principal, report: RestoreReport, log: AuditVerifier, vault: Vault,
                    witness: Sequence[Path] = ()) -> RestoreReport:
    """The restored directory's audit log verified and every sealed document object opened end to end."""
    authorize(principal, SCOPE)
    findings: list[str] = []
    audit_report = log.verify(None, witness)
    findings += [f"audit {f.kind}" for f in audit_report.findings]
    checked = shredded = 0
    for tenant in vault.keys.tenants():
        for namespace in DOCUMENT_NAMESPACES:
            for key in vault.store.list(tenant, namespace):
                try:
                    for _ in vault.open(key):
                        pass
                    checked += 1
                except KeyShredded:
                    shredded += 1  # erased on purpose: unreadable by design
                except (InvalidCiphertext, ObjectNotFound) as exc:
                    findings.append(f"object {key} {exc.code}")
    return replace(report, audit_events=int(audit_report.events), objects_checked=checked,
                   objects_shredded=shredded, findings=tuple(findings))


def record_restore(principal: Principal, audit: Audit, report: RestoreReport) -> None:
    """The restore's audit event, in the restored log (which then carries its own history and this)."""
    authorize(principal, SCOPE)
    audit.record("backup.restore", actor=principal.id, tenant=None, outcome="success" if report.ok else "failure",
                 actor_kind=principal.kind, files=report.files, bytes=report.bytes,
                 objects=report.objects_checked, events=report.audit_events)


@dataclass(frozen=True, slots=True)
class _Sink:
    """Where pass 2 writes: files under ``target``, a PostgreSQL dump into ``database``."""

    target: Path
    counter: _Counter
    database: PostgresDatabase | None


def _read(archive: Path, passphrase: bytes, into: _Sink | None) -> dict[str, Any]:
    """Read the archive through; with ``into``, write each member there. Returns the manifest."""
    try:
        fh = archive.open("rb")
    except OSError as exc:
        raise InputError("the backup file cannot be read") from exc
    with fh:
        try:
            stream = PlaintextStream(ArchiveReader(fh, passphrase).chunks())
            with tarfile.open(fileobj=stream, mode="r|") as tar:  # type: ignore[call-overload]
                manifest = _members(tar, into)
            while stream.read(_READ):  # to the sealed last chunk: a cut after the tar's end is caught too
                pass
            return manifest
        except UnsupportedFormat as exc:
            raise BackupError("this file is not a phigate backup this version reads") from exc
        except InvalidCiphertext as exc:
            raise BackupError("the backup cannot be authenticated: wrong passphrase, or the file was altered "
                              "or cut short") from exc
        except (tarfile.TarError, ValueError, EOFError) as exc:
            raise BackupError("the backup's contents are not well-formed") from exc


def _members(tar: tarfile.TarFile, into: _Sink | None) -> dict[str, Any]:
    manifest: dict[str, Any] | None = None
    for member in tar:
        if manifest is None:
            if member.name != _MANIFEST or not member.isfile():
                raise BackupError("the backup does not start with its manifest")
            manifest = _parse_manifest(_drain(tar, member))
            continue
        relative = _destination(member)
        if into is None:
            _drain(tar, member)
            continue
        source = tar.extractfile(member)
        assert source is not None  # _destination accepted only regular files
        if relative.name == _PG_DUMP:
            assert into.database is not None  # restore() asked for one when the manifest names PostgreSQL
            into.counter.add(into.database.load(source))
        else:
            into.counter.add(_write_new(into.target / relative, source))
    if manifest is None:
        raise BackupError("the backup is empty")
    return manifest


def _parse_manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        raise BackupError("the backup's manifest is not JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("this backup's format is not one this phigate reads")
    return manifest


def _destination(member: tarfile.TarInfo) -> PurePosixPath:
    """Where a member goes under the target; refuses anything but a regular file under a known root."""
    path = PurePosixPath(member.name)
    if (not member.isfile() or path.is_absolute() or ".." in path.parts or len(path.parts) < 2
            or path.parts[0] not in _ROOTS):
        raise BackupError("the backup holds a member this phigate does not restore")
    root, rest = path.parts[0], PurePosixPath(*path.parts[1:])
    if root == "database" and (len(rest.parts) != 1 or rest.name not in (_MAIN_DB, _AUDIT_DB, _PG_DUMP)):
        raise BackupError("the backup holds a member this phigate does not restore")
    return {"database": rest, "blobs": "blobs" / rest, "keys": "keys" / rest, "data": rest}[root]


def _drain(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    source = tar.extractfile(member)
    if source is None:
        raise BackupError("the backup holds a member this phigate does not restore")
    if member.name == _MANIFEST:
        return source.read(1024 * 1024)
    while source.read(_READ):
        pass
    return b""


def _write_new(path: Path, source: IO[bytes]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = 0
    with _exclusive(path) as fh:
        while chunk := source.read(_READ):
            fh.write(chunk)
            written += len(chunk)
    return written  # made durable all at once when the restore ends (one sync, not one per file)


def _empty(target: Path) -> None:
    """Remove what a failed restore wrote (the target was empty before)."""
    for folder, dirs, files in os.walk(target, topdown=False):
        for name in files:
            Path(folder, name).unlink(missing_ok=True)
        for name in dirs:
            with contextlib.suppress(OSError):
                Path(folder, name).rmdir()


# --- helpers --------------------------------------------------------------------------------------------------


@dataclass
class _Counter:
    files: int = 0
    bytes: int = 0

    def add(self, size: int) -> None:
        self.files += 1
        self.bytes += size


class _HashingFile:
    """Passes writes through to ``sink`` and hashes them (the archive's SHA-256 for the audit event)."""

    def __init__(self, sink: BinaryIO) -> None:
        self._sink, self._hash, self.size = sink, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self._sink.write(data)
        self._hash.update(data)
        self.size += len(data)
        return len(data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[BinaryIO]:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise Conflict("a file to write already exists") from exc
    except OSError as exc:
        raise InputError("a file cannot be created where the backup goes") from exc
    with os.fdopen(fd, "wb") as fh:
        yield fh


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, counter: _Counter) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    tar.addfile(info, io.BytesIO(data))
    counter.add(len(data))


def _add_file(tar: tarfile.TarFile, name: str, path: Path, counter: _Counter) -> None:
    """One file, read through the descriptor opened here: the blob store replaces objects by rename, so what is
    read is one whole version even if a writer replaces it meanwhile."""
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return  # deleted since the walk listed it (an erasure, a purge): not part of this backup
    with fh:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = os.fstat(fh.fileno()).st_size, 0o600, int(time.time())
        tar.addfile(info, fh)
    counter.add(info.size)


def _walk(root: Path, skip: set[Path] | None = None) -> Iterator[Path]:
    """Regular files under ``root`` in a stable order, without symlinks, temporaries and ``skip``."""
    skip = skip or set()
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if (here / d).absolute() not in skip and not (here / d).is_symlink())
        for name in sorted(files):
            path = here / name
            if (path.absolute() in skip or name.startswith(_SKIPPED_NAMES) or name.endswith(_SKIPPED_SUFFIXES)
                    or path.is_symlink() or not path.is_file()):
                continue
            yield path

