"""The chaos test (issue 16, item 4), bounded for CI: ~60 uploads by signed PUT and tus through two API processes
while ``phigate worker`` processes and one API process are SIGKILLed at random (each restarted by its
supervisor, as systemd or compose would). After recovery: every acknowledged upload has its document, no
document is left mid-pipeline, ``phigate audit verify`` passes, and ``phigate fsck`` finds only what a kill leaves
(an upload's part, a temp file...), which ``fsck --repair`` removes, leaving it clean. The full run
(1,000 uploads, blobs in S3) is ``python -m bench chaos``."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._fixtures import scaled as s
from tests._fixtures.pipeline import EXAMPLES

pytestmark = [pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("curl") is None or shutil.which("setsid") is None,
                                 reason="scale.sh needs curl and setsid")]
pytest.importorskip("procrastinate")

HL7 = (EXAMPLES / "adt-a01.hl7").read_bytes()
UPLOADS = 60


@pytest.fixture
def scaled(tmp_path: Path, pg_url: str) -> Iterator[s.Scaled]:
    # parsing in-process here (the sandbox's fork servers would double each restart's time): the kills are what
    # is tested; the full run (`python -m bench chaos`) keeps the sandbox
    up = s.start(tmp_path / "data", pg_url, api=2, workers=2, threads=2,
                 env={**s.FAST_RECOVERY, "PHIGATE_SANDBOX__ENABLED": "false"})
    try:
        yield up
    finally:
        up.stop()


def test_no_acknowledged_upload_is_lost_and_no_document_is_stuck(scaled: s.Scaled) -> None:
    # each upload differs (a trailing segment), so each is its own document
    payloads = ((HL7 + f"\rNTE|{n}|chaos\r".encode(), "application/hl7-v2", "put" if n % 2 else "tus")
                for n in range(UPLOADS))
    t0 = time.monotonic()
    # kills tied to progress, not to the clock: on a fast machine 60 uploads take a few seconds
    kills = {8: "worker-?", 16: "api-1", 28: "worker-?", 40: "worker-?", 50: "worker-?"}
    acked, unacknowledged = s.upload_all(scaled, payloads, kills=kills)
    t1 = time.monotonic()
    assert len(acked) >= UPLOADS * 0.8, (len(acked), unacknowledged)  # the rest were refused by a dying process
    assert len(scaled.kills) >= 3 and "api-1" in scaled.kills
    with scaled.client() as c:
        # done as soon as every document is terminal (seconds on an idle machine); on a loaded one it keeps
        # waiting while documents still finish, and gives up after 2 minutes without any progress
        states = scaled.settle(c, acked, timeout=600, stall=120)
    print(f"uploads {t1 - t0:.1f} s, recovery {time.monotonic() - t1:.1f} s, kills {scaled.kills}")
    lost = [i for i, state in states.items() if state is None]
    stuck = {i: state for i, state in states.items() if state is not None and state not in s.TERMINAL}
    assert lost == [] and stuck == {}, (lost, stuck)
    assert Counter(states.values()) == {"stored": len(acked)}
    scaled.stop()
    after = s.check_after_crash(scaled)  # the log verifies; what the kills left is only leftovers, and repaired
    assert after.ok, (after.leftovers, after.report)
