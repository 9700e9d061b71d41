"""Organisations and facilities, towns and initials (helper ``places9``): "Mount", "Lake", "Fort" opening a
facility's or a town's name; more heads after a proper word; initials opening a document's letterhead; "<name>
Regional" before a unit; initials and compound names after "at"; towns after "near" and "outside"; and the clinical
look-alikes in the same places.

Every sentence, facility, town and set of initials is invented for these tests.
"""

from __future__ import annotations

import pytest

from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _FILL, _cases, _in_case

# (text, phrase): every letter and digit of the phrase found, in mixed case, capitals and lowercase
FORMS = [
    # "Mount", "Lake", "Fort" and a proper word before a head, whatever English says of the word
    ("Referred to Mount Pellacombe Vision Center for new lenses.", "Mount Pellacombe Vision Center"),
    ("Mohs planned at Lake Drumhallow Dermatologic Surgery.", "Lake Drumhallow Dermatologic Surgery"),
    ("Refills picked up at Fort Kestrow Apothecary.", "Fort Kestrow Apothecary"),
    ("Audiogram done at Mount Ember Hearing Center.", "Mount Ember Hearing Center"),
    ("Evaluated at Mount Varnley Kidney Transplant Center.", "Mount Varnley Kidney Transplant Center"),
    ("PCP is with Mount Ostreth Family Physicians.", "Mount Ostreth Family Physicians"),
    ("Saw audiology at Mt. Brimwell Hearing Center.", "Mt. Brimwell Hearing Center"),
    # an opener and a proper word alone after a preposition, closing a clause
    ("Next group session 14 July at Mount Pellacombe.", "Mount Pellacombe"),
    ("Plans to move to Lake Tollerby, per daughter.", "Lake Tollerby"),
    # more heads after a proper word
    ("Consult note from Brimwell Addiction Medicine.", "Brimwell Addiction Medicine"),
    ("IVF cycle through Kestrow Reproductive Medicine.", "Kestrow Reproductive Medicine"),
    ("Trains with Varnley Home Dialysis Unit weekly.", "Varnley Home Dialysis Unit"),
    ("Send-out to Ostreth Clinical Reference Lab.", "Ostreth Clinical Reference Lab"),
    ("Released from Tollerby County Detention Center today.", "Tollerby County Detention Center"),
    ("Was held at Drumhallow Detention Center.", "Drumhallow Detention Center"),
    ("Works for Pellacombe Roofing LLC.", "Pellacombe Roofing LLC"),
    ("Enrolled at Kestrow Center for Weight Management.", "Kestrow Center for Weight Management"),
    ("Counseling with Brimwell & Ostreth Addiction Medicine.", "Brimwell & Ostreth Addiction Medicine"),
    # "<name> Regional" before a unit (the name and "Regional")
    ("Plan back-transfer to Drumhallowvale Regional Level II nursery.", "Drumhallowvale Regional"),
    ("Plan back-transfer to Kestrowdale Regional Leve1 II nurscry.", "Kestrowdale Regional"),  # (a scan's misreads)
    # a compound of two proper words after "at", closing a clause
    ("Staple removal in 10 days at Kestrow-Tollerby.", "Kestrow-Tollerby"),
    # towns after "near", "outside", "outside of"
    ("Found down near Brimwell by bystanders.", "Brimwell"),
    ("Grew up on a farm just outside of Tollerby.", "Tollerby"),
    ("MVC NEAR SAINT KESTROW, MILE MARKER 62", "SAINT KESTROW"),
    # a town (or "Lake" and a word) after a physician's name where a form's answer ends
    ("Under a physician's care? y - dr. brimwell, lake tollerby", "lake tollerby"),
    ("PCP: Dr. Ostreth, Varnley\nAllergies: none", "Varnley"),
    # a programme's initials after "at" with no vowel: initials in every case
    ("Weekly injections at XKQVZ.", "XKQVZ"),
]

# (text, phrase, cases): found only in those letter cases ("m" mixed, "c" capitals, "l" lowercase)
CASED_FORMS = [
    # a programme's initials after "at": in capitals (a lowercase word of five letters is as often a misspelling)
    ("Allergy shots Tue/Thu at QVRAI.", "QVRAI", "mc"),
    ("Continues dosing at QKAPT.", "QKAPT", "mc"),
    # a town after "near" and before "while": only capitalised (where case tells nothing, maybe a misspelt word)
    ("Tick bite near Dunbrisk while hiking.", "Dunbrisk", "m"),
]

# (text, phrase): nothing of the phrase found, in every case
NEGATIVES = [
    ("Unable to mount bike after surgery.", "mount bike"),
    ("Tried to mount stairs at therapy.", "mount stairs"),
    ("Went fishing at the lake.", "lake"),
    ("Fell 6 ft onto concrete at home.", "ft onto concrete"),
    ("Mount of venus bruising noted.", "Mount of venus"),
    ("Consult Addiction Medicine for withdrawal.", "Addiction Medicine"),
    ("Reproductive medicine consult placed.", "Reproductive medicine"),
    ("Plan home dialysis training.", "home dialysis"),
    ("Dermatologic surgery recommended for lesion.", "Dermatologic surgery"),
    ("Spiritual care visited family.", "Spiritual care"),
    ("Family physicians were notified.", "Family physicians"),
    ("Pain near incision site.", "incision site"),
    ("Pt lives outside the city.", "city"),
    ("Near syncope episode yesterday.", "syncope"),
    ("Transferred at Step-Down.", "Step-Down"),
    ("Meet at Pre-Op.", "Pre-Op"),
    ("Seen at PACU.", "PACU"),
    ("Regional anesthesia by block.", "Regional anesthesia"),
    ("Regional Level of care discussed.", "Regional Level"),
    ("Weight management center for obesity.", "Weight management center"),
]

# a document's first line: initials, a department, a dash or a bar, and the document's title (the initials found)
LETTERHEADS = [
    ("zhkp spiritual care - chaplain progress note", "zhkp"),
    ("QVMH Palliative Care | Consult Note", "QVMH"),
]

# a document's first line with no initials: nothing found
PLAIN_LETTERHEADS = [
    "Spiritual Care - Chaplain Progress Note",
    "NEURO ICU - Progress Note",
    "Bedside Nursing - Progress Note",
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


@pytest.mark.parametrize(("line", "initials"), LETTERHEADS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_initials_opening_a_letterhead_are_found(line: str, initials: str, case: int) -> None:
    text = _cases(line + "\n" + _FILL)[case]
    assert _covered(text, _cases(initials)[case])


@pytest.mark.parametrize("line", PLAIN_LETTERHEADS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_a_letterhead_without_initials_stays_untagged(line: str, case: int) -> None:
    text = _cases(line + "\n" + _FILL)[case]
    assert not _tagged(text, _cases(line)[case])


@pytest.mark.parametrize("answer", ["cardiology", "MD", "NP"])
def test_a_town_after_a_clinician_is_not_read_for_a_specialty(answer: str) -> None:
    """ "PCP: Dr. Kestrow, cardiology": a specialty or a credential after the comma is no town."""
    text = f"PCP: Dr. Kestrow, {answer}\n" + _FILL
    assert not _tagged(text, answer)


def test_a_first_name_after_a_clinician_stays_a_name() -> None:
    """ "PCP: Dr. Kestrow, Jane": the form's "Last, First", no town."""
    from phigate.phi import analyze

    text = "PCP: Dr. Kestrow, Jane\n" + _FILL
    at = text.index("Jane")
    assert all(s.type.name == "NAME" for s in analyze(text) if s.start <= at < s.end)
