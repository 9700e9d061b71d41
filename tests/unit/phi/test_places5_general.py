"""Places in more of the forms US agencies, practices, insurers, shelters and services write them (issue 11, helper
``places5``): a short form given in brackets after a place's first mention, a town after a facility and "in" or in
brackets, more head nouns, a unit on a line of its own under a street; and the clinical look-alikes in the same
places.

Every sentence, street, town and facility is invented for these tests.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _in_case

# (text, phrase): every letter and digit of the phrase found, in mixed case, capitals and lowercase
FORMS = [
    # a short form in brackets after the first mention, then alone
    ("Referred by: Marrowgate Valley Health System (MVHS). Lives at the Ambledown Pavilion of MVHS.", "MVHS."),
    ("Transferred from Bexmoor Regional Medical Center (BRMC). Records from BRMC: reviewed.", "BRMC:"),
    ("Seen at Saint Ilse's Hospital (SIH); follow-up at SIH, in May.", "SIH,"),
    # a town after a facility or an employer and "in"
    ("Her son works at Orrindale Logistics in Kettleby.", "Kettleby"),
    ("Court date at Kettleby District Court in Port Quenby, NM.", "Port Quenby"),
    ("Works as a cashier at Velloway Market in Garthby.", "Garthby"),
    ("Placed at Ambledown Manor, a nursing facility, then at Isselby Commons in Lowmarsh for a month.", "Lowmarsh"),
    # more head nouns
    ("Insured through Velloway Mutual since 2019.", "Velloway Mutual"),
    ("Transported by Sparrowick Wheelchair Van to dialysis.", "Sparrowick Wheelchair Van"),
    ("Housed at Halvardine House for two weeks.", "Halvardine House"),
    ("Was placed at Ambledown Commons last spring.", "Ambledown Commons"),
    ("Attends services at Tallowmere Chapel.", "Tallowmere Chapel"),
    ("Employer: Quorrington Distribution Center", "Quorrington Distribution Center"),
    ("Agency: Corvenbrook Senior Services", "Corvenbrook Senior Services"),
    ("Goes to Sparrowick Adult Day three days a week.", "Sparrowick Adult Day"),
    ("Released from Garthby Correctional last year.", "Garthby Correctional"),
    ("Client was placed at Tallowmere Youth Home.", "Tallowmere Youth Home"),
    ("Staying at the Sparrowick Motor Lodge.", "Sparrowick Motor Lodge"),
    # a saint's possessive before a sentence that opens with a head noun
    ("Attends services at Saint Ilkka's. Labs drawn at noon.", "Saint Ilkka's"),
    ("Facility: Saint Solvej's\nPharmacy: Bexmoor Apothecary", "Saint Solvej's"),
    # a place with no head noun in a form's "Placement:" or "Site:" field
    ("Placement: Pinecrest\nNext review in 30 days.", "Pinecrest"),
    ("Site: Marrowgate\nNext review in 30 days.", "Marrowgate"),
    # a town where a relative lives; a town before a state spelled out and its ZIP code, with no comma
    ("Sister in Kettleby calls daily.", "Kettleby"),
    ("Mailing:\nGarthby Ohio 44101", "Garthby"),
    # a direction with its period before the street's name, then a unit and the town
    ("Mailing address: 17292 S. Highland Ave Ste 110, Saltmire AL 64440", "Saltmire"),
    # a head noun after a name in a form's field
    ("Pharmacy: Isselby Rx\nAllergies: none", "Isselby Rx"),
    # a unit on a line of its own under a street, then the town's line
    ("Address: 99 Sunset Way\n#3\nGarthby, OH 44101", "#3"),
    ("Address: 99 Sunset Way\n#3\nGarthby, OH 44101", "Garthby"),
]

# only where letter case says a word is capitalised (mixed-case text)
MIXED = [
    ("Labs drawn at Quellmark Labs on Monday.", "Quellmark Labs"),
    ("Pharmacy: Brannock Rx", "Brannock Rx"),
    ("Preferred pharmacy: Rookhaven Apothecary (Fennick)", "Fennick"),
    ("Seen at Mercy Hospital in Saltmire.", "Saltmire"),
    ("Works at the Garthby Walmart as a cashier.", "Garthby Walmart"),
    # a town written in lowercase in a mixed-case note, after "lives in"
    ("She lives in fennick with her son.", "fennick"),
    ("Son lives in tulsa now.", "tulsa"),
]

# look-alikes of the lowercase towns above (mixed-case text)
MIXED_NEGATIVES = [
    ("She lives in fear of falling.", "fear"),
    ("Moved to bsicu overnight.", "bsicu"),
    ("Lives in subsidized housing with her son.", "subsidized"),
]

# (text, phrase): nothing of the phrase found, in every case
NEGATIVES = [
    ("Fasting labs ordered for Tuesday morning.", "Fasting labs"),
    ("Steroid rx tapered over ten days.", "Steroid rx"),
    ("Thyroid labs were normal in clinic.", "Thyroid labs"),
    ("Discharged to home with family. Resides at home alone.", "home alone"),
    ("She moved into assisted living last spring.", "last spring"),
    ("Was placed at Ambledown Commons last spring.", "last spring"),
    ("Seen at Mercy Hospital in March and in Spanish.", "March"),
    ("Seen at Mercy Hospital in March and in Spanish.", "Spanish"),
    ("Resides: Cassowick Assisted Living, Apt 204", "Apt"),
    ("Location: left arm. Site: RUE. Pharmacy: no changes.", "left arm"),
    ("Location: left arm. Site: RUE. Pharmacy: no changes.", "RUE"),
    ("Location: left arm. Site: RUE. Pharmacy: no changes.", "no changes"),
    ("Kellam Hospital (ED) called back.", "ED"),
    ("Son in ICU with his father; daughter in law waiting.", "ICU"),
    ("Son in ICU with his father; daughter in law waiting.", "law"),
    ("Family history: Ohio 44 cases in the county.", "Family history"),
    ("Placement: PICC right basilic 42 cm\nSite: Deltoid\nSite: RUE", "PICC right basilic"),
    ("Placement: PICC right basilic 42 cm\nSite: Deltoid\nSite: RUE", "Deltoid"),
    ("Placement: Foley 16 Fr\nSite: Left deltoid", "Foley"),
    ("Placement: Foley 16 Fr\nSite: Left deltoid", "Left deltoid"),
    ("Worked for the freight company until last year.", "freight"),
    ("Call Physical Therapy Department.", "Physical Therapy"),
    ("Lives in the house with her son; house officer aware.", "house"),
    ("Transferred to the floor (MICU team aware).", "MICU"),
]


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_form_is_found_in_every_case(text: str, phrase: str, case: int) -> None:
    assert _covered(*_in_case(text, phrase, case))  # (a short form's phrase holds the punctuation after it)


@pytest.mark.parametrize(("text", "phrase"), MIXED)
def test_capitalised_forms_are_found_in_mixed_case(text: str, phrase: str) -> None:
    assert _covered(*_in_case(text, phrase, 0))


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_look_alikes_stay_untagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "phrase"), MIXED_NEGATIVES)
def test_lowercase_look_alikes_stay_untagged_in_mixed_case(text: str, phrase: str) -> None:
    assert not _tagged(*_in_case(text, phrase, 0))


def test_an_acronym_that_spells_other_initials_is_no_place() -> None:
    """ "(NPO)" after "Kellam Medical Center" is an order, not its short form."""
    text = "Kellam Medical Center (NPO) after midnight; NPO continued."
    spans = [(s.start, s.end) for s in analyze(text)]
    assert all(text[a:b] != "NPO" for a, b in spans)


def test_the_short_form_is_typed_a_place() -> None:
    text = "Seen at Bexmoor Regional Medical Center (BRMC). BRMC records reviewed."
    found = {text[s.start : s.end]: s.type for s in analyze(text)}
    assert found.get("BRMC") is PhiType.LOCATION
