"""Image de-identification benchmarks.

- Time: de-identifying one US-letter page at 300 dpi (a synthetic note of 40 lines and a photograph: OCR word
  boxes, face detection, the PHI engine, blacking out, PNG re-encoding) against Tesseract alone on the same
  page (one TSV pass over the already encoded PNG, ``OMP_THREAD_LIMIT=1``); medians; target ratio < 1.3.
- Face recall: the public-domain astronaut photograph and its face pasted at known boxes on nine images; a face
  counts when 95 % of its tight box is black.
- PHI-word recall on synthetic notes rendered at 150 and 300 dpi (names, dates, MRNs, phones); a word counts
  when 90 % of its rendered box is black; clinical words more than half blacked out are counted too.
"""

from __future__ import annotations

from PIL import Image
from tests._fixtures.images_phi import astronaut, covered, face_set, text_page

from bench._timing import median_seconds
from phigate.backends.extractors.ocr import TesseractOcr
from phigate.phi.images import deidentify_image, encode_png


def _page() -> tuple[Image.Image, bytes]:
    page = text_page(dpi=300, repeat=5).image.convert("RGB")
    photo = astronaut()
    page.paste(photo.resize((1024, 1024)), (1200, 2100))
    return page, encode_png(page)


def run(quick: bool) -> list[dict[str, object]]:
    ocr = TesseractOcr()
    page, png = _page()
    repeats = 1 if quick else 3

    def deid() -> None:
        deidentify_image(page, lambda im: ocr.read_words(im, 300))

    deid()  # loads the cascades once, as a long-running worker has
    tesseract = median_seconds(lambda: ocr.read_png(png, 300), repeats)
    ours = median_seconds(deid, repeats)
    faces = [covered(deidentify_image(c.image, ()).png, f) for c in face_set() for f in c.faces]
    phi_hits = phi_total = clinical_hit = clinical_total = 0
    for dpi in (150, 300):
        sample = text_page(dpi=dpi)
        out = deidentify_image(sample.image, ocr.read_words(sample.image, dpi)).png
        for _, is_phi, box in sample.words:
            if is_phi:
                phi_total += 1
                phi_hits += covered(out, box, 0.9)
            else:
                clinical_total += 1
                clinical_hit += covered(out, box, 0.5)
    area = "images"
    return [
        {"area": area, "name": "de-identify a 300 dpi page", "value": ours, "unit": "s", "baseline": tesseract,
         "ratio": ours / tesseract, "target": "< 1.3x Tesseract alone", "ok": ours / tesseract < 1.3},
        {"area": area, "name": f"face recall ({sum(faces)}/{len(faces)})", "value": sum(faces) / len(faces),
         "unit": "", "target": "1.0 on the synthetic set", "ok": all(faces)},
        {"area": area, "name": f"PHI-word recall ({phi_hits}/{phi_total})", "value": phi_hits / phi_total,
         "unit": "", "target": "1.0 on the synthetic set", "ok": phi_hits == phi_total},
        {"area": area, "name": f"clinical words blacked out ({clinical_hit}/{clinical_total})",
         "value": clinical_hit / clinical_total, "unit": "", "target": "0", "ok": clinical_hit == 0},
    ]
