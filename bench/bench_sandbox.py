"""Isolated parsing (issue 16, item 2): the per-document cost of scanning and extracting in a fresh child process
(forked from the pre-imported fork server, limits set, network namespace) against doing it in the calling
process, on the same example documents. Also the bare round trip of an empty job."""

from __future__ import annotations

import functools
import statistics
from pathlib import Path
from typing import Any

from bench._timing import median_seconds
from phigate.backends.extractors import ExtractorChooser
from phigate.config import Settings
from phigate.models import ScanTarget
from phigate.pipeline.image_derivative import SANDBOX_PRELOAD as IMAGE_PRELOAD
from phigate.pipeline.image_derivative import ImageTask
from phigate.pipeline.sandbox import Sandbox, SandboxedExtractor, prebuilt, probe
from phigate.registry import build_gate, build_scanner, sandbox_limits

AREA = "sandbox"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DOCUMENTS = [("adt-a01.hl7", "application/hl7-v2"), ("patient-bundle.fhir.json", "application/fhir+json"),
             ("discharge-summary.docx",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             ("referral-letter.pdf", "application/pdf"), ("lab-report-scan.png", "image/png")]


def run(quick: bool) -> list[dict[str, object]]:
    repeats = 3 if quick else 11
    settings = Settings.load(data_dir=Path("/nonexistent-bench"))
    limits = settings.extraction.limits()
    build_extractor = functools.partial(ExtractorChooser.with_tesseract, limits)
    direct_gate, direct_extractor = build_gate(settings.scan), build_extractor()
    sandbox = Sandbox(sandbox_limits(settings), ("phigate.backends.scanners", "phigate.backends.extractors",
                                                 *IMAGE_PRELOAD))
    boxed_gate = build_scanner(settings)
    boxed_extractor = SandboxedExtractor(sandbox, prebuilt(direct_extractor) or build_extractor,
                                         direct_extractor.media_types)
    docs = [((EXAMPLES / name).read_bytes(), media_type) for name, media_type in DOCUMENTS]

    def direct(data: bytes, media_type: str) -> None:
        direct_gate.scan([data], ScanTarget(media_type, "bench"))
        direct_extractor.extract(data, media_type)

    def boxed(data: bytes, media_type: str) -> None:
        boxed_gate.scan([data], ScanTarget(media_type, "bench"))
        boxed_extractor.extract(data, media_type)

    boxed(*docs[0])  # start the fork server (imports the parsers once) outside the timings
    rows: list[dict[str, object]] = []
    all_direct, all_boxed = [], []
    for (name, _), (data, media_type) in zip(DOCUMENTS, docs, strict=True):
        d = median_seconds(functools.partial(direct, data, media_type), repeats)
        b = median_seconds(functools.partial(boxed, data, media_type), repeats)
        all_direct.append(d)
        all_boxed.append(b)
        rows.append({"area": AREA, "name": f"scan+extract {name}, sandboxed", "value": b * 1000, "unit": "ms",
                     "baseline": d * 1000, "ratio": b / d})
    med_d, med_b = statistics.median(all_direct), statistics.median(all_boxed)
    rows.append({"area": AREA, "name": "median document (scan+extract), sandboxed vs in-process",
                 "value": med_b * 1000, "unit": "ms", "baseline": med_d * 1000, "ratio": med_b / med_d})
    rows.append({"area": AREA, "name": "added per document (median of the differences)",
                 "value": statistics.median(b - d for b, d in zip(all_boxed, all_direct, strict=True)) * 1000,
                 "unit": "ms"})
    rows.extend(_images(sandbox, direct_extractor.ocr, limits, repeats))
    rows.append({"area": AREA, "name": "empty job round trip (fork, limits, netns, pipe)",
                 "value": median_seconds(lambda: sandbox.run(probe, [b"x"]), repeats * 3) * 1000, "unit": "ms",
                 "target": f"network={'isolated' if sandbox.network_isolated else 'shared'}"})
    return rows


IMAGES = [("lab-report-scan.png", "image/png"), ("referral-letter.pdf", "application/pdf")]


def _images(sandbox: Sandbox, ocr: Any, limits: Any, repeats: int) -> list[dict[str, object]]:
    """Image de-identification (decode, OCR word boxes, faces, black-out, PNG) in a child against in-process."""
    rows: list[dict[str, object]] = []
    for name, media_type in IMAGES:
        task = ImageTask(ocr, limits, media_type, b"s" * 32, (1,) if media_type == "application/pdf" else ())
        data = (EXAMPLES / name).read_bytes()
        task.render(data)  # the face cascades loaded once, as a long-running worker has them
        d = median_seconds(functools.partial(task.render, data), repeats)
        b = median_seconds(functools.partial(sandbox.run, task, (data,)), repeats)
        rows.append({"area": AREA, "name": f"image de-identification {name}, sandboxed", "value": b * 1000,
                     "unit": "ms", "baseline": d * 1000, "ratio": b / d, "target": f"+{(b - d) * 1000:.0f} ms"})
    return rows
