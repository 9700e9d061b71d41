"""Faults: missing or wrong master keys, HSM absent or wrong PIN, KMS unreachable, disk full mid-write.
Each gives a typed error with a clear message and releases nothing."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from phigate.backends.kms.aws import AwsKmsKeyManager
from phigate.backends.kms.local import LocalKeyring
from phigate.errors import ConfigError, KeyUnavailable
from tests._fixtures.services import free_port

SRC = str(Path(__file__).parents[3] / "src")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run([sys.executable, "-m", "phigate", *args], capture_output=True, text=True, env=full_env,
                          timeout=60, check=False)


def test_missing_master_key_file(tmp_path: Path) -> None:
    ring, key = tmp_path / "keyring.json", tmp_path / "master.key"
    LocalKeyring.open(ring, key).new_data_key("t", b"c")
    key.unlink()
    with pytest.raises(KeyUnavailable, match="master key file is missing"):
        LocalKeyring.open(ring, key)


def test_wrong_master_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ring = tmp_path / "keyring.json"
    monkeypatch.setenv("PHIGATE_MASTER_KEY", base64.b64encode(b"a" * 32).decode())
    LocalKeyring.open(ring).new_data_key("t", b"c")
    monkeypatch.setenv("PHIGATE_MASTER_KEY", base64.b64encode(b"b" * 32).decode())
    with pytest.raises(KeyUnavailable, match="does not open this keyring"):
        LocalKeyring.open(ring)
    monkeypatch.setenv("PHIGATE_MASTER_KEY", "not base64!")
    with pytest.raises(ConfigError, match="base64"):
        LocalKeyring.open(ring)
    monkeypatch.setenv("PHIGATE_MASTER_KEY", base64.b64encode(b"short").decode())
    with pytest.raises(ConfigError, match="32 bytes"):
        LocalKeyring.open(ring)


def test_passphrase_master_key(tmp_path: Path) -> None:
    ring = tmp_path / "keyring.json"
    dk = LocalKeyring.open(ring, passphrase="correct horse battery staple").new_data_key("t", b"c")
    again = LocalKeyring.open(ring, passphrase="correct horse battery staple")
    assert again.unwrap(dk.wrapped, b"c") == dk.plaintext
    with pytest.raises(KeyUnavailable, match="wrong key or passphrase"):
        LocalKeyring.open(ring, passphrase="wrong")


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_world_or_group_readable_key_file_is_refused(tmp_path: Path, mode: int) -> None:
    ring, key = tmp_path / "keyring.json", tmp_path / "master.key"
    LocalKeyring.open(ring, key)
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(mode)
    with pytest.raises(ConfigError, match="chmod 600"):
        LocalKeyring.open(ring, key)


def test_corrupt_keyring_file(tmp_path: Path) -> None:
    ring, key = tmp_path / "keyring.json", tmp_path / "master.key"
    LocalKeyring.open(ring, key)
    ring.write_text("{ not json")
    with pytest.raises(KeyUnavailable, match="cannot be read"):
        LocalKeyring.open(ring, key)


def test_cli_refuses_to_start_with_bad_key_file(tmp_path: Path) -> None:
    assert run_cli("tenants", "add", "acme", "--data-dir", str(tmp_path)).returncode == 0
    assert run_cli("keys", "rotate", "-t", "acme", "--data-dir", str(tmp_path)).returncode == 0
    (tmp_path / "keys" / "master.key").chmod(0o644)
    res = run_cli("keys", "status", "--data-dir", str(tmp_path))
    assert res.returncode == 2
    assert "chmod 600" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize(("label", "pin", "message"), [
    ("no-such-token", "123456", "token is not present"),
    ("phigate-spare", "000000", "rejected the PIN"),
])
def test_hsm_absent_or_wrong_pin(softhsm_token: object, tmp_path: Path, label: str, pin: str, message: str) -> None:
    env = {"PHIGATE_KEYS__BACKEND": "pkcs11", "PHIGATE_KEYS__PKCS11_TOKEN_LABEL": label,
           "PHIGATE_KEYS__PKCS11_PIN": pin}
    res = run_cli("keys", "status", "--data-dir", str(tmp_path), env=env)
    assert res.returncode == 2, res.stderr
    assert message in res.stderr.replace("\n", " ") and "Traceback" not in res.stderr


def test_hsm_through_cli(softhsm_token: object, tmp_path: Path) -> None:
    env = {"PHIGATE_KEYS__BACKEND": "pkcs11", "PHIGATE_KEYS__PKCS11_TOKEN_LABEL": "phigate-spare",
           "PHIGATE_KEYS__PKCS11_PIN": "123456"}
    assert run_cli("tenants", "add", "clinic-7", "--data-dir", str(tmp_path), env=env).returncode == 0
    res = run_cli("keys", "rotate", "-t", "clinic-7", "--json", "--data-dir", str(tmp_path), env=env)
    assert res.returncode == 0, res.stderr
    assert '"kek_version": 1' in res.stdout and '"backend": "pkcs11"' in res.stdout


def test_kms_unreachable(aws_env: None) -> None:
    with pytest.raises(KeyUnavailable, match="unreachable"):
        AwsKmsKeyManager(endpoint_url=f"http://127.0.0.1:{free_port()}")


def test_disk_full_mid_write_leaves_nothing(tmp_path: Path) -> None:
    """A file-size limit makes the write fail part-way, as a full disk would (EFBIG instead of ENOSPC)."""
    script = textwrap.dedent(f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
        from pathlib import Path
        from phigate.backends.storage.filesystem import FilesystemStore
        from phigate.errors import StorageError
        from phigate.models import BlobKey
        store = FilesystemStore(Path({str(tmp_path / "blobs")!r}))
        store.put_stream(BlobKey("t", "docs", "old"), [b"previous"])
        try:
            store.put_stream(BlobKey("t", "docs", "big"), (b"x" * 65536 for _ in range(64)))
        except StorageError as exc:
            print("StorageError:", exc.diagnostics())
            sys.exit(0)
        sys.exit(1)
    """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": SRC}, timeout=60, check=False)
    assert res.returncode == 0, res.stderr
    assert "nothing was stored" in res.stdout
    folder = tmp_path / "blobs" / "t" / "docs"
    assert sorted(p.name for p in folder.iterdir()) == ["old"]  # no partial object, no temp file
