"""Hostile inputs to the standalone verifier's checkpoint handling, and the sealed key bundle."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from phigate.audit import load_or_create_keys
from phigate.audit._keys import BUNDLE_KEY
from phigate.audit.verifier import (
    VerificationError,
    checkpoint_body,
    checkpoint_from_json,
    key_id,
    load_public_key,
    main,
    parse_checkpoint,
    verify_checkpoint,
    verify_exported_log,
)
from phigate.backends.kms.local import LocalKeyring
from phigate.backends.storage.filesystem import FilesystemStore
from phigate.errors import AuditError


def _signed(key: Ed25519PrivateKey, size: int = 3) -> tuple[bytes, bytes]:
    body = checkpoint_body(size, b"r" * 32, b"c" * 32, "2026-01-01T00:00:00.000000Z",
                           key_id(key.public_key().public_bytes_raw()))
    return body, key.sign(body)


def test_good_checkpoint_verifies() -> None:
    key = Ed25519PrivateKey.generate()
    assert verify_checkpoint(*_signed(key), key.public_key())["tree_size"] == 3


@pytest.mark.parametrize("body", [
    b"", b"\xff\xfe", b"phigate.audit.checkpoint.v1\nk\n3\n" + b"00" * 32 + b"\n" + b"00" * 32 + b"\nt",
    b"other.header\nk\n3\n" + b"00" * 32 + b"\n" + b"00" * 32 + b"\nt\n",
    b"phigate.audit.checkpoint.v1\nk\n-3\n" + b"00" * 32 + b"\n" + b"00" * 32 + b"\nt\n",
    b"phigate.audit.checkpoint.v1\nk\n3\nzz\n" + b"00" * 32 + b"\nt\n",
    b"phigate.audit.checkpoint.v1\nk\n3\n" + b"00" * 31 + b"\n" + b"00" * 32 + b"\nt\n",
])
def test_malformed_checkpoints_are_refused(body: bytes) -> None:
    with pytest.raises(VerificationError):
        parse_checkpoint(body)


def test_signature_by_another_key_or_tampered_body_fails() -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    body, sig = _signed(key)
    with pytest.raises(VerificationError, match="another key"):
        verify_checkpoint(body, sig, other.public_key())
    with pytest.raises(VerificationError, match="invalid"):
        verify_checkpoint(body.replace(b"\n3\n", b"\n4\n"), sig, key.public_key())


@pytest.mark.parametrize("doc", [{}, {"body": "x"}, {"body": "x", "signature": "!!"}, {"body": "é", "signature": ""}])
def test_malformed_checkpoint_json_is_refused(doc: dict[str, str]) -> None:
    with pytest.raises(VerificationError):
        checkpoint_from_json(doc)


def test_public_key_loading_refuses_other_keys() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    for raw in (pem, b"zz", b"00" * 31):
        with pytest.raises(VerificationError):
            load_public_key(raw)


def test_exported_log_checks_order_and_truncation() -> None:
    with pytest.raises(VerificationError, match="truncated"):
        verify_exported_log([], {"tree_size": 1, "root_hash": b"", "chain_hash": b""})
    with pytest.raises(VerificationError, match="expected event seq 0"):
        verify_exported_log(['{"seq": 1}'], {"tree_size": 1, "root_hash": b"", "chain_hash": b""})
    with pytest.raises(VerificationError, match="malformed"):
        verify_exported_log(["{not json"], {"tree_size": 1, "root_hash": b"", "chain_hash": b""})


def test_verifier_cli_reports_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = Ed25519PrivateKey.generate()
    (tmp_path / "k.pem").write_text(key.public_key().public_bytes_raw().hex())
    body, sig = _signed(key)
    (tmp_path / "cp.json").write_text(json.dumps({"body": body.decode(), "signature": base64.b64encode(sig).decode()}))
    assert main(["--public-key", str(tmp_path / "k.pem"), "checkpoint", str(tmp_path / "cp.json")]) == 0
    (tmp_path / "cp.json").write_text("[]")
    assert main(["--public-key", str(tmp_path / "k.pem"), "checkpoint", str(tmp_path / "cp.json")]) == 1
    assert "FAILED" in capsys.readouterr().err


def test_key_bundle_round_trip_and_tamper(tmp_path: Path) -> None:
    km = LocalKeyring.open(tmp_path / "keys" / "keyring.json", tmp_path / "keys" / "master.key")
    store = FilesystemStore(tmp_path / "blobs")
    with pytest.raises(AuditError):
        load_or_create_keys(km, store, create=False)
    first = load_or_create_keys(km, store)
    again = load_or_create_keys(km, store)
    assert again.public_raw == first.public_raw and again.mac_key == first.mac_key
    assert b"PRIVATE" not in b"".join(store.get_stream(BUNDLE_KEY))
    doc = json.loads(b"".join(store.get_stream(BUNDLE_KEY)))
    doc["public_key"] = Ed25519PrivateKey.generate().public_key().public_bytes_raw().hex()
    store.put_stream(BUNDLE_KEY, [json.dumps(doc).encode()])
    with pytest.raises(AuditError):
        load_or_create_keys(km, store)
    store.put_stream(BUNDLE_KEY, [b"garbage"])
    with pytest.raises(AuditError):
        load_or_create_keys(km, store)
    assert "mac_key" not in repr(first) and repr(first.mac_key) not in repr(first)
