"""Places and organisations, round two (helper ``places7``): more heads of services and practices after a proper
name, a congregation's name, a letterhead's short form after a dash and its later uses, a hospital's initials before
a department, initials offered against a web address, a county road in capitals, a unit named by a word alone, a
scan's "ln" for "in"; and the clinical look-alikes in the same places.

Every sentence, practice, town, street and set of initials is invented for these tests.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _in_case

# (text, phrase): every letter and digit of the phrase found, in mixed case, capitals and lowercase
FORMS = [
    # a service's or a practice's head after a proper name
    ("Seen at Marnett Allergy & Asthma last spring.", "Marnett Allergy & Asthma"),
    ("Referred to Tresh Poison Center for advice.", "Tresh Poison Center"),
    ("Followed by Danvers Coumadin Clinic for INR.", "Danvers Coumadin Clinic"),
    ("Seen by Kettleby Reproductive Genetics in May.", "Kettleby Reproductive Genetics"),
    ("Urine sent to Pellam Drug Testing Services today.", "Pellam Drug Testing Services"),
    ("Discharged to Orlow Rehabilitation & Nursing.", "Orlow Rehabilitation & Nursing"),
    ("Seen at Varro Hearing & Balance for vertigo.", "Varro Hearing & Balance"),
    ("Referred to Fennick Metabolic Surgery Program.", "Fennick Metabolic Surgery Program"),
    ("Incarcerated at Bragg County Adult Detention Facility.", "Bragg County Adult Detention Facility"),
    ("Brought by a trooper from Ilford State Patrol Post.", "Ilford State Patrol Post"),
    ("Listed at Norrow Kidney Transplant Center in 2022.", "Norrow Kidney Transplant Center"),
    ("Works at Tamsin Plastics Inc. on the line.", "Tamsin Plastics Inc"),
    # a congregation and its name
    ("Member of Congregation Beth Ostvale, attends weekly.", "Congregation Beth Ostvale"),
    # a hospital's initials before a department, in brackets or after a preposition of moving
    ("Transferred from QRVH ICU overnight.", "QRVH"),
    # a unit named by a word alone, a town before a dotted state after two spaces
    ("Address on file: 6703 Salt Terrace Rear, Drenby,  N.C. 05829", "6703 Salt Terrace Rear, Drenby"),
    # a scan's "ln" for "in" after a verb of residence
    ("Lives ln Ernestborough, 2 h by car.", "Ernestborough"),
]

# (text, phrase, cases): found only in those letter cases ("m" mixed, "c" capitals, "l" lowercase)
CASED_FORMS = [
    ("Discussed with Dr. Hale (QVKMH ED) by phone.", "QVKMH", "mc"),  # (the department's letters in capitals)
    ("LAST KNOWN ADDRESS: 1 CR 43, KUUSTOWN OR 08337", "1 CR 43, KUUSTOWN", "mcl"),
    ("Lives at 2210 CR 118, Ostby, TX 75001", "2210 CR 118", "mcl"),
    ("Tresh Varrow Poison Center\nCall the Center.", "Tresh Varrow Poison Center", "mc"),
    # a town of one dictionary word goes on over a capitalised word closing the clause where someone lives
    ("Pt lives independently in Cedar Quill, drives to church.", "Cedar Quill", "m"),
]

# (text, short form, cases): a letterhead's short form after a dash, found again at its last use further down
SHORT_FORMS = [
    ("Nordby-Ravens Coumadin Clinic - NRCC\nINR 2.4. Next check at NRCC.", "NRCC", "mc"),
    ("Ravel Dermatology Medical Surgical - RDMS\nSuture removal in 1 week at RDMS.", "RDMS", "mc"),
    ("Silver Aspen Allergy & Asthma Institute - SAAAI\nShots Mon/Wed at SAAAI.", "SAAAI", "mc"),
    ("Kaspa Vellin Coumadin Clinic - Kaspa Vellin\nNext visit at Kaspa Vellin.", "Kaspa Vellin", "mcl"),
    # initials after "at" offered against a web address (once only)
    ("Follow-up on return at QVTM or https://qvtm.example.org", "QVTM", "mc"),
]

# (text, phrase): nothing of the phrase found, in every case
NEGATIVES = [
    ("Follow up with primary care in 1 week.", "primary care"),
    ("Primary Care\nBP 120/80, HR 72.", "Primary Care"),
    ("Call Poison Control if ingested.", "Poison Control"),
    ("Patient walked outside the room.", "room"),
    ("Heart & Vascular\nEcho reviewed, EF 55%.", "Heart & Vascular"),
    ("Regional anesthesia was used.", "Regional"),
    ("CT ED read pending.", "CT"),
    ("Transfer to ICU tonight.", "ICU"),
    ("Transferred from MICU to SICU.", "MICU"),
    ("Exacerbation resolved; moved from CCU to PCU.", "PCU"),
    ("Coumadin clinic to follow INR.", "Coumadin clinic"),
    ("Referred to genetics for counseling.", "genetics"),
    ("Seen by the ABG ICU team.", "ABG"),
    ("Chronic Obstructive Pulmonary Disease - COPD\nStable on inhalers.", "Chronic Obstructive Pulmonary Disease"),
    ("Blood Pressure - BP\n120/80", "Blood Pressure"),
    ("Cycle 1 CR 43 days later.", "CR 43"),
    ("Cr 1.2, BUN 20, stable.", "Cr"),
    ("Day 3 CR 85, BUN 7, improving.", "CR 85"),
    ("Cycle 1 CR 43, then PR.", "CR 43"),
    ("Recheck at 3 PM or online.", "PM"),
    ("Lives ln assisted living with wife.", "assisted"),
    ("Congregation of fluid noted at the base.", "fluid"),
    ("Lives in Denver Tuesday through Friday.", "Tuesday"),
    ("Lives in Boston Monday.", "Monday"),
]


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", "mcl")
def test_each_form_is_found_in_every_case(text: str, phrase: str, case: str) -> None:
    assert _covered(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "phrase", "cases"), CASED_FORMS)
def test_some_forms_are_found_only_where_letter_case_tells(text: str, phrase: str, cases: str) -> None:
    for case in cases:
        assert _covered(*_in_case(text, phrase, case)), case


@pytest.mark.parametrize(("text", "short", "cases"), SHORT_FORMS)
def test_a_short_form_is_found_where_it_is_used_again(text: str, short: str, cases: str) -> None:
    for case in cases:
        doc, word = _in_case(text, short, case)
        at = doc.rindex(word)
        spans = [(s.start, s.end) for s in analyze(doc)]
        assert all(any(a <= at + k < b for a, b in spans) for k in range(len(word)) if word[k].isalnum()), case


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", "mcl")
def test_look_alikes_stay_untagged(text: str, phrase: str, case: str) -> None:
    assert not _tagged(*_in_case(text, phrase, case))


def test_an_imperative_opening_a_sentence_is_no_part_of_the_place() -> None:
    text, phrase = _in_case("Call Tresh Poison Center now.", "Call", "m")
    assert not _tagged(text, phrase)
    assert _covered(text, "Tresh Poison Center")


def test_a_name_and_its_initials_after_a_dash_are_no_letterhead() -> None:
    """A person's name and initials hold no clinical or facility word: the initials name no place elsewhere."""
    text, _ = _in_case("Dana Kellam Ostby - DKO\nMet with family.", "DKO", "m")
    assert not any(s.type is PhiType.LOCATION for s in analyze(text))
