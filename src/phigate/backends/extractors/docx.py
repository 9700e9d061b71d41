"""DOCX: body (paragraphs and tables in reading order, text boxes), headers, footers and comments.

The ZIP is checked before python-docx opens it: total uncompressed size and each entry's compression ratio
are capped, so a ZIP bomb is refused without inflating it. Embedded images are not read (a finding says how
many), and runs formatted as hidden are reported like hidden text in a PDF.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from phigate.backends.extractors._assemble import ExtractedBuilder
from phigate.errors import ExtractionLimitExceeded, MalformedDocument
from phigate.models import Extracted, ExtractionLimits, Finding, FindingKind, TextSource

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BOMB_MIN_BYTES = 1024 * 1024  # small entries may compress very well without being bombs


class DocxExtractor:
    """Extractor for Word ``.docx`` documents."""

    name = "docx"
    media_types = frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"})

    def __init__(self, limits: ExtractionLimits | None = None) -> None:
        self._limits = limits or ExtractionLimits()

    def extract(self, data: bytes, media_type: str) -> Extracted:
        media = self._check_archive(data)
        try:
            document = Document(io.BytesIO(data))
            parts = [
                "\n".join(_blocks(document.iter_inner_content())),
                "\n".join(_text_boxes(document.element.body)),
                "\n".join(_headers_footers(document.sections)),
                "\n".join(_comments(document)),
            ]
            hidden_runs = len(document.element.body.findall(f".//{_W}rPr/{_W}vanish"))
        except (PackageNotFoundError, KeyError, ValueError, AttributeError, zipfile.BadZipFile) as exc:
            raise MalformedDocument("DOCX is corrupt or not a Word document") from exc
        except Exception as exc:  # lxml and python-docx raise many types on malformed XML
            if type(exc).__module__.startswith(("lxml", "docx")):
                raise MalformedDocument("DOCX is corrupt or not a Word document") from exc
            raise
        builder = ExtractedBuilder(media_type)
        builder.add_page("\n\n".join(p for p in parts if p), TextSource.TEXT_LAYER)
        if media:
            builder.findings.append(
                Finding(FindingKind.EMBEDDED_MEDIA, f"{media} embedded images or objects were not read")
            )
        if hidden_runs:
            builder.findings.append(
                Finding(FindingKind.HIDDEN_TEXT, f"{hidden_runs} runs are formatted as hidden text")
            )
        return builder.build()

    def _check_archive(self, data: bytes) -> int:
        """Refuse bombs and non-Word ZIPs before anything is inflated; return the count of media parts."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise MalformedDocument("DOCX is corrupt or not a ZIP archive") from exc
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise MalformedDocument("DOCX has no Word document part")
        if sum(i.file_size for i in infos) > self._limits.max_archive_bytes:
            raise ExtractionLimitExceeded("DOCX expands to more than the extraction limit")
        for info in infos:
            if info.file_size > _BOMB_MIN_BYTES and info.file_size > self._limits.max_compression_ratio * max(
                info.compress_size, 1
            ):
                raise ExtractionLimitExceeded("DOCX contains an entry compressed like a ZIP bomb")
        return sum(1 for n in names if n.startswith(("word/media/", "word/embeddings/")))


def _blocks(items: Iterable[Paragraph | Table]) -> Iterator[str]:
    for item in items:
        if isinstance(item, Paragraph):
            yield item.text
        else:
            yield from _table(item)


def _table(table: Table) -> Iterator[str]:
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
                continue
            seen.add(id(cell._tc))
            cells.append("\n".join(_blocks(cell.iter_inner_content())))
        yield "\t".join(cells)


def _text_boxes(body: Any) -> Iterator[str]:
    for box in body.iter(f"{_W}txbxContent"):
        for para in box.iter(f"{_W}p"):
            yield "".join(t.text or "" for t in para.iter(f"{_W}t"))


def _headers_footers(sections: Any) -> Iterator[str]:
    seen: set[int] = set()
    for section in sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous or id(part.part) in seen:
                continue
            seen.add(id(part.part))
            yield from _blocks(part.iter_inner_content())


def _comments(document: Any) -> Iterator[str]:
    for comment in document.comments:
        yield comment.text
