"""PDF text layer: offsets, page-by-page streaming, corrupt pages, hostile documents (no OCR needed)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pypdf
import pytest

from phigate.backends.extractors import ExtractorChooser
from phigate.errors import ExtractionLimitExceeded, MalformedDocument, ProtectedDocument
from phigate.models import ExtractionLimits, FindingKind, TextSource
from tests._fixtures.extract import PdfPage, build_pdf, pdf_text

PDF = "application/pdf"


def extract(data: bytes, limits: ExtractionLimits | None = None):  # type: ignore[no-untyped-def]
    return ExtractorChooser(limits=limits).extract(data, PDF)


def letter(*lines: str) -> PdfPage:
    return PdfPage(b"".join(pdf_text(72, 720 - 16 * i, line) for i, line in enumerate(lines)))


def test_text_layer_pages_with_stable_offsets() -> None:
    result = extract(
        build_pdf(
            [letter("Referral for Zoe Quintero", "DOB 04/03/1971"), letter("Page two: MRN778899 follow up")]
        )
    )
    assert [p.source for p in result.pages] == [TextSource.TEXT_LAYER] * 2
    assert result.pages[0].text == "Referral for Zoe Quintero\nDOB 04/03/1971"
    for page in result.pages:
        assert result.text[page.start : page.end] == page.text
    assert result.text.index("MRN778899") == result.pages[1].start + len("Page two: ")
    assert result.ocr_pages == 0
    assert not result.findings


def test_corrupt_page_in_the_middle_is_a_page_finding_and_the_rest_is_read() -> None:
    pages = [letter(f"Page {n} of the referral letter") for n in range(1, 6)]
    pages[2] = PdfPage(b"", raw_object=b"42")  # not a page dictionary at all
    result = extract(build_pdf(pages))
    # content disarm rebuilds the PDF from its pages: the entry that is no page is dropped, and said so
    assert len(result.pages) == 4
    assert [(f.kind, f.page, f.detail) for f in result.findings] == [
        (FindingKind.PAGE_ERROR, None, "1 of 5 pages were not pages and were dropped when the PDF was rebuilt")]
    assert "Page 4 of the referral letter" in result.pages[2].text


def test_every_page_corrupt_is_malformed() -> None:
    with pytest.raises(MalformedDocument):
        extract(build_pdf([PdfPage(b"", raw_object=b"42")] * 3))


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7\n", b"not a pdf", build_pdf([letter("x" * 40)])[:200], b"%PDF-1.4\n" + b"\xff" * 5000],
    ids=["empty", "header-only", "text", "truncated", "junk"],
)
def test_broken_pdfs_are_malformed(data: bytes) -> None:
    with pytest.raises(MalformedDocument):
        extract(data)


def test_password_protected_pdf_is_refused_as_protected() -> None:
    writer = pypdf.PdfWriter(
        clone_from=pypdf.PdfReader(io.BytesIO(build_pdf([letter("Secret referral text")])))
    )
    writer.encrypt("user-pw", "owner-pw", algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ProtectedDocument):
        extract(buf.getvalue())


def test_page_cap_is_checked_before_reading() -> None:
    with pytest.raises(ExtractionLimitExceeded) as err:
        extract(build_pdf([letter("a short page of text")] * 12), ExtractionLimits(max_pages=10))
    assert "12 pages" in err.value.diagnostics()


def test_garbage_text_layer_without_ocr_is_kept_and_not_trusted() -> None:
    page = PdfPage(pdf_text(72, 700, "Patient Zoe Quintero garbage layer", font="F2"))
    result = ExtractorChooser(ocr=None).extract(build_pdf([page]), PDF)
    assert result.pages[0].source is TextSource.TEXT_LAYER  # no OCR engine: nothing better to offer


@pytest.mark.slow
def test_2000_page_pdf_streams_in_flat_memory(tmp_path: Path) -> None:
    """Peak RSS after 2,000 pages stays close to the peak after 200: pages are read and closed one by one."""
    script = textwrap.dedent("""
        import resource, sys
        from tests._fixtures.extract import PdfPage, build_pdf, pdf_text
        from phigate.backends.extractors import ExtractorChooser
        n = int(sys.argv[1])
        lines = b"".join(pdf_text(72, 720 - 14 * i, f"Line {i} of a progress note") for i in range(4))
        data = build_pdf([PdfPage(lines)] * n)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result = ExtractorChooser().extract(data, "application/pdf")
        assert len(result.pages) == n and not result.findings, result.findings[:3]
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)
    """)
    root = Path(__file__).resolve().parents[3]

    def growth_kb(pages: int) -> int:
        out = subprocess.run(
            [sys.executable, "-c", script, str(pages)],
            capture_output=True,
            text=True,
            cwd=root,
            env={"PYTHONPATH": f"{root}/src:{root}"},
            timeout=300,
            check=True,
        )
        return int(out.stdout.strip())

    small, large = growth_kb(200), growth_kb(2000)
    # the text itself (2,000 pages x ~200 chars) is all that may grow; no page object is kept
    assert large - small < 16 * 1024, (small, large)
