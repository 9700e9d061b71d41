"""Identifiers and ages over 89 in the value shapes and labels US forms print (issue 11, helper ``ids5``).

Written from general knowledge of how hospitals, jails, courts, labs, pharmacies, insurers, device clinics and
agencies print numbers, not from any note: a number in digit groups or with a slash's suffix after any label, a
check letter after seven digits or more, a bare ``ID:`` opening a field, a value before its label in square brackets,
``Resident #`` and ``Req. #``, ages as ``94 y.o.``, ``in her 94th year`` and in brackets after a birth date written in
words. Each sentence is invented and checked in mixed case, capitals and lowercase; the hard negatives put codes,
counts, doses, rooms, readings and ages under 90 in the same places.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_ids4_general import _found_in_case, _tagged_in_case
from tests.unit.phi.test_places_general import _in_case

_MRN = frozenset({PhiType.MRN})
_ACCOUNT = frozenset({PhiType.ACCOUNT})
_PLAN = frozenset({PhiType.HEALTH_PLAN})
_DEVICE = frozenset({PhiType.DEVICE})
_AGE = frozenset({PhiType.AGE})
_ANY_ID = frozenset({PhiType.ID, PhiType.MRN, PhiType.ACCOUNT, PhiType.HEALTH_PLAN, PhiType.LICENSE,
                     PhiType.DEVICE})

# (sentence, identifier, the types it must be found as)
FORMS = [
    # a value in digit groups or with a slash's suffix after any word and a number's marker
    ("Inmate # 445 236 94 at the county jail.", "445 236 94", _ANY_ID),
    ("Detainee No. 805 423 63 per the deputy.", "805 423 63", _ANY_ID),
    ("Booking No. 43491030/05 per the officer.", "43491030/05", _ANY_ID),
    ("Offender ID: 16199897/07 on the transfer form.", "16199897/07", _ANY_ID),
    ("Decedent #: 34333306/04 on the release.", "34333306/04", _ANY_ID),
    ("CHIP ID 67575985/07 on the card.", "67575985/07", _ANY_ID),
    # seven digits or more and a check letter that is also a unit's letter
    ("Detainee No. 47417510X on the wristband.", "47417510X", _ANY_ID),
    ("Decedent #: 95381819F at the funeral home.", "95381819F", _ANY_ID),
    ("Student ID: 37661782G for the school nurse.", "37661782G", _ANY_ID),
    # a bare "ID:" opening a line or a column of a card's row
    ("BIN: 610014   PCN: ADV   Group: RX4481   ID: 11.76.3942", "11.76.3942", _ANY_ID),
    ("Insured: Jane Roe\nID: W51-3918-4\nGroup: 77120", "W51-3918-4", _ANY_ID),
    ("Plan: Harbor PPO | ID: 769 328 280 | Copay: $25", "769 328 280", _ANY_ID),
    # labels with their marker
    ("Resident #: 644 124 93 at the nursing home.", "644 124 93", _MRN),
    ("Req. #: 175-244 received in lab.", "175-244", _ANY_ID),
    ("Accn: S26-4481 received in lab.", "S26-4481", _ANY_ID),
    # a value before its label, in square brackets too, in dashed or dotted groups
    ("Labels printed for H42-8243-7 [MR#].", "H42-8243-7", _MRN),
    ("Labels printed for 10.67.4708 [MRN].", "10.67.4708", _MRN),
    ("Chart pulled: 448812 [Chart].", "448812", _MRN),
    ("Statement shows 44812009 [Acct] due.", "44812009", _ACCOUNT),
    ("Returned 4481-2209-13 (S/N) to biomed.", "4481-2209-13", _DEVICE),
    # the labels the identifier layer already reads, in the shapes above
    ("Member ID: W50-7968-9 on the card.", "W50-7968-9", _PLAN),
    ("Subscriber #: 882 134 471 for the claim.", "882 134 471", _PLAN),
    ("Claim #: 563 406 1378 received.", "563 406 1378", _ACCOUNT),
    ("S/N 88-1290-44 on the pump.", "88-1290-44", _DEVICE),
    # a word processor's dash, a quoted value
    ("MRN — 448812 on the wristband.", "448812", _MRN),
    ("MRN – 448812 on the wristband.", "448812", _MRN),
    ('MRN: "448812" in the export.', "448812", _MRN),
    # a record's fields: JSON, XML, names joined by underscores
    ('{"mrn": "448812", "unit": "4B"}', "448812", _MRN),
    ("<MRN>448812</MRN>", "448812", _MRN),
    ("patient_id: 448812", "448812", _MRN),
    ("member_id=W448812209", "W448812209", _PLAN),
    # a record number under its other names
    ("Medical Rec #: 448812 on the chart.", "448812", _MRN),
    ("HRN: 448812 in the health record.", "448812", _MRN),
    ("URN 448812 on the unit record.", "448812", _MRN),
    # a jail's number of the person with the year before it
    ("Booking #: 2026-00448812 per the deputy.", "2026-00448812", _ANY_ID),
    ("Inmate No.: 26-0044812 at intake.", "26-0044812", _ANY_ID),
    # five digits or more in brackets right after a name
    ("Patient: Jane Kowalczyk (448812) seen in clinic.", "448812", _MRN),
    ("Label reads Oskarsson, Gunhild [4488120] at the bedside.", "4488120", _MRN),
    ("Seen with Ann Smith (448812) today.", "448812", _MRN),
    # six digits after a device's name need no marker
    ("Alaris pump 448812 swapped at 0400.", "448812", _DEVICE),
]
# ages over 89
AGES = [
    ("Pt is a 93 y.o. woman seen today.", "93 y.o"),
    ("This is a 101 y.o. male with CHF.", "101 y.o"),
    ("Now in her 94th year, she still walks daily.", "94th"),
    ("In his 100th year he moved in with his son.", "100th"),
    ("DOB August 5, 1930 (95) per the face sheet.", "95"),
    ("DOB: 12-Mar-1929 (96 y) on the label.", "96"),
    ("Born March 3, 1931 (94 yrs), widowed.", "94"),
    ("The patient's age is 94.", "94"),
    ("Age was 96 at the last visit.", "96"),
    ("She's 94 and lives alone.", "94"),
    ("He'll be 95 next month.", "95"),
    ("94 YOWF s/p fall at home.", "94"),
    ("Age — 94, sex F.", "94"),
    ("Age: (94) per the face sheet.", "94"),
    # in brackets right after a name, whatever follows
    ("Patient: Jane Kowalczyk (94)\nAllergies: none", "94"),
    ("Resident: Kowalczyk, Gunhild (97) - fall from bed.", "97"),
    ("Jane Roe (93) was seen in clinic.", "93"),
    ("Mrs. Brown (94) fell at home.", "94"),
    ("Patient: Jaroslava K. Boers (90) was seen in clinic.", "90"),
    ("SMITH, JANE (96)\nAllergies: none", "96"),
    # set off by commas after a name, as a death record or an obituary gives it
    ("Gunhild Kowalczyk, 94, died at home on Sunday.", "94"),
    ("Mrs. Kowalczyk, 97, of Dunholt, passed away.", "97"),
    ("Jane Roe, 96, widow of the late John Roe.", "96"),
]
# a birth date after a combined label that ends in "Age" (the scan read the label and the date's first digits as an
# age): the date, and the age in brackets after it
DATES_AFTER_AGE_LABEL = [
    ("DOB/Age: 01/02/1931 (94) per the face sheet.", "01/02/1931", "94"),
    ("DOB / Age: 11/12/1930 (95 y), widowed.", "11/12/1930", "95"),
    ("dob/age: 01-02-1931 (94)", "01-02-1931", "94"),
]
# (sentence, phrase that must stay untagged)
NEGATIVES = [
    # groups and slashes that are counts, doses or readings
    ("Kit # 20 18 g needles in the drawer.", "20 18"),
    ("Heparin # 25 000 units in 500 mL.", "25 000"),
    ("BP # 120/80 on arrival.", "120/80"),
    ("Grade 2 of 4 murmur; 2/6 SEM at the apex.", "2/6"),
    ("Holosystolic 3/6 HSM at the apex.", "3/6"),
    # amounts with a unit's letter
    ("Vitamin D 1000000U total over the course.", "1000000U"),
    ("Penicillin G 2400000 units IM once.", "2400000"),
    ("Lasix 40mg IV, then 4mg/hr.", "40mg"),
    # "ID" as infectious disease, not a field's label
    ("ID: following, vancomycin 1250 mg q12h.", "1250"),
    ("Seen by ID today; ID: 2 sets of cultures pending.", "2"),
    ("ID: Tmax 101.2, WBC 14.1.", "101.2"),
    ("Renal and ID: cr 1.2, on cefepime 2000 mg.", "2000"),
    # a number before a bracket that is no label
    ("Sodium 1345 [ref 135-145] today.", "1345"),
    ("Lot 448812 [exp] on the box.", "448812"),
    # ages under 90, and numbers after a birth date that are no age
    ("Pt is a 84 y.o. woman seen today.", "84"),
    ("Now in her 84th year, she still walks daily.", "84th"),
    ("In the 94th minute the rhythm returned.", "94th"),
    ("DOB August 5, 1960 (65) per the face sheet.", "65"),
    ("Admitted August 5, 2025 (95) per the log.", "95"),
    ("Seen March 3, 2025 (94%) on room air.", "94"),
    ("She's 94% on room air.", "94"),
    ("The patient's age is 64.", "64"),
    ("The clinic opened 94 years ago.", "94"),
    ("Alaris pump 100000 units per hour.", "100000"),
    ("Pump: 4 mL/hr, pump 1000 mL bag.", "1000"),
    ("ID: 1000 mL given.", "1000"),
    ("ID: 1250 q12h vanco, trough pending.", "1250"),
    # numbers in brackets after a reading's or an amount's name
    ("Platelets (150000) stable.", "150000"),
    ("Platelets (148200) stable.", "148200"),
    ("Vitamin D (1000000 units) given.", "1000000"),
    ("Total volume (25000) infused.", "25000"),
    ("Patient Roe (4488) seen.", "4488"),
    # an age label before a reading that is no date
    ("Age: 64/F, DOB on file.", "64"),
    ("Gestational age: 38-39 weeks by dates.", "38-39"),
    ("Ferritin (44812) high.", "44812"),
    ("Hemoglobin A1c (44812) pending.", "44812"),
    ("MAP (94) on levophed.", "94"),
    ("Sats (94) on 2L nasal cannula.", "94"),
    ("Glucose (104) before lunch.", "104"),
    ("Patient Kowalczyk (64) seen.", "64"),
    ("Weight (94) kg on the bed scale.", "94"),
    ("Daily Weight (94) stable.", "94"),
    ("Pain (94) of 100 on the scale.", "94"),
    ("Levels 88, 94, of which two were high.", "94"),
    ("Scores of 3, 94, of 100 possible.", "94"),
    ("Sats 90, 94, retired the mask.", "94"),
]


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_identifier_form_is_found_in_every_case(
    text: str, phrase: str, types: frozenset[PhiType], case: int
) -> None:
    assert _found_in_case(text, phrase, case, types)


@pytest.mark.parametrize(("text", "phrase"), AGES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_age_form_is_found_in_every_case(text: str, phrase: str, case: int) -> None:
    assert _found_in_case(text, phrase, case, _AGE)


@pytest.mark.parametrize(("text", "date", "age"), DATES_AFTER_AGE_LABEL)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_a_date_after_an_age_label_is_found_with_its_age(text: str, date: str, age: str, case: int) -> None:
    assert _found_in_case(text, date, case, frozenset({PhiType.DATE}))
    doc, cased_date = _in_case(text, date, case)
    after = doc.index(cased_date) + len(cased_date)
    ages = [doc[s.start : s.end] for s in analyze(doc) if s.type is PhiType.AGE and s.start >= after]
    assert any(found.startswith(age) for found in ages)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_counts_doses_readings_and_younger_ages_are_not_tagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged_in_case(text, phrase, case), phrase
