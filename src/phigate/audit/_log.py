"""``SqlAuditLog``: the AuditLog over the database's audit tables (``ports.AuditStore``), with group commit and
signed checkpoints.

Appends go through one writer thread per process. Callers add their event to the open *group* and wait on
it; the writer swaps the group out, writes it (in transactions of at most ``batch_max`` events) and then
wakes the whole group at once: each caller's sequence number is the group's first plus its place in it
(or it gets an AuditError). One wake-up per group, not per event, keeps the per-event cost low.
Each write holds the log's lock (the store's: an advisory lock on PostgreSQL, the write lock on SQLite);
a writer that knows the head writes without reading it, and one whose head is stale (at start, after a failure,
or after another process appended: the sequence numbers collide) reads it under the lock first, so several
processes can append to one log. The SQL is in ``phigate.backends.db.audit``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phigate.audit import _schema as s
from phigate.audit import merkle
from phigate.audit._keys import SYSTEM_TENANT, AuditKeys, event_mac
from phigate.audit.verifier import (
    GENESIS_CHAIN,
    MerkleAccumulator,
    chain_hash,
    checkpoint_body,
    leaf_hash,
)
from phigate.errors import AuditError, Conflict, Error, InputError, StorageError
from phigate.models import AuditEvent, AuditReport, BlobKey, Checkpoint, Retention, RetentionMode
from phigate.ports import AuditNode, AuditReading, AuditRow, AuditStore, AuditWriting, BlobStore

log = logging.getLogger(__name__)

TILE_HEIGHT = 8
"""Subtree roots of 2**8 leaves and up are stored; smaller ones are recomputed from at most 256 leaf hashes."""
CHECKPOINT_NAMESPACE = "audit-checkpoints"
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
    """The audit log in the phigate database (``db``: its tables). Build it with ``open_audit_log``; ``close()``
    when done (the store's engine stays with its owner)."""

    def __init__(self, db: AuditStore, keys: AuditKeys, store: BlobStore | None,
                 options: LogOptions | None = None, witness: Witness | None = None) -> None:
        self._db = db
        self._witness = witness
        self._keys = keys
        self._mac = event_mac(keys.mac_key)
        self._store = store
        self._opts = options or LogOptions()
        self._lock = threading.Lock()  # guards the in-memory head below
        self._wake = threading.Condition(threading.Lock())  # guards _group and _closed
        self._group = _Group()
        self._closed = False
        self._acc = MerkleAccumulator()
        self._chain = GENESIS_CHAIN
        self._stale = True
        self._target = 1  # the group size the writer lingers for: the size of the last group
        self._damage: str | None = None  # why appends are refused: the log is damaged (see ``_inspect``)
        try:
            with db.reading() as reads:
                last = reads.newest_checkpoint()
                self._damage = _inspect(reads, last)
                if self._damage is None:
                    try:
                        self._load_head(reads)
                    except AuditError as exc:
                        self._damage = exc.message
        except StorageError as exc:
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
    def db(self) -> AuditStore:
        return self._db

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
                with self._db.writing() as tx:
                    if self._stale:
                        self._load_head(tx)
                    cp = self._write_checkpoint(tx)
            except (StorageError, Conflict) as exc:
                raise AuditError("the audit checkpoint could not be written") from exc
            self._checkpointed, self._checkpointed_at = cp.tree_size, time.monotonic()
        self._publish(cp)
        return cp

    def prove_inclusion(self, seq: int, tree_size: int) -> list[bytes]:
        if not 0 <= seq < tree_size:
            raise InputError("the event is not in a tree of that size")
        with self._db.reading() as reads:
            self._require_size(reads, tree_size)
            perfect = self._perfect(reads, tree_size, lambda p: merkle.inclusion_path(p, seq, tree_size))
            return merkle.inclusion_path(perfect, seq, tree_size)

    def prove_consistency(self, old_size: int, new_size: int) -> list[bytes]:
        if not 0 <= old_size <= new_size:
            raise InputError("the old tree must not be larger than the new one")
        with self._db.reading() as reads:
            self._require_size(reads, new_size)
            perfect = self._perfect(reads, new_size, lambda p: merkle.consistency_path(p, old_size, new_size))
            return merkle.consistency_path(perfect, old_size, new_size)

    def root(self, tree_size: int) -> bytes:
        """The Merkle root of the first ``tree_size`` events, from stored nodes."""
        with self._db.reading() as reads:
            self._require_size(reads, tree_size)
            if tree_size == 0:
                return MerkleAccumulator().root()
            return merkle.range_root(self._perfect(reads, tree_size), 0, tree_size)

    def verify(self, public_key: Any = None, witness: Sequence[Path] = ()) -> AuditReport:
        """Recompute the whole log (``_verify.verify_log``); ``witness``: files of checkpoints a witness kept."""
        from phigate.audit._verify import verify_log

        return verify_log(self._db, self._keys, self._store, public_key or self._keys.public_key,
                          witness=witness)

    def check(self) -> None:
        """Readiness: the writer runs and the log's tables answer; AuditError otherwise."""
        if self._closed or not self._writer.is_alive():
            raise AuditError("the audit log is not running")
        self._refuse_if_damaged()
        try:
            self._db.check()
        except StorageError as exc:
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
            self._db.close()  # the writer's connection

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
            except Conflict:  # another process appended first: resync, retry
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _write_batch(self, batch: list[s.Entry]) -> int:
        with self._lock:
            try:
                if self._stale:  # the head is read under the log's lock, then the group written after it
                    with self._db.writing() as tx:
                        self._load_head(tx)
                        first = self._acc.size
                        rows, new_nodes = self._build(batch)
                        tx.insert(rows, new_nodes)
                    return first
                # The head is known: no read before the write. If another process appended meanwhile, the first
                # seq collides (primary key): nothing is written, the head is reloaded and the group retried.
                first = self._acc.size
                rows, new_nodes = self._build(batch)
                self._db.append(rows, new_nodes)
            except BaseException:
                self._stale = True  # the transaction rolled back: reload the head before the next write
                raise
        return first

    def _build(self, batch: list[s.Entry]) -> tuple[list[AuditRow], list[AuditNode]]:
        """Rows in ``ports.AuditRow`` order (plain tuples for the driver) and the new stored tree nodes."""
        rows: list[AuditRow] = []
        new_nodes: list[AuditNode] = []
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

    # --- head and nodes -----------------------------------------------------------------------------------

    def _load_head(self, reads: AuditReading) -> None:
        head = reads.head()
        if head is None:
            self._acc, self._chain = MerkleAccumulator(), GENESIS_CHAIN
        else:
            size = head[0] + 1
            perfect = self._perfect(reads, size)
            heights = [h for h in range(size.bit_length() - 1, -1, -1) if size >> h & 1]
            roots, start = [], 0
            for h in heights:
                roots.append(perfect(h, start >> h))
                start += 1 << h
            self._acc, self._chain = MerkleAccumulator.from_subtrees(size, roots), head[1]
        self._stale = False

    def _perfect(self, reads: AuditReading, tree_size: int,
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
                known.update(reads.nodes(wanted))

        def levels(tile: int) -> list[list[bytes]]:
            if tile not in tiles:
                lo = tile << TILE_HEIGHT
                hi = min(lo + (1 << TILE_HEIGHT), tree_size)
                got = reads.leaves(lo, hi)
                if len(got) != hi - lo or (got and got[0][0] != lo):
                    raise AuditError(_damaged(_holes([r[0] for r in got], lo, hi)))
                tiles[tile] = merkle.subtree_levels([r[1] for r in got])
            return tiles[tile]

        def perfect(height: int, index: int) -> bytes:
            if height >= TILE_HEIGHT:
                value = known.get((height, index)) or reads.nodes([(height, index)]).get((height, index))
                if value is None:
                    raise AuditError("the audit log is missing a tree node (run phigate audit verify)")
                return value
            start = index << height
            tile = start >> TILE_HEIGHT
            return levels(tile)[height][(start - (tile << TILE_HEIGHT)) >> height]

        return perfect

    def _require_size(self, reads: AuditReading, tree_size: int) -> None:
        head = reads.head()
        if tree_size > (-1 if head is None else head[0]) + 1:
            raise InputError("the log does not have that many events yet")

    # --- checkpoints ----------------------------------------------------------------------------------------

    def _write_checkpoint(self, tx: AuditWriting) -> Checkpoint:
        size = self._acc.size
        existing = tx.checkpoint(size)
        if existing is not None:
            return existing
        now = s.format_time(dt.datetime.now(dt.UTC))
        root = self._acc.root()
        body = checkpoint_body(size, root, self._chain, now, self._keys.key_id)
        cp = Checkpoint(tree_size=size, root_hash=root, chain_hash=self._chain, time=s.parse_time(now),
                        key_id=self._keys.key_id, signature=self._keys.signing_key.sign(body), body=body)
        tx.add_checkpoint(cp)
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
        return self._db.checkpoints(limit=limit, before=before)

    def iter_rows(self, start: int = 0, chunk: int = 20_000) -> Iterator[list[AuditRow]]:
        """Rows ``seq, *entry columns, leaf_hash, chain_hash, mac`` from ``start``, a chunk at a time."""
        yield from self._db.rows(start, chunk=chunk)


def _inspect(reads: AuditReading, checkpointed: int) -> str | None:
    """Why the log must not grow: events missing between its first and last (deleted), or fewer events than the
    newest checkpoint in the database signed (the tail cut). One count at open; the gaps are looked up only when
    the count is short. ``phigate audit verify`` gives the full account."""
    span = reads.span()
    low, size, count = (0, 0, 0) if span is None else (span[0], span[1] + 1, span[2])
    holes: list[tuple[int, int]] = []
    if count != size:
        holes = ([(0, low - 1)] if low > 0 else []) + [(a + 1, b - 1) for a, b in reads.gaps(20)]
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
