"""``make bench``: runs every ``bench/bench_*.py`` module's ``run(quick)`` and prints one table.

Each module returns rows: ``{"area", "name", "value", "unit", "baseline"?, "ratio"?, "target"?, "ok"?}``.
Figures are medians of repeated runs; ratios compare against a baseline measured in the same run.
``python -m bench [--quick] [AREA ...]`` runs a subset.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("areas", nargs="*", help="only these modules (e.g. crypto audit)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if args.areas:
        wanted = {a.replace("-", "_") for a in args.areas}  # "phi-real" runs bench_phi_real
        names = [n for n in names if n.removeprefix("bench_") in wanted]
    rows: list[dict[str, object]] = []
    console = Console(width=160)
    failed = False
    for name in names:
        console.print(f"[bold]running {name}[/] …")
        t0 = time.perf_counter()
        try:
            mod = importlib.import_module(f"bench.{name}")
            rows.extend(mod.run(args.quick))
        except Exception as exc:  # a broken benchmark is reported, the others still run
            failed = True
            rows.append({"area": name.removeprefix("bench_"), "name": "ERROR", "value": type(exc).__name__,
                         "unit": str(exc)[:80]})
        console.print(f"  done in {time.perf_counter() - t0:.1f} s")
    table = Table(title="phigate benchmarks (medians; ratios measured in the same run)")
    for col in ("area", "benchmark", "value", "unit", "baseline", "ratio", "target", "ok"):
        table.add_column(col, justify="right" if col in {"value", "baseline", "ratio"} else "left")
    for r in rows:
        ok = r.get("ok")
        table.add_row(str(r.get("area", "")), str(r["name"]), _fmt(r.get("value")), str(r.get("unit", "")),
                      _fmt(r.get("baseline")), _fmt(r.get("ratio")), str(r.get("target", "")),
                      "" if ok is None else ("[green]yes[/]" if ok else "[red]NO[/]"))
    console.print(table)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str))
    return 1 if failed else 0


def _fmt(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 100 else f"{v:,.0f}"
    return str(v)


if __name__ == "__main__":
    sys.exit(main())
