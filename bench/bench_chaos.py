"""The chaos run in full (issue 16, item 4): 1,000 uploads (signed PUT and tus, alternating) through two API
processes and three ``phigate worker`` processes (procrastinate on PostgreSQL, blobs in S3 on moto_server), while a
random worker is SIGKILLed every ``KILL_EVERY`` uploads and the second API process once, at 30 % of the uploads,
each restarted by its supervisor. The kills follow upload progress, not the clock: under load a restarted worker
needs tens of seconds to start (registry, sandbox fork server), and kills on a clock then leave no worker alive
long enough to work; on an idle machine the upload phase is short and the kills land in it anyway.

Reports the kills, the uploads never acknowledged (their client would retry), the acknowledged uploads lost (must
be 0), the documents stuck mid-pipeline after recovery (must be 0), whether ``phigate audit verify`` passes, what
``phigate fsck`` finds (only what a kill leaves: an upload's part, a temp file...) and whether ``fsck --repair``
leaves it clean, and the times. The baseline is the same set-up without kills, measured in the same run on a
tenth of the uploads (its per-upload time against the chaos run's). Bounded: recovery gives up once no document
has become terminal for ``STALL`` seconds (those left are reported stuck), and in any case after ``RECOVERY``
seconds; progress goes to standard error. ``--quick``: 100 uploads."""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tests._fixtures import scaled as s
from tests._fixtures.services import create_pg_database, drop_pg_database

AREA = "chaos"
HL7 = (Path(__file__).resolve().parents[1] / "examples" / "adt-a01.hl7").read_bytes()
KILL_EVERY = 40  # uploads between two worker kills
STALL = 600.0  # seconds without a document becoming terminal: recovery is stuck
RECOVERY = 7200.0  # seconds: the outer bound of recovery


def _say(line: str) -> None:
    print(f"chaos {time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)


def _kills(uploads: int) -> dict[int, str]:
    """Upload number -> the process to SIGKILL when it starts: a random worker every ``KILL_EVERY`` uploads, and
    the second API process once, at 30 %."""
    kills = {n: "worker-?" for n in range(KILL_EVERY // 2, uploads, KILL_EVERY)}
    kills[uploads * 3 // 10 + 1] = "api-1"
    return kills


def _round(uploads: int, chaos: bool, workdir: Path) -> dict[str, Any]:
    name, url = create_pg_database("phigate_bench_chaos")
    try:
        with s.moto_s3(workdir) as storage:
            up = s.start(workdir / f"data-{chaos}", url, api=2, workers=3, threads=1,
                         env={**s.FAST_RECOVERY, **storage})
            try:
                payloads = ((HL7 + f"\rNTE|{n}|chaos\r".encode(), "application/hl7-v2", "put" if n % 2 else "tus")
                            for n in range(uploads))
                t0 = time.monotonic()
                _say(f"{'chaos' if chaos else 'calm'} round: {uploads} uploads")
                acked, unacknowledged = s.upload_all(up, payloads, kills=_kills(uploads) if chaos else None,
                                                     report=_say)
                t1 = time.monotonic()
                _say(f"{len(acked)} acknowledged in {t1 - t0:.0f} s, kills {up.kills}")
                with up.client() as c:
                    states = up.settle(c, acked, timeout=RECOVERY, stall=STALL, report=_say)
                t2 = time.monotonic()
                up.stop()
                after = s.check_after_crash(up)
                if after.report:
                    _say(after.report)
            finally:
                up.stop()
    finally:
        drop_pg_database(name)
    counts = Counter(states.values())
    return {"uploads": uploads, "acknowledged": len(acked), "unacknowledged": unacknowledged,
            "kills": len(up.kills), "lost": sum(1 for v in states.values() if v is None),
            "stuck": sum(1 for v in states.values() if v is not None and v not in s.TERMINAL),
            "stored": counts.get("stored", 0), "upload_s": t1 - t0, "recovery_s": t2 - t1,
            "after": after}


def run(quick: bool) -> list[dict[str, object]]:
    uploads = 100 if quick else 1000
    with tempfile.TemporaryDirectory(prefix="phigate-chaos-") as tmp:
        calm = _round(max(20, uploads // 10), False, Path(tmp))
        wild = _round(uploads, True, Path(tmp))
    per_calm = (calm["upload_s"] + calm["recovery_s"]) / calm["acknowledged"]
    per_wild = (wild["upload_s"] + wild["recovery_s"]) / max(1.0, wild["acknowledged"])
    after = wild["after"]
    assert isinstance(after, s.AfterCrash)
    rows: list[dict[str, object]] = [
        {"area": AREA, "name": "uploads acknowledged", "value": int(wild["acknowledged"]),
         "unit": f"of {uploads} (signed PUT and tus)"},
        {"area": AREA, "name": "uploads never acknowledged", "value": int(wild["unacknowledged"]),
         "unit": "the client retries"},
        {"area": AREA, "name": "processes SIGKILLed", "value": int(wild["kills"]), "unit": "workers and 1 API"},
        {"area": AREA, "name": "acknowledged uploads lost", "value": int(wild["lost"]), "unit": "",
         "target": "0", "ok": wild["lost"] == 0},
        {"area": AREA, "name": "documents stuck after recovery", "value": int(wild["stuck"]), "unit": "",
         "target": "0", "ok": wild["stuck"] == 0},
        {"area": AREA, "name": "documents stored", "value": int(wild["stored"]), "unit": "",
         "target": "all acknowledged", "ok": wild["stored"] == wild["acknowledged"]},
        {"area": AREA, "name": "audit verify", "value": "clean" if after.verified else "FAILED", "unit": "",
         "ok": after.verified},
        {"area": AREA, "name": "fsck: what the kills left", "unit": "repaired",
         "value": ", ".join(f"{n} {k}" for k, n in sorted(after.leftovers.items())) or "nothing",
         "target": "leftovers only", "ok": set(after.leftovers) <= s.REPAIRABLE_LEFTOVERS},
        {"area": AREA, "name": "fsck after --repair", "value": "clean" if after.repaired_clean else "NOT CLEAN",
         "unit": "", "ok": after.repaired_clean},
        {"area": AREA, "name": "upload phase", "value": wild["upload_s"], "unit": "s"},
        {"area": AREA, "name": "recovery (last document terminal)", "value": wild["recovery_s"], "unit": "s"},
        {"area": AREA, "name": "time per upload under chaos", "value": per_wild, "unit": "s",
         "baseline": per_calm, "ratio": per_wild / per_calm},
    ]
    return rows
