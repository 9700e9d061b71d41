"""Payloads of the binary formats: archive entries (OOXML embeddings and alternative-format chunks, with the
MIME parts of an MHT chunk decoded), PDF embedded files (name tree and file-attachment annotations alike), and
the encapsulated document of a DICOM file.

An archive entry is a payload when it is an OOXML embedding or alternative-format chunk, or when its own
signature makes it a format the gate validates (PDF, archive, image, DICOM); its other entries are already read
by the ZIP validator, YARA and clamd. Streams are inflated within the document's remaining budget and the
compression-ratio cap, never beyond.
"""

from __future__ import annotations

import email
import email.policy
import io
import posixpath
import quopri
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from email.message import Message

from ._embedded import SCANNER, Budget, Payload, PayloadRefused, decode_base64, payload, undecodable
from ._findings import unscannable
from ._sniff import Format, binary_formats
from ._zip import relationships

_SNIFF = 1024
_VALIDATED = frozenset({Format.PDF, Format.ZIP, Format.PNG, Format.JPEG, Format.TIFF, Format.DICOM})
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
               RuntimeError, zlib.error)


def zip_payloads(data: bytes, budget: Budget) -> Iterator[Payload]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        chunks = _alt_chunks(archive)
        for info in archive.infolist():
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise PayloadRefused(unscannable("encrypted", SCANNER, "encrypted archive entries"))
            name = info.filename.replace("\\", "/")
            embedding = "/embeddings/" in "/" + name.lower()
            if not (embedding or name in chunks or _VALIDATED & binary_formats(_read(archive, info, _SNIFF))):
                continue
            content = _entry(archive, info, budget)
            if name in chunks and _is_mime(content):
                yield from mime_payloads(content, budget)
            origin = "an OOXML alternative-format chunk" if name in chunks else (
                "an OOXML embedding" if embedding else "an archive entry")
            yield payload(content, None, origin, budget)
    except _ZIP_ERRORS as exc:
        raise undecodable("an archive entry") from exc


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    with archive.open(info) as entry:
        return entry.read(size)


def _entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    if info.file_size > budget.cap():
        raise PayloadRefused(unscannable("embedded.too_large", SCANNER, "an archive entry above the budget"))
    content = _read(archive, info, info.file_size + 1)  # never more than declared, whatever the stream says
    budget.check_ratio(info.compress_size, len(content), "an archive entry")
    return content


def _alt_chunks(archive: zipfile.ZipFile) -> set[str]:
    """The part names that OOXML ``aFChunk`` relationships point at (inside the package)."""
    targets: set[str] = set()
    for info in archive.infolist():
        if not info.filename.endswith(".rels"):
            continue
        source_dir = posixpath.dirname(posixpath.dirname(info.filename))  # word/_rels/x.rels -> word
        for attrs in relationships(_read(archive, info, 1 << 20)):
            kind = attrs.get(b"Type", b"").rsplit(b"/", 1)[-1].lower()
            if kind == b"afchunk" and attrs.get(b"TargetMode", b"").lower() != b"external":
                target = attrs.get(b"Target", b"").decode("utf-8", "replace")
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(source_dir, target)
                targets.add(posixpath.normpath(joined))
    return targets


def _is_mime(content: bytes) -> bool:
    head = content[:4096].lower()
    return head.startswith((b"mime-version:", b"content-type:")) or b"\nmime-version:" in head


def mime_payloads(content: bytes, budget: Budget) -> Iterator[Payload]:
    """The decoded parts of a MIME document (an MHT alternative-format chunk)."""
    message = email.message_from_bytes(content, policy=email.policy.compat32)
    for part in message.walk():
        if part.is_multipart():
            continue
        yield payload(_decode_part(part, budget), part.get_content_type(), "a MIME part", budget)


def _decode_part(part: Message, budget: Budget) -> bytes:
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    raw = part.get_payload(decode=False)
    text = raw if isinstance(raw, str) else ""
    if encoding == "base64":
        return decode_base64(text, "a MIME part", budget)
    if encoding == "quoted-printable":
        return quopri.decodestring(text.encode("latin-1", "replace"))
    return text.encode("utf-8", "surrogateescape")


# --- PDF ---------------------------------------------------------------------------------------------------


def pdf_payloads(data: bytes, budget: Budget) -> Iterator[Payload]:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, StreamObject

    from ._pdf import objects

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            streams: dict[int, StreamObject] = {}
            for obj in objects(reader, budget.limits.max_pdf_objects):
                if isinstance(obj, StreamObject) and obj.get("/Type") == "/EmbeddedFile":
                    streams[id(obj)] = obj
                files = obj.get("/EF") if isinstance(obj, DictionaryObject) else None
                if isinstance(files, DictionaryObject):
                    for ref in files.values():
                        stream = ref.get_object()
                        if isinstance(stream, StreamObject):
                            streams[id(stream)] = stream
            found = [(_decode_stream(s, budget), str(s.get("/Subtype", "")).lstrip("/")) for s in streams.values()]
    except PayloadRefused:
        raise
    except Exception as exc:  # any parser failure on untrusted bytes: the payload cannot be judged
        raise undecodable("a PDF embedded file") from exc
    for content, claimed in found:
        yield payload(content, claimed or None, "a PDF embedded file", budget)


def _decode_stream(stream: object, budget: Budget) -> bytes:
    from pypdf.generic import StreamObject

    assert isinstance(stream, StreamObject)
    raw = bytes(getattr(stream, "_data", b""))
    filters = stream.get("/Filter")
    if filters is None:
        content = raw
    elif filters == "/FlateDecode" and "/DecodeParms" not in stream:
        inflater = zlib.decompressobj()
        content = inflater.decompress(raw, budget.cap() + 1)
        if len(content) > budget.cap():
            budget.check_ratio(len(raw), len(content), "a PDF embedded file")
            raise PayloadRefused(unscannable("embedded.too_large", SCANNER, "a PDF embedded file above the budget"))
    else:
        content = stream.get_data()
    budget.check_ratio(len(raw), len(content), "a PDF embedded file")
    return content


# --- DICOM -------------------------------------------------------------------------------------------------


def dicom_payloads(data: bytes, budget: Budget) -> Iterator[Payload]:
    """The document of an Encapsulated PDF/CDA/STL DICOM object (``EncapsulatedDocument``)."""
    import pydicom

    try:
        dataset = pydicom.dcmread(io.BytesIO(data), stop_before_pixels=True)
        content = bytes(dataset.get("EncapsulatedDocument") or b"")
        claimed = dataset.get("MIMETypeOfEncapsulatedDocument")
    except Exception as exc:  # any parser failure on untrusted bytes: the payload cannot be judged
        raise undecodable("a DICOM encapsulated document") from exc
    if content:
        yield payload(content, str(claimed) if claimed else None, "a DICOM encapsulated document", budget)
