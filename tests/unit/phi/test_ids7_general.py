"""Identifiers and ages over 89 in more of the forms US records print them (helper ``ids7``).

Written from general knowledge of face sheets, death and medical examiner's records, agency case files, device
clinics and Medicare cards, not from any note: a record number in pairs of digits after its label ("MRN 13 77 81"),
a case's number without its marker ("case 25-783103", "ME case ME25-7761"), an age in words after a person and a verb
("Decedent was ninety and had"), "93 years of age" as a whole phrase, "now age ninety-one" with its "age", a scan's
"Age (ycars):", and a value after a second label's short form, which stays out of the span ("serial SN 17-61812L",
"Medicare MBI 7DW0-DD9-XP36", "Acct: FIN 863274994"). Each sentence is invented and checked in mixed case, capitals and
lowercase; the hard negatives put readings, doses, ranges and counts in the same places.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_ids4_general import _found_in_case, _tagged_in_case
from tests.unit.phi.test_ids6_general import _ACCOUNT, _AGE, _ANY_ID, _DEVICE, _MRN, _PLAN
from tests.unit.phi.test_places_general import _in_case

# (sentence, identifier, the types it must be found as)
FORMS = [
    # a record number in pairs of digits after its label
    ("MRN 13 77 81 was reviewed at intake.", "13 77 81", _MRN),
    ("MRN: 44 09 30 on the wristband.", "44 09 30", _MRN),
    ("Med Rec # 52 18 64 07 per the face sheet.", "52 18 64 07", _MRN),
    ("Chart # 12 345 678 on file.", "12 345 678", _MRN),
    # a case's number without its marker, and with one
    ("Refer to case 25-783103 for the crisis call.", "25-783103", _ANY_ID),
    ("ME case ME25-7761 opened by the investigator.", "ME25-7761", _ANY_ID),
    ("Agency case 2026-000412 assigned to the caseworker.", "2026-000412", _ANY_ID),
    ("APS case AP-24-55120 remains open.", "24-55120", _ANY_ID),
    ("Case No. 2026-000412 on the court's order.", "2026-000412", _ANY_ID),
    ("Coroner's case # 26-00123 pending toxicology.", "26-00123", _ANY_ID),
    ("Incident # 2026-55102 filed by security.", "2026-55102", _ANY_ID),
    ("Report # 77-10923 from the sheriff's office.", "77-10923", _ANY_ID),
    ("Case: 25-390217 per the hotline.", "25-390217", _ANY_ID),
    ("ME casc ME22-4739 opened (a scan's e read as c).", "ME22-4739", _ANY_ID),
    ("Incident 26-004471 per dispatch.", "26-004471", _ANY_ID),
    ("Police report 2025-0012345 attached to the chart.", "2025-0012345", _ANY_ID),
    # a value after a second label's short form
    ("Pump: serial SN 17-61812L checked today.", "17-61812L", _DEVICE),
    ("Concentrator serial S/N 42-14221K at home.", "42-14221K", _DEVICE),
    ("Medicare MBI 7DW0-DD9-XP36 on the card.", "7DW0-DD9-XP36", _PLAN),
    ("Medicare MBI: 3QA9-TE5-MK72 verified.", "3QA9-TE5-MK72", _PLAN),
    ("Acct: FIN 863274994 for this stay.", "863274994", _ACCOUNT),
    ("Account # CSN 71200448 on the statement.", "71200448", _ACCOUNT),
    ("Encounter: CSN 71200448 for the visit.", "71200448", _ACCOUNT),
    ("Patient ID: MRN 448812 on the label.", "448812", _MRN),
    ("Acct 44 81 20 09 sent to billing.", "44 81 20 09", _ACCOUNT),
]

# (sentence, the exact span of a value whose second label stays out)
EXACT = [
    ("Pump: serial SN 17-61812L checked today.", "17-61812L"),
    ("Medicare MBI 7DW0-DD9-XP36 on the card.", "7DW0-DD9-XP36"),
    ("Acct: FIN 863274994 for this stay.", "863274994"),
    ("Patient ID: MRN 448812 on the label.", "448812"),
    ("Encounter: CSN 71200448 for the visit.", "71200448"),
    ("Police report 2025-0012345 attached to the chart.", "2025-0012345"),
    ("MRN 13 77 81 was reviewed at intake.", "13 77 81"),
    ("Refer to case 25-783103 for the crisis call.", "25-783103"),
]

# (sentence, the age phrase, whole)
AGES = [
    ("Decedent was ninety and had lived alone.", "ninety"),
    ("Client is one hundred and six; lives with a niece.", "one hundred and six"),
    ("She was ninety-one when she moved to the home.", "ninety-one"),
    ("Resident is ninety-seven and walks daily.", "ninety-seven"),
    ("Deccdent was ninety-four at the time of the scan.", "ninety-four"),
    ("Decedent was 93 years of age.", "93 years of age"),
    ("He is ninety-two years of age and alert.", "ninety-two years of age"),
    ("Patient is 96 years of age, from home.", "96 years of age"),
    ("Widowed, now age one hundred and five, still cooks.", "age one hundred and five"),
    ("Alive and well, now age ninety-one.", "age ninety-one"),
    ("4a. Age (ycars): 90", "90"),
    ("Age (years): 94", "94"),
]

# (sentence, a phrase that no span may touch)
NEGATIVES = [
    ("BP 130 77 81 on recheck.", "130 77 81"),
    ("Doses 10 20 30 mg tried in turn.", "10 20 30"),
    ("Lot 44 21 09 on the vial.", "44 21 09"),
    ("This is case 2 of 3 today in the OR.", "2 of 3"),
    ("In case of a fall, call the nurse.", "case of"),
    ("Just in case 10-1500 mL is ordered.", "10-1500"),
    ("Add-on case 12-1400 units of heparin prepared.", "12-1400"),
    ("Report 2019-2024 data to the registry.", "2019-2024"),
    ("Incident 10-2024 of the quality series.", "10-2024"),
    ("Report 12-1500 mL output to the MD.", "12-1500"),
    ("Visit 12 14 16 weeks for the scans.", "12 14 16"),
    ("Age (years): 45", "45"),
    ("Age (ycars): 62", "62"),
    ("She was ninety minutes late for dialysis.", "ninety"),
    ("He was one hundred percent compliant.", "one hundred"),
    ("Client was one hundred mg short of the dose.", "one hundred"),
    ("Resident was ninety over sixty on standing.", "ninety"),
    ("He was one hundred and fifty pounds at the time.", "one hundred"),
    ("She was ninety feet from the door.", "ninety"),
    ("Client was one hundred dollars short on rent.", "one hundred"),
    ("He was ninety steps from the nurses' station.", "ninety"),
    ("CR 2.1 this morning, up from 1.8.", "2.1"),
    ("Sats now ninety-four on 2L.", "ninety-four"),
    ("Smoked for ninety years of his life, he says.", "ninety"),
]


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_identifier_form_is_found_in_every_case(
    text: str, phrase: str, types: frozenset[PhiType], case: int
) -> None:
    assert _found_in_case(text, phrase, case, types)


def _exact(text: str, phrase: str, case: int) -> bool:
    doc, phrase = _in_case(text, phrase, case)
    at = doc.index(phrase, doc.index("\n"))
    return any(s.start == at and s.end == at + len(phrase) for s in analyze(doc))


@pytest.mark.parametrize(("text", "phrase"), EXACT)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_the_value_alone_is_the_span(text: str, phrase: str, case: int) -> None:
    assert _exact(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), AGES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_age_form_is_found_whole_in_every_case(text: str, phrase: str, case: int) -> None:
    assert _found_in_case(text, phrase, case, _AGE)
    assert _exact(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_readings_ranges_and_younger_ages_are_not_tagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged_in_case(text, phrase, case), phrase
