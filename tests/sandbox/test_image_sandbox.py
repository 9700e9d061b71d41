"""Image de-identification runs in the sandbox too (issue 16, item 2): Pillow, OpenCV, pydicom and the OCR engine
decode a hostile image in a child process, never in the worker. A decompression bomb, a truncated file or a
crashing decoder ends that document's image job only, with a clear reason; the analyse stage holds the document
in ``needs_review`` and no de-identified image (nor the original) is ever served in its place."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from phigate.errors import PhiError
from phigate.models import DocumentState, Extracted, ExtractionLimits, Page, TextSource
from phigate.pipeline._artifacts import EXTRACTED, IMAGE_DERIVATIVES, artifact_key, extracted_to_dict, put_json
from phigate.pipeline.analyse import AnalyseStage
from phigate.pipeline.image_derivative import SANDBOX_PRELOAD, ImageDeidentifier, read_page
from phigate.pipeline.sandbox import Sandbox, SandboxLimits
from phigate.vault import Vault
from tests._fixtures.images_phi import ASTRONAUT_FACE, astronaut, covered, memory_vault, quarantined
from tests._fixtures.sandboxed import HostileWords, NoWords

LIMITS = SandboxLimits(timeout_seconds=30, cpu_seconds=20, memory_bytes=256 * 1024**2, max_reply_bytes=64 * 1024**2)
SECRET = b"s" * 32


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    return Sandbox(LIMITS, preload=(*SANDBOX_PRELOAD, "tests._fixtures.sandboxed"))


@pytest.fixture
def vault() -> Vault:
    return memory_vault()


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _bomb(side: int = 9_000) -> bytes:
    """A 1-bit PNG of ``side``² blank pixels: a few kilobytes on disk, ``side``² bytes once decoded to grey (9000²
    stays under Pillow's own bomb threshold, 89 million pixels)."""
    return _png(Image.new("1", (side, side), 1))


def _failure(deid: ImageDeidentifier, vault: Vault, data: bytes, media_type: str = "image/png") -> PhiError:
    doc = quarantined(vault, data, media_type)
    with pytest.raises(PhiError) as caught:
        deid.store(doc, SECRET)
    assert not vault.store.exists(artifact_key(IMAGE_DERIVATIVES, "t1", doc.id))  # nothing sealed in its place
    return caught.value


def test_a_clean_image_is_deidentified_in_a_child(sandbox: Sandbox, vault: Vault) -> None:
    deid = ImageDeidentifier(vault, NoWords(), sandbox=sandbox)
    counts = deid.store(quarantined(vault, _png(astronaut()), "image/png"), SECRET)
    assert counts.get("face", 0) >= 1
    assert covered(read_page(vault, "t1", "d1", 1), ASTRONAUT_FACE)


def test_a_decompression_bomb_over_the_pixel_cap_is_refused_with_its_reason(sandbox: Sandbox,
                                                                             vault: Vault) -> None:
    err = _failure(ImageDeidentifier(vault, NoWords(), sandbox=sandbox), vault, _bomb())
    assert err.code == "phi_error" and "pixels" in err.diagnostics()
    err = _failure(ImageDeidentifier(vault, NoWords(), sandbox=sandbox), vault, _bomb(20_000))  # Pillow's own cap
    assert err.code == "phi_error" and "decoded" in err.diagnostics()


def test_a_bomb_under_a_generous_pixel_cap_meets_the_childs_memory_limit(sandbox: Sandbox, vault: Vault) -> None:
    generous = ExtractionLimits(max_image_pixels=10**9)  # the cap lets it through; the child's 256 MiB does not
    bomb = _bomb()
    Path("/proc/self/clear_refs").write_text("5")  # reset this process's peak resident size
    before = _status_mib("VmRSS")
    err = _failure(ImageDeidentifier(vault, NoWords(), generous, sandbox=sandbox), vault, bomb)
    assert err.code == "sandbox.memory", err.diagnostics()
    # the bomb (81 MB as grey, 243 MB as RGB) never expanded here
    assert _status_mib("VmHWM") - before < 40, _status_mib("VmHWM") - before


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_image_is_refused_with_its_reason(sandbox: Sandbox, vault: Vault, cut: float) -> None:
    for fmt, media_type in (("PNG", "image/png"), ("JPEG", "image/jpeg"), ("TIFF", "image/tiff")):
        buf = io.BytesIO()
        astronaut().save(buf, format=fmt)
        data = buf.getvalue()[:int(len(buf.getvalue()) * cut)]
        err = _failure(ImageDeidentifier(vault, NoWords(), sandbox=sandbox), vault, data, media_type)
        assert err.code in ("phi_error", "extraction_failed"), (fmt, err.code)
        assert "Traceback" not in err.diagnostics()


@pytest.mark.parametrize(("behaviour", "code"), [("segfault", "sandbox.crashed"), ("abort", "sandbox.crashed"),
                                                 ("allocate", "sandbox.memory"), ("spin", "sandbox.cpu")])
def test_a_decoder_or_ocr_crash_ends_only_that_image_job(vault: Vault, behaviour: str, code: str) -> None:
    quick = Sandbox(SandboxLimits(timeout_seconds=20, cpu_seconds=1, memory_bytes=256 * 1024**2),
                    preload=(*SANDBOX_PRELOAD, "tests._fixtures.sandboxed"))
    err = _failure(ImageDeidentifier(vault, HostileWords(behaviour), sandbox=quick), vault,
                   _png(Image.new("RGB", (64, 64), "white")))
    assert err.code == code
    # this process survived, and the next image goes through
    assert ImageDeidentifier(vault, NoWords(), sandbox=quick).store(
        quarantined(vault, _png(Image.new("RGB", (32, 32), "white")), "image/png", "d2"), SECRET) == {}


def test_the_analyse_stage_holds_the_document_for_review_with_the_reason(sandbox: Sandbox, vault: Vault) -> None:
    doc = quarantined(vault, _bomb(), "image/png")
    extracted = Extracted("image/png", (Page(1, "blank scan", 0, TextSource.OCR),))
    put_json(vault, artifact_key(EXTRACTED, "t1", doc.id), extracted_to_dict(extracted))
    images = ImageDeidentifier(vault, NoWords(), ExtractionLimits(max_image_pixels=10**9), sandbox=sandbox)
    outcome = AnalyseStage(vault, lambda tenant: SECRET, images=images).run(doc)
    assert outcome.state is DocumentState.NEEDS_REVIEW
    assert outcome.reasons[0].code == "sandbox.memory"
    assert not vault.store.exists(artifact_key(IMAGE_DERIVATIVES, "t1", doc.id))


def _status_mib(field: str) -> float:
    with Path(f"/proc/{os.getpid()}/status").open() as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field} in /proc/self/status")
