"""Names a label, an alias or a written text gives (helper ``names7``).

Written from general knowledge of how US charts, pharmacy and drug-testing records, intake forms and letters write
people, not from any note: a co-signer's initials before a slash and a signed name ("M.P. / Anselka Vorn, PharmD"),
initials between a role and what the person does ("SW JK aware"), a step's "by" before a bracket, a role and a name
alone in a table's cell, "ATTN:" and the labels of a drug test's custody form ("DER:", "(collector):"), an alias's
label ("AKA:", "a.k.a.", "prefers to be called", "goes by"), the text of a tattoo or a name tag, a thing's label
("Vial label:", "Wristband:"), lowercase names after a title. Every name and letter is invented. The hard negatives
put clinical words in the same slots: an above-knee amputation ("AKA"), a relative, a tattoo without text, a route.
"""

from __future__ import annotations

import pytest

from tests.unit.phi.test_names6_general import _named, _tagged

# (sentence, the name in it, the letter cases it is found in)
FORMS = [
    # a co-signer's initials before a slash and a signed name at a line's start
    ("M.P. / Anselka Vorn, PharmD, CACP", "M.P", "mc"),
    ("M.P. / Anselka Vorn, PharmD, CACP", "Anselka Vorn", "mcl"),
    ("hj / hollis quade, pharmd", "hj", "m"),
    ("VT / Ruthanne Quell, PharmD", "VT", "mc"),
    ("VT / Ruthanne Quell, PharmD", "Ruthanne Quell", "mcl"),
    ("KD / Morwenna T. Ashby, RN", "Morwenna T. Ashby", "mcl"),
    # a role and initials before what the person does; a step's "by" before a bracket; a table's cell
    ("Family tearful; on-call chaplain nt to follow.", "nt", "m"),
    ("Discussed discharge needs, SW JK aware.", "JK", "mc"),
    ("Case manager ZB following for placement.", "ZB", "mc"),
    ("Consent witnessed by OWO (double witness)", "OWO", "m"),
    ("| 0800 | RN Tali | meds given |", "Tali", "mc"),
    ("| 1400 | LPN Quenby | wound care |", "Quenby", "mc"),
    ("Embryologist: T.S.", "T.S", "mc"),
    # ATTN and a custody form's labels
    ("attn. Rogan Emberly, DON", "Rogan Emberly", "mcl"),
    ("ATTN: Marla Fenwicke, ADON", "Marla Fenwicke", "mcl"),
    ("DER: Rabea Quellmoor", "Rabea Quellmoor", "mcl"),
    ("STEP 4 (collector): Alenka Adewun, collected 10:42", "Alenka Adewun", "mcl"),
    ("(MRO): Osric Vennard", "Osric Vennard", "mcl"),
    ("Funeral director: Feyanna Ashgrove, license FD94505", "Feyanna Ashgrove", "mcl"),
    # an alias's value, whatever word it is
    ("AKA: Sister", "Sister", "mc"),
    ("AKA: DOT", "DOT", "mc"),
    ('Mother, a.k.a. "Nana", at bedside.', "Nana", "mcl"),
    ("Nickname: Pip", "Pip", "mc"),
    ('Also known as "Birdie" by staff.', "Birdie", "mcl"),
    ("Patient goes by Bitsy at home.", "Bitsy", "mcl"),
    ("She prefers to be called Tink.", "Tink", "mcl"),
    ("Likes to be called Moxie by the nurses.", "Moxie", "mcl"),
    # a tattoo's or a name tag's text
    ("TATTOOS: L forearm, script - Sergius", "Sergius", "mcl"),
    ('Tattoo on chest reading "Marisol"', "Marisol", "mcl"),
    ("Tattoo R wrist reads Quillon", "Quillon", "mc"),
    ("Name tag read Tobias.", "Tobias", "mcl"),
    ("Tattoo L arm, name Quillon", "Quillon", "mcl"),
    ("Collector: Alenka Adewun", "Alenka Adewun", "mcl"),
    # a thing's label; a title before lowercase names
    ("Vial label: OAKEN, PRIMA / DOB 03/04/1960", "OAKEN, PRIMA", "mc"),
    ("Wristband: QUELLMOOR, RABEA", "QUELLMOOR, RABEA", "mc"),
    ("Spiritual care: rev. liesbeth quintan visits weekly.", "liesbeth quintan", "m"),
]


@pytest.mark.parametrize(("text", "name", "cases"), FORMS)
def test_each_form_is_named_in_its_letter_cases(text: str, name: str, cases: str) -> None:
    for case in cases:
        assert _named(text, name, case), (case, text, name)


# (sentence, a phrase in it that is no one's name): clinical text in the same slots, in every letter case
HARD_NEGATIVES = [
    ("Hx: R AKA 2015, L BKA 2018. AKA stump healing well.", "AKA stump"),
    ("s/p L AKA amputation, prosthesis fitting next week", "AKA amputation"),
    ("Sister at bedside, updated on plan.", "Sister"),
    ("Multiple tattoos, script tattoo R arm, no text legible.", "script tattoo"),
    ("Tattoo: tribal design on back, text illegible.", "tribal design"),
    ('Tattoo on L forearm reads "Mom" with a rose.', "Mom"),
    ("RN to call MD with results.", "RN to call"),
    ("Meds given by PO this morning.", "PO"),
    ("Pt goes by wheelchair to radiology.", "wheelchair"),
    ("Transport goes by bus to dialysis.", "bus"),
    ("He prefers to be called by his first name.", "his first name"),
    ("Nickname: none given", "none given"),
    ("Attn: Medical Records Department", "Medical Records"),
    ("Bracelet reads DNR, allergy to PCN.", "DNR"),
    ("| 0900 | RN Assessment | complete |", "Assessment"),
    ("| RN Notified | yes |", "Notified"),
    ("IV / PO, MD aware", "IV / PO"),
    ("RN / LPN, CNA coverage overnight", "RN / LPN"),
    ("MD is aware. MD now aware of results.", "now"),
    ("Verified by MRI (see report).", "MRI"),
    ("s/p L hip rev planned for spring.", "planned"),
    ("Specimen label: blood, lavender top", "blood"),
    ("Bag label: keep refrigerated", "keep refrigerated"),
    ("(donor): negative", "negative"),
    ("Tattoo with daughters name on arm", "name on arm"),
    ("Tattoo: names of children on back", "names of children"),
    ("Collector: Lab staff", "Lab staff"),
    ("AKA: s/p 2019, healed", "s/p"),
    ("AKA: bilateral, wheelchair bound", "bilateral"),
    ("AKA: left, 2019", "left"),
    ("Director: Medical Records", "Medical Records"),
    ("Medical Director: Nursing Services", "Nursing Services"),
]


@pytest.mark.parametrize(("text", "phrase"), HARD_NEGATIVES)
def test_clinical_look_alikes_stay_clean(text: str, phrase: str) -> None:
    for case in "mcl":
        assert not _tagged(text, phrase, case), (case, text, phrase)


def test_a_signers_credentials_are_not_names() -> None:
    for text in ("spi: Y.E., RN, CSPI", "ATTN: Marla Fenwicke, ADON", "M.P. / Anselka Vorn, PharmD, CACP",
                 "Reviewed by Q.W., PharmD, BCPS"):
        for case in "mc":
            cred = text.rsplit(", ", 1)[1]
            assert not _tagged(text, cred, case), (case, text)
