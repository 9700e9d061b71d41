"""Reasons the scanners give, and the one helper every scanner uses to hold a bounded document in memory.

Reason codes are stable: tenants' policies, clients and dashboards key on them. Details name a signature, a
rule or a limit, never document content or names (an entry name in a ZIP can be PHI: "Jane_Doe_MRI.pdf").
"""

from __future__ import annotations

from collections.abc import Iterable

from phigate.models import ScanReason, VerdictKind

# Every code a built-in scanner can give. The adjustable ones (a tenant policy may turn them into flags) are
# the content findings: the structural validators' and the YARA content rules' (``yara.content``,
# ``yara.flag``). Engine failures, limits and malware signatures (clamd's ``malware.signature``, a YARA
# malware rule's ``yara.match``) never are: a policy naming one is refused at start-up.
ADJUSTABLE_CODES = frozenset({
    "pdf.javascript", "pdf.launch", "pdf.open_action", "pdf.auto_action", "pdf.embedded_file", "pdf.xfa",
    "zip.nested_archive", "ooxml.macro", "ooxml.external_relationship", "polyglot", "yara.content", "yara.flag",
    "type.leading_bytes", "type.trailing_bytes", "text.markup", "text.script", "text.formula", "ooxml.dtd",
    "hl7.external_reference", "pdf.xref_repaired",
})


def infected(code: str, scanner: str, detail: str = "") -> ScanReason:
    return ScanReason(code, VerdictKind.INFECTED, scanner, detail, code in ADJUSTABLE_CODES)


def unscannable(code: str, scanner: str, detail: str = "") -> ScanReason:
    return ScanReason(code, VerdictKind.UNSCANNABLE, scanner, detail, code in ADJUSTABLE_CODES)


def read_bounded(chunks: Iterable[bytes], cap: int) -> bytes | None:
    """The concatenated chunks, or None as soon as they exceed ``cap`` bytes (the rest is never read)."""
    parts: list[bytes] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > cap:
            return None
        parts.append(bytes(chunk))
    return parts[0] if len(parts) == 1 else b"".join(parts)
