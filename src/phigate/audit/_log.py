"""``SqlAuditLog``: the AuditLog on SQLite or PostgreSQL, with group commit and signed checkpoints.

Appends go through one writer thread per process. Callers add their event to the open *group* and wait on
it; the writer swaps the group out, writes it (in transactions of at most ``batch_max`` events) and then
wakes the whole group at once: each caller's sequence number is the group's first plus its place in it
(or it gets an AuditError). One wake-up per group, not per event, keeps the per-event cost low.
Before each write it takes the log's lock (an advisory lock on PostgreSQL, the
write lock on SQLite) and compares the head it remembers with the database's, so several processes can
append to one log.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import itertools
import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from phigate.audit import _schema as s
from phigate.audit import merkle
from phigate.audit._keys import SYSTEM_TENANT, AuditKeys, event_mac
from phigate.audit.verifier import (
    ENTRY_FIELDS,
    GENESIS_CHAIN,
    MerkleAccumulator,
    chain_hash,
    checkpoint_body,
    leaf_hash,
)
from phigate.errors import AuditError, ConfigError, Error, InputError, StorageError
from phigate.models import AuditEvent, AuditReport, BlobKey, Checkpoint, Retention, RetentionMode
from phigate.ports import BlobStore

log = logging.getLogger(__name__)

TILE_HEIGHT = 8
"""Subtree roots of 2**8 leaves and up are stored; smaller ones are recomputed from at most 256 leaf hashes."""
CHECKPOINT_NAMESPACE = "audit-checkpoints"
_EVENT_COLUMNS = ("seq", "ts", *ENTRY_FIELDS[1:], "leaf_hash", "chain_hash", "mac")
_ROWS_PER_INSERT = 500  # 20 parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535
_PG_LOCK_KEY = 0x70686961756474  # "phiaudt": the advisory lock that serialises appenders across processes
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
Witness = Callable[[dict[str, Any]], None]
"""Receives each signed checkpoint (``checkpoint_document`` form) and keeps it outside the database."""


@dataclass(frozen=True, slots=True)
class LogOptions:
    checkpoint_every: int = 1000
    checkpoint_interval: float = 2.0
    batch_max: int = 2000
    append_timeout: float = 10.0
    linger: float = 0.001  # at most this long the writer lets a group grow back to the size of the last one
    checkpoint_retention_days: int | None = None
    pg_role: str | None = "phigate_audit_writer"


class _Group:
    """Events appended while the writer was busy: written together, acknowledged together.

    Waiters block on ``gate``, a plain lock the writer holds until the group is settled and then releases
    once; each waiter takes it and hands it straight on, so waking a group costs one lock hand-off per waiter
    and no Python-level bookkeeping (a ``threading.Event`` would allocate a lock and a deque entry per waiter).
    """

    __slots__ = ("error", "firsts", "gate", "values")

    def __init__(self) -> None:
        self.values: list[s.Entry] = []
        self.gate = threading.Lock()
        self.gate.acquire()
        self.firsts: list[int] = []  # the first seq of each transaction (slices of batch_max events)
        self.error: BaseException | None = None

    def settle(self) -> None:
        self.gate.release()

    def wait(self, timeout: float) -> bool:
        if not self.gate.acquire(timeout=timeout):
            return False
        self.gate.release()
        return True


def checkpoint_key(tree_size: int) -> BlobKey:
    return BlobKey(SYSTEM_TENANT, CHECKPOINT_NAMESPACE, f"{tree_size:020d}")


def checkpoint_document(cp: Checkpoint) -> dict[str, Any]:
    """The portable JSON form of a checkpoint (what the blob store holds and the verifier reads)."""
    return {"body": cp.body.decode("ascii"), "signature": base64.b64encode(cp.signature).decode(),
            "key_id": cp.key_id, "tree_size": cp.tree_size}


class SqlAuditLog:
    """The audit log in the phigate database. Build it with ``open_audit_log``; ``close()`` when done."""

    def __init__(self, engine: Engine, keys: AuditKeys, store: BlobStore | None,
                 options: LogOptions | None = None, witness: Witness | None = None) -> None:
        self._engine = engine
        self._witness = witness
        self._keys = keys
        self._mac = event_mac(keys.mac_key)
        self._store = store
        self._opts = options or LogOptions()
        self._pg = engine.dialect.name == "postgresql"
        self._lock = threading.Lock()  # guards the in-memory head below
        self._wake = threading.Condition(threading.Lock())  # guards _group and _closed
        self._group = _Group()
        self._closed = False
        self._acc = MerkleAccumulator()
        self._chain = GENESIS_CHAIN
        self._stale = True
        self._target = 1  # the group size the writer lingers for: the size of the last group
        self._conn: Connection | None = None  # the writer thread's own connection (no pool checkout per batch)
        if self._opts.pg_role is not None and not _ROLE.fullmatch(self._opts.pg_role):
            raise ConfigError("audit pg_role must be a plain PostgreSQL role name")
        mark = "%s" if engine.dialect.paramstyle in ("format", "pyformat") else "?"
        # constant column names and driver placeholders only: no value is ever formatted into SQL
        self._insert_events = f"INSERT INTO audit_events ({', '.join(_EVENT_COLUMNS)}) VALUES "  # noqa: S608
        self._event_marks = f"({', '.join([mark] * len(_EVENT_COLUMNS))})"
        self._copy_events = f"COPY audit_events ({', '.join(_EVENT_COLUMNS)}) FROM STDIN"
        self._select_tile = (f"SELECT seq, leaf_hash FROM audit_events WHERE seq >= {mark} AND seq < {mark} "  # noqa: S608
                             "ORDER BY seq")
        self._insert_nodes = f"INSERT INTO audit_nodes (height, idx, hash) VALUES ({mark}, {mark}, {mark})"  # noqa: S608
        self._damage: str | None = None  # why appends are refused: the log is damaged (see ``_inspect``)
        try:
            with engine.connect() as conn:
                last = int(conn.execute(sa.select(sa.func.max(s.checkpoints.c.tree_size))).scalar() or 0)
                self._damage = _inspect(conn, last)
                if self._damage is None:
                    try:
                        self._load_head(conn)
                    except AuditError as exc:
                        self._damage = exc.message
        except sa.exc.SQLAlchemyError as exc:
            raise AuditError("the audit log tables cannot be read (run the migrations)") from exc
        if self._damage is not None:
            log.error("%s", self._damage)
        self._checkpointed = last
        self._appended = False  # this process wrote events: only then does its writer sign checkpoints on its own
        self._checkpointed_at = time.monotonic()
        self._writer = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._writer.start()

    # --- public API -------------------------------------------------------------------------------------

    @property
    def keys(self) -> AuditKeys:
        return self._keys

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def store(self) -> BlobStore | None:
        return self._store

    @property
    def size(self) -> int:
        return self._acc.size

    def patient_hash(self, tenant: str | None, reference: str) -> str:
        return self._keys.patient_hash(tenant, reference)

    def append(self, event: AuditEvent, patient_ref: str | None = None) -> int:
        return self._submit([self._values(event, patient_ref)])[0]

    def append_many(self, events: Sequence[AuditEvent | tuple[AuditEvent, str | None]]) -> list[int]:
        """Append several events at once (each optionally with its patient reference), in order; returns once all
        are durable, or raises AuditError with none of them acknowledged. Cheaper per event than ``append``."""
        if not events:
            return []
        return self._submit([self._values(*item) if isinstance(item, tuple) else self._values(item)
                             for item in events])

    def _values(self, event: AuditEvent, patient_ref: str | None = None) -> s.Entry:
        if patient_ref is not None and (not isinstance(patient_ref, str) or not patient_ref):
            raise InputError("patient reference must be a non-empty string")
        phash = None if patient_ref is None else self._keys.patient_hash(event.tenant, patient_ref)
        return s.entry_values(event, s.format_time(event.time or dt.datetime.now(dt.UTC)), phash)

    @property
    def damage(self) -> str | None:
        """Why this log refuses appends (events missing: deleted, or a tail cut), or None when it is whole."""
        return self._damage

    def _refuse_if_damaged(self) -> None:
        if self._damage is not None:
            raise AuditError(self._damage)

    def _submit(self, values: list[s.Entry]) -> list[int]:
        """Add ``values`` to the open group and wait until the writer has committed it."""
        self._refuse_if_damaged()
        with self._wake:
            if self._closed:
                raise AuditError("the audit log is closed")
            group = self._group
            start = len(group.values)
            group.values.extend(values)
            if start == 0 or start < self._target <= len(group.values):
                self._wake.notify()
        if not group.wait(self._opts.append_timeout):
            raise AuditError("the audit event was not confirmed durable in time")
        if group.error is not None:
            raise AuditError() from group.error
        size = self._opts.batch_max
        return [group.firsts[i // size] + i % size for i in range(start, start + len(values))]

    def checkpoint(self) -> Checkpoint:
        self._refuse_if_damaged()  # never sign a head over a log with holes in it
        with self._lock:
            try:
                with self._engine.begin() as conn:
                    self._enter_write(conn)
                    cp = self._write_checkpoint(conn)
            except sa.exc.SQLAlchemyError as exc:
                raise AuditError("the audit checkpoint could not be written") from exc
            self._checkpointed, self._checkpointed_at = cp.tree_size, time.monotonic()
        self._publish(cp)
        return cp

    def prove_inclusion(self, seq: int, tree_size: int) -> list[bytes]:
        if not 0 <= seq < tree_size:
            raise InputError("the event is not in a tree of that size")
        with self._engine.connect() as conn:
            self._require_size(conn, tree_size)
            perfect = self._perfect(conn, tree_size, lambda p: merkle.inclusion_path(p, seq, tree_size))
            return merkle.inclusion_path(perfect, seq, tree_size)

    def prove_consistency(self, old_size: int, new_size: int) -> list[bytes]:
        if not 0 <= old_size <= new_size:
            raise InputError("the old tree must not be larger than the new one")
        with self._engine.connect() as conn:
            self._require_size(conn, new_size)
            perfect = self._perfect(conn, new_size, lambda p: merkle.consistency_path(p, old_size, new_size))
            return merkle.consistency_path(perfect, old_size, new_size)

    def root(self, tree_size: int) -> bytes:
        """The Merkle root of the first ``tree_size`` events, from stored nodes."""
        with self._engine.connect() as conn:
            self._require_size(conn, tree_size)
            if tree_size == 0:
                return MerkleAccumulator().root()
            return merkle.range_root(self._perfect(conn, tree_size), 0, tree_size)

    def verify(self, public_key: Any = None, witness: Sequence[Path] = ()) -> AuditReport:
        """Recompute the whole log (``_verify.verify_log``); ``witness``: files of checkpoints a witness kept."""
        from phigate.audit._verify import verify_log

        return verify_log(self._engine, self._keys, self._store, public_key or self._keys.public_key,
                          witness=witness)

    def check(self) -> None:
        """Readiness: the writer runs and the log's tables answer; AuditError otherwise."""
        if self._closed or not self._writer.is_alive():
            raise AuditError("the audit log is not running")
        self._refuse_if_damaged()
        try:
            with self._engine.connect() as conn:
                conn.execute(sa.select(sa.func.max(s.events.c.seq)))
        except sa.exc.SQLAlchemyError as exc:
            raise AuditError("the audit log cannot be read") from exc

    def close(self) -> None:
        with self._wake:
            if self._closed:
                return
            self._closed = True
            self._wake.notify()
        self._writer.join(timeout=30)

    def __enter__(self) -> SqlAuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the writer ---------------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                group, stop = self._take()
                if group.values:
                    self._commit(group)
                self._maybe_checkpoint()
                if stop and not group.values:
                    self._final_checkpoint()
                    return
        finally:
            self._drop_connection()

    def _take(self) -> tuple[_Group, bool]:
        """The next group to write. Under load the writer lingers (at most ``linger``) until the group is as large
        as the last one: the appenders it just woke are about to add their next events, and one transaction for
        all of them costs far less than several small ones. A lone appender never waits (its last group was 1)."""
        with self._wake:
            if not self._group.values and not self._closed:
                wait = max(0.05, self._opts.checkpoint_interval - (time.monotonic() - self._checkpointed_at))
                self._wake.wait(wait)
            if 0 < len(self._group.values) < self._target and not self._closed:
                self._wake.wait(self._opts.linger)
            group, stop = self._group, self._closed
            if group.values:
                self._group = _Group()
                self._target = min(len(group.values), self._opts.batch_max)
        return group, stop

    def _commit(self, group: _Group) -> None:
        size = self._opts.batch_max
        try:
            for lo in range(0, len(group.values), size):
                group.firsts.append(self._write_slice(group.values[lo:lo + size]))
                self._appended = True
        except Exception as exc:
            log.warning("audit append failed (%s); %d events refused", type(exc).__name__,
                        len(group.values) - size * len(group.firsts))
            group.error = exc
        group.settle()

    def _write_slice(self, values: list[s.Entry]) -> int:
        for attempt in range(3):
            try:
                return self._write_batch(values)
            except sa.exc.IntegrityError:  # another process appended first (SQLite): resync, retry
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _write_batch(self, batch: list[s.Entry]) -> int:
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = self._engine.connect()
                conn = self._conn
                if self._stale:  # the head is read under the log's lock, then the group written after it
                    with conn.begin():
                        self._enter_write(conn)
                        first = self._acc.size
                        rows, new_nodes = self._build(batch)
                        self._insert_rows(conn, rows, new_nodes)
                    return first
                # The head is known: no read before the write. If another process appended meanwhile, the first
                # seq collides (primary key): nothing is written, the head is reloaded and the group retried.
                first = self._acc.size
                rows, new_nodes = self._build(batch)
                if self._pg or new_nodes or len(rows) > _ROWS_PER_INSERT:
                    with conn.begin():
                        self._enter_write(conn)  # the lock (and role), no head read: the head is known
                        self._insert_rows(conn, rows, new_nodes)
                else:
                    self._insert_alone(conn, rows)
            except BaseException:
                self._stale = True  # the transaction rolled back: reload the head before the next write
                self._drop_connection()  # and start again from a fresh connection (it may be the one that broke)
                raise
        return first

    def _insert_alone(self, conn: Connection, rows: list[tuple[Any, ...]]) -> None:
        """SQLite, a group that completes no stored tree node: one INSERT that is its own transaction (insert and
        commit in one call into SQLite, so one release of the GIL and one fsync)."""
        driver = conn.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        mode = driver.isolation_level
        driver.isolation_level = None  # autocommit: the statement commits itself, atomically
        try:
            driver.execute(self._insert_events + ", ".join([self._event_marks] * len(rows)),
                           tuple(itertools.chain.from_iterable(rows)))
        except sqlite3.IntegrityError as exc:  # as SQLAlchemy would raise it: another process appended first
            raise sa.exc.IntegrityError(self._insert_events, None, exc) from exc
        finally:
            driver.isolation_level = mode

    def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(sa.exc.SQLAlchemyError):
                conn.close()

    def _insert_rows(self, conn: Connection, rows: list[tuple[Any, ...]],
                     new_nodes: list[tuple[int, int, bytes]]) -> None:
        """The new tree nodes, then the events, in the caller's transaction. PostgreSQL: one COPY per batch (a
        single round trip, no per-parameter statement binding). SQLite: multi-row INSERTs (one statement per
        ``_ROWS_PER_INSERT`` events): one database call, and one release of the GIL, per statement instead of per
        row, so appending threads cannot stall the writer."""
        if new_nodes:
            conn.exec_driver_sql(self._insert_nodes, new_nodes)
        if self._pg:
            import psycopg

            driver = conn.connection.driver_connection
            assert driver is not None
            try:
                with driver.cursor() as cur, cur.copy(self._copy_events) as copy:
                    for row in rows:
                        copy.write_row(row)
            except psycopg.IntegrityError as exc:  # as SQLAlchemy would raise it: another process appended first
                raise sa.exc.IntegrityError(self._copy_events, None, exc) from exc
            return
        for lo in range(0, len(rows), _ROWS_PER_INSERT):
            part = rows[lo:lo + _ROWS_PER_INSERT]
            conn.exec_driver_sql(self._insert_events + ", ".join([self._event_marks] * len(part)),
                                 tuple(itertools.chain.from_iterable(part)))

    def _build(self, batch: list[s.Entry]) -> tuple[list[tuple[Any, ...]], list[tuple[int, int, bytes]]]:
        """Rows in ``_EVENT_COLUMNS`` order (plain tuples for the driver's executemany) and new tree nodes."""
        rows: list[tuple[Any, ...]] = []
        new_nodes: list[tuple[int, int, bytes]] = []
        chain, acc, mac = self._chain, self._acc, self._mac
        for fields in batch:
            seq = acc.size
            leaf = leaf_hash(s.entry_bytes_of(seq, fields))
            chain = chain_hash(chain, leaf)
            rows.append((seq, *fields, leaf, chain, mac(leaf)))
            new_nodes.extend(node for node in acc.append(leaf) if node[0] >= TILE_HEIGHT)
        self._chain = chain
        return rows, new_nodes

    def _final_checkpoint(self) -> None:
        """On a graceful close: sign what is not yet signed, so a shutdown leaves no uncovered tail."""
        if self._appended and self._damage is None and self._acc.size > self._checkpointed:
            try:
                self.checkpoint()
            except Error as exc:
                log.warning("audit checkpoint at shutdown failed: %s", exc.code)

    def _maybe_checkpoint(self) -> None:
        pending = self._acc.size - self._checkpointed
        due = time.monotonic() - self._checkpointed_at >= self._opts.checkpoint_interval
        # a process that only reads (audit verify, export) never signs: it would sign whatever the database holds
        if self._appended and (pending >= self._opts.checkpoint_every or (pending > 0 and due)):
            try:
                self.checkpoint()
            except Error as exc:  # the events are durable; the next trigger retries the checkpoint
                log.warning("audit checkpoint failed: %s", exc.code)
                self._checkpointed_at = time.monotonic()

    # --- head, locking, nodes ----------------------------------------------------------------------------

    def _enter_write(self, conn: Connection) -> None:
        """Serialise with other processes, switch to the INSERT-only role, and resync the head if needed."""
        if not self._pg:
            # the write lock now, before the head is read: a deferred transaction would read a snapshot that
            # another process's append can overtake before our insert
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            # one round trip; both values are constants checked at start-up, never input
            role = f'; SET LOCAL ROLE "{self._opts.pg_role}"' if self._opts.pg_role else ""
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY}){role}")
        if not self._stale:
            # No head query per batch. If another process appended meanwhile, our first seq collides with its
            # (primary key): the batch fails with IntegrityError, and the retry resyncs (the head is stale).
            return
        head = conn.execute(sa.select(s.events.c.seq, s.events.c.chain_hash)
                            .order_by(s.events.c.seq.desc()).limit(1)).first()
        size, chain = (0, GENESIS_CHAIN) if head is None else (int(head[0]) + 1, bytes(head[1]))
        if self._stale or size != self._acc.size or chain != self._chain:
            self._load_head(conn)

    def _load_head(self, conn: Connection) -> None:
        head = conn.execute(sa.select(s.events.c.seq, s.events.c.chain_hash)
                            .order_by(s.events.c.seq.desc()).limit(1)).first()
        if head is None:
            self._acc, self._chain = MerkleAccumulator(), GENESIS_CHAIN
        else:
            size = int(head[0]) + 1
            perfect = self._perfect(conn, size)
            heights = [h for h in range(size.bit_length() - 1, -1, -1) if size >> h & 1]
            roots, start = [], 0
            for h in heights:
                roots.append(perfect(h, start >> h))
                start += 1 << h
            self._acc, self._chain = MerkleAccumulator.from_subtrees(size, roots), bytes(head[1])
        self._stale = False

    def _perfect(self, conn: Connection, tree_size: int,
                 plan: Callable[[merkle.PerfectRoot], object] | None = None) -> merkle.PerfectRoot:
        """Perfect-subtree roots from stored nodes and 256-leaf tiles. With ``plan`` (the proof to compute),
        the nodes it needs are found first by a dry run (a proof's shape does not depend on hash values) and
        read in one query, so a proof costs a query for the nodes plus one per leaf tile it touches."""
        tiles: dict[int, list[list[bytes]]] = {}  # tile -> its levels: leaf hashes, then each level's pairs
        known: dict[tuple[int, int], bytes] = {}
        if plan is not None:
            wanted: set[tuple[int, int]] = set()

            def record(height: int, index: int) -> bytes:
                if height >= TILE_HEIGHT:
                    wanted.add((height, index))
                return bytes(32)

            plan(record)
            if wanted:
                n = s.nodes.c
                known.update(((int(h), int(i)), bytes(v)) for h, i, v in conn.execute(
                    sa.select(n.height, n.idx, n.hash).where(sa.tuple_(n.height, n.idx).in_(sorted(wanted)))))

        def levels(tile: int) -> list[list[bytes]]:
            if tile not in tiles:
                lo = tile << TILE_HEIGHT
                hi = min(lo + (1 << TILE_HEIGHT), tree_size)
                got = conn.exec_driver_sql(self._select_tile, (lo, hi)).fetchall()
                if len(got) != hi - lo or (got and int(got[0][0]) != lo):
                    raise AuditError(_damaged(_holes([int(r[0]) for r in got], lo, hi)))
                tiles[tile] = merkle.subtree_levels([bytes(r[1]) for r in got])
            return tiles[tile]

        def perfect(height: int, index: int) -> bytes:
            if height >= TILE_HEIGHT:
                value = known.get((height, index)) or conn.execute(sa.select(s.nodes.c.hash).where(
                    s.nodes.c.height == height, s.nodes.c.idx == index)).scalar()
                if value is None:
                    raise AuditError("the audit log is missing a tree node (run phigate audit verify)")
                return bytes(value)
            start = index << height
            tile = start >> TILE_HEIGHT
            return levels(tile)[height][(start - (tile << TILE_HEIGHT)) >> height]

        return perfect

    def _require_size(self, conn: Connection, tree_size: int) -> None:
        count = conn.execute(sa.select(sa.func.max(s.events.c.seq))).scalar()
        if tree_size > (-1 if count is None else int(count)) + 1:
            raise InputError("the log does not have that many events yet")

    # --- checkpoints ----------------------------------------------------------------------------------------

    def _write_checkpoint(self, conn: Connection) -> Checkpoint:
        size = self._acc.size
        existing = conn.execute(sa.select(s.checkpoints).where(s.checkpoints.c.tree_size == size)).first()
        if existing is not None:
            return _checkpoint_from_row(existing)
        now = s.format_time(dt.datetime.now(dt.UTC))
        root = self._acc.root()
        body = checkpoint_body(size, root, self._chain, now, self._keys.key_id)
        cp = Checkpoint(tree_size=size, root_hash=root, chain_hash=self._chain, time=s.parse_time(now),
                        key_id=self._keys.key_id, signature=self._keys.signing_key.sign(body), body=body)
        conn.execute(s.checkpoints.insert().values(
            tree_size=size, root_hash=root, chain_hash=self._chain, ts=now, key_id=cp.key_id,
            signature=cp.signature, body=body))
        return cp

    def _publish(self, cp: Checkpoint) -> None:
        """Hand the checkpoint to the witnesses outside the database's reach: the blob store (WORM when
        configured) and the configured witness (syslog). Both are tried; the first failure is raised."""
        doc = checkpoint_document(cp)
        failures: list[AuditError] = []
        if self._store is not None:
            try:
                self._store_checkpoint(cp.tree_size, doc)
            except AuditError as exc:
                failures.append(exc)
        if self._witness is not None:
            try:
                self._witness(doc)
            except Error as exc:
                failures.append(AuditError("the audit checkpoint could not be sent to the witness"))
                failures[-1].__cause__ = exc
        if failures:
            raise failures[0]

    def _store_checkpoint(self, tree_size: int, doc: dict[str, Any]) -> None:
        assert self._store is not None
        key = checkpoint_key(tree_size)
        try:
            self._store.put_stream(key, [json.dumps(doc).encode()])
        except Error as exc:
            raise AuditError("the audit checkpoint could not be written to the blob store") from exc
        days = self._opts.checkpoint_retention_days
        if days:
            until = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
            try:
                self._store.set_retention(key, Retention(RetentionMode.COMPLIANCE, until))
            except StorageError as exc:
                raise AuditError("the audit checkpoint could not be locked (WORM)") from exc

    def checkpoints(self, *, limit: int = 100, before: int | None = None) -> list[Checkpoint]:
        q = sa.select(s.checkpoints).order_by(s.checkpoints.c.tree_size.desc()).limit(limit)
        if before is not None:
            q = q.where(s.checkpoints.c.tree_size < before)
        with self._engine.connect() as conn:
            return [_checkpoint_from_row(r) for r in conn.execute(q)]

    def iter_rows(self, start: int = 0, chunk: int = 20_000) -> Iterator[list[Any]]:
        """Rows ``seq, *entry columns, leaf_hash, chain_hash, mac`` from ``start``, a chunk at a time."""
        cols = [s.events.c.seq, *s.ENTRY_COLUMNS, s.events.c.leaf_hash, s.events.c.chain_hash, s.events.c.mac]
        yield from iter_event_rows(self._engine, cols, start, chunk)


_GAPS = sa.text("SELECT seq, nxt FROM (SELECT seq, LEAD(seq) OVER (ORDER BY seq) AS nxt FROM audit_events) g "
                "WHERE nxt <> seq + 1 ORDER BY seq LIMIT 20")


def _inspect(conn: Connection, checkpointed: int) -> str | None:
    """Why the log must not grow: events missing between its first and last (deleted), or fewer events than the
    newest checkpoint in the database signed (the tail cut). One count at open; the gaps are looked up only when
    the count is short. ``phigate audit verify`` gives the full account."""
    top, count = conn.execute(sa.select(sa.func.max(s.events.c.seq), sa.func.count())).one()
    size = 0 if top is None else int(top) + 1
    holes: list[tuple[int, int]] = []
    if int(count) != size:
        low = int(conn.execute(sa.select(sa.func.min(s.events.c.seq))).scalar() or 0)
        holes = ([(0, low - 1)] if low > 0 else []) + [(int(a) + 1, int(b) - 1) for a, b in conn.execute(_GAPS)]
    if checkpointed > size:
        holes.append((size, checkpointed - 1))
        return _damaged(holes, f"; a signed checkpoint covers {checkpointed} events: the tail was cut")
    return _damaged(holes) if holes else None


def _holes(present: list[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """The ranges of ``lo <= seq < hi`` missing from the sorted ``present``."""
    out, nxt = [], lo
    for seq in [*present, hi]:
        if seq > nxt:
            out.append((nxt, seq - 1))
        nxt = seq + 1
    return out


def _damaged(holes: list[tuple[int, int]], why: str = "") -> str:
    where = ", ".join(f"{a}..{b}" for a, b in holes[:20]) + (" and more" if len(holes) > 20 else "")
    return (f"the audit log is damaged: events seq {where} are missing{why}; appends are refused until it is "
            "investigated (run phigate audit verify)")


def iter_event_rows(engine: Engine, cols: list[Any], start: int, chunk: int) -> Iterator[list[Any]]:
    nxt = start
    while True:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(*cols).where(s.events.c.seq >= nxt)
                                .order_by(s.events.c.seq).limit(chunk)).all()
        if not rows:
            return
        yield [tuple(r) for r in rows]
        nxt = int(rows[-1][0]) + 1


def _checkpoint_from_row(row: Any) -> Checkpoint:
    m = row._mapping
    return Checkpoint(tree_size=int(m["tree_size"]), root_hash=bytes(m["root_hash"]),
                      chain_hash=bytes(m["chain_hash"]), time=s.parse_time(m["ts"]), key_id=m["key_id"],
                      signature=bytes(m["signature"]), body=bytes(m["body"]))
