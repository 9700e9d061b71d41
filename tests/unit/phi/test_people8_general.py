"""People's full names in slots the engine did not read (helper ``people8``).

Written from general knowledge of how case-management notes, court papers, phone transcripts, forms, statements and
e-mail write a person, not from any note: a name after a role or case word that introduces one ("case manager ...",
"counsel for Respondent ..."), a court caption's respondent or ward ("IN RE: THE MATTER OF ..., RESPONDENT"), a
caller introducing themself ("hi this is ...", "my name is ...") and spelling the surname out, a form's person labels
("Guarantor:", "Member:", "FIRST: ... LAST: ..."), the addressee's line above a street address in a mailing block,
and a name before an e-mail address in brackets that contains it. Every name is invented; the hard negatives put
clinical words and phrases in the same slots.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_names6_general import _doc, _named, _tagged

# (sentence, the name in it): found in every letter case
FORMS = [
    # 1. after a role or case word that introduces a person
    ("Received a call from CM Brisa Tollemarsh about placement.", "Brisa Tollemarsh"),
    ("Spoke with case manager Idris Quellbeck-Haro regarding the plan.", "Idris Quellbeck-Haro"),
    ("Counsel for Respondent Ysolde Marchbanks-Orry, Esq. was present.", "Ysolde Marchbanks-Orry"),
    ("For the petitioner, Asst. County Attorney Corvin Asheldene appeared.", "Corvin Asheldene"),
    ("Advocate present: Pell Yarrowby, from the rights office.", "Pell Yarrowby"),
    ("Guardian ad litem Oriel Fensworth attended the hearing.", "Oriel Fensworth"),
    ("Interpreter line, operator: Teodric, id 4471.", "Teodric"),
    ("Letter copied to Maelis Drovane, Esquire.", "Maelis Drovane"),
    ("Social worker Anwen Thistlecombe met with family.", "Anwen Thistlecombe"),
    # 2. court captions
    ("IN RE: THE MATTER OF Halcyon Brevitt, RESPONDENT", "Halcyon Brevitt"),
    ("In re the Guardianship of Sorrel Ambleworth", "Sorrel Ambleworth"),
    ("In the Matter of Tamsin Oakridge-Vell, Ward", "Tamsin Oakridge-Vell"),
    ("Estate of Jorund Pelliver, Decedent", "Jorund Pelliver"),
    # 3. a caller introducing themself
    ("Voicemail: hi this is Nerys Calloway calling about my appointment.", "Nerys Calloway"),
    ("Transcript: yeah it's Ottilie Vandermast, I need a refill.", "Ottilie Vandermast"),
    ("Message: this is Fenna Grisholm, my mom fell today.", "Fenna Grisholm"),
    ("Caller said my name is Rosamund Quarle and asked for records.", "Rosamund Quarle"),
    # 4. form fields for a person
    ("Guarantor: Marek Solvang", "Marek Solvang"),
    ("Resident: Ilse Cathermoor", "Ilse Cathermoor"),
    ("Member: VANTREE, ODILE", "VANTREE, ODILE"),
    ("Insured: Perrin Hawksmede", "Perrin Hawksmede"),
    ("Parent/guardian: Sable Ruthwen", "Sable Ruthwen"),
    ("Patient name: first Liesl   last Marwood", "Liesl"),
    ("Patient name: first Liesl   last Marwood", "Marwood"),
    ("FIRST: Cadoc  LAST: Brennigan", "Cadoc"),
    ("FIRST: Cadoc  LAST: Brennigan", "Brennigan"),
    ("Claimant HOLLIN, MIREL", "HOLLIN, MIREL"),
    # (as OCR misreads the cue)
    ("Transcript: yeah lt's Ottilie Vandermast, I need a refill.", "Ottilie Vandermast"),
    ("Patient namc: first Liesl   last Marwood", "Marwood"),
    ("Spoke with case manager  Idris Quellbeck-Haro today.", "Idris Quellbeck-Haro"),
    # 6. a name before an e-mail address that contains it
    ("Case closed - Orsola (orsola.brenn@mailhost.example)", "Orsola"),
    ("Sent to TAVISH (tavish1984@mailhost.example) today.", "TAVISH"),
]

# a caller spelling the surname out after naming themself
SPELLED = [
    ("hi this is Nerys Calloway, that's c-a-l-l-o-w-a-y, call me back.", "c-a-l-l-o-w-a-y"),
    ("it's Nerys Calloway, C A L L O W A Y, thanks.", "C A L L O W A Y"),
]

# 5. a mailing block: the addressee's line above the street
MAILING = [
    ("STATEMENT DATE 01/02/2020\nBRIELLE HANNIGAR\n4410 W TORVALD LN\nFARRINGTON, OH 44101\n", "BRIELLE HANNIGAR"),
    ("Please remit to:\nOdo Penwarren\n12 Larkspur Road\nSpringfield, IL 62701\n", "Odo Penwarren"),
]

# (sentence, the words that must stay untagged)
NEGATIVES = [
    ("This is a good day for the patient.", "good"),
    ("It's been a long night, it's about the pain.", "long"),
    ("This is urgent, please call back.", "urgent"),
    ("This is the discharge plan.", "discharge"),
    ("It's my understanding she will come.", "understanding"),
    ("My name is on the consent form.", "consent"),
    ("Case manager aware and following.", "aware"),
    ("Case manager to follow for placement.", "placement"),
    ("Social worker consulted for resources.", "resources"),
    ("Guardian ad litem appointment pending.", "appointment"),
    ("Advocate present: none today.", "none"),
    ("Operator: unavailable, will retry.", "unavailable"),
    ("State v. Respondent hearing continued.", "hearing"),
    ("Member: Active", "Active"),
    ("Insured: Self", "Self"),
    ("Guarantor: Same as patient", "Same"),
    ("Resident: Medicine team", "Medicine"),
    ("Parent/guardian: Present at bedside", "Present"),
    ("First: Normal saline bolus", "Normal"),
    ("Case closed - Appeal (appeals@payer.example)", "Appeal"),
    ("As a matter of fact, pain improved.", "fact"),
    ("Questions in re: pain control and diet.", "pain"),
    ("This is Lasix 40 mg, not the home dose.", "Lasix"),
    ("This is ABX day 3 of 7.", "ABX"),
    ("Mass 3 cm Distal to the port site.", "Distal"),
    ("Estate of mind: calm, oriented.", "mind"),
    ("Tolerated well, Ward 4 bed open.", "Tolerated"),
    ("Patient name: first and last confirmed.", "confirmed"),
    ("Member Services, Plan Office", "Services"),
]

MAIL_NEGATIVES = [
    ("BILLING OFFICE\n4410 W TORVALD LN\nFARRINGTON, OH 44101\n", "BILLING OFFICE"),
    ("PATIENT ACCOUNTS\n12 Larkspur Road\nSpringfield, IL 62701\n", "PATIENT ACCOUNTS"),
    ("FERNHOLT COMMUNITY HOSPITAL\n12 Larkspur Road\nSpringfield, IL 62701\n", "COMMUNITY"),
    ("Blood pressure stable\n2 mg given\n", "stable"),
    ("Walk daily\n2 laps around the unit loop\n", "Walk daily"),
    ("MEDICAL RECORDS\n12 Larkspur Road\nSpringfield, IL 62701\n", "MEDICAL RECORDS"),
]


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_each_person_slot_is_named_in_every_case(text: str, phrase: str, case: str) -> None:
    assert _named(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), SPELLED)
@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_a_spelled_surname_is_named(text: str, phrase: str, case: str) -> None:
    assert _named(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), MAILING)
@pytest.mark.parametrize("case", ["m", "c"])
def test_a_mailing_blocks_first_line_is_named(text: str, phrase: str, case: str) -> None:
    assert _named(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_clinical_text_in_the_same_slots_is_untagged(text: str, phrase: str, case: str) -> None:
    assert not _tagged(text, phrase, case)


def _any_name(text: str, phrase: str, case: str) -> bool:
    """Any letter of ``phrase`` (in the sentence) lies in a NAME span."""
    doc, cased, start = _doc(text, phrase, case)
    at = doc.index(cased, start)
    return any(s.start < at + len(cased) and at < s.end for s in analyze(doc) if s.type is PhiType.NAME)


@pytest.mark.parametrize(("text", "phrase"), MAIL_NEGATIVES)
@pytest.mark.parametrize("case", ["m", "c"])
def test_a_department_or_facility_above_a_street_is_no_name(text: str, phrase: str, case: str) -> None:
    assert not _any_name(text, phrase, case)
