"""Hidden text in PDFs: text a reader cannot see but a language model downstream would read.

Each text object on a page is checked, in painting order, against the objects painted before and after it:

- invisible render mode (3, or 7 clip-only) with no image painted under it. An OCR'd scan's invisible text
  layer sits over its own page image, and is legitimate;
- fill colour near white (or fully transparent) with nothing darker painted under it (white on white);
- tiny: under one point high;
- off-page: entirely outside the page's crop box;
- covered: an opaque image or filled shape painted later hides it.

Findings say which page, where (the union of the hidden objects' boxes, in PDF points) and how many
characters; never the text itself.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from phigate.models import Finding, FindingKind, Region

_INVISIBLE_MODES = {3, 7}
_NEAR_WHITE = 235
_TINY_POINTS = 1.0
_COVERED_SHARE = 0.9  # of the text's box hidden under one later object
_UNDERLAY_SHARE = 0.5  # of an invisible text's box lying over an earlier image


@dataclass(frozen=True, slots=True)
class _Obj:
    kind: int
    box: tuple[float, float, float, float]
    fill: tuple[int, int, int, int] | None  # RGBA when the object fills, None otherwise
    text_mode: int = 0
    chars: int = 0


@dataclass(frozen=True, slots=True)
class PageInspection:
    findings: list[Finding]
    has_graphics: bool  # images or filled shapes: a page that may hold text only pixels can show


def inspect_page(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int) -> PageInspection:
    """Hidden-text findings (one per kind of hiding) for one page, and whether it paints any graphics."""
    objects = _objects(page, textpage)
    return PageInspection(
        _findings(objects, page.get_cropbox(), number),
        any(o.kind != pdfium_c.FPDF_PAGEOBJ_TEXT for o in objects),
    )


def _findings(objects: list[_Obj], crop: tuple[float, ...], number: int) -> list[Finding]:
    hidden: dict[str, list[_Obj]] = {}
    for index, obj in enumerate(objects):
        if obj.kind != pdfium_c.FPDF_PAGEOBJ_TEXT or obj.chars == 0:
            continue
        reason = _why_hidden(obj, objects[:index], objects[index + 1 :], crop)
        if reason:
            hidden.setdefault(reason, []).append(obj)
    return [
        Finding(
            FindingKind.HIDDEN_TEXT,
            f"{reason}: {sum(o.chars for o in objs)} characters in {len(objs)} text objects",
            number,
            _union(o.box for o in objs),
        )
        for reason, objs in hidden.items()
    ]


def _why_hidden(obj: _Obj, before: list[_Obj], after: list[_Obj], crop: tuple[float, ...]) -> str | None:
    left, bottom, right, top = obj.box
    if right <= crop[0] or left >= crop[2] or top <= crop[1] or bottom >= crop[3]:
        return "off-page text"
    if obj.text_mode in _INVISIBLE_MODES:
        images = [b for b in before if b.kind == pdfium_c.FPDF_PAGEOBJ_IMAGE]
        if not any(_overlap(obj.box, b.box) >= _UNDERLAY_SHARE for b in images):
            return "invisible text (render mode) with no image under it"
        return None
    if top - bottom < _TINY_POINTS:
        return "tiny text (under one point high)"
    if obj.fill is not None and (obj.fill[3] == 0 or min(obj.fill[:3]) >= _NEAR_WHITE):
        dark_under = any(_overlap(obj.box, b.box) > 0 and _paints_dark(b) for b in before)
        if not dark_under:
            return "white or transparent text on a white background"
    if any(_overlap(obj.box, o.box) >= _COVERED_SHARE and _opaque(o) for o in after):
        return "text covered by later content"
    return None


def _paints_dark(obj: _Obj) -> bool:
    if obj.kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return True
    return obj.fill is not None and obj.fill[3] > 0 and min(obj.fill[:3]) < _NEAR_WHITE


def _opaque(obj: _Obj) -> bool:
    if obj.kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return True
    return obj.kind == pdfium_c.FPDF_PAGEOBJ_PATH and obj.fill is not None and obj.fill[3] == 255


def _objects(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[_Obj]:
    out: list[_Obj] = []
    for pobj in page.get_objects():
        kind = pobj.type
        box = tuple(float(v) for v in pobj.get_bounds())
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            mode = int(pdfium_c.FPDFTextObj_GetTextRenderMode(pobj.raw))
            fill = _fill(pobj) if mode in (0, 2, 4, 6) else None
            out.append(_Obj(kind, box, fill, mode, _visible_chars(pobj, textpage)))  # type: ignore[arg-type]
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
            pdfium_c.FPDFPath_GetDrawMode(pobj.raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
            out.append(_Obj(kind, box, _fill(pobj) if fill_mode.value else None))  # type: ignore[arg-type]
        elif kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING):
            out.append(_Obj(pdfium_c.FPDF_PAGEOBJ_IMAGE, box, None))  # type: ignore[arg-type]
    return out


def _fill(pobj: pdfium.PdfObject) -> tuple[int, int, int, int] | None:
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not pdfium_c.FPDFPageObj_GetFillColor(pobj.raw, *(ctypes.byref(c) for c in rgba)):
        return None
    return (rgba[0].value, rgba[1].value, rgba[2].value, rgba[3].value)


def _visible_chars(pobj: pdfium.PdfObject, textpage: pdfium.PdfTextPage) -> int:
    size = pdfium_c.FPDFTextObj_GetText(pobj.raw, textpage.raw, None, 0)
    if size <= 2:
        return 0
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFTextObj_GetText(pobj.raw, textpage.raw, buffer, size)
    text = bytes(buffer)[: size - 2].decode("utf-16-le", errors="replace")
    return sum(1 for c in text if not c.isspace())


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Share of box ``a``'s area that lies inside box ``b`` (0 to 1)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    area = max(a[2] - a[0], 1e-6) * max(a[3] - a[1], 1e-6)
    return 0.0 if width <= 0 or height <= 0 else min(1.0, width * height / area)


def _union(boxes: object) -> Region:
    items = list(boxes)  # type: ignore[call-overload]
    return Region(
        round(min(b[0] for b in items), 1),
        round(min(b[1] for b in items), 1),
        round(max(b[2] for b in items), 1),
        round(max(b[3] for b in items), 1),
    )
