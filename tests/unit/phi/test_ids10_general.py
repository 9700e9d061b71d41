"""Identifiers and ages in settings far from the clinic (helper ``ids10``).

Written from general knowledge of race medicine, search and rescue, airport gates, 3D photo sets and insurance cards,
not from any note: a face's id after "face ID" or "facial template", a timing chip's or a beacon's code, a runner's
bib, a search mission's number, an age over 89 corrected or set between commas after a person's noun or after
"oldest", a place's latitude and longitude, a plan id in a 3-2-5 shape after "Insurance:" or a plan's name. Each
sentence is invented and checked in mixed case, capitals and lowercase; the hard negatives put a golf shot, a bone
chip, a bib as clothing, a mission statement, readings, ratios, version numbers and young ages in the same places.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType
from tests.unit.phi.test_ids4_general import _found_in_case, _tagged_in_case

_BIOMETRIC = frozenset({PhiType.BIOMETRIC})
_DEVICE = frozenset({PhiType.DEVICE})
_ACCOUNT = frozenset({PhiType.ACCOUNT})
_MRN = frozenset({PhiType.MRN})
_AGE = frozenset({PhiType.AGE})
_ADDRESS = frozenset({PhiType.ADDRESS})
_PLAN = frozenset({PhiType.HEALTH_PLAN})

# (sentence, phrase, the types it must be found as)
FORMS = [
    # a face's id
    ("Gate scan face ID GQ-5e71c0d9a3b2 matched.", "GQ-5e71c0d9a3b2", _BIOMETRIC),
    ("Photo series (Kaldro) face ID KD-R8W3N5T1XY archived.", "KD-R8W3N5T1XY", _BIOMETRIC),
    ("Facial template TQ-61B9 on the kiosk.", "TQ-61B9", _BIOMETRIC),
    ("Face photo ID ZP-40772 attached.", "ZP-40772", _BIOMETRIC),
    ("Facial recognition id: WM-338105 logged.", "WM-338105", _BIOMETRIC),
    ("Face 1D HB-90214 at the gate.", "HB-90214", _BIOMETRIC),
    # a timing chip, a beacon, a transponder
    ("Timing chip ZW4N7Q1 on the left shoe.", "ZW4N7Q1", _DEVICE),
    ("chip KP93TQX read at the mat.", "KP93TQX", _DEVICE),
    ("RFID chip 5MR8VX2C scanned at the finish.", "5MR8VX2C", _DEVICE),
    ("Microchip 9HX4K7D2 per the owner.", "9HX4K7D2", _DEVICE),
    ("PLB UIN 4C7E10A2B93D6F8 registered.", "4C7E10A2B93D6F8", _DEVICE),
    ("Beacon ID 7B2D58E0C41A9F3 activated.", "7B2D58E0C41A9F3", _DEVICE),
    ("HEX ID 3E9A07C2D15B84F on the label.", "3E9A07C2D15B84F", _DEVICE),
    ("Transponder 6D1F82B4 interrogated.", "6D1F82B4", _DEVICE),
    # a runner's bib, a search's mission
    ("Runner bib 48213 down at mile 22.", "48213", _ACCOUNT),
    ("Bib # 3307 to the medical tent.", "3307", _ACCOUNT),
    ("Bib no. 9124 on the shirt.", "9124", _ACCOUNT),
    ("Mission SRT-61-4408 activated.", "SRT-61-4408", _MRN),
    ("Mission No. 27-5530 logged.", "27-5530", _MRN),
    ("Search and rescue incident # 27-330912 opened.", "27-330912", _MRN),
    # an age over 89
    ("Age was entered as 67 and is corrected to 103.", "103", _AGE),
    ("Grandfather in the home, ninety-seven, uses a walker.", "ninety-seven", _AGE),
    ("Neighbor across the hall, 94, found him.", "94", _AGE),
    ("Oldest runner one hundred and one finished.", "one hundred and one", _AGE),
    ("Oldest hiker, 92, rescued.", "92", _AGE),
    # a place's coordinates
    ("Patient located at 36.48211, -105.71934 by the team.", "36.48211, -105.71934", _ADDRESS),
    ("Position 35.2207 N 111.6043 W at dusk.", "35.2207 N 111.6043 W", _ADDRESS),
    ("lat 47.3319 lon -68.41 at the landing.", "47.3319 lon -68.41", _ADDRESS),
    ("GPS 40.62° N, 109.48° W per the beacon.", "40.62° N, 109.48° W", _ADDRESS),
    ("Coordinates: 44.90512, -93.20477 relayed.", "44.90512, -93.20477", _ADDRESS),
    ("Hiker seen 34.1187 N 118.2930 W at noon.", "34.1187 N 118.2930 W", _ADDRESS),
    # a plan id in a 3-2-5 shape
    ("Insurance: 512-48-60973 on file.", "512-48-60973", _PLAN),
    ("TRICARE FOR LIFE 227-61-40855 verified.", "227-61-40855", _PLAN),
    ("Medicaid 604-19-33812 active.", "604-19-33812", _PLAN),
]

# (sentence, a phrase that no span may touch)
NEGATIVES = [
    ("Chip shot to the green, then pain.", "shot"),
    ("Chip fracture of the distal radius.", "fracture"),
    ("Bone chip 2 mm at the talus.", "2 mm"),
    ("UIN pending from the registry.", "pending"),
    ("Bib wet with drool, changed.", "wet"),
    ("Mission statement posted in the lobby.", "statement"),
    ("Incident 2 days ago at home.", "2 days"),
    ("Face photo taken for the wound chart.", "wound"),
    ("Facial droop 2 days, NIHSS 4.", "2 days"),
    ("Age was 45, corrected to 46 on review.", "46"),
    ("Mother, 72, helps at home.", "72"),
    ("Oldest of 5 siblings.", "5"),
    ("BP 120.5/80 at triage.", "120.5/80"),
    ("Ratio 0.75, -0.2 on the panel.", "0.75, -0.2"),
    ("SG 1.015, 1.020 on repeat.", "1.015, 1.020"),
    ("Version 2.3.1 of the pump software.", "2.3.1"),
    ("Urine 1.2 N saline 0.9 W/V ordered.", "1.2 N saline 0.9"),
    ("Insurance: Medicare Part B, 20% copay.", "20%"),
    ("Position changes q2h, HOB 30.", "30"),
]


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_form_is_found_in_every_case(text: str, phrase: str, types: frozenset[PhiType], case: int) -> None:
    assert _found_in_case(text, phrase, case, types)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_shots_fractures_clothing_readings_and_young_ages_are_not_tagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged_in_case(text, phrase, case), phrase
