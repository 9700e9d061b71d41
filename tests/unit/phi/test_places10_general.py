"""Places (helper ``places10``): a clinic's name opening a document's letterhead ("<name> Aesthetics | Treatment
Record"), ships named as where care happened, towns that name a race, towns in travel and rescue text, and
trailheads; and the clinical look-alikes in the same places.

Every sentence, clinic, ship, town and trail is invented for these tests.
"""

from __future__ import annotations

import pytest

from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _FILL, _cases, _in_case

# (text, phrase): every letter and digit of the phrase found, in mixed case, capitals and lowercase
FORMS = [
    # ships: a proper word and a ship's word after "aboard (the)", "MV", or before "(IMO ...)"
    ("Seen in the infirmary aboard the Pellacombe Serenade overnight.", "Pellacombe Serenade"),
    ("Fell on deck aboard Drumhallow Majesty.", "Drumhallow Majesty"),
    ("Evacuated from Kestrow Navigator (IMO 9876543) by tender.", "Kestrow Navigator"),
    ("Crew physician of MV Ostreth Explorer called.", "Ostreth Explorer"),
    # a town before a race's name after "at"
    ("Collapsed at the Varnleyton Turkey Trot near the finish.", "Varnleyton"),
    ("Syncope at Fort Brimwell Half Marathon, mile 11.", "Fort Brimwell"),
    ("Heat illness at Tollerbury 10K this morning.", "Tollerbury"),
    # towns after "disembarked at", "drove him from", "port of call"
    ("Disembarked at Kestrowport to fly home.", "Kestrowport"),
    ("Daughter drove her from Old Pellacombe today.", "Old Pellacombe"),
    ("Last port of call Drumhallowby, per wife.", "Drumhallowby"),
    # a proper word (and "Creek", "Gap" ...) before "Trailhead"; a proper word and a lake after "near"
    ("Vehicle found at Brimwell Creek Trailhead.", "Brimwell Creek Trailhead"),
    ("Hiker picked up at Ostreth Gap trailhead by EMS.", "Ostreth Gap trailhead"),
    ("Found down near Varnley Lake.", "Varnley Lake"),
]

# (text, phrase): nothing of the phrase found, in every case
NEGATIVES = [
    ("Aesthetics consult declined.", "Aesthetics"),
    ("Hyperbaric medicine consulted for wound.", "Hyperbaric medicine"),
    ("Pt ran a half marathon last year.", "half marathon"),
    ("Ran a 5K without chest pain.", "5K"),
    ("Trains for triathlon.", "triathlon"),
    ("Walked aboard the ship unassisted.", "ship"),
    ("MS flare with new weakness.", "MS flare"),
    ("Star of life sticker on chart.", "Star of life"),
    ("Son drove him from home.", "home"),
    ("Drove her from the clinic.", "the clinic"),
    ("Parked at the trailhead.", "trailhead"),
    ("Pain near right lake of the knee.", "right"),
]

# a document's first line (or a line of its own among the first three): the clinic's name found
LETTERHEADS = [
    ("Kestrow Dermatology & Laser | Treatment Record", "Kestrow Dermatology & Laser"),
    ("Pellacombe Aesthetics | Procedure Note", "Pellacombe Aesthetics"),
    ("Drumhallow Veterans Evaluation Services | Disability Benefits Questionnaire",
     "Drumhallow Veterans Evaluation Services"),
    ("Tollerby C&P Clinic - Exam Report", "Tollerby C&P Clinic"),
    ("Wound Care Treatment Record\nNorth Varnley Hyperbaric Medicine", "North Varnley Hyperbaric Medicine"),
    ("Brimwell Med Spa | Consent", "Brimwell Med Spa"),
    ("Ostreth Laser Center - Treatment Record", "Ostreth Laser Center"),
    ("Varnleyton Turkey Trot medical tent B", "Varnleyton"),
]

# a document's first line with a head but no proper word: nothing found
PLAIN_LETTERHEADS = [
    "Hyperbaric Medicine | Treatment Record",
    "Aesthetics - Procedure Note",
    "Dermatology & Laser | Consult Note",
    "Half Marathon medical tent 2",
    "Wound Care | Treatment Record",
]


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", "mcl")
def test_each_form_is_found_in_every_case(text: str, phrase: str, case: str) -> None:
    assert _covered(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", "mcl")
def test_look_alikes_stay_untagged(text: str, phrase: str, case: str) -> None:
    assert not _tagged(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("lines", "name"), LETTERHEADS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_a_clinic_in_a_letterhead_is_found(lines: str, name: str, case: int) -> None:
    text = _cases(lines + "\n" + _FILL)[case]
    assert _covered(text, _cases(name)[case])


@pytest.mark.parametrize("line", PLAIN_LETTERHEADS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_a_letterhead_without_a_proper_word_stays_untagged(line: str, case: int) -> None:
    text = _cases(line + "\n" + _FILL)[case]
    assert not _tagged(text, _cases(line)[case])


def test_the_race_words_are_not_taken_with_the_town() -> None:
    text = "Heat illness at the Varnleyton Turkey Trot today.\n" + _FILL
    assert _covered(text, "Varnleyton") and not _tagged(text, "Turkey Trot")


# a scan's misread cue words ("Dlsembarked", "thc" for "the")
OCR_FORMS = [
    ("Dlsembarked at Kestrowport to fly home.", "Kestrowport"),
    ("Collapsed at thc Varnleyton Turkey Trot.", "Varnleyton"),
    ("Vehicle found at Brimwell Creek Trai1head.", "Brimwell"),
    ("Seen aboard thc Pellacombe Serenadc overnight.", "Pellacombe"),
]


@pytest.mark.parametrize(("text", "phrase"), OCR_FORMS)
@pytest.mark.parametrize("case", "mcl")
def test_a_scans_misread_cue_still_finds_the_place(text: str, phrase: str, case: str) -> None:
    assert _covered(*_in_case(text, phrase, case))
