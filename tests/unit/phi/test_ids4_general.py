"""Identifiers under the many labels US clinical, billing and administrative forms print (issue 11, helper ``ids4``).

Written from general knowledge of how registration sheets, face sheets, claim forms, payer cards, implant cards,
ambulance reports, lab requisitions and letters label a number, not from any note: a record number under its other
labels, billing and visit numbers, plan numbers, licences, the numbers any form gives a person (employee, student,
inmate, incident), ages over 89 in a few more written forms. Each sentence is invented and checked in mixed case, in
capitals and in lowercase; the hard negatives put product codes, code systems, counts, doses, rooms and readings in
the same places.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_identifier_forms import _found_as
from tests.unit.phi.test_places_general import _in_case

_MRN = frozenset({PhiType.MRN})
_ACCOUNT = frozenset({PhiType.ACCOUNT})
_PLAN = frozenset({PhiType.HEALTH_PLAN})
_LICENSE = frozenset({PhiType.LICENSE})
_ID = frozenset({PhiType.ID})
_DEVICE = frozenset({PhiType.DEVICE})
_AGE = frozenset({PhiType.AGE})


def _found_in_case(text: str, phrase: str, case: int, types: frozenset[PhiType]) -> bool:
    """``phrase`` found as one of ``types`` in ``text`` set in letter case ``case``, looked for after the opening
    filler."""
    cased, cased_phrase = _in_case(text, phrase, case)
    return _found_as(cased, cased_phrase, types, start=cased.index("\n"))


def _tagged_in_case(text: str, phrase: str, case: int) -> bool:
    """Whether any character of ``phrase``, in ``text`` set in letter case ``case`` and looked for after the opening
    filler, lies in a found span."""
    doc, phrase = _in_case(text, phrase, case)
    at = doc.index(phrase, doc.index("\n"))
    return any(s.start < at + len(phrase) and at < s.end for s in analyze(doc))


# (sentence, identifier, the types it must be found as)
FORMS = [
    # a record number under its other labels
    ("M.R.N.: 448812 on the wristband.", "448812", _MRN),
    ("Med. Rec. # 448812, face sheet attached.", "448812", _MRN),
    ("Hosp. No. 3381227 per the old chart.", "3381227", _MRN),
    ("Pt. No. 448812 on the requisition.", "448812", _MRN),
    ("Pt. ID# 448812 on the label.", "448812", _MRN),
    ("Reg No 448120 at the front desk.", "448120", _MRN),
    ("PID: 77120934 in the interface message.", "77120934", _MRN),
    ("Person ID 5512093 in the enterprise index.", "5512093", _MRN),
    ("Client ID: C-44812 at the clinic.", "C-44812", _MRN),
    ("Resident ID 88123 at the nursing home.", "88123", _MRN),
    ("Patient Identifier: 448812 on the consent.", "448812", _MRN),
    # billing and visit numbers
    ("CSN: 71200448812 for this visit.", "71200448812", _ACCOUNT),
    ("Admission #: A2611034 on the face sheet.", "A2611034", _ACCOUNT),
    ("Enc #: 44812009 in the billing queue.", "44812009", _ACCOUNT),
    ("Visit #: 44812009 on the statement.", "44812009", _ACCOUNT),
    ("Billing #: 44812009 for the copay.", "44812009", _ACCOUNT),
    ("Statement #: 44812009 mailed home.", "44812009", _ACCOUNT),
    ("Guarantor ID 44812009 for the balance.", "44812009", _ACCOUNT),
    ("HAR #: 4481200 for the stay.", "4481200", _ACCOUNT),
    # plan numbers
    ("HIC #: 448213991A on the old card.", "448213991A", _PLAN),
    ("HIC No. 448213991A on file.", "448213991A", _PLAN),
    ("Enrollee ID: 448213991 on the card.", "448213991", _PLAN),
    ("Participant ID: 448213991 for the plan.", "448213991", _PLAN),
    ("Subscr ID 448213991 on the claim.", "448213991", _PLAN),
    ("Sub ID: 448213991 per the payer.", "448213991", _PLAN),
    ("Coverage ID: CV448213 verified.", "CV448213", _PLAN),
    # licences
    ("DL: S44821399 shown at check-in.", "S44821399", _LICENSE),
    ("DL No. S44821399 copied.", "S44821399", _LICENSE),
    ("DL# S44821399 on the form.", "S44821399", _LICENSE),
    ("CDL 448213991, drives a truck.", "448213991", _LICENSE),
    ("Lic. No. S44821399 verified.", "S44821399", _LICENSE),
    ("State ID card 448213991 presented.", "448213991", _LICENSE),
    # the numbers any form gives a person or an event
    ("File No. 44-1190 for the claim.", "44-1190", _ID),
    ("Incident # 26-118234 filed with security.", "26-118234", _ID),
    ("Run #: 4471 for the transport.", "4471", _ID),
    ("Run Number 26-04471 on the report.", "26-04471", _ID),
    ("Employee ID: 448213 for occupational health.", "448213", _ID),
    ("Employee # 448213 at the plant.", "448213", _ID),
    ("Employee No. 448213 on the badge.", "448213", _ID),
    ("Emp ID 448213 for the injury report.", "448213", _ID),
    ("Voucher # 44821 for the cab ride.", "44821", _ID),
    ("Inmate # 448213 at the county jail.", "448213", _ID),
    ("Booking # 448213 per the officer.", "448213", _ID),
    ("Sample ID 448213 sent to the lab.", "448213", _ID),
    ("Kit # 448213 for the swab.", "448213", _ID),
    ("Unique ID: 448812 in the registry.", "448812", _ID),
    ("Student ID#: 448213991 for the school form.", "448213991", _ID),
    ("Ref #: 448213 on the letter.", "448213", _ID),
    ("ID No. 4482 on the visitor's pass.", "4482", _ID),
    ("ID #: 4482 on the visitor's pass.", "4482", _ID),
    # a number with a letter after it, as the older Medicare claim numbers were written
    ("Medicare Part B #: 448213991A on the old card.", "448213991A", frozenset({PhiType.ID, PhiType.HEALTH_PLAN})),
    # a serial in groups of digits; an asset number named without its marker
    ("Serial No.: 44 812 093 on the concentrator.", "44 812 093", _DEVICE),
    ("Infusion pump (asset 448812) swapped out.", "448812", _DEVICE),
    # a number after "#" with no word before it, a number before its label in brackets, a label joined by a verb
    ("Seen with her daughter, Jane Roe [#448812], today.", "448812", _ID),
    ("Label reads 448812 (MRN) under the name.", "448812", _MRN),
    ("Face sheet lists 44812009 (Acct) for the stay.", "44812009", _ACCOUNT),
    ("CMRN: 448812 in the enterprise index.", "448812", _MRN),
    ("The MRN was noted as 448812 on the old chart.", "448812", _MRN),
    ("The generator serial number was recorded as PJN448812 in the log.", "PJN448812", _DEVICE),
    # a key-value row's bar, a printed form's dot leaders, a bracket
    ("MRN | 448812 | DOB | 1/2/50", "448812", _MRN),
    ("MRN.....448812 on the label.", "448812", _MRN),
    ("MRN: [448812] on the label.", "448812", _MRN),
    ("Case # | 4471 | Date | 1/2/25", "4471", _ID),
    # a form that aligns its values, a fixed-width printout's columns
    ("MRN:            448812\nDOB:            01/02/1950", "448812", _MRN),
    ("Member ID:        W448213991", "W448213991", _PLAN),
    ("MRN            DOB          Sex\n448812         01/02/1950   F", "448812", _MRN),
    ("Case #     Date\n4471       1/2/25", "4471", _ID),
    # a table's cell under the header that names it
    ("Name | Patient ID | DOB\nRoe | 448812 | 1/2/50", "448812", _MRN),
    ("Name | Chart # | DOB\nRoe | 4488 | 1/2/50", "4488", _MRN),
    ("Encounter | Date\n4481200 | 1/2/25", "4481200", _ACCOUNT),
    ("Case # | Date\n4471 | 1/2/25", "4471", _ID),
    ("DL # | State\nS4482139 | MA", "S4482139", _LICENSE),
    ("Plan ID | Group\nW448213 | 77120", "77120", _PLAN),
    ("Device | Asset Tag\nIV pump | 448812", "448812", _DEVICE),
]
# ages over 89 in a few more written forms
AGES = [
    ("Pt is 93 y, alert and oriented.", "93"),
    ("Jane Roe (93) was seen in clinic.", "93"),
    ("Age in yrs: 95 per the face sheet.", "95"),
    ("Age........93\nSex.........F", "93"),
    ("Pt. is 97 and lives alone.", "97"),
    ("His mother is 96 and still gardens.", "96"),
    ("She cares for her husband, who is 94.", "94"),
    ("DOB: 1/2/1930 (95 y) per the chart.", "95"),
    ("Name | Age (yrs) | Sex\nRoe | 94 | F", "94"),
    ("Sex | F | Age | 94", "94"),
    ("Name           Age   Sex\nJane Roe       94    F", "94"),
]
# (sentence, phrase that must stay untagged)
NEGATIVES = [
    ("Room # 4412 is ready for the patient.", "4412"),
    ("Bed #1204 assigned on arrival.", "1204"),
    ("Lot # 44812A, exp 2027.", "44812A"),
    ("Model # W1DR01 pacemaker.", "W1DR01"),
    ("Tylenol #3 one tab given.", "3"),
    ("ETT size # 7.5 at 22 cm.", "7.5"),
    ("Catalog No. 44812 screws used.", "44812"),
    ("REF # 5076-52 lead placed.", "5076-52"),
    ("Implant: model 5076, REF #: 5076-52, lot 44812A.", "5076-52"),
    ("REF 5076-52 lead placed.", "5076-52"),
    ("NDC # 0002-1433-80 dispensed.", "0002-1433-80"),
    ("Form No. CMS-1500 completed.", "CMS-1500"),
    ("Protocol # 2019-0412 enrolled.", "2019-0412"),
    ("Version No. 4.2.1 installed.", "4.2.1"),
    ("Cycle # 4 of 6 given.", "4"),
    ("PIV # 20g in the left arm.", "20g"),
    ("NS # 1000 mL bolus given.", "1000"),
    ("Bolus number 1000 mL given.", "1000"),
    ("Suture # 4-0 nylon used.", "4-0"),
    ("Part No. 44812-03 replaced.", "44812-03"),
    ("Item # 44812 ordered from supply.", "44812"),
    ("CPT # 99213 billed.", "99213"),
    ("HCPCS # E0601 for the CPAP.", "E0601"),
    ("ICD # E11.9 coded.", "E11.9"),
    ("RxBIN: 610014  RxPCN: ADV", "610014"),
    ("Heparin # 25000 units in 500 mL.", "25000"),
    ("Fluid ID 1000 mL.", "1000"),
    ("Weight # 93.4 kg.", "93.4"),
    ("Shift # 0700-1900 covered.", "0700-1900"),
    ("Bag # 1000 ml hung.", "1000"),
    ("Reg insulin 4 units given.", "4"),
    ("Case 2 of 3 today.", "2"),
    ("Run 3 of the rhythm strip shows VT.", "3"),
    ("Rx: lisinopril 10 mg daily.", "10"),
    ("MAP (93) with pressors.", "93"),
    ("BP 110/60 (93) with levophed.", "93"),
    ("Pt is 55 y, alert and oriented.", "55"),
    ("HR 93, SpO2 93%, weight 93 kg.", "93"),
    ("Penicillin G 2500000 units IV given.", "2500000"),
    ("PIV #20 in the left arm, Tylenol #3 given.", "20"),
    ("Serial troponins were recorded as 0.04 and 0.06.", "0.04"),
    ("Vitamin D 1000000U total over the course.", "1000000U"),
    ("His mother is 96% on room air.", "96"),
    # a table's counts and places under headers that may also count
    ("Room | Bed\n412 | 2", "412"),
    ("Order | Drug\n1 | aspirin", "1"),
    ("Case | Outcome\n2 | healed", "2"),
    ("Unit | Beds\n4B | 12", "4B"),
    ("Lot | Exp\n44812A | 2027", "44812A"),
    ("Name | Age (yrs) | Sex\nRoe | 64 | F", "64"),
    ("Name           Age   Sex\nJane Roe       64    F", "64"),
    ("Room           Bed\n412            2", "412"),
    ("HR    BP      RR\n93    120/80  18", "93"),
    ("Group            2 members attended.", "2"),
    ("There is no 1500 calorie limit on the tray.", "1500"),
]


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_identifier_form_is_found_as_its_category_in_every_case(
    text: str, phrase: str, types: frozenset[PhiType], case: int
) -> None:
    assert _found_in_case(text, phrase, case, types)


@pytest.mark.parametrize(("text", "phrase"), AGES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_age_form_is_found_in_every_case(text: str, phrase: str, case: int) -> None:
    assert _found_in_case(text, phrase, case, _AGE)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_codes_counts_and_readings_in_the_same_places_are_not_tagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged_in_case(text, phrase, case), phrase


def test_the_overlap_question_of_table_cells_agrees_with_asking_every_span() -> None:
    import random

    from phigate.phi.recognizers._topics import _Covered

    rng = random.Random(11)
    for _ in range(200):
        spans = [(a, a + rng.randint(1, 30)) for a in (rng.randint(0, 500) for _ in range(rng.randint(0, 12)))]
        covered = _Covered(spans)
        for _ in range(20):
            a = rng.randint(0, 540)
            b = a + rng.randint(1, 30)
            assert covered.overlaps(a, b) == any(s < b and a < e for s, e in spans)


def test_a_long_fixed_width_table_is_read_in_linear_time() -> None:
    rows = "MRN            DOB\n" + "448812         01/02/1950\n" * 4000
    spans = analyze(rows)
    assert sum(s.type is PhiType.MRN for s in spans) == 4000


def test_a_number_after_any_label_keeps_its_offsets_after_non_ascii_text() -> None:
    text = "Café noté — résumé\udc80 Kit # 448213 and Employee ID: 558213."
    found = {text[s.start : s.end] for s in analyze(text) if s.type is PhiType.ID}
    assert found == {"448213", "558213"}
