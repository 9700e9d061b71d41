"""YARA rules over the document and, for ZIP containers (OOXML included), over each entry's inflated bytes.

Rules come from the shipped starter set (``rules/``) and from any directory an operator adds. Malware rules
and content rules are kept apart by each rule's meta: a rule is a content rule only when it says
``phigate_kind = "content"``; it reports ``yara.content`` (rejected unless a policy flags it), or ``yara.flag``
when it also says ``phigate_action = "flag"`` (allowed through with a flag unless a policy rejects it). Every
other rule is a malware signature and reports ``yara.match``, which no policy can soften. Entries are inflated
only within the ZIP limits, so a bomb is never inflated; an entry that cannot be inspected makes the verdict
``unscannable``.
"""

from __future__ import annotations

import hashlib
import io
import time
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import yara

from phigate.errors import ScannerUnavailable
from phigate.models import ScannerInfo, ScanReason, ScanTarget, Verdict
from phigate.ports import ScanLimits

from ._findings import infected, read_bounded, unscannable
from ._sniff import has_zip_directory

SCANNER = "yara"
BUILTIN_RULES = Path(__file__).parent / "rules"
_RULE_SUFFIXES = (".yar", ".yara")


class YaraScanner:
    """The ``Scanner`` over compiled YARA rules. Fails at construction when a rule file does not compile."""

    name = SCANNER

    def __init__(self, rules_dirs: Sequence[Path], limits: ScanLimits, *, timeout: int = 10) -> None:
        files = sorted(p for d in rules_dirs for p in Path(d).glob("*") if p.suffix in _RULE_SUFFIXES)
        if not files:
            raise ScannerUnavailable("no YARA rule files (*.yar, *.yara) in the configured directories")
        digest = hashlib.sha256()
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        try:
            self._rules = yara.compile(filepaths={f"r{i}_{p.stem}": str(p) for i, p in enumerate(files)})
        except yara.Error as exc:
            raise ScannerUnavailable("a YARA rule file does not compile") from exc
        self._signatures = f"{len(files)} files, sha256:{digest.hexdigest()[:16]}"
        self._limits = limits
        self._timeout = timeout

    def info(self) -> ScannerInfo:
        return ScannerInfo(SCANNER, f"yara-python {yara.__version__}", self._signatures)

    def check(self) -> None:
        self._rules.match(data=b"", timeout=self._timeout)

    def scan(self, chunks: Iterable[bytes], target: ScanTarget) -> Verdict:
        started = time.perf_counter()
        data = read_bounded(chunks, self._limits.max_document_bytes)
        if data is None:
            reasons = [unscannable("too_large", SCANNER, f"above {self._limits.max_document_bytes} bytes")]
        else:
            try:
                reasons = self._match(data)
                if has_zip_directory(data) or data.startswith(b"PK\x03\x04"):
                    reasons += self._match_entries(data)
            except yara.TimeoutError:
                reasons = [unscannable("scanner.timeout", SCANNER, f"rules ran over {self._timeout} s")]
            except yara.Error:
                reasons = [unscannable("scanner.error", SCANNER, "the YARA engine failed")]
        return Verdict.from_reasons(tuple(_unique(reasons)), scanners=(self.info(),),
                                    timings=((SCANNER, time.perf_counter() - started),))

    def _match(self, data: bytes) -> list[ScanReason]:
        reasons = []
        for match in self._rules.match(data=data, timeout=self._timeout):
            reasons.append(infected(_code(match.meta), SCANNER, match.rule))
        return reasons

    def _match_entries(self, data: bytes) -> list[ScanReason]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return [unscannable("zip.malformed", SCANNER, "the ZIP directory does not parse")]
        limits = self._limits
        if len(infos) > limits.max_zip_entries:
            return [unscannable("scanner.limit", SCANNER, "too many ZIP entries to inspect")]
        budget = limits.max_zip_uncompressed_bytes
        reasons: list[ScanReason] = []
        for info in infos:
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                return [unscannable("encrypted", SCANNER, "encrypted ZIP entries")]
            if info.file_size > limits.max_zip_ratio * max(info.compress_size, 1) and info.file_size > 1 << 20:
                return [unscannable("scanner.limit", SCANNER, "a ZIP entry above the compression-ratio cap")]
            budget -= info.file_size
            if budget < 0:
                return [unscannable("scanner.limit", SCANNER, "ZIP entries above the inflation budget")]
            try:
                with archive.open(info) as entry:
                    content = entry.read(info.file_size + 1)  # never more than declared, whatever the stream says
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
                return [unscannable("zip.malformed", SCANNER, "a ZIP entry does not inflate")]
            reasons += self._match(content)
        return reasons


def _code(meta: dict[str, object]) -> str:
    if str(meta.get("phigate_kind", "")).lower() != "content":
        return "yara.match"
    return "yara.flag" if str(meta.get("phigate_action", "")).lower() == "flag" else "yara.content"


def _unique(reasons: list[ScanReason]) -> list[ScanReason]:
    return list(dict.fromkeys(reasons))
