"""Person names in the roles and forms notes write them, in every letter case (issue 11, helper ``names``).

Every sentence is hand-written and synthetic; the names are invented ("Tavro Quellin", "Orsel Vantry", "Imra") so
that no dictionary holds them and each is found from its context alone: a role or a form's label before it, a
credential in brackets after it, a letter's "Re:" and "Thank you,", the initials that sign a line. Each row gives
the letter cases it must hold in ("m"ixed, "c"apitals, "l"owercase); the hard negatives put clinical and English
words in the same places.
"""

from __future__ import annotations

import pytest

from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _in_case

# (sentence, the name that must be found, the letter cases it must be found in)
FORMS = [
    # roles a chart names people by, and form labels
    ("Admit to 4 West, hospitalist Tavro Quellin accepting.", "Tavro Quellin", "mcl"),
    ("Provider: Dr. Vantry, DDS   Hygienist: Imra\nCC: cracked molar.", "Imra", "mc"),
    ("Student: Tavro Quellin   Grade 4", "Tavro Quellin", "mcl"),
    ("Examining clinician: Orsel Vantry, PA-C", "Orsel Vantry", "mcl"),
    ("Prenatal care with CNM Orsel, uncomplicated.", "Orsel", "mc"),
    ("Arrived by car with FOB Tavro Quellin.", "Tavro Quellin", "mcl"),
    ("Baby Imra to the nursery, feeding well.", "Imra", "mc"),
    ("Crew: Quellin, Tavro (EMT-P), Vantry, Orsel (EMT-B).", "Orsel", "mcl"),
    ("Note written by Imra Quellin, RPh, after the call.", "Imra Quellin", "mcl"),
    # a name no list holds that only ends like a clinical word ("-oma", "-emia")
    ("Student: Teloma Quellin   Grade 4", "Teloma Quellin", "mcl"),
    ("Parent/guardian: Brasemia Vantry   Phone: 617-555-0101", "Brasemia Vantry", "mcl"),
    # a capitalised name one keystroke from an English word, after a role in a mixed-case note
    ("Lives alone; her neighbor Bastionn checks on her daily.", "Bastionn", "m"),
    ("Prenatal care with CNM Tresaure, uncomplicated.", "Tresaure", "m"),
    # a letter: whom it is about, and its closing
    ("Re: Tavro Quellin   DOB: 1/2/1950\n\nDear Dr. Vantry,", "Tavro Quellin", "mcl"),
    ("Could the dose be changed? Thank you, Imra\n", "Imra", "mc"),
    # therapists written in capitals before a name, a person spoken to, a person speaking
    ("Discussed with RT Quellin, who weaned the PEEP.", "Quellin", "m"),
    ("Spoke with Imra at length about goals of care.", "Imra", "m"),
    ("Weigh daily. Imra verbalized understanding.", "Imra", "mc"),
    # a form's "Last, First M": in capitals in a mixed-case note, with its middle initial where the field ends
    ("QUELLIN, IMRA T. was seen in clinic today.", "QUELLIN, IMRA T", "m"),
    ("PATIENT: QUELLIN, TAVRO K   MRN: 44556677", "QUELLIN, TAVRO K", "m"),
    ("Patient: Quellin, Imra A   Bed 12", "Quellin, Imra A", "mcl"),  # a middle initial that spells a stop word
    # initials: after a label, before a credential after a comma, a typist's after a slash alone on the line
    ("ED attending: Orsel Vantry, MD   Scribe: KT\n", "KT", "mc"),
    ("Prescriber signature: OV\n", "OV", "mc"),
    ("Verbalized understanding.\n-- KM, LPN\n", "KM", "mc"),
    ("Dictated by: Orsel Vantry, M.D.\nD: 11/12/19 00:29  T: 11/13/19 09:07\nOV/en\n", "OV/en", "m"),
    # initials that spell shorthand or a word where nothing else can stand: a label's, a typist's line, a sign-off
    ("ED attending: Orsel Vantry, MD   Scribe: DC\n", "DC", "mc"),
    ("Dictated by: Orsel Vantry, M.D.\nD: 11/12/19 00:29  T: 11/13/19 09:07\nAM/rl\n", "AM/rl", "m"),
    ("Verbalized understanding.\n-- km, lpn\n", "km", "ml"),
    # names before a credential in brackets, and a name introduced by its age after an obstetric history
    ("CREW: TAVRO QUELLIN (EMT-P), ORSEL VANTRY (EMT-B).", "ORSEL VANTRY", "mcl"),
    ("L&D ADMISSION NOTE\nImra Quellin, G2P1, 31 y/o at 39w2d by dates.", "Imra Quellin", "m"),
]
NEGATIVES = [
    ("Dictated by: Orsel Vantry, M.D.\nD: 11/12/19", "M.D"),
    ("Son asked questions re: kidney function, answered.", "kidney"),
    ("Tearful re worsening mobility today.", "worsening"),
    ("Walked the hall with OT. Lt foot swollen.", "Lt"),
    ("Daughter says pt once stated wishes for comfort care.", "once"),
    ("Cardiac exam: CHEST, ABDOMEN and LUNGS clear.", "CHEST, ABDOMEN"),
    ("Give meds IV/po as tolerated\nPO/iv\n", "PO/iv"),
    ("Safety discussed. SIGNED THE VISIT RECORD WITH THE AIDE.", "THE"),
    ("Variability moderate, accels present. Epidurale requested.", "Epidurale"),
    ("Cough, smoker, 40 years ago quit.", "smoker"),
    ("Seen by the intensivist Quellin, Imra adjusted pressors overnight.", "adjusted"),
    ("Handed over to the evening RN.\nHeparinn infusion paused at 0730.", "Heparinn"),  # a misspelling opening a line
    ("Evaluated by cardiollogy in the afternoon.", "cardiollogy"),
    ("Turned to rt side, OT to see tomorrow.", "side"),
    ("Baby aspirin daily, baby boy doing well.", "boy"),
    ("Stool FOB negative, no melena.", "negative"),
    ("Seen by hospitalist team, plan unchanged.", "team"),
    ("Crew: two paramedics and a driver.", "two"),
    ("Hx of cholecytsitis, s/p lap chole.", "cholecytsitis"),  # a misspelt clinical word keeps its ending's weight
]


@pytest.mark.parametrize(("text", "phrase", "cases"), FORMS)
def test_each_name_is_found_in_its_letter_cases(text: str, phrase: str, cases: str) -> None:
    for case in cases:
        assert _covered(*_in_case(text, phrase, case)), case


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_clinical_and_english_words_in_the_same_places_are_not_names(text: str, phrase: str, case: int) -> None:
    assert not _tagged(*_in_case(text, phrase, case))
