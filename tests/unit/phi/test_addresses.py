"""Street addresses, their towns and ZIP codes, facilities named by a kind of care, and towns after travel words, as
notes write them where no dictionary knows the words (issue 11, helper ``addr``).

Every street, town, facility and code is invented for these tests. Each row is one form, checked in mixed case, in
capitals and in lowercase, and typed: the street is an address, the town a location, the code a ZIP code. The near
misses put counts, clinical words and services in the same places.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze, deidentify
from tests.unit.phi.test_general_forms import _FILL, _covered, _tagged
from tests.unit.phi.test_places_general import _cases

# (sentence, [(phrase, type), ...]): each phrase wholly inside one found span of that type
ADDRESSES = [
    # a street type beyond the common ones, a unit, an unknown town and a ZIP code no list holds
    ("Lives at 4410 Harrow Bend Run, Apt 3B, Port Wexby 60614.",
     [("4410 Harrow Bend Run, Apt 3B", PhiType.ADDRESS), ("Port Wexby", PhiType.LOCATION), ("60614", PhiType.ZIP)]),
    ("Address: 72 Quillon Ferry Crossing, Dravenholt, OH 43085",
     [("72 Quillon Ferry Crossing", PhiType.ADDRESS), ("Dravenholt", PhiType.LOCATION), ("43085", PhiType.ZIP)]),
    ("Mailing address 5 Ostley Path, Unit 2, Vellmoor Landing, VT 05409.",
     [("5 Ostley Path, Unit 2", PhiType.ADDRESS), ("Vellmoor Landing", PhiType.LOCATION), ("05409", PhiType.ZIP)]),
    ("She lives at 2207 Corrington Pike, Elsbury 21299 with her son.",
     [("2207 Corrington Pike", PhiType.ADDRESS), ("Elsbury", PhiType.LOCATION), ("21299", PhiType.ZIP)]),
    # a suffix inside the street's name ("Hollow", "Ridge") before the one that ends it
    ("Home is 19 Denholm Ridge Loop, Tarrow Creek 44612.",
     [("19 Denholm Ridge Loop", PhiType.ADDRESS), ("Tarrow Creek", PhiType.LOCATION), ("44612", PhiType.ZIP)]),
    # an abbreviation of the USPS table, with its ZIP code on the line
    ("Send to 77 Ostler Xing, Bellhaven, NH 03199",
     [("77 Ostler Xing", PhiType.ADDRESS), ("Bellhaven", PhiType.LOCATION), ("03199", PhiType.ZIP)]),
    # an address announced by "lives at", "resides at", "Home:", with no comma after it
    ("Pt resides at 88 Ostley Bend with her sister.", [("88 Ostley Bend", PhiType.ADDRESS)]),
    ("Home: 230 Marlow Crossing; phone on file.", [("230 Marlow Crossing", PhiType.ADDRESS)]),
    # a house number after another number and a word ("at 1432 hrs")
    ("Dispatched 1432 to  4410 Harrow Trail , Kellam, per caller.",
     [("4410 Harrow Trail", PhiType.ADDRESS), ("Kellam", PhiType.LOCATION)]),
    # a town in English words right before its ZIP code
    ("Lives at 6 Pellam Way, Cold Anvil Springs 04417.",
     [("Cold Anvil Springs", PhiType.LOCATION), ("04417", PhiType.ZIP)]),
    # a street without a number, then its town and ZIP code
    ("Lives off Quarry Road, Port Tamsin  60698. Walks daily.",
     [("Port Tamsin", PhiType.LOCATION), ("60698", PhiType.ZIP)]),
    # a house number with a letter; a numbered road, with its house number or after "on"
    ("Lives at 12B Orchard Close, Wrenfield 30391.",
     [("12B Orchard Close", PhiType.ADDRESS), ("Wrenfield", PhiType.LOCATION), ("30391", PhiType.ZIP)]),
    ("Address: 4400 State Route 9, Pellham, NY 12866",
     [("4400 State Route 9", PhiType.ADDRESS), ("Pellham", PhiType.LOCATION), ("12866", PhiType.ZIP)]),
    ("Lives on County Road 12 with her husband.", [("County Road 12", PhiType.ADDRESS)]),
    # a unit before the house number, a direction after the street type, an ordinal street, a rural route's box
    ("Address: Apt 4, 1520 Kessler Blvd NW, Dunmoor, ME 04011",
     [("Apt 4, 1520 Kessler Blvd NW", PhiType.ADDRESS), ("Dunmoor", PhiType.LOCATION), ("04011", PhiType.ZIP)]),
    ("Lives at 221 W 5th St, Apt 2, Ellory, KS 67999.",
     [("221 W 5th St, Apt 2", PhiType.ADDRESS), ("Ellory", PhiType.LOCATION), ("67999", PhiType.ZIP)]),
    ("Mail: RR 2 Box 14, Dunmoor, ME 04011", [("RR 2 Box 14", PhiType.ADDRESS)]),
    ("Moved to 3 Tindle Cove in Marrowick last May.", [("3 Tindle Cove", PhiType.ADDRESS)]),
    ("Lives in a trailer off Route 9 near the lake.", [("Route 9", PhiType.ADDRESS)]),
    # an address's town as a form's field of its own
    ("Residence: 17 Harbourne Ave, Apt 2R\nCity: Wexley\nZip: 06101",
     [("17 Harbourne Ave, Apt 2R", PhiType.ADDRESS), ("Wexley", PhiType.LOCATION), ("06101", PhiType.ZIP)]),
    # "<Town>, <ST> <ZIP>" with a code no list holds; a state spelled like a credential after "lives in"
    ("Moved from Ebbington, KS 67999 last year.", [("Ebbington", PhiType.LOCATION), ("67999", PhiType.ZIP)]),
    ("She lives with her son in Dellmont, MA; retired teacher.", [("Dellmont", PhiType.LOCATION)]),
]
FACILITIES_AND_TOWNS = [
    ("Dialysis at Brennick Kidney Care three times a week.", "Brennick Kidney Care"),
    ("Followed by Halstow Midwifery for prenatal care.", "Halstow Midwifery"),
    ("Rides the Ostwick Senior Van to appointments.", "Ostwick Senior Van"),
    ("Seen at Darrowby Medical Pavilion last spring.", "Darrowby Medical Pavilion"),
    ("She lives in Harlow Bridge with her daughter.", "Harlow Bridge"),
    ("Transport to Ferncastle arranged for Monday.", "Ferncastle"),
    ("Pt will stay with her son in East Farrowdale after discharge.", "East Farrowdale"),
    ("Picked up by Tarrant County EMS at 1410.", "Tarrant County EMS"),
    ("Fills prescriptions at Dunmore Drug Store.", "Dunmore Drug Store"),
]
NEAR_MISSES = [
    ("PT to work on gait, 2 laps around the unit loop, then rest.", "loop"),
    ("Walked 2 blocks to the park, then a 3 mile walk home.", "walk"),
    ("Plan: kidney care follow up, dialysis MWF.", "kidney care"),
    ("Discussed kidney care and diet with her.", "kidney care"),
    ("Transport to radiology for the scan.", "radiology"),
    ("Needs 2 pillows at rest, no PND.", "rest"),
    ("Had 3 falls at home, OT and PT following.", "PT"),
    ("Seen by Jane Roe, MD; plan as above.", "MD"),
    ("Staying in bed today, up to chair tomorrow.", "bed"),
    # a dose or a scan before "SQ", "CT", "ST", not a house number and a street
    ("Gave 6u regular insulin SQ before lunch.", "insulin SQ"),
    ("Follow-up 2 - chest CT in three months.", "chest CT"),
    ("Rates 100s ST overnight, back to NSR.", "ST"),
    # English words before an English street type, with nothing after that makes them an address
    ("PT: 1 person assist walk\nOT: eval pending", "person assist walk"),
    ("Telemetry: 3 beat run, asymptomatic.", "beat run"),
    ("Up in chair, then up to 2 hours rest\n", "hours rest"),
    ("Stage 2 pressure point\n", "pressure point"),
    ("Town: unknown per the transfer form.", "unknown"),
    ("Arrived via EMS from home.", "EMS"),
    ("Denies IV drug use.", "drug"),
    ("Lives in a ground floor unit at 40 Quarry Road.", "unit at"),
    ("RR 20 and regular, sats 95% on room air.", "RR 20"),
    ("Lives on a county road far from town.", "county road"),
]


def _typed(text: str, phrase: str, typ: PhiType) -> bool:
    at = text.index(phrase)
    return any(s.start <= at and at + len(phrase) <= s.end and s.type is typ for s in analyze(text))


@pytest.mark.parametrize(("text", "parts"), ADDRESSES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_part_of_an_address_is_found_and_typed_in_every_case(
        text: str, parts: list[tuple[str, PhiType]], case: int) -> None:
    doc = _cases(_FILL + text + "\n" + _FILL)[case]
    for phrase, typ in parts:
        assert _typed(doc, _cases(phrase)[case], typ), (phrase, typ)


@pytest.mark.parametrize(("text", "phrase"), FACILITIES_AND_TOWNS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_facilities_named_by_a_kind_of_care_and_towns_after_travel_words(text: str, phrase: str, case: int) -> None:
    assert _covered(_cases(_FILL + text + "\n" + _FILL)[case], _cases(phrase)[case])


@pytest.mark.parametrize(("text", "phrase"), NEAR_MISSES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_counts_services_and_credentials_in_the_same_places_are_not_tagged(text: str, phrase: str, case: int) -> None:
    doc, want = _cases(_FILL + text + "\n" + _FILL)[case], _cases(phrase)[case]
    assert not _tagged(doc, want)


def test_an_address_is_replaced_whole() -> None:
    out = deidentify("Lives at 4410 Harrow Bend Run, Apt 3B, Port Wexby 60614.", "tag").text
    assert not any(word in out for word in ("4410", "Harrow", "Bend", "Run", "3B", "Wexby", "60614")), out


def test_a_capitalised_surname_that_is_also_a_unit_names_a_street_in_mixed_case_only() -> None:
    """ "12 Miles Ct" is a street where letter case says "Miles" is a name; "12 MILES CT" could be a distance."""
    text = _FILL + "Mail to 12 Miles Ct, Dunmoor 04011\n" + _FILL
    assert _typed(text, "12 Miles Ct", PhiType.ADDRESS)
    assert not _typed(text.upper(), "12 MILES CT", PhiType.ADDRESS)
