"""Identifiers and ages over 89 in more of the forms US records print them (helper ``ids6``).

Written from general knowledge of intake sheets, device clinics, paging logs, billing and court forms, not from any
note: an age over 89 in words as a bare value ("now ninety-four,", "(one hundred and three)" after a birth date,
"turns one hundred", "her ninety-fifth birthday"), a header's "Sex/Age: F 94" and "F, 94,", a maker's or model's word
between a serial's label and the serial, a GS1 UDI after its label, an extension after a paging or calling verb or a
telephone's label, "Ins ID", "Docket No.", "Lic.", and a number before its label after a dash ("448812 - MRN"). Each
sentence is invented and checked in mixed case, capitals and lowercase; the hard negatives put readings, doses,
counts, lab series, temperatures and product codes in the same places.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType
from tests.unit.phi.test_ids4_general import _found_in_case, _tagged_in_case

_MRN = frozenset({PhiType.MRN})
_ACCOUNT = frozenset({PhiType.ACCOUNT})
_PLAN = frozenset({PhiType.HEALTH_PLAN})
_DEVICE = frozenset({PhiType.DEVICE})
_LICENSE = frozenset({PhiType.LICENSE})
_PHONE = frozenset({PhiType.PHONE})
_AGE = frozenset({PhiType.AGE})
_ANY_ID = frozenset({PhiType.ID, PhiType.MRN, PhiType.ACCOUNT, PhiType.HEALTH_PLAN, PhiType.LICENSE,
                     PhiType.DEVICE})

# (sentence, identifier, the types it must be found as)
FORMS = [
    # a maker's or model's word between a serial's label and the serial
    ("Pump: serial CADD 90-58985M, checked today.", "90-58985M", _DEVICE),
    ("Feeding pump S/N: Vortrel 4471-B228 on the pole.", "4471-B228", _DEVICE),
    ("Insulin pump SN KQ-7 TRV448120K at the bedside.", "TRV448120K", _DEVICE),
    ("Serial No. Orbelle 77-41290H recorded by biomedical engineering.", "77-41290H", _DEVICE),
    # a GS1 UDI after its label, whatever its check digit; the serial and expiry with it
    ("UDI (01)00884521187345(17)281130(10)LOT44(21)A44812 on the implant card.",
     "(01)00884521187345(17)281130(10)LOT44(21)A44812", _DEVICE),
    ("UDI: (01)40012345678902(21)QX99120 scanned.", "(01)40012345678902(21)QX99120", _DEVICE),
    # an extension after a paging or calling verb, or alone after a telephone's label
    ("Covering resident paged x4736 for the pain plan.", "x4736", _PHONE),
    ("Paged Dr. Vell at x 4319, no answer yet.", "x 4319", _PHONE),
    ("Call x5520 with questions about the pump.", "x5520", _PHONE),
    ("Tel. x4431 for the wound clinic.", "x4431", _PHONE),
    ("Office: x 2281 weekdays.", "x 2281", _PHONE),
    ("Please page 4-1187 with the results.", "4-1187", _PHONE),
    ("Paged 44712 twice overnight.", "44712", _PHONE),
    ("Clinic 207-555-0142 (x4319) for refills.", "x4319", _PHONE),
    ("Reach her at 207-555-0188 X-2207 days.", "X-2207", _PHONE),
    # insurance ids under "Ins" and "Insurance" with a marker
    ("Ins ID W99724779-02 on the card.", "W99724779-02", _PLAN),
    ("Ins. ID#: ZK44812990 01 for the claim.", "ZK44812990 01", _PLAN),
    ("Insurance #: HX5512098-03 (secondary).", "HX5512098-03", _PLAN),
    # a number before its label after a dash
    ("Labels printed: 448812 - MRN, verified.", "448812", _MRN),
    ("Wristband reprinted 3390127 \u2013 MRN on the unit.", "3390127", _MRN),
    ("Statement 44812009 - Acct sent to guarantor.", "44812009", _ACCOUNT),
    # a label joined to its number by a dash: the number only
    ("Wristband MRN-448812 verified.", "448812", _ANY_ID),
    # a court's docket, a licence after "Lic." alone
    ("Docket No. 2026-CV-04412 per the guardian's filing.", "2026-CV-04412", _ANY_ID),
    ("Docket #: 2025-FA-7781 on the order.", "2025-FA-7781", _ANY_ID),
    ("Therapist: ME Lic. PT790456 on the plan of care.", "PT790456", _LICENSE),
    ("RN Lic. 4471209 on file with the board.", "4471209", _LICENSE),
    ("Signed: Jo Vell, RN #448812, at the bedside.", "448812", _LICENSE),
    ("Reviewed by Al Crane, LPN # 44812 today.", "44812", _LICENSE),
    # a label a scan misread with a digit first hides nothing after it
    ("Therapist: ME 1ic. 9095818 on the plan of care.", "9095818", _ANY_ID),
]

# (sentence, the age phrase)
AGES = [
    ("She is alive, now ninety-four, lives in a group home.", "ninety-four"),
    ("Now ninety-two, she still drives to church.", "ninety-two"),
    ("Widowed, now one hundred and one, still cooks.", "one hundred and one"),
    ("He turns ninety-one next week.", "ninety-one"),
    ("She turned one hundred on Sunday.", "one hundred"),
    ("Patient is now one hundred and three.", "one hundred and three"),
    ("Grandmother, ninety-six, lives nearby.", "ninety-six"),
    ("At ninety-seven, she still gardens.", "ninety-seven"),
    ("DOB May 1921   (one hundred and three)", "one hundred and three"),
    ("DOB: 03/04/1925 (ninety-nine)", "ninety-nine"),
    ("Family brought cake for her ninety-fifth birthday.", "ninety-fifth"),
    ("Celebrated his one hundredth birthday on the unit.", "one hundredth"),
    ("Sex/Age: F 94", "94"),
    ("Gender/Age: Male 97", "97"),
    ("F, 94, from home with a walker.", "94"),
    ("Pt is M, 101, here with his niece.", "101"),
    ("Patient: Ana Quell, ninety-four, lives alone.", "ninety-four"),
    ("Mrs. Pell, one hundred and two, was seen today.", "one hundred and two"),
]

# (sentence, a phrase that no span may touch)
NEGATIVES = [
    ("HR now ninety, BP stable.", "ninety"),
    ("Sats now ninety-four, on 2L.", "ninety-four"),
    ("Blood sugar now one hundred and ten.", "one hundred and ten"),
    ("Weaned, now ninety percent on room air.", "ninety"),
    ("Now ninety minutes post dose.", "ninety"),
    ("She turned ninety degrees to the left.", "ninety"),
    ("She was one hundred percent compliant.", "one hundred"),
    ("Serial troponins 0.04, 0.05, 0.06.", "0.04"),
    ("Serial CK 1200-900 trending down.", "1200-900"),
    ("Serial CBC 44812 pending.", "44812"),
    ("Serial EKGs 12-lead unchanged.", "12-lead"),
    ("Lasix x 3 days, Zofran x2.", "x 3"),
    ("Called MD x2 to the bedside.", "x2"),
    ("Called MD x 1000 times today.", "x 1000"),
    ("Paged Dr. Vell at 0300, no callback.", "0300"),
    ("Called 44712 steps on the monitor.", "44712"),
    ("Left a message at 207-555-0142 (x2 attempts).", "x2"),
    ("Platelets now ninety, transfused one unit.", "ninety"),
    ("Gender/Age: Female 120 lbs on the scale.", "120"),
    ("Monitor reads F, 120, 80 overnight.", "120"),
    ("Grade F, 95, 3+ edema noted.", "95"),
    ("Serial q4h checks overnight.", "q4h"),
    ("T 98.6 F, 96, 18, 120/80 on arrival.", "96"),
    ("Temp F, 98, rechecked.", "98"),
    ("Sex/Age: F 84", "84"),
    ("Room 4412 - Bed 2 for the night.", "4412"),
    ("CPT 99213 - E&M visit.", "99213"),
    ("Insulin 10 units; ins # 2 vial opened.", "2"),
    ("Her twenty-fifth birthday party.", "twenty-fifth"),
    ("Assigned RN #101 for the night.", "101"),
    ("He turned one hundred eighty degrees in bed.", "one hundred"),
    ("They celebrated ninety years of marriage.", "ninety"),
    ("Count 1000 - MRN notified of the result.", "1000"),
    ("Wristband MRN-448812 verified.", "MRN"),
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


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_readings_counts_and_younger_ages_are_not_tagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged_in_case(text, phrase, case), phrase


# a serial's label whose value is no serial must not hide what follows it (a date after a test's name)
DATES_AFTER_SERIAL = [
    ("Serial CXR 12/03/2026 unchanged.", "12/03/2026"),
    ("Serial imaging 12/03/2026 reviewed.", "12/03/2026"),
    ("Serial labs 12/3 and 12/4 reviewed.", "12/3"),
]


@pytest.mark.parametrize(("text", "date"), DATES_AFTER_SERIAL)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_a_date_after_a_serial_label_is_still_a_date(text: str, date: str, case: int) -> None:
    assert _found_in_case(text, date, case, frozenset({PhiType.DATE}))
