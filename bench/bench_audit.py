"""Audit log benchmarks: batched appends (SQLite, PostgreSQL), single-event latency, verify over 1,000,000
events, inclusion proof time and size in a 1,000,000-event log.

Targets (issue 6): ≥ 20,000 appends/s on SQLite and ≥ 10,000/s on PostgreSQL with batching (64 concurrent
appenders, each handing over 16 events a call; group commit joins their calls), and single-event latency p50/p99.
One event per call is reported beside the same appends with nothing written: the ceiling that Python's thread
hand-offs set on this machine, whatever the database;
verify of 1M events < 10 s; an inclusion proof in a 1M log < 5 ms with a logarithmic size.
The 1M log is built by bulk insert (the same hashes the writer computes), not through append.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from phigate._tables import audit_events, audit_nodes
from phigate.audit import AuditKeys, LogOptions, SqlAuditLog
from phigate.audit import _schema as schema
from phigate.audit._keys import event_mac
from phigate.audit._log import TILE_HEIGHT
from phigate.audit.verifier import (
    GENESIS_CHAIN,
    MerkleAccumulator,
    chain_hash,
    entry_bytes,
    leaf_hash,
    verify_inclusion,
)
from phigate.backends.db import make_engine, migrate, sqlite_url
from phigate.backends.db.audit import SqlAuditStore
from phigate.backends.storage.filesystem import FilesystemStore
from phigate.models import ActorKind, AuditAction, AuditEvent, PurposeOfUse

PG_ADMIN = os.environ.get("PHIGATE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _event(i: int) -> AuditEvent:
    return AuditEvent(actor_id=f"user-{i % 97}", actor_kind=ActorKind.USER, action=AuditAction.READ,
                      resource_kind="document", resource_id=f"doc-{i}", tenant="acme",
                      purpose=PurposeOfUse.TREATMENT, decision="permit", policy_id="p-1",
                      source_addr="10.1.2.3", request_id=f"req-{i}", object_hash="ab" * 32)


def _open(url: str, tmp: Path) -> SqlAuditLog:
    engine = make_engine(url, durable=True)  # as phigate opens its audit database
    migrate(engine)
    return SqlAuditLog(SqlAuditStore(engine), AuditKeys.generate(), FilesystemStore(tmp / f"blobs-{uuid.uuid4().hex}"),
                       LogOptions(checkpoint_every=10_000, checkpoint_interval=3600.0, batch_max=2000))


def _appends(log: SqlAuditLog, total: int, threads: int, per_call: int = 1) -> float:
    """Events/s with ``threads`` concurrent appenders; with ``per_call`` > 1 each hands that many events to
    ``append_many`` at a time (a stage recording several events)."""
    per = total // threads // per_call

    def work(w: int) -> None:
        for i in range(per):
            first = (w * per + i) * per_call
            if per_call == 1:
                log.append(_event(first))
            else:
                log.append_many([_event(first + j) for j in range(per_call)])

    pool = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    t0 = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return per * threads * per_call / (time.perf_counter() - t0)


class _NothingWritten(SqlAuditLog):
    """The same appends, hand-offs and group waits with the database write left out: the most that 64 Python
    threads calling ``append`` one event at a time can reach in this interpreter on this machine."""

    def _commit(self, group: Any) -> None:
        group.firsts.append(0)
        group.settle()


def _engine(log: SqlAuditLog) -> Engine:
    assert isinstance(log.db, SqlAuditStore)
    return log.db.engine


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _latency(log: SqlAuditLog, n: int) -> tuple[float, float]:
    samples = []
    for i in range(n):
        t0 = time.perf_counter()
        log.append(_event(i))
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def _pg_url() -> tuple[str, str] | None:
    try:
        import psycopg

        name = f"phigate_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", name
    except Exception:
        return None


def _drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _bulk_build(url: str, tmp: Path, n: int) -> SqlAuditLog:
    """A log of ``n`` events written by bulk insert, with its tree nodes and one signed checkpoint."""
    engine = make_engine(url)
    migrate(engine)
    keys = AuditKeys.generate()
    mac = event_mac(keys.mac_key)
    acc, chain = MerkleAccumulator(), GENESIS_CHAIN
    base = schema.entry_dict(schema.entry_values(_event(0), "2026-01-01T00:00:00.000000Z", None))
    chunk = 50_000
    with engine.begin() as conn:
        for lo in range(0, n, chunk):
            rows: list[dict[str, Any]] = []
            new_nodes: list[dict[str, Any]] = []
            for seq in range(lo, min(n, lo + chunk)):
                values = dict(base, resource_id=f"doc-{seq}", request_id=f"req-{seq}")
                leaf = leaf_hash(entry_bytes(seq, values))
                chain = chain_hash(chain, leaf)
                values["ts"] = values.pop("time")
                rows.append({**values, "seq": seq, "leaf_hash": leaf, "chain_hash": chain, "mac": mac(leaf)})
                new_nodes.extend({"height": h, "idx": i, "hash": v} for h, i, v in acc.append(leaf)
                                 if h >= TILE_HEIGHT)
            conn.execute(audit_events.insert(), rows)
            if new_nodes:
                conn.execute(audit_nodes.insert(), new_nodes)
    log = SqlAuditLog(SqlAuditStore(engine), keys, FilesystemStore(tmp / "blobs-big"),
                      LogOptions(checkpoint_every=10**9, checkpoint_interval=3600.0))
    log.checkpoint()
    return log


def run(quick: bool) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [{"area": "audit", "name": "load average at start (1, 5, 15 min)",
                                      "value": _load(), "unit": "/proc/loadavg"}]
    total = 4_000 if quick else 40_000
    big = 100_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        log = _open(sqlite_url(tmp / "a.db"), tmp)
        try:
            _appends(log, 1000, 4)  # warm up
            rate = statistics.median(_appends(log, total, 64) for _ in range(3))
            many = statistics.median(_appends(log, total, 64, 16) for _ in range(3))
            p50, p99 = _latency(log, 300)
        finally:
            log.close()
        ceiling_log = _NothingWritten(log.db, AuditKeys.generate(), None,
                                      LogOptions(checkpoint_every=10**9, checkpoint_interval=3600.0))
        try:
            ceiling = statistics.median(_appends(ceiling_log, total, 64) for _ in range(3))
        finally:
            ceiling_log.close()
        rows += [
            {"area": "audit", "name": "appends/s, 64 appenders, one event per call, nothing written "
             "(the interpreter's thread hand-off ceiling)", "value": ceiling, "unit": "events/s"},
            {"area": "audit", "name": "appends/s SQLite (64 appenders, one event per call)", "value": rate,
             "unit": "events/s", "baseline": ceiling, "ratio": rate / ceiling},
            {"area": "audit", "name": "appends/s SQLite, batched (64 appenders, append_many of 16)", "value": many,
             "unit": "events/s", "target": ">= 20000", "ok": many >= 20_000},
            {"area": "audit", "name": "append latency p50 SQLite (1 appender)", "value": p50, "unit": "ms"},
            {"area": "audit", "name": "append latency p99 SQLite (1 appender)", "value": p99, "unit": "ms"},
        ]
        pg = _pg_url()
        if pg is None:
            rows.append({"area": "audit", "name": "appends/s PostgreSQL", "value": "skipped",
                         "unit": "PostgreSQL unreachable"})
        else:
            url, name = pg
            log = _open(url, tmp)
            try:
                _appends(log, 1000, 4)
                rate = statistics.median(_appends(log, total, 64) for _ in range(3))
                many = statistics.median(_appends(log, total, 64, 16) for _ in range(3))
                p50, p99 = _latency(log, 300)
            finally:
                log.close()
                _engine(log).dispose()
                _drop_pg(name)
            rows += [
                {"area": "audit", "name": "appends/s PostgreSQL (64 appenders, one event per call)", "value": rate,
                 "unit": "events/s", "baseline": ceiling, "ratio": rate / ceiling},
                {"area": "audit", "name": "appends/s PostgreSQL, batched (64 appenders, append_many of 16)",
                 "value": many, "unit": "events/s", "target": ">= 10000", "ok": many >= 10_000},
                {"area": "audit", "name": "append latency p50 PostgreSQL", "value": p50, "unit": "ms"},
                {"area": "audit", "name": "append latency p99 PostgreSQL", "value": p99, "unit": "ms"},
            ]
        t0 = time.perf_counter()
        log = _bulk_build(sqlite_url(tmp / "big.db"), tmp, big)
        build_s = time.perf_counter() - t0
        try:
            t0 = time.perf_counter()  # opening counts the events once: a deleted one refuses appends (issue 13)
            SqlAuditLog(log.db, log.keys, None, LogOptions(checkpoint_interval=3600.0)).close()
            open_ms = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            report = log.verify()
            verify_s = time.perf_counter() - t0
            assert report.ok, report.findings[:3]
            cp = log.checkpoints(limit=1)[0]
            with _engine(log).connect() as conn:
                leaves = dict(conn.execute(audit_events.select().with_only_columns(
                    audit_events.c.seq, audit_events.c.leaf_hash)
                    .where(audit_events.c.seq.in_(picks := random.sample(range(big), 200)))).all())
            timings, sizes = [], []
            for seq in picks:
                t0 = time.perf_counter()
                path = log.prove_inclusion(seq, big)
                timings.append((time.perf_counter() - t0) * 1000)
                sizes.append(len(path))
                verify_inclusion(bytes(leaves[seq]), seq, big, path, cp.root_hash)
        finally:
            log.close()
        label = f"{big:,}"
        rows += [
            {"area": "audit", "name": f"bulk build of {label} events (setup)", "value": build_s, "unit": "s"},
            {"area": "audit", "name": f"open a log of {label} events (the damage check at start-up)",
             "value": open_ms, "unit": "ms"},
            {"area": "audit", "name": f"verify {label} events (SQLite)", "value": verify_s, "unit": "s",
             "target": "< 10" if not quick else "", "ok": verify_s < 10 if not quick else None},
            {"area": "audit", "name": f"inclusion proof in {label} (median)", "value": statistics.median(timings),
             "unit": "ms", "target": "< 5", "ok": statistics.median(timings) < 5},
            {"area": "audit", "name": f"inclusion proof in {label} (max of 200)", "value": max(timings),
             "unit": "ms"},
            {"area": "audit", "name": f"inclusion proof size in {label}", "value": max(sizes),
             "unit": f"hashes (log2 n = {(big - 1).bit_length()})", "ok": max(sizes) <= (big - 1).bit_length()},
        ]
    return rows
