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

from phigate.models import ScanReason
from phigate.ports import ScanLimits

from ._findings import infected, unscannable

SCANNER = "phigate-validators"

_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"BZh", b"\xfd7zXZ", b"MSCF")
_ARCHIVE_SUFFIXES = (".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".tar", ".zst")
_RATIO_FLOOR = 1024 * 1024  # tiny, very repetitive XML parts compress far beyond any ratio cap
_XML_CAP = 1024 * 1024
_LOCAL_HEADER = 30
_OOXML = "application/vnd.openxmlformats-officedocument."
# declared OOXML type -> the content types its main part may have (a macro-enabled one is also ``ooxml.macro``)
_OOXML_MAIN = {
    _OOXML + "wordprocessingml.document": frozenset({
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroenabled.main+xml"}),
    _OOXML + "spreadsheetml.sheet": frozenset({
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroenabled.main+xml"}),
    _OOXML + "presentationml.presentation": frozenset({
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b"application/vnd.ms-powerpoint.presentation.macroenabled.main+xml"}),
}
_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
# external targets a reader follows without a click: remote templates, frames, objects, linked images, chunks.
# Only a hyperlink to the web or mail is an ordinary external relationship.
_SAFE_LINK = re.compile(rb"(?:https?|mailto):", re.IGNORECASE)

def validate_zip(data: bytes, limits: ScanLimits, *, ooxml: str | None) -> list[ScanReason]:
    """``ooxml`` is the declared OOXML media type (its kind must be the package's), None for a plain ZIP."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return [unscannable("zip.malformed", SCANNER, "the ZIP directory does not parse")]
    bomb = _bomb(infos, limits)
    if bomb:
        return [infected("zip.bomb", SCANNER, bomb)]
    names = [i.filename.replace("\\", "/").lower() for i in infos]
    if len(set(names)) != len(names):  # readers disagree on which of two same-named entries is the document
        return [unscannable("zip.duplicate_entry", SCANNER, "two entries with the same name")]
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
            reasons.append(unscannable(code, SCANNER, "not an Office Open XML document of the declared kind"))
        elif code == "ooxml.external_relationship":
            reasons.append(infected(code, SCANNER, "external template, frame, object, image or chunk"))
        elif code == "ooxml.dtd":
            reasons.append(infected(code, SCANNER, "a document type declaration in a package part"))
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


def _ooxml_findings(archive: zipfile.ZipFile, *, required: str | None) -> set[str]:
    names = {i.filename: i for i in archive.infolist()}
    content_types = names.get("[Content_Types].xml")
    if content_types is None:
        return {"type_mismatch"} if required else set()
    codes: set[str] = set()
    types = _read_capped(archive, content_types)
    if required and not _main_part_is(types, set(names), _OOXML_MAIN.get(required, frozenset())):
        codes.add("type_mismatch")
    if b"macroEnabled" in types or b"vbaProject" in types:
        codes.add("ooxml.macro")
    for name, info in names.items():
        if not name.endswith((".xml", ".rels")):
            continue
        part = _read_capped(archive, info)
        if _DOCTYPE.search(part):
            codes.add("ooxml.dtd")  # OPC forbids DTDs: entity expansion (billion laughs) and XXE
        if name.endswith(".rels") and _risky_external(part):
            codes.add("ooxml.external_relationship")
    return codes


def _main_part_is(types: bytes, names: set[str], allowed: frozenset[bytes]) -> bool:
    """The package's main part (the override whose type ends ``.main+xml``) exists and is of an allowed type."""
    mains = []
    for match in _OVERRIDE.finditer(types):
        attrs = _attributes(match.group(1))
        content_type = attrs.get(b"ContentType", b"").strip().lower()
        if content_type.endswith(b".main+xml"):
            mains.append((attrs.get(b"PartName", b"").decode("utf-8", "replace").lstrip("/"), content_type))
    return bool(mains) and all(kind in allowed and part in names for part, kind in mains)


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return {m.group(1): m.group(2) or m.group(3) or b"" for m in _ATTRIBUTE.finditer(tag)}


def relationships(rels: bytes) -> list[dict[bytes, bytes]]:
    """The attributes of every relationship in a ``.rels`` part."""
    return [_attributes(match.group(1)) for match in _RELATIONSHIP.finditer(rels)]


def _risky_external(rels: bytes) -> bool:
    for attrs in relationships(rels):
        if attrs.get(b"TargetMode", b"").lower() == b"external":
            kind = attrs.get(b"Type", b"").rsplit(b"/", 1)[-1]
            if kind != b"hyperlink" or not _SAFE_LINK.match(attrs.get(b"Target", b"").strip()):
                return True
    return False
