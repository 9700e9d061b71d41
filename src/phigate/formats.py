"""One registry of the document formats phigate knows: each canonical media type with the names clients also
declare for it, its file extensions, what libmagic may call its bytes, the structural check of its first bytes,
a short name for tables, and whether it may be uploaded. Upload, ingest and ``phigate scan`` read it here, so a
file that ``phigate ingest`` types is a type the HTTP upload accepts, and the reverse.

The adapters (scanners, extractors) declare for themselves which media types they handle; the registry is the
edge's side: what a caller may declare and how it is named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from phigate.errors import UnsupportedMediaType

OCTET_STREAM: Final = "application/octet-stream"


def _any(head: bytes) -> bool:
    return True


def _text(head: bytes) -> bool:
    return b"\x00" not in head


def _stripped(head: bytes) -> bytes:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


@dataclass(frozen=True, slots=True)
class Format:
    media_type: str  # canonical: what phigate stores and answers
    short: str  # for tables (``phigate ingest``)
    suffixes: tuple[str, ...] = ()  # file extensions, lower case, with the dot
    aliases: tuple[str, ...] = ()  # other names a client may declare; normalised to ``media_type``
    magic: frozenset[str] = frozenset()  # what libmagic may call the bytes (empty: the media type itself)
    structure: Callable[[bytes], bool] = _any  # a check of the first bytes beyond libmagic's word
    upload: bool = True  # accepted by ``POST /v1/uploads`` and ``phigate ingest``; else ``phigate scan`` only

    def matches(self, identified: str, head: bytes) -> bool:
        """Whether bytes libmagic calls ``identified``, starting with ``head``, are this format."""
        return identified in (self.magic or {self.media_type}) and self.structure(head)


DOCX: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HL7V2: Final = "x-application/hl7-v2+er7"
FHIR_JSON: Final = "application/fhir+json"
DICOM: Final = "application/dicom"

FORMATS: Final[tuple[Format, ...]] = (
    Format("application/pdf", "pdf", (".pdf",)),
    Format("image/png", "png", (".png",)),
    Format("image/jpeg", "jpeg", (".jpg", ".jpeg")),
    Format("image/tiff", "tiff", (".tif", ".tiff")),
    Format(DOCX, "docx", (".docx",)),
    Format("text/plain", "text", (".txt", ".text", ".md"), structure=_text),  # Markdown is plain text here
    Format(HL7V2, "hl7v2", (".hl7",), aliases=("application/hl7-v2", "application/x-hl7"),
           magic=frozenset({"text/plain"}), structure=lambda head: _stripped(head).startswith(b"MSH|")),
    Format(FHIR_JSON, "fhir", (".json",), magic=frozenset({"application/json", "text/plain"}),
           structure=lambda head: _stripped(head).startswith(b"{") and b'"resourceType"' in head),
    Format(DICOM, "dicom", (".dcm", ".dicom"), magic=frozenset({DICOM, OCTET_STREAM}),
           structure=lambda head: head[128:132] == b"DICM"),
    # scanned by ``phigate scan`` (what a referral packet may contain), never accepted as an upload
    Format("application/zip", "zip", (".zip",), upload=False),
    Format("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", (".xlsx",), upload=False),
    Format("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", (".pptx",),
           upload=False),
    Format("text/csv", "csv", (".csv",), upload=False),
)

_BY_TYPE: Final = {f.media_type: f for f in FORMATS}
_BY_NAME: Final = {**{a: f for f in FORMATS for a in f.aliases}, **_BY_TYPE}
_BY_SUFFIX: Final = {s: f for f in FORMATS for s in f.suffixes}
UPLOADABLE: Final[tuple[str, ...]] = tuple(sorted(f.media_type for f in FORMATS if f.upload))
# what a client may declare for an upload: the canonical types and their aliases
DECLARABLE: Final[tuple[str, ...]] = tuple(sorted({n for f in FORMATS if f.upload for n in (f.media_type, *f.aliases)}))


def base_type(declared: str) -> str:
    """``Text/Plain; charset=utf-8`` -> ``text/plain``."""
    return declared.split(";", 1)[0].strip().lower()


def lookup(declared: str) -> Format | None:
    """The format a declared media type (or one of its aliases) names, or None."""
    return _BY_NAME.get(base_type(declared))


def for_upload(declared: str) -> Format:
    """The uploadable format ``declared`` names (an alias gives its canonical type); UnsupportedMediaType
    listing what is accepted otherwise."""
    found = lookup(declared)
    if found is None or not found.upload:
        raise UnsupportedMediaType(f"media type not accepted; allowed: {', '.join(UPLOADABLE)}")
    return found


def of_path(path: Path) -> str:
    """The media type a file's extension declares (as an uploader would), else ``application/octet-stream``."""
    found = _BY_SUFFIX.get(path.suffix.lower())
    return OCTET_STREAM if found is None else found.media_type


def short_name(media_type: str | None) -> str:
    """A few letters for a table: ``docx``, ``fhir``, ``hl7v2``…; ``-`` for none."""
    if not media_type:
        return "-"
    found = lookup(media_type)
    return found.short if found is not None else base_type(media_type).rsplit("/", 1)[-1][:24]
