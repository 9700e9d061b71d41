"""A mistyped setting refuses start and names the key, in every section, from the file and from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from phigate.config import Settings
from phigate.errors import ConfigError

# every section of phigate.toml, with a key that is one letter off a real one
TYPOS = [
    ("keys", "bakend", '"pkcs11"'),
    ("storage", "bakend", '"s3"'),
    ("database", "ulr", '"sqlite://"'),
    ("server", "prot", "9443"),
    ("auth", "token_tl_seconds", "60"),
    ("pipeline", "worker", "2"),
    ("intake", "session_tll_seconds", "60"),
    ("release", "purge_intervall_seconds", "1"),
    ("audit", "checkpoint_evry", "5"),
    ("crypto", "segmentsize", "8192"),
    ("extraction", "max_page", "5"),
    ("scan", "scaners", '["yara"]'),
    ("scan.limits", "max_pdf_page", "5"),
]


@pytest.mark.parametrize(("section", "key", "value"), TYPOS, ids=[f"{s}.{k}" for s, k, _ in TYPOS])
def test_a_typo_in_any_section_refuses_start_and_names_the_key(tmp_path: Path, section: str, key: str,
                                                               value: str) -> None:
    (tmp_path / "phigate.toml").write_text(f"[{section}]\n{key} = {value}\n")
    with pytest.raises(ConfigError) as info:
        Settings.load(data_dir=tmp_path)
    assert f"{section}.{key}" in info.value.diagnostics()


@pytest.mark.parametrize("command", [["keys", "status"], ["audit", "verify"]])
def test_the_cli_refuses_a_typo_with_the_key_name(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "phigate.toml").write_text('[keys]\nbakend = "pkcs11"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")}
    result = subprocess.run([sys.executable, "-m", "phigate", *command, "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 2, result.stderr
    assert "keys.bakend" in result.stderr and "Traceback" not in result.stderr


def test_a_typo_in_the_environment_refuses_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHIGATE_KEYS__BAKEND", "pkcs11")
    with pytest.raises(ConfigError) as info:
        Settings.load(data_dir=tmp_path)
    assert "keys.bakend" in info.value.diagnostics()


def test_known_keys_still_load(tmp_path: Path) -> None:
    (tmp_path / "phigate.toml").write_text('[keys]\nbackend = "local"\n[pipeline]\nworkers = 2\n')
    settings = Settings.load(data_dir=tmp_path)
    assert settings.pipeline.workers == 2 and settings.keys.backend == "local"


def test_a_trusted_proxy_that_is_not_an_address_refuses_start(tmp_path: Path) -> None:
    (tmp_path / "phigate.toml").write_text('[server]\ntrusted_proxies = ["10.0.0.0/8", "proxy.example"]\n')
    with pytest.raises(ConfigError) as info:
        Settings.load(data_dir=tmp_path)
    assert "server.trusted_proxies" in info.value.diagnostics()


def test_precedence_is_caller_then_environment_then_file_then_defaults(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "phigate.toml").write_text('[pipeline]\nworkers = 3\npoll_seconds = 7.0\nmax_attempts = 9\n'
                                           '[keys]\nbackend = "local"\n')
    monkeypatch.setenv("PHIGATE_PIPELINE__WORKERS", "4")
    monkeypatch.setenv("PHIGATE_PIPELINE__POLL_SECONDS", "5.0")
    s = Settings.load(data_dir=tmp_path, pipeline={"workers": 6})
    # sections merge key by key: the caller's workers, the environment's poll, the file's attempts, a default
    assert (s.pipeline.workers, s.pipeline.poll_seconds, s.pipeline.max_attempts, s.pipeline.lease_seconds) == (
        6, 5.0, 9, 900.0)
    monkeypatch.setenv("PHIGATE_DATA_DIR", str(tmp_path))
    assert Settings.load().pipeline.max_attempts == 9  # the file of the data dir the environment names


def test_a_malformed_toml_file_refuses_start(tmp_path: Path) -> None:
    (tmp_path / "phigate.toml").write_text("[keys\nbackend = 'local'\n")
    with pytest.raises(ConfigError):
        Settings.load(data_dir=tmp_path)
