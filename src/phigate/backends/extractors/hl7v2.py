"""HL7 v2 (ER7) messages: segments and fields, with the PHI-bearing fields marked by position.

The delimiters come from the MSH header (MSH-1 the field separator, MSH-2 the encoding characters). A
message whose header or segments do not follow its own delimiters is refused with a clear reason rather than
guessed at. The text is the message with segment terminators normalised to ``\\n``.
"""

from __future__ import annotations

import re

from phigate.backends.extractors._assemble import ExtractedBuilder
from phigate.backends.extractors.text import decode_text
from phigate.errors import ExtractionLimitExceeded, MalformedDocument
from phigate.models import Extracted, ExtractionLimits, StructuredField, TextSource

# (segment, field number) -> category. HL7 v2.5.1 field positions; provider names are marked too, because a
# clinician's name next to a patient's record narrows who the patient is.
PHI_FIELDS: dict[str, dict[int, str]] = {
    "PID": {
        2: "identifier",
        3: "identifier",
        4: "identifier",
        5: "name",
        6: "name",
        7: "date",
        9: "name",
        11: "address",
        12: "address",
        13: "phone",
        14: "phone",
        18: "account",
        19: "ssn",
        20: "license",
        21: "identifier",
        23: "address",
        29: "date",
    },
    "NK1": {
        2: "name",
        4: "address",
        5: "phone",
        6: "phone",
        13: "name",
        16: "date",
        30: "name",
        31: "phone",
        32: "address",
        33: "identifier",
        37: "ssn",
    },
    "PV1": {
        7: "name",
        8: "name",
        9: "name",
        17: "name",
        19: "identifier",
        44: "date",
        45: "date",
        50: "identifier",
        52: "name",
    },
    "IN1": {16: "name", 18: "date", 19: "address", 36: "identifier", 49: "identifier"},
    "GT1": {
        2: "identifier",
        3: "name",
        4: "name",
        5: "address",
        6: "phone",
        7: "phone",
        8: "date",
        12: "ssn",
        16: "name",
        17: "address",
        18: "phone",
        19: "identifier",
    },
    "MRG": {1: "identifier", 2: "identifier", 3: "account", 5: "identifier", 7: "name"},
}
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{2}")
_MLLP_START, _MLLP_END = "\x0b", "\x1c"


class Hl7v2Extractor:
    """Extractor for HL7 v2 pipe-delimited messages (one or more, batch headers allowed)."""

    name = "hl7v2"
    media_types = frozenset({"application/hl7-v2", "x-application/hl7-v2+er7", "application/x-hl7"})

    def __init__(self, limits: ExtractionLimits | None = None) -> None:
        self._limits = limits or ExtractionLimits()

    def extract(self, data: bytes, media_type: str) -> Extracted:
        if len(data) > self._limits.max_text_bytes:
            raise ExtractionLimitExceeded("HL7 message is larger than the extraction limit")
        raw, _encoding, _clean = decode_text(data)
        raw = raw.lstrip("\ufeff \t\r\n" + _MLLP_START).split(_MLLP_END, 1)[0]
        segments = [s for s in re.split(r"\r\n|\r|\n", raw) if s.strip()]
        if not segments or not segments[0].startswith("MSH"):
            raise MalformedDocument("not an HL7 v2 message: it does not start with an MSH segment")
        field_sep, component_chars = _delimiters(segments[0])
        builder = ExtractedBuilder(media_type)
        offset = 0
        for number, segment in enumerate(segments, start=1):
            seg_id = segment[:3]
            if not _SEGMENT_ID.fullmatch(seg_id) or (len(segment) > 3 and segment[3] != field_sep):
                raise MalformedDocument(
                    f"HL7 segment {number} does not start with a segment id and the declared field separator"
                    " (wrong or mixed delimiters)"
                )
            if seg_id == "MSH" and number > 1 and segment[3:8] != segments[0][3:8]:
                raise MalformedDocument(
                    f"HL7 segment {number} declares different delimiters from the first MSH"
                )
            builder.fields.extend(_phi_fields(segment, offset, field_sep, component_chars))
            offset += len(segment) + 1
        builder.add_page("\n".join(segments), TextSource.STRUCTURED)
        return builder.build()


def _delimiters(msh: str) -> tuple[str, str]:
    """MSH-1 and MSH-2, validated: distinct, printable, not letters, digits or spaces."""
    if len(msh) < 8:
        raise MalformedDocument("HL7 MSH segment is truncated before its delimiters")
    field_sep = msh[3]
    encoding = msh[4:].split(field_sep, 1)[0]
    chars = field_sep + encoding
    if (
        len(encoding) not in (4, 5)
        or len(set(chars)) != len(chars)
        or any(c.isalnum() or c.isspace() or not c.isprintable() for c in chars)
    ):
        raise MalformedDocument(
            "HL7 MSH header has invalid delimiters: MSH-1 and MSH-2 must be 5 or 6 distinct punctuation"
            " characters (usually |^~\\&)"
        )
    return field_sep, encoding


def _phi_fields(segment: str, offset: int, field_sep: str, encoding: str) -> list[StructuredField]:
    positions = PHI_FIELDS.get(segment[:3])
    if not positions:
        return []
    out: list[StructuredField] = []
    start = offset + 4  # after "XXX|": field 1 starts here
    for number, value in enumerate(segment[4:].split(field_sep), start=1):
        category = positions.get(number)
        if category and value.strip(encoding + " "):
            out.append(StructuredField(f"{segment[:3]}-{number}", category, start, start + len(value)))
        start += len(value) + 1
    return out
