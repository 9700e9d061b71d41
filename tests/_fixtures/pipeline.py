"""Shared helpers for the pipeline tests: run ``phigate ingest`` through the CLI and parse its JSON lines."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from phigate.config import Settings
from tests._fixtures.tenants import register

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@dataclass
class IngestRun:
    exit_code: int
    rows: list[dict[str, Any]]
    output: str

    def by_name(self) -> dict[str, dict[str, Any]]:
        return {Path(r["path"]).name: r for r in self.rows}


def ingest(data_dir: Path, *paths: Path, tenant: str = "demo", workers: int = 1, json_output: bool = True,
           env: dict[str, str] | None = None) -> IngestRun:
    from phigate.cli import app

    data_dir.mkdir(parents=True, exist_ok=True)  # as `phigate init` or `serve` would have
    base = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")}
    register(data_dir, tenant, {**base, **(env or {})})
    args = ["ingest", *map(str, paths), "--tenant", tenant, "--workers", str(workers), "--data-dir", str(data_dir)]
    if json_output:
        args.append("--json")
    base = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")}
    result = CliRunner().invoke(app, args, env={**base, **(env or {})})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")] if json_output else []
    return IngestRun(result.exit_code, rows, result.output)


def settings_for_backend(request: Any, tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for a fixture parametrized ``sqlite``/``postgres``: a fresh data dir, and a fresh PostgreSQL
    database for the ``postgres`` case."""
    if request.param == "postgres":
        overrides["database"] = {"url": request.getfixturevalue("pg_url")}
    return Settings.load(data_dir=tmp_path / "data", **overrides)
