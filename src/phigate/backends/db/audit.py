"""The append-only audit log's tables (``ports.AuditStore``) on SQLite or PostgreSQL.

``phigate.audit`` keeps the hashing, the Merkle tree, the signatures and every rule; this module only reads and
writes rows. Writes take the log's lock first: on PostgreSQL an advisory lock (then the INSERT-only writer role for
the rest of the transaction), on SQLite the file's write lock (``BEGIN IMMEDIATE``). The events go in through the
driver: one ``COPY`` per batch on PostgreSQL (a single round trip, no per-parameter statement binding),
multi-row INSERTs on SQLite (one database call, and one release of the GIL, per ``_ROWS_PER_INSERT`` events
instead of per row, so appending threads cannot stall the writer).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from phigate._tables import AUDIT_ENTRY_COLUMNS, audit_checkpoints, audit_events, audit_export_cursors, audit_nodes
from phigate.errors import ConfigError, Conflict, StorageError
from phigate.models import Checkpoint
from phigate.ports import AuditNode, AuditQuery, AuditRow

EVENT_COLUMNS = ("seq", "ts", *AUDIT_ENTRY_COLUMNS, "leaf_hash", "chain_hash", "mac")
_ROWS_PER_INSERT = 500  # 20 parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535
_PG_LOCK_KEY = 0x70686961756474  # "phiaudt": the advisory lock that serialises appenders across processes
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_TIME = "%Y-%m-%dT%H:%M:%S.%fZ"  # the log's canonical UTC time text (``audit/_schema.format_time``)
_GAPS = sa.text("SELECT seq, nxt FROM (SELECT seq, LEAD(seq) OVER (ORDER BY seq) AS nxt FROM audit_events) g "
                "WHERE nxt <> seq + 1 ORDER BY seq LIMIT :limit")
_EQUAL = ("tenant", "actor_id", "resource_kind", "resource_id", "action")  # the query's exact-match fields
_e, _n, _cp, _cur = audit_events.c, audit_nodes.c, audit_checkpoints.c, audit_export_cursors.c


class SqlAuditStore:
    """``pg_role``: the PostgreSQL role every write switches to (INSERT and SELECT only), or None to write as the
    connection's own user. The engine stays with its owner (``close`` returns only the writer's connection)."""

    def __init__(self, engine: Engine, *, pg_role: str | None = "phigate_audit_writer") -> None:
        if pg_role is not None and not _ROLE.fullmatch(pg_role):
            raise ConfigError("audit pg_role must be a plain PostgreSQL role name")
        self._engine = engine
        self._pg = engine.dialect.name == "postgresql"
        # one round trip; both values are constants checked here, never input
        self._lock_sql = (f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})"
                          + (f'; SET LOCAL ROLE "{pg_role}"' if pg_role else "")) if self._pg else "BEGIN IMMEDIATE"
        mark = "%s" if engine.dialect.paramstyle in ("format", "pyformat") else "?"
        # constant column names and driver placeholders only: no value is ever formatted into SQL
        self._insert_events = f"INSERT INTO audit_events ({', '.join(EVENT_COLUMNS)}) VALUES "  # noqa: S608
        self._event_marks = f"({', '.join([mark] * len(EVENT_COLUMNS))})"
        self._copy_events = f"COPY audit_events ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
        self._insert_nodes = f"INSERT INTO audit_nodes (height, idx, hash) VALUES ({mark}, {mark}, {mark})"  # noqa: S608
        self._select_tile = (f"SELECT seq, leaf_hash FROM audit_events WHERE seq >= {mark} AND seq < {mark} "  # noqa: S608
                             "ORDER BY seq")
        self._select_rows = (f"SELECT {', '.join(EVENT_COLUMNS)} FROM audit_events "  # noqa: S608
                             f"WHERE seq >= {mark} AND seq < {mark} ORDER BY seq LIMIT ")
        self._conn: Connection | None = None  # the writer's own connection (no pool checkout per batch)
        self._conn_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        return self._engine

    # --- writes ----------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[_Writes]:
        with self._conn_lock, _mapped(), self._on_writer_connection() as conn, conn.begin():
            # the lock before anything is read: a deferred SQLite transaction would read a snapshot that another
            # process's append can overtake before our insert
            conn.exec_driver_sql(self._lock_sql)
            yield _Writes(self, conn)

    def append(self, rows: Sequence[AuditRow], nodes: Sequence[AuditNode]) -> None:
        if self._pg or nodes or len(rows) > _ROWS_PER_INSERT:
            with self.writing() as tx:
                tx.insert(rows, nodes)
            return
        with self._conn_lock, _mapped(), self._on_writer_connection() as conn:
            self._insert_alone(conn, rows)

    @contextlib.contextmanager
    def _on_writer_connection(self) -> Iterator[Connection]:
        """The writer's connection; after any failure it is dropped (it may be the one that broke)."""
        try:
            if self._conn is None:
                self._conn = self._engine.connect()
            yield self._conn
        except BaseException:
            self._drop_connection()
            raise

    def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(sa.exc.SQLAlchemyError):
                conn.close()

    def _insert_alone(self, conn: Connection, rows: Sequence[AuditRow]) -> None:
        """SQLite, a group that completes no stored tree node: one INSERT that is its own transaction (insert and
        commit in one call into SQLite, so one release of the GIL and one fsync)."""
        driver = conn.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        mode = driver.isolation_level
        driver.isolation_level = None  # autocommit: the statement commits itself, atomically
        try:
            driver.execute(self._insert_events + ", ".join([self._event_marks] * len(rows)),
                           tuple(itertools.chain.from_iterable(rows)))
        except sqlite3.IntegrityError as exc:  # another process appended first
            raise Conflict("another writer appended to the audit log first") from exc
        except sqlite3.Error as exc:
            raise StorageError("the audit log cannot be written") from exc
        finally:
            driver.isolation_level = mode

    def _insert(self, conn: Connection, rows: Sequence[AuditRow], nodes: Sequence[AuditNode]) -> None:
        if nodes:
            conn.exec_driver_sql(self._insert_nodes, list(nodes))
        if self._pg:
            import psycopg

            driver = conn.connection.driver_connection
            assert driver is not None
            try:
                with driver.cursor() as cur, cur.copy(self._copy_events) as copy:
                    for row in rows:
                        copy.write_row(row)
            except psycopg.IntegrityError as exc:  # another process appended first
                raise Conflict("another writer appended to the audit log first") from exc
            except psycopg.Error as exc:
                raise StorageError("the audit log cannot be written") from exc
            return
        for lo in range(0, len(rows), _ROWS_PER_INSERT):
            part = rows[lo:lo + _ROWS_PER_INSERT]
            conn.exec_driver_sql(self._insert_events + ", ".join([self._event_marks] * len(part)),
                                 tuple(itertools.chain.from_iterable(part)))

    # --- reads -----------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def reading(self) -> Iterator[_Reads]:
        with _mapped(), self._engine.connect() as conn:
            yield _Reads(self, conn)

    def rows(self, lo: int = 0, hi: int | None = None, chunk: int = 20_000) -> Iterator[list[AuditRow]]:
        sql = self._select_rows + str(int(chunk))
        nxt, end = lo, (1 << 62) if hi is None else hi
        while True:
            with _mapped():
                raw = self._engine.raw_connection()  # through the driver: tuples already (sqlite3, psycopg)
                try:
                    cur = raw.cursor()
                    cur.execute(sql, (nxt, end))
                    rows: list[AuditRow] = list(cur.fetchall())
                except self._engine.dialect.loaded_dbapi.Error as exc:
                    raise StorageError("the audit log's tables cannot be read or written") from exc
                finally:
                    raw.close()
            if not rows:
                return
            yield rows
            nxt = int(rows[-1][0]) + 1

    def event(self, seq: int) -> AuditRow | None:
        with _mapped(), self._engine.connect() as conn:
            row = conn.execute(sa.select(*audit_events.c).where(_e.seq == seq)).first()
        return None if row is None else tuple(row)

    def find(self, query: AuditQuery) -> list[AuditRow]:
        q = sa.select(*audit_events.c).order_by(_e.seq).limit(query.limit)
        for name in _EQUAL:
            value = getattr(query, name)
            if value is not None:
                q = q.where(_e[name] == value)
        if query.since is not None:
            q = q.where(_e.ts >= query.since)
        if query.until is not None:
            q = q.where(_e.ts < query.until)
        if query.patient_hash is not None:  # events naming the patient, and every later event on the same resources
            p = audit_events.alias("named").c
            named = sa.select(p.resource_id).where(p.patient_hash == query.patient_hash, p.resource_id.is_not(None))
            if query.tenant is not None:
                named = named.where(p.tenant == query.tenant)
            q = q.where(sa.or_(_e.patient_hash == query.patient_hash, _e.resource_id.in_(named)))
        if query.after_seq is not None:
            q = q.where(_e.seq > query.after_seq)
        with _mapped(), self._engine.connect() as conn:
            return [tuple(r) for r in conn.execute(q)]

    def seq_from_end(self, count: int) -> int | None:
        with _mapped(), self._engine.connect() as conn:
            seq = conn.execute(sa.select(_e.seq).order_by(_e.seq.desc()).limit(1).offset(count - 1)).scalar()
        return None if seq is None else int(seq)

    def checkpoints(self, *, limit: int, before: int | None = None) -> list[Checkpoint]:
        q = sa.select(audit_checkpoints).order_by(_cp.tree_size.desc()).limit(limit)
        if before is not None:
            q = q.where(_cp.tree_size < before)
        with _mapped(), self._engine.connect() as conn:
            return [_checkpoint_from_row(r) for r in conn.execute(q)]

    def signed_heads(self) -> dict[int, tuple[bytes, bytes]]:
        with _mapped(), self._engine.connect() as conn:
            return {int(r.tree_size): (bytes(r.body), bytes(r.signature))
                    for r in conn.execute(sa.select(_cp.tree_size, _cp.body, _cp.signature))}

    def cursor(self, name: str) -> int | None:
        with _mapped(), self._engine.connect() as conn:
            value = conn.execute(sa.select(_cur.next_seq).where(_cur.name == name)).scalar()
        return None if value is None else int(value)

    def save_cursor(self, name: str, next_seq: int) -> None:
        with _mapped(), self._engine.begin() as conn:
            done = conn.execute(sa.update(audit_export_cursors).where(_cur.name == name).values(next_seq=next_seq))
            if done.rowcount == 0:
                conn.execute(sa.insert(audit_export_cursors).values(name=name, next_seq=next_seq))

    def worker_opener(self) -> Callable[[], AbstractContextManager[SqlAuditStore]] | None:
        url = self._engine.url
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            return None
        return functools.partial(open_reader, url.render_as_string(hide_password=False))

    def check(self) -> None:
        with _mapped(), self._engine.connect() as conn:
            conn.execute(sa.select(sa.func.max(_e.seq)))

    def close(self) -> None:
        with self._conn_lock:
            self._drop_connection()


@contextlib.contextmanager
def open_reader(url: str) -> Iterator[SqlAuditStore]:
    """The store of the log at ``url``, for reading in another process (``audit verify``'s workers)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)  # read only: no connection settings needed
    try:
        yield SqlAuditStore(engine, pg_role=None)
    finally:
        engine.dispose()


class _Reads:
    def __init__(self, store: SqlAuditStore, conn: Connection) -> None:
        self._store = store
        self._conn = conn

    def head(self, before: int | None = None) -> tuple[int, bytes] | None:
        q = sa.select(_e.seq, _e.chain_hash).order_by(_e.seq.desc()).limit(1)
        if before is not None:
            q = q.where(_e.seq < before)
        row = self._conn.execute(q).first()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def span(self) -> tuple[int, int, int] | None:
        low, top, count = self._conn.execute(sa.select(sa.func.min(_e.seq), sa.func.max(_e.seq),
                                                       sa.func.count())).one()
        return None if top is None else (int(low), int(top), int(count))

    def gaps(self, limit: int) -> list[tuple[int, int]]:
        return [(int(a), int(b)) for a, b in self._conn.execute(_GAPS, {"limit": limit})]

    def leaves(self, lo: int, hi: int) -> list[tuple[int, bytes]]:
        return [(int(s), bytes(h)) for s, h in self._conn.exec_driver_sql(self._store._select_tile, (lo, hi))]

    def nodes(self, wanted: Iterable[tuple[int, int]] | None = None) -> dict[tuple[int, int], bytes]:
        q = sa.select(_n.height, _n.idx, _n.hash)
        if wanted is not None:
            pairs = sorted(wanted)
            if not pairs:
                return {}
            q = q.where(_n.height == pairs[0][0], _n.idx == pairs[0][1]) if len(pairs) == 1 else \
                q.where(sa.tuple_(_n.height, _n.idx).in_(pairs))
        return {(int(h), int(i)): bytes(v) for h, i, v in self._conn.execute(q)}

    def checkpoint(self, tree_size: int) -> Checkpoint | None:
        row = self._conn.execute(sa.select(audit_checkpoints).where(_cp.tree_size == tree_size)).first()
        return None if row is None else _checkpoint_from_row(row)

    def newest_checkpoint(self) -> int:
        return int(self._conn.execute(sa.select(sa.func.max(_cp.tree_size))).scalar() or 0)


class _Writes(_Reads):
    def insert(self, rows: Sequence[AuditRow], nodes: Sequence[AuditNode]) -> None:
        self._store._insert(self._conn, rows, nodes)

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        cp = checkpoint
        self._conn.execute(audit_checkpoints.insert().values(
            tree_size=cp.tree_size, root_hash=cp.root_hash, chain_hash=cp.chain_hash,
            ts=cp.time.astimezone(dt.UTC).strftime(_TIME), key_id=cp.key_id, signature=cp.signature, body=cp.body))


@contextlib.contextmanager
def _mapped() -> Iterator[None]:
    """SQLAlchemy's errors as phigate's: a taken sequence number is a Conflict, anything else a StorageError."""
    try:
        yield
    except sa.exc.IntegrityError as exc:
        raise Conflict("another writer appended to the audit log first") from exc
    except sa.exc.SQLAlchemyError as exc:
        raise StorageError("the audit log's tables cannot be read or written") from exc


def _checkpoint_from_row(row: Any) -> Checkpoint:
    m = row._mapping
    return Checkpoint(tree_size=int(m["tree_size"]), root_hash=bytes(m["root_hash"]),
                      chain_hash=bytes(m["chain_hash"]),
                      time=dt.datetime.strptime(m["ts"], _TIME).replace(tzinfo=dt.UTC), key_id=m["key_id"],
                      signature=bytes(m["signature"]), body=bytes(m["body"]))
