"""The PHI engine's data files: each has a recorded source and licence, and none is copyleft-licensed code data.

phigate ships under Apache-2.0; a word list under the GPL inside the wheel would change the licence of the whole
distribution (issue 11: the clinical lexicon was Debian's GPL-3+ ``hunspell-en-med`` until it was rebuilt from
permissive sources by ``scripts/build_clinical_lexicon.py``).
"""

from __future__ import annotations

import re
from importlib import resources

DATA = resources.files("phigate.phi").joinpath("data")


def _rows() -> dict[str, str]:
    """File name -> its licence cell, from the tables of ``data/SOURCES.md``."""
    rows: dict[str, str] = {}
    for line in DATA.joinpath("SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3:
            for name in re.split(r",\s*", cells[0]):
                rows[name] = cells[2]
    return rows


def test_every_shipped_data_file_has_a_recorded_source_and_licence() -> None:
    rows = _rows()
    shipped = {f.name for f in DATA.iterdir() if f.is_file() and f.name not in ("SOURCES.md", "SCOWL-COPYRIGHT.txt")}
    assert shipped, "no data files found"
    missing = sorted(shipped - rows.keys())
    assert not missing, missing


def test_no_shipped_data_file_is_under_the_gpl() -> None:
    gpl = {name: licence for name, licence in _rows().items() if re.search(r"\bL?GPL", licence)}
    assert not gpl, gpl


def test_scowl_notices_ship_with_the_lists_built_from_scowl() -> None:
    notices = DATA.joinpath("SCOWL-COPYRIGHT.txt").read_text(encoding="utf-8")
    for holder in ("Kevin Atkinson", "J Ross Beresford", "Princeton University", "Geoff Kuenning"):
        assert holder in notices
