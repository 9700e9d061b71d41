"""The KeyManager contract, run over the local keyring, a real SoftHSM2 token and KMS on a real moto_server."""

from __future__ import annotations

import dataclasses

import pytest

from phigate.errors import InvalidCiphertext, KeyNotFound, KeyShredded, KeyUnavailable
from phigate.ports import KeyManager


def test_is_a_key_manager(key_manager: KeyManager) -> None:
    assert isinstance(key_manager, KeyManager)
    key_manager.check()


def test_new_data_key_unwraps_with_same_context(key_manager: KeyManager, tenant: str) -> None:
    dk = key_manager.new_data_key(tenant, b"ctx-1")
    assert len(dk.plaintext) == 32
    assert dk.wrapped.tenant == tenant and dk.wrapped.kek_version == 1
    assert dk.plaintext not in dk.wrapped.to_bytes()
    assert key_manager.unwrap(dk.wrapped, b"ctx-1") == dk.plaintext
    assert key_manager.new_data_key(tenant, b"ctx-1").plaintext != dk.plaintext


def test_context_is_bound(key_manager: KeyManager, tenant: str) -> None:
    dk = key_manager.new_data_key(tenant, b"object-a")
    with pytest.raises(InvalidCiphertext):
        key_manager.unwrap(dk.wrapped, b"object-b")


def test_wrapped_key_cannot_move_to_another_tenant(key_manager: KeyManager, tenant: str) -> None:
    dk = key_manager.new_data_key(tenant, b"ctx")
    key_manager.new_data_key(tenant + "x", b"ctx")
    moved = dataclasses.replace(dk.wrapped, tenant=tenant + "x")
    with pytest.raises(InvalidCiphertext):
        key_manager.unwrap(moved, b"ctx")


def test_tampered_wrapped_key(key_manager: KeyManager, tenant: str) -> None:
    dk = key_manager.new_data_key(tenant, b"ctx")
    ct = bytearray(dk.wrapped.ciphertext)
    ct[len(ct) // 2] ^= 1
    with pytest.raises(InvalidCiphertext):
        key_manager.unwrap(dataclasses.replace(dk.wrapped, ciphertext=bytes(ct)), b"ctx")


def test_rotate_then_rewrap(key_manager: KeyManager, tenant: str) -> None:
    dk = key_manager.new_data_key(tenant, b"ctx")
    assert key_manager.rotate(tenant) == 2
    assert key_manager.new_data_key(tenant, b"ctx2").wrapped.kek_version == 2  # new writes use v2
    assert key_manager.unwrap(dk.wrapped, b"ctx") == dk.plaintext  # old keys still open
    new = key_manager.rewrap(dk.wrapped, b"ctx")
    assert new.kek_version == 2 and new.ciphertext != dk.wrapped.ciphertext
    assert key_manager.unwrap(new, b"ctx") == dk.plaintext
    assert key_manager.rewrap(new, b"ctx") == new  # already newest: unchanged
    st = key_manager.status(tenant)
    assert st.current_version == 2 and st.versions == (1, 2) and not st.shredded
    assert tenant in key_manager.tenants()


def test_shred_makes_data_unrecoverable_and_says_so(key_manager: KeyManager, tenant: str) -> None:
    dk = key_manager.new_data_key(tenant, b"ctx")
    key_manager.rotate(tenant)
    key_manager.shred(tenant)
    with pytest.raises(KeyShredded, match="unrecoverable"):
        key_manager.unwrap(dk.wrapped, b"ctx")
    with pytest.raises(KeyShredded):
        key_manager.new_data_key(tenant, b"ctx")
    assert key_manager.status(tenant).shredded
    key_manager.shred(tenant)  # idempotent


def test_unknown_tenant(key_manager: KeyManager, tenant: str) -> None:
    assert key_manager.status(tenant).current_version is None
    with pytest.raises(KeyNotFound):
        key_manager.shred(tenant)


def test_key_from_another_backend_is_refused(key_manager: KeyManager, tenant: str) -> None:
    dk = key_manager.new_data_key(tenant, b"ctx")
    with pytest.raises(KeyUnavailable):
        key_manager.unwrap(dataclasses.replace(dk.wrapped, backend="elsewhere"), b"ctx")
