"""HL7 v2 segments written into text (``PID|1||…||DOE^JANE||19620314|F|||1 MAIN ST^^TOWN^ST^01234||…``).

The field's position says what it holds, whatever its spelling: PID-5 is the patient's name even when no dictionary
knows it. Only segments and fields that carry PHI are read; the rest of the line is left to the other layers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.phi._types import PhiType

_SEGMENT = re.compile(r"^(PID|NK1|GT1|IN1|MRG)\|[^\r\n]{0,8000}", re.MULTILINE)
# segment -> {field number: type}; field 1 follows the segment name (MSH is not read)
_FIELDS: dict[str, dict[int, PhiType]] = {
    "PID": {2: PhiType.MRN, 3: PhiType.MRN, 4: PhiType.MRN, 5: PhiType.NAME, 6: PhiType.NAME, 7: PhiType.DATE,
            9: PhiType.NAME, 11: PhiType.ADDRESS, 13: PhiType.PHONE, 14: PhiType.PHONE, 18: PhiType.ACCOUNT,
            19: PhiType.SSN, 20: PhiType.LICENSE, 21: PhiType.MRN, 29: PhiType.DATE},
    "NK1": {2: PhiType.NAME, 4: PhiType.ADDRESS, 5: PhiType.PHONE, 6: PhiType.PHONE, 30: PhiType.NAME},
    "GT1": {3: PhiType.NAME, 4: PhiType.NAME, 5: PhiType.ADDRESS, 6: PhiType.PHONE, 7: PhiType.PHONE,
            8: PhiType.DATE, 12: PhiType.SSN},
    "IN1": {8: PhiType.HEALTH_PLAN, 16: PhiType.NAME, 18: PhiType.DATE, 19: PhiType.ADDRESS, 36: PhiType.HEALTH_PLAN,
            49: PhiType.HEALTH_PLAN},  # 8: the group number, printed on the member's card beside the member id
    "MRG": {1: PhiType.MRN, 3: PhiType.ACCOUNT, 7: PhiType.NAME},
}
_ADDRESS_PARTS = {1: PhiType.ADDRESS, 2: PhiType.ADDRESS, 3: PhiType.LOCATION, 5: PhiType.ZIP}  # not 4 (state)
_ID_TYPES = frozenset({PhiType.MRN, PhiType.ACCOUNT, PhiType.SSN, PhiType.LICENSE, PhiType.HEALTH_PLAN})


def _component_type(typ: PhiType, number: int, value: str) -> PhiType | None:
    """The PHI type of component ``number`` (1-based) of a field of type ``typ``, or None when it is not PHI
    (an identifier's assigning authority, a state, a bare year)."""
    if typ is PhiType.ADDRESS:
        return _ADDRESS_PARTS.get(number)
    if typ is PhiType.NAME:
        return typ if number <= 3 and len(value.strip()) >= 2 else None
    if typ in _ID_TYPES:
        return typ if number == 1 and len(value.strip()) >= 3 else None
    if typ is PhiType.DATE:
        return typ if number == 1 and sum(c.isdigit() for c in value) > 4 else None
    if typ is PhiType.PHONE:
        return typ if number == 1 or sum(c.isdigit() for c in value) >= 7 else None
    return typ


def find(text: str) -> Iterator[tuple[int, int, PhiType, str]]:
    """Yield ``(start, end, type, "field")`` for each PHI component of each known segment's fields."""
    if "|" not in text:
        return
    for seg in _SEGMENT.finditer(text):
        fields = _FIELDS[seg.group(1)]
        pos = seg.start() + 4
        for number, value in enumerate(seg.group()[4:].split("|"), start=1):
            typ = fields.get(number)
            if typ is not None and value.strip():
                rep_pos = pos
                for rep in value.split("~"):
                    comp_pos = rep_pos
                    for k, comp in enumerate(rep.split("^"), start=1):
                        ctyp = _component_type(typ, k, comp) if comp.strip() else None
                        if ctyp is not None:
                            yield comp_pos, comp_pos + len(comp), ctyp, "field"
                        comp_pos += len(comp) + 1
                    rep_pos += len(rep) + 1
            pos += len(value) + 1
