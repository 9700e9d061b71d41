"""Organisations, employers, programs and their initials (helper ``orgs6``): businesses named by a proper name and
an industry's head noun, after a work verb and shift words or anywhere; programs and practices named by a service;
insurers; firms of surnames joined by "&"; a facility's "for" tail; a facility's initials where only a place stands;
and the clinical look-alikes in the same places.

Every sentence, business, town and set of initials is invented for these tests.
"""

from __future__ import annotations

import pytest

from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _in_case

# (text, phrase): every letter and digit of the phrase found, in mixed case, capitals and lowercase
FORMS = [
    # an employer after a work verb and words of shift or time
    ("He works nights at Tennick Meat Packing and sleeps days.", "Tennick Meat Packing"),
    ("She has been working second shift at Orsley Sawmill since May.", "Orsley Sawmill"),
    ("Son working weekends at Farrowdale Ready Mix Concrete.", "Farrowdale Ready Mix Concrete"),
    ("Missing shifts at Brackwater Fabricators because of pain.", "Brackwater Fabricators"),
    ("Works part-time at Orsley Car Wash.", "Orsley Car Wash"),
    # an employer after a trade, alone or after a work verb and "as"
    ("Former welder at Brackwater Steelworks, now disabled.", "Brackwater Steelworks"),
    ("Driver for Orsley Freightways for 12 years.", "Orsley Freightways"),
    ("Works as a night clerk at Pellingham Quickstop.", "Pellingham Quickstop"),
    # an industry's head noun after a proper name, with "&" or "and" inside it
    ("Work note faxed to employer, Quillby Truck Stop.", "Quillby Truck Stop"),
    ("Employed at Hemsley Poultry Co. for six years.", "Hemsley Poultry"),
    ("Husband works at Pellingham Title & Escrow downtown.", "Pellingham Title & Escrow"),
    ("Works at Tarkwell Feed and Grain.", "Tarkwell Feed and Grain"),
    ("Machinist at Quillby Tool & Die for 20 years.", "Quillby Tool & Die"),
    ("Daughter works at Venholt Auto Body.", "Venholt Auto Body"),
    ("Services by Venholt & Sons Funeral Home.", "Venholt & Sons Funeral Home"),
    ("Arrangements by Hill & Sons Funeral Home were made.", "Hill & Sons Funeral Home"),  # (a surname and a word)
    # programs and practices named by a service
    ("Listed with Farrowdale Transplant Program since 2021.", "Farrowdale Transplant Program"),
    ("Doses daily at Tennick Methadone Clinic.", "Tennick Methadone Clinic"),
    ("Vaccines given at Hemsley Travel Medicine before the trip.", "Hemsley Travel Medicine"),
    ("Follows with Brackwater Palliative Care at home.", "Brackwater Palliative Care"),
    ("Return-to-work exam at Pellingham Industrial Medicine.", "Pellingham Industrial Medicine"),
    ("Case reported to Tarkwell County Public Health Dept.", "Tarkwell County Public Health Dept"),
    ("Brought in by Orsley Volunteer Rescue Squad.", "Orsley Volunteer Rescue Squad"),
    ("Donor milk from Quillby Mothers' Milk Bank.", "Quillby Mothers' Milk Bank"),
    ("Follows with Farrowdale Retina & Cataract yearly.", "Farrowdale Retina & Cataract"),
    ("Seen at Quillby Women & Infants Hospital.", "Quillby Women & Infants Hospital"),
    ("Outpatient therapy at Brackwater Physical Therapy.", "Brackwater Physical Therapy"),
    ("Follows at Venholt Sports & Spine PT.", "Venholt Sports & Spine PT"),
    ("Consult from Tarkwell Surgical Weight Loss.", "Tarkwell Surgical Weight Loss"),
    # a hospital named by its town and "Regional" alone; a facility's "for" tail
    ("Plan back-transfer to Tennick Regional when stable.", "Tennick Regional"),
    ("Sleep study at Hemsley Center for Sleep Medicine.", "Hemsley Center for Sleep Medicine"),
    # insurers and carriers
    ("Claim filed with Brackwater Casualty Co. last week.", "Brackwater Casualty"),
    ("Carrier: Pellingham Mutual Casualty", "Pellingham Mutual Casualty"),
    ("Insurer is Venholt Assurance Group.", "Venholt Assurance Group"),
    # a firm's legal form after a comma
    ("Employed by Orsley Heating & Cooling, Inc. since 2015.", "Orsley Heating & Cooling, Inc"),
    # a facility's initials where only a place stands
    ("I authorize QVMH to release my records.", "QVMH"),
    ("Parking validated for the TRVQ garage.", "TRVQ"),
]

# (text, phrase, cases): found only in those letter cases ("m" mixed, "c" capitals, "l" lowercase)
CASED_FORMS = [
    ("Procedure at Orsley ASC on Tuesday.", "Orsley ASC", "m"),  # ("ASC" in capitals: ascending)
    ("Employed at Hemsley Poultry Co. for six years.", "Hemsley Poultry Co", "m"),  # ("CO": carbon monoxide)
    ("Next counseling 3 July at Tennick & Orsley.", "Tennick & Orsley", "mc"),  # (lowercase: misspellings)
    ("QVMHC TRANSFUSION SERVICE\nUnit issued 03/04.", "QVMHC", "mc"),  # (a letterhead in capitals)
    ("cc: Tarkwell Logistics HR\nFile copy.", "Tarkwell Logistics HR", "mc"),  # ("HR" written in capitals)
]

# (text, phrase): nothing of the phrase found, in every case
NEGATIVES = [
    ("Physical Therapy consulted for gait training.", "Physical Therapy"),
    ("Call Physical Therapy Department.", "Physical Therapy"),
    ("Palliative Care following; family meeting today.", "Palliative Care"),
    ("Unintentional Weight Loss of 10 lb.", "Weight Loss"),
    ("Returned from the Travel Clinic with malaria prophylaxis.", "Travel Clinic"),
    ("Referred to Methadone Clinic on discharge.", "Methadone Clinic"),
    ("Lumbar Spine MRI negative.", "Lumbar Spine"),
    ("Meals on Wheels set up. Social Work to see.", "Meals on Wheels"),
    ("Meals on Wheels set up. Social Work to see.", "Social Work"),
    ("Transfer to ICU, then to OR and PACU.", "ICU"),
    ("Meds at HS. Given at MDI. Transferred from OSH.", "HS"),
    ("Meds at HS. Given at MDI. Transferred from OSH.", "MDI"),
    ("Meds at HS. Given at MDI. Transferred from OSH.", "OSH"),
    ("Disconnect at HS on 12DEC2025.", "HS"),
    ("Pt at rest & comfortable.", "rest"),
    ("Talked to Mom & Dad about plan.", "Mom"),
    ("Family meeting with Pt & family at bedside.", "family"),
    ("Spoke with Social Work & Case Management.", "Case Management"),
    ("Foley Supply ordered from central supply.", "Foley Supply"),
    ("Seen in Holter Processing.", "Holter Processing"),
    ("Regional anesthesia block placed.", "Regional"),
    ("Mother works at a poultry farm.", "poultry farm"),
    ("He works nights at the hospital.", "hospital"),
    ("Works weekends for cash.", "cash"),
    ("Seen at Kellam Clinic for wound check.", "wound"),
    ("ICU SERVICE NOTE\nPt seen.", "ICU"),
    ("PT TO RADIOLOGY SERVICE\nPt seen.", "PT"),
    ("I authorize Dr. to release records to PCP.", "PCP"),
    ("Hx of Left Cataract surgery.", "Left"),
    ("Transfer Center called; bed at 5 North.", "5 North"),
    ("Seen at Kellam Clinic for Pain.", "Pain"),
    ("Lives on a Dairy Farm with her son.", "Dairy Farm"),
    ("Per Ophtho Retina service, no detachment.", "Retina"),
    ("He is a guard at the prison; the manager at home is his wife.", "prison"),
    ("He is a guard at the prison; the manager at home is his wife.", "home"),
    ("Patient is a volunteer at the hospital.", "hospital"),
    ("Seen at Kellam Hospital, HR 88, BP 120/80.", "HR"),
    ("Seen at Kellam Hospital HR 88 BP 120/80.", "HR"),
]


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", "mcl")
def test_each_form_is_found_in_every_case(text: str, phrase: str, case: str) -> None:
    assert _covered(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "phrase", "cases"), CASED_FORMS)
def test_some_forms_are_found_only_where_letter_case_tells(text: str, phrase: str, cases: str) -> None:
    for case in "mcl":
        assert _covered(*_in_case(text, phrase, case)) == (case in cases), case


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", "mcl")
def test_look_alikes_stay_untagged(text: str, phrase: str, case: str) -> None:
    assert not _tagged(*_in_case(text, phrase, case))


def test_a_firm_needs_its_ampersand() -> None:
    """ "Tool & Die" is a head only with its "&": two capitalised words without it are no firm."""
    text, phrase = _in_case("Quillby Tool Die shown on the film.", "Tool Die", "c")
    assert not _tagged(text, phrase)
