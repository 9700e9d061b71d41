"""The de-identified image derivative of image documents (PNG, JPEG, TIFF frames), DICOM frames and the PDF pages
that had to be OCR'd (scans): what the AI path receives for an image. Faces and the words the PHI engine tags are
blacked out (``phigate.phi.images``), DICOM headers and burned-in annotation are de-identified
(``phigate.phi.dicom``), and every page is re-encoded from its pixels with no metadata. Sealed in the vault, one
object per document, beside the text derivative.

The original is decrypted in memory from quarantine; nothing touches the disk. Opening is capped like the
extractors (frames, pixels, decompression bombs); an image that cannot be de-identified raises ``PhiError`` and
the analyse stage holds the document for review, since a page that was not cleaned must not reach the AI path.
A PDF's scanned pages are rendered by PDFium without a form environment (no script runs), as the extractor does.
"""

from __future__ import annotations

import base64
import io
import math
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from phigate.errors import PhiError
from phigate.models import DocumentRecord, ExtractionLimits
from phigate.phi.dicom import deidentify_dicom
from phigate.phi.images import ImageDeidResult, deidentify_image
from phigate.pipeline._artifacts import IMAGE_DERIVATIVES, artifact_key, get_json, put_json
from phigate.pipeline.receive import quarantine_key
from phigate.pipeline.sandbox import PROTOCOL, ParserError, ParserPhiError, Sandbox, SandboxFailure
from phigate.ports import WordReader
from phigate.vault import Vault

IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF"}
DICOM = "application/dicom"
PDF = "application/pdf"
_DEFAULT_DPI = 300
# what a sandbox's fork server imports once for image children: the decoders are imported lazily elsewhere, and a
# child importing OpenCV itself under its limits fails (ImportError), besides paying the import per document
SANDBOX_PRELOAD = (__name__, "numpy", "cv2", "pydicom", "pypdfium2")


class ImageDeidentifier:
    """Builds and seals the de-identified image derivative of one document."""

    def __init__(self, vault: Vault, words: WordReader, limits: ExtractionLimits | None = None,
                 sandbox: Sandbox | None = None) -> None:
        self._vault, self._words, self._sandbox = vault, words, sandbox
        self._limits = limits or ExtractionLimits()

    @staticmethod
    def applies(media_type: str, ocr_pages: Sequence[int] = ()) -> bool:
        """Images and DICOM always; a PDF when some of its pages were scans (OCR'd)."""
        return media_type in IMAGE_FORMATS or media_type == DICOM or (media_type == PDF and bool(ocr_pages))

    def store(self, document: DocumentRecord, secret: bytes, ocr_pages: Sequence[int] = ()) -> dict[str, int]:
        """De-identify every page (for a PDF, the OCR'd pages ``ocr_pages``, 1-based, in that order) and seal
        them; returns the counts of boxes by kind (no content). With a sandbox, the decoding, OCR and blacking
        out run in a child process: a crash or a limit there is a ``PhiError`` with the sandbox's reason code."""
        data = self._vault.read(quarantine_key(document.tenant, document.id))
        task = ImageTask(self._words, self._limits, document.media_type, secret, tuple(ocr_pages))
        try:
            pages = task.render(data) if self._sandbox is None else self._in_sandbox(self._sandbox, task, data)
        finally:
            del data
        totals: dict[str, int] = {}
        for page in pages:
            for kind, n in page["counts"].items():
                totals[kind] = totals.get(kind, 0) + int(n)
        put_json(self._vault, artifact_key(IMAGE_DERIVATIVES, document.tenant, document.id),
                 {"media_type": "image/png", "counts": totals,
                  "pages": [{"number": n, **page} for n, page in enumerate(pages, 1)]})
        return totals

    @staticmethod
    def _in_sandbox(sandbox: Sandbox, task: ImageTask, data: bytes) -> list[dict[str, Any]]:
        try:
            pages = sandbox.run(task, (data,))
            if not isinstance(pages, list) or not all(_is_page(p) for p in pages):
                raise SandboxFailure(PROTOCOL)
        except SandboxFailure as exc:
            raise ParserPhiError(exc.code, exc.status, exc.diagnostics()) from exc
        except ParserError as exc:  # what the child raised (an undecodable image …), by its code
            raise ParserPhiError(exc.code, exc.status, exc.diagnostics()) from exc
        return pages


@dataclass(frozen=True, slots=True)
class ImageTask:
    """One document's image de-identification, as a sandbox task: the quarantined bytes in, the de-identified
    pages out as JSON (PNG in base64, sizes and counts; never the words read)."""

    words: WordReader
    limits: ExtractionLimits
    media_type: str
    secret: bytes
    ocr_pages: tuple[int, ...]

    def __call__(self, chunks: Iterator[bytes]) -> list[dict[str, Any]]:
        return self.render(b"".join(chunks))

    def render(self, data: bytes) -> list[dict[str, Any]]:
        renderer = _Renderer(self.words, self.limits)
        if self.media_type == PDF:
            pages = [deidentify_image(page, self.words.read_words, secret=self.secret)
                     for page in renderer.pdf_pages(data, self.ocr_pages)]
        else:
            pages = renderer.pages(data, self.media_type, self.secret)
        return [{"width": p.width, "height": p.height, "counts": p.counts,
                 "png": base64.b64encode(p.png).decode("ascii")} for p in pages]


def _is_page(page: object) -> bool:
    return (isinstance(page, dict) and isinstance(page.get("png"), str) and isinstance(page.get("counts"), dict)
            and isinstance(page.get("width"), int) and isinstance(page.get("height"), int))


class _Renderer:
    """Decodes the document's pages (capped like the extractors) and de-identifies each."""

    def __init__(self, words: WordReader, limits: ExtractionLimits) -> None:
        self._words, self._limits = words, limits

    def pages(self, data: bytes, media_type: str, secret: bytes) -> list[ImageDeidResult]:
        if media_type == DICOM:
            return list(deidentify_dicom(data, self._words.read_words, secret=secret,
                                         max_pixels=self._limits.max_image_pixels * 4).frames)
        return [deidentify_image(frame, self._words.read_words(frame, dpi), secret=secret)
                for frame, dpi in self._frames(data, IMAGE_FORMATS[media_type])]

    def _frames(self, data: bytes, fmt: str) -> Iterator[tuple[Image.Image, int]]:
        limits = self._limits
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data), formats=[fmt])
                count = int(getattr(image, "n_frames", 1))
                if count > min(limits.max_image_frames, limits.max_ocr_pages):
                    raise PhiError("the image has more frames than can be de-identified")
                for index in range(count):
                    image.seek(index)
                    if image.size[0] * image.size[1] > limits.max_image_pixels:
                        raise PhiError("an image frame has more pixels than can be de-identified")
                    yield ImageOps.exif_transpose(image), _dpi(image)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
                Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise PhiError("the image could not be decoded for de-identification") from exc


    def pdf_pages(self, data: bytes, numbers: Sequence[int]) -> Iterator[Image.Image]:
        """The scanned pages rendered grey at the OCR resolution, capped at the pixel limit like the extractor."""
        import pypdfium2 as pdfium

        if len(numbers) > self._limits.max_ocr_pages:
            raise PhiError("the PDF has more scanned pages than can be de-identified")
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise PhiError("the PDF could not be opened for image de-identification") from exc
        try:
            for number in numbers:
                if not 1 <= number <= len(doc):
                    raise PhiError("a scanned page is missing from the PDF")
                page = doc[number - 1]
                try:
                    width, height = page.get_size()
                    scale = min(self._limits.ocr_dpi / 72,
                                math.sqrt(self._limits.max_image_pixels / max(width * height, 1.0)))
                    bitmap = page.render(scale=scale, grayscale=True)
                    try:
                        yield bitmap.to_pil()
                    finally:
                        bitmap.close()
                finally:
                    page.close()
        except pdfium.PdfiumError as exc:
            raise PhiError("a PDF page could not be rendered for image de-identification") from exc
        finally:
            doc.close()


def read_page(vault: Vault, tenant: str, document_id: str, page: int) -> bytes:
    """The de-identified PNG of one page (1-based); NotFound when the document has no image derivative."""
    from phigate.errors import NotFound

    pages = get_json(vault, artifact_key(IMAGE_DERIVATIVES, tenant, document_id))["pages"]
    if not 1 <= page <= len(pages):
        raise NotFound("the document has no such image page")
    return base64.b64decode(pages[page - 1]["png"])


def _dpi(image: Image.Image) -> int:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else _DEFAULT_DPI
    except (TypeError, ValueError, IndexError):
        value = _DEFAULT_DPI
    return value if 70 <= value <= 1200 else _DEFAULT_DPI
