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

import bisect
import collections
import functools
import json
import logging
import multiprocessing
import os
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from phigate.audit import merkle
from phigate.audit._keys import SYSTEM_TENANT, AuditKeys, event_mac
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
    parse_checkpoint,
    verify_checkpoint,
)
from phigate.errors import Error
from phigate.models import AuditFinding, AuditReport
from phigate.ports import AuditStore, BlobStore

log = logging.getLogger(__name__)
_MOVE_WINDOW = 3  # how far from its place an event is looked for before it is called edited
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode
_LEAF = 1 + len(ENTRY_FIELDS)  # row index of leaf_hash (then chain_hash, mac)
_ROWS_CHUNK = 50_000


@dataclass
class _Trusted:
    """Checkpoints whose signature verified: tree size → (root, chain head)."""

    heads: dict[int, tuple[bytes, bytes]] = field(default_factory=dict)


@dataclass
class _Scan:
    """What one pass over a range of rows found: per-event findings, rows whose content does not hash to their
    leaf (diagnosed later, with every other such row in view), the recomputed leaves, and the stored chain head
    after each event whose size a trusted checkpoint names (``heads``: tree size → chain head)."""

    findings: list[AuditFinding] = field(default_factory=list)
    suspects: list[tuple[Any, ...]] = field(default_factory=list)
    leaves: list[bytes] = field(default_factory=list)
    heads: dict[int, bytes] = field(default_factory=dict)
    last: tuple[int, bytes] = (-1, GENESIS_CHAIN)  # seq and stored chain head of the range's last event


def _scan(batches: Iterable[list[tuple[Any, ...]]], prev: tuple[int, bytes], mac_key: bytes,
          sizes: Container[int], position: int) -> _Scan:
    """Check each event's content, MAC and chain link, starting after the event ``prev`` = (seq, chain head),
    whose leaf is expected at tree ``position``."""
    out = _Scan(last=prev)
    findings, suspects, leaves, heads = out.findings, out.suspects, out.leaves, out.heads
    expected, chain = prev[0] + 1, prev[1]
    mac = event_mac(mac_key)
    for rows in batches:
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
            if chain_hash(chain, stored_leaf) != stored_chain and not flagged:
                findings.append(AuditFinding("chain_broken", f"event seq {seq} does not follow from the "
                                             "event before it in the hash chain", seq=seq))
            chain = stored_chain  # resynchronise, so one bad link is reported once
            leaves.append(leaf)
            position += 1
            if position in sizes:
                heads[position] = chain
    out.last = (expected - 1, chain)
    return out


def _scan_range(opener: Callable[[], AbstractContextManager[AuditStore]], mac_key: bytes, lo: int, hi: int,
                sizes: frozenset[int]) -> _Scan:
    """A worker process's share: the events ``lo <= seq < hi`` of the log ``opener`` opens."""
    with opener() as db:
        with db.reading() as reads:
            before = reads.head(before=lo)
        return _scan(db.rows(lo, hi, _ROWS_CHUNK), before or (-1, GENESIS_CHAIN), mac_key, sizes, lo)


def _scans(db: AuditStore, keys: AuditKeys, sizes: frozenset[int], workers: int | None,
           chunk: int) -> Iterator[tuple[int, _Scan]]:
    """The log's events in order, scanned in ranges of ``chunk`` sequence numbers by ``workers`` processes (a
    large log on a machine with more than one core), or here in this process; with each range, the tree position
    its first event was assumed to have (its first sequence number: right unless events are missing)."""
    with db.reading() as reads:
        top = reads.head()
    end = 0 if top is None else top[0] + 1
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if end >= 2 * chunk else 1
    opener = db.worker_opener() if workers > 1 else None
    if opener is None:
        yield 0, _scan(db.rows(chunk=_ROWS_CHUNK), (-1, GENESIS_CHAIN), keys.mac_key, sizes, 0)
        return
    # spawn, not fork: the caller may run threads (the audit writer, a server) that a fork would copy mid-step.
    # Each worker gets the MAC key over its pipe (same user, same machine) and opens its own connection; at most
    # ``workers`` ranges wait finished ahead of the one being merged, so memory stays bounded on any log size.
    pending: collections.deque[tuple[int, Future[_Scan]]] = collections.deque()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            for lo in range(0, end, chunk):
                hi = min(lo + chunk, end)
                ranged = frozenset(n for n in sizes if lo < n <= hi)
                pending.append((lo, pool.submit(_scan_range, opener, keys.mac_key, lo, hi, ranged)))
                if len(pending) > workers:
                    first, done = pending.popleft()
                    yield first, done.result()
            while pending:
                first, done = pending.popleft()
                yield first, done.result()
        finally:
            for _, future in pending:
                future.cancel()


def verify_log(db: AuditStore, keys: AuditKeys, store: BlobStore | None, public_key: Ed25519PublicKey, *,
               witness: Sequence[Path] = (), workers: int | None = None, chunk: int = 1 << 17) -> AuditReport:
    """Recompute the whole log. With ``workers`` > 1 (by default: a large log and several cores) the per-event
    checks run in that many processes, a range of ``chunk`` sequence numbers each; the tree and the checkpoints
    are checked here, over the leaves in order, so the report is the same either way."""
    findings: list[AuditFinding] = []
    trusted, n_checkpoints = _check_checkpoints(db, {"blob store": _blob_checkpoints(store, findings),
                                                         "witness": _witness_checkpoints(witness, findings)},
                                                public_key, findings)
    with db.reading() as reads:
        stored_nodes = reads.nodes()
    try:
        done = _recompute(db, keys, trusted, stored_nodes, workers, chunk)
    except (BrokenProcessPool, OSError, ValueError) as exc:  # no worker processes here (sandbox, limits, or a
        # spawn that fails inside CPython's fork_exec with "bad value(s) in fds_to_keep"): do it all in this one;
        # a ValueError of the log itself is raised again by the one-process pass
        log.warning("audit verify could not use worker processes (%s); verifying in one process",
                    type(exc).__name__)
        done = None
    if done is None:  # events are missing (tree positions no longer follow sequence numbers): one ordered pass
        done = _recompute(db, keys, trusted, stored_nodes, 1, chunk)
        assert done is not None
    expected, more = done
    findings.extend(more)
    if trusted.heads:
        newest = max(trusted.heads)
        if newest > expected:
            findings.append(AuditFinding("truncated", f"the log ends at {expected} events but a signed checkpoint "
                                         f"covers {newest}: events seq {expected}..{newest - 1} are gone "
                                         "(tail cut, or an older backup restored)", seq=expected,
                                         tree_size=newest))
    findings.sort(key=lambda f: (f.seq if f.seq is not None else f.tree_size or 0, f.kind))
    return AuditReport(events=expected, checkpoints=n_checkpoints, findings=tuple(findings))


def _recompute(db: AuditStore, keys: AuditKeys, trusted: _Trusted, stored_nodes: dict[tuple[int, int], bytes],
               workers: int | None, chunk: int) -> tuple[int, list[AuditFinding]] | None:
    """Scan every event and rebuild the tree: (events, findings), or None when a range's events turned out not to
    sit at the tree positions assumed for them (events missing before it)."""
    findings: list[AuditFinding] = []
    suspects: list[tuple[Any, ...]] = []
    tree = _Tree(stored_nodes, trusted, findings)
    expected = 0
    for position, part in _scans(db, keys, frozenset(trusted.heads), workers, chunk):
        if position != tree.acc.size:
            return None
        findings.extend(part.findings)
        suspects.extend(part.suspects)
        tree.grow(part.leaves, part.heads)
        expected = max(expected, part.last[0] + 1)
    findings.extend(_diagnose(suspects))
    return expected, findings


class _Tree:
    """The Merkle tree rebuilt from the recomputed leaves, checked against the stored nodes and the trusted
    checkpoints. Whole 256-leaf tiles are hashed level by level and added as one subtree (far fewer Python steps
    than a leaf at a time); a checkpoint inside a tile is checked from the tile's levels."""

    def __init__(self, stored_nodes: dict[tuple[int, int], bytes], trusted: _Trusted,
                 findings: list[AuditFinding]) -> None:
        self.acc = MerkleAccumulator()
        self._nodes = stored_nodes
        self._heads = trusted.heads
        self._sizes = sorted(trusted.heads)
        self._findings = findings

    def grow(self, leaves: list[bytes], chains: dict[int, bytes]) -> None:
        acc, width, i = self.acc, 1 << TILE_HEIGHT, 0
        while i < len(leaves):
            if acc.size % width or len(leaves) - i < width:
                self._compare(acc.append(leaves[i]))
                self._check(acc.size, chains, acc.root)
                i += 1
                continue
            levels = merkle.subtree_levels(leaves[i:i + width])
            base = acc.size
            for size in self._sizes[bisect.bisect_right(self._sizes, base):
                                    bisect.bisect_left(self._sizes, base + width)]:
                heights = [h for h in range(TILE_HEIGHT - 1, -1, -1) if (size - base) >> h & 1]
                subtrees, offset = [], 0
                for h in heights:
                    subtrees.append(levels[h][offset >> h])
                    offset += 1 << h
                self._check(size, chains, functools.partial(acc.root_with, subtrees, heights))
            self._compare(acc.append_subtree(TILE_HEIGHT, levels[-1][0]))
            self._check(acc.size, chains, acc.root)
            i += width

    def _compare(self, completed: list[tuple[int, int, bytes]]) -> None:
        for h, i, v in completed:
            if h >= TILE_HEIGHT and self._nodes.get((h, i)) != v:
                self._findings.append(AuditFinding("node_mismatch", f"stored tree node (height {h}, index {i}) "
                                                   "differs from the recomputed one", seq=i << h))

    def _check(self, size: int, chains: dict[int, bytes], root: Callable[[], bytes]) -> None:
        head = self._heads.get(size)
        if head is not None and head != (root(), chains.get(size)):
            self._findings.append(AuditFinding("checkpoint_mismatch", f"the log's first {size} events do not match "
                                               "the signed checkpoint of that size", tree_size=size))


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


def _check_checkpoints(db: AuditStore, witnesses: dict[str, dict[int, tuple[bytes, bytes]]],
                       public_key: Ed25519PublicKey, findings: list[AuditFinding]) -> tuple[_Trusted, int]:
    """Trust every checkpoint whose signature verifies, from the database and from each witness outside it (the
    blob store, the syslog witness's records); a witness's checkpoint the database lacks or holds differently
    is a finding."""
    trusted = _Trusted()
    db_rows = db.signed_heads()
    sources: dict[int, tuple[bytes, bytes]] = dict(db_rows)
    for where, copies in witnesses.items():
        for size, (body, sig) in copies.items():
            if size not in db_rows:
                findings.append(AuditFinding("checkpoint_missing", f"the checkpoint of {size} events in the {where} "
                                             "is missing from the database", tree_size=size))
            elif db_rows[size] != (body, sig):
                findings.append(AuditFinding("checkpoint_replaced", f"the database's checkpoint of {size} events "
                                             f"differs from the copy in the {where}", tree_size=size))
            sources.setdefault(size, (body, sig))
            _trust(size, body, sig, public_key, trusted, findings, where)
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


def _witness_checkpoints(paths: Sequence[Path], findings: list[AuditFinding]) -> dict[int, tuple[bytes, bytes]]:
    """Checkpoints a witness recorded: every line of each file that holds a checkpoint's JSON (a syslog receiver's
    log of the ``CHECKPOINT`` messages, or JSON Lines of ``phigate audit checkpoint`` output)."""
    out: dict[int, tuple[bytes, bytes]] = {}
    decoder = json.JSONDecoder()
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            findings.append(AuditFinding("witness_unavailable", "a witness file cannot be read"))
            continue
        for number, line in enumerate(lines, 1):
            start = line.find('{"')
            if start < 0 or '"signature"' not in line:
                continue
            try:
                body, sig = checkpoint_from_json(decoder.raw_decode(line, start)[0])
                size = int(parse_checkpoint(body)["tree_size"])
            except (VerificationError, ValueError, TypeError):
                findings.append(AuditFinding("bad_signature", f"line {number} of a witness file holds a malformed "
                                             "checkpoint"))
                continue
            if out.get(size, (body, sig)) != (body, sig):
                findings.append(AuditFinding("bad_signature", f"the witness holds two different checkpoints of "
                                             f"{size} events", tree_size=size))
            out.setdefault(size, (body, sig))
    return out


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
