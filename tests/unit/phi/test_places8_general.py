"""Places and organisations, round three (helper ``places8``): courts named after their county, more heads of
organisations (a team, an alliance, a drug company, a casino and resort, a crisis center, an answering service, a
credit bureau, a day care, consultants, evaluations, a practice of two specialties), a department after a facility's
dash, a town's or a hospital's initials before a service ("forensic clinic", "triage"), a town named with "of" after a
street, Wisconsin grid house numbers; and the look-alikes: an office's title before "County", a form's title, a job
title, a nutrition programme's initials, car models after their maker.

Every sentence, court, practice, town, street and set of initials is invented for these tests.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _in_case

# (text, phrase): every letter and digit of the phrase found, in mixed case, capitals and lowercase
FORMS = [
    # a court named after its county: the county, with its compass word
    ("Letters issued by the Probate Court of Quorley County today.", "Quorley County"),
    ("Hearing set at District Court of Vessendy County on Monday.", "Vessendy County"),
    ("Order entered by the Superior Court of Ambrith County.", "Ambrith County"),
    ("Petition filed in Probate Court of South Quorley County, ND.", "South Quorley County"),
    ("Juvenile Court of Tressaby County notified.", "Tressaby County"),
    # more heads of organisations after a proper name
    ("Followed weekly by the Yarnock ACT Team at home.", "Yarnock ACT Team"),
    ("PLAN: Brindlow Health Alliance", "Brindlow Health Alliance"),
    ("Refills picked up at Sellaby Drug Co. on Friday.", "Sellaby Drug Co"),
    ("Filled at Marrowby Apothecary last week.", "Marrowby Apothecary"),
    ("Works nights at Trevessa Casino & Resort as a dealer.", "Trevessa Casino & Resort"),
    ("Advocate from Quorley Rape Crisis Center present.", "Quorley Rape Crisis Center"),
    ("Message taken by Yarnock Answering Service at 0210.", "Yarnock Answering Service"),
    ("Letter received from North Vessendy Credit Bureau.", "North Vessendy Credit Bureau"),
    ("Child attends Tindlewick Little Learners daily.", "Tindlewick Little Learners"),
    ("Evaluated by Ambrith Medical Consultants for the claim.", "Ambrith Medical Consultants"),
    ("Exam by Sellaby Occupational & Disability Evaluations.", "Sellaby Occupational & Disability Evaluations"),
    ("Seen at Marrowby Pediatric & Adolescent Medicine.", "Marrowby Pediatric & Adolescent Medicine"),
    # a form's labels before an organisation
    ("FACILITY: Quorley Ridge Care", "Quorley Ridge Care"),
    ("EMPLOYER NAME: Yarnock Freight Lines", "Yarnock Freight Lines"),
    ("From: Tressaby Spine Associates\n44 Mill Rd, Ambrith, WI 53001", "Tressaby Spine Associates"),
    # a department after a facility's dash belongs to it
    ("Admitted to Quorley Memorial Medical Center - Behavioral Unit.", "Quorley Memorial Medical Center - Behavioral "
                                                                        "Unit"),
    ("Exam by Vessendy Health - Forensic Nursing today.", "Vessendy Health - Forensic Nursing"),
    ("Seen at Ambrith Family Health Center - Pediatrics, 2nd floor.", "Ambrith Family Health Center - Pediatrics"),
    ("Transferred to Sellaby Memorial Hospital - Psychiatric Unit for care.", "Sellaby Memorial Hospital - "
                                                                              "Psychiatric Unit"),
    # a hospital's initials or a town before a service
    ("Follow-up: QKRH forensic clinic 2 May", "QKRH"),
    ("Follow-up: East Vessendy forensic clinic", "East Vessendy"),
    ("Follow-up: St. Ambrith forensic clinic next week", "St. Ambrith"),
    ("Referred to YMGH forensic clinic for photographs.", "YMGH"),
    # a town named with "of" after a street address
    ("lives at 26 41st Hwy, falls of quorleymere, az", "falls of quorleymere"),
    ("Address: 12 Oak Ave, Isle of Tressaby, ME 04401", "Isle of Tressaby"),
    # Wisconsin grid house numbers, the street and its unit
    ("Home: W188N2745 Quorley Pass", "W188N2745 Quorley Pass"),
    ("Address: N61W3390 Vessendy Rd, Ambrith, WI 53022", "N61W3390 Vessendy Rd"),
    ("lives at w846n9226 north tressaby spur rear", "w846n9226 north tressaby spur rear"),
    ("Address: S15W2210 Yarnock Ct Unit 160G", "S15W2210 Yarnock Ct Unit 160G"),
    ("Mailing: W231S7702 Marrowby Ln Fl 2", "W231S7702 Marrowby Ln Fl 2"),
    ("Address: N88W1410 Sellaby Dr Rm 252", "N88W1410 Sellaby Dr Rm 252"),
]

# (text, phrase, cases): found only in those letter cases ("m" mixed, "c" capitals, "l" lowercase)
CASED_FORMS = [
    ("Refills from Marrowby Rx monthly.", "Marrowby Rx", "mc"),
    # lowercase initials in brackets before "triage" in a mixed-case note: a word with no vowel is no English word
    ("Called back (wqpg triage rn) at 0400.", "wqpg", "mcl"),
]

# (text, phrase): nothing of the phrase found, in every case
NEGATIVES = [
    ("Spoke with the Asst. County Attorney about the petition.", "Asst. County Attorney"),
    ("Discussed with the Assistant County Attorney by phone.", "Assistant County Attorney"),
    ("Deputy County Clerk notarised the form.", "Deputy County Clerk"),
    ("Section III: Employee's Serious Health Condition", "Employee's Serious Health Condition"),
    ("Reviewed by the Disability Examiner on file.", "Disability Examiner"),
    ("Enrolled in WIC for formula.", "WIC"),
    ("Referred to WIC program for formula.", "WIC"),
    ("Driver of a 2020 Hyundai Tucson, restrained.", "Hyundai Tucson"),
    ("Passenger in a Kia Soul, restrained.", "Kia Soul"),
    ("Driver of a Ford Ranger, rollover.", "Ford Ranger"),
    ("Struck by a Chevy Tahoe at low speed.", "Chevy Tahoe"),
    ("Occupant of a 2018 Toyota Tacoma, airbags deployed.", "Toyota Tacoma"),
    ("Drove his Jeep Cherokee home.", "Jeep Cherokee"),
    ("Court of appeals decision pending.", "Court"),
    ("Steroid rx given for the flare.", "rx"),
    ("Seen in clinic today.", "clinic"),
    ("Seen in triage by the night nurse.", "triage"),
    ("Seen by the OBGYN triage nurse.", "OBGYN"),
    ("Follow-up: Memory clinic Friday", "Memory"),
    ("Follow-up: forensic clinic in 2 weeks", "forensic"),
    ("Transferred to ICU - Behavioral Unit aware.", "Behavioral"),
    ("Falls of unclear cause noted.", "Falls"),
    ("Sats 94% on 2L NC, W 5N 3 pod.", "5N"),
    ("Credit to the night team for the catch.", "team"),
]

# a department does not follow a facility's dash when the words after it go on as a sentence
NOT_A_DEPARTMENT = [
    ("Seen at Quorley Medical Center - ICU stay was long.", "Quorley Medical Center", "ICU stay"),
]


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", "mcl")
def test_each_form_is_found_in_every_case(text: str, phrase: str, case: str) -> None:
    assert _covered(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "phrase", "cases"), CASED_FORMS)
def test_some_forms_are_found_only_where_letter_case_tells(text: str, phrase: str, cases: str) -> None:
    for case in cases:
        assert _covered(*_in_case(text, phrase, case)), case


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", "mcl")
def test_look_alikes_stay_untagged(text: str, phrase: str, case: str) -> None:
    assert not _tagged(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "place", "after"), NOT_A_DEPARTMENT)
@pytest.mark.parametrize("case", "mcl")
def test_a_sentence_after_the_dash_is_no_department(text: str, place: str, after: str, case: str) -> None:
    doc, phrase = _in_case(text, place, case)
    assert _covered(doc, phrase)
    assert not _tagged(doc, _in_case(text, after, case)[1])


@pytest.mark.parametrize("case", "mcl")
def test_a_grid_address_is_one_address(case: str) -> None:
    doc, phrase = _in_case("Home: W188N2745 Quorley Pass", "W188N2745 Quorley Pass", case)
    at = doc.index(phrase)
    assert any(s.start <= at and s.end >= at + len(phrase) and s.type is PhiType.ADDRESS for s in analyze(doc))


@pytest.mark.parametrize("case", "mcl")
def test_a_courts_county_is_the_place_and_its_kind_is_not(case: str) -> None:
    doc, phrase = _in_case("Letters issued by the Probate Court of South Quorley County today.",
                           "South Quorley County", case)
    at = doc.index(phrase)
    assert any(s.start == at and s.end == at + len(phrase) and s.type is PhiType.LOCATION for s in analyze(doc))
    assert not _tagged(doc, _in_case("Letters issued by the Probate Court of", "Probate Court of", case)[1])
