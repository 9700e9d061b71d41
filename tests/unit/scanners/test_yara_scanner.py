from __future__ import annotations

from pathlib import Path

import pytest

from phigate.backends.scanners import BUILTIN_RULES, YaraScanner
from phigate.config import ScanLimits
from phigate.errors import ScannerUnavailable
from phigate.models import ScanTarget
from tests._fixtures import hostile as h


def scan(data: bytes, dirs: list[Path] | None = None, **limits: int) -> set[tuple[str, str]]:
    scanner = YaraScanner(dirs or [BUILTIN_RULES], ScanLimits(**limits))
    return {(r.code, r.detail) for r in scanner.scan([data], ScanTarget(h.TEXT)).reasons}


def test_starter_rules() -> None:
    assert scan(h.eicar()) == {("yara.match", "Phigate_EICAR_Test_File")}
    assert scan(h.raw_pdf("/OpenAction 4 0 R", ("<< /S /Launch /F (x) >>",))) == {
        ("yara.match", "Phigate_PDF_Launch_Action")}
    dropper = h.raw_pdf("/OpenAction 4 0 R", ("<< /S /JavaScript /JS (eval(unescape('%u9090'))) >>",))
    assert ("yara.match", "Phigate_PDF_JavaScript_Dropper") in scan(dropper)
    assert scan("hidden\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200btext".encode()) == {
        ("yara.flag", "Phigate_Invisible_Text_Markers")}


@pytest.mark.parametrize("data", [
    b"A normal discharge letter. Take two tablets daily.",
    h.text_pdf(1),
    b"%PDF-1.7 mentions JavaScript as a word but has no /JS action",
    "one zero\u200bwidth space is normal".encode(),
    b"the previous instructions from the cardiologist were to rest",
])
def test_near_misses(data: bytes) -> None:
    assert scan(data) == set()


def test_rules_run_on_inflated_zip_entries() -> None:
    assert scan(h.zip_of({"a/b.txt": h.eicar()})) == {("yara.match", "Phigate_EICAR_Test_File")}
    assert ("yara.match", "Phigate_OLE_AutoExec_Macro") in scan(h.docx(macro=True))


def test_bombs_are_not_inflated() -> None:
    assert scan(h.single_entry_bomb(8)) == {("scanner.limit", "a ZIP entry above the compression-ratio cap")}
    assert {c for c, _ in scan(h.zip_of({"a": b"x" * 5000}), max_zip_uncompressed_bytes=100)} == {"scanner.limit"}


def test_operator_rules_extend_the_starter_set(tmp_path: Path) -> None:
    (tmp_path / "local.yar").write_text('rule Local_Marker { strings: $a = "SYNTHETIC-MARKER-42" condition: $a }')
    assert scan(b"xx SYNTHETIC-MARKER-42 xx", [BUILTIN_RULES, tmp_path]) == {("yara.match", "Local_Marker")}
    assert scan(h.eicar(), [BUILTIN_RULES, tmp_path]) == {("yara.match", "Phigate_EICAR_Test_File")}


def test_bad_or_missing_rules_fail_at_construction(tmp_path: Path) -> None:
    with pytest.raises(ScannerUnavailable):
        YaraScanner([tmp_path], ScanLimits())
    (tmp_path / "broken.yar").write_text("rule Broken { condition: }")
    with pytest.raises(ScannerUnavailable):
        YaraScanner([BUILTIN_RULES, tmp_path], ScanLimits())


def test_signature_version_changes_with_the_rules(tmp_path: Path) -> None:
    (tmp_path / "a.yar").write_text('rule A { strings: $a = "aaaa" condition: $a }')
    before = YaraScanner([tmp_path], ScanLimits()).info().signatures
    (tmp_path / "a.yar").write_text('rule A { strings: $a = "bbbb" condition: $a }')
    assert YaraScanner([tmp_path], ScanLimits()).info().signatures != before
