"""Structural validation of ZIP containers, OOXML (DOCX, XLSX, PPTX) included.

Only the central directory and a few bytes of each entry are read: bombs are refused from their declared sizes,
ratios and overlapping entries, never by inflating them. Entry names are checked but never reported (they can be
PHI).
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile

from phigate.config import ScanLimits
from phigate.models import ScanReason

from ._findings import infected, unscannable

SCANNER = "phigate-validators"

_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"BZh", b"\xfd7zXZ", b"MSCF")
_ARCHIVE_SUFFIXES = (".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".tar", ".zst")
_RATIO_FLOOR = 1024 * 1024  # tiny, very repetitive XML parts compress far beyond any ratio cap
_XML_CAP = 1024 * 1024
_LOCAL_HEADER = 30
_OOXML_MAIN = (b"wordprocessingml.document.main", b"spreadsheetml.sheet.main", b"presentationml.presentation.main",
               b"ms-word.document.macroEnabled.main", b"sheet.macroEnabled.main",
               b"presentation.macroEnabled.main")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# external targets that make Office fetch and run or render remote content (remote template injection)
_RISKY_EXTERNAL = ("attachedTemplate", "oleObject", "frame", "subDocument", "externalLinkPath")


def validate_zip(data: bytes, limits: ScanLimits, *, ooxml: bool) -> list[ScanReason]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return [unscannable("zip.malformed", SCANNER, "the ZIP directory does not parse")]
    bomb = _bomb(infos, limits)
    if bomb:
        return [infected("zip.bomb", SCANNER, bomb)]
    reasons: list[ScanReason] = []
    codes: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x1:
            return [unscannable("encrypted", SCANNER, "encrypted ZIP entries")]
        if _unsafe_name(info.filename):
            codes.add("zip.path_traversal")
        if info.filename.replace("\\", "/").rsplit("/", 1)[-1].lower() == "vbaproject.bin":
            codes.add("ooxml.macro")
        try:
            if _is_archive(archive, info):
                codes.add("zip.nested_archive")
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            return [unscannable("zip.malformed", SCANNER, "an entry does not decompress")]
    try:
        codes |= _ooxml_findings(archive, required=ooxml)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return [unscannable("zip.malformed", SCANNER, "an entry does not decompress")]
    for code in sorted(codes):
        if code == "type_mismatch":
            reasons.append(unscannable(code, SCANNER, "not an Office Open XML document"))
        elif code == "ooxml.external_relationship":
            reasons.append(infected(code, SCANNER, "external template, frame or object"))
        else:
            reasons.append(infected(code, SCANNER))
    return reasons


def _bomb(infos: list[zipfile.ZipInfo], limits: ScanLimits) -> str:
    if len(infos) > limits.max_zip_entries:
        return f"more than {limits.max_zip_entries} entries"
    if sum(i.file_size for i in infos) > limits.max_zip_uncompressed_bytes:
        return f"more than {limits.max_zip_uncompressed_bytes} bytes uncompressed"
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
            return f"compression ratio above {limits.max_zip_ratio}"
    spans = sorted((i.header_offset, i.header_offset + _LOCAL_HEADER + len(i.orig_filename.encode("utf-8",
                   "surrogateescape")) + i.compress_size) for i in infos)
    for (_, end), (start, _) in itertools.pairwise(spans):
        if start < end:
            return "overlapping entries"
    return ""


def _unsafe_name(name: str) -> bool:
    normal = name.replace("\\", "/")
    parts = normal.split("/")
    return normal.startswith("/") or ".." in parts or (len(normal) > 1 and normal[1] == ":") or "\x00" in name


def _is_archive(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    if info.filename.lower().endswith(_ARCHIVE_SUFFIXES):
        return True
    if info.is_dir() or info.file_size < 4:
        return False
    with archive.open(info) as entry:
        return entry.read(8).startswith(_ARCHIVE_MAGIC)


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as entry:
        return entry.read(_XML_CAP)


def _ooxml_findings(archive: zipfile.ZipFile, *, required: bool) -> set[str]:
    names = {i.filename: i for i in archive.infolist()}
    content_types = names.get("[Content_Types].xml")
    if content_types is None:
        return {"type_mismatch"} if required else set()
    codes: set[str] = set()
    types = _read_capped(archive, content_types)
    if required and not any(main in types for main in _OOXML_MAIN):
        codes.add("type_mismatch")
    if b"macroEnabled" in types or b"vbaProject" in types:
        codes.add("ooxml.macro")
    for name, info in names.items():
        if name.endswith(".rels") and _risky_external(_read_capped(archive, info)):
            codes.add("ooxml.external_relationship")
    return codes


def _risky_external(rels: bytes) -> bool:
    for match in _RELATIONSHIP.finditer(rels):
        attrs = {m.group(1): m.group(2) or m.group(3) or b"" for m in _ATTRIBUTE.finditer(match.group(1))}
        if attrs.get(b"TargetMode", b"").lower() == b"external":
            kind = attrs.get(b"Type", b"").rsplit(b"/", 1)[-1].decode("ascii", "replace")
            if kind in _RISKY_EXTERNAL:
                return True
    return False
