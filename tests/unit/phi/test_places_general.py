"""Places and names in the general forms notes write them, in every letter case (issue 11, helper ``places``).

Every sentence is hand-written and synthetic, with invented or ordinary names and towns: each row is a class of form
(a town after a verb of residence several words back, a part of a region, a cape, ...), checked in mixed case, in
capitals and in lowercase; the hard negatives put clinical words in the same positions.
"""

from __future__ import annotations

import pytest

from tests.unit.phi.test_general_forms import _FILL, _covered, _tagged

FORMS = [
    # a verb of residence earlier in the clause: the town after "in" is where someone lives
    ("She lives by herself in Revere and still drives.", "Revere"),
    ("Lives with her husband and two dogs in Dorrington.", "Dorrington"),
    ("Was vacationing in Brightwater when the rash began.", "Brightwater"),
    ("He is a Needham resident and a retired machinist.", "Needham"),
    # where someone lives, named with its residence noun
    ("Resides at Maple Court, an assisted living facility.", "Maple Court"),
    ("Lives in Fairmont Estates with her husband.", "Fairmont Estates"),
    ("Lives in senior housing at Cedar Commons.", "Cedar Commons"),
    ("Lives at Linden Towers senior apartments.", "Linden Towers"),
    # parts of a region and capes, which no dictionary of towns holds
    ("Her cousins drove in from the South Shore overnight.", "South Shore"),
    ("Spends summers on Cape Ann with the grandchildren.", "Cape Ann"),
    # facilities: a name built like a place's before a head noun, a head of two service words, "<name> Regional"
    ("Will go to Dogwood Nursing Home once insurance approves.", "Dogwood Nursing Home"),
    ("Arrived from Fernwood Health and Rehabilitation Center by ambulance.",
     "Fernwood Health and Rehabilitation Center"),
    ("Sent over from Tallis Regional with a troponin leak.", "Tallis Regional"),
    # where a patient is moved: a ward right after the move word, a building after a room number, initials after
    # "leave"
    ("Plan: transfer Brennerton 4 once the bed is clean.", "Brennerton"),
    ("Was transferred to 412 Vellacourt overnight for telemetry.", "Vellacourt"),
    ("Would have to leave BRH for the scan, then return.", " BRH "),
    # a second place after a facility and "and"; heads of practices and schools; an employer the broad clinical
    # lexicon holds as a rare word
    ("Evaluated by Cedar Rehab and Pellworth, awaiting a bed.", "Pellworth"),
    ("Her PCP is with Harrow Family Medicine.", "Harrow Family Medicine"),
    ("He coaches at Lincoln Elementary after work.", "Lincoln Elementary"),
    ("Works for Medtronic as an engineer.", "Medtronic"),
    ("Retired now, worked for Honest Motors for thirty years.", "Honest Motors"),
    ("She is an 88 year old woman from Phoenix, admitted overnight.", "Phoenix"),
    ("Was sent back from PMH after the scan.", " PMH "),
    ("She was seen at Oakmont Pulmonary Associates last spring.", "Oakmont Pulmonary Associates"),
    ("Outside slides from Kettering Pathology Lab reviewed.", "Kettering Pathology Lab"),
    ("Referred to Brightside Adult Day Center for respite.", "Brightside Adult Day Center"),
    ("Insurance: Harborview Health Plan, member for years.", "Harborview Health Plan"),
    # a street named without its number
    ("Her pharmacy is the one on Elm Ave near the bank.", "Elm Ave"),
    ("He lives off Quarry Road in a farmhouse.", "Quarry Road"),
    # the town of a street address, with or without a state, and a town that only ends like a tumour ("-oma")
    ("Lives at 40 Quarry Road, Salem, with her son.", "Salem"),
    ("Mail to 7 Pine Ln, Unit 2, Fernly, NH 03102", "Fernly"),
    ("Street address 310 Cobb Rd Tisbury VT 05401", "Tisbury"),
    ("Moved here from Sonoma last winter.", "Sonoma"),
    # names: a person spoken to, a relative named in brackets, a family by its surname, a name's partner after "and",
    # a person reporting
    ("The chaplain talked with Rosalind about the plan.", "Rosalind"),
    ("Left a message for Marguerite (sister) to call back.", "Marguerite"),
    ("The Castellano family is at the bedside.", "Castellano"),
    ("Visited by nephews Anders and Tobias.", "Tobias"),
    ("Health care proxies: niece Bettina and Rosalind.", "Rosalind"),
    ("Back from the store, Gerald says his mother ate lunch.", "Gerald"),
    ("Plan is discharge home.\n\nRegina Adeyemi, RN", "Regina Adeyemi"),
    ("Seen by Dr. English this morning.", "English"),
    ("Dr. Jordan aware of the potassium, will replete.", "Jordan"),
    # a letter's greeting and closing name a person, even one named like a state
    ("Hi Tuulikki,\nYour mother's results came back normal.", "Tuulikki"),
    ("Dear Georgia,\nThank you for the referral.", "Georgia"),
    ("See you Monday.\nThanks, Virginia\n", "Virginia"),
    # two words before a credential are the clinician's name even when no list holds the first; an aide by name
    ("Anesthesia: Vikram Sethuraman, CRNA", "Vikram Sethuraman"),
    ("Assistant: Kenzie Morrow, PA-C", "Kenzie Morrow"),
    ("Petronella Okonjo-Berg, RN", "Petronella Okonjo-Berg"),
    ("Home health aide Delphine visits daily.", "Delphine"),
]
# forms found only in some letter cases ("m"ixed, "c"apitals, "l"owercase): capitalised heads that are clinical
# words too, and parts of a region named by "Side" or "End"; capitalised words that hold a name after a move word; a
# rare word after a move word
CASED_FORMS = [
    # (where case tells nothing, "Dialysis" is a head after a word built like a place's name: branch `addr`)
    ("Dialysis three times weekly at Brookvale Dialysis.", "Brookvale Dialysis", "mcl"),
    ("Dialysis three times weekly at Corbel Dialysis.", "Corbel Dialysis", "m"),
    ("Grew up on the Upper West Side.", "Upper West Side", "m"),
    ("Transferred from Grand Bellamy after a fall.", "Grand Bellamy", "m"),
    ("EMS brought him from Shady Pines after a fall.", "Shady Pines", "m"),
    ("Came over from Whitestone with a GI bleed.", "Whitestone", "mcl"),
]
NEGATIVES = [
    ("Turned onto the left side for the dressing change.", "left side"),
    ("Lives alone in an apartment and manages her own meds.", "apartment"),
    ("Lives with her husband in senior housing.", "senior housing"),
    ("Lives at home with her husband and cat.", "home"),
    ("Lives in a house with stairs to the bedroom.", "house"),
    ("Staying with her brother, keys left in the blue bag.", "blue"),
    ("Feeding tube tip at the lower end of the stomach.", "lower end"),
    ("Post dialysis weight 71 kg, BP stable.", "Post dialysis"),
    ("Oliguric, dialysis planned for tomorrow via tunneled line.", "dialysis"),
    ("Seen in the Nephrology and Dialysis Clinic.", "Dialysis Clinic"),
    ("Referred to the Osteoporosis Clinic.", "Osteoporosis"),
    ("Regional anesthesia for the procedure.", "Regional"),
    ("Several family members visited over the weekend.", "Several"),
    ("Discussed with nsg supervisor re staffing.", "nsg"),
    ("Neurology consulted for tremor, EEG pending.", "tremor"),
    ("Cardiac output by Fick 4.9 L/min.", "Fick"),
    ("Back from angio at noon, right groin soft.", "angio"),
    ("Dr. Ostrowski met with family at bedside.", "family"),
    ("Cheyne-Stokes breathing overnight, apneic spells brief.", "Stokes"),
    ("Dressing soaked in 1/2 st peroxide twice daily.", "peroxide"),
    ("Morphine 2 mg SQ given with relief.", "given"),
    ("Second troponin 0.4, 3rd due at 2200.", "due"),
    ("Ran 2 beats of ST. Rhythm now stable.", "Rhythm"),
    ("Received oxycodonne 2tabs for pain.", "oxycodonne"),
    ("Transferred to the TSICU overnight for monitoring.", "TSICU"),
    ("Transferred to Cardiac Surgery for CABG.", "Cardiac Surgery"),
    ("Transferred to Step Down in the afternoon.", "Step Down"),
    ("Went to Church on Sunday with family.", "Church"),
    ("Attends Westbrook High School, 10th grade.", "Attends"),
    ("Evaluated by Hebrew Rehab and PT today.", "PT"),
    ("Seen at Mercy Hospital and discharged.", "discharged"),
    ("Seen by wound care, RN to follow daily.", "wound care"),
    ("Home health aide visits three times weekly.", "visits"),
    ("Family flew in from Jordan last night.", "Jordan"),
    ("Spent the summer in Virginia with family.", "Virginia"),
    ("Best practice is to wean slowly.", "Best"),
    ("Hi there, all set for discharge.", "there"),
    ("PMH: CHF, CAD and diabetes.", "PMH"),
    ("Came back from PT tired but in good spirits.", "PT"),
    ("Worked for the freight company until last year.", "freight"),
    ("Recheck labs in the morning, replete as needed.", "labs"),
    ("Paged the cath lab for the case.", "cath lab"),
    ("Referred to the Sleep Lab for a study.", "Sleep Lab"),
    ("Lives on a dirt road far from town.", "dirt road"),
    ("Was in traffic on the highway when it began.", "highway"),
    # languages and nationalities, ICU shorthand for rhythms and notes
    ("Speaks only Russian; son translates by phone.", "Russian"),
    ("Bilingual Spanish/English speaker.", "English"),
    ("Portuguese interpreter present for the exam.", "Portuguese"),
    ("Family speaks Haitian Creole at home.", "Haitian Creole"),
    ("Sinus brady in the 50s overnight.", "brady"),
    ("NPN 0700-1900\nNeuro: intact.", "NPN"),
]


def _cases(text: str) -> list[str]:
    return [text, text.upper(), text.lower()]


def _in_case(text: str, phrase: str, case: int | str) -> tuple[str, str]:
    """The sentence set between filler as a document, and the phrase, in one letter case (0 or "m": as written, 1 or
    "c": capitals, 2 or "l": lowercase)."""
    k = "mcl".index(case) if isinstance(case, str) else case
    return _cases(_FILL + text + "\n" + _FILL)[k], _cases(phrase)[k]


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_form_is_found_in_every_case(text: str, phrase: str, case: int) -> None:
    assert _covered(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "phrase", "cases"), CASED_FORMS)
def test_some_forms_are_found_only_where_letter_case_tells(text: str, phrase: str, cases: str) -> None:
    for case in "mcl":
        assert _covered(*_in_case(text, phrase, case)) == (case in cases), case


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_clinical_and_english_words_in_the_same_places_are_not_tagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged(*_in_case(text, phrase, case))
