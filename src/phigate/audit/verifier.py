"""Standalone verifier for phigate's audit log, for auditors.

This file imports only the Python standard library and ``cryptography``, and shares no state with a phigate
server: copy it anywhere and run ``python verifier.py --help``. The server imports its hashing functions from
here, so both sides compute the same bytes. The format is described in ``docs/audit.md``.

- Leaves and nodes follow RFC 9162 (Certificate Transparency 2.0): ``leaf = SHA-256(0x00 || entry)``,
  ``node = SHA-256(0x01 || left || right)``; inclusion and consistency proofs are RFC 9162 §2.1.3 and §2.1.4.
- Each event's entry is a canonical JSON array (see ``entry_bytes``); the hash chain is
  ``chain[i] = SHA-256(chain[i-1] || leaf[i])`` with ``chain[-1]`` = 32 zero bytes.
- A checkpoint is a short text note signed with Ed25519 (see ``checkpoint_body``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ENTRY_VERSION = "phigate.audit.v1"
CHECKPOINT_HEADER = "phigate.audit.checkpoint.v1"
GENESIS_CHAIN = bytes(32)
# The order of the fields in an entry. Never reorder: it is part of the signed format.
ENTRY_FIELDS: tuple[str, ...] = (
    "time", "tenant", "actor_kind", "actor_id", "action", "resource_kind", "resource_id", "purpose",
    "decision", "policy_id", "outcome", "source_addr", "request_id", "object_hash", "patient_hash", "detail",
)


class VerificationError(Exception):
    """A proof, signature or log did not verify; the message says what and where."""


# --- hashing -----------------------------------------------------------------------------------------------


def entry_bytes(seq: int, fields: Mapping[str, str | None]) -> bytes:
    """The canonical bytes of event ``seq``: ``[version, seq, *fields in ENTRY_FIELDS order]`` as compact JSON
    (ASCII only, so every implementation produces the same bytes)."""
    values: list[object] = [ENTRY_VERSION, seq]
    values.extend(fields.get(name) for name in ENTRY_FIELDS)
    return json.dumps(values, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def chain_hash(previous: bytes, leaf: bytes) -> bytes:
    return hashlib.sha256(previous + leaf).digest()


def key_id(public_key: bytes) -> str:
    """A short, stable name for an Ed25519 public key (its raw 32 bytes)."""
    return hashlib.sha256(b"phigate.audit.ed25519\x00" + public_key).hexdigest()[:16]


class MerkleAccumulator:
    """The RFC 9162 Merkle tree head over a growing list of leaf hashes, in O(log n) memory.

    It keeps the roots of the perfect subtrees that make up the tree (the "compact range"): appending a leaf
    merges equal-sized neighbours, and the head folds them from the right, which is exactly RFC 9162's MTH.
    """

    __slots__ = ("_stack", "size")

    def __init__(self) -> None:
        self._stack: list[tuple[int, bytes]] = []  # (height, hash), heights strictly decreasing
        self.size = 0

    @classmethod
    def from_subtrees(cls, size: int, roots: Sequence[bytes]) -> MerkleAccumulator:
        """Resume from the roots of the perfect subtrees of a tree of ``size`` leaves (left to right)."""
        acc = cls()
        heights = [h for h in range(size.bit_length() - 1, -1, -1) if size >> h & 1]
        if len(heights) != len(roots):
            raise VerificationError("compact range does not match the tree size")
        acc._stack = list(zip(heights, roots, strict=True))
        acc.size = size
        return acc

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the perfect-subtree nodes this completed as ``(height, index, hash)``."""
        completed = []
        height, value = 0, leaf
        stack = self._stack
        while stack and stack[-1][0] == height:
            _, left = stack.pop()
            value = node_hash(left, value)
            height += 1
            completed.append((height, (self.size + 1 >> height) - 1, value))
        stack.append((height, value))
        self.size += 1
        return completed

    def append_subtree(self, height: int, value: bytes) -> list[tuple[int, int, bytes]]:
        """Add the root of a perfect subtree of ``2**height`` leaves that starts at the current size (which must be
        a multiple of its width): the same as appending its leaves one by one, in one step."""
        if self.size % (1 << height):
            raise VerificationError("a subtree must start at a multiple of its width")
        completed = [(height, self.size >> height, value)]
        stack = self._stack
        while stack and stack[-1][0] == height:
            _, left = stack.pop()
            value = node_hash(left, value)
            height += 1
            completed.append((height, ((self.size + (1 << completed[0][0])) >> height) - 1, value))
        stack.append((height, value))
        self.size += 1 << completed[0][0]
        return completed

    def root_with(self, subtrees: Sequence[bytes] = (), heights: Sequence[int] = ()) -> bytes:
        """The root of this tree extended by perfect subtrees (left to right, strictly decreasing heights)."""
        stack = self._stack + list(zip(heights, subtrees, strict=True))
        if not stack:
            return hashlib.sha256(b"").digest()
        value = stack[-1][1]
        for _, left in reversed(stack[:-1]):
            value = node_hash(left, value)
        return value

    def root(self) -> bytes:
        return self.root_with()


def root_of_leaves(leaves: Iterable[bytes]) -> bytes:
    acc = MerkleAccumulator()
    for leaf in leaves:
        acc.append(leaf)
    return acc.root()


# --- proofs (RFC 9162 §2.1.3.2 and §2.1.4.2) -----------------------------------------------------------------


def verify_inclusion(leaf: bytes, index: int, tree_size: int, path: Sequence[bytes], root: bytes) -> None:
    """Raise VerificationError unless ``path`` proves leaf ``index`` is in the tree of ``tree_size`` with ``root``."""
    if not 0 <= index < tree_size:
        raise VerificationError("leaf index outside the tree")
    fn, sn, r = index, tree_size - 1, leaf
    for p in path:
        if sn == 0:
            raise VerificationError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0 or r != root:
        raise VerificationError("inclusion proof does not lead to the root")


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes,
                       path: Sequence[bytes]) -> None:
    """Raise VerificationError unless ``path`` proves the tree ``old_size`` is a prefix of ``new_size``."""
    if not 0 <= old_size <= new_size:
        raise VerificationError("old tree is larger than the new one")
    if old_size == new_size:
        if path or old_root != new_root:
            raise VerificationError("equal sizes must have equal roots and an empty proof")
        return
    if old_size == 0:
        if path:
            raise VerificationError("a proof from the empty tree must be empty")
        return
    if not path:
        raise VerificationError("consistency proof is empty")
    nodes = list(path)
    if old_size & (old_size - 1) == 0:
        nodes.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = nodes[0]
    for c in nodes[1:]:
        if sn == 0:
            raise VerificationError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0 or fr != old_root or sr != new_root:
        raise VerificationError("consistency proof does not lead to both roots")


# --- checkpoints ---------------------------------------------------------------------------------------------


def checkpoint_body(tree_size: int, root: bytes, chain: bytes, time: str, signer: str) -> bytes:
    """The exact bytes an Ed25519 checkpoint signature covers: six lines of ASCII text."""
    lines = [CHECKPOINT_HEADER, signer, str(tree_size), root.hex(), chain.hex(), time]
    return ("\n".join(lines) + "\n").encode("ascii")


def parse_checkpoint(body: bytes) -> dict[str, Any]:
    try:
        header, signer, size, root, chain, time, end = body.decode("ascii").split("\n")
        if header != CHECKPOINT_HEADER or end != "" or not size.isdigit():
            raise ValueError("layout")
        root_hash, chain_head = bytes.fromhex(root), bytes.fromhex(chain)
    except (UnicodeDecodeError, ValueError) as exc:
        raise VerificationError("checkpoint is malformed") from exc
    if len(root_hash) != 32 or len(chain_head) != 32:
        raise VerificationError("checkpoint is malformed")
    return {"key_id": signer, "tree_size": int(size), "root_hash": root_hash, "chain_hash": chain_head,
            "time": time}


def verify_checkpoint(body: bytes, signature: bytes, public_key: Ed25519PublicKey) -> dict[str, Any]:
    """Check the signature and the signer's key id; return the parsed checkpoint."""
    parsed = parse_checkpoint(body)
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if parsed["key_id"] != key_id(raw):
        raise VerificationError("checkpoint was signed by another key")
    try:
        public_key.verify(signature, body)
    except InvalidSignature as exc:
        raise VerificationError("checkpoint signature is invalid") from exc
    return parsed


def checkpoint_from_json(doc: Mapping[str, Any]) -> tuple[bytes, bytes]:
    """``{"body": text, "signature": base64}`` (the form phigate exports) → (body, signature)."""
    try:
        return str(doc["body"]).encode("ascii"), base64.b64decode(str(doc["signature"]), validate=True)
    except (KeyError, ValueError, TypeError) as exc:
        raise VerificationError("checkpoint JSON is malformed") from exc


def load_public_key(pem_or_raw: bytes) -> Ed25519PublicKey:
    try:
        if pem_or_raw.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(pem_or_raw)
        else:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(pem_or_raw.decode().strip()))
    except ValueError as exc:
        raise VerificationError("public key is not an Ed25519 key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise VerificationError("public key is not an Ed25519 key")
    return key


# --- exported logs -------------------------------------------------------------------------------------------


def verify_exported_log(lines: Iterable[str], checkpoint: Mapping[str, Any]) -> int:
    """Recompute the first ``tree_size`` events of a JSON Lines export (``phigate audit export --format jsonl``
    from seq 0) and compare with a verified checkpoint. Returns the number of events checked."""
    size = int(checkpoint["tree_size"])
    acc = MerkleAccumulator()
    chain = GENESIS_CHAIN
    for line in lines:
        if acc.size == size:
            break
        if not line.strip():
            continue
        try:
            event = json.loads(line)
            seq = int(event["seq"])
        except (ValueError, KeyError, TypeError) as exc:
            raise VerificationError(f"line for event {acc.size} is malformed") from exc
        if seq != acc.size:
            raise VerificationError(f"expected event seq {acc.size}, found seq {seq} (missing or reordered)")
        leaf = leaf_hash(entry_bytes(seq, event))
        if "leaf_hash" in event and event["leaf_hash"] != leaf.hex():
            raise VerificationError(f"event seq {seq} does not match its recorded leaf hash (edited)")
        chain = chain_hash(chain, leaf)
        acc.append(leaf)
    if acc.size != size:
        raise VerificationError(f"export holds {acc.size} events, the checkpoint covers {size} (truncated)")
    if acc.root() != checkpoint["root_hash"]:
        raise VerificationError("recomputed Merkle root differs from the checkpoint")
    if chain != checkpoint["chain_hash"]:
        raise VerificationError("recomputed hash chain differs from the checkpoint")
    return size


# --- command line ----------------------------------------------------------------------------------------------


def _read_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise VerificationError(f"cannot read JSON from {path}") from exc


def _checked_checkpoint(path: str, key_path: str) -> dict[str, Any]:
    body, signature = checkpoint_from_json(_read_json(path))
    return verify_checkpoint(body, signature, load_public_key(Path(key_path).read_bytes()))


def _hexes(values: Sequence[str]) -> list[bytes]:
    try:
        return [bytes.fromhex(v) for v in values]
    except (ValueError, TypeError) as exc:
        raise VerificationError("proof holds a value that is not hex") from exc


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="verifier.py", description="Verify phigate audit checkpoints, "
                                     "proofs and exported logs without trusting the server.")
    parser.add_argument("--public-key", required=True, help="the log's Ed25519 public key (PEM or raw hex)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("checkpoint", help="check a checkpoint's signature")
    p.add_argument("checkpoint")
    p = sub.add_parser("inclusion", help="check an inclusion proof (phigate audit proof SEQ --json)")
    p.add_argument("proof")
    p = sub.add_parser("consistency", help="check a consistency proof between two checkpoints")
    p.add_argument("proof")
    p = sub.add_parser("log", help="recompute an exported JSON Lines log against a checkpoint")
    p.add_argument("export")
    p.add_argument("checkpoint")
    args = parser.parse_args(argv)
    try:
        key = load_public_key(Path(args.public_key).read_bytes())
        if args.command == "checkpoint":
            cp = _checked_checkpoint(args.checkpoint, args.public_key)
            print(f"OK: checkpoint of {cp['tree_size']} events, root {cp['root_hash'].hex()}, {cp['time']}")
        elif args.command == "inclusion":
            doc = _read_json(args.proof)
            cp = verify_checkpoint(*checkpoint_from_json(doc["checkpoint"]), key)
            event = doc["event"]
            leaf = leaf_hash(entry_bytes(int(event["seq"]), event))
            verify_inclusion(leaf, int(event["seq"]), cp["tree_size"], _hexes(doc["path"]), cp["root_hash"])
            print(f"OK: event seq {event['seq']} is in the log of {cp['tree_size']} events")
        elif args.command == "consistency":
            doc = _read_json(args.proof)
            old = verify_checkpoint(*checkpoint_from_json(doc["old"]), key)
            new = verify_checkpoint(*checkpoint_from_json(doc["new"]), key)
            verify_consistency(old["tree_size"], new["tree_size"], old["root_hash"], new["root_hash"],
                               _hexes(doc["path"]))
            print(f"OK: the log of {old['tree_size']} events is a prefix of the log of {new['tree_size']}")
        else:
            cp = _checked_checkpoint(args.checkpoint, args.public_key)
            with open(args.export, encoding="utf-8") as fh:
                n = verify_exported_log(fh, cp)
            print(f"OK: {n} exported events match the checkpoint")
    except (VerificationError, OSError, KeyError, TypeError, ValueError) as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
