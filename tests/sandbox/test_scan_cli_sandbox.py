"""``phigate scan`` runs its scanners in the sandbox, like the pipeline: each verdict names the sandbox among its
scanners; a scanner child that is killed (here: a wall-clock limit no scan can meet) makes that file
``unscannable`` with the sandbox's reason, never ``clean``, and the command goes on to the next file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests._fixtures.pipeline import EXAMPLES


def _scan(tmp_path: Path, *files: Path, **env: str) -> tuple[int, list[dict[str, object]]]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")}
    run = subprocess.run([sys.executable, "-m", "phigate", "scan", *map(str, files), "--json", "--data-dir",
                          str(tmp_path / "none")], capture_output=True, text=True, timeout=300, check=False,
                         env={**base, **env})
    rows = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == len(files), run.stdout + run.stderr
    return run.returncode, rows


def test_scan_runs_every_file_in_a_sandboxed_child(tmp_path: Path) -> None:
    code, rows = _scan(tmp_path, EXAMPLES / "adt-a01.hl7", EXAMPLES / "referral-letter.pdf")
    assert code == 0
    for row in rows:
        assert row["verdict"] == "clean"
        assert [s["name"] for s in row["scanners"]][-1] == "sandbox"  # type: ignore[index]


def test_a_killed_scanner_child_gives_unscannable_and_the_next_file_is_scanned(tmp_path: Path) -> None:
    code, rows = _scan(tmp_path, EXAMPLES / "adt-a01.hl7", EXAMPLES / "patient-bundle.fhir.json",
                       PHIGATE_SANDBOX__TIMEOUT_SECONDS="0.001")
    assert code == 1
    for row in rows:
        assert row["verdict"] == "unscannable"
        assert [r["code"] for r in row["reasons"]] == ["sandbox.timeout"]  # type: ignore[union-attr]


def test_without_the_sandbox_the_scan_runs_in_process(tmp_path: Path) -> None:
    code, rows = _scan(tmp_path, EXAMPLES / "adt-a01.hl7", PHIGATE_SANDBOX__ENABLED="false")
    assert code == 0 and "sandbox" not in [s["name"] for s in rows[0]["scanners"]]  # type: ignore[union-attr]
