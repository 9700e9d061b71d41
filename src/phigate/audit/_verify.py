"""``phigate audit verify``: recompute every event, MAC, chain link, tree node and checkpoint, and say where
each discrepancy is.

Checks, in one pass over the events in sequence order:
- a gap in sequence numbers: events deleted (``missing``);
- an event whose content no longer hashes to its recorded leaf hash: ``edited``, or ``moved`` when it hashes
  correctly under another nearby sequence number (events swapped or renumbered);
- a correct leaf hash without phigate's MAC: ``forged`` (inserted by someone without the audit key);
- a chain link that does not follow from the previous one: ``chain_broken``;
- a stored tree node that differs from the recomputed one: ``node_mismatch``;
- a signed checkpoint whose root or chain head differs from the recomputed one: ``checkpoint_mismatch``.
Then, over the checkpoints (from the database and from the blob store, which the database owner cannot
rewrite): a bad signature or foreign key (``bad_signature``), a checkpoint in the blob store that the database
lacks or holds differently (``checkpoint_missing`` / ``checkpoint_replaced``), and a log shorter than its
newest valid checkpoint (``truncated``: the tail was cut, or an old backup was restored).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.engine import Engine

from phigate.audit import _schema as s
from phigate.audit._keys import SYSTEM_TENANT, AuditKeys
from phigate.audit._log import CHECKPOINT_NAMESPACE, TILE_HEIGHT
from phigate.audit._schema import entry_bytes_of
from phigate.audit.verifier import (
    ENTRY_FIELDS,
    GENESIS_CHAIN,
    MerkleAccumulator,
    VerificationError,
    chain_hash,
    checkpoint_from_json,
    leaf_hash,
    verify_checkpoint,
)
from phigate.errors import Error
from phigate.models import AuditFinding, AuditReport
from phigate.ports import BlobStore

_MOVE_WINDOW = 3  # how far from its place an event is looked for before it is called edited
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode
_LEAF = 1 + len(ENTRY_FIELDS)  # row index of leaf_hash (then chain_hash, mac)
_COLUMNS = ", ".join(("seq", "ts", *ENTRY_FIELDS[1:], "leaf_hash", "chain_hash", "mac"))


def _raw_rows(engine: Engine, chunk: int = 50_000) -> Iterator[list[tuple[Any, ...]]]:
    """All event rows in sequence order, a chunk at a time, through the driver (no ORM overhead)."""
    mark = "%s" if engine.dialect.paramstyle in ("format", "pyformat") else "?"
    sql = f"SELECT {_COLUMNS} FROM audit_events WHERE seq >= {mark} ORDER BY seq LIMIT {int(chunk)}"  # noqa: S608
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        nxt = 0
        while True:
            cur.execute(sql, (nxt,))
            rows: list[tuple[Any, ...]] = list(cur.fetchall())  # tuples already (sqlite3, psycopg)
            if not rows:
                return
            yield rows
            nxt = rows[-1][0] + 1
    finally:
        raw.close()


@dataclass
class _Trusted:
    """Checkpoints whose signature verified: tree size → (root, chain head)."""

    heads: dict[int, tuple[bytes, bytes]] = field(default_factory=dict)


def verify_log(engine: Engine, keys: AuditKeys, store: BlobStore | None,
               public_key: Ed25519PublicKey) -> AuditReport:
    findings: list[AuditFinding] = []
    trusted, n_checkpoints = _check_checkpoints(engine, store, public_key, findings)
    with engine.connect() as conn:
        stored_nodes = {(int(h), int(i)): bytes(v) for h, i, v in conn.execute(
            sa.select(s.nodes.c.height, s.nodes.c.idx, s.nodes.c.hash))}
    acc = MerkleAccumulator()
    chain = GENESIS_CHAIN
    expected = 0
    suspects: list[tuple[Any, ...]] = []
    mac = keys.mac
    for rows in _raw_rows(engine):
        for row in rows:
            seq = row[0]
            if seq != expected:
                findings.append(AuditFinding("missing", f"events seq {expected}..{seq - 1} are missing "
                                             "(deleted)", seq=expected))
            expected = seq + 1
            leaf = leaf_hash(entry_bytes_of(seq, row[1:_LEAF]))
            stored_leaf, stored_chain = bytes(row[_LEAF]), bytes(row[_LEAF + 1])
            flagged = True
            if leaf != stored_leaf:
                suspects.append(row)
            elif mac(leaf) != bytes(row[_LEAF + 2]):
                findings.append(AuditFinding("forged", f"event seq {seq} does not carry phigate's MAC: it was "
                                             "not written by this log (inserted or rewritten)", seq=seq))
            else:
                flagged = False
            link = chain_hash(chain, stored_leaf)
            if link != stored_chain and not flagged:
                findings.append(AuditFinding("chain_broken", f"event seq {seq} does not follow from the "
                                             "event before it in the hash chain", seq=seq))
            chain = stored_chain  # resynchronise, so one bad link is reported once
            for h, i, v in acc.append(leaf):
                if h >= TILE_HEIGHT and stored_nodes.get((h, i)) != v:
                    findings.append(AuditFinding("node_mismatch", f"stored tree node (height {h}, index {i}) "
                                                 "differs from the recomputed one", seq=i << h))
            head = trusted.heads.get(acc.size)
            if head is not None and head != (acc.root(), chain):
                findings.append(AuditFinding("checkpoint_mismatch", f"the log's first {acc.size} events do not "
                                             "match the signed checkpoint of that size", tree_size=acc.size))
    findings.extend(_diagnose(suspects))
    if trusted.heads:
        newest = max(trusted.heads)
        if newest > expected:
            findings.append(AuditFinding("truncated", f"the log ends at {expected} events but a signed checkpoint "
                                         f"covers {newest}: events seq {expected}..{newest - 1} are gone "
                                         "(tail cut, or an older backup restored)", seq=expected,
                                         tree_size=newest))
    findings.sort(key=lambda f: (f.seq if f.seq is not None else f.tree_size or 0, f.kind))
    return AuditReport(events=expected, checkpoints=n_checkpoints, findings=tuple(findings))


def _diagnose(suspects: list[tuple[Any, ...]]) -> list[AuditFinding]:
    """Tell an edited event from one that sits at another event's place."""
    out = []
    for row in suspects:
        seq, stored = row[0], bytes(row[_LEAF])
        candidates = [seq + d for d in range(-_MOVE_WINDOW, _MOVE_WINDOW + 1) if d] + [r[0] for r in suspects]
        home = next((t for t in candidates if t != seq and t >= 0 and
                     leaf_hash(entry_bytes_of(t, row[1:_LEAF])) == stored), None)
        if home is None:
            out.append(AuditFinding("edited", f"event seq {seq} no longer matches its recorded hash "
                                    "(a field was changed)", seq=seq))
        else:
            out.append(AuditFinding("moved", f"the event recorded as seq {home} is stored at seq {seq} "
                                    "(events reordered or renumbered)", seq=seq))
    return out


def _check_checkpoints(engine: Engine, store: BlobStore | None, public_key: Ed25519PublicKey,
                       findings: list[AuditFinding]) -> tuple[_Trusted, int]:
    trusted = _Trusted()
    with engine.connect() as conn:
        db_rows = {int(r.tree_size): (bytes(r.body), bytes(r.signature))
                   for r in conn.execute(sa.select(s.checkpoints.c.tree_size, s.checkpoints.c.body,
                                                   s.checkpoints.c.signature))}
    sources: dict[int, tuple[bytes, bytes]] = dict(db_rows)
    for size, (body, sig) in _blob_checkpoints(store, findings).items():
        if size not in db_rows:
            findings.append(AuditFinding("checkpoint_missing", f"the checkpoint of {size} events in the blob store "
                                         "is missing from the database", tree_size=size))
        elif db_rows[size] != (body, sig):
            findings.append(AuditFinding("checkpoint_replaced", f"the database's checkpoint of {size} events "
                                         "differs from the copy in the blob store", tree_size=size))
        sources.setdefault(size, (body, sig))
        _trust(size, body, sig, public_key, trusted, findings, "blob store")
    for size, (body, sig) in db_rows.items():
        _trust(size, body, sig, public_key, trusted, findings, "database")
    return trusted, len(sources)


def _trust(size: int, body: bytes, sig: bytes, public_key: Ed25519PublicKey, trusted: _Trusted,
           findings: list[AuditFinding], where: str) -> None:
    try:
        parsed = verify_checkpoint(body, sig, public_key)
        if parsed["tree_size"] != size:
            raise VerificationError("checkpoint is filed under another size")
    except VerificationError as exc:
        findings.append(AuditFinding("bad_signature", f"checkpoint of {size} events in the {where}: {exc}",
                                     tree_size=size))
        return
    trusted.heads[size] = (parsed["root_hash"], parsed["chain_hash"])


def _blob_checkpoints(store: BlobStore | None, findings: list[AuditFinding]) -> dict[int, tuple[bytes, bytes]]:
    out: dict[int, tuple[bytes, bytes]] = {}
    if store is None:
        return out
    try:
        keys = list(store.list(SYSTEM_TENANT, CHECKPOINT_NAMESPACE))
        for key in keys:
            raw = b"".join(store.get_stream(key))
            try:
                body, sig = checkpoint_from_json(json.loads(raw))
                out[int(key.object_id)] = (body, sig)
            except (VerificationError, ValueError):
                findings.append(AuditFinding("bad_signature", f"checkpoint blob {key.object_id} is malformed"))
    except Error as exc:
        findings.append(AuditFinding("store_unavailable", f"checkpoints in the blob store cannot be read "
                                     f"({exc.code})"))
    return out
