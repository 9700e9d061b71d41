"""The ``Deidentified`` result: spans and attestation built on first access equal the eager ones, and the
result stays immutable, comparable and free of the input text."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import FrozenInstanceError

import pytest

from phigate.phi import MODES, DeidContext, Deidentified, analyze, deidentify
from phigate.phi import attestation as attestation_module
from tests.vectors.phi.corpus import generate

CTX = DeidContext(tenant="t1", patient_ref="p1", secret=b"k" * 32)
TEXT = "Pt John Smith (MRN 12345678) seen 7/22/2024, call 617-555-2345."


def _eager(text: str, mode: str, created_at: str) -> Deidentified:
    """The result as it was made before spans and attestation were deferred (at the time ``created_at``)."""
    spans = analyze(text, secret=CTX.secret, include_clinicians=CTX.include_clinicians)
    out = deidentify(text, mode, CTX, spans=spans)
    created = dt.datetime.fromisoformat(created_at)
    record = attestation_module.attest(text, out.text, spans, mode, now=created)
    return Deidentified(text=out.text, spans=tuple(spans), mode=mode, attestation=record)


@pytest.mark.parametrize("mode", MODES)
def test_deferred_spans_and_attestation_equal_the_eager_ones(mode: str) -> None:
    for doc in generate(150, seed=5):
        lazy = deidentify(doc.text, mode, CTX)
        json_first = lazy.to_json_dict()  # before spans are built: from the kept tuples
        eager = _eager(doc.text, mode, lazy.attestation["created_at"])
        assert lazy.spans == eager.spans
        assert [s.source for s in lazy.spans] == [s.source for s in eager.spans]
        assert [s.text_hash for s in lazy.spans] == [s.text_hash for s in eager.spans]
        assert lazy.attestation == eager.attestation
        assert json_first == lazy.to_json_dict() == eager.to_json_dict()
        assert lazy == eager


def test_attestation_built_later_keeps_the_time_of_deidentification(monkeypatch: pytest.MonkeyPatch) -> None:
    result = deidentify(TEXT)
    made_at = attestation_module.utc_now_iso()
    later = 4_000_000_000  # 2096: far from any second the result could have been made in
    monkeypatch.setattr(attestation_module.time, "time", lambda: later)
    assert result.attestation["created_at"] == made_at
    assert result.attestation is result.attestation  # built once


def test_result_is_immutable_and_unhashable_like_a_frozen_dataclass_with_a_dict() -> None:
    result = deidentify(TEXT, "surrogate", CTX)
    for name in ("text", "spans", "mode", "attestation", "linkage", "_found"):
        with pytest.raises(FrozenInstanceError):
            setattr(result, name, None)
        with pytest.raises(FrozenInstanceError):
            delattr(result, name)
    with pytest.raises(TypeError):
        hash(result)
    assert not hasattr(result, "__dict__")
    assert result != deidentify(TEXT, "tag", CTX) and result != object()


def test_result_holds_no_input_text_and_survives_pickle() -> None:
    result = deidentify(TEXT, "tag", CTX)
    held = [getattr(result, slot) for slot in Deidentified.__slots__]
    assert not any("John" in repr(value) for value in held)
    assert "John" not in repr(result) and "[NAME]" not in repr(result)
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and copy.attestation == result.attestation


def test_constructed_result_keeps_what_it_was_given() -> None:
    spans = tuple(analyze(TEXT))
    record = {"schema": "x"}
    result = Deidentified(text="t", spans=spans, mode="tag", attestation=record)
    assert result.spans is spans and result.attestation is record and not hasattr(result, "linkage")
    assert result.to_json_dict() == {"text": "t", "spans": [s.to_dict() for s in spans]}
    match result:
        case Deidentified(text, found, mode):
            assert (text, found, mode) == ("t", spans, "tag")
