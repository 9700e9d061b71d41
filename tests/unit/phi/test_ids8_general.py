"""Dates without a year, ages in words in a person's slot, biometric profiles, plan ids, and numbers that are none of
these (helper ``ids8``).

Written from general knowledge of call logs, utilization-review headers, billing rows, screening forms and home
safety leaflets, not from any note: a month and its day before a clock time ("Thursday, Nov 12 0915 hrs"), an age
over 89 in words after "re" or "is a" or before a person's noun, a voiceprint's or an iris's profile id, a plan's
number after "insurance is <payer> number", a coverage's programme, or in four digit groups. The hard negatives put a
scale's score over its maximum, a hot water temperature, MedDRA and OMB codes, a court case's year, weekdays and
month words in ordinary phrases in the same places. Each sentence is invented and checked in mixed case, capitals and
lowercase.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType
from tests.unit.phi.test_ids4_general import _found_in_case, _tagged_in_case

_DATE = frozenset({PhiType.DATE})
_AGE = frozenset({PhiType.AGE})
_PLAN = frozenset({PhiType.HEALTH_PLAN})
_BIOMETRIC = frozenset({PhiType.BIOMETRIC})

# (sentence, phrase, the types it must be found as)
FORMS = [
    # a weekday, a month and its day, no year; a clock time after the day is no year
    ("Culture drawn Thursday, Nov 12 0915 hrs by the night RN.", "Nov 12", _DATE),
    ("Spoke with daughter Monday, August 17 2340 about the plan.", "August 17", _DATE),
    ("Called back Saturday, Jan 3 at 4:10 PM.", "Jan 3", _DATE),
    ("Wound check done on Tuesday, Feb 11.", "Feb 11", _DATE),
    ("Return visit October 19th for suture removal.", "October 19th", _DATE),
    ("Last colonoscopy November 2019 was normal.", "November 2019", _DATE),
    ("Seen in clinic APR 2024 for the same.", "APR 2024", _DATE),
    ("AUG-14 99214 follow-up visit charged.", "AUG-14", _DATE),
    ("Oct-07 06:40 infusion pump occlusion alarm.", "Oct-07", _DATE),
    # an age over 89 in words in a person's slot
    ("Re ninety-four member seen for a fall at home.", "ninety-four", _AGE),
    ("She is a ninety-nine widow living with her niece.", "ninety-nine", _AGE),
    ("He is a one hundred and two veteran of the navy.", "one hundred and two", _AGE),
    ("A ninety-one woman presents with a cough.", "ninety-one", _AGE),
    ("Outreach call re ninety-two, daughter on the line.", "ninety-two", _AGE),
    ("Pt is a ninety-five resident of the county home.", "ninety-five", _AGE),
    ("Pt 1s a ninety-eight man with a hip fracture.", "ninety-eight", _AGE),
    # a biometric profile's or template's id after its word
    ("Identity confirmed by voiceprint, profile vx-4c7e02b19a.", "vx-4c7e02b19a", _BIOMETRIC),
    ("Palm print template PT-5530KQ21 on the kiosk.", "PT-5530KQ21", _BIOMETRIC),
    ("Retina scan enrolment id RS 71-2204 completed.", "RS 71-2204", _BIOMETRIC),
    # a plan's number after a payer's sentence, a coverage's programme, or in four digit groups
    ("Caller says my insurance is Orvane Health number Q47719203 08 today.", "Q47719203 08", _PLAN),
    ("His insurance was Medicaid number 77104528KT per the card.", "77104528KT", _PLAN),
    ("MEMBER: VANTE, IRO   ID: 447-190-226-31", "447-190-226-31", _PLAN),
    ("Coverage: Medicaid 60219384QZ active.", "60219384QZ", _PLAN),
    ("Coverage: CHIP 31190427RB since spring.", "31190427RB", _PLAN),
]

# (sentence, a phrase that no span may touch)
NEGATIVES = [
    # a weekday or a month's word in an ordinary phrase
    ("Tuesday clinic is booked through the month.", "Tuesday clinic"),
    ("She may be able to go home.", "may be"),
    ("Donated to the march for the cure.", "march"),
    ("Saturday school resumes next week.", "Saturday school"),
    ("may 3 tabs be crushed?", "may 3"),
    # an age's words that count something else
    ("Ninety-day supply of lisinopril sent.", "Ninety-day"),
    ("Re one hundred mg tablets, none left.", "one hundred"),
    ("It is a ninety minute drive to the clinic.", "ninety"),
    ("Pt is a hundred percent compliant with meds.", "hundred"),
    ("It is a hundred times better today.", "hundred"),
    # a scale's score over its maximum
    ("BIMS 11/15 on admission.", "11/15"),
    ("MMSE 12/30 on screening.", "12/30"),
    ("PHQ-9 6/27, mild symptoms.", "6/27"),
    ("GAD-7 9/21 today.", "9/21"),
    ("MoCA score 9/30, impaired.", "9/30"),
    ("Braden 12/23, high risk.", "12/23"),
    # a temperature read as an age and a sex
    ("Keep hot water heater at <= 118 F to avoid burns.", "118 F"),
    ("Bath water should not exceed 104 F.", "104 F"),
    # public codes and form numbers
    ("Event coded MedDRA PT 10028813 by pharmacovigilance.", "10028813"),
    ("MedDRA LLT 10019233 assigned.", "10019233"),
    ("OMB control number 0920-1154 on the survey.", "0920-1154"),
    ("Form VA-21-4138 mailed to the family.", "VA-21-4138"),
    # a court case's year
    ("Consent follows Doe v. Harlan, 412 F.2d 118 (1969).", "1969"),
    ("See Pell v. Orrin (1983) on capacity.", "1983"),
]


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_form_is_found_in_every_case(text: str, phrase: str, types: frozenset[PhiType], case: int) -> None:
    assert _found_in_case(text, phrase, case, types)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_scores_readings_codes_and_words_are_not_tagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged_in_case(text, phrase, case), phrase


# a real date after a scale's name stays a date (the denominator is no scale's maximum)
DATES_NEAR_SCALES = [
    ("MMSE done 3/14, repeat in a month.", "3/14"),
    ("BIMS on 10/12 was 13.", "10/12"),
]


@pytest.mark.parametrize(("text", "date"), DATES_NEAR_SCALES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_a_date_near_a_scale_is_still_a_date(text: str, date: str, case: int) -> None:
    assert _found_in_case(text, date, case, _DATE)
