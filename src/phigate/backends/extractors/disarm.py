"""Content disarm and reconstruction (CDR): what leaves quarantine for extraction and AI is rebuilt from its
content, never passed through. The original stays encrypted in quarantine for forensic and legal needs.

- Images (PNG, JPEG, TIFF): every frame re-encoded from its pixels, upright per its EXIF orientation; EXIF and
  GPS, comments, text chunks, XMP and ICC profiles are dropped (only the resolution is kept, which OCR needs).
- PDF (pikepdf/qpdf): rewritten without JavaScript, open and additional actions, Launch and other non-navigation
  actions, embedded files and file-attachment annotations, XFA and interactive forms, rich media. Only objects
  still reachable are written, so what was cut is gone from the bytes; ``rasterise=True`` is the stricter option
  (each page becomes an image, nothing of the original's structure survives).
- OOXML (DOCX, XLSX, PPTX): rebuilt without macros (``vbaProject``), ActiveX, OLE embeddings, alternative-format
  chunks, external links and every external relationship but a web or mail hyperlink; a macro-enabled main
  part becomes its macro-free sibling.

Text formats (plain text, CSV, HL7 v2, FHIR JSON) are read as characters by their extractors: nothing of them
runs, so they pass unchanged; DICOM is read from its header and text only.
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile
from dataclasses import dataclass

from PIL import Image, ImageOps, ImageSequence

from phigate.backends.extractors.images import frame_count, open_image
from phigate.errors import ExtractionLimitExceeded, MalformedDocument, ProtectedDocument
from phigate.models import ExtractionLimits, Finding, FindingKind

_IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF"}
_OOXML = "application/vnd.openxmlformats-officedocument."
_OOXML_TYPES = frozenset({_OOXML + "wordprocessingml.document", _OOXML + "spreadsheetml.sheet",
                          _OOXML + "presentationml.presentation"})


@dataclass(frozen=True, slots=True)
class Disarmed:
    """The rebuilt document (same media type) and what the rebuild could not carry over (never content)."""

    data: bytes
    findings: tuple[Finding, ...] = ()


def disarm(data: bytes, media_type: str, limits: ExtractionLimits | None = None) -> Disarmed:
    """The rebuilt document, or the bytes unchanged for formats that carry nothing active."""
    limits = limits or ExtractionLimits()
    if media_type == "application/pdf":
        return disarm_pdf(data)
    if media_type in _IMAGE_FORMATS:
        return Disarmed(disarm_image(data, _IMAGE_FORMATS[media_type], limits))
    if media_type in _OOXML_TYPES:
        return Disarmed(disarm_ooxml(data, limits))
    return Disarmed(data)


# --- images ------------------------------------------------------------------------------------------------

_KEPT_MODES = frozenset({"1", "L", "RGB", "RGBA"})


def disarm_image(data: bytes, fmt: str, limits: ExtractionLimits) -> bytes:
    with open_image(data, fmt, limits) as image:
        frame_count(image, limits)
        dpi: object = image.info.get("dpi")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                frames = [_pixels_only(frame, limits) for frame in ImageSequence.Iterator(image)]
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombWarning) as exc:
            raise MalformedDocument("an image frame could not be decoded") from exc
    out = io.BytesIO()
    options: dict[str, object] = {}
    if isinstance(dpi, tuple) and _valid_dpi(dpi):
        options["dpi"] = (float(dpi[0]), float(dpi[1]))
    if fmt == "JPEG":
        options |= {"quality": 95}
        frames = [f.convert("RGB") if f.mode not in ("L", "RGB") else f for f in frames]
    elif fmt == "TIFF":
        options |= {"compression": "tiff_deflate", "save_all": True, "append_images": frames[1:]}
    frames[0].save(out, format=fmt, **options)
    return out.getvalue()


def _pixels_only(frame: Image.Image, limits: ExtractionLimits) -> Image.Image:
    """A new image holding nothing but the frame's upright pixels (no ``info``, no palette tricks)."""
    if frame.size[0] * frame.size[1] > limits.max_image_pixels:
        raise ExtractionLimitExceeded("an image frame has more pixels than the extraction limit")
    upright = ImageOps.exif_transpose(frame)
    mode = upright.mode if upright.mode in _KEPT_MODES else (
        "RGBA" if "A" in upright.mode or "transparency" in upright.info else "RGB")
    converted = upright.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _valid_dpi(dpi: object) -> bool:
    try:
        return isinstance(dpi, tuple) and len(dpi) == 2 and all(1 <= float(v) <= 4800 for v in dpi)
    except (TypeError, ValueError):
        return False


# --- PDF ---------------------------------------------------------------------------------------------------

_CATALOG_KEYS = ("/OpenAction", "/AA", "/AcroForm", "/JavaScript")
_NAME_TREES = ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations", "/Renditions")
_RISKY_ANNOTATIONS = frozenset({"/FileAttachment", "/Widget", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D"})
_SAFE_ACTIONS = frozenset({"/GoTo", "/URI"})  # navigation inside the document, or a link the reader shows


def disarm_pdf(data: bytes, *, rasterise: bool = False, dpi: int = 150) -> Disarmed:
    if rasterise:
        return Disarmed(_rasterise(data, dpi))
    import pikepdf

    announced = _page_count(data)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            _strip_catalog(pdf.Root)
            # every object, not ``pdf.pages``: walking the page tree makes qpdf repair it (a broken page would
            # vanish, where the extractor reports it); this reaches pages, outlines, annotations and fields
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary):
                    _strip_annotations(obj)
                    _strip_actions(obj)
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
            kept = len(pdf.pages)
    except pikepdf.PasswordError as exc:
        raise ProtectedDocument("the PDF is encrypted") from exc
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, OverflowError, RecursionError) as exc:
        raise MalformedDocument("the PDF could not be rebuilt") from exc
    if kept == 0:
        raise MalformedDocument("the PDF has no page that could be rebuilt")
    if announced is not None and kept < announced:  # qpdf drops page-tree entries that are not pages
        return Disarmed(out.getvalue(), (Finding(
            FindingKind.PAGE_ERROR, f"{announced - kept} of {announced} pages were not pages and were dropped "
            "when the PDF was rebuilt"),))
    return Disarmed(out.getvalue())


def _page_count(data: bytes) -> int | None:
    """The page count a viewer (pdfium) announces, None if it cannot open the file."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        return len(document)
    finally:
        document.close()


def _strip_catalog(root: object) -> None:
    import pikepdf

    assert isinstance(root, pikepdf.Dictionary)
    for key in _CATALOG_KEYS:
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in _NAME_TREES:
            if key in names:
                del names[key]


def _strip_annotations(page: object) -> None:
    import pikepdf

    assert isinstance(page, pikepdf.Dictionary)
    annotations = page.get("/Annots")
    if isinstance(annotations, pikepdf.Array):
        kept = [a for a in annotations if not (isinstance(a, pikepdf.Dictionary)
                                               and str(a.get("/Subtype", "")) in _RISKY_ANNOTATIONS)]
        page["/Annots"] = pikepdf.Array(kept)


def _strip_actions(obj: object) -> None:
    import pikepdf

    assert isinstance(obj, pikepdf.Dictionary)
    for key in ("/AA", "/JS"):
        if key in obj:
            del obj[key]
    action = obj.get("/A")
    if isinstance(action, pikepdf.Dictionary) and str(action.get("/S", "")) not in _SAFE_ACTIONS:
        del obj["/A"]
    if str(obj.get("/S", "")) not in _SAFE_ACTIONS | {""} and "/Next" in obj:
        del obj["/Next"]
    if "/EF" in obj:  # a file specification that embeds a file
        del obj["/EF"]
    if "/XFA" in obj:
        del obj["/XFA"]


def _rasterise(data: bytes, dpi: int) -> bytes:
    """Each page rendered to pixels (pdfium) and written as an image-only PDF: the strictest rebuild."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise MalformedDocument("the PDF could not be rendered") from exc
    try:
        pages = [document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))]
    finally:
        document.close()
    if not pages:
        raise MalformedDocument("the PDF has no pages")
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return out.getvalue()


# --- OOXML -------------------------------------------------------------------------------------------------

# relationship types (last path segment, lower case) whose targets are dropped with the relationship
_DROPPED_RELATIONSHIPS = frozenset({
    b"vbaproject", b"afchunk", b"oleobject", b"package", b"control", b"activexcontrol", b"activexcontrolbinary",
    b"attachedtemplate", b"externallink", b"externallinkpath", b"frame", b"subdocument", b"wordvbadata",
    b"keymapcustomizations", b"customization"})
_DROPPED_PARTS = re.compile(r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml|embeddings/|activeX/|externalLinks/)",
                            re.IGNORECASE)
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?(?:/>|>\s*</(?:\w+:)?Relationship>)", re.DOTALL)
_ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SAFE_LINK = re.compile(rb"(?:https?|mailto):", re.IGNORECASE)
_ALT_CHUNK = re.compile(rb"<w:altChunk\b[^>]*?(?:/>|>.*?</w:altChunk>)", re.DOTALL)
_MACRO_TYPES = (
    (b"application/vnd.ms-word.document.macroEnabled.main+xml",
     b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    (b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
     b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    (b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
     b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
)
_VBA_CONTENT_TYPE = re.compile(rb"<(?:Default|Override)\b[^>]*vbaProject[^>]*/>", re.IGNORECASE)


def disarm_ooxml(data: bytes, limits: ExtractionLimits) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            infos = source.infolist()
            if sum(i.file_size for i in infos) > limits.max_archive_bytes:
                raise ExtractionLimitExceeded("the package is larger than the extraction limit")
            dropped = {i.filename for i in infos if _DROPPED_PARTS.search(i.filename)}
            parts = {i.filename: source.read(i) for i in infos if i.filename not in dropped and not i.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError) as exc:
        raise MalformedDocument("the package could not be read") from exc
    for name, body in list(parts.items()):
        if name.endswith(".rels"):
            kept, targets = _filter_relationships(name, body)
            parts[name] = kept
            for target in targets:
                parts.pop(target, None)
    for name, body in list(parts.items()):
        if name == "[Content_Types].xml":
            types = body
            for macro, plain in _MACRO_TYPES:
                types = types.replace(macro, plain)
            parts[name] = _VBA_CONTENT_TYPE.sub(b"", types)
        elif name.endswith(".xml"):
            parts[name] = _ALT_CHUNK.sub(b"", body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for name, body in parts.items():
            rebuilt.writestr(name, body)
    return out.getvalue()


def _filter_relationships(rels_name: str, body: bytes) -> tuple[bytes, list[str]]:
    """The ``.rels`` part without dropped relationships, and the package parts those pointed at."""
    source_dir = posixpath.dirname(posixpath.dirname(rels_name))
    targets: list[str] = []

    def keep(match: re.Match[bytes]) -> bytes:
        attrs = {m.group(1): m.group(2) or m.group(3) or b"" for m in _ATTRIBUTE.finditer(match.group(0))}
        kind = attrs.get(b"Type", b"").rsplit(b"/", 1)[-1].lower()
        external = attrs.get(b"TargetMode", b"").lower() == b"external"
        target = attrs.get(b"Target", b"")
        if external and (kind != b"hyperlink" or not _SAFE_LINK.match(target.strip())):
            return b""
        if kind in _DROPPED_RELATIONSHIPS:
            if not external:
                path = target.decode("utf-8", "replace")
                targets.append(posixpath.normpath(path.lstrip("/") if path.startswith("/")
                                                  else posixpath.join(source_dir, path)))
            return b""
        return match.group(0)

    return _RELATIONSHIP.sub(keep, body), targets
