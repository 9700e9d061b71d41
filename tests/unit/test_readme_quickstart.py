"""The README's quick start is ``scripts/quickstart.sh`` verbatim (CI runs that script against a fresh server:
``scripts/ci-quickstart.sh``), so the two cannot drift apart."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_shows_the_script_ci_runs() -> None:
    script = (ROOT / "scripts" / "quickstart.sh").read_text()
    assert f"```bash\n{script}```" in (ROOT / "README.md").read_text()
    assert "bash scripts/ci-quickstart.sh" in (ROOT / ".ci" / "run").read_text()


def test_the_script_is_valid_bash_and_reads_an_example() -> None:
    subprocess.run(["bash", "-n", str(ROOT / "scripts" / "quickstart.sh")], check=True)
    script = (ROOT / "scripts" / "quickstart.sh").read_text()
    default = script.split("F=${1:-", 1)[1].split("}", 1)[0]
    assert (ROOT / default).is_file()
