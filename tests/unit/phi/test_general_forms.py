"""Forms of PHI as clinical documents write them, as classes rather than strings (issue 11).

Every sentence here is hand-written and synthetic, with names and places invented for it: each row checks that the
engine finds a class of form (a facility named before any of its head nouns, a date in any of its layouts, an age
over 89 in words, an identifier after any of its labels, a biometric identifier, initials in a signature), and the
hard negatives check that clinical words, services and eponyms in the same positions stay untagged.
"""

from __future__ import annotations

import pytest

from phigate.phi import analyze

# the filler makes a text long enough to be read as mixed-case prose, as a document is
_FILL = ("The patient tolerated the visit well and was observed without complication. Vital signs remained stable "
         "throughout and she was discharged home with written instructions.\n")


def _covered(text: str, phrase: str) -> bool:
    """Whether every letter and digit of ``phrase`` (where it first occurs in ``text``) lies in a found span."""
    at = text.index(phrase)
    spans = [(s.start, s.end) for s in analyze(text)]
    return all(any(a <= at + k < b for a, b in spans) for k, ch in enumerate(phrase) if ch.isalnum())


def _tagged(text: str, phrase: str) -> bool:
    """Whether any letter or digit of ``phrase`` lies in a found span."""
    at = text.index(phrase)
    return any(s.start < at + len(phrase) and at < s.end for s in analyze(text))


FACILITIES = [
    ("Transferred from Brookhaven Regional Medical Center for further care.", "Brookhaven Regional Medical Center"),
    ("Follow-up at Northgate Imaging next week.", "Northgate Imaging"),
    ("Specimen sent to Quellmark Laboratory for culture.", "Quellmark Laboratory"),
    ("Admitted to Saint Vorrin Medical Center overnight.", "Saint Vorrin Medical Center"),
    ("Records requested from Pellham County Hospital.", "Pellham County Hospital"),
    ("Biopsy read at University of Calloway Medical Center.", "University of Calloway Medical Center"),
    ("Referred by her PCP at Larkspur Family Health.", "Larkspur Family Health"),
    ("Moved to Delmont Tower, room 512.", "Delmont Tower"),
    ("Admitted to the Fenwick Unit for observation.", "Fenwick Unit"),
    ("Home health provided by Caldera Home Care Services.", "Caldera Home Care Services"),
    ("Follow up at Pennick Orthopedics in two weeks.", "Pennick Orthopedics"),
    ("Seen in the Amberly Cancer Institute clinic.", "Amberly Cancer Institute"),
    ("RIVERBEND ORTHOPAEDIC ASSOCIATES\n200 Mill Road\n", "RIVERBEND ORTHOPAEDIC ASSOCIATES"),
]
EMPLOYERS = [
    ("Works at Brannock & Tilley LLP as a paralegal.", "Brannock & Tilley LLP"),
    ("Employer: Verity Freight Inc.", "Verity Freight Inc"),
    ("He works for Castellane Group in sales.", "Castellane Group"),
    ("She is a cashier at Harlow Foods.", "Harlow Foods"),
    ("Patient is employed by the Kestrel School District.", "Kestrel School District"),
    ("Pharmacy: Dunmore Drug & Surgical Supply\n", "Dunmore Drug & Surgical Supply"),
    ("Hospital: Orrindale General\n", "Orrindale General"),
    ("Her job at Pemberly Farms ended in May.", "Pemberly Farms"),
    ("Assistance from Harwick Credit Union.", "Harwick Credit Union"),
    ("Brannock Police Department responded.", "Brannock Police Department"),
]
SEEN_AT = [
    ("Seen at Marrowgate last spring.", "Marrowgate"),
    ("Follow-up at Pennick in two weeks.", "Pennick"),
    ("Hospitalized at Ashbury for pneumonia.", "Ashbury"),
]
TOWNS = [
    ("Lives in Dorsey Heights with her son.", "Dorsey Heights"),
]
DATES = [
    ("Seen on 6 Dec 2026 in clinic.", "6 Dec 2026"),
    ("Surgery on Dec. 6th, 2026 went well.", "Dec. 6th, 2026"),
    ("Collected 06-DEC-26 at 0800.", "06-DEC-26"),
    ("Seen again Dec-06-2026.", "Dec-06-2026"),
    ("Follow-up 2026-12-06.", "2026-12-06"),
    ("Follow-up 2026/12/06.", "2026/12/06"),
    ("Last seen 12/6/26.", "12/6/26"),
    ("Returns on the 6th of December.", "the 6th of December"),
    ("Returns on the sixth of December.", "the sixth of December"),
    ("Returns on December the 6th.", "December the 6th"),
    ("Returns December twenty-first.", "December twenty-first"),
    ("Clinic Monday 12/6 at 9.", "12/6"),
    ("Symptoms began in December 2026.", "December 2026"),
    ("Device implanted 03/2019, battery fine.", "03/2019"),
    ("Symptoms began in winter 2025.", "winter 2025"),
    ("Hip fracture in spring of 2024.", "spring of 2024"),
    ("Last mammogram Dec '24.", "Dec '24"),
    ("Fell at home over Thanksgiving.", "Thanksgiving"),
    ("Worse since Christmas Eve.", "Christmas Eve"),
    ("Fasting through Ramadan this year.", "Ramadan"),
    ("Family visited for Hanukkah.", "Hanukkah"),
    ("Last colonoscopy Sept. 3, 2019.", "Sept. 3, 2019"),
]
AGES = [
    ("She is a ninety-two year old woman.", "ninety-two year old"),
    ("Age: ninety-four", "ninety-four"),
    ("He is ninety-three years of age.", "ninety-three years"),
    ("A ninety-five-year-old widow.", "ninety-five-year-old"),
    ("A one hundred and one year old resident.", "one hundred and one year old"),
    ("Patient is 96 years of age.", "96 years"),
    ("Pleasant 92yoF in no distress.", "92yoF"),
    ("She turned 93 last week.", "93"),
    ("Celebrated his 95th birthday.", "95"),
    ("A woman of 94 who lives alone.", "94"),
    ("Active and independent in her late nineties.", "late nineties"),
    ("Age/Sex: 92/F", "92"),
    ("Sex/Age: M / 101", "101"),
    ("A nonagenarian with a fall.", "nonagenarian"),
    ("Diagnosed at the age of 93.", "93"),
]
IDENTIFIERS = [
    ("MRN: 00-482-119", "00-482-119"),
    ("MR#: 4481220", "4481220"),
    ("Patient #: 448812", "448812"),
    ("Medical Record Number (MRN): 448812", "448812"),
    ("Acct #: A-4417-22", "A-4417-22"),
    ("Member ID: XQH 448 213 991", "XQH 448 213 991"),
    ("Member ID W 1234 5678 on file.", "W 1234 5678"),
    ("Policy #: PLC-22817-B", "PLC-22817-B"),
    ("DEA # BS4829105", "BS4829105"),
    ("NPI: 1487654321", "1487654321"),
    ("MBI: 1EG4-TE5-MK73", "1EG4-TE5-MK73"),
    ("Medicare Beneficiary Identifier: 1EG4TE5MK73", "1EG4TE5MK73"),
    ("Subscriber #: 88213-004", "88213-004"),
    ("Claim #: CLM-2026-004412", "CLM-2026-004412"),
    ("Auth #: PA-77812", "PA-77812"),
    ("Prior authorization number: 4481-2210", "4481-2210"),
    ("Rx #: 6612345", "6612345"),
    ("Case #: 26-0412", "26-0412"),
    ("Reference number: RQ 5581 22", "RQ 5581 22"),
]
BIOMETRICS = [
    ("Fingerprint ID: FP-00412-B on file", "FP-00412-B"),
    ("Fingerprint template on file: FP-2291", "FP-2291"),
    ("Retina scan ID RS 44812", "RS 44812"),
    ("Iris template: IRT-7731", "IRT-7731"),
    ("Voiceprint: VP-5521", "VP-5521"),
    ("Facial recognition template FRT 99120", "FRT 99120"),
    ("Palm vein pattern ID: PV-33810", "PV-33810"),
    ("Voice print reference VP 22817", "VP 22817"),
]
SIGNATURES = [
    ("Read by: ILVO BRASK, M.D.", "ILVO BRASK"),
    ("Dictated by: BRASK, ILVO", "BRASK, ILVO"),
    ("Transcribed by: TL", "TL"),
    ("Signed: IB/mq", "IB/mq"),
    ("Reviewed with attending. Vorrel Quandt, RN/jk", "jk"),
    ("/s/ J. Pemberton", "J. Pemberton"),
    ("Electronically signed by: Ilse Varga, RN on 12/06/2026", "Ilse Varga"),
]


@pytest.mark.parametrize(("text", "phrase"), FACILITIES + EMPLOYERS + SEEN_AT + TOWNS + DATES + AGES
                         + IDENTIFIERS + BIOMETRICS + SIGNATURES)
def test_each_form_is_found(text: str, phrase: str) -> None:
    assert _covered(_FILL + text + "\n" + _FILL, phrase)


# "Unit" is a head only in mixed-case text: in capitals "APHERESIS UNIT" is as likely
_CAPS_ROWS = [(t, p) for t, p in FACILITIES + DATES + IDENTIFIERS if " Unit" not in p]


@pytest.mark.parametrize(("text", "phrase"), _CAPS_ROWS)
def test_each_form_is_found_in_capitals(text: str, phrase: str) -> None:
    """The same forms in an ALL-CAPS document, where letter case tells nothing."""
    doc = (_FILL + text + "\n" + _FILL).upper()
    assert _covered(doc, phrase.upper())


# (sentence, phrase that must stay untagged): services, departments, clinical words and eponyms where a facility,
# an organisation, a date, an age or an identifier could stand
HARD_NEGATIVES = [
    ("Referred to the Heart Failure Clinic.", "Heart Failure Clinic"),
    ("Wound Care Center consult requested.", "Wound Care Center"),
    ("Seen in Interventional Radiology for the line.", "Interventional Radiology"),
    ("Transferred from the ICU to the floor.", "ICU"),
    ("Admitted to the Cardiac Care Unit.", "Cardiac Care Unit"),
    ("Follow-up at the clinic in two weeks.", "clinic"),
    ("Coumadin Clinic to manage the INR.", "Coumadin Clinic"),
    ("Attends a weekly Support Group.", "Support Group"),
    ("WILL ALSO HAVE HOME HEALTH AID AND PT.", "HOME HEALTH"),
    ("Works at home on disability.", "home"),
    ("Foley catheter removed, Hodgkin lymphoma in remission.", "Foley"),
    ("Cardiology in to see the patient. Plan unchanged.", "Cardiology"),
    ("Take 1/2 tab daily; BP 120/80.", "1/2"),
    ("Ninety minutes of physical therapy.", "Ninety"),
    ("In case 100 mg is not enough, call.", "100"),
    ("Auth pending from the insurer.", "pending"),
    ("Iris 3mm and reactive: 2+ bilaterally.", "3mm"),
    ("ID: T 101.4 rectal, Tylenol given.", "101"),
    ("Output 500cc LOS, negative overall.", "LOS"),
    ("Transfused with 1 apheresis unit overnight.", "apheresis unit"),
    ("Skin: sternal inc OTA with clips.", "sternal inc"),
    ("Document signed by pt and family.", "pt"),
    ("pH 7.40/2020 on the gas.", "2020"),
    ("BP stable for ninety minutes; a hundred years ago.", "hundred"),
    ("Seen at bedside by the team.", "bedside"),
    ("Hospital: yes\n", "yes"),
    ("Pharmacy: none on file\n", "none"),
    ("SpO2 92/RA on arrival.", "92"),
    ("Bleeding found by EGD. Visible vessel clipped.", "EGD"),
    ("Transfused 2 units; 1st unit pc infused.", "unit"),
    ("Seen in the Emergency Department.", "Emergency Department"),
    ("American Heart Association guidelines followed.", "American Heart Association"),
    ("Call Physical Therapy Department.", "Physical Therapy Department"),
]


@pytest.mark.parametrize(("text", "phrase"), HARD_NEGATIVES)
def test_clinical_words_in_the_same_places_are_not_tagged(text: str, phrase: str) -> None:
    assert not _tagged(_FILL + text + "\n" + _FILL, phrase)
