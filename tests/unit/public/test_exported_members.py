"""The public surface is explicit: what each package's ``__all__`` names is exactly what it exports."""

from __future__ import annotations

import pytest

import phigate
import phigate.crypto.envelope
import phigate.testing
from phigate.config import Settings
from phigate.errors import ConfigError
from phigate.testing import FakeTestingWarning, InMemoryBlobStore, InMemoryKeyManager

PINNED = {
    phigate: {"Error", "__version__"},
    phigate.testing: {"FakeTestingWarning", "InMemoryBlobStore", "InMemoryKeyManager"},
    phigate.crypto.envelope: {
        "DEFAULT_SEGMENT_SIZE", "Decryptor", "Encryptor", "EnvelopeContext", "ciphertext_size", "decrypt_range",
        "decrypt_stream", "dek_aad", "encrypt_stream", "header_key_id", "kek_aad", "new_data_key",
        "plaintext_size", "unwrap_key", "wrap_key",
    },
}


@pytest.mark.parametrize("module", list(PINNED), ids=lambda m: m.__name__)
def test_public_surface_is_pinned(module: object) -> None:
    """A change to a public surface is a deliberate change to this list."""
    exported = set(module.__all__)  # type: ignore[attr-defined]
    assert exported == PINNED[module]  # type: ignore[index]
    assert all(hasattr(module, name) for name in exported)


def test_fakes_warn_and_are_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    for fake in (InMemoryBlobStore, InMemoryKeyManager):
        with pytest.warns(FakeTestingWarning, match="test fake"):
            fake()
    monkeypatch.setenv("PHIGATE_ENVIRONMENT", "production")
    assert Settings.load().environment == "production"
    for fake in (InMemoryBlobStore, InMemoryKeyManager):
        with pytest.raises(ConfigError, match="refused"):
            fake()
