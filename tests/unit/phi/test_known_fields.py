"""Structured PHI the extractors already located (HL7, FHIR, DICOM fields) is always PHI, and its values too."""

from __future__ import annotations

import pytest

from phigate.errors import PhiError
from phigate.models import StructuredField
from phigate.phi import KnownPhi, KnownSpan, PhiType, analyze, deidentify, deidentify_stream, phi_type


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("name", PhiType.NAME),
        ("date", PhiType.DATE),
        ("address", PhiType.ADDRESS),
        ("identifier", PhiType.ID),
        ("ssn", PhiType.SSN),
        ("phone", PhiType.PHONE),
        ("email", PhiType.EMAIL),
        ("account", PhiType.ACCOUNT),
        ("MRN", PhiType.MRN),
        ("health-plan", PhiType.HEALTH_PLAN),
        ("Zip", PhiType.ZIP),
        ("something-new", PhiType.ID),  # an unknown category is still PHI
    ],
)
def test_extractor_categories_map_to_phi_types(category: str, expected: PhiType) -> None:
    assert phi_type(category) is expected


def test_structured_fields_are_phi_where_they_stand_and_elsewhere() -> None:
    # an HL7-like segment whose values no recognizer would find on its own
    text = "PID|1||QX-9||ZYRRA^ULMO||19620314|F\nNote: ulmo zyrra reports feeling better. Ref QX-9."
    fields = [
        StructuredField("PID-3", "identifier", text.index("QX-9"), text.index("QX-9") + 4),
        StructuredField("PID-5", "name", text.index("ZYRRA^ULMO"), text.index("ZYRRA^ULMO") + 10),
        StructuredField("PID-7", "date", text.index("19620314"), text.index("19620314") + 8),
    ]
    assert all(isinstance(f, KnownSpan) for f in fields)
    found = {(text[s.start : s.end], s.type) for s in analyze(text, known=fields)}
    assert ("ZYRRA^ULMO", PhiType.NAME) in found
    assert ("19620314", PhiType.DATE) in found
    assert ("ulmo", PhiType.NAME) in found and ("zyrra", PhiType.NAME) in found  # the name's parts elsewhere
    assert sum(1 for value, typ in found if value == "QX-9" and typ is PhiType.ID) >= 1
    out = deidentify(text, "tag", known=fields).text
    for secret in ("ZYRRA", "ULMO", "zyrra", "ulmo", "QX-9", "19620314"):
        assert secret not in out


def test_known_span_wins_over_a_weaker_guess() -> None:
    text = "Seen at Rivertown General on 3/4."
    start = text.index("Rivertown")
    spans = analyze(text, known=[StructuredField("enc.location", "facility", start, start + len("Rivertown"))])
    assert any(text[s.start : s.end].startswith("Rivertown") and s.type is PhiType.LOCATION for s in spans)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 2), (0, 10_000)])
def test_a_span_outside_the_text_is_refused(start: int, end: int) -> None:
    with pytest.raises(PhiError):
        analyze("short text", known=[StructuredField("x", "name", start, end)])


def test_the_stream_takes_values_not_located_spans() -> None:
    with pytest.raises(PhiError):
        list(deidentify_stream(["abc"], known=[StructuredField("x", "name", 0, 1)]))  # type: ignore[list-item]
    out = "".join(p for p, _ in deidentify_stream(["call zyrra now"], known=[KnownPhi("Zyrra", PhiType.NAME)]))
    assert out == "call [NAME] now"
