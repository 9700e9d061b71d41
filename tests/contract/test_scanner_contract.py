"""The ``Scanner`` port's contract, run over every implementation: built-in validators, YARA, clamd (real
daemon) and the composite gate."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.backends.scanners import (
    BUILTIN_RULES,
    ClamdScanner,
    CompositeScanner,
    FindingPolicy,
    StructuralValidator,
    YaraScanner,
)
from phigate.backends.scanners.clamd_daemon import ClamdDaemon
from phigate.config import ScanLimits
from phigate.models import ScanTarget, VerdictKind
from phigate.ports import Scanner
from tests._fixtures import hostile as h

pytestmark = pytest.mark.clamd
CAP = 256 * 1024
LIMITS = ScanLimits(max_document_bytes=CAP)
MEDIA_TYPES = sorted({h.PDF, h.ZIP, h.DOCX, h.PNG, h.JPEG, h.TIFF, h.TEXT, h.JSON, h.FHIR, h.HL7,
                      "application/octet-stream"})


def _validators(_: ClamdDaemon) -> Scanner:
    return StructuralValidator(LIMITS)


def _yara(_: ClamdDaemon) -> Scanner:
    return YaraScanner([BUILTIN_RULES], LIMITS)


def _clamd(daemon: ClamdDaemon) -> Scanner:
    return ClamdScanner(socket_path=daemon.socket_path, max_stream_bytes=CAP, timeout=10)


def _composite(daemon: ClamdDaemon) -> Scanner:
    return CompositeScanner([_validators(daemon), _yara(daemon), _clamd(daemon)], FindingPolicy(), LIMITS)


FACTORIES: dict[str, Callable[[ClamdDaemon], Scanner]] = {
    "validators": _validators, "yara": _yara, "clamd": _clamd, "composite": _composite}


@pytest.fixture(params=sorted(FACTORIES))
def scanner(request: pytest.FixtureRequest, clamd: ClamdDaemon) -> Scanner:
    return FACTORIES[request.param](clamd)


def test_is_a_scanner_with_versions(scanner: Scanner) -> None:
    assert isinstance(scanner, Scanner)
    scanner.check()
    info = scanner.info()
    assert info.name and info.version


@pytest.mark.parametrize(("data", "media_type"), [(b"Synthetic note.\n", h.TEXT), (h.text_pdf(1), h.PDF),
                                                  (h.docx(), h.DOCX), (h.image("PNG"), h.PNG)])
def test_clean_documents_are_clean(scanner: Scanner, data: bytes, media_type: str) -> None:
    verdict = scanner.scan([data], ScanTarget(media_type))
    assert verdict.kind == "clean", verdict.reasons
    assert verdict.scanners and verdict.timings


def test_oversize_is_unscannable_not_clean(scanner: Scanner) -> None:
    verdict = scanner.scan((b"a" * 65536 for _ in range(CAP // 65536 + 1)), ScanTarget(h.TEXT))
    assert verdict.kind == "unscannable"
    assert "too_large" in {r.code for r in verdict.reasons}


def test_chunking_does_not_change_the_verdict(scanner: Scanner) -> None:
    data = h.docx(macro=True)
    whole = scanner.scan([data], ScanTarget(h.DOCX))
    pieces = scanner.scan([data[i:i + 7] for i in range(0, len(data), 7)], ScanTarget(h.DOCX))
    assert (whole.kind, whole.reasons) == (pieces.kind, pieces.reasons)


def test_reasons_are_stable_and_safe(scanner: Scanner) -> None:
    secret_name = "Jane_Doe_MRI"
    data = h.zip_of({f"{secret_name}.zip": h.zip_of({f"{secret_name}.txt": h.eicar()})})
    verdict = scanner.scan([data], ScanTarget(h.ZIP))
    for reason in verdict.reasons:
        assert reason.code and reason.code == reason.code.strip().lower()
        assert secret_name not in reason.detail
        assert reason.outcome in (VerdictKind.INFECTED, VerdictKind.UNSCANNABLE)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), media_type=st.sampled_from(MEDIA_TYPES))
def test_arbitrary_bytes_never_raise(scanner: Scanner, data: bytes, media_type: str) -> None:
    verdict = scanner.scan([data], ScanTarget(media_type))
    assert verdict.kind in set(VerdictKind)
    assert verdict.is_clean == (verdict.reasons == ())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=2000), flip=st.integers(min_value=0, max_value=255),
       base=st.sampled_from(["pdf", "docx", "png", "jpeg"]))
def test_mutated_documents_never_raise(scanner: Scanner, cut: int, flip: int, base: str) -> None:
    samples = {"pdf": (h.text_pdf(1), h.PDF), "docx": (h.docx(), h.DOCX), "png": (h.image("PNG", (64, 64)), h.PNG),
               "jpeg": (h.image("JPEG", (64, 64)), h.JPEG)}
    data, media_type = samples[base]
    mutated = bytearray(data[: max(1, len(data) - cut)])
    mutated[len(mutated) // 2] ^= flip
    verdict = scanner.scan([bytes(mutated)], ScanTarget(media_type))
    assert verdict.kind in set(VerdictKind)
