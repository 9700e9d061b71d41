"""A command run against a data directory that does not exist refuses, naming it, instead of quietly creating a
new phigate with a new master key; ``phigate init`` creates one, ``serve`` too, and ``scan`` needs none."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests._fixtures.pipeline import EXAMPLES

COMMANDS = [["keys", "status"], ["keys", "rotate", "--tenant", "t1"], ["audit", "verify"], ["accounts", "list"],
            ["quarantine", "list", "--tenant", "t1"], ["webhooks", "list", "--tenant", "t1"],
            ["documents", "erase", "doc_x", "--tenant", "t1", "--yes"],
            ["ingest", str(EXAMPLES / "adt-a01.hl7"), "--tenant", "t1"]]


def phigate(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")}
    return subprocess.run([sys.executable, "-m", "phigate", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_a_missing_data_dir_is_refused_and_named(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "not-here"
    result = phigate(*command, "--data-dir", str(missing))
    assert result.returncode == 2, result.stderr
    said = "".join(result.stderr.split())  # the console may wrap long lines
    assert str(missing) in said and "phigateinit" in said
    assert not missing.exists()  # nothing was created


def test_init_creates_a_data_dir_the_other_commands_accept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = phigate("init", "--data-dir", str(data), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"data_dir": str(data.absolute()), "created": True}
    assert (data / "keys" / "master.key").stat().st_mode & 0o077 == 0
    assert phigate("audit", "verify", "--data-dir", str(data)).returncode == 0
    again = phigate("init", "--data-dir", str(data), "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["created"] is False


def test_scan_needs_no_data_dir(tmp_path: Path) -> None:
    result = phigate("scan", str(EXAMPLES / "adt-a01.hl7"), "--json", "--data-dir", str(tmp_path / "none"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "clean"
