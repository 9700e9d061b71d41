"""Places, street addresses and ZIP codes in the general forms US clinical and administrative documents write them,
in every letter case (issue 11, helper ``places4``).

Every sentence, street, town, facility and code is invented for these tests. A row of ``PARTS`` is one form, each
phrase found and typed in mixed case, in capitals and in lowercase; the hard negatives put clinical words, counts,
rooms and units in the same places.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_general_forms import _tagged
from tests.unit.phi.test_places_general import _in_case

_A, _L, _Z = PhiType.ADDRESS, PhiType.LOCATION, PhiType.ZIP

# (text, [(phrase, type), ...]): each phrase wholly inside one found span of its type
PARTS = [
    # a post-office or rural-route box, then its town and ZIP code, on its line or the line under it
    ("Mail to: PO Box 412\nDunholt 04011", [("PO Box 412", _A), ("Dunholt", _L), ("04011", _Z)]),
    ("P.O. Box 77, Tarrowburgh, OH 44101", [("P.O. Box 77", _A), ("Tarrowburgh", _L), ("44101", _Z)]),
    ("RR 2 Box 14, Ellory 67999", [("RR 2 Box 14", _A), ("Ellory", _L), ("67999", _Z)]),
    ("Billing: POB 77\nFernly NH 03102", [("POB 77", _A), ("Fernly", _L), ("03102", _Z)]),
    # a street, then its town and ZIP code on the line under it
    ("14 Quarry Lane\nDunholt 04011", [("14 Quarry Lane", _A), ("Dunholt", _L), ("04011", _Z)]),
]
NEGATIVES = [
    # a line under an address that opens on clinical shorthand holds no town and no ZIP code
    ("14 Quarry Lane\nHgb 12345 on recount", "12345"),
    ("Put the dressing supplies in the box 3 times a day.", "box 3"),
]


def _typed(text: str, phrase: str, typ: PhiType) -> bool:
    at = text.index(phrase)
    return any(s.start <= at and at + len(phrase) <= s.end and s.type is typ for s in analyze(text))


@pytest.mark.parametrize(("text", "parts"), PARTS)
@pytest.mark.parametrize("case", "mcl")
def test_each_part_is_found_and_typed_in_every_case(text: str, parts: list[tuple[str, PhiType]], case: str) -> None:
    for phrase, typ in parts:
        assert _typed(*_in_case(text, phrase, case), typ), (phrase, typ)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", "mcl")
def test_clinical_text_in_the_same_places_is_not_tagged(text: str, phrase: str, case: str) -> None:
    assert not _tagged(*_in_case(text, phrase, case))
