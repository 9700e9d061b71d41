"""HL7 v2: PHI fields marked by position; wrong delimiters refused with a clear reason."""

from __future__ import annotations

import pytest

from phigate.backends.extractors import ExtractorChooser
from phigate.errors import ExtractionError, ExtractionLimitExceeded, MalformedDocument
from phigate.models import ExtractionLimits

ADT = (
    "MSH|^~\\&|REGADT|GOODHOSP|RECV|RECVFAC|20240102120000||ADT^A01|MSG00001|P|2.5.1\r"
    "EVN|A01|20240102120000\r"
    "PID|1||MRN778899^^^GOODHOSP^MR||Quintero^Zoe^A||19710304|F|||12 Elm St^^Springfield^IL^62701||"
    "(217)555-0199|||||ACCT5544|123-45-6789\r"
    "NK1|1|Quintero^Marco|SPO|12 Elm St^^Springfield^IL^62701|(217)555-0142\r"
    "PV1|1|I|W^389^1||||0042^Hart^Emil^^^Dr|||MED\r"
    "IN1|1|PLAN01|INS9|Acme Health||||||||||||Quintero^Zoe||19710304\r"
    "GT1|1||Quintero^Marco||12 Elm St^^Springfield^IL^62701\r"
)


def extract(text: str, limits: ExtractionLimits | None = None):  # type: ignore[no-untyped-def]
    return ExtractorChooser(limits=limits).extract(text.encode(), "x-application/hl7-v2+er7")


def test_phi_fields_are_marked_by_position_with_offsets_into_the_text() -> None:
    result = extract(ADT)
    found = {(f.path, result.text[f.start : f.end]) for f in result.fields}
    assert {
        ("PID-3", "MRN778899^^^GOODHOSP^MR"),
        ("PID-5", "Quintero^Zoe^A"),
        ("PID-7", "19710304"),
        ("PID-11", "12 Elm St^^Springfield^IL^62701"),
        ("PID-13", "(217)555-0199"),
        ("PID-18", "ACCT5544"),
        ("PID-19", "123-45-6789"),
        ("NK1-2", "Quintero^Marco"),
        ("NK1-5", "(217)555-0142"),
        ("PV1-7", "0042^Hart^Emil^^^Dr"),
        ("IN1-16", "Quintero^Zoe"),
        ("IN1-18", "19710304"),
        ("GT1-3", "Quintero^Marco"),
        ("GT1-5", "12 Elm St^^Springfield^IL^62701"),
    } <= found
    categories = {f.path: f.category for f in result.fields}
    assert categories["PID-5"] == "name" and categories["PID-19"] == "ssn" and categories["PID-7"] == "date"


def test_non_phi_fields_and_empty_fields_are_not_marked() -> None:
    paths = {f.path for f in extract(ADT).fields}
    assert not any(p.startswith(("MSH", "EVN")) for p in paths)
    assert "PID-2" not in paths  # empty
    assert "PID-8" not in paths  # administrative sex: not an identifier by position


@pytest.mark.parametrize("terminator", ["\r", "\n", "\r\n"])
def test_any_segment_terminator_and_mllp_framing(terminator: str) -> None:
    framed = "\x0b" + ADT.replace("\r", terminator) + "\x1c\r"
    result = extract(framed)
    assert result.text.split("\n")[0].startswith("MSH|")
    assert len(result.text.split("\n")) == 7
    assert any(f.path == "PID-5" for f in result.fields)


def test_custom_but_valid_delimiters_are_followed() -> None:
    custom = ADT.replace("|", "#").replace("MSH#^~\\&#", "MSH#^~\\&#")
    result = extract(custom)
    assert {"PID-5", "PID-19"} <= {f.path for f in result.fields}


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("PID|1||123\r", "does not start with an MSH"),
        ("", "does not start with an MSH"),
        ("MSH|^^\\&|A|B\r", "invalid delimiters"),  # repeated encoding character
        ("MSHA^~\\&A\r", "invalid delimiters"),  # a letter as field separator
        ("MSH|^~\r", "truncated"),
        (
            ADT.replace("PID|", "PID^"),
            "wrong or mixed delimiters",
        ),  # segments not using the declared separator
        (ADT.replace("\rNK1", "\rnk1"), "wrong or mixed delimiters"),
        (ADT + "MSH#^~\\&#X\r", "wrong or mixed delimiters"),
    ],
)
def test_wrong_delimiters_give_a_clear_reason(message: str, reason: str) -> None:
    with pytest.raises(MalformedDocument) as err:
        extract(message)
    assert reason in err.value.diagnostics()
    assert "Quintero" not in err.value.diagnostics()
    assert isinstance(err.value, ExtractionError)


def test_oversize_message_is_refused() -> None:
    with pytest.raises(ExtractionLimitExceeded):
        extract(ADT * 100, ExtractionLimits(max_text_bytes=1000))
